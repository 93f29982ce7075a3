/**
 * The invariants of the speakers and the official register that must hold across nodes,
 * on PostgreSQL: two PostgresRecordsDb over one database are two nodes (two pools, two
 * sets of connections). Giving the floor on both at once leaves one speaker; finalising on
 * both at once gives different, gap-free numbers.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../server/audit/audit';
import { demoOrganisations } from '../../../server/demo/organisations';
import { OrganisationRepo } from '../../../server/organisations/repo';
import { RecordRegister, type Reservation } from '../../../server/records-official/register';
import { PostgresRecordsDb } from '../../../server/records/sql-postgres';
import { all } from '../../../server/records/sql';
import { SpeakerQueue } from '../../../server/speakers/speakers';
import { openPostgresStore, type PostgresStore } from '../../../server/store/postgres';
import type { SyncedDocs } from '../../../server/sync/synced-docs';
import { postgresMissing, startPostgres, type TestPostgres } from '../../support/postgres';

const noPg = postgresMissing();

/** The queue reads item limits and writes live/<id> through the docs; an empty doc will do here. */
const noDocs = {
  read: async <T,>(_name: string, f: (doc: Y.Doc) => T) => f(new Y.Doc()),
  transact: async <T,>(_name: string, f: (doc: Y.Doc) => T) => f(new Y.Doc()),
} as unknown as SyncedDocs;

describe.skipIf(noPg !== null)(`records across two nodes on PostgreSQL${noPg ? ` (skipped: ${noPg})` : ''}`, () => {
  let server: TestPostgres;
  let stores: PostgresStore[] = [];
  let nodes: PostgresRecordsDb[] = [];

  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    stores = [await openPostgresStore(url), await openPostgresStore(url)];
    nodes = stores.map((s) => new PostgresRecordsDb(s.pg));
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await server?.stop();
  });

  it('gives the floor to one speaker when two nodes give it at once', async () => {
    const [a, b] = nodes as [PostgresRecordsDb, PostgresRecordsDb];
    await stores[0]!.createMeeting({ id: 'm-floor', title: 'Phiên họp', status: 'in_progress', startsAt: null, endsAt: null, venue: null });
    const queues = [new SpeakerQueue(a, noDocs, new AuditLog(a)), new SpeakerQueue(b, noDocs, new AuditLog(b))] as const;
    const asked = await Promise.all(['u1', 'u2', 'u3', 'u4'].map((u, i) => queues[i % 2]!.request('m-floor', u, `Đại biểu ${u}`, null)));
    // Every request given the floor at once, half on each node: each handover ends the one before.
    const granted = await Promise.allSettled(asked.map((r, i) => queues[i % 2]!.grant('m-floor', r.id, 'chair')));
    expect(granted.every((g) => g.status === 'fulfilled')).toBe(true);
    const speaking = await a.read(() => all<{ id: string }>("SELECT id FROM speaker_requests WHERE meeting_id = ? AND status = 'speaking'", 'm-floor'));
    expect(speaking).toHaveLength(1);
    const done = await a.read(() => all<{ ended_at: string | null }>("SELECT ended_at FROM speaker_requests WHERE meeting_id = ? AND status = 'done'", 'm-floor'));
    expect(done).toHaveLength(3);
    expect(done.every((d) => d.ended_at !== null)).toBe(true);
    // The chain saw every step in one order, unforked.
    expect((await b.read(() => new AuditLog(b).verify('m-floor'))).ok).toBe(true);
  });

  it('numbers finalisations on two nodes at once 1, 2, 3… with none twice, and resumes a meeting already numbered', async () => {
    const [a, b] = nodes as [PostgresRecordsDb, PostgresRecordsDb];
    const org = await new OrganisationRepo(a).create(demoOrganisations.province);
    const meetings = ['m-n1', 'm-n2', 'm-n3', 'm-n4', 'm-n5', 'm-n6'];
    for (const id of meetings) await stores[1]!.createMeeting({ id, title: id, status: 'closed', startsAt: null, endsAt: null, venue: null });
    const register = new RecordRegister();
    const reservation: Reservation = {
      organisationId: org.id,
      family: 'state',
      abbreviation: org.abbreviation,
      kind: 'notice',
      year: 2026,
      recipients: [],
      replaces: null,
      reason: null,
      at: '2026-12-07T08:00:00.000Z',
      by: 'sec',
      demoCertificate: true,
    };
    // Each meeting twice, once on each node: a meeting's second attempt resumes its number.
    const jobs = meetings.flatMap((m, i) => [nodes[i % 2]!, nodes[(i + 1) % 2]!].map((node) => node.transaction([m], () => register.reserve(m, reservation))));
    const out = await Promise.all(jobs);
    const byMeeting = new Map<string, number>();
    for (const { record } of out) {
      const seen = byMeeting.get(record.meetingId);
      if (seen !== undefined) expect(record.seq).toBe(seen);
      byMeeting.set(record.meetingId, record.seq);
    }
    expect([...byMeeting.values()].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.filter((o) => o.resumed)).toHaveLength(6);
    const last = await b.read(() => all<{ last: number }>('SELECT last FROM number_registers WHERE organisation_id = ?', org.id));
    expect(last).toEqual([{ last: 6 }]);
  });
});
