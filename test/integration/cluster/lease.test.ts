/**
 * Per-document leases in Redis (server/fanout/lease.ts): one holder at a time; a released
 * lease is free at once; a holder that stops renewing (a killed node) loses it after the
 * time to live, and learns it lost it instead of taking it back.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Leases, leaseKey } from '../../../server/fanout/lease';
import { redisMissing, startRedis, type TestRedis } from '../../support/redis';
import { waitFor } from '../server/helpers';

const missing = redisMissing();

describe.skipIf(missing !== null)(`leases${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let redis: TestRedis;
  const conns: Redis[] = [];
  const leases: Leases[] = [];
  const node = (id: string, ttlMs = 600) => {
    const r = new Redis(redis.url);
    conns.push(r);
    const l = new Leases(r, id, () => {}, ttlMs);
    leases.push(l);
    return { r, l };
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const l of leases) await l.close();
    for (const r of conns) r.disconnect();
    await redis?.stop();
  });

  it('gives a document one holder; a release frees it at once', async () => {
    const a = node('node-a').l;
    const b = node('node-b').l;
    expect(await a.acquire('live/m1')).toBe(true);
    expect(await a.acquire('live/m1')).toBe(true);
    expect(await b.acquire('live/m1')).toBe(false);
    expect(await b.holder('live/m1')).toBe('node-a');
    // Held past its time to live: the holder keeps renewing it.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await b.acquire('live/m1')).toBe(false);
    await a.release('live/m1');
    expect(a.holds('live/m1')).toBe(false);
    expect(await b.acquire('live/m1')).toBe(true);
    // Other documents are independent.
    expect(await a.acquire('live/m2')).toBe(true);
  });

  it('passes to another node once a dead holder stops renewing, and the old holder learns it lost it', async () => {
    const { r: ra, l: a } = node('node-c');
    const b = node('node-d').l;
    expect(await a.acquire('meeting/m3')).toBe(true);
    // "Kill" node C: its renewals stop reaching Redis.
    ra.disconnect();
    expect(await b.acquire('meeting/m3')).toBe(false);
    await waitFor(() => b.acquire('meeting/m3'), 5000, 'node D to take the expired lease');
    expect(await b.holder('meeting/m3')).toBe('node-d');
    // C's own view ran out before Redis let D in: it no longer counts itself holder.
    expect(a.holds('meeting/m3')).toBe(false);
    const check = node('check').r;
    expect(await check.get(leaseKey('meeting/m3'))).toBe('node-d');
  });
});
