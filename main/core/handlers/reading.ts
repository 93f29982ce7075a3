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
      const a = ctx.annotations.add(ctx.owner(), input);
      notify(a.meetingId, a.documentId);
      return a;
    },
    update: async ({ id, ...patch }) => {
      const a = ctx.annotations.update(ctx.owner(), id, patch);
      if (!a) throw missing();
      notify(a.meetingId, a.documentId);
      return a;
    },
    remove: async ({ id }) => {
      const a = ctx.annotations.remove(ctx.owner(), id);
      if (!a) throw missing();
      notify(a.meetingId, a.documentId);
      return null;
    },
  };
}
