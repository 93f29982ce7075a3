/**
 * What the local services that run as one child process (Redis, HAProxy) share: finding
 * the binary, and stopping the process once, its temporary folder removed with it.
 */
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import path from 'node:path';

/** A service started here for the tests or the local cluster: where to reach it, and how to stop it (its folder removed). */
export interface LocalService {
  url: string;
  stop(): Promise<void>;
}

/** The first candidate that is an executable file, or null. */
export function firstExecutable(candidates: readonly (string | undefined)[]): string | null {
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return null;
}

/** `name` in each folder of PATH, then in each of `more`. */
export function onPath(name: string, more: readonly string[] = []): string[] {
  return (process.env.PATH ?? '').split(path.delimiter).concat(more).map((dir) => path.join(dir, name));
}

/**
 * `stop` for a service: SIGTERM (then SIGKILL after `killAfterMs`, when given), wait for
 * the exit, remove `dir`; called again, it returns the first call's promise. Until then
 * the process is killed if this one exits without stopping it.
 */
export function stopOnce(proc: ChildProcess, exited: Promise<void>, dir: string, killAfterMs?: number): () => Promise<void> {
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopped: Promise<void> | null = null;
  return () =>
    (stopped ??= (async () => {
      process.off('exit', killOnExit);
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        const timer = killAfterMs === undefined ? null : setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
        await exited;
        if (timer) clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    })());
}
