/**
 * Organisations (issue 14) and the official record of a meeting: letterhead, signer,
 * members and certificate of an organisation; a meeting's record drafts, previews,
 * finalisation (numbered, signed) and download. Documented in ../openapi.ts.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../../shared/errors';
import {
  AbsenceReasonRequest,
  ConclusionRegisterExportQuery,
  ConclusionRegisterQuery,
  CreateOrganisationRequest,
  FinaliseRecordRequest,
  OrganisationCertificateRequest,
  OrganisationMemberRequest,
  RecordDraftRequest,
  RecordKind,
  SetMeetingOrganisationRequest,
  UpdateOrganisationRequest,
  familyOf,
  type AbsenceReason,
  type ConclusionRegister,
  type MeetingRecordsResponse,
  type MinutesApprovals,
  type OrganisationList,
} from '../../../shared/organisations';
import type { MeetingSummary } from '../../../shared/http';
import { blobPath } from '../../blobs';
import { requireOrganisation } from '../../organisations/access';
import { generateDemoP12, inspectP12 } from '../../organisations/certificate';
import { officialRecordsOf } from '../../records-official/service';
import { verifyDocument, maxVerifyBytes } from '../../records-official/verify';
import { readBody, readJson, readQuery } from '../body';
import { conclusionRegister, registerCsv, registerXlsx } from '../../records-official/conclusion-register';
import { HttpError } from '../respond';
import { requireMember, requireRunner, requireSecretariat, requireSession, type ApiContext, type Route } from '../context';
import { sendFile, sendJson } from '../respond';
import { meetingIdPattern } from './meetings';

const idPattern = '([A-Za-z0-9_-]{1,64})';
const kindPattern = '(notice|minutes)';

const records = (ctx: ApiContext) => officialRecordsOf(ctx);
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const fileStem = (kind: string) => (kind === 'notice' ? 'thong-bao' : 'bien-ban');
/** "thong-bao-15-TB-TU.pdf": the kind and the number, in characters every file system takes. */
const recordFileName = (r: { kind: string; number: string }, ext: string) => `${fileStem(r.kind)}-${r.number.replace(/[^A-Za-z0-9-]/g, '-')}.${ext}`;

/** A final record of a meeting the caller takes part in; anything else is "no such record" (issue 18: no existence oracle). */
async function visibleRecord(ctx: ApiContext, req: IncomingMessage, id: string) {
  const session = await requireSession(ctx, req);
  const record = records(ctx).register.get(id);
  const visible = record ? await requireMember(ctx, session, record.meetingId).then(() => true, () => false) : false;
  if (!record || !visible || record.status !== 'final' || !record.sha256) throw new ApiError('not_found', 'There is no such record.');
  return record;
}

export const organisationRoutes: Route[] = [
  {
    methods: ['GET'],
    pattern: /^\/api\/organisations$/,
    handler: async (ctx, req, res) => {
      const { user } = await requireSession(ctx, req);
      const { orgs } = records(ctx);
      const own = orgs.ofUser(user.id);
      const roles = new Map(own.map((o) => [o.id, o.role]));
      const list = user.globalRole === 'admin' ? orgs.all() : own;
      sendJson(res, 200, { organisations: list.map((o) => ({ ...o, role: roles.get(o.id) ?? null })) } satisfies OrganisationList);
    },
  },
  {
    methods: ['POST'],
    pattern: /^\/api\/organisations$/,
    handler: async (ctx, req, res) => {
      const { user } = await requireSession(ctx, req);
      if (user.globalRole !== 'admin') throw new ApiError('forbidden', 'Only a global administrator can create organisations.');
      const body = await readJson(req, CreateOrganisationRequest);
      const org = records(ctx).orgs.create(body);
      ctx.log('info', 'organisation created', { organisationId: org.id, user: user.username, name: org.name });
      sendJson(res, 201, org);
    },
  },
  {
    methods: ['GET'],
    pattern: new RegExp(`^/api/organisations/${idPattern}$`),
    handler: async (ctx, req, res, m) => {
      const { user } = await requireSession(ctx, req);
      sendJson(res, 200, requireOrganisation(records(ctx).orgs, user, m[1]!, 'see').org);
    },
  },
  {
    methods: ['PATCH'],
    pattern: new RegExp(`^/api/organisations/${idPattern}$`),
    handler: async (ctx, req, res, m) => {
      const { user } = await requireSession(ctx, req);
      const { orgs } = records(ctx);
      const { org } = requireOrganisation(orgs, user, m[1]!, 'prepare', 'change its letterhead or signer');
      const body = await readJson(req, UpdateOrganisationRequest);
      sendJson(res, 200, orgs.update(org.id, body));
    },
  },
  {
    methods: ['PUT'],
    pattern: new RegExp(`^/api/organisations/${idPattern}/members$`),
    handler: async (ctx, req, res, m) => {
      const { user } = await requireSession(ctx, req);
      const { orgs } = records(ctx);
      const { org } = requireOrganisation(orgs, user, m[1]!, 'admin', "name an organisation's secretariat and members");
      const body = await readJson(req, OrganisationMemberRequest);
      const account = await ctx.store.findUserByUsername(body.username);
      if (!account) throw new ApiError('not_found', `There is no account named ${body.username}. Create it first.`);
      orgs.setMember(org.id, account.id, body.role);
      ctx.log('info', 'organisation member set', { organisationId: org.id, user: user.username, member: account.username, role: body.role });
      sendJson(res, 200, { ok: true });
    },
  },
  {
    methods: ['PUT'],
    pattern: new RegExp(`^/api/organisations/${idPattern}/certificate$`),
    handler: async (ctx, req, res, m) => {
      const { user } = await requireSession(ctx, req);
      const { orgs } = records(ctx);
      const { org } = requireOrganisation(orgs, user, m[1]!, 'prepare', 'configure its signing certificate');
      const body = await readJson(req, OrganisationCertificateRequest, 300_000);
      const p12 = Buffer.from(body.p12Base64, 'base64');
      // Refused here, with the reason, rather than at the first finalisation.
      const info = inspectP12(p12, body.password);
      orgs.setCertificate(org.id, { p12, password: body.password, subject: info.subject, notAfter: info.notAfter, demo: false });
      ctx.log('info', 'organisation certificate set', { organisationId: org.id, user: user.username, subject: info.subject });
      sendJson(res, 200, orgs.get(org.id));
    },
  },
  {
    methods: ['POST'],
    pattern: new RegExp(`^/api/organisations/${idPattern}/certificate/demo$`),
    handler: async (ctx, req, res, m) => {
      const { user } = await requireSession(ctx, req);
      const { orgs } = records(ctx);
      const { org } = requireOrganisation(orgs, user, m[1]!, 'admin', 'generate a demo certificate');
      const { p12, password } = generateDemoP12(org.name);
      const info = inspectP12(p12, password);
      orgs.setCertificate(org.id, { p12, password, subject: info.subject, notAfter: info.notAfter, demo: true });
      sendJson(res, 200, orgs.get(org.id));
    },
  },
  {
    methods: ['GET'],
    pattern: new RegExp(`^/api/organisations/${idPattern}/meetings$`),
    handler: async (ctx, req, res, m) => {
      const { user } = await requireSession(ctx, req);
      const { orgs } = records(ctx);
      const { org } = requireOrganisation(orgs, user, m[1]!, 'prepare', "list the organisation's meetings");
      const meetings: MeetingSummary[] = [];
      for (const id of orgs.meetingsOf(org.id)) {
        const meeting = await ctx.store.getMeeting(id);
        if (!meeting) continue;
        const own = await ctx.store.getMemberRole(id, user.id);
        meetings.push({ id, title: meeting.title, status: meeting.status, startsAt: meeting.startsAt, endsAt: meeting.endsAt, venue: meeting.venue, role: own ?? 'observer' });
      }
      sendJson(res, 200, { meetings });
    },
  },
  {
    methods: ['GET'],
    pattern: new RegExp(`^/api/organisations/${idPattern}/conclusions$`),
    handler: async (ctx, req, res, m) => {
      const { user } = await requireSession(ctx, req);
      const svc = records(ctx);
      const { org } = requireOrganisation(svc.orgs, user, m[1]!, 'prepare', 'see its register of conclusions');
      const rows = await conclusionRegister({ store: ctx.store, rooms: ctx.rooms, room: ctx.room, records: svc }, org, readQuery(req, ConclusionRegisterQuery));
      sendJson(res, 200, { organisation: { id: org.id, name: org.name }, rows } satisfies ConclusionRegister);
    },
  },
  {
    methods: ['GET'],
    pattern: new RegExp(`^/api/organisations/${idPattern}/conclusions/export$`),
    handler: async (ctx, req, res, m) => {
      const { user } = await requireSession(ctx, req);
      const svc = records(ctx);
      const { org } = requireOrganisation(svc.orgs, user, m[1]!, 'prepare', 'export its register of conclusions');
      const { format, ...q } = readQuery(req, ConclusionRegisterExportQuery);
      const rows = await conclusionRegister({ store: ctx.store, rooms: ctx.rooms, room: ctx.room, records: svc }, org, q);
      const name = `so-theo-doi-ket-luan-${org.abbreviation}${q.year ? `-${q.year}` : ''}`;
      if (format === 'csv') sendFile(res, registerCsv(org, rows), 'text/csv; charset=utf-8', `${name}.csv`);
      else sendFile(res, await registerXlsx(org, rows), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${name}.xlsx`);
    },
  },
  {
    methods: ['POST'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/organisation$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { user } = session;
      const body = await readJson(req, SetMeetingOrganisationRequest);
      const { orgs, register } = records(ctx);
      let meetingId: string;
      if (user.globalRole === 'admin') {
        const meeting = await ctx.store.getMeeting(m[1]!);
        if (!meeting) throw new ApiError('not_found', 'There is no such meeting, or you are not one of its participants.');
        meetingId = meeting.id;
      } else {
        meetingId = (await requireSecretariat(ctx, session, m[1]!, 'move it to another organisation')).meeting.id;
      }
      const { org } = requireOrganisation(orgs, user, body.organisationId, 'prepare', 'put meetings in it');
      if (register.ofMeeting(meetingId).length) throw new ApiError('conflict', 'This meeting already has a numbered record; it stays with the organisation that issued it.');
      orgs.setMeetingOrganisation(meetingId, org.id);
      sendJson(res, 200, { ok: true, organisationId: org.id });
    },
  },
  {
    methods: ['GET'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/official-records$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireMember(ctx, session, m[1]!);
      const svc = records(ctx);
      const org = svc.organisationOf(meeting.id);
      sendJson(res, 200, {
        organisation: org,
        family: org ? familyOf(org.kind) : null,
        drafts: { notice: { recipients: svc.recipients(meeting.id, 'notice', org) }, minutes: { recipients: svc.recipients(meeting.id, 'minutes', org), approvals: svc.approvals.pending(meeting.id) } },
        records: svc.register.ofMeeting(meeting.id).filter((r) => r.status === 'final'),
        absences: svc.absences.ofMeeting(meeting.id),
      } satisfies MeetingRecordsResponse);
    },
  },
  {
    methods: ['PUT'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/official-records/${kindPattern}/draft$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireSecretariat(ctx, session, m[1]!, 'edit the recipients of its records');
      const body = await readJson(req, RecordDraftRequest);
      records(ctx).setRecipients(meeting.id, RecordKind.parse(m[2]), body.recipients, session.user.id);
      sendJson(res, 200, { recipients: body.recipients });
    },
  },
  {
    methods: ['PUT'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/absences/${idPattern}$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireSecretariat(ctx, session, m[1]!, 'record reasons for absence');
      const body = await readJson(req, AbsenceReasonRequest);
      const userId = m[2]!;
      if ((await ctx.store.getMemberRole(meeting.id, userId)) === null) throw new ApiError('not_found', 'That person is not a participant of this meeting.');
      const reason: AbsenceReason = { userId, excused: body.excused, reason: body.reason };
      records(ctx).absences.set(meeting.id, reason, session.user.id);
      sendJson(res, 200, reason);
    },
  },
  {
    // The chair approves as chair, a secretariat member as the secretary (thư ký); approving
    // again renews who and when. Both are needed before the minutes can be finalised.
    methods: ['POST'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/official-records/minutes/approve$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (role !== 'chair' && role !== 'secretariat') throw new ApiError('forbidden', 'Only the chair and the secretary (secretariat) of this meeting approve its draft minutes.');
      const svc = records(ctx);
      if (!svc.organisationOf(meeting.id)) throw new ApiError('conflict', 'This meeting belongs to no organisation, so it has no minutes to approve. Ask an administrator to assign it to one.');
      const approvals = svc.approvals.approve(meeting.id, { role: role === 'chair' ? 'chair' : 'secretary', userId: session.user.id, name: session.user.displayName }, new Date().toISOString());
      ctx.log('info', 'minutes approved', { meetingId: meeting.id, user: session.user.username, as: role });
      sendJson(res, 200, approvals satisfies MinutesApprovals);
    },
  },
  {
    methods: ['GET'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/official-records/${kindPattern}/preview$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'preview its records');
      const kind = RecordKind.parse(m[2]);
      const bytes = await records(ctx).preview(meeting.id, kind);
      sendFile(res, bytes, 'application/pdf', `${fileStem(kind)}-du-thao.pdf`);
    },
  },
  {
    methods: ['POST'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/official-records/${kindPattern}/finalise$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'finalise its records');
      const body = await readJson(req, FinaliseRecordRequest);
      const started = performance.now();
      const record = await records(ctx).finalise(meeting.id, RecordKind.parse(m[2]), session.user.id, body);
      ctx.log('info', 'record finalised', { meetingId: meeting.id, user: session.user.username, number: record.number, ms: Math.round(performance.now() - started) });
      sendJson(res, 201, record);
    },
  },
  {
    methods: ['GET'],
    pattern: new RegExp(`^/api/official-records/${idPattern}/pdf$`),
    handler: async (ctx, req, res, m) => {
      const record = await visibleRecord(ctx, req, m[1]!);
      const bytes = await readFile(blobPath(ctx.dataDir, record.sha256!));
      sendFile(res, bytes, 'application/pdf', recordFileName(record, 'pdf'));
    },
  },
  {
    methods: ['GET'],
    pattern: new RegExp(`^/api/official-records/${idPattern}/docx$`),
    handler: async (ctx, req, res, m) => {
      const record = await visibleRecord(ctx, req, m[1]!);
      const bytes = await records(ctx).docx(record.meetingId, record.kind, record);
      sendFile(res, bytes, docxType, recordFileName(record, 'docx'));
    },
  },
  {
    methods: ['GET'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/official-records/${kindPattern}/docx$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'export its draft records');
      const kind = RecordKind.parse(m[2]);
      sendFile(res, await records(ctx).docx(meeting.id, kind, null), docxType, `${fileStem(kind)}-du-thao.docx`);
    },
  },
  {
    // Any signed-in person may ask: the answer says only what the file itself shows (its
    // number, organisation, meeting and date) and whether it is still the issued one.
    methods: ['POST'],
    pattern: /^\/api\/documents\/verify$/,
    handler: async (ctx, req, res) => {
      await requireSession(ctx, req);
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/(pdf|octet-stream)\b/i.test(type)) throw new HttpError(415, 'invalid_input', 'Send the PDF to check as the request body (Content-Type: application/pdf).');
      const bytes = await readBody(req, maxVerifyBytes);
      sendJson(res, 200, await verifyDocument(records(ctx), ctx.store, bytes));
    },
  },
];
