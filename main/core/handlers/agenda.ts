import * as Y from 'yjs';
import { ApiError } from '../../../shared/errors';
import { runsMeeting } from '../../../shared/roles';
import { getAgendaItem, meetingDoc } from '../../../shared/ydoc/meeting';
import { numberAgenda } from '../../../shared/domain/agenda';
import type { CoreContext } from '../context';
import { LocalEdit } from '../edit-history';
import * as agenda from '../agenda';
import type { Handlers } from '../validate';

export function agendaHandlers(ctx: CoreContext): Handlers['agenda'] {
  const doc = (meetingId: string) => ctx.requireEditor(meetingId).meeting.doc;

  function documentIdsOf(d: Y.Doc, itemId: string): Y.Array<string> {
    const item = getAgendaItem(d, itemId);
    if (!item) throw new ApiError('not_found', 'This agenda item no longer exists; someone may have deleted it.');
    let ids = item.get('documentIds');
    if (!(ids instanceof Y.Array)) {
      ids = new Y.Array<string>();
      item.set('documentIds', ids);
    }
    return ids as Y.Array<string>;
  }

  return {
    add: async ({ meetingId, parentId, index, title }) => ({
      itemId: agenda.addItem(doc(meetingId), (id: string) => new LocalEdit('add', id), { parentId, index, title }),
    }),
    rename: async ({ meetingId, itemId, title }) => {
      agenda.renameItem(doc(meetingId), new LocalEdit('rename', itemId), itemId, title);
      return null;
    },
    update: async ({ meetingId, itemId, durationMin, presenter, speakingLimitMin, speakingBudgetMin }) => {
      // Only the duration changed (the timing column): say so; anything else is "details".
      const onlyDuration = durationMin !== undefined && presenter === undefined && speakingLimitMin === undefined && speakingBudgetMin === undefined;
      agenda.updateItem(doc(meetingId), new LocalEdit(onlyDuration ? 'duration' : 'details', itemId), itemId, { durationMin, presenter, speakingLimitMin, speakingBudgetMin });
      return null;
    },
    remove: async ({ meetingId, itemId }) => {
      const d = doc(meetingId);
      // Numbered now: after the deletion there is no item left to number.
      const number = numberAgenda(agenda.agendaNodes(d)).find((n) => n.id === itemId)?.number ?? null;
      agenda.removeItem(d, new LocalEdit('remove', itemId, number), itemId);
      return null;
    },
    move: async ({ meetingId, itemId, parentId, index }) => {
      agenda.moveItem(doc(meetingId), new LocalEdit('move', itemId), itemId, parentId, index);
      return null;
    },
    attachDocument: async ({ meetingId, itemId, documentId }) => {
      const d = doc(meetingId);
      if (!meetingDoc.documents(d).has(documentId)) throw new ApiError('not_found', 'This document is not part of the meeting.');
      d.transact(() => {
        const ids = documentIdsOf(d, itemId);
        if (!ids.toArray().includes(documentId)) ids.push([documentId]);
      }, new LocalEdit('attach', itemId));
      return null;
    },
    detachDocument: async ({ meetingId, itemId, documentId }) => {
      const d = doc(meetingId);
      d.transact(() => {
        const ids = documentIdsOf(d, itemId);
        const at = ids.toArray().indexOf(documentId);
        if (at >= 0) ids.delete(at, 1);
      }, new LocalEdit('detach', itemId));
      return null;
    },
    undo: async ({ meetingId }) => {
      ctx.requireEditor(meetingId).history.undoStep();
      return null;
    },
    redo: async ({ meetingId }) => {
      ctx.requireEditor(meetingId).history.redoStep();
      return null;
    },
    setCurrent: async ({ meetingId, itemId }) => {
      const m = ctx.requireOpen(meetingId);
      if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat moves the meeting from item to item.');
      if (itemId !== null && !getAgendaItem(m.meeting.doc, itemId)) throw new ApiError('not_found', 'This agenda item no longer exists; someone may have deleted it.');
      await ctx.withServer((c, token) => c.setCurrentItem(token, meetingId, itemId));
      return null;
    },
  };
}
