/**
 * Issue 18: the audit chain proves what it claims. A real server on 127.0.0.1 runs a small
 * meeting (check-ins, a named poll closed, a conclusion); its database is then copied and
 * each copy tampered with as an insider with the server's files would: delete the last
 * entry, delete all entries, edit an entry and recompute every hash after it, change
 * polls.result, a named ballot, an attendance row. `audit verify` (the CLI's code, and the
 * HTTP check on a server restarted on a tampered copy), given the head of a receipt, must
 * find each and name what changed. Also: `live/<id>` carries signed heads that verify with
 * the receipt key, and a device keeps them.
 *
 * On PostgreSQL the copy is a copy of the server's database (CREATE DATABASE … TEMPLATE),
 * and the check runs through the HTTP check of a server started on it: the offline CLI
 * reads a data folder's SQLite file only.
 */
import Database from 'better-sqlite3';
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditReport } from '../../../shared/api/audit';
import type { OutboxRecord, RecordReceipt } from '../../../shared/api/outbox';
import { addAgendaItem, setMeta } from '../../../shared/ydoc/meeting';
import { readAuditHead } from '../../../shared/ydoc/live';
import { verifyReceipt } from '../../../server/records/receipt-signer';
import { entryHash } from '../../../server/audit/audit';
import { formatAuditReport, runAuditCommand } from '../../../server/audit/cli';
import { parseHeadArg } from '../../../shared/audit';
import { AuditHeads } from '../../../main/core/audit-heads';
import type { UserRecord } from '../../../server/store/types';
import { approveDef, auditCheckOn, ballotRecord, call, checkinRecord, connect, copyDatabaseFor, createPoll, start, step, submit, tempDir, waitFor, meetingWith, tamper } from './helpers';
import { sqliteOnly, testStore } from '../../support/test-store';

type Key = OutboxRecord['key'];
type Ok = Extract<RecordReceipt, { ok: true }>;

let dir: string;
let remove: () => Promise<void>;
let meetingId: string;
let pollId: string;
let receiptKey: KeyObject;
/** The conclusion's receipt: the last record, so its head is the chain's last entry. */
let lastReceipt: Ok;
let firstReceipt: Ok;
let serverUrl: string;
let u: Record<string, UserRecord>;
let t: Record<string, string>;
const itemId = randomUUID();
let copies = 0;

/** A copy of the server's database (taken after a clean shutdown) in a data folder of its own. */
async function copyData(): Promise<string> {
  const to = path.join(dir, `copy-${++copies}`);
  await mkdir(to, { recursive: true });
  for (const f of ['server.sqlite', 'server.sqlite-wal', 'receipt-key.pem']) {
    if (existsSync(path.join(dir, 'live', f))) await copyFile(path.join(dir, 'live', f), path.join(to, f));
  }
  await copyDatabaseFor(path.join(dir, 'live'), to);
  return to;
}

/**
 * Runs `audit verify` (the CLI's own function) and returns its exit code, output and JSON
 * report. On PostgreSQL: the same check through HTTP, on a server started on the copy.
 */
async function cli(data: string, heads: string[]): Promise<{ code: number; text: string; report: AuditReport | null }> {
  if (testStore !== 'sqlite') {
    const report = await auditCheckOn(data, meetingId, t.sec!, heads.map((h) => parseHeadArg(h) as { hash: string; length: number }));
    return { code: report.ok ? 0 : 1, text: formatAuditReport(report), report };
  }
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)));
  const err = vi.spyOn(console, 'error').mockImplementation((s: unknown) => void lines.push(String(s)));
  try {
    const args = ['verify', '--data', data, '--meeting', meetingId, ...heads.flatMap((h) => ['--head', h])];
    const code = await runAuditCommand(args);
    const text = lines.join('\n');
    if (code === 2) return { code, text, report: null };
    lines.length = 0;
    await runAuditCommand([...args, '--json']);
    return { code, text, report: JSON.parse(lines.join('\n')) as AuditReport };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

const headArg = (r: Ok) => `${r.auditHead}:${r.auditLength}`;

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  const data = path.join(dir, 'live');
  const server = await start(data, { records: { flushMs: 20, auditHeadMs: 100 } });
  serverUrl = server.url;
  ({ meetingId, users: u, tokens: t } = await meetingWith(server.store, 'audit', { sec: 'secretariat', chair: 'chair', d1: 'delegate', d2: 'delegate', d3: 'delegate', outsider: null }));
  await server.docs.transact(`meeting/${meetingId}`, (doc) => {
    setMeta(doc, { title: 'Phiên họp kiểm chứng', startsAt: '2026-12-07T08:00:00+07:00', endsAt: '2026-12-07T11:00:00+07:00', venue: 'Hà Nội' });
    addAgendaItem(doc, { id: itemId, title: 'Dự thảo Nghị quyết', parentId: null, order: 1, durationMin: 30, presenter: null, documentIds: [] });
  });
  const checkins = await submit(server.url, meetingId, t.sec!, [checkinRecord(u.chair!.id), checkinRecord(u.d1!.id), checkinRecord(u.d2!.id), checkinRecord(u.d3!.id)]);
  firstReceipt = checkins[0] as Ok;
  pollId = await createPoll(server.url, meetingId, t.chair!, approveDef());
  expect((await step(server.url, meetingId, t.chair!, pollId, 'open')).status).toBe(200);
  for (const [who, choice] of [['chair', 'yes'], ['d1', 'yes'], ['d2', 'yes'], ['d3', 'no']] as const) {
    expect((await submit(server.url, meetingId, t[who]!, [ballotRecord(pollId, [choice])]))[0]!.ok).toBe(true);
  }
  const closed = await step(server.url, meetingId, t.chair!, pollId, 'close');
  expect(closed.body.result).toMatchObject({ counts: { yes: 3, no: 1 } });
  const conclusion = { key: randomUUID() as Key, kind: 'conclusion', payload: { conclusionId: randomUUID(), agendaItemId: itemId, text: 'Thông qua Nghị quyết.', pollRefs: [pollId], corrects: null, reason: null } } as OutboxRecord;
  lastReceipt = (await submit(server.url, meetingId, t.chair!, [conclusion]))[0] as Ok;
  expect(lastReceipt.ok).toBe(true);
  const key = await call<{ publicKey: string }>(server.url, 'GET', '/api/receipt-key', null);
  receiptKey = createPublicKey({ key: Buffer.from(key.body.publicKey, 'base64'), format: 'der', type: 'spki' });

  // live/<id> receives the signed head; a device keeps what verifies (and nothing forged).
  const live = connect(server.url, `live/${meetingId}`, t.d1!);
  try {
    await live.synced;
    await waitFor(() => readAuditHead(live.doc)?.length === lastReceipt.auditLength, 10_000, 'the signed head in live/<id>');
    liveHead = readAuditHead(live.doc)!;
  } finally {
    live.destroy();
  }
  await server.close();
}, 60_000);

let liveHead: NonNullable<ReturnType<typeof readAuditHead>>;

afterAll(async () => {
  await remove();
});

describe('receipts and live/<id> carry the chain head', () => {
  it("signs the head and length into every receipt, and the head is the chain's at that record", () => {
    for (const r of [firstReceipt, lastReceipt]) {
      expect(r.auditHead).toMatch(/^[0-9a-f]{64}$/);
      expect(r.auditLength).toBeGreaterThan(0);
    }
    const fields = { meetingId, userId: u.chair!.id, kind: 'conclusion' as const, key: lastReceipt.key, receivedAt: lastReceipt.receivedAt };
    expect(verifyReceipt(receiptKey, { ...fields, auditHead: lastReceipt.auditHead, auditLength: lastReceipt.auditLength }, lastReceipt.signature)).toBe(true);
    // The head is inside the signature: another head, or none, does not verify.
    expect(verifyReceipt(receiptKey, { ...fields, auditHead: firstReceipt.auditHead, auditLength: lastReceipt.auditLength }, lastReceipt.signature)).toBe(false);
    expect(verifyReceipt(receiptKey, fields, lastReceipt.signature)).toBe(false);
  });

  it('publishes a signed head in live/<id> that verifies with the receipt key, and a device keeps it', () => {
    expect(liveHead).toMatchObject({ hash: lastReceipt.auditHead, length: lastReceipt.auditLength });
    const device = new Database(':memory:');
    const heads = new AuditHeads(device);
    expect(heads.keepFromLive(serverUrl, meetingId, liveHead, receiptKey)).toBe(true);
    // Forged: a different hash under the same signature; or another meeting's head.
    expect(heads.keepFromLive(serverUrl, meetingId, { ...liveHead, hash: firstReceipt.auditHead! }, receiptKey)).toBe(false);
    expect(heads.keepFromLive(serverUrl, randomUUID(), liveHead, receiptKey)).toBe(false);
    heads.keepFromReceipt(serverUrl, meetingId, { hash: firstReceipt.auditHead!, length: firstReceipt.auditLength! });
    expect(heads.list(serverUrl, meetingId)).toEqual([
      expect.objectContaining({ hash: firstReceipt.auditHead, length: firstReceipt.auditLength, source: 'receipt' }),
      expect.objectContaining({ hash: liveHead.hash, length: liveHead.length, source: 'live' }),
    ]);
    device.close();
  });
});

describe('the heads a device keeps', () => {
  it('keeps the latest 200 per source, the longest always among them', () => {
    const device = new Database(':memory:');
    const heads = new AuditHeads(device);
    for (let n = 1; n <= 250; n++) heads.keepFromReceipt(serverUrl, meetingId, { hash: n.toString(16).padStart(64, '0'), length: n });
    // Not a head: ignored rather than stored.
    heads.keepFromReceipt(serverUrl, meetingId, { hash: 'nope', length: 3 });
    const kept = heads.list(serverUrl, meetingId);
    expect(kept).toHaveLength(200);
    expect(kept[0]!.length).toBe(51);
    expect(kept.at(-1)!.length).toBe(250);
    device.close();
  });
});

describe('audit verify on a copy of the database', () => {
  it('holds on the untouched copy, with both heads', async () => {
    const r = await cli(await copyData(), [headArg(firstReceipt), headArg(lastReceipt)]);
    expect(r.text).toMatch(/^ok: \d+ entries/);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ ok: true, headsChecked: 2, pollsChecked: 1, problems: [] });
  });

  it('finds a deleted last entry', async () => {
    const data = await copyData();
    await tamper(data, (db) => db.run('DELETE FROM audit_log WHERE meeting_id = ? AND seq = (SELECT max(seq) FROM audit_log WHERE meeting_id = ?)', meetingId, meetingId));
    const r = await cli(data, [headArg(lastReceipt)]);
    expect(r.code).toBe(1);
    expect(r.report!.problems).toContainEqual(expect.objectContaining({ code: 'head_missing', field: 'length', row: String(lastReceipt.auditLength), found: String(lastReceipt.auditLength! - 1) }));
    // The conclusion's row has lost its entry too.
    expect(r.report!.problems).toContainEqual(expect.objectContaining({ code: 'conclusion_row' }));
    expect(r.text).toContain('head_missing');
  });

  it('finds a deleted chain: an error, not "ok: 0 entries"', async () => {
    const data = await copyData();
    await tamper(data, (db) => db.run('DELETE FROM audit_log WHERE meeting_id = ?', meetingId));
    const without = await cli(data, []);
    expect(without.code).toBe(1);
    expect(without.text).not.toMatch(/^ok/);
    expect(without.report!.problems).toContainEqual(expect.objectContaining({ code: 'chain_empty', found: '0' }));
    const withHead = await cli(data, [headArg(lastReceipt)]);
    expect(withHead.report!.problems).toContainEqual(expect.objectContaining({ code: 'head_missing', found: '0' }));
  });

  it('finds an edited entry whose hashes were all recomputed after it', async () => {
    const data = await copyData();
    let closedSeq = 0;
    await tamper(data, async (db) => {
      const rows = await db.all<{ seq: number; at: string; kind: string; data: string; prev_hash: string; hash: string }>('SELECT seq, at, kind, data, prev_hash, hash FROM audit_log WHERE meeting_id = ? ORDER BY seq', meetingId);
      closedSeq = rows.find((r) => r.kind === 'poll.closed')!.seq;
      let prev = rows[closedSeq - 2]!.hash;
      for (const r of rows.slice(closedSeq - 1)) {
        const data = r.seq === closedSeq ? r.data.replace('"yes":3', '"yes":1') : r.data;
        const hash = entryHash(prev, { seq: r.seq, at: r.at, kind: r.kind, data: JSON.parse(data) });
        await db.run('UPDATE audit_log SET data = ?, prev_hash = ?, hash = ? WHERE meeting_id = ? AND seq = ?', data, prev, hash, meetingId, r.seq);
        prev = hash;
      }
    });
    // Without a head the rewrite is consistent as a chain; the rows still disagree with it.
    const bare = await cli(data, []);
    expect(bare.report!.problems.some((p) => p.code === 'chain_broken')).toBe(false);
    expect(bare.report!.problems).toContainEqual(expect.objectContaining({ code: 'poll_result_row', pollId, field: 'counts.yes', expected: '1', found: '3' }));
    // With the receipt's head, the rewrite itself is found.
    const r = await cli(data, [headArg(lastReceipt)]);
    expect(r.code).toBe(1);
    expect(r.report!.problems).toContainEqual(expect.objectContaining({ code: 'head_mismatch', row: String(lastReceipt.auditLength), expected: lastReceipt.auditHead }));
  });

  it('finds a changed polls.result and names the poll and the field', async () => {
    const data = await copyData();
    // Read, changed and written back in TypeScript: the two engines share no JSON-editing function.
    await tamper(data, async (db) => {
      const result = JSON.parse((await db.value<string>('SELECT result FROM polls WHERE id = ?', pollId))!) as { counts: Record<string, number> };
      result.counts.yes = 5;
      result.counts.no = 0;
      await db.run('UPDATE polls SET result = ? WHERE id = ?', JSON.stringify(result), pollId);
    });
    const r = await cli(data, [headArg(lastReceipt)]);
    expect(r.code).toBe(1);
    expect(r.report!.problems).toContainEqual(expect.objectContaining({ code: 'poll_result_row', pollId, row: 'polls.result', field: 'counts.yes', expected: '3', found: '5' }));
    expect(r.report!.problems).toContainEqual(expect.objectContaining({ code: 'poll_result_row', pollId, field: 'counts.no', expected: '1', found: '0' }));
    expect(r.text).toContain(`poll ${pollId}`);
  });

  it('finds a changed named ballot, by voter and in the recount', async () => {
    const data = await copyData();
    await tamper(data, (db) => db.run('UPDATE named_ballots SET choices = ? WHERE poll_id = ? AND user_id = ?', '["no"]', pollId, u.d1!.id));
    const r = await cli(data, [headArg(lastReceipt)]);
    expect(r.code).toBe(1);
    expect(r.report!.problems).toContainEqual(expect.objectContaining({ code: 'ballot_row', pollId, row: u.d1!.id, field: 'choices', expected: '["yes"]', found: '["no"]' }));
    expect(r.report!.problems).toContainEqual(expect.objectContaining({ code: 'poll_result_ballots', pollId, field: 'counts.yes', expected: '3', found: '2' }));
  });

  it('finds a changed attendance row', async () => {
    const data = await copyData();
    await tamper(data, (db) => db.run("UPDATE attendance SET status = 'absent' WHERE meeting_id = ? AND user_id = ?", meetingId, u.d3!.id));
    const r = await cli(data, [headArg(lastReceipt)]);
    expect(r.code).toBe(1);
    expect(r.report!.problems).toEqual([expect.objectContaining({ code: 'attendance_row', row: u.d3!.id, field: 'status', expected: 'present', found: 'absent' })]);
  });

  it.skipIf(sqliteOnly.skip)(`refuses a malformed head with a usage error that names it${sqliteOnly.skip ? ' (SQLite only: a usage error of the offline CLI, which reads the SQLite file)' : ''}`, async () => {
    const r = await cli(await copyData(), ['not-a-head']);
    expect(r.code).toBe(2);
    expect(r.text).toContain('"not-a-head" is not a head');
  });
});

describe('POST /api/meetings/:id/audit/check', () => {
  it('runs the check with the heads a device kept, for those who run the meeting only', async () => {
    const data = await copyData();
    await tamper(data, (db) => db.run('DELETE FROM audit_log WHERE meeting_id = ? AND seq = (SELECT max(seq) FROM audit_log WHERE meeting_id = ?)', meetingId, meetingId));
    const server = await start(data);
    try {
      const heads = [{ hash: lastReceipt.auditHead!, length: lastReceipt.auditLength! }];
      const denied = await call(server.url, 'POST', `/api/meetings/${meetingId}/audit/check`, t.d1!, { heads });
      expect(denied.status).toBe(403);
      const bad = await call<{ error: { message: string } }>(server.url, 'POST', `/api/meetings/${meetingId}/audit/check`, t.sec!, { heads: [{ hash: 'xyz', length: 1 }] });
      expect(bad.status).toBe(400);
      const r = await call<AuditReport>(server.url, 'POST', `/api/meetings/${meetingId}/audit/check`, t.sec!, { heads });
      expect(r.status).toBe(200);
      expect(r.body.ok).toBe(false);
      expect(r.body.problems).toContainEqual(expect.objectContaining({ code: 'head_missing', row: String(lastReceipt.auditLength) }));
    } finally {
      await server.close();
    }
  }, 30_000);
});
