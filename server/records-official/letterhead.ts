/**
 * The parts of a record whose form depends on its family, as columns of lines that a PDF
 * page and a Word table both lay out: the heading (national motto or the Party's name,
 * issuing body, number, place and date) and the signature block with "Nơi nhận:".
 * State: NĐ 30/2020/NĐ-CP, appendix I. Party: HD 36-HD/VPTW. Positions are fractions of
 * the text width; sizes are the PDF's (see record-page.ts).
 */
import { dateLine, familyOf, numberLine, type Organisation } from '../../shared/organisations';
import { recipientLines, upper, type Issue, type SignatureBlock, type Style } from './record-page';

export interface Line extends Style {
  text: string;
  gapAfter?: number;
  /** A short rule under the line: its width in points, or 'line' for as wide as the text. */
  rule?: number | 'line';
}

export interface ColumnSpec {
  /** Centre and width as fractions of the text width. */
  centre: number;
  width: number;
  /** Left: flush with the column's left edge (the recipients list); default centred. */
  align?: 'left' | 'centre';
  lines: Line[];
}

export function headingColumns(org: Organisation, issue: Issue): ColumnSpec[] {
  // Two blocks that never overlap.
  const left = { centre: 0.2, width: 0.4 };
  const right = { centre: 0.7, width: 0.58 };
  const date = dateLine(org.place, issue.issuedAt, org.timeZone);
  if (familyOf(org.kind) === 'party') {
    return [
      {
        ...left,
        lines: [
          ...(org.parentName ? [{ text: upper(org.parentName), size: 12 }] : []),
          { text: upper(org.name), face: 'bold', size: 12 },
          { text: '*', size: 12, gapAfter: 2 },
          { text: numberLine('party', issue.number), size: 12 },
        ],
      },
      { ...right, lines: [{ text: 'ĐẢNG CỘNG SẢN VIỆT NAM', face: 'bold', size: 13, underline: true, gapAfter: 24 }, { text: date, face: 'italic', size: 12 }] },
    ];
  }
  return [
    {
      ...left,
      lines: [
        ...(org.parentName ? [{ text: upper(org.parentName), size: 11.5 }] : []),
        { text: upper(org.name), face: 'bold', size: 11.5, rule: 60, gapAfter: 8 },
        { text: numberLine('state', issue.number), size: 12 },
      ],
    },
    {
      ...right,
      lines: [
        { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', face: 'bold', size: 10.5 },
        { text: 'Độc lập - Tự do - Hạnh phúc', face: 'bold', size: 12, rule: 'line', gapAfter: 8 },
        { text: date, face: 'italic', size: 12 },
      ],
    },
  ];
}

function signatureLines(s: SignatureBlock | null): Line[] {
  return s
    ? [
        ...(s.authority ? [{ text: upper(s.authority), face: 'bold' as const, size: 13 }] : []),
        { text: upper(s.title), face: 'bold', size: 13, gapAfter: 62 },
        { text: s.name, face: 'bold', size: 13 },
      ]
    : [{ text: '(Chưa cấu hình người ký)', face: 'italic', size: 12 }];
}

/**
 * Rows of columns: signature right and recipients left; with `second` (the minutes'
 * secretary), the two signatures side by side and the recipients in a row below.
 */
export function signatureRows(org: Organisation, issue: Issue, sig: SignatureBlock | null, second: SignatureBlock | null): ColumnSpec[][] {
  const party = familyOf(org.kind) === 'party';
  const left = { centre: 0.25, width: 0.48 };
  const right = { centre: 0.72, width: 0.5 };
  const recipients: Line[] = issue.recipients.length
    ? [
        { text: 'Nơi nhận:', face: party ? 'regular' : 'boldItalic', size: party ? 13 : 12, underline: party },
        ...recipientLines(issue.recipients).map((text) => ({ text, size: 11 })),
      ]
    : [];
  const recipientColumn: ColumnSpec[] = recipients.length ? [{ ...left, align: 'left', lines: recipients }] : [];
  if (second) {
    return [
      [
        { ...left, lines: signatureLines(second) },
        { ...right, lines: signatureLines(sig) },
      ],
      ...(recipientColumn.length ? [recipientColumn] : []),
    ];
  }
  return [[...recipientColumn, { ...right, lines: signatureLines(sig) }]];
}
