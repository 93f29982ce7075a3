/**
 * Opens an uploaded file with pdf.js, the same reader every delegate will use, to refuse
 * what they could not open and to read the page count and title. Nothing is rendered:
 * only the cross-reference table, trailer and Info dictionary are parsed.
 */
import { polyfillPromiseWithResolvers } from '../../shared/polyfills';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from '../http/respond';

export interface PdfFacts {
  pages: number;
  title: string;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  polyfillPromiseWithResolvers();
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** What a file that is not a PDF most likely is, from its first bytes. */
export function sniffType(head: Uint8Array): string | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const starts = (sig: string | number[]) => (typeof sig === 'string' ? b.subarray(0, sig.length).toString('latin1') === sig : sig.every((x, i) => b[i] === x));
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'Word, Excel, PowerPoint or ZIP';
  if (starts([0xd0, 0xcf, 0x11, 0xe0])) return 'Word 97–2003 or Excel 97–2003';
  if (starts('{\\rtf')) return 'RTF';
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'PNG image';
  if (starts([0xff, 0xd8, 0xff])) return 'JPEG image';
  if (starts('GIF8')) return 'GIF image';
  if (starts('II*\0') || starts('MM\0*')) return 'TIFF image';
  if (starts('%!PS')) return 'PostScript';
  if (starts('Rar!')) return 'RAR archive';
  if (starts([0x37, 0x7a, 0xbc, 0xaf])) return '7-Zip archive';
  if (starts('<') || starts([0xef, 0xbb, 0xbf, 0x3c])) return 'HTML or XML';
  return null;
}

/**
 * Titles that name the software or template rather than the document: a file called
 * "Tờ trình 15-TTr.pdf" whose Info says "Microsoft Word - Document1" is better shown by
 * its file name.
 */
const junkTitle =
  /^(untitled|no title|title|document\d*|doc\d*|tài liệu\d*|presentation\d*|powerpoint presentation|slide \d+|microsoft (word|excel|powerpoint) - .*|.*\.(docx?|xlsx?|pptx?|odt|rtf|txt|tmp|pdf|indd|qxd|ps))$/i;

export function cleanTitle(raw: unknown, filename: string): string {
  const fallback = path.basename(filename).replace(/\.pdf$/i, '').trim() || filename;
  if (typeof raw !== 'string') return fallback;
  // eslint-disable-next-line no-control-regex
  const t = raw.replace(/[\u0000-\u001f\u007f\ufeff]+/g, ' ').replace(/\s+/g, ' ').trim();
  // U+FFFD means the title's bytes did not decode: showing it would be gibberish.
  if (t.length < 2 || t.includes('\ufffd') || !/\p{L}|\p{N}/u.test(t) || junkTitle.test(t)) return fallback;
  return t.length > 500 ? `${t.slice(0, 499)}…` : t;
}

const chunkSize = 64 * 1024;

/**
 * Reads the file through pdf.js's range transport, so only the parts pdf.js asks for are
 * in memory rather than the whole (up to 500 MB) file.
 */
export async function inspectPdf(file: string, size: number, name: string, timeoutMs = 120_000): Promise<PdfFacts> {
  let fh: FileHandle | null = null;
  try {
    fh = await open(file, 'r');
    const head = Buffer.alloc(Math.min(1024, size));
    await fh.read(head, 0, head.length, 0);
    if (!head.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
      const kind = sniffType(head);
      throw new HttpError(
        422,
        'invalid_input',
        `“${name}” is not a PDF file (it may be a renamed ${kind ? `${kind} file` : 'file of another type'}). Save or export it as PDF and upload it again.`,
      );
    }
    const lib = await loadPdfJs();
    const handle = fh;
    const transport = new lib.PDFDataRangeTransport(size, null);
    transport.requestDataRange = (begin: number, end: number) => {
      const buf = Buffer.alloc(end - begin);
      handle.read(buf, 0, buf.length, begin).then(
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
    let timer: NodeJS.Timeout | undefined;
    try {
      const doc = await Promise.race([
        task.promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { name: 'Timeout' })), timeoutMs);
        }),
      ]);
      const pages = doc.numPages;
      if (!Number.isInteger(pages) || pages < 1) {
        throw new HttpError(422, 'invalid_input', `“${name}” has no pages.`);
      }
      const meta = await doc.getMetadata().catch(() => null);
      const info = (meta?.info ?? {}) as { Title?: unknown };
      return { pages, title: cleanTitle(info.Title, name) };
    } catch (err) {
      if (err instanceof HttpError) throw err;
      const errName = (err as { name?: string } | null)?.name;
      if (errName === 'PasswordException') {
        throw new HttpError(422, 'invalid_input', `“${name}” is password-protected. Remove the password and upload it again.`);
      }
      if (errName === 'Timeout') {
        throw new HttpError(422, 'invalid_input', `“${name}” could not be read in time; it may be damaged. Save it again as PDF and upload it again.`);
      }
      throw new HttpError(422, 'invalid_input', `“${name}” is damaged or incomplete and cannot be opened.`);
    } finally {
      clearTimeout(timer);
      await task.destroy().catch(() => {});
    }
  } finally {
    await fh?.close().catch(() => {});
  }
}
