/**
 * The confidentiality a new document of a meeting starts with, unless the secretariat
 * chooses otherwise: a "Mật" meeting's papers are "Mật" until someone says not (starting
 * them at "Nội bộ" let a confidential paper out without a watermark or a lease); other
 * meetings' papers start internal. The upload form and the server use this one rule.
 */
import type { Confidentiality } from '../meeting-enums';

export function defaultDocumentConfidentiality(meeting: Confidentiality): Confidentiality {
  return meeting === 'confidential' ? 'confidential' : 'internal';
}
