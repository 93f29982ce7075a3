/**
 * What the PostgreSQL and Redis test services share: a free loopback port, waiting for
 * readiness, and the rule for a missing binary (skip with the reason, unless the run
 * demands the services: OPENCABINET_REQUIRE_SERVICES=1, as CI sets once it installs them).
 */
import { createServer } from 'node:net';

export function missingServiceReason(why: string): string {
  if (process.env.OPENCABINET_REQUIRE_SERVICES === '1') {
    throw new Error(`OPENCABINET_REQUIRE_SERVICES=1 but ${why}.`);
  }
  return why;
}

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
