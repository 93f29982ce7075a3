/**
 * Worker thread entry: reads and checks the signatures of an uploaded PDF (pdf-signature.ts)
 * off the server's event loop. The file arrives as bytes (verify uploads are small and
 * bounded by the route's body limit); only the report crosses back.
 */
import { serveJobs } from '../../node/worker-pool';
import { readPdfSignatures, type PdfSignatureReport } from './pdf-signature';

export interface VerifyJob {
  bytes: Uint8Array;
}

serveJobs<VerifyJob, PdfSignatureReport>(async ({ bytes }) => readPdfSignatures(bytes));
