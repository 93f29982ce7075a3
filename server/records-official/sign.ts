/**
 * PAdES signing of a finished record: a signature placeholder (ETSI.CAdES.detached) is
 * added to the pdf-lib document, the file is saved without object streams (the byte range
 * must be found by a plain search), and @signpdf fills in the CMS signature made with the
 * organisation's PKCS#12 (p12-signer.ts: names in Vietnamese too).
 */
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
// The named class, not the default instance: run as ESM from out/ (or in a worker), Node
// hands a CommonJS module's whole exports object as the default, which has no sign().
import { SignPdf } from '@signpdf/signpdf';
import type { PDFDocument } from 'pdf-lib';
import { OrganisationSigner } from './p12-signer';

/** @signpdf/utils' SUBFILTER_ETSI_CADES_DETACHED: PAdES baseline rather than the older adbe.pkcs7.detached. */
const padesSubFilter = 'ETSI.CAdES.detached';

export interface SignatureInfo {
  /** Who signs, as the signature panel shows it: the organisation. */
  name: string;
  reason: string;
  location: string;
  contactInfo: string;
  signingTime: Date;
}

export async function signPdf(pdf: PDFDocument, p12: Uint8Array, password: string, info: SignatureInfo): Promise<Uint8Array> {
  pdflibAddPlaceholder({
    pdfDoc: pdf,
    reason: info.reason,
    contactInfo: info.contactInfo,
    name: info.name,
    location: info.location,
    signingTime: info.signingTime,
    subFilter: padesSubFilter,
    appName: 'OpenCabinet',
  });
  const unsigned = await pdf.save({ useObjectStreams: false });
  const signer = new OrganisationSigner(p12, password);
  const signed = await new SignPdf().sign(Buffer.from(unsigned), signer, info.signingTime);
  return new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
}
