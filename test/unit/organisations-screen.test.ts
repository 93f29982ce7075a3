/**
 * The organisations screen's pure parts (renderer/features/organisations/model.ts): what
 * the letterhead form sends, who is offered the screen and its edits, the certificate's
 * state, and the server's real certificate refusals (server/organisations/certificate.ts)
 * worded in the UI language — so a change of the server's sentence fails here, not silently.
 */
import { describe, expect, it } from 'vitest';
import i18n from 'i18next';
import orgVi from '../../renderer/i18n/organisations.vi.json';
import orgEn from '../../renderer/i18n/organisations.en.json';
import { generateDemoP12, inspectP12 } from '../../server/organisations/certificate';
import { ApiError } from '../../shared/errors';
import type { Organisation } from '../../shared/organisations';
import { canEditOrganisation, canKeepOrganisations } from '../../shared/roles';
import { certificateRefusal, certificateState, changedFields, draftOf, emptyDraft, fieldsOf } from '../../renderer/features/organisations/model';

const org: Organisation = {
  id: 'o1',
  kind: 'peoples_committee',
  name: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH',
  parentName: null,
  abbreviation: 'UBND',
  place: 'Quảng Ninh',
  sealName: null,
  signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: 'Cao Tường Huy' },
  defaultRecipients: [],
  timeZone: 'Asia/Ho_Chi_Minh',
  certificate: null,
  createdAt: '2026-01-01T00:00:00Z',
};

const refusalOf = (fn: () => unknown): ApiError => {
  try {
    fn();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('not refused');
};

describe('organisations screen model', () => {
  it('sends empty optional fields as null, no signer when none is typed, and only what changed', () => {
    expect(fieldsOf({ ...emptyDraft, name: ' UBND HUYỆN ', abbreviation: 'UBND', place: 'Ba Chẽ' })).toEqual({
      kind: 'peoples_committee',
      name: 'UBND HUYỆN',
      parentName: null,
      abbreviation: 'UBND',
      place: 'Ba Chẽ',
      sealName: null,
      signer: null,
    });
    expect(changedFields(org, draftOf(org))).toEqual({});
    const d = { ...draftOf(org), authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH' };
    expect(changedFields(org, d)).toEqual({ signer: { authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: 'Cao Tường Huy' } });
    expect(changedFields(org, { ...draftOf(org), authority: '' })).toEqual({ signer: { authority: null, title: 'CHỦ TỊCH', name: 'Cao Tường Huy' } });
  });

  it.each([
    { who: 'administrator', s: { globalRole: 'admin' as const, meetingRoles: [] }, keeps: true },
    { who: "an organisation's secretariat", s: { globalRole: 'user' as const, meetingRoles: ['delegate' as const], organisationSecretariat: true }, keeps: true },
    { who: 'secretariat of a meeting only', s: { globalRole: 'user' as const, meetingRoles: ['secretariat' as const] }, keeps: false },
    { who: 'delegate', s: { globalRole: 'user' as const, meetingRoles: ['delegate' as const], organisationSecretariat: false }, keeps: false },
  ])('$who is offered the organisations screen: $keeps', ({ s, keeps }) => {
    expect(canKeepOrganisations(s)).toBe(keeps);
  });

  it('lets administrators and the secretariat edit an organisation, not its members', () => {
    expect(canEditOrganisation('admin', null)).toBe(true);
    expect(canEditOrganisation('user', 'secretariat')).toBe(true);
    expect(canEditOrganisation('user', 'member')).toBe(false);
    expect(canEditOrganisation('user', null)).toBe(false);
  });

  it('tells none, demo, valid and expired certificates apart', () => {
    const now = Date.parse('2026-12-07T00:00:00Z');
    expect(certificateState(org, now)).toEqual({ kind: 'none' });
    expect(certificateState({ ...org, certificate: { subject: 'CN=x', notAfter: '2031-12-06T00:00:00Z', demo: true } }, now).kind).toBe('demo');
    expect(certificateState({ ...org, certificate: { subject: 'CN=x', notAfter: '2027-01-01T00:00:00Z', demo: false } }, now).kind).toBe('valid');
    expect(certificateState({ ...org, certificate: { subject: 'CN=x', notAfter: '2026-12-01T00:00:00Z', demo: true } }, now).kind).toBe('expired');
  });

  it("words the server's own certificate refusals in Vietnamese and English, with the date", async () => {
    const t18 = i18n.createInstance();
    await t18.init({ lng: 'vi', resources: { vi: { organisations: orgVi }, en: { organisations: orgEn } }, interpolation: { escapeValue: false } });
    const password = generateDemoP12('UBND', { password: 'dung' }).p12;
    const wrong = refusalOf(() => inspectP12(password, 'sai'));
    const expired = refusalOf(() => {
      const { p12, password: pw } = generateDemoP12('UBND', { now: new Date('2020-01-01T00:00:00Z'), years: 1 });
      inspectP12(p12, pw);
    });
    const garbage = refusalOf(() => inspectP12(Buffer.from('not a certificate'), 'x'));
    const tVi = t18.getFixedT('vi', 'organisations');
    const tEn = t18.getFixedT('en', 'organisations');
    expect(certificateRefusal(tVi, wrong, 'vi')).toMatch(/^Mật khẩu không đúng/);
    expect(certificateRefusal(tEn, wrong, 'en')).toMatch(/^The password is not correct/);
    expect(certificateRefusal(tVi, expired, 'vi')).toMatch(/^Chứng thư đã hết hạn ngày 31 thg 12, 2020/);
    expect(certificateRefusal(tEn, expired, 'en')).toContain('expired on 31 Dec 2020');
    expect(certificateRefusal(tVi, garbage, 'vi')).toMatch(/không phải là chứng thư PKCS#12/);
    // A sentence it does not know is left to the screen's usual error text.
    expect(certificateRefusal(tVi, new ApiError('invalid_input', 'Something new.'), 'vi')).toBeNull();
  });
});
