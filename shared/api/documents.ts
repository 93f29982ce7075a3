/** Documents of a meeting: PDF uploads (new documents and new versions). */
import { endpoint } from './endpoint';
import { meetingParams } from './ids';
import { z } from 'zod';
import { Confidentiality } from '../meeting-enums';
import { safeLine } from '../text-safety';

/**
 * POST /api/meetings/:id/documents?filename=…&agendaItemId=…&confidentiality=…&replaces=…
 * Body: the PDF bytes (Content-Type: application/pdf). Stored once by sha256.
 */
export const UploadDocumentQuery = z.object({
  filename: safeLine('File name').min(1, 'The file name is missing.').max(300),
  agendaItemId: z.string().max(64).nullable().default(null),
  confidentiality: Confidentiality.default('internal'),
  /** Id of the document this upload is a new version of. */
  replaces: z.string().max(64).nullable().default(null),
});
export type UploadDocumentQuery = z.input<typeof UploadDocumentQuery>;

export const UploadedDocument = z.object({
  id: z.string(),
  title: z.string(),
  sha256: z.string(),
  size: z.number(),
  pages: z.number(),
  agendaItemId: z.string().nullable(),
  confidentiality: Confidentiality,
  version: z.number(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
});

export const UploadDocumentResponse = z.object({
  document: UploadedDocument,
  /** True when these exact bytes were already on the server and were not stored again. */
  deduplicated: z.boolean(),
});
export type UploadDocumentResponse = z.infer<typeof UploadDocumentResponse>;

/** Largest PDF the server accepts unless configured otherwise (`--max-upload-mb`). */
export const defaultMaxUploadBytes = 500 * 1024 * 1024;

export const documentEndpoints = {
  'documents.upload': endpoint({
    method: 'POST',
    path: '/api/meetings/:meetingId/documents',
    access: 'secretariat',
    action: 'upload documents',
    summary: 'Upload a PDF (or a new version of a document)',
    description: 'The body is the PDF itself (Content-Type: application/pdf). Without `confidentiality` the meeting’s own level decides.',
    params: meetingParams,
    query: UploadDocumentQuery,
    body: { upload: 'application/pdf' },
    reply: UploadDocumentResponse,
    status: 201,
    errors: ['conflict', 'payload_too_large'],
  }),
};
