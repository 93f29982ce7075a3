/**
 * What the notice and the minutes are written onto: the same calls lay out a PDF
 * (pdf-page.ts, over pdf-lib) and a Word file (docx-page.ts, over docx), so the two always
 * say the same thing in the same order. Sizes are the PDF's (DejaVu Serif, a step under
 * NĐ 30's Times sizes); the Word file maps them back to Times New Roman's.
 */
import type { Organisation } from '../../shared/organisations';

export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';

export interface Style {
  face?: Face;
  size?: number;
  underline?: boolean;
}

export interface ParagraphStyle extends Style {
  indent?: number;
  firstLine?: number;
  gapAfter?: number;
}

export interface Issue {
  /** "15-TB/TU"; null for a draft (the number is taken only at finalisation). */
  number: string | null;
  issuedAt: string;
  recipients: string[];
}

export interface SignatureBlock {
  authority: string | null;
  title: string;
  name: string;
}

/** The document's Info: its title, who issued it, the meeting, and whether it is a draft. */
export interface RecordMeta {
  title: string;
  author: string;
  subject?: string;
  /** DỰ THẢO across every page of a draft. */
  watermark: string | null;
  at: Date;
}

export interface RecordPage {
  /** The letterhead: issuing body and number left, motto (state) or the Party's name right, with the date line. */
  heading(org: Organisation, issue: Issue): void;
  centred(text: string, style?: Style): void;
  paragraph(text: string, style?: ParagraphStyle): void;
  gap(points?: number): void;
  /** Signature right, recipients left; `second` adds a left-hand signature (the minutes' secretary). */
  signature(org: Organisation, issue: Issue, sig: SignatureBlock | null, second?: SignatureBlock | null): void;
}

export const upper = (s: string) => s.toLocaleUpperCase('vi');

/** "- A;" … "- Lưu: VT." as both rules list recipients. */
export function recipientLines(recipients: string[]): string[] {
  return recipients.map((r, i) => `- ${r.replace(/[.;,]\s*$/, '')}${i === recipients.length - 1 ? '.' : ';'}`);
}
