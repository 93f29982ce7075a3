/**
 * Operations building blocks (issue 13): readiness checks and their report, the drain on
 * SIGTERM (order, exit codes, second signal, hard limit), the metrics registry reading
 * the server's counters, and JSON log lines.
 */
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLog, silentLog } from '../../../server/log';
import { drainer, exitOnSignal } from '../../../server/ops/drain';
import { ServerMetrics, type SyncSource } from '../../../server/ops/metrics';
import { checkReady, DrainState, sqliteCheck } from '../../../server/ops/ready';
import { migrate } from '../../../server/store/sqlite';
import { migrations } from '../../../server/store/migrations';
import { expectMetrics, metricValue } from '../../support/metrics';

describe('checkReady', () => {
  it('is ready only when every check passes, and names each failure', async () => {
    expect(await checkReady({ a: async () => null, b: async () => null })).toEqual({ ready: true, checks: { a: { ok: true }, b: { ok: true } } });
    const report = await checkReady({
      database: async () => null,
      redis: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
      draining: async () => 'This node is shutting down.',
    });
    expect(report).toEqual({
      ready: false,
      checks: {
        database: { ok: true },
        redis: { ok: false, reason: 'redis failed: connect ECONNREFUSED 127.0.0.1:6379' },
        draining: { ok: false, reason: 'This node is shutting down.' },
      },
    });
  });

  it('does not wait for a check that hangs: it fails it after the time limit', async () => {
    const report = await checkReady({ database: () => new Promise(() => {}) }, 50);
    expect(report).toEqual({ ready: false, checks: { database: { ok: false, reason: 'database did not answer within 50 ms.' } } });
  });

  it('checks the SQLite schema version against this code', async () => {
    const db = new Database(':memory:');
    try {
      expect(await sqliteCheck(db)()).toMatch(`schema is at version 0; this server needs ${migrations.length}`);
      migrate(db);
      expect(await sqliteCheck(db)()).toBeNull();
      db.pragma(`user_version = ${migrations.length + 1}`);
      expect(await sqliteCheck(db)()).toMatch(/newer server/);
    } finally {
      db.close();
    }
    expect(await sqliteCheck(db)()).toBe('The database is closed.');
  });

  it('stays not ready once draining has begun', async () => {
    const state = new DrainState();
    expect(await state.check()()).toBeNull();
    expect(state.begin()).toBe(true);
    expect(state.begin()).toBe(false);
    expect(state.draining).toBe(true);
    expect(await state.check()()).toMatch(/shutting down/);
  });
});

describe('drain', () => {
  it('reports not ready first, waits the grace period, then closes — once', async () => {
    const state = new DrainState();
    const events: string[] = [];
    const drain = drainer(
      {
        close: async () => {
          events.push(`close (draining: ${state.draining})`);
        },
      },
      state,
      { graceMs: 30, log: silentLog },
    );
    const first = drain();
    expect(state.draining).toBe(true);
    expect(events).toEqual([]);
    await Promise.all([first, drain()]);
    expect(events).toEqual(['close (draining: true)']);
  });

  class FakeProcess extends EventEmitter {}
  const handlers: (() => void)[] = [];
  afterEach(() => handlers.splice(0).forEach((off) => off()));

  const setup = (drain: () => Promise<void>, hardLimitMs = 10_000) => {
    const proc = new FakeProcess();
    const exits: number[] = [];
    let exited!: () => void;
    const done = new Promise<void>((r) => (exited = r));
    handlers.push(
      exitOnSignal(drain, {
        proc: proc as unknown as NodeJS.Process,
        hardLimitMs,
        log: silentLog,
        exit: (code) => {
          exits.push(code);
          exited();
        },
      }),
    );
    return { proc, exits, done };
  };

  it('exits 0 after a drain that finished', async () => {
    let drained = 0;
    const { proc, exits, done } = setup(async () => {
      drained++;
    });
    proc.emit('SIGTERM', 'SIGTERM');
    await done;
    expect(drained).toBe(1);
    expect(exits).toEqual([0]);
  });

  it('exits 1 when the drain fails', async () => {
    const { proc, exits, done } = setup(async () => {
      throw new Error('disk full');
    });
    proc.emit('SIGTERM', 'SIGTERM');
    await done;
    expect(exits).toEqual([1]);
  });

  it('exits 1 at once on a second signal, and at the hard limit when the drain hangs', async () => {
    const a = setup(() => new Promise(() => {}));
    a.proc.emit('SIGTERM', 'SIGTERM');
    a.proc.emit('SIGINT', 'SIGINT');
    await a.done;
    expect(a.exits).toEqual([1]);
    const b = setup(() => new Promise(() => {}), 20);
    b.proc.emit('SIGTERM', 'SIGTERM');
    await b.done;
    expect(b.exits).toEqual([1]);
  });

  it('removes its handlers when asked', () => {
    const { proc } = setup(async () => {});
    expect(proc.listenerCount('SIGTERM')).toBe(1);
    handlers.pop()!();
    expect(proc.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('ServerMetrics', () => {
  it('reads connections, documents and broadcast totals from the rooms at each scrape, as counters', async () => {
    const stats = { liveUpdates: 3, liveSends: 300, meetingUpdates: 1, meetingSends: 2, liveBytes: 4000, meetingBytes: 50 };
    const conns: Record<string, number> = { 'meeting/a': 2, 'live/a': 100, 'live/b': 5 };
    const sync: SyncSource = { loadedDocNames: () => Object.keys(conns), connectionCount: (n) => conns[n] ?? 0, stats: () => ({ ...stats }) };
    let commits = 7;
    const m = new ServerMetrics({ processMetrics: false }).attach({ sync, records: { stats: () => ({ commits }) } });
    let text = await m.registry.metrics();
    expectMetrics(text, { 'opencabinet_sync_connections{kind="live"}': 105, 'opencabinet_sync_connections{kind="meeting"}': 2, 'opencabinet_documents_in_memory{kind="live"}': 2, 'opencabinet_sync_updates_broadcast_total{kind="live"}': 3, 'opencabinet_sync_messages_sent_total{kind="live"}': 300, 'opencabinet_sync_bytes_sent_total{kind="meeting"}': 50, 'opencabinet_record_commits_total': 7 });
    stats.liveUpdates = 5;
    stats.liveBytes = 6000;
    commits = 9;
    delete conns['live/b'];
    text = await m.registry.metrics();
    expectMetrics(text, { 'opencabinet_sync_updates_broadcast_total{kind="live"}': 5, 'opencabinet_sync_bytes_sent_total{kind="live"}': 6000, 'opencabinet_record_commits_total': 9, 'opencabinet_sync_connections{kind="live"}': 100, 'opencabinet_documents_in_memory{kind="live"}': 1 });
  });

  it('counts receipts by outcome, fan-out times and database round trips', async () => {
    const m = new ServerMetrics({ processMetrics: false });
    m.countReceipts({ accepted: 3, refused: 1, repeated: 0 });
    m.countReceipts({ accepted: 0, refused: 0, repeated: 2 });
    m.observeFanout('live', 0.002);
    m.observeFanout('live', 0.2);
    const trip = m.roundTrip('postgres');
    trip(1.5);
    trip(30);
    const text = await m.registry.metrics();
    expectMetrics(text, { 'opencabinet_outbox_receipts_total{outcome="accepted"}': 3, 'opencabinet_outbox_receipts_total{outcome="repeated"}': 2, 'opencabinet_outbox_receipts_total{outcome="refused"}': 1, 'opencabinet_fanout_seconds_count{kind="live"}': 2, 'opencabinet_fanout_seconds_bucket{le="0.0025",kind="live"}': 1, 'opencabinet_db_round_trips_total{store="postgres"}': 2 });
    expect(metricValue(text, 'opencabinet_db_round_trip_seconds_sum{store="postgres"}')).toBeCloseTo(0.0315, 6);
  });

  it('keeps each server\'s numbers apart', async () => {
    const a = new ServerMetrics({ processMetrics: false });
    const b = new ServerMetrics({ processMetrics: false });
    a.countReceipts({ accepted: 1, refused: 0, repeated: 0 });
    expect(metricValue(await b.registry.metrics(), 'opencabinet_outbox_receipts_total{outcome="accepted"}')).toBe(0);
  });
});

describe('jsonLog', () => {
  it('writes one JSON object per line with time, level, message, node and the extra fields', () => {
    const lines: string[] = [];
    const log = jsonLog('node-2', (l) => lines.push(l));
    log('warn', 'sync connection too slow; dropped', { doc: 'live/m', level: 'spoofed', error: new Error('boom') });
    log('debug', 'hidden unless OPENCABINET_DEBUG');
    expect(lines).toHaveLength(process.env.OPENCABINET_DEBUG ? 2 : 1);
    expect(lines[0]).not.toContain('\n');
    const o = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(o).toMatchObject({ level: 'warn', msg: 'sync connection too slow; dropped', node: 'node-2', doc: 'live/m', _level: 'spoofed' });
    expect(o.error).toMatchObject({ name: 'Error', message: 'boom' });
    expect(Number.isNaN(Date.parse(o.time as string))).toBe(false);
  });
});
