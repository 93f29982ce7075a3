/** Lookups the seating screens share: who sits where, and names by id. */
import { fold } from '../../../shared/text/fold';
import type { ParticipantView, SiteView } from '../../../shared/ydoc/meeting';
import type { RoomView, SeatView } from '../../../shared/ydoc/seating';

export interface SeatOf {
  room: RoomView;
  seat: SeatView;
}

export interface SeatIndex {
  people: Map<string, ParticipantView>;
  seatOf: Map<string, SeatOf>;
  /** Room and seat by seat id (problems and swaps name seats without their room). */
  bySeatId: Map<string, SeatOf>;
  siteName: Map<string, string>;
}

/** What the index is built from: a MeetingView, or the parts of one kept by `useStableSeatingParts`. */
export interface SeatingSource {
  content: { participants: readonly ParticipantView[]; sites: readonly SiteView[] };
  seating: { rooms: readonly RoomView[] };
}

export function indexSeating(view: SeatingSource): SeatIndex {
  const people = new Map(view.content.participants.map((p) => [p.id, p]));
  const seatOf = new Map<string, SeatOf>();
  const bySeatId = new Map<string, SeatOf>();
  for (const room of view.seating.rooms) {
    for (const seat of room.seats) {
      bySeatId.set(seat.id, { room, seat });
      if (seat.participantId) seatOf.set(seat.participantId, { room, seat });
    }
  }
  const siteName = new Map(view.content.sites.map((s) => [s.id, s.name]));
  return { people, seatOf, bySeatId, siteName };
}


export function matchesName(p: ParticipantView, query: string): boolean {
  const q = fold(query);
  return !q || fold(p.name).includes(q) || (p.unit !== null && fold(p.unit).includes(q));
}
