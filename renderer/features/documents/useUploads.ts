import { useCallback, useEffect, useRef, useState } from 'react';
import type { UploadProgress } from '../../../shared/contract';
import type { Confidentiality } from '../../../shared/meeting-enums';
import { ApiError, fromErrorInfo } from '../../../shared/errors';
import { useClient, useCoreEvent, useFileRef } from '../../app/connection';

export type UploadState = 'queued' | 'staging' | UploadProgress['state'];

export interface UploadEntry {
  uploadId: string;
  fileName: string;
  size: number;
  state: UploadState;
  sent: number;
  total: number;
  error: unknown;
  deduplicated: boolean;
  /** The document this upload replaces, if any. */
  replaces: string | null;
  /** Version of the stored document, once done. */
  version: number | null;
}

export interface UploadOptions {
  agendaItemId: string | null;
  confidentiality: Confidentiality;
  replaces?: string | null;
}

interface Job {
  uploadId: string;
  file: File;
  options: UploadOptions;
}

/** Several at once keeps the line busy; more would only split it and delay every file. */
const maxParallel = 3;

/** The server checks the bytes; this only spares a round trip for what is plainly not a PDF. */
export function looksLikePdf(file: File): boolean {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
}

/**
 * Uploads for one meeting: a queue run at most three at a time, each with its own id so
 * the core's `documents.progress` events land on the right row.
 */
export function useUploads(meetingId: string) {
  const client = useClient();
  const fileRef = useFileRef();
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const queue = useRef<Job[]>([]);
  const active = useRef(0);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const patch = useCallback((uploadId: string, change: Partial<UploadEntry>) => {
    if (!mounted.current) return;
    setEntries((list) => list.map((e) => (e.uploadId === uploadId ? { ...e, ...change } : e)));
  }, []);

  const pump = useCallback(() => {
    while (active.current < maxParallel && queue.current.length > 0) {
      const job = queue.current.shift()!;
      active.current++;
      void (async () => {
        try {
          patch(job.uploadId, { state: 'staging', sent: 0, total: job.file.size });
          const file = await fileRef(job.file, (sent, total) => patch(job.uploadId, { sent, total }));
          patch(job.uploadId, { state: 'uploading', sent: 0 });
          const result = await client.documents.upload({
            meetingId,
            uploadId: job.uploadId,
            file,
            agendaItemId: job.options.agendaItemId,
            confidentiality: job.options.confidentiality,
            replaces: job.options.replaces ?? null,
          });
          patch(job.uploadId, { state: 'done', sent: job.file.size, total: job.file.size, deduplicated: result.deduplicated, version: result.document.version });
        } catch (err) {
          patch(job.uploadId, { state: 'failed', error: err });
        } finally {
          active.current--;
          pump();
        }
      })();
    }
  }, [client, fileRef, meetingId, patch]);

  useCoreEvent('documents.progress', (p) => {
    if (p.meetingId !== meetingId) return;
    setEntries((list) =>
      list.map((e) => {
        // The call's own answer is final; a late progress event must not undo it.
        if (e.uploadId !== p.uploadId || e.state === 'done' || e.state === 'failed') return e;
        if (p.state === 'failed') return { ...e, state: 'failed', error: p.error ? fromErrorInfo(p.error) : new ApiError('server_error', '') };
        // 'done' arrives with the call's answer, which also says whether it was deduplicated.
        return { ...e, state: p.state === 'done' ? 'processing' : p.state, sent: p.sent, total: p.total || e.total };
      }),
    );
  });

  const start = useCallback(
    (files: readonly File[], options: UploadOptions) => {
      const added: UploadEntry[] = [];
      for (const file of files) {
        const uploadId = crypto.randomUUID();
        const entry: UploadEntry = { uploadId, fileName: file.name, size: file.size, state: 'queued', sent: 0, total: file.size, error: null, deduplicated: false, replaces: options.replaces ?? null, version: null };
        if (!looksLikePdf(file)) {
          added.push({ ...entry, state: 'failed', error: new NotPdfError() });
          continue;
        }
        added.push(entry);
        queue.current.push({ uploadId, file, options });
      }
      setEntries((list) => [...added, ...list]);
      pump();
    },
    [pump],
  );

  const clearFinished = useCallback(() => setEntries((list) => list.filter((e) => e.state !== 'done' && e.state !== 'failed')), []);

  return { entries, start, clearFinished };
}

/** Refused before sending: the name says it is not a PDF. */
export class NotPdfError extends Error {
  constructor() {
    super('not a PDF');
    this.name = 'NotPdfError';
  }
}
