/**
 * Demo PDFs of real length with Vietnamese text, so viewing, range requests, caching and
 * search are exercised on something like the real thing. DejaVu Sans covers every
 * Vietnamese letter; pdf-lib subsets it so each file carries only the glyphs it uses.
 */
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFDocument, PDFHexString, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { createRng } from './prng';
import { paragraph, romans, sectionTitles } from './prose';

let fonts: { regular: Uint8Array; bold: Uint8Array } | null = null;

export function loadFonts(): { regular: Uint8Array; bold: Uint8Array } {
  if (fonts) return fonts;
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  fonts = { regular: readFileSync(path.join(dir, 'DejaVuSans.ttf')), bold: readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')) };
  return fonts;
}

/**
 * fontkit lays out every string it is given (about half a millisecond a line), which made
 * a 200-page document take seconds. Our text has no ligatures across spaces and pdf-lib
 * ignores positioning, so encoding word by word and caching gives identical bytes.
 */
export function memoizeEncoding(font: PDFFont): void {
  const original = font.encodeText.bind(font);
  const cache = new Map<string, string>();
  const hexOf = (word: string): string => {
    let hex = cache.get(word);
    if (hex === undefined) {
      hex = original(word).asString();
      cache.set(word, hex);
    }
    return hex;
  };
  const space = hexOf(' ');
  font.encodeText = (text: string) => PDFHexString.of(text.split(' ').map(hexOf).join(space));
}

/** DejaVu Sans, regular and bold, embedded in `pdf` (subset to the glyphs used) and encoded word by word. */
export async function embedSans(pdf: PDFDocument): Promise<{ font: PDFFont; bold: PDFFont }> {
  const { regular, bold } = loadFonts();
  pdf.registerFontkit(fontkit);
  const fonts = { font: await pdf.embedFont(regular, { subset: true }), bold: await pdf.embedFont(bold, { subset: true }) };
  memoizeEncoding(fonts.font);
  memoizeEncoding(fonts.bold);
  return fonts;
}

export interface DemoPdfSpec {
  title: string;
  pages: number;
  seed: number;
  /** "CHÍNH PHỦ", "BỘ TÀI CHÍNH" … */
  issuer: string;
  /** Document number line, e.g. "Số: 123/BC-CP". */
  number: string;
}

const A4 = { w: 595.28, h: 841.89 };
const margin = { left: 70, right: 60, top: 60, bottom: 60 };
const size = 11.5;
const leading = 16;

class Writer {
  page!: PDFPage;
  y = 0;
  pageCount = 0;
  private readonly widths = new Map<string, number>();
  private readonly spaceWidth: number;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
    private readonly maxPages: number,
  ) {
    this.spaceWidth = font.widthOfTextAtSize(' ', size);
  }

  get full(): boolean {
    return this.pageCount >= this.maxPages && this.y - leading < margin.bottom;
  }

  newPage(): boolean {
    if (this.pageCount >= this.maxPages) return false;
    this.page = this.pdf.addPage([A4.w, A4.h]);
    this.pageCount++;
    this.y = A4.h - margin.top;
    const n = String(this.pageCount);
    this.page.drawText(n, { x: A4.w / 2 - this.font.widthOfTextAtSize(n, 9) / 2, y: 30, size: 9, font: this.font, color: rgb(0.4, 0.4, 0.4) });
    return true;
  }

  private width(word: string, font: PDFFont): number {
    const key = font === this.font ? word : `\u0000${word}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = font.widthOfTextAtSize(word, size);
      this.widths.set(key, w);
    }
    return w;
  }

  /** Returns false once the page budget is used up. */
  line(text: string, opts: { font?: PDFFont; center?: boolean; indent?: number; size?: number } = {}): boolean {
    if (this.y - leading < margin.bottom && !this.newPage()) return false;
    const font = opts.font ?? this.font;
    const s = opts.size ?? size;
    const x = opts.center ? (A4.w - font.widthOfTextAtSize(text, s)) / 2 : margin.left + (opts.indent ?? 0);
    this.page.drawText(text, { x, y: this.y, size: s, font });
    this.y -= leading;
    return true;
  }

  paragraph(text: string, font: PDFFont = this.font): boolean {
    const maxWidth = A4.w - margin.left - margin.right;
    const words = text.split(' ');
    let line: string[] = [];
    let lineWidth = 0;
    let first = true;
    for (const word of words) {
      const w = this.width(word, font);
      const indent = first ? 24 : 0;
      if (line.length && lineWidth + this.spaceWidth + w > maxWidth - indent) {
        if (!this.line(line.join(' '), { font, indent })) return false;
        first = false;
        line = [word];
        lineWidth = w;
      } else {
        lineWidth += (line.length ? this.spaceWidth : 0) + w;
        line.push(word);
      }
    }
    if (line.length && !this.line(line.join(' '), { font, indent: first ? 24 : 0 })) return false;
    this.y -= 4;
    return true;
  }

  gap(n = 1): void {
    this.y -= leading * n;
  }
}

export async function generateDemoPdf(spec: DemoPdfSpec): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(spec.title);
  pdf.setAuthor(spec.issuer);
  pdf.setProducer('OpenCabinet demo');
  pdf.setCreator('OpenCabinet');
  // A fixed date keeps the bytes, hence the sha256, the same on every run.
  const fixed = new Date('2026-11-01T00:00:00Z');
  pdf.setCreationDate(fixed);
  pdf.setModificationDate(fixed);
  const { font, bold: fontBold } = await embedSans(pdf);
  const rng = createRng(spec.seed);
  const w = new Writer(pdf, font, fontBold, spec.pages);

  w.newPage();
  w.line(spec.issuer, { font: fontBold, indent: 0 });
  w.y += leading;
  w.line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { font: fontBold, indent: 210, size: 10.5 });
  w.line(spec.number, { indent: 0 });
  w.y += leading;
  w.line('Độc lập – Tự do – Hạnh phúc', { font: fontBold, indent: 245, size: 10.5 });
  w.line('Hà Nội, ngày 01 tháng 11 năm 2026', { indent: 250 });
  w.gap(2);
  for (const part of wrapTitle(spec.title.toLocaleUpperCase('vi'), 60)) w.line(part, { font: fontBold, center: true, size: 13 });
  w.gap(1);

  let section = 0;
  outer: while (!w.full) {
    const title = `${romans[section % romans.length]}. ${sectionTitles[section % sectionTitles.length]}`;
    section++;
    if (!w.line(title, { font: fontBold })) break;
    const subs = 2 + Math.floor(rng() * 3);
    for (let i = 1; i <= subs; i++) {
      if (!w.paragraph(`${i}. ${paragraph(rng).split('. ')[0]!.replace(/\.$/, '')}.`, fontBold)) break outer;
      const paras = 2 + Math.floor(rng() * 4);
      for (let j = 0; j < paras; j++) if (!w.paragraph(paragraph(rng))) break outer;
    }
  }
  // Pages are filled up to the budget; the last lines say who signs, as real ones do.
  w.page.drawText('TM. CHÍNH PHỦ', { x: 380, y: Math.max(w.y - 10, margin.bottom + 10), size: 10.5, font: fontBold });

  const bytes = await pdf.save({ useObjectStreams: true });
  return { bytes, pages: pdf.getPageCount() };
}

function wrapTitle(text: string, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
