/** Text of a PDF as pdf.js extracts it (what a reader's search and copy would see). */
import { readFile } from 'node:fs/promises';
import { blobPath } from '../../../server/blobs';
import { polyfillPromiseWithResolvers } from '../../../shared/polyfills';

polyfillPromiseWithResolvers();

export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true });
  const pdf = await task.promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    parts.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
  }
  const pages = pdf.numPages;
  await task.destroy();
  return { text: parts.join('\n').normalize('NFC'), pages };
}

export async function blobText(dataDir: string, sha256: string): Promise<{ text: string; pages: number }> {
  return pdfText(await readFile(blobPath(dataDir, sha256)));
}
