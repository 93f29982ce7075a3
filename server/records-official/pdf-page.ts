/**
 * A record laid out as a PDF page (FormWriter over pdf-lib), with the parts whose form
 * depends on the family: the heading (national motto or the Party's name, issuing body,
 * number, place and date) and the signature block with "Nơi nhận:".
 * State: NĐ 30/2020/NĐ-CP, appendix I. Party: HD 36-HD/VPTW.
 */
import { dateLine, familyOf, numberLine, type Organisation } from '../../shared/organisations';
import { contentWidth, FormWriter } from './form-writer';
import { recipientLines, upper, type Issue, type ParagraphStyle, type RecordMeta, type RecordPage, type SignatureBlock, type Style } from './record-page';

function heading(w: FormWriter, org: Organisation, issue: Issue): void {
  // Two blocks that never overlap; sizes a step under NĐ 30's Times sizes, as DejaVu Serif runs wider.
  const left = { centre: contentWidth * 0.2, width: contentWidth * 0.4 };
  const right = { centre: contentWidth * 0.7, width: contentWidth * 0.58 };
  const date = dateLine(org.place, issue.issuedAt, org.timeZone);
  if (familyOf(org.kind) === 'party') {
    w.columns([
      {
        ...left,
        lines: [
          ...(org.parentName ? [{ text: upper(org.parentName), size: 12 }] : []),
          { text: upper(org.name), face: 'bold' as const, size: 12 },
          { text: '*', size: 12, gapAfter: 2 },
          { text: numberLine('party', issue.number), size: 12 },
        ],
      },
      { ...right, lines: [{ text: 'ĐẢNG CỘNG SẢN VIỆT NAM', face: 'bold', size: 13, underline: true, gapAfter: 24 }, { text: date, face: 'italic', size: 12 }] },
    ]);
  } else {
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    w.columns([
      {
        ...left,
        lines: [
          ...(org.parentName ? [{ text: upper(org.parentName), size: 11.5 }] : []),
          { text: upper(org.name), face: 'bold' as const, size: 11.5, rule: 60, gapAfter: 8 },
          { text: numberLine('state', issue.number), size: 12 },
        ],
      },
      {
        ...right,
        lines: [
          { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', face: 'bold', size: 10.5 },
          { text: motto, face: 'bold', size: 12, rule: w.width(motto, 'bold', 12), gapAfter: 8 },
          { text: date, face: 'italic', size: 12 },
        ],
      },
    ]);
  }
  w.gap(18);
}

function signature(w: FormWriter, org: Organisation, issue: Issue, sig: SignatureBlock | null, second: SignatureBlock | null = null): void {
  const party = familyOf(org.kind) === 'party';
  const left = { centre: contentWidth * 0.25, width: contentWidth * 0.48 };
  const right = { centre: contentWidth * 0.72, width: contentWidth * 0.5 };
  const block = (s: SignatureBlock | null) =>
    s
      ? [
          ...(s.authority ? [{ text: upper(s.authority), face: 'bold' as const, size: 13 }] : []),
          { text: upper(s.title), face: 'bold' as const, size: 13, gapAfter: 62 },
          { text: s.name, face: 'bold' as const, size: 13 },
        ]
      : [{ text: '(Chưa cấu hình người ký)', face: 'italic' as const, size: 12 }];
  w.keep(150 + issue.recipients.length * 14);
  w.gap(8);
  if (second) {
    w.columns([
      { ...left, lines: block(second) },
      { ...right, lines: block(sig) },
    ]);
    w.gap(14);
  }
  const recipients = issue.recipients.length
    ? [
        { text: 'Nơi nhận:', face: party ? ('regular' as const) : ('boldItalic' as const), size: party ? 13 : 12, underline: party },
        ...recipientLines(issue.recipients).map((text) => ({ text, size: 11 })),
      ]
    : [];
  if (second) {
    if (recipients.length) w.columns([{ ...left, align: 'left', lines: recipients }]);
    return;
  }
  w.columns([...(recipients.length ? [{ ...left, align: 'left' as const, lines: recipients }] : []), { ...right, lines: block(sig) }]);
}

export class PdfPage implements RecordPage {
  private constructor(readonly writer: FormWriter) {}

  static async create(meta: RecordMeta): Promise<PdfPage> {
    return new PdfPage(await FormWriter.create(meta));
  }

  heading(org: Organisation, issue: Issue): void {
    heading(this.writer, org, issue);
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
    signature(this.writer, org, issue, sig, second);
  }
}
