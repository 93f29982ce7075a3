/**
 * Issue 16, undo that undoes only what you expect: two secretaries edit one agenda through
 * their own desktop cores against a real server on 127.0.0.1. A's undo takes back A's own
 * edit and never B's; each step says what it will undo; publishing empties both stacks.
 */
import { describe, expect } from 'vitest';
import type { MeetingView } from '../../../shared/contract';
import type { Core } from '../../../main/core';
import { waitUntil } from '../../support/temp';
import { test as it, type CoreFixtures } from '../../support/core-fixture';

type Device = { core: Core; views: Map<string, MeetingView> };

async function openSynced(d: Device, meetingId: string): Promise<MeetingView> {
  await d.core.api.meetings.open({ meetingId });
  return waitUntil(() => (d.views.get(meetingId)?.synced ? d.views.get(meetingId) : null), 'the meeting to sync');
}

const item = (d: Device, meetingId: string, number: string) => d.views.get(meetingId)?.content.agenda.find((i) => i.number === number);

/** A draft meeting with three items, edited by `secretary` (A) and a second secretary (B). */
async function twoEditors({ server, device }: Pick<CoreFixtures, 'server' | 'device'>) {
  const srv = await server();
  // Signed in with the meeting list read; this test makes and opens its own meeting.
  const a = await device(srv.url, 'secretary', { until: 'listed' });
  const { id: meetingId } = await a.core.api.meetings.create({ title: 'Họp chuẩn bị Đề án', startsAt: '2026-12-10T08:00:00+07:00', endsAt: '2026-12-10T11:00:00+07:00' });
  await openSynced(a, meetingId);
  for (const title of ['Khai mạc', 'Báo cáo kinh tế - xã hội', 'Bế mạc']) await a.core.api.agenda.add({ meetingId, parentId: null, title });
  const added = await a.core.api.participants.add({
    meetingId,
    participant: { name: 'Đỗ Thị Thu', username: 'thu.dt', role: 'secretariat', position: 'Chuyên viên', unit: 'Văn phòng Chính phủ' },
  });
  const b = await device(srv.url, 'thu.dt', { password: added.added[0]!.initialPassword!, until: 'listed' });
  await openSynced(b, meetingId);
  await waitUntil(() => b.views.get(meetingId)?.content.agenda.length === 3 || null, 'B to see the three items');
  // The adds are A's own steps; a fresh step starts after the capture window.
  await new Promise((r) => setTimeout(r, 450));
  return { a, b, meetingId };
}

describe('undo in the agenda editor', () => {
  it("undoes only the person's own edits: A's undo never reverts B's", async ({ server, device }) => {
    const { a, b, meetingId } = await twoEditors({ server, device });
    const one = item(a, meetingId, '1')!.id;
    const two = item(a, meetingId, '2')!.id;

    await a.core.api.agenda.rename({ meetingId, itemId: one, title: 'Khai mạc phiên họp' });
    await waitUntil(() => item(b, meetingId, '1')?.title === 'Khai mạc phiên họp' || null, 'B to see A’s rename');
    // B, later: a duration on item 2 and a new title on the item A renamed.
    await b.core.api.agenda.update({ meetingId, itemId: two, durationMin: 45 });
    await new Promise((r) => setTimeout(r, 450));
    await b.core.api.agenda.rename({ meetingId, itemId: two, title: 'Báo cáo tình hình kinh tế - xã hội' });
    await waitUntil(() => item(a, meetingId, '2')?.title === 'Báo cáo tình hình kinh tế - xã hội' || null, 'A to see B’s edits');

    // Each says what its own undo would take back.
    await waitUntil(() => a.views.get(meetingId)?.history.undo?.action === 'rename' || null, 'A’s undo step');
    expect(a.views.get(meetingId)!.history.undo).toEqual({ action: 'rename', itemNumber: '1' });
    expect(b.views.get(meetingId)!.history.undo).toEqual({ action: 'rename', itemNumber: '2' });

    await a.core.api.agenda.undo({ meetingId });
    await waitUntil(() => item(b, meetingId, '1')?.title === 'Khai mạc' || null, 'A’s rename undone on both');
    for (const d of [a, b]) {
      expect(item(d, meetingId, '2')).toMatchObject({ title: 'Báo cáo tình hình kinh tế - xã hội', durationMin: 45 });
    }
    // What A's stack holds next is A's own: the last item A added, never B's edits.
    await waitUntil(() => a.views.get(meetingId)?.history.undo?.action === 'add' || null, 'A’s next step');
    expect(a.views.get(meetingId)!.history.undo).toEqual({ action: 'add', itemNumber: '3' });
  });

  it("A's undo of a title B has since changed leaves B's title", async ({ server, device }) => {
    const { a, b, meetingId } = await twoEditors({ server, device });
    const three = item(a, meetingId, '3')!.id;
    await a.core.api.agenda.rename({ meetingId, itemId: three, title: 'Bế mạc (A)' });
    await waitUntil(() => item(b, meetingId, '3')?.title === 'Bế mạc (A)' || null, 'B to see A’s rename');
    await b.core.api.agenda.rename({ meetingId, itemId: three, title: 'Bế mạc (B)' });
    await waitUntil(() => item(a, meetingId, '3')?.title === 'Bế mạc (B)' || null, 'A to see B’s rename');
    await a.core.api.agenda.undo({ meetingId });
    // Give the undo time to travel, then check nobody's title moved back.
    await new Promise((r) => setTimeout(r, 300));
    await b.core.api.agenda.add({ meetingId, parentId: null, title: 'Dấu mốc' });
    await waitUntil(() => a.views.get(meetingId)?.content.agenda.length === 4 || null, 'a later edit to arrive');
    expect(item(a, meetingId, '3')!.title).toBe('Bế mạc (B)');
    expect(item(b, meetingId, '3')!.title).toBe('Bế mạc (B)');
  });

  it('makes each described edit its own step, named by the item number as the agenda reads now', async ({ server, device }) => {
    const { a, meetingId } = await twoEditors({ server, device });
    const two = item(a, meetingId, '2')!.id;
    // Within the capture window, but different edits: two steps, not one.
    await a.core.api.agenda.rename({ meetingId, itemId: two, title: 'Báo cáo (sửa)' });
    await a.core.api.agenda.update({ meetingId, itemId: two, durationMin: 30 });
    await waitUntil(() => a.views.get(meetingId)?.history.undo?.action === 'duration' || null, 'the duration step');
    expect(a.views.get(meetingId)!.history.undo).toEqual({ action: 'duration', itemNumber: '2' });
    await a.core.api.agenda.undo({ meetingId });
    await waitUntil(() => (item(a, meetingId, '2')?.durationMin === null ? true : null), 'the duration undone');
    expect(item(a, meetingId, '2')!.title).toBe('Báo cáo (sửa)');
    expect(a.views.get(meetingId)!.history.undo).toEqual({ action: 'rename', itemNumber: '2' });
    expect(a.views.get(meetingId)!.history.redo).toEqual({ action: 'duration', itemNumber: '2' });

    // A deleted item is named by the number it had.
    const three = item(a, meetingId, '3')!.id;
    await new Promise((r) => setTimeout(r, 450));
    await a.core.api.agenda.remove({ meetingId, itemId: three });
    await waitUntil(() => a.views.get(meetingId)?.history.undo?.action === 'remove' || null, 'the removal step');
    expect(a.views.get(meetingId)!.history.undo).toEqual({ action: 'remove', itemNumber: '3' });
  });

  it('never undoes across publishing, on the device that published and on the other', async ({ server, device }) => {
    const { a, b, meetingId } = await twoEditors({ server, device });
    const one = item(a, meetingId, '1')!.id;
    await a.core.api.agenda.update({ meetingId, itemId: one, durationMin: 25 });
    await b.core.api.agenda.rename({ meetingId, itemId: one, title: 'Khai mạc (B)' });
    await waitUntil(() => (a.views.get(meetingId)?.history.canUndo && b.views.get(meetingId)?.history.canUndo) || null, 'both to have a step');

    await a.core.api.meetings.publish({ meetingId });
    await waitUntil(() => (b.views.get(meetingId)?.content.meta.status === 'published' ? true : null), 'B to see the meeting published');
    for (const d of [a, b]) {
      await waitUntil(() => (d.views.get(meetingId)?.history.canUndo === false ? true : null), 'the undo stack emptied');
      expect(d.views.get(meetingId)!.history).toMatchObject({ canUndo: false, canRedo: false, undo: null, redo: null });
    }
    await a.core.api.agenda.undo({ meetingId });
    await b.core.api.agenda.undo({ meetingId });
    await new Promise((r) => setTimeout(r, 300));
    for (const d of [a, b]) expect(item(d, meetingId, '1')).toMatchObject({ title: 'Khai mạc (B)', durationMin: 25 });
  });
});
