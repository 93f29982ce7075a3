/**
 * The invariants of the speakers and the official register that must hold across nodes,
 * on PostgreSQL: two PostgresRecordsDb over one database are two nodes (two pools, two
 * sets of connections). Giving the floor on both at once leaves one speaker; finalising on
 * both at once gives different, gap-free numbers. And what follows the meeting (tasks,
 * annotations, comments, the minutes' text, organisations) answers the same on PostgreSQL
 * as on SQLite, the task JSON to the byte. (Outside server-records/: it starts its own
 * PostgreSQL, so the postgres leg of the records tests need not run it again.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit';
import { demoOrganisations } from '../../server/demo/organisations';
import { OrganisationRepo } from '../../server/organisations/repo';
import { RecordRegister, type Reservation } from '../../server/records-official/register';
import { PostgresRecordsDb } from '../../server/records/sql-postgres';
import { all } from '../../server/records/sql';
import { SpeakerQueue } from '../../server/speakers/speakers';
import { AfterRepo } from '../../server/records/after-repo';
import { finaliseConclusion } from '../../server/conclusions/conclusions';
import { createTask, extendTask, reportProgress } from '../../server/tasks/tasks';
import { applyAnnotation, listSharedAnnotations } from '../../server/reading/annotations';
import { addComment, listComments, respondToComment } from '../../server/draft-comments/draft-comments';
import { MinutesTextStore } from '../../server/records-official/minutes-text';
import { MinutesApprovalStore } from '../../server/records-official/approvals';
import { absencesOf, setAbsence } from '../../server/records-official/absences';
import { sqliteRecords } from '../../server/records/sql-sqlite';
import type { RecordsDb } from '../../server/records/sql';
import type { RecordsRepo } from '../../server/records/repo';
import type { Store } from '../../server/store/types';
import { openSqliteStore } from '../../server/store/sqlite';
import { openPostgresStore, type PostgresStore } from '../../server/store/postgres';
import type { SyncedDocs } from '../../server/sync/synced-docs';
import { postgresMissing, startPostgres, type TestPostgres } from '../support/postgres';

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

  it('answers the after-meeting steps the same as SQLite does, the task JSON to the byte', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oc-after-pg-'));
    const lite = openSqliteStore(dir);
    try {
      const onSqlite = await afterMeetingScript(lite, sqliteRecords(lite.db));
      const onPostgres = await afterMeetingScript(stores[0]!, nodes[1]!);
      expect(onPostgres).toEqual(onSqlite);
      expect(onPostgres.taskJson).toBe(onSqlite.taskJson);
      // And they are the answers the rules give, not two equal failures.
      expect(onPostgres.again).toMatchObject({ ok: false, reason: 'conclusion_final' });
      expect(JSON.parse(onPostgres.taskJson!)).toMatchObject({ id: '00000000-0000-4000-8000-000000000002', meetingTitle: 'Phiên họp thường kỳ tháng 12', extensions: [{ deadline: '2099-02-28' }], progress: [{ note: 'Đang làm' }] });
      expect(onPostgres.stale).toMatch(/the latest version is 1/);
      expect(onPostgres.minutes.chair).toMatchObject({ userId: 'u-chair', version: 1 });
      expect(onPostgres.annotations.annotations).toHaveLength(1);
      expect(onPostgres.members.map((m) => m.role)).toEqual(['secretariat', 'member']);
      expect(onPostgres.chain).toEqual({ ok: true, length: 5 });
    } finally {
      await lite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The same steps on either store; returns what they answered, with the instants and ids fixed so the two compare. */
async function afterMeetingScript(store: Store, rdb: RecordsDb) {
  const [chair, sec, member] = await store.createUsers(['chair', 'sec', 'member'].map((u) => ({ id: `u-${u}`, username: u, displayName: `Đồng chí ${u} "ạ"`, passwordHash: 'x', globalRole: 'user' as const })));
  const meetingId = 'm-after';
  await store.createMeeting({ id: meetingId, title: 'Phiên họp thường kỳ tháng 12', status: 'closed', startsAt: null, endsAt: null, venue: null });
  await store.addMembers(meetingId, [
    { userId: chair!.id, role: 'chair' },
    { userId: sec!.id, role: 'secretariat' },
    { userId: member!.id, role: 'delegate' },
  ]);
  const audit = new AuditLog(rdb);
  const after = new AfterRepo();
  const facts = { agendaItemIds: new Set(['item-1']), documentIds: new Set(['doc-1']), commentWindows: new Map([['doc-1', { until: '2099-01-01T00:00:00.000Z', public: false }]]) };
  // Not used by the steps below (they ask the database themselves).
  const deps = { repo: null as unknown as RecordsRepo, after, audit, facts };
  const at = '2026-12-07T03:00:00.000Z';
  const asChair = { id: chair!.id, role: 'chair' as const };
  const asSec = { id: sec!.id, role: 'secretariat' as const };
  const asMember = { id: member!.id, role: 'delegate' as const };
  const ids = { conclusion: '00000000-0000-4000-8000-000000000001', task: '00000000-0000-4000-8000-000000000002', annotation: '00000000-0000-4000-8000-000000000003', comment: '00000000-0000-4000-8000-000000000004' };

  const steps = await rdb.transaction([meetingId], function* () {
    const conclusion = yield* finaliseConclusion(deps, meetingId, asChair, { conclusionId: ids.conclusion, agendaItemId: 'item-1', text: 'Thống nhất\nthông qua', pollRefs: [], corrects: null, reason: null }, at);
    const again = yield* finaliseConclusion(deps, meetingId, asChair, { conclusionId: '00000000-0000-4000-8000-000000000009', agendaItemId: 'item-1', text: 'x', pollRefs: [], corrects: null, reason: null }, at);
    const task = yield* createTask(deps, meetingId, asSec, { taskId: ids.task, conclusionId: ids.conclusion, agendaItemId: null, title: 'Báo cáo "kết quả" \\ tiến độ', unit: 'Bộ Tài chính', assigneeUserId: member!.id, deadline: '2099-01-31', priority: 'high' }, at);
    const progress = yield* reportProgress(deps, meetingId, asMember, { taskId: ids.task, note: 'Đang làm', documentId: null, completed: false }, at);
    yield* extendTask({ after, audit }, ids.task, sec!.id, '2099-02-28', 'Chờ ý kiến', at);
    const annotation = yield* applyAnnotation(facts, meetingId, asMember, { annotationId: ids.annotation, documentId: 'doc-1', page: 2, kind: 'note', quote: null, rects: [], note: 'Ghi chú', color: '#ffd54f', deleted: false }, at);
    const comment = yield* addComment(facts.commentWindows, meetingId, asMember, { commentId: ids.comment, documentId: 'doc-1', page: 1, quote: null, text: 'Góp ý', asUnit: null }, at);
    yield* setAbsence(meetingId, { userId: member!.id, excused: true, reason: 'Công tác' }, sec!.id, at);
    return { conclusion, again, task, progress, annotation, comment };
  });
  const answered = await rdb.transaction([meetingId], () => respondToComment(audit, meetingId, ids.comment, sec!.id, { status: 'accepted', reply: 'Tiếp thu' }));
  const register = new RecordRegister();
  const text = new MinutesTextStore(register);
  const approvals = new MinutesApprovalStore();
  const minutes = await rdb.transaction([meetingId], function* () {
    const saved = yield* text.save(meetingId, { basedOn: 0, sections: { opening: 'Mở đầu', items: {}, closing: '' }, corrects: null }, { userId: sec!.id, name: 'Thư ký' }, at);
    yield* text.send(meetingId, saved.version, { userId: sec!.id, name: 'Thư ký' }, at);
    yield* text.checkApprovable(meetingId, saved.version, 'chair');
    return yield* approvals.approve(meetingId, { role: 'chair', userId: chair!.id, name: 'Chủ tọa', version: saved.version }, at);
  });
  const stale = await rdb.transaction([meetingId], () => text.save(meetingId, { basedOn: 0, sections: { opening: '', items: {}, closing: '' }, corrects: null }, { userId: sec!.id, name: 'Thư ký' }, at)).catch((e: Error) => e.message);
  const orgs = new OrganisationRepo(rdb);
  const org = await orgs.create(demoOrganisations.party, at);
  await orgs.setMember(org.id, sec!.id, 'secretariat');
  await orgs.setMember(org.id, member!.id, 'member');
  await orgs.setMeetingOrganisation(meetingId, org.id);
  const read = await rdb.read(function* () {
    return {
      taskJson: yield* after.taskJson(ids.task),
      mine: yield* after.taskJsonList('mine', member!.id),
      latest: [...(yield* after.latestConclusions(meetingId)).values()],
      secretariat: yield* after.isSecretariatSomewhere(sec!.id),
      annotations: yield* listSharedAnnotations(meetingId, chair!.id, 0),
      comments: yield* listComments(facts.commentWindows, meetingId, { id: sec!.id, role: 'secretariat' }, null),
      absences: yield* absencesOf(meetingId),
      versions: yield* text.list(meetingId),
      chain: yield* audit.verify(meetingId),
    };
  });
  const { id: _id, ...orgSeen } = (await orgs.get(org.id))!;
  // The answer's instant is the server's clock: only that it is there compares.
  const clockless = <T extends { repliedAt: string | null }>(c: T) => ({ ...c, repliedAt: c.repliedAt !== null });
  return {
    ...steps,
    answered: clockless(answered),
    minutes,
    stale,
    ...read,
    comments: read.comments.map(clockless),
    chain: { ok: read.chain.ok, length: read.chain.length },
    org: orgSeen,
    members: await orgs.members(org.id),
    secretariatOf: (await orgs.secretariatOf(sec!.id)).length,
    meetingsOf: await orgs.meetingsOf(org.id),
  };
}
