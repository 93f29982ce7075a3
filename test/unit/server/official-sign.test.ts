/**
 * The organisation certificate and PAdES signing, checked with Debian's pdfsig: a signed
 * PDF reports one signature by the organisation, and one changed byte inside the signed
 * range makes the signature invalid. Bad certificates are refused with their reason.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { generateDemoP12, inspectP12 } from '../../../server/organisations/certificate';
import { signPdf } from '../../../server/records-official/sign';
import { pdfToText, pdfsig, tamper } from '../../support/pdf-tools';

describe('organisation certificate', () => {
  it('generates a demo PKCS#12 that opens with its password and names the organisation', () => {
    const { p12, password } = generateDemoP12('Tỉnh ủy Quảng Ninh');
    const info = inspectP12(p12, password);
    expect(info.subject).toContain('CN=Tinh uy Quang Ninh (demo certificate)');
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
    expect(ok).toContain('Signer Certificate Common Name: Van phong Chinh phu (demo certificate)');
    expect(ok).toMatch(/Signature Validation: Signature is Valid/);
    expect(ok).toContain('Signature Type: ETSI.CAdES.detached');

    const bad = tamper(signed);
    expect(pdfsig(bad)).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    // Poppler still reads the text: only the signature is broken.
    expect(pdfToText(bad)).toContain('MARKER-TEXT');
  });
});
