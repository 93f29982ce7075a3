/**
 * pdf.js in Node for the device: reads the text of downloaded documents for the search
 * index. Runs only inside the text-index worker thread (text-index-worker.ts), never on
 * the core's own thread: a hostile or huge file costs that worker, not sync or the UI.
 */
import { polyfillPromiseWithResolvers } from '../../shared/polyfills';
import { pathToFileURL } from 'node:url';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loading: Promise<PdfJs> | null = null;

export function loadPdfJs(): Promise<PdfJs> {
  polyfillPromiseWithResolvers();
  loading ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loading;
}

/** Thrown before the first page when a file has more pages than the indexer takes. */
export class TooManyPagesError extends Error {
  override readonly name = 'TooManyPages';
  readonly detail: { pages: number; maxPages: number };

  constructor(pages: number, maxPages: number) {
    super(`The document has ${pages} pages; at most ${maxPages} are indexed.`);
    this.detail = { pages, maxPages };
  }
}

/**
 * Text of each page of a local file; a page that fails to parse yields ''. The file is read
 * through a file:// URL with range requests, so only what the pages need is loaded: a
 * 500 MB scan is not pulled into memory (and copied into pdf.js) just to find its text.
 * A confidential meeting's file is sealed on disk: it comes as its bytes, decrypted in
 * memory (at-rest.ts), instead of a path.
 * The page count is checked against `maxPages` before any page is read.
 */
export async function* pageTexts(file: string | Uint8Array, { maxPages = Number.POSITIVE_INFINITY } = {}): AsyncGenerator<{ page: number; text: string }> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    ...(typeof file === 'string' ? { url: pathToFileURL(file).href, disableAutoFetch: true, rangeChunkSize: 256 * 1024 } : { data: file }),
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: false,
  });
  try {
    const doc = await task.promise;
    if (doc.numPages > maxPages) throw new TooManyPagesError(doc.numPages, maxPages);
    for (let n = 1; n <= doc.numPages; n++) {
      let text = '';
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        for (const item of content.items) {
          if ('str' in item) text += item.str + (item.hasEOL ? '\n' : item.str.endsWith(' ') ? '' : ' ');
        }
        page.cleanup();
      } catch {
        text = '';
      }
      yield { page: n, text: text.normalize('NFC').replace(/[ \t]+/g, ' ').trim() };
    }
  } finally {
    await task.destroy();
  }
}
