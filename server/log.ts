export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, msg: string, extra?: Record<string, unknown>) => void;

export const consoleLog: Log = (level, msg, extra) => {
  if (level === 'debug' && !process.env.OPENCABINET_DEBUG) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${msg}${extra ? ' ' + JSON.stringify(extra) : ''}`;
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
};

export const silentLog: Log = () => {};
