/**
 * The conference the storm benchmarks (check-in, ballots) run against: a server process
 * started from the build with `n` demo delegates, everyone signed in through the real login
 * endpoint, and — once the benchmark has set the meeting up — observers on `live/<id>`:
 * protocol clients (devices in the hall watching the count) and one full replica.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { startProcess, stopProcess } from './harness';
import { ProtocolClient } from './protocol-client';
import { loginMany } from './tokens';

/** utime + stime of a process in ms, from /proc (Linux); null elsewhere. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux.
  } catch {
    return null;
  }
}

/** The user id behind each token, through the real session endpoint. */
export async function userIds(url: string, tokens: string[], concurrency = 16): Promise<string[]> {
  const ids = new Array<string>(tokens.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tokens.length) {
        const i = next++;
        const r = await fetch(`${url}/api/session`, { headers: { authorization: `Bearer ${tokens[i]}` } });
        if (!r.ok) throw new Error(`session ${i}: ${r.status}`);
        ids[i] = ((await r.json()) as { user: { id: string } }).user.id;
      }
    }),
  );
  return ids;
}

/**
 * Seeds and starts the server, signs in `staff` (their tokens in that order) and the `n`
 * delegates. `name` labels the progress lines and the data folder. With `databaseUrl` the
 * server keeps everything in that (empty) PostgreSQL database instead of its embedded SQLite
 * (the data folder still holds the blobs). Call `close` when done, whatever happened; it
 * resolves once the server process has exited, so a database under it can be stopped next.
 */
export async function startConference(name: string, n: number, staff: string[], opts: { databaseUrl?: string } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `oc-bench-${name}-`));
  console.log(`${name}: seeding a conference of ${n} delegates${opts.databaseUrl ? ' on PostgreSQL' : ''}…`);
  const store = opts.databaseUrl ? ['--database-url', opts.databaseUrl] : [];
  const server = await startProcess(['out/server/cli.js', '--data', dataDir, '--port', '0', ...store, '--demo', '--demo-size', String(n)], /(http:\/\/127\.0\.0\.1:\d+)/);
  const observers: ProtocolClient[] = [];
  let full: WebsocketProvider | null = null;
  const close = async () => {
    for (const o of observers) o.close();
    full?.destroy();
    // SIGTERM drains (no grace by default); a server stuck in it must not hold the run up.
    await stopProcess(server.child, 10_000);
  };
  try {
    const url = server.url;
    const width = String(n).length;
    const delegates = Array.from({ length: n }, (_, i) => `delegate${String(i + 1).padStart(width, '0')}`);
    const staffTokens = await loginMany(url, staff);
    const meetings = (await fetch(`${url}/api/meetings`, { headers: { authorization: `Bearer ${staffTokens[0]}` } }).then((r) => r.json())) as { meetings: { id: string; status: string }[] };
    const meetingId = (meetings.meetings.find((m) => m.status !== 'closed') ?? meetings.meetings[0]!).id;
    console.log(`${name}: signing in ${n} delegates…`);
    const tokens = await loginMany(url, delegates);
    const ids = await userIds(url, tokens);

    /** The first `count` delegates watch `live/<id>`, and `fullToken`'s replica decodes it. */
    const watchLive = async (count: number, fullToken: string) => {
      const syncUrl = url.replace('http', 'ws') + '/sync';
      const docName = `live/${meetingId}`;
      for (let i = 0; i < count; i += 50) {
        await Promise.all(tokens.slice(i, Math.min(count, i + 50)).map((t) => new Promise<void>((resolve) => observers.push(new ProtocolClient(`${syncUrl}/${docName}?token=${t}`, resolve)))));
      }
      const doc = new Y.Doc();
      const replica = new WebsocketProvider(syncUrl, docName, doc, { params: { token: fullToken }, WebSocketPolyfill: WebSocket as never, disableBc: true });
      full = replica;
      await new Promise<void>((r) => (replica.synced ? r() : replica.once('sync', () => r())));
      return { observers, doc };
    };
    return { url, serverPid: server.child.pid!, meetingId, staffTokens, tokens, ids, watchLive, close };
  } catch (err) {
    await close();
    throw err;
  }
}
