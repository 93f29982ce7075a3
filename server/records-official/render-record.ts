/**
 * One record file from its render options: the PDF (numbered records carry their id in the
 * Info and are signed with the organisation's certificate) or the Word file. Runs in
 * render-record-worker.ts; tests call it directly.
 */
import { writeRecord, recordMeta, type RenderOptions } from './documents';
import { DocxPage } from './docx-page';
import { PdfPage } from './pdf-page';
import { signPdf, type SignatureInfo } from './sign';

export interface RenderJob {
  /** docx: the same text for editing in Word; never signed, never the record itself. */
  format: 'pdf' | 'docx';
  options: RenderOptions;
  /** Written into the Info keywords of a finalised record ("OpenCabinetRecord:<id>"): a changed copy still names it. */
  recordId: string | null;
  /** The organisation's PKCS#12 and what the signature says; null for an unsigned draft. */
  sign: { p12: Uint8Array; password: string; info: SignatureInfo } | null;
}

export interface RenderedRecord {
  bytes: Uint8Array;
  /** Pages of a PDF; Word lays out its own (null). */
  pages: number | null;
}

export async function renderRecordFile(job: RenderJob): Promise<RenderedRecord> {
  if (job.format === 'docx') {
    const page = new DocxPage(recordMeta(job.options));
    writeRecord(page, job.options);
    return { bytes: await page.save(), pages: null };
  }
  const page = await PdfPage.create(recordMeta(job.options));
  writeRecord(page, job.options);
  const pdf = page.writer.pdf;
  if (job.recordId) pdf.setKeywords([`OpenCabinetRecord:${job.recordId}`]);
  const pages = pdf.getPageCount();
  const bytes = job.sign ? await signPdf(pdf, job.sign.p12, job.sign.password, job.sign.info) : await page.writer.save();
  return { bytes, pages };
}
