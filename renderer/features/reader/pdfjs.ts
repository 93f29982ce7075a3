/**
 * The one place pdf.js is configured. Only the display build and its worker are loaded:
 * never pdf.sandbox, so a document's JavaScript is never run.
 */
import { getDocument, GlobalWorkerOptions, PDFWorker, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Copied into the build by the Vite plugin; absolute because the worker resolves them. */
function assetUrl(folder: string): string {
  return new URL(`./pdfjs/${folder}/`, document.baseURI).href;
}

/**
 * One worker for every document opened in this window: starting it (parsing 1 MB of
 * script) is the slowest part of opening the first document, so it is started early.
 */
let worker: PDFWorker | null = null;

export function warmUp(): PDFWorker {
  worker ??= new PDFWorker();
  return worker;
}

export interface PdfSource {
  url: string;
  headers: Record<string, string>;
}

export function openPdf(source: PdfSource): PDFDocumentLoadingTask {
  return getDocument({
    url: new URL(source.url, document.baseURI).href,
    worker: warmUp(),
    httpHeaders: source.headers,
    // Range requests on demand: the first page shows before the rest of a large file is read.
    disableAutoFetch: true,
    disableStream: false,
    rangeChunkSize: 65536,
    cMapUrl: assetUrl('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: assetUrl('standard_fonts'),
    iccUrl: assetUrl('iccs'),
    wasmUrl: assetUrl('wasm'),
    // Form fields and links are not shown; nothing in a document may act.
    enableXfa: false,
  });
}

export type PdfErrorReason = 'password' | 'damaged' | 'missing' | 'unknown';

/** pdf.js rejects with named exceptions; the name survives the worker boundary. */
export function pdfErrorReason(err: unknown): PdfErrorReason {
  const name = err instanceof Error ? err.name : typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  if (name === 'PasswordException') return 'password';
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') return 'damaged';
  if (name === 'ResponseException' || name === 'MissingPDFException') return 'missing';
  return 'unknown';
}

export type { PDFDocumentProxy, PDFPageProxy, PageViewport, RenderTask } from 'pdfjs-dist';
export { TextLayer, RenderingCancelledException } from 'pdfjs-dist';
