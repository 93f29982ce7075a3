/**
 * Seating rules: generating a block of seats with the labels halls use ("A-03-12": block
 * A, row 3, seat 12), and filling seats automatically — presidium first, then by role and
 * list order, each person once.
 */
import { z } from 'zod';
import type { MeetingRole } from '../roles';
import { SeatKind, type SeatView } from '../ydoc/seating';

export const BlockSpec = z.object({
  name: z.string().trim().min(1, 'Name the block (e.g. A).').max(20),
  rows: z.number().int().min(1).max(200),
  cols: z.number().int().min(1).max(200),
  /** Top-left corner on the room grid. */
  x: z.number().int().min(0).max(5000).default(0),
  y: z.number().int().min(0).max(5000).default(0),
  kind: SeatKind.default('seat'),
  /** An aisle (one empty column) after every N seats in a row; 0 = none. */
  aisleEvery: z.number().int().min(0).max(200).default(0),
});
export type BlockSpec = z.infer<typeof BlockSpec>;

const pad = (n: number) => String(n).padStart(2, '0');

export function seatLabel(block: string, row: number, col: number): string {
  return `${block}-${pad(row)}-${pad(col)}`;
}

/** Seats of a block, without ids (the caller gives them ids). At most 40,000 per block. */
export function generateBlock(spec: BlockSpec): Omit<SeatView, 'id' | 'participantId'>[] {
  const seats: Omit<SeatView, 'id' | 'participantId'>[] = [];
  for (let r = 1; r <= spec.rows; r++) {
    for (let c = 1; c <= spec.cols; c++) {
      const aisles = spec.aisleEvery > 0 ? Math.floor((c - 1) / spec.aisleEvery) : 0;
      seats.push({ label: seatLabel(spec.name, r, c), x: spec.x + c - 1 + aisles, y: spec.y + r - 1, kind: spec.kind });
    }
  }
  return seats;
}

const rolePriority: Record<MeetingRole, number> = {
  chair: 0,
  vice_chair: 1,
  delegate: 2,
  secretariat: 3,
  guest: 4,
  observer: 5,
};

export interface Seatable {
  id: string;
  role: MeetingRole;
}

/**
 * Who goes where: the chair and vice-chairs take presidium seats first, then everyone in
 * role order and list order fills the hall front to back, left to right. People already
 * seated and seats already taken are left alone.
 */
export function autoAssign(seats: readonly SeatView[], people: readonly Seatable[]): { seatId: string; participantId: string }[] {
  const seated = new Set(seats.map((s) => s.participantId).filter(Boolean));
  const queue = people
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !seated.has(p.id))
    .sort((a, b) => rolePriority[a.p.role] - rolePriority[b.p.role] || a.i - b.i)
    .map(({ p }) => p);
  const free = seats
    .filter((s) => !s.participantId && s.kind !== 'podium')
    .sort((a, b) => (a.kind === 'presidium' ? 0 : 1) - (b.kind === 'presidium' ? 0 : 1) || a.y - b.y || a.x - b.x);
  const presidium = free.filter((s) => s.kind === 'presidium');
  const hall = free.filter((s) => s.kind !== 'presidium');
  const out: { seatId: string; participantId: string }[] = [];
  for (const person of queue) {
    const leads = person.role === 'chair' || person.role === 'vice_chair';
    const seat = (leads ? presidium.shift() : undefined) ?? hall.shift() ?? presidium.shift();
    if (!seat) break;
    out.push({ seatId: seat.id, participantId: person.id });
  }
  return out;
}

export interface RoomCandidate extends Seatable {
  siteId: string | null;
}

/**
 * Who a room's automatic seating is for, and who it leaves out for want of a site. A room
 * of no site takes anyone; the main hall's room also takes people with no site (where a
 * person goes when the list did not say); a remote site's room takes only its own people,
 * and those with no site are counted so the screen can say so rather than skip them.
 * People already seated anywhere are left alone.
 */
export function candidatesForRoom<P extends RoomCandidate>(
  people: readonly P[],
  room: { siteId: string | null },
  sites: readonly { id: string; kind: 'main' | 'bridge' }[],
  seated: ReadonlySet<string>,
): { people: P[]; withoutSite: number } {
  const waiting = people.filter((p) => !seated.has(p.id));
  if (!room.siteId) return { people: waiting, withoutSite: 0 };
  const mainHall = sites.find((s) => s.id === room.siteId)?.kind === 'main';
  const mine = waiting.filter((p) => p.siteId === room.siteId || (mainHall && p.siteId === null));
  const withoutSite = mainHall ? 0 : waiting.filter((p) => p.siteId === null).length;
  return { people: mine, withoutSite };
}
