export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, msg: string, extra?: Record<string, unknown>) => void;

const debugOn = () => !!process.env.OPENCABINET_DEBUG;

/** For a person at a terminal: `time LEVEL message {extra}`. */
export const consoleLog: Log = (level, msg, extra) => {
  if (level === 'debug' && !debugOn()) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${msg}${extra ? ' ' + JSON.stringify(extra) : ''}`;
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
};

/**
 * For a log collector (several nodes, issue 13): one JSON object per line on stdout,
 * `{"time","level","msg","node",...extra}`. An `extra` field named like a fixed key is
 * kept as `_<name>`, so it can never pass for the real one.
 */
const fixedKeys = new Set(['time', 'level', 'msg', 'node']);

export function jsonLog(node: string | null = null, write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Log {
  return (level, msg, extra) => {
    if (level === 'debug' && !debugOn()) return;
    const fields: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
    if (node) fields.node = node;
    for (const [k, v] of Object.entries(extra ?? {})) fields[fixedKeys.has(k) ? `_${k}` : k] = v;
    write(JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : typeof v === 'bigint' ? v.toString() : v)));
  };
}

export const silentLog: Log = () => {};

/** A URL safe to log or show: the password, if any, replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}
