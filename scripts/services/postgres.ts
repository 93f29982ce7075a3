/**
 * A real PostgreSQL for the tests and `npm run cluster`: a fresh cluster in a temporary folder, listening on loopback
 * only, stopped and removed afterwards. Uses the Debian package's binaries
 * (`postgresql-15`: /usr/lib/postgresql/15/bin, or OPENCABINET_PG_BIN).
 *
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
 * account the package creates (the folder is handed to it and initdb/postgres run under its
 * uid); as any other user it runs as that user.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, waitFor } from './ports';
import type { LocalService } from './process';

/** The newest PostgreSQL Debian installed (15 on bookworm), unless OPENCABINET_PG_BIN says otherwise. */
function debianPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  return path.join(root, versions[0] ?? '15', 'bin');
}
export const postgresBinDir = process.env.OPENCABINET_PG_BIN ?? debianPostgresBin();

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function postgresUnavailable(): string | null {
  for (const bin of ['initdb', 'postgres']) {
    if (!existsSync(path.join(postgresBinDir, bin))) {
      return (`${path.join(postgresBinDir, bin)} not found (apt-get install postgresql-15, or set OPENCABINET_PG_BIN)`);
    }
  }
  if (process.getuid?.() === 0 && !postgresAccount()) {
    return ('running as root but there is no "postgres" account to run the database as (the postgresql package creates it)');
  }
  return null;
}

export interface LocalPostgres extends LocalService {
  /** The cluster's admin connection (database `postgres`). */
  url: string;
  port: number;
  /** A new empty database of its own, for one test. */
  createDatabase(): Promise<string>;
  /** Stops the server but keeps its data, as a restart or failover does; `resume` starts it again on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

function postgresAccount(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

const user = 'opencabinet';

export async function startPostgres(): Promise<LocalPostgres> {
  const missing = postgresUnavailable();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oc-pg-'));
  const data = path.join(dir, 'data');
  const socketDir = path.join(dir, 'sock');
  mkdirSync(socketDir);
  const account = process.getuid?.() === 0 ? postgresAccount() : null;
  if (account) {
    chownSync(dir, account.uid, account.gid);
    chownSync(socketDir, account.uid, account.gid);
  }
  const asOwner = account ? { uid: account.uid, gid: account.gid } : {};
  // A HOME the owner can read: initdb and postgres look for files there.
  const env = { ...process.env, HOME: dir, LC_ALL: 'C.UTF-8' };

  try {
    execFileSync(
      path.join(postgresBinDir, 'initdb'),
      ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
      { ...asOwner, env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`initdb failed: ${e.stderr?.toString() || e.message}`);
  }

  let log = '';
  /** Starts the postmaster on `port` over the data folder; null when it did not come up. */
  const launch = async (port: number): Promise<ChildProcess | null> => {
    const proc = spawn(
      path.join(postgresBinDir, 'postgres'),
      [
        '-D', data, '-p', String(port), '-k', socketDir,
        '-c', 'listen_addresses=127.0.0.1',
        // A throwaway cluster: durability costs only time here.
        '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
        '-c', 'max_connections=200',
      ],
      { ...asOwner, env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true /* own process group: a terminal's Ctrl-C must not stop it under the nodes still using it */ },
    );
    log = '';
    proc.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    proc.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const ready = await Promise.race([
      waitFor(async () => {
        const c = new pg.Client({ host: '127.0.0.1', port, user, database: 'postgres' });
        try {
          await c.connect();
          await c.query('SELECT 1');
          return true;
        } finally {
          await c.end().catch(() => {});
        }
      }, 30_000).then(() => true),
      exited.then(() => false),
    ]).catch(() => false);
    if (ready) return proc;
    proc.kill('SIGKILL');
    return null;
  };

  let child: ChildProcess | null = null;
  let port = 0;
  // The free port can be taken between finding and binding it; try again with another.
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    child = await launch(port);
  }
  if (!child) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${log.slice(-2000)}`);
  }
  let running: ChildProcess = child;
  const exitOf = (p: ChildProcess) => new Promise<void>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve() : p.once('exit', () => resolve())));
  // If the test process goes away without stop(), do not leave a postmaster behind.
  const killOnExit = () => running.kill('SIGQUIT');
  process.once('exit', killOnExit);
  /** Fast shutdown (SIGINT): ends sessions, no checkpoint wait worth having for a throwaway. */
  const shutDown = async () => {
    const exited = exitOf(running);
    running.kill('SIGINT');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const url = `postgres://${user}@127.0.0.1:${port}/postgres`;
  let n = 0;
  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    async createDatabase() {
      const name = `t${process.pid}_${++n}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `postgres://${user}@127.0.0.1:${port}/${name}`;
    },
    async pause() {
      await shutDown();
    },
    async resume() {
      const again = await launch(port);
      if (!again) throw new Error(`PostgreSQL did not start again: ${log.slice(-2000)}`);
      running = again;
    },
    stop() {
      return (stopped ??= (async () => {
        process.off('exit', killOnExit);
        await shutDown();
        rmSync(dir, { recursive: true, force: true });
      })());
    },
  };
}
