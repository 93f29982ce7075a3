/**
 * A real HAProxy for the tests and `npm run cluster` (Debian package `haproxy`, /usr/sbin/haproxy or on PATH, or
 * OPENCABINET_HAPROXY), in the foreground with a generated configuration in a temp folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { haproxyConfig, type HaproxyOptions } from '../../server/ops/haproxy';
import { freePort, waitFor } from './ports';
import { firstExecutable, onPath, stopOnce, type LocalService } from './process';

export const haproxyBin = firstExecutable([process.env.OPENCABINET_HAPROXY, '/usr/sbin/haproxy', ...onPath('haproxy')]);

export function haproxyUnavailable(): string | null {
  return haproxyBin ? null : ('haproxy not found (apt-get install haproxy, or set OPENCABINET_HAPROXY)');
}

export interface LocalHaproxy extends LocalService {
  config: string;
}

export async function startHaproxy(opts: Omit<HaproxyOptions, 'bindHost' | 'bindPort'>): Promise<LocalHaproxy> {
  const missing = haproxyUnavailable();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oc-haproxy-'));
  const port = await freePort();
  const config = haproxyConfig({ ...opts, bindHost: '127.0.0.1', bindPort: port });
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  // The configuration must be valid before anything else is judged.
  execFileSync(haproxyBin!, ['-c', '-q', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = spawn(haproxyBin!, ['-db', '-f', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true /* own process group: a terminal's Ctrl-C must not stop it under the nodes still using it */ });
  let log = '';
  proc.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const stop = stopOnce(proc, exited, dir);
  try {
    await waitFor(
      () =>
        new Promise<boolean>((resolve, reject) => {
          if (proc.exitCode !== null) return reject(new Error(`haproxy exited: ${log}`));
          const s = net.connect(port, '127.0.0.1', () => {
            s.destroy();
            resolve(true);
          });
          s.on('error', () => resolve(false));
        }),
      10_000,
    );
  } catch (err) {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`haproxy did not start: ${(err as Error).message} ${log}`);
  }
  return { url: `http://127.0.0.1:${port}`, config, stop };
}
