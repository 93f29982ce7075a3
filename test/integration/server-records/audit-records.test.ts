/**
 * Issue 18: `audit verify` compares what the issued records say with the chain, and
 * recounts secret polls. A real server on 127.0.0.1 runs a small meeting of a People's
 * Committee (check-ins, a named poll, a secret poll with 3 tellers, a conclusion), finalises
 * its signed notice and minutes and issues the conclusion notice of issue 7. Copies of its
 * data folder are then tampered with as an insider would: the notice's register row pointed
 * at a PDF regenerated with another tally, the minutes' file overwritten by one with another
 * attendance, a record's number changed, a teller's partial decryption or a secret ballot
 * changed. The CLI's check and the HTTP check must name the document, its number and what
 * differs; the HTTP check runs one at a time per server.
 *
 * On PostgreSQL a copy of the folder comes with a copy of the server's database (CREATE
 * DATABASE … TEMPLATE), and the check runs through the HTTP check of a server started on
 * it: the offline CLI reads a data folder's SQLite file only.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditReport } from '../../../shared/api/audit';
import type { OutboxRecord } from '../../../shared/api/outbox';
import type { OfficialRecord } from '../../../shared/organisations';
import type { TallyResult } from '../../../shared/domain/tally';
import { addAgendaItem, addParticipant, setMeta } from '../../../shared/ydoc/meeting';
import { formatAuditReport, runAuditCommand } from '../../../server/audit/cli';
import { blobPath, putBlob } from '../../../server/blobs';
import { demoOrganisations } from '../../../server/demo/organisations';
import { generateDemoP12, inspectP12 } from '../../../server/organisations/certificate';
import { OrganisationRepo } from '../../../server/organisations/repo';
import { renderRecordFile } from '../../../server/records-official/render-record';
import { gatherFacts, type RecordFacts } from '../../../server/records-official/facts';
import { auditCheckGate } from '../../../server/audit/audit-jobs';
import type { SqliteStore } from '../../../server/store/sqlite';
import type { UserRecord } from '../../../server/store/types';
import { approveDef, approveMinutesDraft, auditCheckOn, ballotRecord, call, checkinRecord, copyDatabaseFor, createPoll, start, step, submit, tempDir, meetingWith, tamper, withRecordsDb } from './helpers';
import { testStore } from '../../support/test-store';
import { encryptedBallot, runCeremony, secretBallotRecord, sendPartial } from './tellers';

let dir: string;
let remove: () => Promise<void>;
let meetingId: string;
let namedPollId: string;
let secretPollId: string;
let notice: OfficialRecord;
let minutes: OfficialRecord;
/** The notice rendered again with the named poll's tally changed; the minutes with one member absent. */
let forgedNotice: Uint8Array;
let forgedMinutes: Uint8Array;
let liveReport: AuditReport;
let busyReply: { status: number; retryAfter: string | null; message: string };
let u: Record<string, UserRecord>;
let t: Record<string, string>;
const itemId = randomUUID();
const tellerNames = ['t1', 't2', 't3'];
let copies = 0;

async function copyData(): Promise<string> {
  const to = path.join(dir, `copy-${++copies}`);
  await mkdir(to, { recursive: true });
  await cp(path.join(dir, 'live'), to, { recursive: true });
  await copyDatabaseFor(path.join(dir, 'live'), to);
  return to;
}

/**
 * Runs `audit verify --json` (the CLI's own function) once; the text is what it prints
 * without --json. On PostgreSQL: the same check through HTTP, on a server started on the copy.
 */
async function cli(data: string): Promise<{ code: number; text: string; report: AuditReport }> {
  if (testStore !== 'sqlite') {
    const report = await auditCheckOn(data, meetingId, t.sec!);
    return { code: report.ok ? 0 : 1, text: formatAuditReport(report), report };
  }
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)));
  const err = vi.spyOn(console, 'error').mockImplementation((s: unknown) => void lines.push(String(s)));
  try {
    const code = await runAuditCommand(['verify', '--data', data, '--meeting', meetingId, '--json']);
    const report = JSON.parse(lines.join('\n')) as AuditReport;
    return { code, text: formatAuditReport(report), report };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

const withCounts = (r: TallyResult, counts: Record<string, number>): TallyResult => ({ ...r, counts: { ...r.counts, ...counts } });

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  const server = await start(path.join(dir, 'live'));
  try {
    const roles = { sec: 'secretariat', chair: 'chair', ...Object.fromEntries([...tellerNames, 'd1', 'd2'].map((n) => [n, 'delegate'])) } as Record<string, 'secretariat' | 'chair' | 'delegate'>;
    ({ meetingId, users: u, tokens: t } = await meetingWith(server.store, 'rec18', roles, { title: 'Phiên họp UBND tháng 12' }));
    await server.docs.transact(`meeting/${meetingId}`, (doc) => {
      setMeta(doc, { title: 'Phiên họp UBND tháng 12', startsAt: '2026-12-07T08:00:00+07:00', endsAt: '2026-12-07T11:00:00+07:00', venue: 'Quảng Ninh' });
      addAgendaItem(doc, { id: itemId, title: 'Dự thảo Nghị quyết về đầu tư công', parentId: null, order: 1, durationMin: 30, presenter: null, documentIds: [] });
      for (const [name, role] of Object.entries(roles)) addParticipant(doc, { id: u[name]!.id, name: `Đồng chí ${u[name]!.username}`, position: null, unit: null, role, siteId: null });
    });
    // The meeting belongs to a People's Committee with a signer and a (demo) certificate.
    const orgs = new OrganisationRepo(server.records.rdb);
    const org = await orgs.create(demoOrganisations.province);
    const { p12, password } = generateDemoP12(org.name);
    const info = inspectP12(p12, password);
    await orgs.setCertificate(org.id, { p12, password, subject: info.subject, notAfter: info.notAfter, demo: true });
    await orgs.setMeetingOrganisation(meetingId, org.id);

    // Five present, one absent.
    const marks = ['chair', ...tellerNames, 'd1'].map((n) => checkinRecord(u[n]!.id)).concat(checkinRecord(u.d2!.id, 'absent'));
    expect((await submit(server.url, meetingId, t.sec!, marks)).every((r) => r.ok)).toBe(true);

    namedPollId = await createPoll(server.url, meetingId, t.chair!, approveDef({ question: 'Thông qua Nghị quyết về đầu tư công' }), itemId);
    expect((await step(server.url, meetingId, t.chair!, namedPollId, 'open')).status).toBe(200);
    for (const [who, choice] of [['chair', 'yes'], ['t1', 'yes'], ['t2', 'yes'], ['d1', 'no']] as const) {
      expect((await submit(server.url, meetingId, t[who]!, [ballotRecord(namedPollId, [choice])]))[0]!.ok).toBe(true);
    }
    expect((await step(server.url, meetingId, t.chair!, namedPollId, 'close')).body.result).toMatchObject({ counts: { yes: 3, no: 1 } });

    const secretDef = approveDef({ question: 'Bầu kín: phương án vốn', secret: true, tellers: { userIds: tellerNames.map((n) => u[n]!.id), threshold: 2 } });
    secretPollId = await createPoll(server.url, meetingId, t.chair!, secretDef, itemId);
    const tellers = await runCeremony(server.url, meetingId, secretPollId, tellerNames.map((n) => t[n]!));
    expect((await step(server.url, meetingId, t.chair!, secretPollId, 'open')).status).toBe(200);
    const key = (await server.records.rdb.read(() => server.records.repo.poll(meetingId, secretPollId)))!.publicKey!;
    for (const [who, choice] of [['chair', 'yes'], ['t3', 'yes'], ['d1', 'no']] as const) {
      const { encrypted } = encryptedBallot(meetingId, secretPollId, secretDef, key, [choice]);
      expect((await submit(server.url, meetingId, t[who]!, [secretBallotRecord(secretPollId, encrypted)]))[0]!.ok).toBe(true);
    }
    expect((await step(server.url, meetingId, t.chair!, secretPollId, 'close')).status).toBe(200);
    await sendPartial(server.url, meetingId, secretPollId, tellers[0]!);
    expect((await sendPartial(server.url, meetingId, secretPollId, tellers[1]!)).body).toEqual({ opened: true });

    const conclusion = { key: randomUUID(), kind: 'conclusion', payload: { conclusionId: randomUUID(), agendaItemId: itemId, text: 'Thông qua Nghị quyết về đầu tư công năm 2027; giao Sở Tài chính hoàn thiện hồ sơ.', pollRefs: [namedPollId, secretPollId], corrects: null, reason: null } } as unknown as OutboxRecord;
    expect((await submit(server.url, meetingId, t.chair!, [conclusion]))[0]!.ok).toBe(true);

    const finalise = (kind: 'notice' | 'minutes') => call<OfficialRecord>(server.url, 'POST', `/api/meetings/${meetingId}/official-records/${kind}/finalise`, t.chair!, {});
    const n = await finalise('notice');
    expect(n.status).toBe(201);
    notice = n.body;
    // The minutes need the chair's and the secretary's approval first (issue 14).
    await approveMinutesDraft(server.url, meetingId, t.sec!, t.chair!);
    const m = await finalise('minutes');
    expect(m.status).toBe(201);
    minutes = m.body;

    // What an insider with the server's code could regenerate: the same records from altered facts.
    const facts = await gatherFacts({ docs: server.docs, records: server.records }, meetingId);
    const render = async (kind: 'notice' | 'minutes', rec: OfficialRecord, f: RecordFacts) =>
      (
        await renderRecordFile({
          format: 'pdf',
          options: { kind, org: (await orgs.get(org.id))!, facts: f, draft: false, number: rec.number, issuedAt: rec.finalisedAt, recipients: rec.recipients, auditHead: rec.auditHead, replaces: null, demoCertificate: true },
          recordId: rec.id,
          sign: null,
        })
      ).bytes;
    forgedNotice = await render('notice', notice, { ...facts, polls: facts.polls.map((p) => (p.id === namedPollId ? { ...p, result: withCounts(p.result!, { yes: 1, no: 3 }) } : p)) });
    const attendance = new Map(facts.attendance);
    attendance.set(u.d1!.id, { ...attendance.get(u.d1!.id)!, status: 'absent' });
    forgedMinutes = await render('minutes', minutes, { ...facts, attendance });

    // The HTTP check on the running server, then one refused while another holds the server's slot.
    const live = await call<AuditReport>(server.url, 'POST', `/api/meetings/${meetingId}/audit/check`, t.sec!, { heads: [] });
    expect(live.status).toBe(200);
    liveReport = live.body;
    let release!: () => void;
    const held = auditCheckGate(server.records).run(meetingId, () => new Promise<void>((r) => (release = r)));
    try {
      const res = await fetch(`${server.url}/api/meetings/${meetingId}/audit/check`, { method: 'POST', headers: { authorization: `Bearer ${t.chair!}`, 'content-type': 'application/json' }, body: JSON.stringify({ heads: [] }) });
      busyReply = { status: res.status, retryAfter: res.headers.get('retry-after'), message: ((await res.json()) as { error: { message: string } }).error.message };
    } finally {
      release();
      await held;
    }
  } finally {
    await server.close();
  }
}, 120_000);

afterAll(async () => {
  await remove();
});

describe('the HTTP check on the running server', () => {
  it('reads the two issued records and recounts the secret poll: proofs, shares, tally', () => {
    expect(liveReport).toMatchObject({ ok: true, problems: [], documentsChecked: 2, pollsChecked: 2 });
    expect(liveReport.secretPolls).toEqual([{ pollId: secretPollId, ballots: 3, proofsOk: true, sharesOk: true, tallyMatches: true, problems: [] }]);
  });

  it('runs one check at a time per server: another answers 429 with Retry-After and says why', () => {
    expect(busyReply.status).toBe(429);
    expect(Number(busyReply.retryAfter)).toBeGreaterThanOrEqual(5);
    expect(busyReply.message).toMatch(/Another audit check is running on this server.*Try again in \d+ seconds/);
  });
});

describe('audit verify against the issued records, on copies of the data folder', () => {
  it('holds on the untouched copy and prints each secret poll', async () => {
    const r = await cli(await copyData());
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ ok: true, documentsChecked: 2 });
    expect(r.text).toMatch(/^ok: .*2 issued record\(s\) read/);
    expect(r.text).toContain(`secret poll ${secretPollId}: 3 ballot(s); proofs ok, decryption shares ok, tally matches`);
  });

  it('finds the notice row pointed at a regenerated PDF that says another tally, and names the number and the sentence', async () => {
    const data = await copyData();
    const { sha256, size } = await putBlob(data, forgedNotice);
    await tamper(data, (db) => db.run('UPDATE official_records SET sha256 = ?, size = ? WHERE id = ?', sha256, size, notice.id));
    const r = await cli(data);
    expect(r.code).toBe(1);
    const document = { kind: 'notice', number: notice.number };
    expect(r.report.problems).toContainEqual(expect.objectContaining({ code: 'record_row', document, field: 'sha256', expected: notice.sha256, found: sha256 }));
    const text = r.report.problems.find((p) => p.code === 'record_text');
    expect(text).toMatchObject({ document, pollId: namedPollId, field: 'result' });
    expect(text!.expected).toContain('3/4 tán thành');
    expect(text!.found).toContain('Biểu quyết “Thông qua Nghị quyết về đầu tư công”: 1/4 tán thành');
    // Nothing else in the notice differs, and the other records still agree.
    expect(r.report.problems.filter((p) => p.code.startsWith('record_'))).toHaveLength(2);
    expect(r.text).toContain(`record_text (notice ${notice.number}, poll ${namedPollId}`);
  });

  it('finds the minutes file overwritten in place by one with another attendance', async () => {
    const data = await copyData();
    await writeFile(blobPath(data, minutes.sha256!), forgedMinutes);
    const r = await cli(data);
    expect(r.code).toBe(1);
    const document = { kind: 'minutes', number: minutes.number };
    expect(r.report.problems).toContainEqual(expect.objectContaining({ code: 'record_file', document, field: 'sha256', expected: minutes.sha256 }));
    expect(r.report.problems).toContainEqual(expect.objectContaining({ code: 'record_text', document, field: 'attendance.present', expected: '5', found: '4' }));
  });

  it("finds a record's number changed in the register", async () => {
    const data = await copyData();
    await tamper(data, (db) => db.run('UPDATE official_records SET number = ? WHERE id = ?', '99/TB-UBND', notice.id));
    const r = await cli(data);
    expect(r.report.problems).toEqual([expect.objectContaining({ code: 'record_row', document: { kind: 'notice', number: notice.number }, field: 'number', expected: notice.number, found: '99/TB-UBND' })]);
  });

  it("reports a teller's changed partial decryption: the shares fail, the proofs still hold", async () => {
    const data = await copyData();
    await tamper(data, async (db) => {
      const rows = await db.all<{ idx: number; partial: string }>('SELECT idx, partial FROM poll_tellers WHERE poll_id = ? AND partial IS NOT NULL ORDER BY idx', secretPollId);
      const [a, b] = rows.map((r) => JSON.parse(r.partial) as { shares: string[]; proofs: string[] });
      // Teller 1's shares replaced by teller 2's: valid points, proofs that no longer fit.
      await db.run('UPDATE poll_tellers SET partial = ? WHERE poll_id = ? AND idx = ?', JSON.stringify({ ...a!, shares: b!.shares }), secretPollId, rows[0]!.idx);
    });
    const r = await cli(data);
    expect(r.code).toBe(1);
    expect(r.report.secretPolls).toEqual([expect.objectContaining({ pollId: secretPollId, proofsOk: true, sharesOk: false })]);
    expect(r.text).toMatch(/decryption shares FAILED/);
  });

  it('reports a changed encrypted ballot: its proofs fail, and the HTTP check on a server restarted on the copy says so too', async () => {
    const data = await copyData();
    await tamper(data, async (db) => {
      const rows = await db.all<{ user_id: string; ballot: string }>('SELECT user_id, ballot FROM encrypted_ballots WHERE poll_id = ? ORDER BY user_id', secretPollId);
      const [a, b] = rows.map((r) => JSON.parse(r.ballot) as { ciphertexts: string[] });
      await db.run('UPDATE encrypted_ballots SET ballot = ? WHERE poll_id = ? AND user_id = ?', JSON.stringify({ ...a!, ciphertexts: b!.ciphertexts }), secretPollId, rows[0]!.user_id);
    });
    const r = await cli(data);
    expect(r.report.secretPolls).toEqual([expect.objectContaining({ pollId: secretPollId, proofsOk: false })]);
    const server = await start(data);
    try {
      const http = await call<AuditReport>(server.url, 'POST', `/api/meetings/${meetingId}/audit/check`, t.chair!, { heads: [] });
      expect(http.status).toBe(200);
      expect(http.body.ok).toBe(false);
      expect(http.body.secretPolls).toEqual([expect.objectContaining({ pollId: secretPollId, proofsOk: false })]);
      expect(http.body.problems).toContainEqual(expect.objectContaining({ code: 'poll_tally_evidence', pollId: secretPollId }));
    } finally {
      await server.close();
    }
  }, 60_000);
});
