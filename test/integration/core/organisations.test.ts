/**
 * Organisations through the desktop core against a real server (issue 14): the admin
 * creates a People's Committee, names its secretariat, configures its certificate (a wrong
 * password and an expired certificate are refused with the reason, and change nothing),
 * generates a demo one; the secretariat then changes the signer; a member of another
 * organisation cannot see it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import { tempDir } from '../../support/temp';
import { generateDemoP12 } from '../../../server/organisations/certificate';

const letterhead = {
  kind: 'peoples_committee' as const,
  name: 'ỦY BAN NHÂN DÂN HUYỆN BA CHẼ',
  parentName: null,
  abbreviation: 'UBND',
  place: 'Ba Chẽ',
  sealName: null,
  signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: 'Nguyễn Văn An' },
  defaultRecipients: [],
  timeZone: 'Asia/Ho_Chi_Minh',
};

function p12File(name: string, opts: Parameters<typeof generateDemoP12>[1]): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, generateDemoP12('UBND HUYỆN BA CHẼ', opts).p12);
  return file;
}

describe('organisations through the core', () => {
  it('create, members, letterhead, certificate', async ({ device, serverWith }) => {
    const { srv, admin } = await serverWith({ admin: 'admin' }, { until: 'signed-in', server: { demoSize: 3 } });
    const org = await admin.core.api.organisations.create(letterhead);
    expect(org).toMatchObject({ name: 'ỦY BAN NHÂN DÂN HUYỆN BA CHẼ', abbreviation: 'UBND', certificate: null });
    expect((await admin.core.api.organisations.list({})).organisations.map((o) => o.id)).toContain(org.id);

    // A bad abbreviation is refused by the core's own schema, naming the rule.
    const bad = await admin.core.api.organisations.create({ ...letterhead, abbreviation: 'ub nd' }).catch((e) => e);
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toMatch(/capital letters/);

    // Members: an unknown account is refused by name; delegate1 becomes secretariat, delegate2 a member.
    const unknown = await admin.core.api.organisations.setMember({ organisationId: org.id, username: 'khong.co.ai', role: 'member' }).catch((e) => e);
    expect(unknown.code).toBe('not_found');
    expect(unknown.message).toContain('khong.co.ai');
    await admin.core.api.organisations.setMember({ organisationId: org.id, username: 'delegate1', role: 'secretariat' });
    await admin.core.api.organisations.setMember({ organisationId: org.id, username: 'delegate2', role: 'member' });
    const { members } = await admin.core.api.organisations.members({ organisationId: org.id });
    expect(members.map((m) => [m.username, m.role])).toEqual([
      ['delegate1', 'secretariat'],
      ['delegate2', 'member'],
    ]);

    // The certificate: a wrong password, then an expired certificate, are refused with the reason.
    const password = 'mat-khau-dung';
    const good = p12File('ubnd.p12', { password });
    const wrong = await admin.core.api.organisations.setCertificate({ organisationId: org.id, file: { kind: 'path', path: good }, password: 'sai' }).catch((e) => e);
    expect(wrong.code).toBe('invalid_input');
    expect(wrong.message).toMatch(/password is not correct/);
    const expired = p12File('cu.p12', { password, now: new Date('2020-01-01T00:00:00Z'), years: 1 });
    const old = await admin.core.api.organisations.setCertificate({ organisationId: org.id, file: { kind: 'path', path: expired }, password }).catch((e) => e);
    expect(old.code).toBe('invalid_input');
    expect(old.message).toMatch(/expired on 2020-12-31/);
    expect((await admin.core.api.organisations.get({ organisationId: org.id })).certificate).toBeNull();
    const notP12 = path.join(tempDir(), 'note.txt');
    fs.writeFileSync(notP12, 'không phải chứng thư số');
    expect((await admin.core.api.organisations.setCertificate({ organisationId: org.id, file: { kind: 'path', path: notP12 }, password }).catch((e) => e)).message).toMatch(/not a PKCS#12/);

    const configured = await admin.core.api.organisations.setCertificate({ organisationId: org.id, file: { kind: 'path', path: good }, password });
    expect(configured.certificate).toMatchObject({ demo: false, subject: expect.stringContaining('BA CHẼ') });
    expect(Date.parse(configured.certificate!.notAfter)).toBeGreaterThan(Date.now());
    const demo = await admin.core.api.organisations.demoCertificate({ organisationId: org.id });
    expect(demo.certificate).toMatchObject({ demo: true });

    // The secretariat sees its organisation and changes the signer; it cannot name members nor generate a demo certificate.
    const sec = await device(srv.url, 'delegate1', { until: 'signed-in' });
    expect(sec.user.organisationSecretariat).toBe(true);
    expect((await sec.core.api.organisations.list({})).organisations).toContainEqual(expect.objectContaining({ id: org.id, role: 'secretariat' }));
    const signer = { authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: 'Trần Thị Bình' };
    const updated = await sec.core.api.organisations.update({ organisationId: org.id, fields: { signer } });
    expect(updated).toMatchObject({ signer, name: letterhead.name, certificate: { demo: true } });
    expect((await sec.core.api.organisations.setMember({ organisationId: org.id, username: 'delegate3', role: 'member' }).catch((e) => e)).code).toBe('forbidden');
    expect((await sec.core.api.organisations.demoCertificate({ organisationId: org.id }).catch((e) => e)).code).toBe('forbidden');

    // A plain member sees it but may not change it; someone outside it cannot tell it exists.
    const member = await device(srv.url, 'delegate2', { until: 'signed-in' });
    expect((await member.core.api.organisations.update({ organisationId: org.id, fields: { place: 'Hạ Long' } }).catch((e) => e)).code).toBe('forbidden');
    expect((await member.core.api.organisations.members({ organisationId: org.id }).catch((e) => e)).code).toBe('forbidden');
    const outsider = await device(srv.url, 'tu.member1', { until: 'signed-in' });
    expect((await outsider.core.api.organisations.get({ organisationId: org.id }).catch((e) => e)).code).toBe('not_found');
    expect((await admin.core.api.organisations.get({ organisationId: org.id })).place).toBe('Ba Chẽ');
  });
});
