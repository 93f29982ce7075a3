/**
 * Draining a node (SIGTERM): stop being chosen, let the balancer notice, then stop
 * accepting, flush the live documents and the records service's pending writes, close every sync
 * socket with "try again", and exit. Devices reconnect — to this address once a node is
 * back behind it, or to the next one they know.
 *
 * The order matters: /api/ready turns 503 first and stays so for `graceMs` (about two
 * health-check intervals of the balancer), so no new client is sent here while the node
 * closes; a single node without a balancer uses 0.
 */
import type { Log } from '../log';
import type { DrainState } from './ready';

/**
 * Close code for sockets of a node going away: 1012 "Service Restart" (RFC 6455 registry).
 * Not in 4400–4499, so y-websocket and the desktop core (main/core/replica.ts) reconnect.
 */
export const tryAgainCloseCode = 1012;
export const tryAgainReason = 'The server is restarting. Connect again.';

export interface Drainable {
  /** Stops accepting, flushes, closes sockets and the store (RunningServer.close). */
  close(): Promise<void>;
}

export interface DrainOptions {
  /** How long to answer "not ready" before closing (default 0). */
  graceMs?: number;
  log: Log;
}

/** Drains once; later calls return the first drain's promise. */
export function drainer(server: Drainable, state: DrainState, opts: DrainOptions): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () =>
    (running ??= (async () => {
      state.begin();
      const graceMs = opts.graceMs ?? 0;
      opts.log('info', 'draining: this node reports not ready and will close', { graceMs });
      if (graceMs > 0) await new Promise((r) => setTimeout(r, graceMs));
      await server.close();
    })());
}

export interface SignalOptions {
  signals?: readonly NodeJS.Signals[];
  /** After this long the process exits anyway, with status 1 (default 30 s). */
  hardLimitMs?: number;
  exit?: (code: number) => void;
  log: Log;
  /** The process to listen on; a fake in tests. */
  proc?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/**
 * On the first SIGTERM/SIGINT: drain, then exit 0 (1 if the drain failed or ran past the
 * hard limit). A second signal exits at once with 1: someone wants it gone now.
 * Returns a function that removes the handlers.
 */
export function exitOnSignal(drain: () => Promise<void>, opts: SignalOptions): () => void {
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const proc = opts.proc ?? process;
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) {
      opts.log('warn', 'second signal while draining: exiting now', { signal });
      exit(1);
      return;
    }
    started = true;
    opts.log('info', 'signal received: draining', { signal });
    const limit = setTimeout(() => {
      opts.log('error', 'drain did not finish in time: exiting anyway', { hardLimitMs: opts.hardLimitMs ?? 30_000 });
      exit(1);
    }, opts.hardLimitMs ?? 30_000);
    limit.unref();
    drain().then(
      () => {
        clearTimeout(limit);
        exit(0);
      },
      (err: Error) => {
        clearTimeout(limit);
        opts.log('error', 'drain failed', { error: err.message });
        exit(1);
      },
    );
  };
  for (const s of signals) proc.on(s, handler);
  return () => {
    for (const s of signals) proc.off(s, handler);
  };
}
