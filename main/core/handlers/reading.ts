import { ApiError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { Handlers } from '../validate';

export function packHandlers(ctx: CoreContext): Handlers['pack'] {
  return {
    status: async ({ meetingId }) => {
      ctx.requireOpen(meetingId);
      return ctx.pack.status(meetingId);
    },
    retry: async ({ meetingId }) => {
      ctx.requireOpen(meetingId);
      ctx.pack.retry(meetingId);
      return null;
    },
  };
}

export function searchHandlers(ctx: CoreContext): Handlers['search'] {
  return {
    query: async ({ meetingId, text, documentId, limit }) => {
      const m = ctx.requireOpen(meetingId);
      // Search what a person reads: the current version of each document, not superseded ones.
      const docs = m
        .view()
        .content.documents.filter((d) => !d.supersededBy && (!documentId || d.id === documentId))
        .map((d) => ({ documentId: d.id, title: d.title, sha256: d.sha256 }));
      return ctx.index.search(text, docs, limit);
    },
  };
}

export function annotationHandlers(ctx: CoreContext): Handlers['annotations'] {
  const notify = (meetingId: string, documentId: string) => ctx.hub.emit('annotations.changed', { meetingId, documentId });
  const missing = () => new ApiError('not_found', 'This note no longer exists on this device.');
  /** Someone else's shared note: readable here, never changed from this device. */
  const notYours = (id: string) => {
    const other = ctx.annotations.others(ctx.owner(), id);
    return other
      ? new ApiError('forbidden', `This note was shared by ${other.authorName}; only they can change or delete it.`)
      : missing();
  };
  return {
    list: async ({ meetingId, documentId }) => ctx.annotations.list(ctx.owner(), meetingId, documentId),
    add: async (input) => {
      const m = ctx.requireOpen(input.meetingId);
      const doc = m.view().content.documents.find((d) => d.id === input.documentId);
      if (!doc) throw new ApiError('not_found', 'This document is not part of the meeting.');
      if (doc.pages && input.page > doc.pages) throw new ApiError('invalid_input', `This document has ${doc.pages} pages; there is no page ${input.page}.`);
      if (input.kind === 'highlight' && !input.quote && input.rects.length === 0) {
        throw new ApiError('invalid_input', 'Select the text to highlight first.');
      }
      const owner = ctx.owner();
      let a = ctx.annotations.add(owner, input);
      if (a.shared) a = ctx.shareAnnotation(owner, a, false);
      notify(a.meetingId, a.documentId);
      return a;
    },
    update: async ({ id, ...patch }) => {
      const owner = ctx.owner();
      const before = ctx.annotations.get(owner, id);
      if (!before) throw notYours(id);
      let a = ctx.annotations.update(owner, id, patch);
      if (!a) throw missing();
      // Shared now, or shared until now (made private: withdrawn from the meeting).
      if (a.shared || before.shared) a = ctx.shareAnnotation(owner, a, !a.shared);
      notify(a.meetingId, a.documentId);
      return a;
    },
    remove: async ({ id }) => {
      const owner = ctx.owner();
      if (!ctx.annotations.get(owner, id)) throw notYours(id);
      const a = ctx.annotations.remove(owner, id);
      if (!a) throw missing();
      if (a.shared) ctx.shareAnnotation(owner, a, true);
      notify(a.meetingId, a.documentId);
      return null;
    },
  };
}
