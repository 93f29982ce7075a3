/**
 * Worker thread entry (see pdf-worker.ts): for each job, opens an uploaded file with pdf.js, the same
 * reader every delegate will use, and posts its page count and raw Info title. Nothing is
 * rendered: only the cross-reference data, trailer, page tree root and Info are parsed.
 */
import { open } from 'node:fs/promises';
import { polyfillPromiseWithResolvers } from '../../shared/polyfills';
import { serveJobs } from '../../node/worker-pool';

export interface InspectJob {
  file: string;
  size: number;
}

export interface RawPdfFacts {
  pages: number;
  title: string | null;
}

const chunkSize = 64 * 1024;

/**
 * Reads the file through pdf.js's range transport, so only the parts pdf.js asks for are
 * in memory rather than the whole (up to 500 MB) file.
 */
async function inspect({ file, size }: InspectJob): Promise<RawPdfFacts> {
  polyfillPromiseWithResolvers();
  const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const fh = await open(file, 'r');
  try {
    const transport = new lib.PDFDataRangeTransport(size, null);
    transport.requestDataRange = (begin: number, end: number) => {
      const buf = Buffer.alloc(end - begin);
      fh.read(buf, 0, buf.length, begin).then(
        ({ bytesRead }) => transport.onDataRange(begin, new Uint8Array(buf.buffer, buf.byteOffset, bytesRead)),
        () => transport.onDataRange(begin, new Uint8Array(0)),
      );
    };
    const task = lib.getDocument({
      range: transport,
      rangeChunkSize: chunkSize,
      disableAutoFetch: true,
      disableStream: true,
      // Nothing is drawn here: no fonts to install, no system fonts to look up, and no
      // annotation layer, so form scripts (enableScripting is a viewer option) never run.
      // pdf.js 6 has no eval-based font path, hence no isEvalSupported to turn off.
      disableFontFace: true,
      useSystemFonts: false,
      useWorkerFetch: false,
      stopAtErrors: false,
      verbosity: 0,
    });
    try {
      const doc = await task.promise;
      const meta = await doc.getMetadata().catch(() => null);
      const title = (meta?.info as { Title?: unknown } | undefined)?.Title;
      // Only a string crosses back: anything else is not a title, and need not be cloned.
      return { pages: doc.numPages, title: typeof title === 'string' ? title : null };
    } finally {
      await task.destroy().catch(() => {});
    }
  } finally {
    await fh.close().catch(() => {});
  }
}

serveJobs<InspectJob, RawPdfFacts>(inspect);
