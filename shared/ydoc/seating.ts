/**
 * The seating plan, part of `meeting/<id>` (the secretariat co-edits it live):
 *
 *   seating   Y.Map<roomId, Y.Map>   siteId, name
 *             └ seats  Y.Map<seatId, Y.Map>   label, x, y, kind, participantId
 *
 * Seats live on a grid (x = column, y = row, in seat units; gaps are aisles). One seat
 * holds at most one participant by construction (a single field), but two secretaries can
 * put the same person in two seats at once, or remove someone still seated: reading the
 * plan repairs both deterministically and reports them, so the UI can show what to fix.
 */
import * as Y from 'yjs';
import { z } from 'zod';

export const SeatKind = z.enum(['seat', 'presidium', 'podium']);
export type SeatKind = z.infer<typeof SeatKind>;

export interface SeatView {
  id: string;
  label: string;
  x: number;
  y: number;
  kind: SeatKind;
  /** After repair: null when empty or when the participant is gone or seated elsewhere. */
  participantId: string | null;
}

export interface RoomView {
  id: string;
  siteId: string | null;
  name: string;
  seats: SeatView[];
}

export type SeatingProblem =
  | { kind: 'seated_twice'; participantId: string; seatIds: string[]; keptSeatId: string }
  | { kind: 'participant_removed'; seatId: string; participantId: string }
  /** Two secretaries placed seats on the same spot while apart; the lowest id stays, the others are extra. */
  | { kind: 'seat_overlap'; roomId: string; keptSeatId: string; extraSeatIds: string[] };

export interface SeatingView {
  rooms: RoomView[];
  problems: SeatingProblem[];
}

export const seatingDoc = {
  rooms: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('seating'),
};

/** Grid coordinates must stay sane whatever a buggy client wrote. */
const maxCoord = 10_000;

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(-maxCoord, Math.min(maxCoord, Math.round(v))) : fallback;
}

export function readSeating(doc: Y.Doc, participantIds: ReadonlySet<string>): SeatingView {
  const rooms: RoomView[] = [];
  const problems: SeatingProblem[] = [];
  const seatsOf = new Map<string, { roomIdx: number; seat: SeatView }[]>();
  /** Seats whose participant is no longer one, reported once the plan is in order below. */
  const removedFrom = new Map<SeatView, string>();
  seatingDoc.rooms(doc).forEach((room, roomId) => {
    if (!(room instanceof Y.Map)) return;
    const seats: SeatView[] = [];
    const map = room.get('seats');
    if (map instanceof Y.Map) {
      map.forEach((s, seatId) => {
        if (!(s instanceof Y.Map)) return;
        const kind = SeatKind.safeParse(s.get('kind'));
        const pid = s.get('participantId');
        const seat: SeatView = {
          id: seatId,
          label: typeof s.get('label') === 'string' ? (s.get('label') as string) : seatId.slice(0, 6),
          x: num(s.get('x'), 0),
          y: num(s.get('y'), 0),
          kind: kind.success ? kind.data : 'seat',
          participantId: typeof pid === 'string' ? pid : null,
        };
        if (seat.participantId && !participantIds.has(seat.participantId)) {
          removedFrom.set(seat, seat.participantId);
          seat.participantId = null;
        }
        seats.push(seat);
      });
    }
    seats.sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id));
    const name = room.get('name');
    const siteId = room.get('siteId');
    rooms.push({ id: roomId, siteId: typeof siteId === 'string' ? siteId : null, name: typeof name === 'string' ? name : '', seats });
  });
  rooms.sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.id.localeCompare(b.id));
  // Problems in plan order, never in the order the maps above were walked: that order is the
  // order this replica happened to receive the rooms and seats in, so two devices holding the
  // same document would list the same problems differently.
  rooms.forEach((room, roomIdx) => {
    // Seats are sorted by position, so seats on one spot are neighbours here.
    for (let i = 0; i < room.seats.length; ) {
      let j = i + 1;
      while (j < room.seats.length && room.seats[j]!.x === room.seats[i]!.x && room.seats[j]!.y === room.seats[i]!.y) j++;
      if (j - i > 1) {
        const [kept, ...extra] = room.seats.slice(i, j).sort((a, b) => a.id.localeCompare(b.id));
        problems.push({ kind: 'seat_overlap', roomId: room.id, keptSeatId: kept!.id, extraSeatIds: extra.map((s) => s.id) });
      }
      i = j;
    }
    for (const seat of room.seats) {
      const gone = removedFrom.get(seat);
      if (gone) problems.push({ kind: 'participant_removed', seatId: seat.id, participantId: gone });
      if (!seat.participantId) continue;
      const list = seatsOf.get(seat.participantId) ?? [];
      list.push({ roomIdx, seat });
      seatsOf.set(seat.participantId, list);
    }
  });
  for (const [participantId, list] of seatsOf) {
    if (list.length < 2) continue;
    // Keep the lowest seat id everywhere, so every replica repairs the same way.
    const keep = [...list].sort((a, b) => a.seat.id.localeCompare(b.seat.id))[0]!;
    for (const entry of list) if (entry !== keep) entry.seat.participantId = null;
    problems.push({ kind: 'seated_twice', participantId, seatIds: list.map((e) => e.seat.id), keptSeatId: keep.seat.id });
  }
  return { rooms, problems };
}

export function addRoom(doc: Y.Doc, room: { id: string; siteId: string | null; name: string }): void {
  const m = new Y.Map<unknown>();
  m.set('siteId', room.siteId);
  m.set('name', room.name);
  m.set('seats', new Y.Map());
  seatingDoc.rooms(doc).set(room.id, m);
}

export function roomSeats(doc: Y.Doc, roomId: string): Y.Map<Y.Map<unknown>> | null {
  const room = seatingDoc.rooms(doc).get(roomId);
  const seats = room instanceof Y.Map ? room.get('seats') : null;
  return seats instanceof Y.Map ? (seats as Y.Map<Y.Map<unknown>>) : null;
}

export function addSeat(seats: Y.Map<Y.Map<unknown>>, seat: Omit<SeatView, 'participantId'> & { participantId?: string | null }): void {
  const m = new Y.Map<unknown>();
  m.set('label', seat.label);
  m.set('x', seat.x);
  m.set('y', seat.y);
  m.set('kind', seat.kind);
  m.set('participantId', seat.participantId ?? null);
  seats.set(seat.id, m);
}
