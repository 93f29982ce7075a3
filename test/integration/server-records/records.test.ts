/**
 * Check-in through the outbox endpoint: who may mark whom, the window, idempotency, and
 * what reaches `live/<id>`.
 */
import { createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readAttendance, readLive } from '../../../shared/ydoc/live';
import { ReceiptSigner } from '../../../server/records/receipt-signer';
import { receiptCode, receiptMessage } from '../../../shared/receipts';
import { call, checkinRecord, connect, submit, waitFor, serverWithMeeting, withRecordsDb } from './helpers';

const suite = serverWithMeeting('rec', { sec: 'secretariat', chair: 'chair', d1: 'delegate', d2: 'delegate', d3: 'delegate', d4: 'delegate', guest: 'guest', outsider: null });
const { u, t } = suite;

const records = (who: string, recs: Parameters<typeof submit>[3]) => submit(suite.server.url, suite.meetingId, t[who]!, recs);

describe('check-in', () => {
  it('refuses a self check-in while the window is closed, and accepts it once the chair opens it', async () => {
    const [closed] = await records('d1', [checkinRecord(u.d1!.id)]);
    expect(closed).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Check-in is closed for this meeting.', reason: 'checkin_closed' } });

    const del = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/checkin-window`, t.d1!, { open: true });
    expect(del.status).toBe(403);
    expect((del.body as { error: { message: string } }).error.message).toMatch(/chair.*secretariat/);
    const bad = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/checkin-window`, t.chair!, { open: 'yes' });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('"open"') });
    const opened = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/checkin-window`, t.chair!, { open: true });
    expect(opened.status).toBe(200);

    const [ok] = await records('d1', [checkinRecord(u.d1!.id)]);
    expect(ok).toMatchObject({ ok: true, receipt: expect.stringMatching(/^[0-9A-F]{5}-[0-9A-F]{5}$/) });
  });

  it('lets a delegate check in only themselves, and only as present', async () => {
    const [other, excused, sub] = await records('d1', [
      checkinRecord(u.d2!.id),
      checkinRecord(u.d1!.id, 'excused'),
      checkinRecord(u.d1!.id, 'present', 'Someone else'),
    ]);
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/only yourself/) } });
    expect(excused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(sub).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/substitute/) } });
  });

  it('lets the secretariat mark anyone, any status, with a substitute, even with the window closed', async () => {
    await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/checkin-window`, t.sec!, { open: false });
    const receipts = await records('sec', [
      checkinRecord(u.d2!.id, 'present', 'Nguyễn Văn Thế'),
      checkinRecord(u.d3!.id, 'excused'),
      checkinRecord(u.d4!.id, 'absent'),
    ]);
    expect(receipts.every((r) => r.ok)).toBe(true);
    const rows = await withRecordsDb(suite.dir, (db) => db.all<{
      user_id: string;
      status: string;
      substitute: string | null;
      by_user: string;
    }>('SELECT user_id, status, substitute, by_user FROM attendance WHERE meeting_id = ? ORDER BY user_id', suite.meetingId));
    const byUser = new Map(rows.map((r) => [r.user_id, r]));
    expect(byUser.get(u.d2!.id)).toMatchObject({ status: 'present', substitute: 'Nguyễn Văn Thế', by_user: u.sec!.id });
    expect(byUser.get(u.d3!.id)).toMatchObject({ status: 'excused' });
    expect(byUser.get(u.d4!.id)).toMatchObject({ status: 'absent' });
  });

  it('refuses marking someone who is not a voting member', async () => {
    const [guest, outsider] = await records('sec', [checkinRecord(u.guest!.id), checkinRecord(u.outsider!.id)]);
    expect(guest).toMatchObject({ ok: false, error: { code: 'not_found', message: 'rec-guest is not a member of this meeting.' } });
    expect(outsider).toMatchObject({ ok: false, error: { code: 'not_found', message: 'rec-outsider is not a member of this meeting.' } });
  });

  it('answers 404 to a non-member and 400 naming the field for a malformed record', async () => {
    const r = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/records`, t.outsider!, { records: [checkinRecord(u.outsider!.id)] });
    expect(r.status).toBe(404);
    const bad = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/records`, t.d1!, { records: [{ ...checkinRecord(u.d1!.id), key: 'not-a-uuid' }] });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('records.0.key') });
    const none = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/records`, t.d1!, { records: [] });
    expect(none.status).toBe(400);
    const anon = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/records`, null, { records: [checkinRecord(u.d1!.id)] });
    expect(anon.status).toBe(401);
  });

  it('counts a key once: twice in one batch, and again in a later request, with the same receipt', async () => {
    const rec = checkinRecord(u.d1!.id, 'absent');
    const first = await records('sec', [rec, rec]);
    expect(first[0]).toEqual(first[1]);
    await new Promise((r) => setTimeout(r, 5));
    const again = await records('sec', [rec]);
    expect(again[0]).toEqual(first[0]);
    expect(first[0]!.ok && again[0]!.ok && first[0]!.receivedAt === again[0]!.receivedAt).toBe(true);

    // A refusal is an answer too: the same key stays refused even after the window opens.
    const refused = checkinRecord(u.d3!.id);
    const [r1] = await records('d3', [refused]);
    expect(r1!.ok).toBe(false);
    await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/checkin-window`, t.sec!, { open: true });
    const [r2] = await records('d3', [refused]);
    expect(r2).toEqual(r1);
    // A key reused by somebody else is not theirs to replay.
    const [stolen] = await records('d2', [rec]);
    expect(stolen).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const n = await withRecordsDb(suite.dir, (db) => db.value('SELECT count(*) FROM record_receipts WHERE key = ?', rec.key));
    expect(n).toBe(1);
  });

  it('signs every receipt: a genuine one verifies, a forged or replayed one does not', async () => {
    // The check-in window is open since the test before.
    const rec = checkinRecord(u.d4!.id);
    const [rc] = await records('d4', [rec]);
    if (!rc?.ok) throw new Error('check-in refused');
    // Issue 18: the audit chain's head at this record is signed in too.
    expect(rc.auditHead).toMatch(/^[0-9a-f]{64}$/);
    const fields = { meetingId: suite.meetingId, userId: u.d4!.id, kind: 'checkin' as const, key: rec.key, receivedAt: rc.receivedAt, auditHead: rc.auditHead, auditLength: rc.auditLength };

    // Anyone can verify offline with the published key; the short code is the signature's start.
    const { body: pub } = await call<{ algorithm: string; publicKey: string }>(suite.server.url, 'GET', '/api/receipt-key', null);
    expect(pub.algorithm).toBe('Ed25519');
    const key = createPublicKey({ key: Buffer.from(pub.publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(receiptMessage(fields)), key, Buffer.from(rc.signature, 'base64url'))).toBe(true);
    expect(rc.receipt).toBe(receiptCode(rc.signature));

    const check = (who: string, body: object) => call<{ valid: boolean; reason: string | null }>(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/receipts/verify`, t[who]!, body);
    const genuine = { key: rec.key, kind: 'checkin', userId: u.d4!.id, receivedAt: rc.receivedAt, signature: rc.signature, auditHead: rc.auditHead, auditLength: rc.auditLength };
    expect((await check('d4', genuine)).body).toEqual({ valid: true, reason: null });
    // The desk checks anyone's receipt; another delegate may not.
    expect((await check('sec', genuine)).body).toEqual({ valid: true, reason: null });
    expect((await check('d1', genuine)).status).toBe(403);

    const flipped = Buffer.from(rc.signature, 'base64url');
    flipped[10]! ^= 1;
    expect((await check('d4', { ...genuine, signature: flipped.toString('base64url') })).body).toEqual({ valid: false, reason: 'signature' });
    // A real receipt replayed for another record, another time or another person.
    expect((await check('d4', { ...genuine, key: randomUUID() })).body).toEqual({ valid: false, reason: 'signature' });
    expect((await check('d4', { ...genuine, receivedAt: new Date().toISOString() })).body).toEqual({ valid: false, reason: 'signature' });
    expect((await check('sec', { ...genuine, userId: u.d3!.id })).body).toEqual({ valid: false, reason: 'signature' });
    // … or quoted with another chain head than the one signed; quoted without one, the server uses the head it signed.
    expect((await check('d4', { ...genuine, auditLength: rc.auditLength! + 1 })).body).toEqual({ valid: false, reason: 'signature' });
    const { auditHead: _h, auditLength: _l, ...withoutHead } = genuine;
    expect((await check('d4', withoutHead)).body).toEqual({ valid: true, reason: null });
    // Signed with somebody else's key: not this server's receipt.
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = sign(null, Buffer.from(receiptMessage(fields)), privateKey).toString('base64url');
    expect((await check('d4', { ...genuine, signature: forged })).body).toEqual({ valid: false, reason: 'signature' });
    // Malformed input changes nothing and says which field.
    const bad = await check('d4', { ...genuine, key: 'not-a-uuid' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('key');
  });

  it('keeps its receipt key across restarts, so old receipts still verify', async () => {
    const a = ReceiptSigner.open(suite.dir);
    const b = ReceiptSigner.open(suite.dir);
    expect(a.publicKeyBase64()).toBe(b.publicKeyBase64());
    const { body: pub } = await call<{ publicKey: string }>(suite.server.url, 'GET', '/api/receipt-key', null);
    expect(pub.publicKey).toBe(a.publicKeyBase64());
    const fields = { meetingId: suite.meetingId, userId: u.d1!.id, kind: 'ballot' as const, key: randomUUID(), receivedAt: new Date().toISOString() };
    // Deterministic: a retry gets byte-for-byte the same receipt without the server storing it.
    expect(a.sign(fields)).toEqual(b.sign(fields));
    expect(b.verify(fields, a.sign(fields).signature)).toBe(true);
  });

  it('publishes attendance and the window to live/<id>, latest mark winning', async () => {
    const c = connect(suite.server.url, `live/${suite.meetingId}`, t.d4!);
    try {
      await c.synced;
      const [r] = await records('sec', [checkinRecord(u.d4!.id, 'present')]);
      expect(r!.ok).toBe(true);
      await waitFor(() => readAttendance(c.doc).get(u.d4!.id)?.status === 'present', 5000, 'd4 present in live');
      expect(readLive(c.doc).checkInOpen).toBe(true);
      const att = readAttendance(c.doc);
      expect(att.get(u.d2!.id)).toMatchObject({ status: 'present', substitute: 'Nguyễn Văn Thế', by: u.sec!.id });
      expect(att.get(u.d1!.id)?.status).toBe('absent');
      expect(att.has(u.guest!.id)).toBe(false);
    } finally {
      c.destroy();
    }
  });

  it('logs window changes in the audit chain, which any member can read and verify', async () => {
    const r = await call<{ entries: { kind: string; data: { by: string } }[] }>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/audit`, t.d1!);
    expect(r.status).toBe(200);
    // Each accepted check-in is an entry of its own too (issue 18), so verify can hold the attendance rows to the chain.
    expect(r.body.entries.map((e) => e.kind).filter((k) => k !== 'attendance.marked')).toEqual(['checkin.opened', 'checkin.closed', 'checkin.opened']);
    expect(r.body.entries.filter((e) => e.kind === 'attendance.marked').length).toBeGreaterThan(0);
    expect(r.body.entries[0]!.data.by).toBe(u.chair!.id);
    const v = await call(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/audit/verify`, t.d1!);
    expect(v.body).toMatchObject({ ok: true, length: r.body.entries.length, brokenAt: null });
    expect((await call(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/audit`, t.outsider!)).status).toBe(404);
  });
});
