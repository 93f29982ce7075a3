/**
 * The cluster tests' setup, once: two in-process nodes on one PostgreSQL and one Redis,
 * each node in its own temporary folder. Call `twoNodes()` inside a `describe`: the
 * services and nodes start before its tests and stop after them; the clients made through
 * `client` are destroyed after each test (each y-websocket provider listens for the
 * process's exit: they must not pile up).
 *
 *   describe.skipIf(clusterMissing !== null)(`…`, () => {
 *     const nodes = twoNodes();
 *     it('…', async () => {
 *       const { a, b } = nodes;
 *     });
 *   });
 *
 * Hooks the suite registers after the call run before its own afterAll (Vitest runs
 * "after" hooks last registered first), so the nodes are still up for them.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startServer, type RunningServer, type StartServerOptions } from '../../../server/app';
import { postgresMissing, startPostgres, type TestPostgres } from '../../support/postgres';
import { redisMissing, startRedis, type TestRedis } from '../../support/redis';
import { connect, tempDir, type Client } from '../server/helpers';

/** Why these tests cannot run here (a service not installed), or null. */
export const clusterMissing = postgresMissing() ?? redisMissing();

export interface TwoNodes {
  pg: TestPostgres;
  redis: TestRedis;
  a: RunningServer;
  b: RunningServer;
  /** A third node, with `third: true` (what goes between nodes that are neither writer nor sender). */
  c: RunningServer | undefined;
  /** A client of `node` for `docName`, destroyed after the test. */
  client: (node: RunningServer, docName: string, token: string) => Client;
}

export interface TwoNodesOptions {
  /** More startServer options for both nodes (over the defaults below). */
  server?: Partial<StartServerOptions>;
  /** Called with each node as soon as it has started, e.g. to watch its store. */
  started?: (node: RunningServer) => void;
  /**
   * One data folder for both nodes, as a real cluster has (a shared mount: documents and
   * the receipt key, so a receipt signed on one node verifies on the other).
   */
  sharedData?: boolean;
  third?: boolean;
}

export function twoNodes({ server = {}, started, sharedData = false, third = false }: TwoNodesOptions = {}): TwoNodes {
  const clients: Client[] = [];
  const removers: (() => Promise<void>)[] = [];
  // Filled in before the first test; the suite reads them through this object.
  const nodes = {
    client: (node: RunningServer, docName: string, token: string) => {
      const c = connect(node.url, docName, token);
      clients.push(c);
      return c;
    },
  } as TwoNodes;

  let shared: string | null = null;
  const folder = async () => {
    if (sharedData && shared) return shared;
    const { dir, remove } = await tempDir();
    removers.push(remove);
    if (sharedData) shared = dir;
    return dir;
  };

  const node = async (databaseUrl: string) => {
    const dir = await folder();
    const s = await startServer({
      dataDir: dir,
      port: 0,
      log: () => {},
      databaseUrl,
      redisUrl: nodes.redis.url,
      processMetrics: false,
      // Long enough that a busy machine never lets a lease lapse between renewals mid-test.
      leaseTtlMs: 5000,
      ...server,
    });
    started?.(s);
    return s;
  };

  beforeAll(async () => {
    [nodes.pg, nodes.redis] = await Promise.all([startPostgres(), startRedis()]);
    const databaseUrl = await nodes.pg.createDatabase();
    nodes.a = await node(databaseUrl);
    nodes.b = await node(databaseUrl);
    if (third) nodes.c = await node(databaseUrl);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await nodes.a?.close();
    await nodes.b?.close();
    await nodes.c?.close();
    await Promise.all([nodes.pg?.stop(), nodes.redis?.stop()]);
    for (const rm of removers) await rm();
  });
  return nodes;
}
