/**
 * A demo seating plan: one room per site; the main hall has a presidium row facing three
 * blocks, each bridge a single block; everyone seated by the same rule the app's
 * "auto-assign" uses (presidium first, then role and list order).
 */
import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { autoAssign, generateBlock } from '../../shared/domain/seating';
import { addRoom, addSeat, roomSeats, type SeatView } from '../../shared/ydoc/seating';
import type { ParticipantView, SiteView } from '../../shared/ydoc/meeting';

export function seatDemoMeeting(doc: Y.Doc, sites: SiteView[], participants: ParticipantView[]): void {
  for (const [i, site] of sites.entries()) {
    const people = participants.filter((p) => p.siteId === site.id);
    const roomId = randomUUID();
    addRoom(doc, { id: roomId, siteId: site.id, name: site.name });
    const seats = roomSeats(doc, roomId)!;
    const specs =
      i === 0
        ? [
            { name: 'CT', rows: 1, cols: 8, x: 6, y: 0, kind: 'presidium' as const, aisleEvery: 0 },
            ...['A', 'B', 'C'].map((name, b) => ({
              name,
              rows: Math.max(2, Math.ceil(people.length / 3 / 8) + 1),
              cols: 8,
              x: b * 9,
              y: 3,
              kind: 'seat' as const,
              aisleEvery: 0,
            })),
          ]
        : [{ name: 'A', rows: Math.max(2, Math.ceil(people.length / 10) + 1), cols: 10, x: 0, y: 0, kind: 'seat' as const, aisleEvery: 5 }];
    const placed: SeatView[] = [];
    for (const spec of specs) {
      for (const s of generateBlock(spec)) {
        const seat = { ...s, id: randomUUID(), participantId: null };
        placed.push(seat);
      }
    }
    const plan = new Map(autoAssign(placed, people).map((a) => [a.seatId, a.participantId]));
    for (const seat of placed) addSeat(seats, { ...seat, participantId: plan.get(seat.id) ?? null });
  }
}
