import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder per test so no two tests share a database or a device. */
export function tempDir(prefix = 'oc-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function waitUntil<T>(
  fn: () => T | Promise<T>,
  what: string,
  { timeoutMs = 10_000, intervalMs = 25 } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The demo's current meeting in a meeting list: the demo also seeds a closed meeting from
 * earlier in the year (with its follow-up tasks), which tests of the room must not pick.
 */
export function currentMeeting<M extends { id: string; status: string }>(meetings: readonly M[]): M {
  const m = meetings.find((x) => x.status !== 'closed') ?? meetings[0];
  if (!m) throw new Error('The meeting list is empty.');
  return m;
}
