/**
 * The demo's organisations (issue 14), so both families of record can be seen: the
 * Government Office (state, NĐ 30) holds the existing demo meetings; a provincial Party
 * Standing Committee (Party, HD 36) and a provincial People's Committee (state) each get a
 * small closed meeting with attendance and final conclusions, ready to finalise. Each has
 * its own self-signed demo certificate, generated here — not a trusted one, and the UI says so.
 */
import { run } from '../records/sql';
import { createHash, randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { OrganisationFields } from '../../shared/organisations';
import { addAgendaItem, addParticipant, addSite, setMeta } from '../../shared/ydoc/meeting';
import type { MeetingRole } from '../../shared/roles';
import { generateDemoP12, inspectP12 } from '../organisations/certificate';
import { OrganisationRepo, setMeetingOrganisation, setOrganisationMember } from '../organisations/repo';
import { AfterRepo } from '../records/after-repo';
import { storeClosedLive } from './closed-live';
import { AuditLog } from '../audit/audit';
import type { Store } from '../store/types';
import type { RecordsDb } from '../records/sql';
import type { NewUser } from '../store/types';

/** What the demo organisations have alike: no parent body printed above their name, Vietnam's time zone. */
function demoOrganisation(fields: Omit<OrganisationFields, 'parentName' | 'timeZone'>): OrganisationFields {
  return { ...fields, parentName: null, timeZone: 'Asia/Ho_Chi_Minh' };
}

export const demoOrganisations = {
  government: demoOrganisation({ kind: 'government_office', name: 'Văn phòng Chính phủ', abbreviation: 'VPCP', place: 'Hà Nội', sealName: 'Văn phòng Chính phủ', signer: { authority: 'KT. BỘ TRƯỞNG, CHỦ NHIỆM', title: 'PHÓ CHỦ NHIỆM', name: 'Trần Văn Sơn' }, defaultRecipients: ['Thủ tướng, các Phó Thủ tướng Chính phủ', 'Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ', 'UBND các tỉnh, thành phố trực thuộc trung ương', 'VPCP: BTCN, các PCN, Cổng TTĐT', 'Lưu: VT, TH'] }),
  party: demoOrganisation({ kind: 'party_committee', name: 'Tỉnh ủy Quảng Ninh', abbreviation: 'TU', place: 'Quảng Ninh', sealName: 'Ban Thường vụ Tỉnh ủy Quảng Ninh', signer: { authority: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', name: 'Vũ Đại Thắng' }, defaultRecipients: ['Ban Bí thư (để báo cáo)', 'Các đồng chí Tỉnh ủy viên', 'Các ban, sở, ngành, đoàn thể tỉnh', 'Các huyện, thị, thành ủy', 'Lưu Văn phòng Tỉnh ủy'] }),
  province: demoOrganisation({ kind: 'peoples_committee', name: 'Ủy ban nhân dân tỉnh Quảng Ninh', abbreviation: 'UBND', place: 'Quảng Ninh', sealName: 'Ủy ban nhân dân tỉnh Quảng Ninh', signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: 'Cao Tường Huy' }, defaultRecipients: ['Thường trực Tỉnh ủy (để báo cáo)', 'Thường trực HĐND tỉnh', 'Các sở, ban, ngành thuộc tỉnh', 'UBND các huyện, thị xã, thành phố', 'Lưu: VT, TH'] }),
};

/** Accounts of the two smaller organisations (same demo password as everyone). */
export const demoOrgAccounts = {
  party: { secretary: 'tu.secretary', chair: 'tu.chair', members: ['tu.member1', 'tu.member2', 'tu.member3'] },
  province: { secretary: 'ubnd.secretary', chair: 'ubnd.chair', members: ['ubnd.member1', 'ubnd.member2', 'ubnd.member3'] },
} as const;

const meetings = {
  party: {
    title: 'Hội nghị Ban Thường vụ Tỉnh ủy thường kỳ',
    venue: 'Trụ sở Tỉnh ủy Quảng Ninh',
    chairPosition: 'Bí thư Tỉnh ủy',
    secretaryPosition: 'Chánh Văn phòng Tỉnh ủy',
    memberPosition: 'Ủy viên Ban Thường vụ Tỉnh ủy',
    names: ['Vũ Đại Thắng', 'Nguyễn Thị Hạnh', 'Đặng Xuân Phương', 'Trịnh Thị Minh Thanh', 'Lê Văn Ánh'],
    agenda: [
      { title: 'Dự thảo Nghị quyết về phát triển kinh tế biển', conclusion: 'Ban Thường vụ thống nhất thông qua dự thảo Nghị quyết; giao Ban Tuyên giáo hoàn thiện và trình Ban Chấp hành tại hội nghị gần nhất.' },
      { title: 'Công tác cán bộ quý IV', conclusion: 'Thống nhất chủ trương kiện toàn cán bộ theo đề xuất của Ban Tổ chức Tỉnh ủy.' },
    ],
  },
  province: {
    title: 'Phiên họp Ủy ban nhân dân tỉnh thường kỳ',
    venue: 'Trụ sở UBND tỉnh Quảng Ninh',
    chairPosition: 'Chủ tịch UBND tỉnh',
    secretaryPosition: 'Chánh Văn phòng UBND tỉnh',
    memberPosition: 'Ủy viên UBND tỉnh',
    names: ['Cao Tường Huy', 'Bùi Văn Khắng', 'Nghiêm Xuân Cường', 'Nguyễn Minh Sơn', 'Phạm Thị Lan'],
    agenda: [
      { title: 'Tình hình kinh tế - xã hội 11 tháng', conclusion: 'Các sở, ngành tập trung hoàn thành chỉ tiêu năm; Sở Tài chính đẩy nhanh giải ngân vốn đầu tư công.' },
      { title: 'Kế hoạch phòng, chống thiên tai năm tới', conclusion: 'Thống nhất ban hành Kế hoạch; giao Sở Nông nghiệp và Môi trường chủ trì tổ chức thực hiện.' },
    ],
  },
} as const;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface DemoOrgSeed {
  governmentId: string;
  partyId: string;
  provinceId: string;
  partyMeetingId: string;
  provinceMeetingId: string;
}

async function withDemoCertificate(orgs: OrganisationRepo, fields: OrganisationFields): Promise<string> {
  const org = await orgs.create(fields);
  const { p12, password } = generateDemoP12(org.name);
  const info = inspectP12(p12, password);
  await orgs.setCertificate(org.id, { p12, password, subject: info.subject, notAfter: info.notAfter, demo: true });
  return org.id;
}

/**
 * Creates the three organisations, puts the given meetings and people under the Government
 * Office, and adds the two smaller organisations with their accounts and one meeting each.
 */
export async function seedDemoOrganisations(
  store: Store,
  rdb: RecordsDb,
  opts: { passwordHash: string; governmentMeetings: string[]; governmentPeople: { id: string; role: MeetingRole | null }[]; day: string },
): Promise<DemoOrgSeed> {
  const orgs = new OrganisationRepo(rdb);
  const governmentId = await withDemoCertificate(orgs, demoOrganisations.government);
  const partyId = await withDemoCertificate(orgs, demoOrganisations.party);
  const provinceId = await withDemoCertificate(orgs, demoOrganisations.province);
  await orgs.rdb.transaction(opts.governmentMeetings, function* () {
    for (const m of opts.governmentMeetings) yield* setMeetingOrganisation(m, governmentId);
    for (const p of opts.governmentPeople) if (p.role) yield* setOrganisationMember(governmentId, p.id, p.role === 'secretariat' ? 'secretariat' : 'member');
  });
  const partyMeetingId = await smallMeeting(store, orgs, partyId, 'party', opts.passwordHash, opts.day);
  const provinceMeetingId = await smallMeeting(store, orgs, provinceId, 'province', opts.passwordHash, opts.day);
  return { governmentId, partyId, provinceId, partyMeetingId, provinceMeetingId };
}

async function smallMeeting(store: Store, orgs: OrganisationRepo, orgId: string, which: 'party' | 'province', passwordHash: string, day: string): Promise<string> {
  const spec = meetings[which];
  const accounts = demoOrgAccounts[which];
  const usernames = [accounts.chair, accounts.secretary, ...accounts.members];
  const roles: MeetingRole[] = ['chair', 'secretariat', 'delegate', 'delegate', 'delegate'];
  const positions = [spec.chairPosition, spec.secretaryPosition, spec.memberPosition, spec.memberPosition, spec.memberPosition];
  const orgName = (await orgs.get(orgId))!.name;
  const users: NewUser[] = usernames.map((username, i) => ({ id: randomUUID(), username, displayName: spec.names[i]!, passwordHash, globalRole: 'user' }));
  await store.createUsers(users);
  const meetingId = randomUUID();
  const startsAt = `${day}T08:00:00+07:00`;
  const endsAt = `${day}T11:30:00+07:00`;
  const [year, month] = day.split('-').map(Number) as [number, number];
  const title = `${spec.title} tháng ${month} năm ${year}`;
  const itemIds = spec.agenda.map(() => randomUUID());
  const doc = new Y.Doc();
  doc.transact(() => {
    setMeta(doc, { title, kind: which === 'party' ? 'party_standing_committee' : 'peoples_committee_session', startsAt, endsAt, venue: spec.venue, confidentiality: 'internal', status: 'closed' });
    addSite(doc, { id: 'site-001', name: spec.venue, kind: 'main' });
    users.forEach((u, i) => addParticipant(doc, { id: u.id!, name: u.displayName, position: positions[i]!, unit: orgName, role: roles[i]!, siteId: 'site-001' }));
    spec.agenda.forEach((a, i) => addAgendaItem(doc, { id: itemIds[i]!, title: a.title, parentId: null, order: i + 1, durationMin: 60, presenter: null, documentIds: [] }));
  });
  await store.createMeeting({ id: meetingId, title, status: 'closed', startsAt, endsAt, venue: spec.venue });
  await store.addMembers(meetingId, users.map((u, i) => ({ userId: u.id!, role: roles[i]! })));
  await store.appendUpdate(`meeting/${meetingId}`, Y.encodeStateAsUpdate(doc));
  doc.destroy();

  const rdb = orgs.rdb;
  const after = new AfterRepo();
  const audit = new AuditLog(rdb);
  const finalisedAt = `${day}T04:00:00.000Z`;
  await rdb.transaction([meetingId], function* () {
    yield* setMeetingOrganisation(meetingId, orgId);
    for (const [i, u] of users.entries()) yield* setOrganisationMember(orgId, u.id!, i === 1 ? 'secretariat' : 'member');
    // Everyone present but the last member, who sent apologies.
    for (const [i, u] of users.entries()) {
      if (roles[i] === 'secretariat') continue;
      const status = i === users.length - 1 ? 'excused' : 'present';
      yield* run('INSERT INTO attendance (meeting_id, user_id, status, substitute, at, by_user) VALUES (?, ?, ?, NULL, ?, ?)', meetingId, u.id!, status, startsAt, users[1]!.id!);
    }
    for (const [i, a] of spec.agenda.entries()) {
      const id = randomUUID();
      yield* after.insertConclusion({ id, meetingId, agendaItemId: itemIds[i]!, version: 1, text: a.conclusion, pollRefs: [], finalisedAt, finalisedBy: users[0]!.id!, corrects: null, reason: null });
      yield* audit.append(meetingId, 'conclusion.final', { conclusionId: id, agendaItemId: itemIds[i], version: 1, textSha256: sha256(a.conclusion), pollRefs: [], by: users[0]!.id, corrects: null, reason: null }, finalisedAt);
    }
  });
  await storeClosedLive(store, rdb, after, meetingId);
  return meetingId;
}
