/**
 * Annotations shared with the meeting, between two delegate devices: real server (demo
 * meeting), real cores, real SQLite. Sharing goes through the outbox; others' shared ones
 * arrive when `live/<id>` says the meeting's annotations changed, and stay readable offline.
 */
import { describe, expect } from 'vitest';
import { test as it, type CoreFixtures } from '../../support/core-fixture';
import type { Annotation } from '../../../shared/contract';
import { waitUntil } from '../../support/temp';

/** A delegate's device with the meeting opened, not yet synced, and a lister of its annotations. */
async function delegate(device: CoreFixtures['device'], serverUrl: string, username: string) {
  const d = await device(serverUrl, username, { until: 'opened' });
  const list = (documentId?: string) => d.core.api.annotations.list(documentId ? { meetingId: d.meetingId, documentId } : { meetingId: d.meetingId });
  return { ...d, name: d.user.displayName, list };
}

const find = (list: Annotation[], id: string) => list.find((a) => a.id === id);

describe('annotations shared with the meeting', () => {
  it("reach the other delegates with the author's name, read-only, follow the author's changes and stay readable offline", async ({ server, device }) => {
    const srv = await server();
    const a = await delegate(device, srv.url, 'delegate01');
    const b = await delegate(device, srv.url, 'delegate02');
    const doc = await waitUntil(() => a.views.get(a.meetingId)?.content.documents.find((d) => !d.supersededBy && d.pages >= 2), 'a document in the meeting');

    // A shares a highlight: sent through the outbox, receipted, then on B's device.
    const highlight = await a.core.api.annotations.add({
      meetingId: a.meetingId,
      documentId: doc.id,
      page: 1,
      kind: 'highlight',
      quote: 'nghị quyết',
      rects: [{ x: 0.1, y: 0.2, w: 0.4, h: 0.02 }],
      shared: true,
    });
    expect(highlight).toMatchObject({ shared: true, syncState: 'pending', mine: true, authorName: a.name });
    await waitUntil(async () => find(await a.list(doc.id), highlight.id)?.syncState === 'synced', "the server's receipt for A's highlight");
    const seen = await waitUntil(async () => find(await b.list(doc.id), highlight.id), "A's highlight on B's device", { timeoutMs: 5_000 });
    expect(seen).toMatchObject({ mine: false, authorName: a.name, quote: 'nghị quyết', kind: 'highlight', page: 1, documentId: doc.id, rects: highlight.rects });
    expect(find(await b.list(), highlight.id)).toBeDefined();

    // B can read it, not change or delete it.
    const edit = await b.core.api.annotations.update({ id: highlight.id, note: 'mine now' }).catch((e) => e);
    expect(edit).toMatchObject({ code: 'forbidden', message: expect.stringContaining(a.name) });
    const del = await b.core.api.annotations.remove({ id: highlight.id }).catch((e) => e);
    expect(del).toMatchObject({ code: 'forbidden' });
    expect(find(await b.list(doc.id), highlight.id)?.note).toBeNull();

    // B's private note stays on B's device; B's shared one reaches A.
    const secret = await b.core.api.annotations.add({ meetingId: b.meetingId, documentId: doc.id, page: 2, kind: 'note', note: 'Chỉ mình tôi biết' });
    const open = await b.core.api.annotations.add({ meetingId: b.meetingId, documentId: doc.id, page: 2, kind: 'note', note: 'Đề nghị làm rõ', shared: true });
    await waitUntil(async () => find(await a.list(doc.id), open.id), "B's shared note on A's device", { timeoutMs: 5_000 });
    expect(find(await a.list(), secret.id)).toBeUndefined();
    expect((await a.list()).filter((x) => !x.mine).map((x) => x.id)).toEqual([open.id]);
    // Making it shared later sends it; making it private again withdraws it.
    const flipped = await b.core.api.annotations.update({ id: secret.id, shared: true });
    expect(flipped.syncState).toBe('pending');
    await waitUntil(async () => find(await a.list(doc.id), secret.id), "B's note once shared", { timeoutMs: 5_000 });

    // A makes the highlight private: it disappears from B. A's note follows its edits.
    const note = await a.core.api.annotations.add({ meetingId: a.meetingId, documentId: doc.id, page: 2, kind: 'note', note: 'Ý kiến của tôi', shared: true });
    const priv = await a.core.api.annotations.update({ id: highlight.id, shared: false });
    expect(priv).toMatchObject({ shared: false, syncState: 'local' });
    await a.core.api.annotations.update({ id: note.id, note: 'Ý kiến đã sửa' });
    await waitUntil(async () => {
      const list = await b.list(doc.id);
      return !find(list, highlight.id) && find(list, note.id)?.note === 'Ý kiến đã sửa';
    }, 'the highlight to leave B and the edited note to reach B', { timeoutMs: 5_000 });
    // A deletes B's... cannot: and deleting one's own shared note withdraws it.
    await b.core.api.annotations.remove({ id: secret.id });
    await waitUntil(async () => !find(await a.list(doc.id), secret.id), "B's deleted note to leave A", { timeoutMs: 5_000 });

    // With the server gone, B still reads A's shared note.
    await srv.close();
    await waitUntil(async () => (await b.core.api.sync.status()).state === 'offline', 'B offline');
    const offline = await b.list(doc.id);
    expect(find(offline, note.id)).toMatchObject({ mine: false, authorName: a.name, note: 'Ý kiến đã sửa' });
    expect(find(offline, highlight.id)).toBeUndefined();
  });
});
