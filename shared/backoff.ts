/**
 * How long a retry loop waits before its next try: "full jitter" (a random wait between
 * zero and an exponentially growing ceiling). When a server restarts, 3,152 devices that
 * lost it at the same moment must not all come back at the same moment, and a fixed
 * schedule (500 ms, 1 s, 2 s…) keeps them in lockstep forever.
 */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.floor(random() * ceiling);
}
