/**
 * The seating plan through the desktop core against a real server: the demo hall, blocks,
 * drag-and-drop style assignment (one seat per person), swaps, auto-assign, and the
 * repairs concurrent edits need.
 */
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import type { RoomView, SeatingView, SeatView } from '../../../shared/ydoc/seating';
import { startFlakyProxy } from '../../support/flaky-proxy';
import { waitUntil } from '../../support/temp';

describe('seating plan', () => {
  it('the demo hall seats everyone once, presidium first, and a delegate finds their seat', async ({ serverWith }) => {
    const { del } = await serverWith({ del: 'delegate01' });
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

  it('secretaries build a hall, assign, swap and auto-assign; the delegate sees it live; bad input is refused', async ({ serverWith }) => {
    const { sec, del } = await serverWith({ sec: 'secretary', del: 'delegate02' });
    const { meetingId } = sec;
    const site = sec.view()!.content.sites[1]!;
    const { roomId } = await sec.core.api.seating.addRoom({ meetingId, siteId: site.id, name: 'Phòng họp trực tuyến' });
    expect(await sec.core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'A', rows: 12, cols: 20 } })).toEqual({ seats: 240 });
    const overlap = await sec.core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'B', rows: 2, cols: 2, x: 5, y: 5 } }).catch((e) => e);
    expect(overlap.code).toBe('invalid_input');
    expect(overlap.message).toMatch(/overlap seat A-06-06/);
    const sameName = await sec.core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'A', rows: 1, cols: 2, x: 0, y: 40 } }).catch((e) => e);
    expect(sameName.code).toBe('invalid_input');
    expect(sameName.message).toMatch(/already has a seat A-01-01/);
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
    expect(auto).toEqual({ assigned: 1, unassigned: 0, withoutSite: 0 });
    await waitUntil(() => room().seats.some((s) => s.participantId === delegate.id), 'auto-assigned');
    await waitUntil(() => del.view()!.seating.rooms.some((r) => r.id === roomId && r.seats.length === 240), 'the delegate sees the new room live');
  });

  it('two secretaries edit one seating plan at once, one of them offline for part of it, and converge; a delegate sees the same', async ({ defer, device, serverWith }) => {
    const { srv, one } = await serverWith({ one: 'secretary' });
    const { meetingId } = one;
    const added = await one.core.api.participants.add({
      meetingId,
      participant: { name: 'Đỗ Thị Thu', username: 'thu.dt', role: 'secretariat', position: 'Chuyên viên', unit: 'Văn phòng Chính phủ' },
    });
    // The second secretary reaches the server through a proxy standing in for her network.
    let proxy = await startFlakyProxy(srv.url);
    const proxyPort = Number(new URL(proxy.url).port);
    defer(() => proxy.close());
    const two = await device(proxy.url, 'thu.dt', { password: added.added[0]!.initialPassword! });
    const del = await device(srv.url, 'delegate01');

    // Named to come before the demo hall in the plan, though it is made after it.
    const { roomId } = await one.core.api.seating.addRoom({ meetingId, siteId: null, name: 'Báo chí và khách mời' });
    const roomOf = (d: typeof one) => d.view()!.seating.rooms.find((r) => r.id === roomId);
    await waitUntil(() => roomOf(two), 'the new room on the second device');

    // At the same time, online: each draws a block in the same room.
    await Promise.all([
      one.core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'A', rows: 2, cols: 6, x: 0, y: 0 } }),
      two.core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'B', rows: 2, cols: 6, x: 0, y: 3 } }),
    ]);
    await waitUntil(() => roomOf(one)?.seats.length === 24 && roomOf(two)?.seats.length === 24, 'both blocks on both devices');
    const seat = (label: string, room: RoomView | undefined = roomOf(one)) => room!.seats.find((s) => s.label === label)!;
    const ids = Object.fromEntries(['A-01-01', 'A-01-02', 'A-01-03', 'A-02-01', 'A-02-02', 'B-01-01', 'B-01-02', 'B-02-01'].map((l) => [l, seat(l).id]));

    // Ten delegates, each seated in the demo hall to begin with.
    const start = one.view()!;
    const hallSeat = (pid: string) => start.seating.rooms.flatMap((r) => r.seats).find((s) => s.participantId === pid)!;
    const [p, q, r, s, u, v, w, x, y, z] = start.content.participants
      .filter((x) => x.role === 'delegate')
      .slice(0, 10)
      .map((x) => x.id) as [string, string, string, string, string, string, string, string, string, string];
    for (const pid of [p, q, r, s, u, v, w, x, y, z]) expect(hallSeat(pid)).toBeTruthy();

    // Still online, at the same time and without conflict: each seats two people.
    await Promise.all([
      one.core.api.seating.assign({ meetingId, roomId, seatId: ids['A-02-01']!, participantId: w }),
      two.core.api.seating.assign({ meetingId, roomId, seatId: ids['A-02-02']!, participantId: x }),
    ]);
    await waitUntil(() => seat('A-02-01', roomOf(two)).participantId === w && seat('A-02-02', roomOf(one)).participantId === x, 'both seatings on both devices');

    // The second secretary's network drops; both keep editing.
    await proxy.close();
    await waitUntil(async () => (await two.core.api.sync.status()).state === 'offline', 'the second device offline');
    await Promise.all([
      // Each draws another block.
      one.core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'C', rows: 1, cols: 6, x: 0, y: 6 } }),
      two.core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'D', rows: 1, cols: 6, x: 8, y: 0 } }),
      // The same person into two different seats.
      one.core.api.seating.assign({ meetingId, roomId, seatId: ids['A-01-01']!, participantId: p }),
      two.core.api.seating.assign({ meetingId, roomId, seatId: ids['B-01-01']!, participantId: p }),
      // Two different people into the same seat (twice).
      one.core.api.seating.assign({ meetingId, roomId, seatId: ids['A-01-02']!, participantId: q }),
      two.core.api.seating.assign({ meetingId, roomId, seatId: ids['A-01-02']!, participantId: r }),
      one.core.api.seating.assign({ meetingId, roomId, seatId: ids['B-02-01']!, participantId: u }),
      two.core.api.seating.assign({ meetingId, roomId, seatId: ids['B-02-01']!, participantId: v }),
      // One swaps two seated people while the other clears one of those seats.
      one.core.api.seating.swap({ meetingId, a: { roomId, seatId: ids['A-02-01']! }, b: { roomId, seatId: ids['A-02-02']! } }),
      two.core.api.seating.assign({ meetingId, roomId, seatId: ids['A-02-01']!, participantId: null }),
    ]);
    // Meanwhile two delegates leave the meeting (the server removes them from the list,
    // not from their seats); the offline secretary, not knowing, seats one of them here.
    await two.core.api.seating.assign({ meetingId, roomId, seatId: ids['A-01-03']!, participantId: z });
    await one.core.api.participants.remove({ meetingId, userId: y });
    await one.core.api.participants.remove({ meetingId, userId: z });
    // And the offline one moves someone the other has not touched.
    await two.core.api.seating.assign({ meetingId, roomId, seatId: ids['B-01-02']!, participantId: s });
    await two.core.api.seating.swap({ meetingId, a: { roomId, seatId: ids['B-01-02']! }, b: { roomId, seatId: ids['B-01-01']! } });
    await waitUntil(() => seat('B-01-01', roomOf(two)).participantId === s && seat('B-01-02', roomOf(two)).participantId === p, 'the swap on the offline device');

    // The network returns: both devices and the delegate's show one and the same plan.
    proxy = await startFlakyProxy(srv.url, proxyPort);
    const json = (v: SeatingView | undefined) => JSON.stringify(v ?? null);
    const plan = await waitUntil(() => {
      const a = one.view()!.seating;
      const room = a.rooms.find((r) => r.id === roomId);
      return room?.seats.length === 36 && json(a) === json(two.view()?.seating) && json(a) === json(del.view()?.seating) ? a : null;
    }, 'all three devices to show the same seating', { timeoutMs: 20_000 });
    // A device that opens the meeting only now (its document built from the server's state
    // in one go, in another order than the live devices') shows the same plan too.
    const late = await device(srv.url, 'chair');
    expect(json(late.view()!.seating)).toBe(json(plan));

    // Nobody sits twice and no seat holds two people, across every room.
    const all = plan.rooms.flatMap((r) => r.seats);
    const seated = all.filter((x) => x.participantId).map((x) => x.participantId!);
    expect(new Set(seated).size).toBe(seated.length);
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
    const room = plan.rooms.find((r) => r.id === roomId)!;
    expect(room.seats.map((x) => x.label)).toEqual([
      ...['A-01-01', 'A-01-02', 'A-01-03', 'A-01-04', 'A-01-05', 'A-01-06', 'D-01-01', 'D-01-02', 'D-01-03', 'D-01-04', 'D-01-05', 'D-01-06'],
      ...['A-02-01', 'A-02-02', 'A-02-03', 'A-02-04', 'A-02-05', 'A-02-06'],
      ...['B-01-01', 'B-01-02', 'B-01-03', 'B-01-04', 'B-01-05', 'B-01-06'],
      ...['B-02-01', 'B-02-02', 'B-02-03', 'B-02-04', 'B-02-05', 'B-02-06'],
      ...['C-01-01', 'C-01-02', 'C-01-03', 'C-01-04', 'C-01-05', 'C-01-06'],
    ]);
    const at = (label: string) => seat(label, room).participantId;
    const seatOf = (pid: string): SeatView | undefined => all.find((x) => x.participantId === pid);
    // Everyone moved out of the demo hall is out of it on every device.
    for (const pid of [p, q, r, s, u, v, w, x, y, z]) expect(all.find((x) => x.id === hallSeat(pid).id)!.participantId).toBeNull();

    // The same person in A-01-01 (first device) and B-01-01 (second, then swapped to B-01-02
    // there): the plan keeps the seat with the lowest id and reports the other.
    const twice = [ids['A-01-01']!, ids['B-01-02']!];
    const kept = [...twice].sort((a, b) => a.localeCompare(b))[0]!;
    expect(seatOf(p)!.id).toBe(kept);
    expect(all.find((x) => x.id === twice.find((id) => id !== kept))!.participantId).toBeNull();
    // The people who left sit nowhere; the seats they still held in the document are
    // reported, in plan order (rooms by name, seats front to back), the same on every device.
    expect(at('A-01-03')).toBeNull();
    const removed = [
      { room: start.seating.rooms.find((x) => x.seats.some((s) => s.id === hallSeat(y).id))!, seatId: hallSeat(y).id, participantId: y },
      { room, seatId: ids['A-01-03']!, participantId: z },
    ].sort((a, b) => plan.rooms.findIndex((x) => x.id === a.room.id) - plan.rooms.findIndex((x) => x.id === b.room.id));
    expect(plan.problems).toEqual([
      ...removed.map(({ seatId, participantId }) => ({ kind: 'participant_removed', seatId, participantId })),
      { kind: 'seated_twice', participantId: p, seatIds: [ids['A-01-01'], ids['B-01-02']], keptSeatId: kept },
    ]);
    expect(at('B-01-01')).toBe(s);

    // Two people into one seat: one edit wins the seat, the same device's edit both times
    // (Yjs settles a conflict on one key by the writers' client ids); the other person was
    // taken out of their hall seat by their own edit and is now unseated, listed as such.
    const firstWins = at('A-01-02') === q;
    expect(at('A-01-02')).toBe(firstWins ? q : r);
    expect(seatOf(firstWins ? r : q)).toBeUndefined();
    expect(at('B-02-01')).toBe(firstWins ? u : v);
    expect(seatOf(firstWins ? v : u)).toBeUndefined();
    // The swap against the clear: A-02-02 took W from the swap either way; A-02-01 holds
    // X if the swap won that seat, else it is empty and X (swapped out of A-02-02) is unseated.
    expect(at('A-02-02')).toBe(w);
    expect(at('A-02-01')).toBe(firstWins ? x : null);
    if (!firstWins) expect(seatOf(x)).toBeUndefined();
  });
});
