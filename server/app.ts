/**
 * The sync server: HTTP API + y-websocket documents on one port, over a Store and a blob folder.
 */
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoginRateLimiter, type LoginLimits } from './auth/rate-limit';
import { Sessions, sessionPolicy } from './auth/sessions';
import { seedDemo, type DemoSeedResult } from './demo/seed';
import { createApiHandler } from './http/api';
import { RequestLimits, type HttpLimits } from './http/request-limits';
import type { Clock } from './clock';
import { consoleLog, type Log } from './log';
import { defaultMaxUploadBytes } from '../shared/api/documents';
import { tmpDir } from './documents/upload';
import { openSqliteStore, type SqliteStore } from './store/sqlite';
import { openPostgresStore, type PostgresStore } from './store/postgres';
import { PostgresRecordsDb } from './records/sql-postgres';
import type { RecordsDb } from './records/sql';
import { connectRedis } from './ops/redis';
import { RedisFanout } from './fanout/redis';
import { Leases } from './fanout/lease';
import type { Redis } from 'ioredis';
import type { Store } from './store/types';
import { SyncedDocs, type SyncedDocsOptions } from './sync/synced-docs';
import { RecordsService, type RecordsServiceOptions } from './records/service';
import { ReceiptSigner } from './records/receipt-signer';
import { sqliteRecords } from './records/sql-sqlite';
import { createSyncUpgrade } from './sync/upgrade';
import { serverVersion } from './version';
import { ServerMetrics } from './ops/metrics';
import { checkReady, DrainState, postgresCheck, redisCheck, sqliteCheck, type ReadyCheck, type ReadyReport } from './ops/ready';
import { drainer } from './ops/drain';

export type { Log, LogLevel } from './log';
export type { Store } from './store/types';
export { SyncedDocs } from './sync/synced-docs';
export { putBlob } from './blobs';
export { hashPassword } from './auth/passwords';

export interface StartServerOptions {
  dataDir: string;
  port: number;
  /** Default 127.0.0.1: the server is reachable from elsewhere only when asked for. */
  host?: string;
  demo?: boolean;
  /** Number of demo delegates (default 60). */
  demoSize?: number;
  log?: Log;
  /** The longest a session lives after sign-in, used or not (default 30 days). */
  tokenTtlMs?: number;
  /** A session unused for this long ends (default 12 hours; never more than tokenTtlMs). */
  sessionIdleMs?: number;
  /** Tuning for tests and benchmarks. */
  docs?: SyncedDocsOptions;
  /** Largest document upload accepted (default defaultMaxUploadBytes, 500 MB). */
  maxUploadBytes?: number;
  /** Timeouts, rates and upload slots of the HTTP side (defaults in server/http/request-limits.ts). */
  http?: Partial<HttpLimits>;
  /** Sign-in failure limits (defaults in server/auth/rate-limit.ts). */
  loginLimits?: Partial<LoginLimits>;
  /** Tuning of the room (coalescing interval of live writes). */
  records?: RecordsServiceOptions;
  /**
   * TEST ONLY: the room's "now" for task deadlines, progress and completion (see
   * server/clock.ts). Never set in production; the CLI sets it only for --clock-file.
   */
  clock?: Clock;
  /** How long a drain (SIGTERM) answers "not ready" before closing, for a balancer to notice (default 0). */
  drainGraceMs?: number;
  /** Node process metrics (CPU, memory, event loop) in /metrics; default true. */
  processMetrics?: boolean;
  /**
   * Cluster mode (issue 13): everything the server keeps (the Store and the records) on this
   * PostgreSQL database, shared by every node; the data folder then holds only the documents.
   */
  databaseUrl?: string;
  /**
   * Redis shared by every node: carries Yjs updates and presence between nodes and holds
   * the per-document leases (who compacts a log, who writes live/<id>). Needs databaseUrl.
   */
  redisUrl?: string;
  /** How long a dead node's leases last before another takes them (default 10 s). */
  leaseTtlMs?: number;
}

export interface RunningServer {
  /** http://host:port */
  url: string;
  port: number;
  store: Store;
  docs: SyncedDocs;
  /** Records, polls, audit; `records.stats()` counts the coalesced live flushes. */
  records: RecordsService;
  /** What --demo seeded on this start; null when not asked or already seeded. */
  demo: DemoSeedResult | null;
  /** Prometheus metrics of this node (served at /metrics). */
  metrics: ServerMetrics;
  /** What /api/ready answers. */
  ready(): Promise<ReadyReport>;
  /** This node's id in the cluster (what its leases in Redis name), null without Redis. */
  nodeId: string | null;
  /** Reports not ready, waits drainGraceMs, then closes (SIGTERM). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const log = opts.log ?? consoleLog;
  const host = opts.host ?? '127.0.0.1';
  if (opts.redisUrl && !opts.databaseUrl) throw new Error('A Redis URL needs a database URL too: the nodes of a cluster share one PostgreSQL database.');
  const metrics = new ServerMetrics({ processMetrics: opts.processMetrics });
  // Embedded: one SQLite file in the data folder. Cluster: everything the server keeps in the
  // PostgreSQL database every node shares; the data folder (a shared mount) holds the blobs.
  const store: SqliteStore | PostgresStore = opts.databaseUrl
    ? await openPostgresStore(opts.databaseUrl, { onRoundTrip: metrics.roundTrip('postgres') })
    : openSqliteStore(opts.dataDir);
  const rdb: RecordsDb = 'pg' in store ? new PostgresRecordsDb(store.pg) : sqliteRecords(store.db);
  let redis: Redis | null = null;
  let demo: DemoSeedResult | null = null;
  try {
    if (opts.redisUrl) redis = await connectRedis(opts.redisUrl, log);
    if (opts.demo) demo = await seedDemo({ store, rdb, dataDir: opts.dataDir, size: opts.demoSize, log });
  } catch (err) {
    redis?.disconnect();
    await store.close();
    throw err;
  }

  // Uploads interrupted by a crash or kill leave their temp files; nothing else uses tmp/.
  await rm(tmpDir(opts.dataDir), { recursive: true, force: true });
  const sessions = new Sessions(store, sessionPolicy({ tokenTtlMs: opts.tokenTtlMs, idleMs: opts.sessionIdleMs }));
  const redisCommand = () => metrics.redisRoundTrips.inc();
  const fanout = redis ? new RedisFanout(redis, log, redisCommand) : null;
  const leases = redis && fanout ? new Leases(redis, fanout.nodeId, log, opts.leaseTtlMs, redisCommand) : null;
  const docs = new SyncedDocs(store, log, opts.docs, fanout && leases ? { fanout, leases } : null);
  if (opts.clock) {
    log('warn', 'TEST CLOCK IN USE: task deadlines, progress and completions follow a test clock, not the system clock. Never run a real meeting like this.', {
      now: new Date(opts.clock()).toISOString(),
    });
  }
  const limits = new RequestLimits(opts.http);
  docs.fanoutObserver = (kind, seconds) => metrics.observeFanout(kind, seconds);
  const drainState = new DrainState();
  const readyChecks: Record<string, ReadyCheck> = { database: 'pg' in store ? postgresCheck(store.pg) : sqliteCheck(store.db), draining: drainState.check() };
  if (redis) readyChecks.redis = redisCheck(redis);
  const ready = () => checkReady(readyChecks);
  const records = new RecordsService(rdb, docs, log, ReceiptSigner.open(opts.dataDir), { ...opts.records, ...(opts.clock ? { clock: opts.clock } : {}) });
  const handler = createApiHandler({
    store,
    sessions,
    limiter: new LoginRateLimiter(opts.loginLimits),
    limits,
    docs,
    records,
    dataDir: opts.dataDir,
    version: serverVersion,
    log,
    maxUploadBytes: opts.maxUploadBytes ?? defaultMaxUploadBytes,
    ops: { ready, metrics },
  });
  metrics.attach({ sync: docs, records });
  const sync = createSyncUpgrade({ sessions, docs, log });
  // The whole-request deadline is long (a 500 MB upload over a slow link takes minutes);
  // what cuts off a trickling body or reader is the progress guard in request-limits.ts
  // (sync sockets, which never pass through it, have their own heartbeat and buffer cap).
  const server = createServer(
    {
      requestTimeout: limits.limits.requestTimeoutMs,
      headersTimeout: limits.limits.headersTimeoutMs,
      keepAliveTimeout: limits.limits.keepAliveTimeoutMs,
      // Node checks both deadlines on this interval; keep it well under the shorter one.
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(limits.limits.headersTimeoutMs / 4))),
    },
    handler,
  );
  server.on('upgrade', sync.onUpgrade);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  try {
    await records.start();
    await listen(server, opts.port, host);
  } catch (err) {
    await records.close();
    await docs.closeAll();
    await leases?.close();
    await fanout?.close();
    await store.close();
    redis?.disconnect();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const sweeper = setInterval(() => {
    store.deleteExpiredSessions(Date.now()).catch((err) => log('warn', 'session sweep failed', { error: String(err) }));
  }, 60 * 60 * 1000);
  sweeper.unref();
  // An open sync socket is a session in use: slide its expiry well before it could lapse.
  const renewer = setInterval(() => {
    sessions.renewInUse(docs.connectedSessionIds()).catch((err) => log('warn', 'session renewal failed', { error: String(err) }));
  }, Math.max(1000, Math.min(sessions.policy.idleMs / 4, 10 * 60 * 1000)));
  renewer.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(sweeper);
      clearInterval(renewer);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Pending live writes go out before the documents are written back and freed.
      await records.close();
      await docs.closeAll();
      // Give clients a moment to answer the close frames, so they see "try again" (1012) and not a cut line.
      const open = [...sync.wss.clients];
      await Promise.race([
        Promise.all(open.map((ws) => (ws.readyState === ws.CLOSED ? null : new Promise((r) => ws.once('close', r))))),
        new Promise((r) => setTimeout(r, 1000).unref()),
      ]);
      for (const ws of sync.wss.clients) ws.terminate();
      sync.wss.close();
      server.closeAllConnections();
      await stopped;
      await leases?.close();
      await fanout?.close();
      await store.close();
      await redis?.quit().catch(() => redis?.disconnect());
      log('info', 'server stopped', { url });
    })());

  const drain = drainer({ close }, drainState, { graceMs: opts.drainGraceMs, log });
  log('info', 'server listening', { url, dataDir: opts.dataDir, store: opts.databaseUrl ? 'postgres' : 'sqlite', redis: !!redis, ...(fanout ? { nodeId: fanout.nodeId } : {}) });
  return { url, port, store, docs, records, demo, metrics, ready, drain, close, nodeId: fanout?.nodeId ?? null };
}
