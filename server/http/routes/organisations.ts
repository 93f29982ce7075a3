/**
 * Organisations (issue 14) and the official record of a meeting: letterhead, signer,
 * members and certificate of an organisation; a meeting's record drafts, previews,
 * finalisation (numbered, signed) and download.
 */
import { readFile } from 'node:fs/promises';
import type { officialRecordEndpoints, organisationEndpoints } from '../../../shared/api/organisations';
import { ApiError } from '../../../shared/errors';
import type { MeetingSummary } from '../../../shared/api/meetings';
import { familyOf } from '../../../shared/organisations';
import { blobPath } from '../../blobs';
import { requireOrganisation } from '../../organisations/access';
import { generateDemoP12, inspectP12 } from '../../organisations/certificate';
import { officialRecordsOf } from '../../records-official/service';
import { conclusionRegister, registerCsv, registerXlsx } from '../../records-official/conclusion-register';
import { maxVerifyBytes, verifyDocument } from '../../records-official/verify';
import { readBody } from '../body';
import { HttpError } from '../respond';
import type { Session } from '../../auth/sessions';
import type { AbsenceReason } from '../../../shared/organisations';
import { requireMember, requireSecretariat, type ApiContext } from '../context';
import { sendFile } from '../respond';
import type { Handlers } from '../router';
import { readMeeting } from '../../../shared/ydoc/meeting';
import { canReturnMinutes, minutesApproverRole } from '../../../shared/roles';

const records = (ctx: ApiContext) => officialRecordsOf(ctx);
const fileStem = (kind: 'notice' | 'minutes') => (kind === 'notice' ? 'thong-bao' : 'bien-ban');
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** "thong-bao-15-TB-TU.pdf": the kind and the number, in characters every file system takes. */
const recordFileName = (r: { kind: 'notice' | 'minutes'; number: string }, ext: string) => `${fileStem(r.kind)}-${r.number.replace(/[^A-Za-z0-9-]/g, '-')}.${ext}`;

/** A final record of a meeting the caller takes part in; anything else is "no such record" (issue 18: no existence oracle). */
async function visibleRecord(ctx: ApiContext, session: Session, id: string) {
  const svc = records(ctx);
  const record = await svc.rdb.read(() => svc.register.get(id));
  // Not requireMember's own 404: the same status and the same words as a made-up id.
  const visible = record ? await requireMember(ctx, session, record.meetingId).then(() => true, () => false) : false;
  if (!record || !visible || record.status !== 'final' || !record.sha256) throw new ApiError('not_found', 'There is no such record.');
  return { ...record, sha256: record.sha256 };
}

export const organisationHandlers: Handlers<typeof organisationEndpoints> = {
  'organisations.list': async (ctx, { session: { user } }) => {
    const { orgs } = records(ctx);
    const own = await orgs.ofUser(user.id);
    const roles = new Map(own.map((o) => [o.id, o.role]));
    const list = user.globalRole === 'admin' ? await orgs.all() : own;
    return { organisations: list.map((o) => ({ ...o, role: roles.get(o.id) ?? null })) };
  },

  'organisations.create': async (ctx, { session: { user }, body }) => {
    const org = await records(ctx).orgs.create(body);
    ctx.log('info', 'organisation created', { organisationId: org.id, user: user.username, name: org.name });
    return org;
  },

  'organisations.get': async (ctx, { session: { user }, params }) => (await requireOrganisation(records(ctx).orgs, user, params.organisationId, 'see')).org,

  'organisations.update': {
    guard: async (ctx, { session: { user }, params }) => {
      await requireOrganisation(records(ctx).orgs, user, params.organisationId, 'prepare', 'change its letterhead or signer');
    },
    handle: async (ctx, { params, body }) => (await records(ctx).orgs.update(params.organisationId, body))!,
  },

  'organisations.members': async (ctx, { session: { user }, params }) => {
    const { orgs } = records(ctx);
    const { org } = await requireOrganisation(orgs, user, params.organisationId, 'prepare', 'see who its members are');
    const members = [];
    for (const m of await orgs.members(org.id)) {
      const account = await ctx.store.getUser(m.userId);
      if (account) members.push({ userId: account.id, username: account.username, displayName: account.displayName, role: m.role });
    }
    return { members };
  },

  'organisations.setMember': {
    guard: async (ctx, { session: { user }, params }) => {
      await requireOrganisation(records(ctx).orgs, user, params.organisationId, 'admin', "name an organisation's secretariat and members");
    },
    handle: async (ctx, { session: { user }, params, body }) => {
      const account = await ctx.store.findUserByUsername(body.username);
      if (!account) throw new ApiError('not_found', `There is no account named ${body.username}. Create it first.`);
      await records(ctx).orgs.setMember(params.organisationId, account.id, body.role);
      ctx.log('info', 'organisation member set', { organisationId: params.organisationId, user: user.username, member: account.username, role: body.role });
      return { ok: true };
    },
  },

  'organisations.setCertificate': {
    guard: async (ctx, { session: { user }, params }) => {
      await requireOrganisation(records(ctx).orgs, user, params.organisationId, 'prepare', 'configure its signing certificate');
    },
    handle: async (ctx, { session: { user }, params, body }) => {
      const { orgs } = records(ctx);
      const p12 = Buffer.from(body.p12Base64, 'base64');
      // Refused here, with the reason, rather than at the first finalisation.
      const info = inspectP12(p12, body.password);
      await orgs.setCertificate(params.organisationId, { p12, password: body.password, subject: info.subject, notAfter: info.notAfter, demo: false });
      ctx.log('info', 'organisation certificate set', { organisationId: params.organisationId, user: user.username, subject: info.subject });
      return (await orgs.get(params.organisationId))!;
    },
  },

  'organisations.demoCertificate': async (ctx, { session: { user }, params }) => {
    const { orgs } = records(ctx);
    const { org } = await requireOrganisation(orgs, user, params.organisationId, 'admin', 'generate a demo certificate');
    const { p12, password } = generateDemoP12(org.name);
    const info = inspectP12(p12, password);
    await orgs.setCertificate(org.id, { p12, password, subject: info.subject, notAfter: info.notAfter, demo: true });
    return (await orgs.get(org.id))!;
  },

  'organisations.meetings': async (ctx, { session: { user }, params }) => {
    const { orgs } = records(ctx);
    const { org } = await requireOrganisation(orgs, user, params.organisationId, 'prepare', "list the organisation's meetings");
    const meetings: MeetingSummary[] = [];
    for (const id of await orgs.meetingsOf(org.id)) {
      const meeting = await ctx.store.getMeeting(id);
      if (!meeting) continue;
      const own = await ctx.store.getMemberRole(id, user.id);
      meetings.push({ id, title: meeting.title, status: meeting.status, startsAt: meeting.startsAt, endsAt: meeting.endsAt, venue: meeting.venue, role: own ?? 'observer' });
    }
    return { meetings };
  },

  'organisations.conclusions': async (ctx, { session: { user }, params, query }) => {
    const svc = records(ctx);
    const { org } = await requireOrganisation(svc.orgs, user, params.organisationId, 'prepare', 'see its register of conclusions');
    const rows = await conclusionRegister({ store: ctx.store, docs: ctx.docs, records: ctx.records, official: svc }, org, query);
    return { organisation: { id: org.id, name: org.name }, rows };
  },

  'organisations.conclusionsExport': {
    guard: async (ctx, { session: { user }, params }) => {
      await requireOrganisation(records(ctx).orgs, user, params.organisationId, 'prepare', 'export its register of conclusions');
    },
    handle: async (ctx, { params, query: { format, ...q }, res }) => {
      const svc = records(ctx);
      const org = (await svc.orgs.get(params.organisationId))!;
      const rows = await conclusionRegister({ store: ctx.store, docs: ctx.docs, records: ctx.records, official: svc }, org, q);
      const name = `so-theo-doi-ket-luan-${org.abbreviation}${q.year ? `-${q.year}` : ''}`;
      if (format === 'csv') sendFile(res, registerCsv(org, rows), 'text/csv; charset=utf-8', `${name}.csv`);
      else sendFile(res, await registerXlsx(org, rows), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${name}.xlsx`);
    },
  },

  'organisations.setMeetingOrganisation': async (ctx, { session, params, body }) => {
    const { user } = session;
    const { orgs, register } = records(ctx);
    let meetingId: string;
    if (user.globalRole === 'admin') {
      const meeting = await ctx.store.getMeeting(params.meetingId);
      if (!meeting) throw new ApiError('not_found', 'There is no such meeting, or you are not one of its participants.');
      meetingId = meeting.id;
    } else {
      meetingId = (await requireSecretariat(ctx, session, params.meetingId, 'move it to another organisation')).meeting.id;
    }
    const { org } = await requireOrganisation(orgs, user, body.organisationId, 'prepare', 'put meetings in it');
    if ((await ctx.records.rdb.read(() => register.ofMeeting(meetingId))).length) throw new ApiError('conflict', 'This meeting already has a numbered record; it stays with the organisation that issued it.');
    await orgs.setMeetingOrganisation(meetingId, org.id);
    return { ok: true, organisationId: org.id };
  },
};

export const officialRecordHandlers: Handlers<typeof officialRecordEndpoints> = {
  'officialRecords.ofMeeting': async (ctx, { meeting }) => {
    const svc = records(ctx);
    const org = await svc.organisationOf(meeting.id);
    return {
      organisation: org,
      family: org ? familyOf(org.kind) : null,
      drafts: {
        notice: { recipients: await svc.recipients(meeting.id, 'notice', org) },
        minutes: { recipients: await svc.recipients(meeting.id, 'minutes', org), approvals: await svc.pendingApprovals(meeting.id) },
      },
      records: (await svc.rdb.read(() => svc.register.ofMeeting(meeting.id))).filter((r) => r.status === 'final'),
      absences: await svc.absences(meeting.id),
    };
  },

  'officialRecords.setDraft': async (ctx, { session, meeting, params, body }) => {
    await records(ctx).setRecipients(meeting.id, params.kind, body.recipients, session.user.id);
    return { recipients: body.recipients };
  },

  'officialRecords.setAbsence': async (ctx, { session, meeting, params: { userId }, body }) => {
    if ((await ctx.store.getMemberRole(meeting.id, userId)) === null) throw new ApiError('not_found', 'That person is not a participant of this meeting.');
    const reason: AbsenceReason = { userId, excused: body.excused, reason: body.reason };
    await records(ctx).setAbsence(meeting.id, reason, session.user.id);
    return reason;
  },

  // The chair approves as chair, a secretariat member as the secretary (thư ký); approving
  // again renews who and when. Both are needed, of the latest version, before the minutes
  // can be finalised; the chair approves only a version sent to them and not returned.
  'officialRecords.approveMinutes': async (ctx, { session, meeting, role, body }) => {
    const as = minutesApproverRole(role);
    if (!as) throw new ApiError('forbidden', 'Only the chair and the secretary (secretariat) of this meeting approve its draft minutes.');
    const svc = records(ctx);
    if (!(await svc.organisationOf(meeting.id))) throw new ApiError('conflict', 'This meeting belongs to no organisation, so it has no minutes to approve. Ask an administrator to assign it to one.');
    // The check, the approval and its audit entry in one transaction under the meeting's lock.
    const approvals = await svc.rdb.transaction([meeting.id], function* () {
      yield* svc.text.checkApprovable(meeting.id, body.version, as);
      const out = yield* svc.approvals.approve(meeting.id, { role: as, userId: session.user.id, name: session.user.displayName, version: body.version }, new Date().toISOString());
      yield* ctx.records.audit.append(meeting.id, 'minutes.approved', { version: body.version, as, by: session.user.id });
      return out;
    });
    ctx.log('info', 'minutes approved', { meetingId: meeting.id, user: session.user.username, as: role, version: body.version });
    ctx.records.officialRecordChanged(meeting.id);
    return approvals;
  },

  'officialRecords.minutesVersions': async (ctx, { meeting }) => {
    const svc = records(ctx);
    return svc.rdb.read(() => svc.text.list(meeting.id));
  },

  // The narrative only: the facts (attendance, polls, conclusions) are generated from the
  // records at every rendering and cannot be typed over.
  'officialRecords.saveMinutesText': async (ctx, { session, meeting, body }) => {
    const svc = records(ctx);
    const agenda = new Set((await ctx.docs.read(`meeting/${meeting.id}`, (doc) => readMeeting(doc))).agenda.map((a) => a.id));
    const unknown = Object.keys(body.sections.items).filter((id) => !agenda.has(id));
    if (unknown.length) throw new ApiError('invalid_input', `The discussion summary names ${unknown.length} item(s) that are not on this meeting's agenda: ${unknown.join(', ')}.`);
    // A blank summary is no summary: not stored, so versions compare by what they say.
    const items = Object.fromEntries(Object.entries(body.sections.items).filter(([, t]) => t.trim()));
    const v = await svc.rdb.transaction([meeting.id], function* () {
      const saved = yield* svc.text.save(meeting.id, { ...body, sections: { ...body.sections, items } }, { userId: session.user.id, name: session.user.displayName }, new Date().toISOString());
      yield* ctx.records.audit.append(meeting.id, 'minutes.saved', { version: saved.version, corrects: saved.corrects, by: session.user.id });
      return saved;
    });
    ctx.log('info', 'minutes text saved', { meetingId: meeting.id, user: session.user.username, version: v.version });
    ctx.records.officialRecordChanged(meeting.id);
    return v;
  },

  'officialRecords.sendMinutes': async (ctx, { session, meeting, body }) => {
    const svc = records(ctx);
    const v = await svc.rdb.transaction([meeting.id], function* () {
      const sent = yield* svc.text.send(meeting.id, body.version, { userId: session.user.id, name: session.user.displayName }, new Date().toISOString());
      yield* ctx.records.audit.append(meeting.id, 'minutes.sent', { version: sent.version, by: session.user.id });
      return sent;
    });
    ctx.log('info', 'minutes sent to the chair', { meetingId: meeting.id, user: session.user.username, version: v.version });
    ctx.records.officialRecordChanged(meeting.id);
    return v;
  },

  'officialRecords.returnMinutes': async (ctx, { session, meeting, role, body }) => {
    if (!canReturnMinutes(role)) throw new ApiError('forbidden', 'Only the chair of this meeting returns the draft minutes to the secretary.');
    const svc = records(ctx);
    const v = await svc.rdb.transaction([meeting.id], function* () {
      const returned = yield* svc.text.returnToSecretary(meeting.id, body.version, body.comment, { userId: session.user.id, name: session.user.displayName }, new Date().toISOString());
      yield* ctx.records.audit.append(meeting.id, 'minutes.returned', { version: returned.version, comment: body.comment, by: session.user.id });
      return returned;
    });
    ctx.log('info', 'minutes returned to the secretary', { meetingId: meeting.id, user: session.user.username, version: v.version });
    ctx.records.officialRecordChanged(meeting.id);
    return v;
  },

  'officialRecords.draftDocx': async (ctx, { meeting, params: { kind }, res }) => {
    sendFile(res, await records(ctx).docx(meeting.id, kind, null), docxType, `${fileStem(kind)}-du-thao.docx`);
  },

  'officialRecords.docx': async (ctx, { session, params, res }) => {
    const record = await visibleRecord(ctx, session, params.recordId);
    sendFile(res, await records(ctx).docx(record.meetingId, record.kind, record), docxType, recordFileName(record, 'docx'));
  },

  // Any signed-in person may ask: the answer says only what the file itself shows (its
  // number, organisation, meeting and date) and whether it is still the issued one.
  'officialRecords.verify': async (ctx, { req }) => {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/(pdf|octet-stream)\b/i.test(type)) throw new HttpError(415, 'invalid_input', 'Send the PDF to check as the request body (Content-Type: application/pdf).');
    const bytes = await readBody(req, maxVerifyBytes);
    return verifyDocument(records(ctx), ctx.store, bytes);
  },

  'officialRecords.preview': async (ctx, { meeting, params: { kind }, res }) => {
    const bytes = await records(ctx).preview(meeting.id, kind);
    sendFile(res, bytes, 'application/pdf', `${fileStem(kind)}-du-thao.pdf`);
  },

  'officialRecords.finalise': async (ctx, { session, meeting, params, body }) => {
    const started = performance.now();
    const record = await records(ctx).finalise(meeting.id, params.kind, session.user.id, body);
    ctx.log('info', 'record finalised', { meetingId: meeting.id, user: session.user.username, number: record.number, ms: Math.round(performance.now() - started) });
    // Chained by the finalisation itself (record.finalised); the screens still refetch.
    ctx.records.officialRecordChanged(meeting.id);
    return record;
  },

  'officialRecords.pdf': async (ctx, { session, params, res }) => {
    const record = await visibleRecord(ctx, session, params.recordId);
    sendFile(res, await readFile(blobPath(ctx.dataDir, record.sha256)), 'application/pdf', recordFileName(record, 'pdf'));
  },

};
