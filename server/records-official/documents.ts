/**
 * The two records a meeting leaves, written for the organisation's family: the conclusion
 * notice (thông báo kết luận) and the minutes (biên bản). Pure layout from gathered facts
 * onto a RecordPage (a PDF or a Word file alike); numbering, signing and storing are
 * service.ts's. Every poll result is worded by shared/domain/result-wording, the function
 * the result screen uses.
 */
import { effectiveDeadline } from '../../shared/domain/tasks';
import { resultSentence } from '../../shared/domain/result-wording';
import { dateLine, familyOf, timeOfDay, zonedParts, type MinutesApprovals, type Organisation, type RecordApproval, type RecordKind } from '../../shared/organisations';
import type { MeetingContent } from '../../shared/ydoc/meeting';
import { paragraphsOf, type MinutesSections } from '../../shared/domain/minutes-text';
import type { PollRow } from '../records/repo';
import type { RecordFacts } from './facts';
import type { Issue, RecordMeta, RecordPage, SignatureBlock } from './record-page';

export interface RenderOptions extends Issue {
  kind: RecordKind;
  org: Organisation;
  facts: RecordFacts;
  draft: boolean;
  /** The audit chain head at finalisation, printed as "Mã kiểm chứng". */
  auditHead: string | null;
  /** A correction: the record it replaces and why. */
  replaces: { number: string; issuedAt: string; reason: string } | null;
  demoCertificate: boolean;
  /** Minutes: the chair's and the secretary's approvals of the draft (null for a notice). */
  approvals?: MinutesApprovals | null;
  /** Minutes: the secretary's narrative (opening, item summaries, closing), around the generated facts. */
  narrative?: MinutesSections | null;
}

export const recordTitle: Record<RecordKind, string> = { notice: 'Thông báo kết luận', minutes: 'Biên bản cuộc họp' };

const vnDay = (day: string) => day.split('-').reverse().join('/');

function chairOf(content: MeetingContent): { name: string; position: string | null } | null {
  const chair = content.participants.find((p) => p.role === 'chair');
  return chair ? { name: chair.name, position: chair.position } : null;
}

function pollsByItem(polls: PollRow[]): Map<string | null, PollRow[]> {
  const m = new Map<string | null, PollRow[]>();
  for (const p of polls) {
    if (!p.result) continue;
    const list = m.get(p.agendaItemId) ?? [];
    list.push(p);
    m.set(p.agendaItemId, list);
  }
  return m;
}

export function pollSentence(p: PollRow): string {
  return `Biểu quyết “${p.definition.question}”: ${resultSentence({ kind: p.definition.kind, options: p.definition.options }, p.result!, 'vi')}.`;
}

function signer(org: Organisation): SignatureBlock | null {
  return org.signer ? { authority: org.signer.authority, title: org.signer.title, name: org.signer.name } : null;
}

function footer(w: RecordPage, o: RenderOptions): void {
  w.gap(14);
  if (o.auditHead) w.paragraph(`Mã kiểm chứng: ${o.auditHead}`, { size: 8, firstLine: 0, gapAfter: 0 });
  if (o.auditHead) w.paragraph('(Mã băm đầu chuỗi nhật ký kiểm toán của cuộc họp tại thời điểm ban hành.)', { size: 8, firstLine: 0, face: 'italic' });
  if (o.demoCertificate && !o.draft) {
    w.paragraph('Văn bản ký số bằng chứng thư thử nghiệm (demo certificate), không có giá trị pháp lý.', { size: 8, firstLine: 0, face: 'italic' });
  }
}

function replacesLine(w: RecordPage, o: RenderOptions, what: string): void {
  if (!o.replaces) return;
  w.paragraph(`${what} này thay thế ${what.toLowerCase()} số ${o.replaces.number} ngày ${vnDay(o.replaces.issuedAt.slice(0, 10))}. Lý do: ${o.replaces.reason}`, { face: 'italic', gapAfter: 6 });
}

/** The Info of the file: its title with the number, the issuer, the meeting; DỰ THẢO on a draft. */
export function recordMeta(o: RenderOptions): RecordMeta {
  const title = recordTitle[o.kind];
  return {
    title: o.number ? `${title} số ${o.number}` : `${title} (dự thảo)`,
    author: o.org.name,
    subject: o.facts.content.meta.title,
    watermark: o.draft ? 'DỰ THẢO' : null,
    at: new Date(o.issuedAt),
  };
}

function start(w: RecordPage, o: RenderOptions): void {
  w.heading(o.org, o);
  // Also as a line of text, not only the watermark: searchable, and read out by screen readers.
  if (o.draft) w.centred('DỰ THẢO', { face: 'bold', size: 13 });
}

export function writeNotice(w: RecordPage, o: RenderOptions): void {
  const { content, conclusions } = o.facts;
  const party = familyOf(o.org.kind) === 'party';
  start(w, o);
  const chair = chairOf(content);
  const chairText = chair ? [chair.position, chair.name].filter(Boolean).join(' ') : 'chủ trì cuộc họp';
  w.centred('THÔNG BÁO', { face: 'bold', size: 14 });
  // A Party notice speaks for the collective body that signs ("T/M BAN THƯỜNG VỤ"), a state one for its chair.
  const body = party ? `Ban Thường vụ ${o.org.name}` : chairText;
  w.centred(`Kết luận của ${body} tại ${content.meta.title}`, { face: 'bold', size: 13 });
  if (party) w.centred('-----', { size: 12.5 });
  else w.gap(4);
  w.gap(8);
  replacesLine(w, o, 'Thông báo');
  const tz = o.org.timeZone;
  const when = content.meta.startsAt ? `${timeOfDay(content.meta.startsAt, tz)}, ${dateLine('', content.meta.startsAt, tz).replace(/^, /, '')}` : 'chưa xác định';
  w.paragraph(`Vào ${when}, tại ${content.meta.venue ?? 'trụ sở cơ quan'}, ${chairText} chủ trì ${content.meta.title}.`);
  // Of the members on the roster; a meeting whose roster is not in its document (made by an
  // older client) still says how many were present, without a total it does not know.
  const members = content.participants.filter((p) => p.role !== 'secretariat' && p.role !== 'observer' && p.role !== 'guest');
  const present = members.length
    ? members.filter((p) => o.facts.attendance.get(p.id)?.status === 'present').length
    : [...o.facts.attendance.values()].filter((m) => m.status === 'present').length;
  w.paragraph(`Số thành viên có mặt: ${present}${members.length ? `/${members.length}` : ''}.`);
  w.paragraph(`Sau khi nghe báo cáo và ý kiến phát biểu của các thành viên dự họp, ${chairText} kết luận như sau:`, { gapAfter: 6 });
  const polls = pollsByItem(o.facts.polls);
  for (const item of content.agenda) {
    const indent = Math.min(item.depth, 3) * 14;
    w.paragraph(`${item.number}. ${item.title}`, { face: 'bold', indent, firstLine: 28 });
    const c = conclusions.get(item.id);
    if (c) w.paragraph(c.text, { indent });
    else w.paragraph('(Chưa có kết luận chính thức.)', { indent, face: 'italic' });
    for (const p of polls.get(item.id) ?? []) w.paragraph(pollSentence(p), { indent, size: 12 });
  }
  if (o.facts.tasks.length) {
    w.gap(4);
    w.paragraph('Phân công thực hiện:', { face: 'bold' });
    for (const t of o.facts.tasks) {
      const who = [t.unit, t.assigneeName].filter(Boolean).join(' – ');
      w.paragraph(`- ${t.title}${who ? ` (${who})` : ''}; thời hạn: ${vnDay(effectiveDeadline(t.deadline, t.extensions))}.`, { size: 12 });
    }
  }
  w.paragraph(`${party ? 'Ban Thường vụ' : o.org.name} thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.`, { gapAfter: 4 });
  w.signature(o.org, o, signer(o.org));
  footer(w, o);
}

export function writeMinutes(w: RecordPage, o: RenderOptions): void {
  const { content, attendance, speakers, conclusions } = o.facts;
  const tz = o.org.timeZone;
  start(w, o);
  w.centred('BIÊN BẢN', { face: 'bold', size: 14 });
  w.centred(content.meta.title, { face: 'bold', size: 13 });
  if (familyOf(o.org.kind) === 'party') w.centred('-----');
  w.gap(10);
  replacesLine(w, o, 'Biên bản');
  const opened = o.facts.openedAt;
  w.paragraph(`Thời gian bắt đầu: ${opened ? `${timeOfDay(opened, tz)}, ${dateLine('', opened, tz).replace(/^, /, '')}` : 'chưa xác định'}.`);
  w.paragraph(`Địa điểm: ${content.meta.venue ?? 'chưa xác định'}.`);
  const approvals = o.approvals ?? null;
  const chair = content.participants.find((p) => p.role === 'chair');
  // The secretary who approved the draft kept these minutes; else the meeting's first secretariat member.
  const secretary = content.participants.find((p) => p.role === 'secretariat' && (!approvals?.secretary || p.id === approvals.secretary.userId)) ?? content.participants.find((p) => p.role === 'secretariat');
  const secretaryName = approvals?.secretary?.name ?? secretary?.name ?? null;
  w.paragraph(`Chủ trì: ${chair ? [chair.position, chair.name].filter(Boolean).join(' ') : 'chưa xác định'}.`);
  w.paragraph(`Thư ký: ${secretary && secretary.name === secretaryName ? [secretary.position, secretary.name].filter(Boolean).join(' ') : secretaryName ?? 'chưa xác định'}.`);

  w.paragraph('Thành phần tham dự:', { face: 'bold' });
  // The secretariat keeps the minutes (named above); attendance is of those who take part.
  const members = content.participants.filter((p) => p.role !== 'observer' && p.role !== 'secretariat');
  const sites = content.sites.length ? content.sites : [{ id: '', name: '', kind: 'main' }];
  for (const site of sites) {
    const here = members.filter((p) => (content.sites.length ? p.siteId === site.id : true));
    if (!here.length) continue;
    // Site names already read "Điểm cầu …" or "Hội trường …": say the name as it is.
    if (content.sites.length > 1) w.paragraph(`${site.name}:`, { face: 'italic', indent: 14 });
    // Who is absent comes from the attendance; whether excused, from the reason the
    // secretariat recorded if there is one, else from the check-in mark.
    const status = (id: string) => attendance.get(id)?.status ?? 'absent';
    const excusedOf = (id: string) => o.facts.absences.get(id)?.excused ?? status(id) === 'excused';
    const names = (list: typeof here) =>
      list.map((p) => {
        const sub = attendance.get(p.id)?.substitute;
        const why = status(p.id) !== 'present' ? o.facts.absences.get(p.id)?.reason : null;
        return `${p.name}${p.position ? ` (${p.position})` : ''}${why ? ` – lý do: ${why.replace(/[.;]\s*$/, '')}` : ''}${sub ? `, cử ${sub} dự thay` : ''}`;
      });
    const present = here.filter((p) => status(p.id) === 'present');
    const excused = here.filter((p) => status(p.id) !== 'present' && excusedOf(p.id));
    const absent = here.filter((p) => status(p.id) !== 'present' && !excusedOf(p.id));
    w.paragraph(`Có mặt (${present.length}): ${names(present).join('; ') || 'không có'}.`, { indent: 14, size: 12 });
    if (excused.length) w.paragraph(`Vắng có lý do (${excused.length}): ${names(excused).join('; ')}.`, { indent: 14, size: 12 });
    // "Không lý do" only once the secretariat said so: an absence nobody looked into is just "Vắng".
    const unexcused = absent.filter((p) => o.facts.absences.has(p.id));
    const unknown = absent.filter((p) => !o.facts.absences.has(p.id));
    if (unexcused.length) w.paragraph(`Vắng không lý do (${unexcused.length}): ${names(unexcused).join('; ')}.`, { indent: 14, size: 12 });
    if (unknown.length) w.paragraph(`Vắng (${unknown.length}): ${names(unknown).join('; ')}.`, { indent: 14, size: 12 });
  }

  w.paragraph('Nội dung cuộc họp:', { face: 'bold' });
  const narrative = o.narrative ?? null;
  for (const p of paragraphsOf(narrative?.opening)) w.paragraph(p);
  const polls = pollsByItem(o.facts.polls);
  for (const item of content.agenda) {
    const indent = Math.min(item.depth, 3) * 14;
    w.paragraph(`${item.number}. ${item.title}${item.presenter ? ` (trình bày: ${item.presenter})` : ''}`, { face: 'bold', indent });
    const spoke = speakers.filter((s) => s.agendaItemId === item.id).map((s) => s.name);
    if (spoke.length) w.paragraph(`Ý kiến phát biểu: ${spoke.join('; ')}.`, { indent, size: 12 });
    for (const p of paragraphsOf(narrative?.items[item.id])) w.paragraph(p, { indent, size: 12 });
    for (const p of polls.get(item.id) ?? []) w.paragraph(pollSentence(p), { indent, size: 12 });
    const c = conclusions.get(item.id);
    w.paragraph(c ? `Kết luận: ${c.text}` : 'Kết luận: (chưa có kết luận chính thức).', { indent, size: 12 });
  }
  const loose = polls.get(null) ?? [];
  if (loose.length) {
    w.paragraph('Biểu quyết khác:', { face: 'bold' });
    for (const p of loose) w.paragraph(pollSentence(p), { size: 12 });
  }
  const general = speakers.filter((s) => !s.agendaItemId).map((s) => s.name);
  if (general.length) w.paragraph(`Ý kiến phát biểu chung: ${general.join('; ')}.`, { size: 12 });
  if (o.facts.tasks.length) {
    w.paragraph('Nhiệm vụ được giao:', { face: 'bold' });
    for (const t of o.facts.tasks) {
      const who = [t.unit, t.assigneeName].filter(Boolean).join(' – ');
      w.paragraph(`- ${t.title}${who ? ` (${who})` : ''}; thời hạn: ${vnDay(effectiveDeadline(t.deadline, t.extensions))}.`, { size: 12 });
    }
  }
  for (const p of paragraphsOf(narrative?.closing)) w.paragraph(p);
  const closed = o.facts.closedAt;
  if (closed) {
    const sameDay = opened && zonedParts(opened, tz).day === zonedParts(closed, tz).day;
    w.paragraph(`Cuộc họp kết thúc vào ${timeOfDay(closed, tz)}${sameDay ? ' cùng ngày' : `, ${dateLine('', closed, tz).replace(/^, /, '')}`}./.`);
  }
  if (approvals) w.paragraph(approvalSentence(approvals, tz), { face: 'italic', size: 12 });
  const secBlock: SignatureBlock = { authority: null, title: 'THƯ KÝ', name: secretaryName ?? '' };
  const chairBlock: SignatureBlock = { authority: null, title: 'CHỦ TRÌ', name: approvals?.chair?.name ?? chair?.name ?? '' };
  w.signature(o.org, o, chairBlock, secBlock);
  footer(w, o);
}

const approverTitle: Record<RecordApproval['role'], string> = { chair: 'Chủ trì', secretary: 'Thư ký' };

/** "Dự thảo biên bản đã được duyệt: Chủ trì … lúc 10 giờ 05 phút, ngày …; Thư ký … lúc …" in the organisation's time zone. */
export function approvalSentence(a: MinutesApprovals, timeZone: string): string {
  const given = [a.chair, a.secretary].filter((x): x is RecordApproval => !!x);
  const missing = (['chair', 'secretary'] as const).filter((r) => !a[r]).map((r) => approverTitle[r].toLowerCase());
  const when = (iso: string) => `${timeOfDay(iso, timeZone)}, ${dateLine('', iso, timeZone).replace(/^, /, '')}`;
  const done = given.map((x) => `${approverTitle[x.role]} ${x.name} duyệt lúc ${when(x.approvedAt)}`).join('; ');
  if (!missing.length) return `Dự thảo biên bản đã được duyệt: ${done}.`;
  return `Dự thảo biên bản chờ ${missing.join(' và ')} duyệt${done ? ` (${done})` : ''}.`;
}

export function writeRecord(w: RecordPage, o: RenderOptions): void {
  if (o.kind === 'notice') writeNotice(w, o);
  else writeMinutes(w, o);
}
