import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { MeetingStatus } from '../../../shared/meeting-enums';
import type { MeetingRole } from '../../../shared/roles';
import { hashPassword, startServer, type RunningServer, type StartServerOptions } from '../../../server/app';
import type { Store, UserRecord } from '../../../server/store/types';
import { databaseUrlFor } from '../../support/test-store';
import { closeAfter } from '../../support/close-after';

export const password = 'correct horse battery staple';
let hashOnce: Promise<string> | null = null;

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'opencabinet-server-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A server on `dataDir`; on the `postgres` test leg its store is a PostgreSQL database of its own (test-store.ts). */
export async function start(dataDir: string, opts: Partial<StartServerOptions> = {}): Promise<RunningServer> {
  const databaseUrl = opts.databaseUrl ?? (await databaseUrlFor(dataDir));
  return startServer({ dataDir, port: 0, log: () => {}, ...opts, ...(databaseUrl ? { databaseUrl } : {}) });
}

/** A server on `dataDir` for one test: started, given to `fn`, and closed after it whatever happens. */
export async function withServer<T>(dataDir: string, fn: (server: RunningServer) => Promise<T>): Promise<T> {
  return closeAfter(await start(dataDir), (s) => s.close(), fn);
}

/** A temporary data folder for the tests of a file (or of the describe it is called in): made before them, removed after them. */
export function tempDirForFile(): { readonly dir: string } {
  let made: Awaited<ReturnType<typeof tempDir>> | undefined;
  beforeAll(async () => {
    made = await tempDir();
  });
  afterAll(async () => made?.remove());
  return {
    get dir() {
      if (!made) throw new Error('The data folder is made before the tests run: read it inside a hook or a test.');
      return made.dir;
    },
  };
}

/**
 * A server in its own data folder for the tests of a file (or of the describe it is called
 * in): started before them, closed after them, its folder removed. Hooks registered after
 * this call run after the start and before the close.
 */
export function serverForFile(opts: Partial<StartServerOptions> = {}): { readonly dir: string; readonly server: RunningServer } {
  const data = tempDirForFile();
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await start(data.dir, opts);
  });
  afterAll(async () => server?.close());
  return {
    get dir() {
      return data.dir;
    },
    get server() {
      if (!server) throw new Error('The server starts before the tests run: read it inside a hook or a test.');
      return server;
    },
  };
}

/**
 * The clients the tests of a file (or describe) connect: destroyed after them, before a
 * server made earlier by serverForFile closes. `connect` connects one and keeps it here.
 */
export function clientsForFile(): Client[] & { connect: typeof connect } {
  const clients: Client[] = [];
  afterAll(() => {
    for (const c of clients) c.destroy();
  });
  return Object.assign(clients, {
    connect(url: string, docName: string, token: string | null): Client {
      const c = connect(url, docName, token);
      clients.push(c);
      return c;
    },
  });
}

export async function createUser(store: Store, username: string, globalRole: 'admin' | 'user' = 'user'): Promise<UserRecord> {
  hashOnce ??= hashPassword(password);
  const [u] = await store.createUsers([{ username, displayName: username, passwordHash: await hashOnce, globalRole }]);
  return u!;
}

export async function createMeeting(
  store: Store,
  members: [UserRecord, MeetingRole][],
  opts: { status?: MeetingStatus; title?: string; id?: string } = {},
): Promise<string> {
  const id = opts.id ?? crypto.randomUUID();
  await store.createMeeting({ id, title: opts.title ?? 'Test meeting', status: opts.status ?? 'published', startsAt: null, endsAt: null, venue: null });
  await store.addMembers(id, members.map(([u, role]) => ({ userId: u.id, role })));
  return id;
}

export async function login(url: string, username: string, pw = password): Promise<string> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pw }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export function wsUrl(url: string): string {
  return url.replace(/^http/, 'ws') + '/sync';
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  destroy(): void;
}

export function connect(url: string, docName: string, token: string | null): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl(url), docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token ? { token } : {},
    maxBackoffTime: 200,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (s: boolean) => s && resolve());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    provider.on('connection-close', (event: { code: number; reason: string } | null) => {
      if (event) resolve({ code: event.code, reason: event.reason });
    });
  });
  return {
    doc,
    provider,
    synced,
    closed,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Status of a refused upgrade (or 101 if it was accepted). */
export function upgradeStatus(url: string, pathAndQuery: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + pathAndQuery);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/** A raw ws connection, for sending frames the stock client never would. */
export function rawSocket(url: string, docName: string, token: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl(url)}/${docName}?token=${encodeURIComponent(token)}`);
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('open', () => resolve({ ws, closed }));
    ws.on('error', reject);
  });
}
