/**
 * The OpenAPI part for organisations and official records (issue 14), spread into
 * openapi.ts: kept beside its routes (routes/organisations.ts) so the two change together.
 */
import {
  AbsenceReason,
  ConclusionRegister,
  AbsenceReasonRequest,
  CreateOrganisationRequest,
  FinaliseRecordRequest,
  MeetingRecordsResponse,
  MinutesApprovals,
  OfficialRecord,
  Organisation,
  OrganisationCertificateRequest,
  OrganisationList,
  OrganisationMemberRequest,
  RecordDraftRequest,
  SetMeetingOrganisationRequest,
  UpdateOrganisationRequest,
  VerifyDocumentResponse,
} from '../../shared/organisations';

import { error, jsonContent, pathParam as id, schemaOf } from './openapi-parts';
const orgParam = id('organisationId', 'The organisation id.');
const meetingParam = id('meetingId', 'The meeting id.');
const kindParam = { name: 'kind', in: 'path', required: true, description: 'notice (thông báo kết luận) or minutes (biên bản).', schema: { type: 'string', enum: ['notice', 'minutes'] } };
const registerParams = [
  { name: 'year', in: 'query', required: false, schema: { type: 'integer' }, description: 'The year of the meeting (organisation time zone).' },
  { name: 'meetingId', in: 'query', required: false, schema: { type: 'string' } },
  { name: 'taskStatus', in: 'query', required: false, schema: { type: 'string', enum: ['done_on_time', 'done_late', 'in_progress', 'overdue', 'none'] }, description: 'Conclusions with a task in this status; none: without tasks.' },
  { name: 'q', in: 'query', required: false, schema: { type: 'string' }, description: 'Search in meeting, item, conclusion and task texts, without diacritics.' },
];
const auth = { '401': error('Missing, unknown or expired session token.') };
const notFound = error("No such organisation or meeting, or the caller does not belong to it (the same answer, so ids cannot be probed).");
const pdf = { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } };
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const docx = { [docxType]: { schema: { type: 'string', contentMediaType: docxType } } };

export const organisationSchemas = {
  Organisation: schemaOf(Organisation, 'output'),
  OrganisationList: schemaOf(OrganisationList, 'output'),
  CreateOrganisationRequest: schemaOf(CreateOrganisationRequest, 'input'),
  UpdateOrganisationRequest: schemaOf(UpdateOrganisationRequest, 'input'),
  OrganisationMemberRequest: schemaOf(OrganisationMemberRequest, 'input'),
  OrganisationCertificateRequest: schemaOf(OrganisationCertificateRequest, 'input'),
  SetMeetingOrganisationRequest: schemaOf(SetMeetingOrganisationRequest, 'input'),
  OfficialRecord: schemaOf(OfficialRecord, 'output'),
  MeetingRecordsResponse: schemaOf(MeetingRecordsResponse, 'output'),
  RecordDraftRequest: schemaOf(RecordDraftRequest, 'input'),
  FinaliseRecordRequest: schemaOf(FinaliseRecordRequest, 'input'),
  VerifyDocumentResponse: schemaOf(VerifyDocumentResponse, 'output'),
  MinutesApprovals: schemaOf(MinutesApprovals, 'output'),
  AbsenceReason: schemaOf(AbsenceReason, 'output'),
  AbsenceReasonRequest: schemaOf(AbsenceReasonRequest, 'input'),
  ConclusionRegister: schemaOf(ConclusionRegister, 'output'),
};

export const organisationPaths = {
  '/api/organisations': {
    get: {
      operationId: 'listOrganisations',
      summary: 'Organisations of the caller with their role in each (global admins: all, role null where not a member).',
      responses: { '200': { description: 'The organisations.', content: jsonContent('OrganisationList') }, ...auth },
    },
    post: {
      operationId: 'createOrganisation',
      summary: 'Create an organisation: kind (party_committee → Party documents, HD 36-HD/VPTW; others → state documents, NĐ 30/2020/NĐ-CP), name, parent body, abbreviation for numbers, place, seal name, signer, default recipients, time zone. Global admin only.',
      requestBody: { required: true, content: jsonContent('CreateOrganisationRequest') },
      responses: { '201': { description: 'Created.', content: jsonContent('Organisation') }, '400': error('A field is missing or malformed (the message names it).'), ...auth, '403': error('Not a global admin.') },
    },
  },
  '/api/organisations/{organisationId}': {
    get: { operationId: 'getOrganisation', summary: 'One organisation (its members and global admins).', parameters: [orgParam], responses: { '200': { description: 'The organisation.', content: jsonContent('Organisation') }, ...auth, '404': notFound } },
    patch: {
      operationId: 'updateOrganisation',
      summary: "Change the letterhead, signer, default recipients or time zone (the organisation's secretariat or a global admin).",
      parameters: [orgParam],
      requestBody: { required: true, content: jsonContent('UpdateOrganisationRequest') },
      responses: { '200': { description: 'The organisation after the change.', content: jsonContent('Organisation') }, '400': error('A field is malformed.'), ...auth, '403': error('A member, but not its secretariat.'), '404': notFound },
    },
  },
  '/api/organisations/{organisationId}/members': {
    put: {
      operationId: 'setOrganisationMember',
      summary: "Make an existing account the organisation's secretariat or a member (global admin).",
      parameters: [orgParam],
      requestBody: { required: true, content: jsonContent('OrganisationMemberRequest') },
      responses: { '200': { description: 'Set.' }, '400': error('Malformed.'), ...auth, '403': error('Not a global admin.'), '404': error('No such organisation or account.') },
    },
  },
  '/api/organisations/{organisationId}/certificate': {
    put: {
      operationId: 'setOrganisationCertificate',
      summary: 'The PKCS#12 (base64) and password the organisation signs its records with. Checked now: a wrong password, an expired certificate or a file without a key is refused with the reason.',
      parameters: [orgParam],
      requestBody: { required: true, content: jsonContent('OrganisationCertificateRequest') },
      responses: { '200': { description: 'Configured.', content: jsonContent('Organisation') }, '400': error('Wrong password, expired, not yet valid, not PKCS#12, or no private key.'), ...auth, '403': error('Not its secretariat.'), '404': notFound },
    },
  },
  '/api/organisations/{organisationId}/certificate/demo': {
    post: {
      operationId: 'generateDemoCertificate',
      summary: 'Generate a self-signed demo certificate for the organisation (global admin). Records signed with it say so; it is not trusted by any reader.',
      parameters: [orgParam],
      responses: { '200': { description: 'Configured.', content: jsonContent('Organisation') }, ...auth, '403': error('Not a global admin.'), '404': notFound },
    },
  },
  '/api/organisations/{organisationId}/meetings': {
    get: {
      operationId: 'listOrganisationMeetings',
      summary: "The organisation's meetings (its secretariat or a global admin).",
      parameters: [orgParam],
      responses: { '200': { description: 'Meetings.' }, ...auth, '403': error('A member, but not its secretariat.'), '404': notFound },
    },
  },
  '/api/organisations/{organisationId}/conclusions': {
    get: {
      operationId: 'conclusionRegister',
      summary:
        "The register of conclusions (sổ theo dõi kết luận): every final conclusion of the organisation's meetings with its meeting, agenda item, date, the notice in force and its tasks' status; filters year, meetingId, taskStatus (a task status, or none) and q (matched without diacritics). The organisation's secretariat or a global admin.",
      parameters: [orgParam, ...registerParams],
      responses: { '200': { description: 'The rows, oldest meeting first.', content: jsonContent('ConclusionRegister') }, '400': error('A filter is malformed (the message names it).'), ...auth, '403': error('A member, but not its secretariat.'), '404': notFound },
    },
  },
  '/api/organisations/{organisationId}/conclusions/export': {
    get: {
      operationId: 'exportConclusionRegister',
      summary: 'The same register, filtered the same way, as CSV (UTF-8 with BOM) or XLSX.',
      parameters: [orgParam, ...registerParams, { name: 'format', in: 'query', required: true, schema: { type: 'string', enum: ['csv', 'xlsx'] } }],
      responses: {
        '200': { description: 'The file.', content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } } } },
        '400': error('A filter or the format is malformed.'),
        ...auth,
        '403': error('A member, but not its secretariat.'),
        '404': notFound,
      },
    },
  },
  '/api/meetings/{meetingId}/organisation': {
    post: {
      operationId: 'setMeetingOrganisation',
      summary: 'Put a meeting under an organisation (a global admin, or secretariat of both the meeting and the organisation). Refused once the meeting has a numbered record.',
      parameters: [meetingParam],
      requestBody: { required: true, content: jsonContent('SetMeetingOrganisationRequest') },
      responses: { '200': { description: 'Moved.' }, ...auth, '403': error('Not allowed.'), '404': notFound, '409': error('The meeting already has a numbered record.') },
    },
  },
  '/api/meetings/{meetingId}/official-records': {
    get: {
      operationId: 'meetingOfficialRecords',
      summary: "The meeting's organisation and family, the recipients of each draft, and its finalised records (any participant).",
      parameters: [meetingParam],
      responses: { '200': { description: 'Records.', content: jsonContent('MeetingRecordsResponse') }, ...auth, '404': notFound },
    },
  },
  '/api/meetings/{meetingId}/official-records/{kind}/draft': {
    put: {
      operationId: 'setRecordRecipients',
      summary: 'The "Nơi nhận:" list of the notice or minutes (secretariat).',
      parameters: [meetingParam, kindParam],
      requestBody: { required: true, content: jsonContent('RecordDraftRequest') },
      responses: { '200': { description: 'Saved.' }, '400': error('A recipient is empty or too long, or more than 100.'), ...auth, '403': error('Not secretariat of this meeting.'), '404': notFound },
    },
  },
  '/api/meetings/{meetingId}/official-records/{kind}/preview': {
    get: {
      operationId: 'previewRecord',
      summary: "The draft as a PDF in the organisation's form, without a number, marked DỰ THẢO, unsigned (chair, vice chair, secretariat). Takes no number.",
      parameters: [meetingParam, kindParam],
      responses: { '200': { description: 'The draft PDF.', content: pdf }, ...auth, '403': error('Not chair, vice chair or secretariat.'), '404': notFound, '409': error('The meeting belongs to no organisation.') },
    },
  },
  '/api/meetings/{meetingId}/official-records/{kind}/finalise': {
    post: {
      operationId: 'finaliseRecord',
      summary:
        "Take the next number of the organisation's register for this kind and year (gap-free: the counter and the record share one transaction), render the PDF, sign it (PAdES, ETSI.CAdES.detached) with the organisation's certificate, store it content-addressed and audit-log it. A finalised record never changes: a correction names the record it replaces and why, and gets a new number.",
      parameters: [meetingParam, kindParam],
      requestBody: { required: true, content: jsonContent('FinaliseRecordRequest') },
      responses: {
        '201': { description: 'The finalised record.', content: jsonContent('OfficialRecord') },
        '400': error('A correction without its reason, or a reason without the record it corrects.'),
        ...auth,
        '403': error('Not chair, vice chair or secretariat.'),
        '404': notFound,
        '409': error('No signer or certificate configured (nothing is numbered), an agenda item without a final conclusion (notice), minutes not yet approved by the chair and the secretary, already finalised, or being finalised now.'),
      },
    },
  },
  '/api/official-records/{recordId}/pdf': {
    get: {
      operationId: 'downloadRecord',
      summary: 'The signed PDF of a finalised record (participants of its meeting).',
      parameters: [id('recordId', 'The record id.')],
      responses: { '200': { description: 'The signed PDF.', content: pdf }, ...auth, '404': error('No such record, or not a participant of its meeting.') },
    },
  },
  '/api/meetings/{meetingId}/absences/{userId}': {
    put: {
      operationId: 'setAbsenceReason',
      summary: "Record why a participant was absent: excused (vắng có lý do) or not (vắng không lý do), and the reason; printed in the minutes' attendance for those not present (secretariat).",
      parameters: [meetingParam, id('userId', 'The participant (user id).')],
      requestBody: { required: true, content: jsonContent('AbsenceReasonRequest') },
      responses: { '200': { description: 'Recorded.', content: jsonContent('AbsenceReason') }, '400': error('A field is missing or malformed.'), ...auth, '403': error('Not secretariat of this meeting.'), '404': error('No such meeting, or the person is not one of its participants.') },
    },
  },
  '/api/meetings/{meetingId}/official-records/minutes/approve': {
    post: {
      operationId: 'approveMinutes',
      summary:
        "Approve the draft minutes: the chair as chair, a secretariat member as the secretary (thư ký); again renews who and when. The minutes can be finalised only once both approved; the finalised minutes print both approvals (name, time in the organisation's time zone) and a correction needs fresh ones.",
      parameters: [meetingParam],
      responses: { '200': { description: 'The approvals waiting for the next finalisation.', content: jsonContent('MinutesApprovals') }, ...auth, '403': error('Neither the chair nor secretariat of this meeting.'), '404': notFound, '409': error('The meeting belongs to no organisation.') },
    },
  },
  '/api/meetings/{meetingId}/official-records/{kind}/docx': {
    get: {
      operationId: 'draftRecordDocx',
      summary: "The draft as a Word file (Times New Roman, the family's letterhead, signature block and recipients), without a number, for adjusting the wording (chair, vice chair, secretariat). Takes no number.",
      parameters: [meetingParam, kindParam],
      responses: { '200': { description: 'The draft .docx.', content: docx }, ...auth, '403': error('Not chair, vice chair or secretariat.'), '404': notFound, '409': error('The meeting belongs to no organisation.') },
    },
  },
  '/api/official-records/{recordId}/docx': {
    get: {
      operationId: 'downloadRecordDocx',
      summary: "A finalised record's text as a Word file, with its number, date and recipients (participants of its meeting). Unsigned: the signed PDF is the record.",
      parameters: [id('recordId', 'The record id.')],
      responses: { '200': { description: 'The .docx.', content: docx }, ...auth, '404': error('No such record, or not a participant of its meeting.') },
    },
  },
  '/api/documents/verify': {
    post: {
      operationId: 'verifyDocument',
      summary:
        'Check an issued record: the body is a PDF (at most 20 MB). The answer says whether it is byte for byte a record this server finalised with a valid signature (issued), names a record or organisation of this server but is not the issued file (altered: a changed byte, content added after signing, no or a broken signature), or is not a record of this server (unknown); with its number, kind, organisation, meeting and date. Any signed-in user. The signatures are checked in a worker thread.',
      requestBody: { required: true, content: pdf },
      responses: {
        '200': { description: 'What the file is.', content: jsonContent('VerifyDocumentResponse') },
        '400': error('The body is empty.'),
        ...auth,
        '413': error('Larger than 20 MB.'),
        '415': error('Not sent as application/pdf.'),
        '422': error('Not a PDF, or one that could not be checked within the time and memory limits.'),
        '429': error('Too many files being checked at once.'),
      },
    },
  },
};
