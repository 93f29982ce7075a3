/**
 * Many table rows in a DOCX without one object tree per cell. The `docx` library builds a
 * Paragraph, a TextRun and their XML objects for every cell: a congress's table (10,000
 * comments, 50,000 cells) needed more than 768 MB and half a minute. Instead the table is
 * built with one sample row whose cells hold markers; that row's XML, as `docx` wrote it,
 * is the template every comment's row is written from (one paragraph per line of a cell,
 * as the library would write it), and the expanded `word/document.xml` replaces the sample
 * document's through Packer's overrides. Same XML, a few MB of strings.
 */
import { inflateRawSync } from 'node:zlib';

export const cellMarker = (i: number) => `@@OC-CELL-${i}@@`;

/** One entry of a ZIP archive (stored or deflated), as text: enough to read back what docx packed. */
export function zipEntryText(zip: Buffer, name: string): string {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('Not a ZIP archive: no end of central directory.');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('Not a ZIP archive: bad central directory.');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLen) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`The ZIP archive has no ${name}.`);
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Where the element that encloses `at` starts (`<w:tr>` or `<w:tr …>`, not `<w:trPr>`). */
function openingBefore(xml: string, tag: string, at: number): number {
  return Math.max(xml.lastIndexOf(`<${tag}>`, at), xml.lastIndexOf(`<${tag} `, at));
}

/**
 * `documentXml` with its sample row (cells holding `cellMarker(0…n-1)`, one paragraph
 * each) replaced by one row per entry of `rows`; a cell's lines become paragraphs.
 */
export function expandSampleRow(documentXml: string, rows: readonly (readonly string[])[], cells: number): string {
  const first = documentXml.indexOf(cellMarker(0));
  if (first < 0) throw new Error('The sample row is missing from the document.');
  const rowStart = openingBefore(documentXml, 'w:tr', first);
  const rowEnd = documentXml.indexOf('</w:tr>', first) + '</w:tr>'.length;
  const row = documentXml.slice(rowStart, rowEnd);
  // The row as fixed text around each cell's paragraph: [text, paragraph, text, paragraph, …, text].
  const between: string[] = [];
  const paragraphs: string[] = [];
  let from = 0;
  for (let i = 0; i < cells; i++) {
    const m = row.indexOf(cellMarker(i), from);
    if (m < 0) throw new Error(`Cell ${i} of the sample row is missing.`);
    const p0 = openingBefore(row, 'w:p', m);
    const p1 = row.indexOf('</w:p>', m) + '</w:p>'.length;
    between.push(row.slice(from, p0));
    paragraphs.push(row.slice(p0, p1));
    from = p1;
  }
  between.push(row.slice(from));
  const out: string[] = [documentXml.slice(0, rowStart)];
  for (const r of rows) {
    for (let i = 0; i < cells; i++) {
      out.push(between[i]!);
      for (const line of (r[i] ?? '').split(/\r?\n/)) out.push(paragraphs[i]!.replace(cellMarker(i), () => escapeXml(line)));
    }
    out.push(between[cells]!);
  }
  out.push(documentXml.slice(rowEnd));
  return out.join('');
}
