/**
 * Every vitest file fails if a promise rejection or an exception escaped while it ran —
 * in a test, in a hook, or in a timer a teardown left behind — not only when Vitest's own
 * report happens to catch it. The test that closes a core while a batch is in flight is
 * exactly where such an error hides: it surfaces after the test has passed.
 */
import { afterAll } from 'vitest';

const escaped: unknown[] = [];
const record = (err: unknown) => void escaped.push(err);
process.on('unhandledRejection', record);
process.on('uncaughtException', record);

afterAll(async () => {
  // Give work that a teardown ended a few turns of the event loop to show what it left.
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
  process.off('unhandledRejection', record);
  process.off('uncaughtException', record);
  if (escaped.length) {
    const lines = escaped.map((e) => (e instanceof Error ? (e.stack ?? e.message) : String(e)));
    throw new Error(`${escaped.length} error(s) escaped (unhandled rejection or uncaught exception):\n${lines.join('\n---\n')}`);
  }
});
