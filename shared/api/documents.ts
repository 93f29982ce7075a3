/** Documents of a meeting: PDF uploads (new documents and new versions). */
import { UploadDocumentQuery, UploadDocumentResponse } from '../http';
import { endpoint } from './endpoint';
import { meetingParams } from './ids';

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
