/**
 * Organisations and the official record they issue (issue 14): what a meeting's notice and
 * minutes need to look right for their family — Party documents (Hướng dẫn 36-HD/VPTW) or
 * state documents (Nghị định 30/2020/NĐ-CP) — and the pure formatting both sides share.
 */
import { MeetingId, OrganisationId, RecordId } from './ids';
import { z } from 'zod';

export const organisationKinds = ['party_committee', 'peoples_committee', 'peoples_council', 'government_office', 'department'] as const;
export const OrganisationKind = z.enum(organisationKinds);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

/** Which presentation rules a kind of organisation follows. */
export type RecordFamily = 'party' | 'state';
export function familyOf(kind: OrganisationKind): RecordFamily {
  return kind === 'party_committee' ? 'party' : 'state';
}

const line = (what: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty.`)
    .max(max, `${what} is longer than ${max} characters.`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${what} contains control characters.`);

export const OrganisationSigner = z.object({
  /** "T/M BAN THƯỜNG VỤ", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. BỘ TRƯỞNG"… */
  authority: line('The signing authority', 120).nullable().default(null),
  /** "BÍ THƯ", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG"… */
  title: line('The signer title', 120),
  name: line('The signer name', 120),
});
export type OrganisationSigner = z.infer<typeof OrganisationSigner>;

/** Abbreviations go into document numbers ("15-TB/TU", "123/TB-UBND"): letters, digits and "-". */
const Abbreviation = z
  .string()
  .trim()
  .min(1, 'The abbreviation is empty.')
  .max(20, 'The abbreviation is longer than 20 characters.')
  .regex(/^[A-ZĐ0-9][A-ZĐ0-9-]*$/u, 'The abbreviation may hold only capital letters, digits and "-" (e.g. TU, UBND, VPCP).');

const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone (use an IANA name such as Asia/Ho_Chi_Minh).');

export const Recipients = z.array(line('A recipient', 300)).max(100, 'At most 100 recipients.');

export const OrganisationFields = z.object({
  kind: OrganisationKind,
  /** As the letterhead writes it: "TỈNH ỦY QUẢNG NINH", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "VĂN PHÒNG CHÍNH PHỦ". */
  name: line('The name'),
  /** The body above (cơ quan chủ quản), printed over the name; null for none. */
  parentName: line('The parent body').nullable().default(null),
  abbreviation: Abbreviation,
  /** The place of the date line: "Hà Nội", "Quảng Ninh". */
  place: line('The place name', 100),
  sealName: line('The seal name').nullable().default(null),
  signer: OrganisationSigner.nullable().default(null),
  /** "Nơi nhận:" printed when a meeting's draft names none. */
  defaultRecipients: Recipients.default([]),
  timeZone: TimeZone.default('Asia/Ho_Chi_Minh'),
});
export type OrganisationFields = z.infer<typeof OrganisationFields>;

export const Organisation = OrganisationFields.extend({
  id: z.string(),
  /** Whether a signing certificate is configured, and whether it is the self-signed demo one. */
  certificate: z.object({ subject: z.string(), notAfter: z.string(), demo: z.boolean() }).nullable(),
  createdAt: z.string(),
});
export type Organisation = z.infer<typeof Organisation>;

export const OrgRole = z.enum(['secretariat', 'member']);
export type OrgRole = z.infer<typeof OrgRole>;

/** POST /api/organisations (global admin). */
export const CreateOrganisationRequest = OrganisationFields;
/** PATCH /api/organisations/:id (admin or that organisation's secretariat). */
export const UpdateOrganisationRequest = OrganisationFields.partial().refine((o) => Object.keys(o).length > 0, 'Nothing to change.');
/** PUT /api/organisations/:id/members — adds or changes one account's role in the organisation. */
export const OrganisationMemberRequest = z.object({ username: line('The user name', 100), role: OrgRole });
/** PUT /api/organisations/:id/certificate — a PKCS#12 file (base64) and its password. */
export const OrganisationCertificateRequest = z.object({ p12Base64: z.string().min(1).max(200_000), password: z.string().max(200) });
/** POST /api/meetings/:id/organisation — the organisation a meeting belongs to. */
export const SetMeetingOrganisationRequest = z.object({ organisationId: OrganisationId });

/** GET /api/organisations/:id/members — who is its secretariat and who its members. */
export const OrganisationMember = z.object({ userId: z.string(), username: z.string(), displayName: z.string(), role: OrgRole });
export type OrganisationMember = z.infer<typeof OrganisationMember>;
export const OrganisationMembers = z.object({ members: z.array(OrganisationMember) });
export type OrganisationMembers = z.infer<typeof OrganisationMembers>;

export const OrganisationList = z.object({ organisations: z.array(Organisation.extend({ role: OrgRole.nullable() })) });
export type OrganisationList = z.infer<typeof OrganisationList>;

// ── The official record of a meeting ────────────────────────────────────────────────

export const RecordKind = z.enum(['notice', 'minutes']);
export type RecordKind = z.infer<typeof RecordKind>;
/** The kind's code in a number: TB (thông báo), BB (biên bản). */
export const recordCode: Record<RecordKind, string> = { notice: 'TB', minutes: 'BB' };

export const OfficialRecord = z.object({
  id: z.string(),
  meetingId: z.string(),
  organisationId: z.string(),
  kind: RecordKind,
  year: z.number().int(),
  seq: z.number().int(),
  /** As printed: "15-TB/TU" (Party) or "123/TB-UBND" (state). */
  number: z.string(),
  status: z.enum(['signing', 'final']),
  sha256: z.string().nullable(),
  size: z.number().int().nullable(),
  recipients: z.array(z.string()),
  auditHead: z.string().nullable(),
  replaces: z.string().nullable(),
  reason: z.string().nullable(),
  finalisedAt: z.string(),
  finalisedBy: z.string(),
  demoCertificate: z.boolean(),
});
export type OfficialRecord = z.infer<typeof OfficialRecord>;

/** One approval of the draft minutes: who (as chair or as secretary — thư ký) and when. */
export const RecordApproval = z.object({
  role: z.enum(['chair', 'secretary']),
  userId: z.string(),
  name: z.string(),
  approvedAt: z.string(),
  /** The version of the minutes' text approved (0: approved before the text was versioned). */
  version: z.number().int().min(0),
});
export type RecordApproval = z.infer<typeof RecordApproval>;
/** The approvals the next finalisation of the minutes will print; both are needed. */
export const MinutesApprovals = z.object({ chair: RecordApproval.nullable(), secretary: RecordApproval.nullable() });
export type MinutesApprovals = z.infer<typeof MinutesApprovals>;

/** Why a participant was absent (vắng có lý do / không lý do), as the secretariat records it for the minutes. */
export const AbsenceReason = z.object({
  userId: z.string(),
  excused: z.boolean(),
  reason: line('The reason', 300).nullable(),
});
export type AbsenceReason = z.infer<typeof AbsenceReason>;
/** PUT /api/meetings/:id/absences/:userId */
export const AbsenceReasonRequest = AbsenceReason.omit({ userId: true }).extend({ reason: line('The reason', 300).nullable().default(null) });

export const MeetingRecordsResponse = z.object({
  organisation: Organisation.nullable(),
  family: z.enum(['party', 'state']).nullable(),
  drafts: z.object({ notice: z.object({ recipients: z.array(z.string()) }), minutes: z.object({ recipients: z.array(z.string()), approvals: MinutesApprovals }) }),
  records: z.array(OfficialRecord),
  /** Reasons for absence recorded so far; printed in the minutes' attendance. */
  absences: z.array(AbsenceReason),
});
export type MeetingRecordsResponse = z.infer<typeof MeetingRecordsResponse>;

/** PUT /api/meetings/:id/records/:kind/draft */
export const RecordDraftRequest = z.object({ recipients: Recipients });
/** POST /api/meetings/:id/records/:kind/finalise — a correction names the record it replaces and why. */
export const FinaliseRecordRequest = z
  .object({ replaces: RecordId.nullable().default(null), reason: line('The reason', 1000).nullable().default(null) })
  .refine((r) => (r.replaces === null) === (r.reason === null), { message: 'A correction needs both the record it replaces and the reason.', path: ['reason'] });

// ── Pure formatting ─────────────────────────────────────────────────────────────────

/** "Số 15-TB/TU" (HD 36-HD/VPTW) or "Số: 123/TB-UBND" (NĐ 30/2020/NĐ-CP). */
export function formatRecordNumber(family: RecordFamily, seq: number, kind: RecordKind, abbreviation: string): string {
  return family === 'party' ? `${seq}-${recordCode[kind]}/${abbreviation}` : `${seq}/${recordCode[kind]}-${abbreviation}`;
}
export function numberLine(family: RecordFamily, number: string | null): string {
  const n = number ?? (family === 'party' ? '     -' : '      /');
  return family === 'party' ? `Số ${n}` : `Số: ${n}`;
}

/** Day, month and year of an instant in a time zone. */
export function zonedParts(iso: string, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? NaN);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/**
 * "Hà Nội, ngày 02 tháng 12 năm 2026": both rules write a day below 10 and a month below 3
 * with a leading zero (so "ngày 05 tháng 3", "ngày 15 tháng 02").
 */
export function dateLine(place: string, iso: string, timeZone: string): string {
  const { year, month, day } = zonedParts(iso, timeZone);
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month < 3 ? `0${month}` : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

/** "08 giờ 00 phút, ngày 02 tháng 12 năm 2026" in the meeting's zone, for the minutes. */
export function timeOfDay(iso: string, timeZone: string): string {
  const { hour, minute } = zonedParts(iso, timeZone);
  return `${String(hour).padStart(2, '0')} giờ ${String(minute).padStart(2, '0')} phút`;
}

// ── Checking an issued record (POST /api/documents/verify) ───────────────────────────

/**
 * issued: byte for byte a record this server finalised, its signature valid.
 * altered: names one of this server's records (or is signed with an organisation's
 * certificate) but is not the file that was issued — a byte changed, or something was
 * added after signing. unknown: not a record of this server (a foreign or unsigned PDF).
 */
export const VerifyVerdict = z.enum(['issued', 'altered', 'unknown']);
export type VerifyVerdict = z.infer<typeof VerifyVerdict>;

/** An issued record as others point to it: its id, and its number as printed. */
const IssuedRecordRef = z.object({ id: z.string(), number: z.string() });
/** An organisation as a reply names it. */
const OrganisationRef = z.object({ id: z.string(), name: z.string() });

export const VerifyDocumentResponse = z.object({
  verdict: VerifyVerdict,
  /** One sentence saying what was found (the app words it from the verdict in the reader's language). */
  message: z.string(),
  sha256: z.string(),
  signature: z
    .object({
      count: z.number().int(),
      /** The digest of the signed bytes matches and the signer's key verifies it. */
      valid: z.boolean(),
      /** Nothing was added after the signature. */
      coversWholeFile: z.boolean(),
      signer: z.string().nullable(),
      signedAt: z.string().nullable(),
      /** The signer's certificate is the one configured for the record's organisation. */
      organisationCertificate: z.boolean(),
    })
    .nullable(),
  /** The record the file is (issued) or claims to be (altered). */
  record: IssuedRecordRef.extend({
    kind: RecordKind,
    finalisedAt: z.string(),
    organisation: OrganisationRef,
    meeting: z.object({ id: z.string(), title: z.string() }),
    /** The correction that replaced it, if any: the record is then no longer in force. */
    replacedBy: IssuedRecordRef.nullable(),
  }).nullable(),
});
export type VerifyDocumentResponse = z.infer<typeof VerifyDocumentResponse>;

// ── The register of conclusions of an organisation (sổ theo dõi kết luận) ────────────────

export const registerTaskStatuses = ['done_on_time', 'done_late', 'in_progress', 'overdue', 'none'] as const;

/** GET /api/organisations/:id/conclusions (and …/export): every filter optional; q matches without diacritics. */
export const ConclusionRegisterQuery = z.object({
  year: z.coerce.number().int().min(1900, 'Use a year like 2026.').max(2200, 'Use a year like 2026.').optional(),
  meetingId: MeetingId.optional(),
  /** A status of the follow-up tasks (shared/domain/tasks); none: conclusions without tasks. */
  taskStatus: z.enum(registerTaskStatuses).optional(),
  q: z.string().max(200, 'The search is longer than 200 characters.').optional(),
});
export type ConclusionRegisterQuery = z.infer<typeof ConclusionRegisterQuery>;
export const ConclusionRegisterExportQuery = ConclusionRegisterQuery.extend({ format: z.enum(['csv', 'xlsx']) });

export const ConclusionRegisterRow = z.object({
  meetingId: z.string(),
  meetingTitle: z.string(),
  /** When the meeting began (its schedule), else when the conclusion was finalised. */
  meetingDate: z.string(),
  agendaNumber: z.string(),
  agendaTitle: z.string(),
  conclusionId: z.string(),
  version: z.number().int(),
  text: z.string(),
  finalisedAt: z.string(),
  /** The conclusion notice in force for the meeting, if one was issued. */
  notice: IssuedRecordRef.nullable(),
  tasks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      assignee: z.string().nullable(),
      deadline: z.string(),
      status: z.enum(['done_on_time', 'done_late', 'in_progress', 'overdue']),
    }),
  ),
});
export type ConclusionRegisterRow = z.infer<typeof ConclusionRegisterRow>;
export const ConclusionRegister = z.object({ organisation: OrganisationRef, rows: z.array(ConclusionRegisterRow) });
export type ConclusionRegister = z.infer<typeof ConclusionRegister>;
