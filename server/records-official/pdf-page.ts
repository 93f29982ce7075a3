/**
 * A record laid out as PDF pages (FormWriter over pdf-lib): the letterhead and signature
 * columns of letterhead.ts drawn side by side, the body as the writer's paragraphs.
 */
import type { Organisation } from '../../shared/organisations';
import { contentWidth, FormWriter, type Column } from './form-writer';
import { headingColumns, signatureRows, type ColumnSpec } from './letterhead';
import type { Issue, ParagraphStyle, RecordMeta, RecordPage, SignatureBlock, Style } from './record-page';

const toColumns = (w: FormWriter, cols: ColumnSpec[]): Column[] =>
  cols.map((c) => ({
    ...c,
    centre: c.centre * contentWidth,
    width: c.width * contentWidth,
    lines: c.lines.map((l) => ({ ...l, rule: l.rule === 'line' ? w.width(l.text, l.face, l.size) : l.rule })),
  }));

export class PdfPage implements RecordPage {
  private constructor(readonly writer: FormWriter) {}

  static async create(meta: RecordMeta): Promise<PdfPage> {
    return new PdfPage(await FormWriter.create(meta));
  }

  heading(org: Organisation, issue: Issue): void {
    this.writer.columns(toColumns(this.writer, headingColumns(org, issue)));
    this.writer.gap(18);
  }
  centred(text: string, style?: Style): void {
    this.writer.centred(text, style);
  }
  paragraph(text: string, style?: ParagraphStyle): void {
    this.writer.paragraph(text, style);
  }
  gap(points?: number): void {
    this.writer.gap(points);
  }
  signature(org: Organisation, issue: Issue, sig: SignatureBlock | null, second: SignatureBlock | null = null): void {
    // The signature block stays on one page with its recipients.
    this.writer.keep(150 + issue.recipients.length * 14);
    this.writer.gap(8);
    signatureRows(org, issue, sig, second).forEach((row, i) => {
      if (i > 0) this.writer.gap(14);
      this.writer.columns(toColumns(this.writer, row));
    });
  }
}
