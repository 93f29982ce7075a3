/**
 * A real Redis for the tests and `npm run cluster`: `redis-server` (Debian package `redis-server`, found on PATH or at
 * OPENCABINET_REDIS_SERVER) on loopback, without persistence, in a temporary folder that
 * is removed when it stops.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitFor } from './ports';
import { firstExecutable, onPath, stopOnce, type LocalService } from './process';

export const redisServerBin = process.env.OPENCABINET_REDIS_SERVER ?? firstExecutable(onPath('redis-server', ['/usr/bin', '/usr/local/bin']));

/** Why Redis tests cannot run here, or null when they can. */
export function redisUnavailable(): string | null {
  return redisServerBin ? null : ('redis-server not found on PATH (apt-get install redis-server, or set OPENCABINET_REDIS_SERVER)');
}

export interface LocalRedis extends LocalService {
  port: number;
}

/** `port`: start again where a stopped one listened (tests of Redis coming back); default a free one. */
export async function startRedis(opts: { port?: number } = {}): Promise<LocalRedis> {
  const missing = redisUnavailable();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oc-redis-'));
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = opts.port ?? (await freePort());
    const proc = spawn(
      redisServerBin!,
      ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true /* own process group: a terminal's Ctrl-C must not stop it under the nodes still using it */ },
    );
    let log = '';
    proc.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    proc.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const ready = await Promise.race([
      waitFor(async () => {
        const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        // Refused connections before the server listens are expected; the probe's rejection says so.
        r.on('error', () => {});
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } finally {
          r.disconnect();
        }
      }, 20_000).then(() => true),
      exited.then(() => false),
    ]).catch(() => false);
    if (!ready) {
      proc.kill('SIGKILL');
      if (attempt === 2) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`redis-server did not start: ${log.slice(-2000)}`);
      }
      continue;
    }
    return { url: `redis://127.0.0.1:${port}`, port, stop: stopOnce(proc, exited, dir, 5000) };
  }
  throw new Error('unreachable');
}
