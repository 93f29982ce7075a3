/**
 * Worker thread entry (see pdf-worker.ts): for each job, reads the text of every page of
 * one file and posts it to the core in batches, which the core stages as they come and
 * publishes once the file is done (text-index.ts).
 */
import { serveJobs } from '../../node/worker-pool';
import { pageTexts } from './pdfjs-node';
import { readSealedFile } from './at-rest';

export interface IndexJob {
  file: string;
  maxPages: number;
  /** The file is sealed (a confidential meeting's): the key to read it, in this worker's memory only. */
  sealedKey?: Uint8Array;
}

export interface PageText {
  page: number;
  text: string;
}

/** Pages per message: one message per page would cost more in cloning than a page's text. */
const batchPages = 50;

async function extract({ file, maxPages, sealedKey }: IndexJob, progress: (pages: PageText[]) => void): Promise<null> {
  let batch: PageText[] = [];
  const flush = () => {
    if (batch.length) progress(batch);
    batch = [];
  };
  const plain = sealedKey ? await readSealedFile(Buffer.from(sealedKey), file) : null;
  // pdf.js takes a plain Uint8Array, not a Buffer.
  const source = plain ? new Uint8Array(plain.buffer, plain.byteOffset, plain.length) : file;
  for await (const p of pageTexts(source, { maxPages })) {
    if (p.text) batch.push(p);
    if (p.page % batchPages === 0) flush();
  }
  flush();
  return null;
}

serveJobs<IndexJob, null, PageText[]>(extract);
