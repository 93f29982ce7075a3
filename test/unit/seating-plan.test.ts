/**
 * Seats placed on one spot by two secretaries working apart: every replica reports the same
 * overlap, keeps the same seat, and never counts the extra seats as places to sit.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateBlock } from '../../shared/domain/seating';
import { addRoom, addSeat, readSeating, roomSeats } from '../../shared/ydoc/seating';

function replica(from?: Y.Doc): Y.Doc {
  const d = new Y.Doc();
  if (from) Y.applyUpdate(d, Y.encodeStateAsUpdate(from));
  return d;
}

describe('seat overlap', () => {
  it('is reported the same way on every replica after offline blocks land on one spot', () => {
    const base = replica();
    base.transact(() => addRoom(base, { id: 'room-1', siteId: null, name: 'Hội trường' }));
    const one = replica(base);
    const two = replica(base);
    one.transact(() => generateBlock({ name: 'A', rows: 1, cols: 3, x: 0, y: 0, kind: 'seat', aisleEvery: 0 }).forEach((s, i) => addSeat(roomSeats(one, 'room-1')!, { ...s, id: `a-${i}` })));
    two.transact(() => generateBlock({ name: 'B', rows: 1, cols: 2, x: 1, y: 0, kind: 'seat', aisleEvery: 0 }).forEach((s, i) => addSeat(roomSeats(two, 'room-1')!, { ...s, id: `b-${i}` })));
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two));
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    // A third device that receives the whole plan at once.
    const late = replica(one);
    const views = [one, two, late].map((d) => readSeating(d, new Set()).problems);
    expect(views[0]).toEqual([
      { kind: 'seat_overlap', roomId: 'room-1', keptSeatId: 'a-1', extraSeatIds: ['b-0'] },
      { kind: 'seat_overlap', roomId: 'room-1', keptSeatId: 'a-2', extraSeatIds: ['b-1'] },
    ]);
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
  });

  it('reports nothing for a plan without overlaps', () => {
    const d = replica();
    d.transact(() => {
      addRoom(d, { id: 'r', siteId: null, name: 'Phòng 1' });
      generateBlock({ name: 'A', rows: 2, cols: 2, x: 0, y: 0, kind: 'seat', aisleEvery: 0 }).forEach((s, i) => addSeat(roomSeats(d, 'r')!, { ...s, id: `s-${i}` }));
    });
    expect(readSeating(d, new Set()).problems).toEqual([]);
  });
});
