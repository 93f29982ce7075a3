/**
 * What the local services (PostgreSQL, Redis, HAProxy; scripts/services/) share: a free
 * loopback port and waiting for readiness. Used by the tests and by `npm run cluster`.
 */
import { createServer } from 'node:net';

/** A port nobody listens on right now (the caller must still cope with losing a race for it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Calls `probe` until it resolves truthy; rejects with its last error after `timeoutMs`. */
export async function waitFor(probe: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
