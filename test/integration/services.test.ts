/** The test services themselves: a real PostgreSQL and a real Redis start, answer, and leave nothing behind. */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { checkReady, redisCheck } from '../../server/ops/ready';
import { postgresMissing, startPostgres } from '../support/postgres';
import { redisMissing, startRedis } from '../support/redis';

const noPg = postgresMissing();
const noRedis = redisMissing();

describe.skipIf(noPg !== null)(`test PostgreSQL${noPg ? ` (skipped: ${noPg})` : ''}`, () => {
  it('starts on loopback, gives each test its own database, and stops', async () => {
    const server = await startPostgres();
    try {
      const url = await server.createDatabase();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const r = await c.query<{ db: string; addr: string | null; v: string }>(
        "SELECT current_database() AS db, inet_server_addr()::text AS addr, current_setting('server_version_num') AS v",
      );
      await c.end();
      expect(r.rows[0]!.db).toBe(new URL(url).pathname.slice(1));
      expect(r.rows[0]!.addr).toBe('127.0.0.1/32');
      expect(Number(r.rows[0]!.v)).toBeGreaterThanOrEqual(150000);
    } finally {
      await server.stop();
    }
    const c = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
    await expect(c.connect()).rejects.toThrow();
  });
});

describe.skipIf(noRedis !== null)(`test Redis${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  it('starts on loopback without persistence, and stops', async () => {
    const server = await startRedis();
    const r = new Redis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      expect(await r.ping()).toBe('PONG');
      expect(await checkReady({ redis: redisCheck(r) })).toEqual({ ready: true, checks: { redis: { ok: true } } });
      expect(await r.config('GET', 'save')).toEqual(['save', '']);
      expect(await r.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
      const dir = ((await r.config('GET', 'dir')) as string[])[1]!;
      r.disconnect();
      await server.stop();
      expect(existsSync(dir)).toBe(false);
    } finally {
      r.disconnect();
      await server.stop();
    }
  });
});
