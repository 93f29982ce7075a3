/**
 * The consolidated table of comments on a draft as DOCX (Word: the secretariat edits the
 * "giải trình" column and sends it with the draft) and XLSX (Excel: sorting, filtering,
 * counting). Same heading, lines, columns and rows as the PDF and CSV
 * (export.ts). Written in Times New Roman, A4 landscape with NĐ 30/2020's
 * margins (top/bottom 20 mm, left 30 mm, right 15 mm): a five-column table of long texts
 * does not fit a portrait page.
 */
import { AlignmentType, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType, convertMillimetersToTwip } from 'docx';
import ExcelJS from 'exceljs';
import { cellMarker, expandSampleRow, zipEntryText } from './docx-rows';
import { columns, subtitleLines, tableHeading, tableRows, type CommentTable } from './export';

const font = 'Times New Roman';

function cellParagraphs(text: string, opts: { bold?: boolean; center?: boolean; size: number }): Paragraph[] {
  // A comment keeps its own line breaks: one paragraph per line, never a literal "\n" in a run.
  return text.split(/\r?\n/).map(
    (line) =>
      new Paragraph({
        alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: { before: 40, after: 40 },
        children: [new TextRun({ text: line, bold: opts.bold ?? false, font, size: opts.size * 2 })],
      }),
  );
}

export async function commentsDocx(t: CommentTable): Promise<Buffer> {
  const line = (text: string, size: number, bold = false) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 80 }, children: [new TextRun({ text, bold, font, size: size * 2 })] });
  const widths = columns.map((c) => Math.round(c.width * 100));
  const row = (cells: string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: false,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i]!, type: WidthType.PERCENTAGE },
            verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
            margins: { left: 80, right: 80 },
            children: cellParagraphs(text, { bold: header, center: header || i === 0, size: 12 }),
          }),
      ),
    });
  const [draft, deadline, counts] = subtitleLines(t);
  const doc = new Document({
    creator: 'OpenCabinet',
    title: `${tableHeading} — ${t.title}`,
    styles: { default: { document: { run: { font, size: 26 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE },
            margin: { top: convertMillimetersToTwip(20), bottom: convertMillimetersToTwip(20), left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(15) },
          },
        },
        children: [
          line(tableHeading, 14, true),
          line(draft!, 13, true),
          line(deadline!, 13),
          line(counts!, 12),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: widths,
            // One sample row; every comment's row is written from its XML (docx-rows.ts).
            rows: [row(columns.map((c) => c.title), true), row(columns.map((_, i) => cellMarker(i)), false)],
          }),
        ],
      },
    ],
  });
  const sample = zipEntryText(await Packer.toBuffer(doc), 'word/document.xml');
  return Packer.toBuffer(doc, false, [{ path: 'word/document.xml', data: expandSampleRow(sample, tableRows(t.comments), columns.length) }]);
}

/** Excel column widths in characters, in proportion to the PDF's column shares. */
const xlsxWidths = [6, 22, 26, 60, 48];

export async function commentsXlsx(t: CommentTable): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'OpenCabinet';
  book.title = `${tableHeading} — ${t.title}`;
  const sheet = book.addWorksheet('Tổng hợp ý kiến', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '6:6' },
  });
  sheet.columns = xlsxWidths.map((width) => ({ width }));
  const titleRow = (n: number, text: string, bold: boolean, size: number) => {
    sheet.mergeCells(n, 1, n, columns.length);
    const cell = sheet.getCell(n, 1);
    cell.value = text;
    cell.font = { name: font, bold, size };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  titleRow(1, tableHeading, true, 14);
  subtitleLines(t).forEach((l, i) => titleRow(2 + i, l, i === 0, i === 0 ? 13 : 12));
  // Row 5 stays empty; the header is row 6 (printed again on every page, see printTitlesRow).
  const header = sheet.getRow(6);
  header.values = columns.map((c) => c.title);
  const border = { style: 'thin' as const };
  const borders = { top: border, left: border, bottom: border, right: border };
  header.eachCell((cell) => {
    cell.font = { name: font, bold: true, size: 12 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF3' } };
    cell.border = borders;
  });
  for (const r of tableRows(t.comments)) {
    // Cells are written as strings: a comment starting with "=" stays text, never a formula.
    const row = sheet.addRow([Number(r[0]), ...r.slice(1)]);
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = { name: font, size: 12 };
      cell.alignment = { vertical: 'top', wrapText: true, ...(col === 1 ? { horizontal: 'center' as const } : {}) };
      cell.border = borders;
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: 6 }];
  sheet.autoFilter = { from: { row: 6, column: 1 }, to: { row: 6, column: columns.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}
