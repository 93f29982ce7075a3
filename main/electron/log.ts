/** The shell's diagnostics go to stderr with a prefix, like the core's. */
export type Log = (level: 'info' | 'warn' | 'error', message: string, extra?: unknown) => void;

export const log: Log = (level, message, extra) => {
  if (extra === undefined) console[level](`[electron] ${message}`);
  else console[level](`[electron] ${message}`, extra);
};
