/**
 * POST /api/documents/verify on a real server with the demo seed (issue 14): the signed
 * PDF of a finalised record comes back "issued" with its number, kind, organisation,
 * meeting and date; a copy with one changed byte, one with bytes added after signing, a
 * draft, a stranger's signed PDF and a plain PDF each get a clear verdict, and what is not
 * a PDF at all a clear refusal — never a 500. pdfsig agrees on the signature each time.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OfficialRecord, VerifyDocumentResponse } from '../../../shared/organisations';
import { demoPassword } from '../../../server/demo/accounts';
import { generateDemoP12 } from '../../../server/organisations/certificate';
import { signPdf } from '../../../server/records-official/sign';
import { pdfsig, tamper } from '../../support/pdf-tools';
import { call } from '../server-records/helpers';
import { login, serverForFile } from './helpers';

const suite = serverForFile({ demo: true, demoSize: 4 });
const tok: Record<string, string> = {};
let notice: OfficialRecord;
let issued: Uint8Array;

async function verify(bytes: Uint8Array | string, token: string | null = tok['ubnd.member1']!, type = 'application/pdf'): Promise<{ status: number; body: VerifyDocumentResponse & { error?: { code: string; message: string } } }> {
  const res = await fetch(`${suite.server.url}/api/documents/verify`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
  });
  return { status: res.status, body: (await res.json()) as never };
}

beforeAll(async () => {
  for (const u of ['tu.chair', 'tu.secretary', 'ubnd.member1']) tok[u] = await login(suite.server.url, u, demoPassword);
  const m = suite.server.demo!.organisations.partyMeetingId;
  const r = await call<OfficialRecord>(suite.server.url, 'POST', `/api/meetings/${m}/official-records/notice/finalise`, tok['tu.chair']!, {});
  expect(r.status).toBe(201);
  notice = r.body;
  const res = await fetch(`${suite.server.url}/api/official-records/${notice.id}/pdf`, { headers: { authorization: `Bearer ${tok['tu.chair']}` } });
  issued = new Uint8Array(await res.arrayBuffer());
}, 120_000);

describe('POST /api/documents/verify', () => {
  it('recognises the issued PDF: its number, kind, organisation, meeting and date, signed and unchanged', async () => {
    expect(pdfsig(issued)).toMatch(/Signature Validation: Signature is Valid/);
    // Anyone signed in may ask, here someone of another organisation.
    const r = await verify(issued);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      verdict: 'issued',
      record: {
        id: notice.id,
        number: '1-TB/TU',
        kind: 'notice',
        finalisedAt: notice.finalisedAt,
        organisation: { id: suite.server.demo!.organisations.partyId, name: 'Tỉnh ủy Quảng Ninh' },
        meeting: { id: suite.server.demo!.organisations.partyMeetingId },
        replacedBy: null,
      },
      signature: { count: 1, valid: true, coversWholeFile: true, organisationCertificate: true },
    });
    expect(r.body.record!.meeting.title.length).toBeGreaterThan(0);
    expect(r.body.signature!.signer).toContain('Tỉnh ủy Quảng Ninh (demo certificate)');
    expect(Math.abs(Date.parse(r.body.signature!.signedAt!) - Date.parse(notice.finalisedAt))).toBeLessThan(2000);
    expect(r.body.message).toContain('1-TB/TU');
  });

  it('says a copy with one changed byte is not the issued record, and why', async () => {
    const changed = tamper(issued);
    expect(pdfsig(changed)).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    const r = await verify(changed);
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe('altered');
    expect(r.body.record).toMatchObject({ id: notice.id, number: '1-TB/TU' });
    expect(r.body.signature).toMatchObject({ valid: false, organisationCertificate: true });
    expect(r.body.message).toMatch(/changed after it was signed/);
  });

  it('says so when something was added after signing, though the signature itself still verifies', async () => {
    const added = Buffer.concat([Buffer.from(issued), Buffer.from('\n% added after signing\n')]);
    const r = await verify(added);
    expect(r.body.verdict).toBe('altered');
    expect(r.body.signature).toMatchObject({ valid: true, coversWholeFile: false });
    expect(r.body.message).toMatch(/added to the file after it was signed/);
  });

  it('after a correction, still recognises the first record and names the one that replaced it', async () => {
    const m = suite.server.demo!.organisations.partyMeetingId;
    const fix = await call<OfficialRecord>(suite.server.url, 'POST', `/api/meetings/${m}/official-records/notice/finalise`, tok['tu.secretary']!, { replaces: notice.id, reason: 'Sửa lỗi chính tả.' });
    expect(fix.status).toBe(201);
    const r = await verify(issued);
    expect(r.body.verdict).toBe('issued');
    expect(r.body.record!.replacedBy).toEqual({ id: fix.body.id, number: '2-TB/TU' });
    expect(r.body.message).toContain('replaced by number 2-TB/TU');
  });

  it("answers 'unknown' for a draft, a plain PDF and a PDF signed by someone else", async () => {
    const draft = await fetch(`${suite.server.url}/api/meetings/${suite.server.demo!.organisations.partyMeetingId}/official-records/minutes/preview`, { headers: { authorization: `Bearer ${tok['tu.chair']}` } });
    const d = await verify(new Uint8Array(await draft.arrayBuffer()));
    expect(d.body).toMatchObject({ verdict: 'unknown', record: null, signature: null });

    const plain = await PDFDocument.create();
    plain.addPage().drawText('Thong bao', { font: await plain.embedFont(StandardFonts.Helvetica), x: 50, y: 700, size: 12 });
    const p = await verify(await plain.save());
    expect(p.body).toMatchObject({ verdict: 'unknown', signature: null });

    const { p12, password } = generateDemoP12('Cơ quan khác');
    const foreign = await PDFDocument.create();
    foreign.addPage();
    const signed = await signPdf(foreign, p12, password, { name: 'Cơ quan khác', reason: 'x', location: 'x', contactInfo: 'x', signingTime: new Date() });
    expect(pdfsig(signed)).toMatch(/Signature is Valid/);
    const f = await verify(signed);
    expect(f.body).toMatchObject({ verdict: 'unknown', record: null, signature: { valid: true, organisationCertificate: false } });
    expect(f.body.message).toMatch(/not by an organisation of this server/);
  });

  it('refuses what is not a PDF, the wrong content type, an empty or oversized body and a caller without a session, saying what was wrong', async () => {
    const docx = await verify(Buffer.from('PK\u0003\u0004 not a pdf'));
    expect(docx.status).toBe(422);
    expect(docx.body.error!.message).toMatch(/not a PDF/);
    // A file that starts like a PDF but is garbage is simply not ours.
    const junk = await verify(Buffer.from('%PDF-1.7\n/ByteRange [0 10 20 5] <zz>\n%%EOF'));
    expect(junk.status).toBe(200);
    expect(junk.body.verdict).toBe('unknown');
    expect((await verify(issued, tok['ubnd.member1']!, 'application/json')).status).toBe(415);
    expect((await verify(new Uint8Array(0))).status).toBe(400);
    const big = await verify(new Uint8Array(21 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect((await verify(issued, null)).status).toBe(401);
  });
});
