/**
 * Checks an uploaded file before it is stored: refuses what delegates could not open (not
 * a PDF, password-protected, damaged) and reads the page count and title. pdf.js runs in a
 * worker thread with limits (pdf-worker.ts), a few at a time (job-slots.ts): a hostile
 * file is refused with the limit it hit, and the server answers everyone else meanwhile.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from '../http/respond';
import type { InspectJob, RawPdfFacts } from './inspect-pdf-worker';
import { JobSlots, SlotsFullError } from './job-slots';
import { WorkerJobError, WorkerLimitError, WorkerPool, type WorkerLimits } from '../../node/worker-pool';

export interface PdfFacts {
  pages: number;
  title: string;
}

export interface PdfLimits extends WorkerLimits {
  /** The most pages a document may have: every device indexes every page of it. */
  maxPages: number;
}

/**
 * Inspection reads the cross-reference data and a few dictionaries, not the pages. Measured
 * here: a 44 MB file of 1,000,000 objects opens in 0.9 s within 192 MB (the 352-page book
 * among the fixtures has about 1,500 objects); past about 2,000,000 objects a file is
 * refused, and so is the 20,000,000-object xref stream that froze the server, after about
 * 2 s instead of 8.5 s and 1.9 GB. Two inspections at 192 MB each kept the whole server
 * under 800 MB while bombs were uploaded back to back (test/bench/pdf-limits.ts).
 */
export const defaultPdfLimits: PdfLimits = { timeMs: 20_000, memoryMb: 192, maxPages: 20_000 };

/** Two inspections at a time on the whole server (a 2-core machine keeps a core), eight waiting. */
export const inspectionSlots = new JobSlots(2, 8);
const inspectors = new WorkerPool('inspect-pdf-worker', import.meta.url);

const fmt = (n: number) => n.toLocaleString('en');
const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

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

/** Refuses a file that does not start like a PDF, naming what it most likely is. */
async function checkHeader(file: string, size: number, name: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(1024, size));
    await fh.read(head, 0, head.length, 0);
    if (head.subarray(0, 5).equals(Buffer.from('%PDF-'))) return;
    const kind = sniffType(head);
    throw new HttpError(
      422,
      'invalid_input',
      `“${name}” is not a PDF file (it may be a renamed ${kind ? `${kind} file` : 'file of another type'}). Save or export it as PDF and upload it again.`,
    );
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * A refusal a secretariat member can act on, for how the file's check ended. Anything else
 * (the worker could not start) is the server's fault, not the file's: it goes on as is.
 */
function refusal(err: unknown, name: string, limits: PdfLimits): unknown {
  if (err instanceof SlotsFullError) {
    return new HttpError(
      429,
      'rate_limited',
      `Too many documents are being checked right now (${err.running} at a time, ${err.waiting} waiting); try again later to upload “${name}”.`,
    );
  }
  if (err instanceof WorkerLimitError && err.limit === 'time') {
    return new HttpError(
      422,
      'invalid_input',
      `“${name}” could not be checked within ${duration(limits.timeMs)}; it may be damaged or built to overload the reader. Save it again as PDF and upload it again.`,
    );
  }
  if (err instanceof WorkerLimitError) {
    return new HttpError(
      422,
      'invalid_input',
      `“${name}” needs more than ${limits.memoryMb} MB of memory to open; it may be damaged or built to overload the reader. Save it again as PDF and upload it again.`,
    );
  }
  if (err instanceof WorkerJobError && err.name === 'PasswordException') {
    return new HttpError(422, 'invalid_input', `“${name}” is password-protected. Remove the password and upload it again.`);
  }
  if (err instanceof WorkerJobError) return new HttpError(422, 'invalid_input', `“${name}” is damaged or incomplete and cannot be opened.`);
  return err;
}

/** Page count and title of an uploaded file, or a refusal (HttpError) naming the file and why. */
export async function inspectPdf(file: string, size: number, name: string, limits: Partial<PdfLimits> = {}): Promise<PdfFacts> {
  const lim: PdfLimits = { ...defaultPdfLimits, ...limits };
  await checkHeader(file, size, name);
  let raw: RawPdfFacts;
  try {
    raw = await inspectionSlots.run(() => inspectors.run<RawPdfFacts>({ file, size } satisfies InspectJob, lim));
  } catch (err) {
    throw refusal(err, name, lim);
  }
  if (!Number.isInteger(raw.pages) || raw.pages < 1) throw new HttpError(422, 'invalid_input', `“${name}” has no pages.`);
  if (raw.pages > lim.maxPages) {
    throw new HttpError(413, 'payload_too_large', `“${name}” has ${fmt(raw.pages)} pages; at most ${fmt(lim.maxPages)} are accepted. Split it into parts and upload them one by one.`);
  }
  return { pages: raw.pages, title: cleanTitle(raw.title, name) };
}
