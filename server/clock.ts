/**
 * The room's clock: what the server takes as "now" for task deadlines, progress reports
 * and completions. In production it is the system clock, always. End-to-end tests that
 * need "a task completed after its deadline" cannot wait days, so the server CLI accepts
 * `--clock-file <path>` (and nothing else turns this on: no environment variable, no
 * config file): the file holds either an ISO instant (the clock reads that instant,
 * frozen) or a signed number of milliseconds added to the system clock ("172800000" =
 * two days ahead). An empty or missing file is the system clock. Every change of the
 * file's value is logged as a warning.
 */
import fs from 'node:fs';
import type { Log } from './log';

/** Milliseconds since the epoch, like Date.now. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Parses the file's text: an ISO instant, a millisecond offset, or '' (none). */
export function parseClockText(text: string): { at: number } | { offset: number } {
  const s = text.trim();
  if (s === '') return { offset: 0 };
  if (/^[+-]?\d+$/.test(s)) return { offset: Number(s) };
  const at = Date.parse(s);
  if (Number.isNaN(at)) throw new Error(`The clock file says "${s.slice(0, 80)}": neither an ISO date and time nor a number of milliseconds.`);
  return { at };
}

/**
 * A clock read from a file, re-read when the file changes (by size and mtime). Test only:
 * see the module comment. A file that cannot be parsed keeps the last good value.
 */
export function fileClock(file: string, log: Log): Clock {
  let key = '';
  let value: { at: number } | { offset: number } = { offset: 0 };
  const load = () => {
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(file);
    } catch {
      stat = null;
    }
    const next = stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
    if (next === key) return;
    key = next;
    try {
      value = stat ? parseClockText(fs.readFileSync(file, 'utf8')) : { offset: 0 };
      log('warn', 'TEST CLOCK changed: the server’s time for tasks is now', { file, ...value, now: new Date(read()).toISOString() });
    } catch (err) {
      log('error', 'TEST CLOCK file not understood; keeping the previous time', { file, error: err instanceof Error ? err.message : String(err) });
    }
  };
  const read = () => ('at' in value ? value.at : Date.now() + value.offset);
  return () => {
    load();
    return read();
  };
}
