/**
 * An A4 writer for administrative documents over pdf-lib: serif type in four faces, the
 * two-column letterhead and signature block, centred and justified-left text, and pages
 * added as the body needs them. Margins and sizes follow NĐ 30/2020/NĐ-CP appendix I
 * (top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm; body 13–14 pt), which HD 36-HD/VPTW
 * matches closely. Times New Roman is not free to ship: DejaVu Serif (npm dejavu-fonts-ttf)
 * has every Vietnamese letter; it runs a little wider, so the body is set at 12.5 pt.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, degrees, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Face, ParagraphStyle, RecordMeta, Style } from './record-page';

export const A4 = { w: 595.28, h: 841.89 };
const mm = 72 / 25.4;
export const margin = { left: 30 * mm, right: 17 * mm, top: 22 * mm, bottom: 22 * mm };
export const contentWidth = A4.w - margin.left - margin.right;


let faces: Record<Face, Uint8Array> | null = null;
function loadSerif(): Record<Face, Uint8Array> {
  if (faces) return faces;
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const read = (f: string) => readFileSync(path.join(dir, f));
  faces = { regular: read('DejaVuSerif.ttf'), bold: read('DejaVuSerif-Bold.ttf'), italic: read('DejaVuSerif-Italic.ttf'), boldItalic: read('DejaVuSerif-BoldItalic.ttf') };
  return faces;
}

export interface Run extends Style {
  text: string;
}

/** A column of centred lines: the letterhead's left and right blocks, the signature block. */
export interface Column {
  /** Centre of the column, from the left margin. */
  centre: number;
  width: number;
  /** Left: flush with the column's left edge (the recipients list); default centred. */
  align?: 'left' | 'centre';
  lines: (Run & { gapAfter?: number; rule?: number })[];
}

export class FormWriter {
  page!: PDFPage;
  y = 0;
  private constructor(
    readonly pdf: PDFDocument,
    private readonly fonts: Record<Face, PDFFont>,
    private readonly watermark: string | null,
  ) {}

  static async create(meta: RecordMeta): Promise<FormWriter> {
    const src = loadSerif();
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    pdf.setTitle(meta.title);
    pdf.setAuthor(meta.author);
    if (meta.subject) pdf.setSubject(meta.subject);
    pdf.setCreator('OpenCabinet');
    pdf.setProducer('OpenCabinet');
    pdf.setCreationDate(meta.at);
    pdf.setModificationDate(meta.at);
    const fonts = {} as Record<Face, PDFFont>;
    for (const f of ['regular', 'bold', 'italic', 'boldItalic'] as const) fonts[f] = await pdf.embedFont(src[f], { subset: true });
    const w = new FormWriter(pdf, fonts, meta.watermark ?? null);
    w.newPage();
    return w;
  }

  newPage(): void {
    this.page = this.pdf.addPage([A4.w, A4.h]);
    this.y = A4.h - margin.top;
    const n = this.pdf.getPageCount();
    // NĐ 30: page numbers centred in the top margin, from the second page on.
    if (n > 1) this.page.drawText(String(n), { x: A4.w / 2 - this.width(String(n), 'regular', 12) / 2, y: A4.h - margin.top / 2 - 6, size: 12, font: this.fonts.regular });
    if (this.watermark) {
      this.page.drawText(this.watermark, { x: 140, y: 300, size: 90, font: this.fonts.bold, color: rgb(0.85, 0.3, 0.3), opacity: 0.18, rotate: degrees(40) });
    }
  }

  width(text: string, face: Face = 'regular', size = 12.5): number {
    return this.fonts[face].widthOfTextAtSize(text, size);
  }

  wrap(text: string, maxWidth: number, face: Face = 'regular', size = 12.5): string[] {
    const out: string[] = [];
    for (const para of text.split(/\r?\n/)) {
      let line = '';
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const next = line ? `${line} ${word}` : word;
        if (line && this.width(next, face, size) > maxWidth) {
          out.push(line);
          line = word;
        } else line = next;
      }
      out.push(line);
    }
    return out;
  }

  private ensure(height: number): void {
    if (this.y - height < margin.bottom) this.newPage();
  }

  private draw(text: string, x: number, y: number, r: Style): number {
    const size = r.size ?? 12.5;
    const face = r.face ?? 'regular';
    if (!text) return 0;
    this.page.drawText(text, { x, y, size, font: this.fonts[face] });
    const w = this.width(text, face, size);
    if (r.underline) this.page.drawLine({ start: { x, y: y - 2 }, end: { x: x + w, y: y - 2 }, thickness: 0.6 });
    return w;
  }

  /** Side-by-side centred columns starting at the current line; continues below the longer one. */
  columns(cols: Column[]): void {
    const top = this.y;
    let lowest = top;
    for (const c of cols) {
      let y = top;
      for (const l of c.lines) {
        const size = l.size ?? 12.5;
        for (const part of this.wrap(l.text, c.width, l.face, size)) {
          const w = this.width(part, l.face, size);
          const x = c.align === 'left' ? margin.left + c.centre - c.width / 2 : margin.left + c.centre - w / 2;
          this.draw(part, x, y - size, l);
          y -= size * 1.25;
        }
        if (l.rule) {
          // The short rule under the issuing body and the motto (NĐ 30), a third to a half of the line.
          this.page.drawLine({ start: { x: margin.left + c.centre - l.rule / 2, y: y - 3 }, end: { x: margin.left + c.centre + l.rule / 2, y: y - 3 }, thickness: 0.6 });
          y -= 6;
        }
        y -= l.gapAfter ?? 0;
      }
      lowest = Math.min(lowest, y);
    }
    this.y = lowest;
  }

  centred(text: string, r: Style = {}): void {
    const size = r.size ?? 12.5;
    for (const part of this.wrap(text, contentWidth - 40, r.face, size)) {
      this.ensure(size * 1.3);
      this.draw(part, (A4.w - this.width(part, r.face, size)) / 2, this.y - size, r);
      this.y -= size * 1.3;
    }
  }

  /** A paragraph; the first line indented as administrative prose is. */
  paragraph(text: string, r: ParagraphStyle = {}): void {
    const size = r.size ?? 12.5;
    const indent = r.indent ?? 0;
    const first = r.firstLine ?? 28;
    for (const para of text.split(/\r?\n/)) {
      const lines: string[] = [];
      let line = '';
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const max = contentWidth - indent - (lines.length === 0 ? first : 0);
        const next = line ? `${line} ${word}` : word;
        if (line && this.width(next, r.face, size) > max) {
          lines.push(line);
          line = word;
        } else line = next;
      }
      lines.push(line);
      lines.forEach((l, i) => {
        this.ensure(size * 1.35);
        this.draw(l, margin.left + indent + (i === 0 ? first : 0), this.y - size, r);
        this.y -= size * 1.35;
      });
    }
    this.y -= r.gapAfter ?? 3;
  }

  gap(points = 6): void {
    this.y -= points;
  }

  /** Keeps a block of about `height` points on one page (the signature block with its recipients). */
  keep(height: number): void {
    this.ensure(height);
  }

  async save(opts: { useObjectStreams?: boolean } = {}): Promise<Uint8Array> {
    return this.pdf.save({ useObjectStreams: opts.useObjectStreams ?? true });
  }
}
