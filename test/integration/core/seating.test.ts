/**
 * The seating plan through the desktop core against a real server: the demo hall, blocks,
 * drag-and-drop style assignment (one seat per person), swaps, auto-assign, and the
 * repairs concurrent edits need.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/app';
import { createCore, type Core } from '../../../main/core';
import type { MeetingView } from '../../../shared/contract';
import { currentMeeting, tempDir, waitUntil } from '../../support/temp';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function device(serverUrl: string, username: string) {
  const core: Core = await createCore({ dataDir: tempDir(), mode: 'browser', log: () => undefined });
  cleanups.push(() => core.close());
  const views = new Map<string, MeetingView>();
  core.on('meeting.changed', (v) => views.set(v.id, v));
  await core.api.session.login({ serverUrl, username, password: 'demo' });
  const meetingId = currentMeeting((await core.api.meetings.list()).meetings).id;
  await core.api.meetings.open({ meetingId });
  const view = () => views.get(meetingId);
  await waitUntil(() => view()?.synced, 'sync');
  return { core, meetingId, view };
}

describe('seating plan', () => {
  it('the demo hall seats everyone once, presidium first, and a delegate finds their seat', async () => {
    const srv = await startServer({ dataDir: tempDir(), port: 0, demo: true, log: () => undefined });
    cleanups.push(() => srv.close());
    const del = await device(srv.url, 'delegate01');
    const v = del.view()!;
    expect(v.seating.rooms.map((r) => r.name)).toEqual(expect.arrayContaining(['Hội trường Diên Hồng']));
    const seated = v.seating.rooms.flatMap((r) => r.seats).filter((s) => s.participantId);
    expect(new Set(seated.map((s) => s.participantId)).size).toBe(seated.length);
    expect(seated.length).toBe(v.content.participants.length);
    const chair = v.content.participants.find((p) => p.role === 'chair')!;
    expect(seated.find((s) => s.participantId === chair.id)?.kind).toBe('presidium');
    const mine = seated.find((s) => s.participantId === v.me)!;
    expect(mine.label).toMatch(/^[A-C]-\d\d-\d\d$/);
    expect(v.seating.problems).toEqual([]);
  });

  it('secretaries build a hall, assign, swap and auto-assign; the delegate sees it live; bad input is refused', async () => {
    const srv = await startServer({ dataDir: tempDir(), port: 0, demo: true, log: () => undefined });
    cleanups.push(() => srv.close());
    const sec = await device(srv.url, 'secretary');
    const del = await device(srv.url, 'delegate02');
    const { meetingId } = sec;
    const site = sec.view()!.content.sites[1]!;
    const { roomId } = await sec.core.api.seating.addRoom({ meetingId, siteId: site.id, name: 'Phòng họp trực tuyến' });
    expect(await sec.core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'A', rows: 12, cols: 20 } })).toEqual({ seats: 240 });
    const overlap = await sec.core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'B', rows: 2, cols: 2, x: 5, y: 5 } }).catch((e) => e);
    expect(overlap.code).toBe('invalid_input');
    expect(overlap.message).toMatch(/overlap seat A-06-06/);
    const badBlock = await sec.core.api.seating.generateBlock({ meetingId, roomId, block: { name: '', rows: 0, cols: 5 } }).catch((e) => e);
    expect(badBlock.code).toBe('invalid_input');

    const room = () => sec.view()!.seating.rooms.find((r) => r.id === roomId)!;
    await waitUntil(() => room()?.seats.length === 240, 'seats in the view');
    const [s1, s2] = [room().seats[0]!, room().seats[1]!];
    expect(s1.label).toBe('A-01-01');
    const delegate = sec.view()!.content.participants.find((p) => p.role === 'delegate' && p.siteId === site.id)!;
    // Drop a person on a seat: they leave the seat they had in the demo hall.
    await sec.core.api.seating.assign({ meetingId, roomId, seatId: s1.id, participantId: delegate.id });
    await waitUntil(() => room().seats[0]!.participantId === delegate.id, 'assigned');
    expect(sec.view()!.seating.rooms.flatMap((r) => r.seats).filter((s) => s.participantId === delegate.id)).toHaveLength(1);
    await sec.core.api.seating.swap({ meetingId, a: { roomId, seatId: s1.id }, b: { roomId, seatId: s2.id } });
    await waitUntil(() => room().seats[1]!.participantId === delegate.id && room().seats[0]!.participantId === null, 'swapped');

    const gone = await sec.core.api.seating.assign({ meetingId, roomId, seatId: s1.id, participantId: 'nobody' }).catch((e) => e);
    expect(gone.code).toBe('not_found');
    const refused = await del.core.api.seating.assign({ meetingId, roomId, seatId: s1.id, participantId: null }).catch((e) => e);
    expect(refused.code).toBe('forbidden');

    await sec.core.api.seating.clearRoom({ meetingId, roomId });
    // Clearing freed the one person we moved here; everyone else of the site sits in the
    // demo's own room, so auto-assign seats exactly that person.
    const auto = await sec.core.api.seating.autoAssign({ meetingId, roomId });
    expect(auto).toEqual({ assigned: 1, unassigned: 0 });
    await waitUntil(() => room().seats.some((s) => s.participantId === delegate.id), 'auto-assigned');
    await waitUntil(() => del.view()!.seating.rooms.some((r) => r.id === roomId && r.seats.length === 240), 'the delegate sees the new room live');
  });
});
