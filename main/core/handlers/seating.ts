import * as Y from 'yjs';
import { ApiError } from '../../../shared/errors';
import { autoAssign, candidatesForRoom, generateBlock } from '../../../shared/domain/seating';
import { addRoom, addSeat, readSeating, roomSeats, seatingDoc } from '../../../shared/ydoc/seating';
import { meetingDoc, readMeeting } from '../../../shared/ydoc/meeting';
import type { CoreContext } from '../context';
import { patchMap } from '../map-patch';
import { localOrigin } from '../origins';
import type { Handlers } from '../validate';

/** A hall plan beyond this is a mistake, not a hall (the largest congress is 3,152). */
const maxSeatsPerRoom = 40_000;

export function seatingHandlers(ctx: CoreContext): Handlers['seating'] {
  const doc = (meetingId: string) => ctx.requireEditor(meetingId).meeting.doc;
  const seatsOf = (d: Y.Doc, roomId: string) => {
    const seats = roomSeats(d, roomId);
    if (!seats) throw new ApiError('not_found', 'This room no longer exists; someone may have removed it.');
    return seats;
  };
  const seat = (seats: Y.Map<Y.Map<unknown>>, seatId: string) => {
    const s = seats.get(seatId);
    if (!(s instanceof Y.Map)) throw new ApiError('not_found', 'This seat no longer exists; someone may have removed it.');
    return s;
  };
  /** Frees every seat a person holds, in every room: a person sits in one place. */
  const unseat = (d: Y.Doc, participantId: string) => {
    seatingDoc.rooms(d).forEach((room) => {
      const seats = room instanceof Y.Map ? room.get('seats') : null;
      if (!(seats instanceof Y.Map)) return;
      seats.forEach((s) => {
        if (s instanceof Y.Map && s.get('participantId') === participantId) s.set('participantId', null);
      });
    });
  };

  return {
    addRoom: async ({ meetingId, siteId, name }) => {
      const d = doc(meetingId);
      if (siteId && !meetingDoc.sites(d).has(siteId)) throw new ApiError('not_found', 'This site no longer exists.');
      const roomId = crypto.randomUUID();
      d.transact(() => addRoom(d, { id: roomId, siteId, name }), localOrigin);
      return { roomId };
    },
    updateRoom: async ({ meetingId, roomId, name, siteId }) => {
      const d = doc(meetingId);
      const room = seatingDoc.rooms(d).get(roomId);
      if (!(room instanceof Y.Map)) throw new ApiError('not_found', 'This room no longer exists; someone may have removed it.');
      patchMap(d, room, { name, siteId }, localOrigin);
      return null;
    },
    removeRoom: async ({ meetingId, roomId }) => {
      const d = doc(meetingId);
      seatsOf(d, roomId);
      d.transact(() => seatingDoc.rooms(d).delete(roomId), localOrigin);
      return null;
    },
    generateBlock: async ({ meetingId, roomId, block }) => {
      const d = doc(meetingId);
      const seats = seatsOf(d, roomId);
      const fresh = generateBlock(block);
      if (seats.size + fresh.length > maxSeatsPerRoom) {
        throw new ApiError('invalid_input', `A room can have at most ${maxSeatsPerRoom.toLocaleString('en')} seats.`);
      }
      const taken = new Map<string, string>();
      seats.forEach((s) => s instanceof Y.Map && taken.set(`${s.get('x')},${s.get('y')}`, String(s.get('label'))));
      const clash = fresh.find((s) => taken.has(`${s.x},${s.y}`));
      if (clash) {
        throw new ApiError('invalid_input', `Block ${block.name} would overlap seat ${taken.get(`${clash.x},${clash.y}`)}. Place it elsewhere on the plan.`);
      }
      // Labels are how people find a seat ("A-03-12"): two seats must never share one.
      const labels = new Set(taken.values());
      const twice = fresh.find((s) => labels.has(s.label));
      if (twice) {
        throw new ApiError('invalid_input', `This room already has a seat ${twice.label}. Give block ${block.name} another name.`);
      }
      d.transact(() => {
        for (const s of fresh) addSeat(seats, { ...s, id: crypto.randomUUID() });
      }, localOrigin);
      return { seats: fresh.length };
    },
    updateSeats: async ({ meetingId, roomId, seats: changes }) => {
      const d = doc(meetingId);
      const seats = seatsOf(d, roomId);
      const moving = new Set(changes.map((c) => c.seatId));
      const occupied = new Map<string, string>();
      seats.forEach((s, id) => {
        if (s instanceof Y.Map && !moving.has(id)) occupied.set(`${s.get('x')},${s.get('y')}`, String(s.get('label')));
      });
      for (const c of changes) {
        const s = seat(seats, c.seatId);
        const at = `${c.x ?? s.get('x')},${c.y ?? s.get('y')}`;
        if (occupied.has(at)) throw new ApiError('invalid_input', `Seat ${occupied.get(at)} is already there.`);
        occupied.set(at, String(c.label ?? s.get('label')));
      }
      d.transact(() => {
        for (const c of changes) {
          const s = seat(seats, c.seatId);
          for (const k of ['label', 'x', 'y', 'kind'] as const) if (c[k] !== undefined) s.set(k, c[k]);
        }
      }, localOrigin);
      return null;
    },
    removeSeats: async ({ meetingId, roomId, seatIds }) => {
      const d = doc(meetingId);
      const seats = seatsOf(d, roomId);
      d.transact(() => seatIds.forEach((id) => seats.delete(id)), localOrigin);
      return null;
    },
    assign: async ({ meetingId, roomId, seatId, participantId }) => {
      const d = doc(meetingId);
      const s = seat(seatsOf(d, roomId), seatId);
      if (participantId && !meetingDoc.participants(d).has(participantId)) {
        throw new ApiError('not_found', 'This person is no longer a participant of the meeting.');
      }
      d.transact(() => {
        if (participantId) unseat(d, participantId);
        s.set('participantId', participantId);
      }, localOrigin);
      return null;
    },
    swap: async ({ meetingId, a, b }) => {
      const d = doc(meetingId);
      const sa = seat(seatsOf(d, a.roomId), a.seatId);
      const sb = seat(seatsOf(d, b.roomId), b.seatId);
      d.transact(() => {
        const pa = sa.get('participantId') ?? null;
        sa.set('participantId', sb.get('participantId') ?? null);
        sb.set('participantId', pa);
      }, localOrigin);
      return null;
    },
    autoAssign: async ({ meetingId, roomId }) => {
      const d = doc(meetingId);
      const seats = seatsOf(d, roomId);
      const content = readMeeting(d);
      const view = readSeating(d, new Set(content.participants.map((p) => p.id)));
      const room = view.rooms.find((r) => r.id === roomId)!;
      const seatedAnywhere = new Set(view.rooms.flatMap((r) => r.seats.map((s) => s.participantId)).filter((id): id is string => !!id));
      // People of this room's site (all, if the room has none; the main hall also takes
      // those with no site), in a stable list order. Those left out for want of a site are
      // counted, so the screen says so instead of skipping them in silence.
      const { people: candidates, withoutSite } = candidatesForRoom(content.participants, room, content.sites, seatedAnywhere);
      const people = candidates.sort((x, y) => x.name.localeCompare(y.name, 'vi') || x.id.localeCompare(y.id));
      const plan = autoAssign(room.seats, people);
      d.transact(() => {
        for (const { seatId, participantId } of plan) seats.get(seatId)?.set('participantId', participantId);
      }, localOrigin);
      return { assigned: plan.length, unassigned: people.length - plan.length, withoutSite };
    },
    clearRoom: async ({ meetingId, roomId }) => {
      const d = doc(meetingId);
      const seats = seatsOf(d, roomId);
      d.transact(() => seats.forEach((s) => s instanceof Y.Map && s.get('participantId') && s.set('participantId', null)), localOrigin);
      return null;
    },
  };
}
