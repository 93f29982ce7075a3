/**
 * pdf.js in the desktop core (Node): used to read the text of downloaded documents for
 * the search index. Loaded lazily: a device that never indexes never pays for it.
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

/**
 * Text of each page of a local file; a page that fails to parse yields ''. The file is read
 * through a file:// URL with range requests, so only what the pages need is loaded: a
 * 500 MB scan is not pulled into memory (and copied into pdf.js) just to find its text.
 */
export async function* pageTexts(file: string): AsyncGenerator<{ page: number; text: string }> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    url: pathToFileURL(file).href,
    disableAutoFetch: true,
    rangeChunkSize: 256 * 1024,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: false,
  });
  const doc = await task.promise;
  try {
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
      // Let the event loop breathe between pages: sync and the UI bridge share this thread.
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    await task.destroy();
  }
}
