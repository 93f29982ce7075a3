import * as Y from 'yjs';
import { ApiError, toErrorInfo } from '../../../shared/errors';
import type { FileRef, UploadProgress } from '../../../shared/contract';
import { meetingDoc } from '../../../shared/ydoc/meeting';
import type { CoreContext } from '../context';
import { releaseFile, resolveFile, type LocalFile } from '../files';
import { patchMap } from '../map-patch';
import { localOrigin } from '../origins';
import type { ServerClient } from '../server-client';
import type { Handlers } from '../validate';

/** Progress events at most this often per upload: enough for a smooth bar, no IPC flood. */
const progressEveryMs = 100;

/**
 * Sends a staged or picked file with `send`, reporting `documents.progress` events under
 * the caller's uploadId; the staged copy is released once the server has it.
 */
export async function uploadWithProgress<T>(
  ctx: CoreContext,
  meetingId: string,
  uploadId: string,
  file: FileRef,
  send: (client: ServerClient, token: string, local: LocalFile, onProgress: (sent: number) => void) => Promise<T>,
): Promise<T> {
  const local = resolveFile(ctx.opts.dataDir, file);
  const base: Omit<UploadProgress, 'sent' | 'state'> = { uploadId, meetingId, fileName: local.name, total: local.size };
  const emit = (sent: number, state: UploadProgress['state'], error?: UploadProgress['error']) =>
    ctx.hub.emit('documents.progress', { ...base, sent, state, ...(error ? { error } : {}) });
  let last = 0;
  emit(0, 'uploading');
  try {
    const result = await ctx.withServer((c, token) =>
      send(c, token, local, (sent) => {
        if (sent === local.size) emit(sent, 'processing');
        else if (Date.now() - last >= progressEveryMs) {
          last = Date.now();
          emit(sent, 'uploading');
        }
      }),
    );
    emit(local.size, 'done');
    releaseFile(ctx.opts.dataDir, file);
    return result;
  } catch (err) {
    emit(0, 'failed', toErrorInfo(err));
    throw err;
  }
}

export function documentHandlers(ctx: CoreContext): Handlers['documents'] {
  return {
    upload: async ({ meetingId, uploadId, file, agendaItemId, confidentiality, replaces }) => {
      ctx.requireEditor(meetingId);
      return uploadWithProgress(ctx, meetingId, uploadId, file, (c, token, local, onProgress) =>
        c.uploadDocument(token, meetingId, local, { filename: local.name, agendaItemId, confidentiality, replaces }, onProgress),
      );
    },
    source: async ({ meetingId, documentId }) => {
      const m = ctx.requireOpen(meetingId);
      const doc = m.view().content.documents.find((d) => d.id === documentId);
      if (!doc) throw new ApiError('not_found', 'This document is not part of the meeting.');
      const row = ctx.blobs.get(doc.sha256);
      const onDevice = ctx.blobs.verifiedPath(doc.sha256) !== null;
      return {
        url: onDevice ? `/blob/${doc.sha256}` : null,
        headers: ctx.opts.blobHeaders ?? {},
        state: onDevice ? 'on_device' : (row?.state ?? 'queued'),
      };
    },
    update: async ({ meetingId, documentId, title, confidentiality }) => {
      const d = ctx.requireEditor(meetingId).meeting.doc;
      const m = meetingDoc.documents(d).get(documentId);
      if (!(m instanceof Y.Map)) throw new ApiError('not_found', 'This document is not part of the meeting.');
      patchMap(d, m, { title, confidentiality }, localOrigin);
      return null;
    },
  };
}
