/**
 * Uploading a document (or a new version of one) to a meeting. Order matters: everything
 * that can be refused cheaply is checked before the body is read, the file is validated
 * before it is stored, and the doc is written last, so a refusal leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { rm } from 'node:fs/promises';
import * as Y from 'yjs';
import { ApiError } from '../../../shared/errors';
import type { Confidentiality } from '../../../shared/meeting-enums';
import type { UploadDocumentResponse } from '../../../shared/api/documents';
import type { documentEndpoints } from '../../../shared/api/documents';
import { defaultDocumentConfidentiality } from '../../../shared/domain/documents';
import { addDocument, getAgendaItem, meetingDoc, readMeeting, type DocumentView } from '../../../shared/ydoc/meeting';
import { blobPath } from '../../blobs';
import { inspectPdf } from '../../documents/inspect-pdf';
import { receiveUpload, storeBlob } from '../../documents/upload';
import type { ApiContext } from '../context';
import { HttpError } from '../respond';
import type { Handlers } from '../router';

interface Placement {
  agendaItemId: string | null;
  version: number;
  supersedes: string | null;
}

function documentEntry(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const m = meetingDoc.documents(doc).get(id);
  return m instanceof Y.Map ? m : undefined;
}

/**
 * Where the new document goes, or why it cannot. Run once before the upload (to refuse
 * early) and again inside the write (someone may have replaced the same document meanwhile).
 */
function placement(doc: Y.Doc, q: { agendaItemId: string | null; replaces: string | null }): Placement {
  let agendaItemId = q.agendaItemId;
  let version = 1;
  if (q.replaces) {
    const old = documentEntry(doc, q.replaces);
    if (!old) throw new ApiError('not_found', 'The document to replace does not exist in this meeting.');
    const newer = old.get('supersededBy');
    if (typeof newer === 'string') {
      const newerVersion = documentEntry(doc, newer)?.get('version');
      const title = String(old.get('title') ?? 'This document');
      throw new ApiError(
        'conflict',
        `“${title}” was already replaced by version ${typeof newerVersion === 'number' ? newerVersion : '?'}; replace the newest version.`,
      );
    }
    const oldVersion = old.get('version');
    version = (typeof oldVersion === 'number' ? oldVersion : 1) + 1;
    const oldItem = old.get('agendaItemId');
    agendaItemId ??= typeof oldItem === 'string' ? oldItem : null;
  }
  if (agendaItemId !== null && !getAgendaItem(doc, agendaItemId)) {
    throw new ApiError('not_found', 'The agenda item to attach the document to does not exist in this meeting.');
  }
  return { agendaItemId, version, supersedes: q.replaces };
}

function documentIds(item: Y.Map<unknown>): Y.Array<string> {
  const ids = item.get('documentIds');
  if (ids instanceof Y.Array) return ids as Y.Array<string>;
  const fresh = new Y.Array<string>();
  item.set('documentIds', fresh);
  return fresh;
}

/** The confidentiality a document of this meeting starts with (shared/domain/documents). */
export async function meetingDocumentDefault(ctx: ApiContext, meetingId: string): Promise<Confidentiality> {
  return ctx.docs.read(`meeting/${meetingId}`, (doc) => defaultDocumentConfidentiality(readMeeting(doc).meta.confidentiality));
}

export const documentHandlers: Handlers<typeof documentEndpoints> = {
  // The role is checked first (access: secretariat): a delegate is refused whatever the query says.
  'documents.upload': async (ctx, { session, meeting, query, req }) => {
    const q = { ...query };
    // Not chosen: the meeting's own level decides (a "Mật" meeting's papers start "Mật").
    if (!new URL(req.url ?? '/', 'http://x').searchParams.has('confidentiality')) q.confidentiality = await meetingDocumentDefault(ctx, meeting.id);
    return storeMeetingPdf(ctx, req, meeting.id, session.user.username, q);
  },
};

/**
 * Receives a PDF request body, checks it, stores it once by sha256 and adds it to the
 * meeting's documents (the reply is the entry; 201). Shared by the secretariat's upload
 * and an assignee's attachment to a task report (routes/tasks.ts), each after its own
 * permission check; `q` has been validated by the caller.
 */
export async function storeMeetingPdf(
  ctx: ApiContext,
  req: IncomingMessage,
  meetingId: string,
  username: string,
  q: { filename: string; agendaItemId: string | null; confidentiality: Confidentiality; replaces: string | null },
): Promise<UploadDocumentResponse> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/pdf\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'invalid_input', `Send “${q.filename}” as a PDF (Content-Type: application/pdf).`);
  }
  const docName = `meeting/${meetingId}`;
  await ctx.docs.read(docName, (doc) => placement(doc, q));

  const started = Date.now();
  const file = await receiveUpload(req, ctx.dataDir, q.filename, ctx.maxUploadBytes);
  let stored = false;
  let blobCreated = false;
  let rowAdded = false;
  try {
    const facts = await inspectPdf(file.tmpPath, file.size, q.filename);
    blobCreated = (await storeBlob(ctx.dataDir, file)).created;
    stored = true;
    // The blob route serves a file only to members of a meeting with a row for it, so
    // the row exists before the doc tells anyone the document is there.
    rowAdded = await ctx.store.addMeetingBlob(meetingId, file.sha256, file.size);
    const id = randomUUID();
    const written = await ctx.docs.transact(docName, (doc): DocumentView => {
      const place = placement(doc, q);
      const entry: DocumentView = {
        id,
        title: facts.title,
        sha256: file.sha256,
        size: file.size,
        pages: facts.pages,
        agendaItemId: place.agendaItemId,
        confidentiality: q.confidentiality,
        version: place.version,
        supersedes: place.supersedes,
        supersededBy: null,
      };
      addDocument(doc, entry);
      const item = place.agendaItemId ? getAgendaItem(doc, place.agendaItemId) : undefined;
      if (place.supersedes) documentEntry(doc, place.supersedes)!.set('supersededBy', id);
      if (item) {
        const ids = documentIds(item);
        // A new version takes the old one's place in the item's list.
        const at = place.supersedes ? ids.toArray().indexOf(place.supersedes) : -1;
        if (at >= 0) {
          ids.delete(at, 1);
          ids.insert(at, [id]);
        } else {
          ids.push([id]);
        }
      }
      return entry;
    });
    ctx.log('info', 'document uploaded', {
      meetingId,
      user: username,
      documentId: id,
      filename: q.filename,
      sha256: file.sha256,
      size: file.size,
      pages: facts.pages,
      version: written.version,
      deduplicated: !blobCreated,
      ms: Date.now() - started,
    });
    return { document: written, deduplicated: !blobCreated };
  } catch (err) {
    // Undo in reverse: the row, then the blob if this upload created it and no meeting uses it.
    if (rowAdded) await ctx.store.removeMeetingBlob(meetingId, file.sha256).catch(() => {});
    if (stored && blobCreated && (await ctx.store.countBlobReferences(file.sha256).catch(() => 1)) === 0) {
      await rm(blobPath(ctx.dataDir, file.sha256), { force: true });
    }
    if (!stored) await rm(file.tmpPath, { force: true });
    if (err instanceof ApiError) ctx.log('info', 'upload refused', { meetingId, user: username, filename: q.filename, reason: err.message });
    throw err;
  }
}
