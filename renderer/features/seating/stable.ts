/**
 * A check-in keeps the meeting's content and seating as the same objects (see
 * renderer/bridge/meeting-views.ts), but any change to the meeting document — a renamed
 * agenda item — brings them decoded afresh: 3,152 new seat objects. Memos keyed on those
 * would rebuild the seat index, the hit-test grid and the draw buckets, and repaint the
 * map. These helpers hand back the previous object when the new one has the same
 * content, so the memos downstream only run when the seating itself changed.
 */
import { useMemo, useRef } from 'react';
import type { ParticipantView, SiteView } from '../../../shared/ydoc/meeting';
import type { RoomView } from '../../../shared/ydoc/seating';
import { indexSeating, type SeatingSource } from './seatIndex';

/** `value`, or the last value returned if that one is `equal` to it. */
export function useStable<T>(value: T, equal: (a: T, b: T) => boolean): T {
  const ref = useRef(value);
  if (ref.current !== value && !equal(ref.current, value)) ref.current = value;
  return ref.current;
}

/** Same own fields with the same (===) values: enough for the flat records of a view. */
export function sameRecord(a: object, b: object): boolean {
  if (a === b) return true;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (x[k] !== y[k]) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}

export function sameRecords(a: readonly object[], b: readonly object[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameRecord(a[i]!, b[i]!)) return false;
  return true;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameRoom(a: RoomView, b: RoomView): boolean {
  return a.id === b.id && a.name === b.name && a.siteId === b.siteId && sameRecords(a.seats, b.seats);
}

/**
 * The rooms of `next`, each one replaced by its equal from `prev` (so an edit in one room
 * leaves the others' seat arrays as they were); `prev` itself when nothing changed.
 */
export function stableRooms(prev: readonly RoomView[], next: RoomView[]): RoomView[] {
  if (prev === next) return next;
  const before = new Map(prev.map((r) => [r.id, r]));
  let same = prev.length === next.length;
  const out = next.map((room, i) => {
    const old = before.get(room.id);
    if (old && sameRoom(old, room)) {
      if (prev[i] !== old) same = false;
      return old;
    }
    same = false;
    return room;
  });
  return same ? (prev as RoomView[]) : out;
}

/**
 * The rooms, participants and sites of a view, each kept while its content is unchanged,
 * and the seat index over them, rebuilt only when one of them changed.
 */
export function useSeatingIndex(view: {
  content: { participants: ParticipantView[]; sites: SiteView[] };
  seating: { rooms: RoomView[] };
}) {
  const roomsRef = useRef(view.seating.rooms);
  roomsRef.current = stableRooms(roomsRef.current, view.seating.rooms);
  const rooms = roomsRef.current;
  const participants = useStable(view.content.participants, sameRecords);
  const sites = useStable(view.content.sites, sameRecords);
  const index = useMemo(() => indexSeating({ content: { participants, sites }, seating: { rooms } } satisfies SeatingSource), [participants, sites, rooms]);
  return { rooms, participants, index };
}
