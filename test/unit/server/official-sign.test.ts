/**
 * The organisation certificate and PAdES signing, checked with Debian's pdfsig: a signed
 * PDF reports one signature by the organisation, and one changed byte inside the signed
 * range makes the signature invalid. Bad certificates are refused with their reason.
 */
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { generateDemoP12, inspectP12 } from '../../../server/organisations/certificate';
import { signPdf } from '../../../server/records-official/sign';
import { pdfToText, pdfsig, tamper } from '../../support/pdf-tools';

describe('organisation certificate', () => {
  it('generates a demo PKCS#12 that opens with its password and names the organisation', () => {
    const { p12, password } = generateDemoP12('Tỉnh ủy Quảng Ninh');
    const info = inspectP12(p12, password);
    expect(info.subject).toContain('CN=Tỉnh ủy Quảng Ninh (demo certificate)');
    expect(Date.parse(info.notAfter)).toBeGreaterThan(Date.now());
  });

  it('refuses a wrong password, an expired certificate and a file that is not PKCS#12', () => {
    const { p12, password } = generateDemoP12('UBND tỉnh Quảng Ninh', { now: new Date('2020-01-01T00:00:00Z'), years: 1 });
    expect(() => inspectP12(p12, `${password}x`)).toThrow(/password is not correct/);
    expect(() => inspectP12(p12, password)).toThrow(/expired on 2020-12-31/);
    expect(() => inspectP12(new TextEncoder().encode('not a p12'), 'x')).toThrow(/not a PKCS#12/);
  });
});

describe('PAdES signature', () => {
  it('is reported by pdfsig with its signer, and fails once a signed byte changes', async () => {
    const { p12, password } = generateDemoP12('Văn phòng Chính phủ');
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('MARKER-TEXT', { font: await pdf.embedFont(StandardFonts.Helvetica), x: 50, y: 700, size: 12 });
    const signed = await signPdf(pdf, p12, password, { name: 'Văn phòng Chính phủ', reason: 'Thông báo kết luận', location: 'Hà Nội', contactInfo: '', signingTime: new Date() });
    const ok = pdfsig(signed);
    expect(ok).toMatch(/Signature #1/);
    expect(ok).toContain('Signer Certificate Common Name: Văn phòng Chính phủ (demo certificate)');
    expect(ok).toMatch(/Signature Validation: Signature is Valid/);
    expect(ok).toContain('Signature Type: ETSI.CAdES.detached');

    const bad = tamper(signed);
    expect(pdfsig(bad)).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    // Poppler still reads the text: only the signature is broken.
    expect(pdfToText(bad)).toContain('MARKER-TEXT');
  });

  it('names a signer whose certificate is in Vietnamese (UTF8String), where the stock P12Signer left pdfsig unable to find it', async () => {
    const { p12, password } = generateDemoP12('Ủy ban nhân dân tỉnh Quảng Ninh');
    const page = async () => {
      const pdf = await PDFDocument.create();
      pdf.addPage();
      return pdf;
    };
    const info = { name: 'Ủy ban nhân dân tỉnh Quảng Ninh', reason: 'Biên bản', location: 'Quảng Ninh', contactInfo: '', signingTime: new Date() };
    const ours = pdfsig(await signPdf(await page(), p12, password, info));
    expect(ours).toContain('Signer Certificate Common Name: Ủy ban nhân dân tỉnh Quảng Ninh (demo certificate)');
    expect(ours).toMatch(/Signature Validation: Signature is Valid/);
    // For contrast, node-forge's SignerInfo through @signpdf's own signer: the issuer it
    // writes is encoded twice and matches no certificate (the reason p12-signer.ts exists).
    const pdf = await page();
    pdflibAddPlaceholder({ pdfDoc: pdf, reason: 'x', contactInfo: '', name: 'x', location: 'x', subFilter: 'ETSI.CAdES.detached' });
    const stock = await new SignPdf().sign(Buffer.from(await pdf.save({ useObjectStreams: false })), new P12Signer(Buffer.from(p12), { passphrase: password }));
    expect(pdfsig(stock)).not.toMatch(/Signature is Valid/);
  });
});
