/** patchMap (main/core/map-patch.ts): the edit handlers' "change the fields given". */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { patchMap } from '../../main/core/map-patch';

describe('patchMap', () => {
  it('sets the fields given, leaves undefined ones, clears null ones, in one transaction that one undo takes back', () => {
    const doc = new Y.Doc();
    const origin = { source: 'test' };
    const room = doc.getMap<unknown>('room');
    room.set('name', 'Phòng họp A');
    room.set('siteId', 'hall');
    room.set('note', 'tầng 2');
    const undo = new Y.UndoManager(room, { trackedOrigins: new Set([origin]) });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);

    patchMap(doc, room, { name: 'Phòng họp B', siteId: undefined, note: null }, origin);

    expect(room.toJSON()).toEqual({ name: 'Phòng họp B', siteId: 'hall', note: null });
    expect(transactions).toBe(1);
    undo.undo();
    expect(room.toJSON()).toEqual({ name: 'Phòng họp A', siteId: 'hall', note: 'tầng 2' });
  });
});
