/**
 * Shared annotations through the outbox endpoint: who may share or change which one,
 * idempotency by key, what others read back, and the version in `live/<id>`.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationPayload, SharedAnnotationsResponse } from '../../../shared/api/reading';
import type { OutboxRecord } from '../../../shared/api/outbox';
import { readAnnotationsVersion } from '../../../shared/ydoc/live';
import { addDocument } from '../../../shared/ydoc/meeting';
import { call, connect, createMeeting, submit, waitFor, serverWithMeeting } from './helpers';

const suite = serverWithMeeting('ann', { sec: 'secretariat', d1: 'delegate', d2: 'delegate', outsider: null }, { server: { records: { flushMs: 20 } } });
const { u, t } = suite;
let otherMeetingId: string;
const documentId = 'doc-bao-cao';

type Key = OutboxRecord['key'];
const annotation = (extra: Partial<AnnotationPayload> = {}, key: string = randomUUID()): OutboxRecord => ({
  key: key as Key,
  kind: 'annotation',
  payload: {
    annotationId: randomUUID(),
    documentId,
    page: 2,
    kind: 'highlight',
    quote: 'nghị quyết',
    rects: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.02 }],
    note: null,
    color: '#ffd54f',
    deleted: false,
    ...extra,
  },
});
const send = (who: string, recs: OutboxRecord[], meeting = suite.meetingId) => submit(suite.server.url, meeting, t[who]!, recs);
const read = (who: string, since?: number | string) =>
  call<SharedAnnotationsResponse>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/annotations${since === undefined ? '' : `?since=${encodeURIComponent(String(since))}`}`, t[who]!);

beforeAll(async () => {
  otherMeetingId = await createMeeting(suite.server.store, [[u.d1!, 'delegate']]);
  await suite.server.docs.transact(`meeting/${suite.meetingId}`, (doc) =>
    addDocument(doc, { id: documentId, title: 'Báo cáo', sha256: 'a'.repeat(64), size: 1000, pages: 10, agendaItemId: null, confidentiality: 'internal' }),
  );
});

describe('shared annotations', () => {
  it("stores a participant's shared annotation once per key, lists it to others and bumps the live version", async () => {
    const live = connect(suite.server.url, `live/${suite.meetingId}`, t.d2!);
    try {
      await live.synced;
      const before = readAnnotationsVersion(live.doc);
      const rec = annotation({ note: 'Cần làm rõ nguồn vốn' });
      const id = (rec.payload as AnnotationPayload).annotationId;
      const [first] = await send('d1', [rec]);
      expect(first).toMatchObject({ ok: true });
      // The same key again: the same receipt, nothing stored twice, the version does not move.
      const [again] = await send('d1', [rec]);
      expect(again).toEqual(first);
      const seen = await read('d2');
      expect(seen.status).toBe(200);
      expect(seen.body.annotations).toHaveLength(1);
      expect(seen.body.annotations[0]).toMatchObject({ id, authorId: u.d1!.id, authorName: u.d1!.displayName, documentId, page: 2, note: 'Cần làm rõ nguồn vốn' });
      expect(seen.body.version).toBe(before + 1);
      await waitFor(() => readAnnotationsVersion(live.doc) === seen.body.version, 5000, 'the live version to move');
      // The author's own are not sent back to them.
      expect((await read('d1')).body.annotations.find((a) => a.id === id)).toBeUndefined();

      // A change, then a withdrawal: others get them as changes since their version.
      const [edited] = await send('d1', [annotation({ ...(rec.payload as AnnotationPayload), note: 'Đã sửa' })]);
      expect(edited).toMatchObject({ ok: true });
      const since = await read('d2', seen.body.version);
      expect(since.body.annotations.map((a) => a.note)).toEqual(['Đã sửa']);
      expect(since.body.deleted).toEqual([]);
      const [withdrawn] = await send('d1', [annotation({ ...(rec.payload as AnnotationPayload), deleted: true })]);
      expect(withdrawn).toMatchObject({ ok: true });
      const after = await read('d2', since.body.version);
      expect(after.body).toMatchObject({ annotations: [], deleted: [id] });
      expect((await read('d2')).body.annotations.find((a) => a.id === id)).toBeUndefined();
      await waitFor(() => readAnnotationsVersion(live.doc) === after.body.version, 5000, 'the live version to follow');
      // A time works as "since" too.
      const byTime = await read('d2', '2000-01-01T00:00:00Z');
      expect(byTime.body.deleted).toContain(id);
    } finally {
      live.destroy();
    }
  });

  it("refuses someone else's annotation id, an unknown document, and a non-member", async () => {
    const mine = annotation();
    expect((await send('d1', [mine]))[0]).toMatchObject({ ok: true });
    const id = (mine.payload as AnnotationPayload).annotationId;
    const hijackKey = randomUUID();
    const [hijack] = await send('d2', [annotation({ annotationId: id, note: 'not mine' }, hijackKey)]);
    expect(hijack).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/another participant/) } });
    const [erase] = await send('d2', [annotation({ annotationId: id, deleted: true })]);
    expect(erase).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A retry of a refused key gets the same refusal back.
    expect((await send('d2', [annotation({ annotationId: id, note: 'not mine' }, hijackKey)]))[0]).toEqual(hijack);
    expect((await read('d2')).body.annotations.find((a) => a.id === id)?.note).toBeNull();

    const [unknown] = await send('d1', [annotation({ documentId: 'no-such-document' })]);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('no-such-document') } });
    // A document of another meeting is not a document of this one.
    const [elsewhere] = await send('d1', [annotation()], otherMeetingId);
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const outsider = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/records`, t.outsider!, { records: [annotation()] });
    expect(outsider.status).toBe(404);
    expect((await read('outsider')).status).toBe(404);
    expect((await read('d2', 'yesterday')).status).toBe(400);
  });

  it('accepts a batch of many annotations in one live update', async () => {
    const recs = Array.from({ length: 50 }, () => annotation());
    const receipts = await send('d2', recs);
    expect(receipts.every((r) => r.ok)).toBe(true);
    const listed = await read('d1');
    expect(listed.body.annotations.filter((a) => a.authorId === u.d2!.id)).toHaveLength(50);
    const flushes = suite.server.records.stats().flushes;
    await new Promise((r) => setTimeout(r, 200));
    expect(suite.server.records.stats().flushes - flushes).toBeLessThanOrEqual(1);
  });
});
