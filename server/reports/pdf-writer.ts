/**
 * A plain A4 text writer over pdf-lib with DejaVu Sans (every Vietnamese letter): lines,
 * wrapped paragraphs and simple tables, with pages added as the text needs them. Widths
 * are measured with the font per word and cached, and encoding is memoised per word (see
 * demo/pdfs), so a 150-item notice lays out in well under a second.
 */
import { PDFDocument, rgb, degrees, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedSans } from '../demo/pdfs';

const A4 = { w: 595.28, h: 841.89 };
const margin = { left: 60, right: 50, top: 55, bottom: 55 };
export const contentWidth = A4.w - margin.left - margin.right;

export interface TextOpts {
  bold?: boolean;
  size?: number;
  center?: boolean;
  indent?: number;
  color?: [number, number, number];
}

export class PdfWriter {
  page!: PDFPage;
  y = 0;
  private readonly widths = new Map<string, number>();
  private constructor(
    readonly pdf: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    private readonly watermark: string | null,
  ) {}

  static async create(meta: { title: string; author: string; watermark?: string | null }): Promise<PdfWriter> {
    const pdf = await PDFDocument.create();
    pdf.setTitle(meta.title);
    pdf.setAuthor(meta.author);
    pdf.setCreator('OpenCabinet');
    pdf.setProducer('OpenCabinet');
    const { font, bold } = await embedSans(pdf);
    const w = new PdfWriter(pdf, font, bold, meta.watermark ?? null);
    w.newPage();
    return w;
  }

  newPage(): void {
    this.page = this.pdf.addPage([A4.w, A4.h]);
    this.y = A4.h - margin.top;
    const n = String(this.pdf.getPageCount());
    this.page.drawText(n, { x: A4.w / 2 - this.font.widthOfTextAtSize(n, 9) / 2, y: 28, size: 9, font: this.font, color: rgb(0.4, 0.4, 0.4) });
    if (this.watermark) {
      // Diagonal and pale: a draft must be recognisable on every page, even printed.
      this.page.drawText(this.watermark, { x: 150, y: 300, size: 90, font: this.bold, color: rgb(0.85, 0.3, 0.3), opacity: 0.18, rotate: degrees(40) });
    }
  }

  width(text: string, bold = false, size = 11): number {
    const key = `${bold ? 'b' : 'r'}${size}\u0000${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = (bold ? this.bold : this.font).widthOfTextAtSize(text, size);
      this.widths.set(key, w);
    }
    return w;
  }

  /** Splits text into lines no wider than maxWidth (words longer than a line are cut). */
  wrap(text: string, maxWidth: number, bold = false, size = 11): string[] {
    const out: string[] = [];
    for (const para of text.split(/\r?\n/)) {
      let line = '';
      let lineW = 0;
      const space = this.width(' ', bold, size);
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const w = this.width(word, bold, size);
        if (line && lineW + space + w > maxWidth) {
          out.push(line);
          line = word;
          lineW = w;
        } else {
          lineW += (line ? space : 0) + w;
          line = line ? `${line} ${word}` : word;
        }
      }
      out.push(line);
    }
    return out;
  }

  private ensure(height: number): void {
    if (this.y - height < margin.bottom) this.newPage();
  }

  line(text: string, o: TextOpts = {}): void {
    const size = o.size ?? 11;
    const lead = size * 1.4;
    this.ensure(lead);
    const font = o.bold ? this.bold : this.font;
    const x = o.center ? (A4.w - this.width(text, o.bold, size)) / 2 : margin.left + (o.indent ?? 0);
    if (text) this.page.drawText(text, { x, y: this.y - size, size, font, color: o.color ? rgb(...o.color) : undefined });
    this.y -= lead;
  }

  paragraph(text: string, o: TextOpts = {}): void {
    const size = o.size ?? 11;
    const lines = this.wrap(text, contentWidth - (o.indent ?? 0), o.bold, size);
    for (const l of lines) this.line(l, o);
  }

  /** Two texts on one line: left at the margin, right starting at `rightX` from the margin. */
  pair(left: string, right: string, rightX: number, o: TextOpts = {}): void {
    const size = o.size ?? 11;
    this.ensure(size * 1.4);
    const font = o.bold ? this.bold : this.font;
    this.page.drawText(left, { x: margin.left, y: this.y - size, size, font });
    this.page.drawText(right, { x: margin.left + rightX, y: this.y - size, size, font });
    this.y -= size * 1.4;
  }

  gap(points = 6): void {
    this.y -= points;
  }

  /**
   * A table: column widths as fractions of the content width, cells wrapped, a header row
   * in bold repeated on each new page, thin rules between rows.
   */
  table(columns: { title: string; width: number; align?: 'left' | 'right' }[], rows: string[][], size = 9.5): void {
    const lead = size * 1.35;
    const widths = columns.map((c) => c.width * contentWidth);
    const drawRow = (cells: string[], bold: boolean) => {
      const wrapped = cells.map((c, i) => this.wrap(c, widths[i]! - 6, bold, size));
      const height = Math.max(...wrapped.map((w) => w.length)) * lead + 4;
      if (this.y - height < margin.bottom) {
        this.newPage();
        if (!bold) drawRow(columns.map((c) => c.title), true);
      }
      let x = margin.left;
      wrapped.forEach((lines, i) => {
        lines.forEach((l, j) => {
          const lx = columns[i]!.align === 'right' ? x + widths[i]! - 3 - this.width(l, bold, size) : x + 3;
          this.page.drawText(l, { x: lx, y: this.y - 2 - size - j * lead, size, font: bold ? this.bold : this.font });
        });
        x += widths[i]!;
      });
      this.y -= height;
      this.page.drawLine({ start: { x: margin.left, y: this.y + 1 }, end: { x: margin.left + contentWidth, y: this.y + 1 }, thickness: 0.4, color: rgb(0.6, 0.6, 0.6) });
    };
    drawRow(columns.map((c) => c.title), true);
    for (const r of rows) drawRow(r, false);
  }

  async save(): Promise<Uint8Array> {
    return this.pdf.save({ useObjectStreams: true });
  }
}

let warming: Promise<void> | null = null;

/**
 * The first PDF a process writes costs about two seconds more than the next ones (fontkit
 * decompresses its Unicode tables and parses DejaVu's layout tables, V8 compiles the
 * layout code). Called when the first conclusion of a meeting is stored, so the notice
 * that follows is not the one that pays; once per process, in the background.
 */
export function warmPdf(): Promise<void> {
  warming ??= (async () => {
    const w = await PdfWriter.create({ title: 'warm-up', author: 'OpenCabinet' });
    w.paragraph('Thông báo kết luận của Thủ tướng Chính phủ: Độc lập – Tự do – Hạnh phúc; ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự.');
    w.table([{ title: 'TT', width: 0.5 }, { title: 'Nhiệm vụ', width: 0.5 }], [['1', 'Hoàn thiện hồ sơ']]);
    await w.save();
  })().catch(() => {});
  return warming;
}
