/**
 * A record as a Word file (docx), for offices that adjust the wording before it is issued
 * on paper. The same calls as the PDF write the same text in the same order; Word has Times
 * New Roman, so the sizes go back to what NĐ 30/2020/NĐ-CP and HD 36-HD/VPTW say (body 14,
 * headings 12–14, recipients 11) on an A4 page with their margins (top/bottom 20 mm, left
 * 30 mm, right 17 mm). The letterhead and the signature are borderless two-column tables.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { Organisation } from '../../shared/organisations';
import { headingColumns, signatureRows, type ColumnSpec } from './letterhead';
import type { Issue, ParagraphStyle, RecordMeta, RecordPage, SignatureBlock, Style } from './record-page';

const font = 'Times New Roman';
/** Twentieths of a point per millimetre, and per point. */
const twipsPerMm = 1440 / 25.4;
const twips = (points: number) => Math.round(points * 20);
const pageWidthMm = 210;
const marginMm = { top: 20, bottom: 20, left: 30, right: 17 };
const textWidth = Math.round((pageWidthMm - marginMm.left - marginMm.right) * twipsPerMm);

/**
 * The PDF's DejaVu Serif sizes (a step under the rules, as it runs wider) back to the
 * rules' Times New Roman sizes, in points.
 */
export function wordSize(pdfSize = 12.5): number {
  if (pdfSize <= 8) return 10;
  if (pdfSize <= 10.5) return 12;
  if (pdfSize <= 11) return 11;
  if (pdfSize <= 11.5) return 12.5;
  if (pdfSize <= 12) return 13;
  return 14;
}

function run(text: string, s: Style = {}): TextRun {
  const face = s.face ?? 'regular';
  return new TextRun({
    text,
    font,
    size: wordSize(s.size) * 2,
    bold: face === 'bold' || face === 'boldItalic',
    italics: face === 'italic' || face === 'boldItalic',
    ...(s.underline ? { underline: {} } : {}),
  });
}

/** Breaks in the text become line breaks within one paragraph, as in the PDF. */
function runs(text: string, s: Style): ParagraphChild[] {
  return text.split(/\r?\n/).flatMap((part, i) => (i === 0 ? [run(part, s)] : [new TextRun({ break: 1 }), run(part, s)]));
}

const noBorders = TableBorders.NONE;

/** The short rule under the issuing body and the motto: an empty paragraph's bottom border, as wide as its indents leave it. */
function rule(widthPoints: number, columnTwips: number): Paragraph {
  const side = Math.max(0, Math.round((columnTwips - twips(widthPoints)) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 120 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, space: 1, color: '000000' } },
    children: [],
  });
}

function columnParagraphs(c: ColumnSpec, columnTwips: number): Paragraph[] {
  const out: Paragraph[] = [];
  for (const l of c.lines) {
    out.push(
      new Paragraph({
        alignment: c.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
        spacing: { before: 0, after: l.rule ? 0 : twips(l.gapAfter ?? 0) },
        children: [run(l.text, l)],
      }),
    );
    if (l.rule) {
      // Word measures the text itself: a rule "as wide as the line" is about its length in Times.
      const width = l.rule === 'line' ? l.text.length * wordSize(l.size) * 0.5 : l.rule;
      out.push(rule(width, columnTwips));
      if (l.gapAfter) out.push(new Paragraph({ spacing: { before: 0, after: twips(l.gapAfter) }, children: [] }));
    }
  }
  return out.length ? out : [new Paragraph({ children: [] })];
}

/** A row of columns as a borderless table: each column gets the width up to its neighbour's. */
function columnsTable(cols: ColumnSpec[]): Table {
  const edges = cols.map((c) => ({ from: c.centre - c.width / 2, to: c.centre + c.width / 2 }));
  const widths = cols.map((_, i) => {
    const from = i === 0 ? 0 : (edges[i - 1]!.to + edges[i]!.from) / 2;
    const to = i === cols.length - 1 ? 1 : (edges[i]!.to + edges[i + 1]!.from) / 2;
    return Math.round((to - from) * textWidth);
  });
  // A single column (the recipients under two signatures) keeps its left-hand place.
  if (cols.length === 1 && cols[0]!.centre < 0.5) widths[0] = Math.round(cols[0]!.width * textWidth);
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: noBorders,
    rows: [
      new TableRow({
        children: cols.map((c, i) => new TableCell({ width: { size: widths[i]!, type: WidthType.DXA }, borders: noBorders, children: columnParagraphs(c, widths[i]!) })),
      }),
    ],
  });
}

export class DocxPage implements RecordPage {
  private readonly body: (Paragraph | Table)[] = [];

  constructor(private readonly meta: RecordMeta) {}

  heading(org: Organisation, issue: Issue): void {
    this.body.push(columnsTable(headingColumns(org, issue)));
    this.gap(18);
  }

  centred(text: string, style: Style = {}): void {
    this.body.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0 }, children: runs(text, style) }));
  }

  paragraph(text: string, style: ParagraphStyle = {}): void {
    this.body.push(
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: { left: twips(style.indent ?? 0), firstLine: twips(style.firstLine ?? 28) },
        spacing: { before: 0, after: twips(style.gapAfter ?? 3) },
        children: runs(text, style),
      }),
    );
  }

  gap(points = 6): void {
    this.body.push(new Paragraph({ spacing: { before: 0, after: 0, line: twips(points), lineRule: 'exact' }, children: [] }));
  }

  signature(org: Organisation, issue: Issue, sig: SignatureBlock | null, second: SignatureBlock | null = null): void {
    this.gap(8);
    signatureRows(org, issue, sig, second).forEach((row, i) => {
      if (i > 0) this.gap(14);
      this.body.push(columnsTable(row));
    });
  }

  async save(): Promise<Uint8Array> {
    const doc = new Document({
      title: this.meta.title,
      creator: this.meta.author,
      ...(this.meta.subject ? { subject: this.meta.subject } : {}),
      styles: { default: { document: { run: { font, size: 28 } } } },
      sections: [
        {
          properties: {
            // NĐ 30: page numbers centred in the top margin, from the second page on.
            titlePage: true,
            page: {
              size: { width: Math.round(pageWidthMm * twipsPerMm), height: Math.round(297 * twipsPerMm) },
              margin: {
                top: Math.round(marginMm.top * twipsPerMm),
                bottom: Math.round(marginMm.bottom * twipsPerMm),
                left: Math.round(marginMm.left * twipsPerMm),
                right: Math.round(marginMm.right * twipsPerMm),
              },
            },
          },
          headers: {
            default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font, size: 26 })] })] }),
            first: new Header({ children: [new Paragraph({ children: [] })] }),
          },
          children: this.body,
        },
      ],
    });
    return new Uint8Array(await Packer.toBuffer(doc));
  }
}
