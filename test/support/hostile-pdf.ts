/**
 * Small PDFs built to cost a reader far more than their size, as an attacker would send
 * them: each is a valid-looking file of a few KB, written byte by byte so the test shows
 * exactly what makes it hostile.
 */
import { deflateSync } from 'node:zlib';

/** Joins PDF objects into a file with a classic cross-reference table; `objects[i]` is object i + 1. */
function assemble(objects: string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * A one-page PDF whose cross-reference *stream* declares `entries` objects
 * (`/Size n /Index [0 n] /W [1 1 0]`) over deflated zeros: two bytes per entry inflate
 * from almost nothing (20,000,000 entries ≈ 40 KB), and a reader that builds one object
 * per entry needs gigabytes and seconds before it finds out that all of them are free.
 */
export function xrefBombPdf(entries: number): Buffer {
  const head = Buffer.from(
    '%PDF-1.7\n' +
      '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n',
    'latin1',
  );
  const data = deflateSync(Buffer.alloc(entries * 2), { level: 9 });
  const xrefAt = head.length;
  const dict = `4 0 obj\n<< /Type /XRef /Size ${entries} /Index [0 ${entries}] /W [1 1 0] /Root 1 0 R /Filter /FlateDecode /Length ${data.length} >>\nstream\n`;
  const tail = `\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([head, Buffer.from(dict, 'latin1'), data, Buffer.from(tail, 'latin1')]);
}

/**
 * A PDF whose page tree says it has `pages` pages, built from one page object repeated
 * through a two-level tree of Kids, so 200,000 pages take a few hundred KB. Each page
 * has a line of text, so a text extractor really has work to do on every page.
 */
export function manyPagesPdf(pages: number, perNode = 1000): Buffer {
  const nodes = Math.ceil(pages / perNode);
  // 1 catalog, 2 root Pages, 3 the page, 4 its content, 5 the font, 6.. intermediate nodes.
  const content = 'BT /F1 12 Tf 72 720 Td (Nghi quyet ve ke hoach phat trien) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Count ${pages} /Kids [${Array.from({ length: nodes }, (_, i) => `${i + 6} 0 R`).join(' ')}] >>`,
    '<< /Type /Page /Parent 6 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  for (let i = 0; i < nodes; i++) {
    const count = Math.min(perNode, pages - i * perNode);
    objects.push(`<< /Type /Pages /Parent 2 0 R /Count ${count} /Kids [${'3 0 R '.repeat(count).trim()}] >>`);
  }
  return assemble(objects);
}
