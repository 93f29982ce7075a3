import * as Y from 'yjs';
import { ApiError } from '../../../shared/errors';
import { runsMeeting } from '../../../shared/roles';
import { getAgendaItem, meetingDoc } from '../../../shared/ydoc/meeting';
import type { CoreContext } from '../context';
import { localOrigin } from '../origins';
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
      itemId: agenda.addItem(doc(meetingId), localOrigin, { parentId, index, title }),
    }),
    rename: async ({ meetingId, itemId, title }) => {
      agenda.renameItem(doc(meetingId), localOrigin, itemId, title);
      return null;
    },
    update: async ({ meetingId, itemId, durationMin, presenter, speakingLimitMin, speakingBudgetMin }) => {
      agenda.updateItem(doc(meetingId), localOrigin, itemId, { durationMin, presenter, speakingLimitMin, speakingBudgetMin });
      return null;
    },
    remove: async ({ meetingId, itemId }) => {
      agenda.removeItem(doc(meetingId), localOrigin, itemId);
      return null;
    },
    move: async ({ meetingId, itemId, parentId, index }) => {
      agenda.moveItem(doc(meetingId), localOrigin, itemId, parentId, index);
      return null;
    },
    attachDocument: async ({ meetingId, itemId, documentId }) => {
      const d = doc(meetingId);
      if (!meetingDoc.documents(d).has(documentId)) throw new ApiError('not_found', 'This document is not part of the meeting.');
      d.transact(() => {
        const ids = documentIdsOf(d, itemId);
        if (!ids.toArray().includes(documentId)) ids.push([documentId]);
      }, localOrigin);
      return null;
    },
    detachDocument: async ({ meetingId, itemId, documentId }) => {
      const d = doc(meetingId);
      d.transact(() => {
        const ids = documentIdsOf(d, itemId);
        const at = ids.toArray().indexOf(documentId);
        if (at >= 0) ids.delete(at, 1);
      }, localOrigin);
      return null;
    },
    undo: async ({ meetingId }) => {
      ctx.requireEditor(meetingId).undo.undo();
      return null;
    },
    redo: async ({ meetingId }) => {
      ctx.requireEditor(meetingId).undo.redo();
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
