/**
 * /api/openapi.json, generated from the same zod schemas the server validates with, so
 * the description cannot drift from the behaviour.
 */
import { ErrorBody, Health, LoginRequest, LoginResponse, MeetingList } from '../../shared/http';
import {
  AddParticipantsRequest,
  AddParticipantsResponse,
  CreateMeetingRequest,
  MeetingSummary,
  OkResponse,
  SessionResponse,
  UpdateParticipantRequest,
  UploadDocumentResponse,
} from '../../shared/http';
import {
  AuditCheckRequest,
  AuditEntry,
  AuditReport,
  AuditVerifyResponse,
  CheckInWindowRequest,
  CurrentItemRequest,
  CurrentItemResponse,
  CreatePollResponse,
  HandsRequest,
  SubmitRecordsRequest,
  SubmitRecordsResponse,
  ReceiptKeyResponse,
  VerifyReceiptRequest,
  VerifyReceiptResponse,
  VotersResponse,
} from '../../shared/http';
import { ExtendTaskRequest, MonthlyReportQuery, SharedAnnotationsResponse, Task, TaskList } from '../../shared/http';
import { DeviceList, DeviceView, SetDisabledRequest, SignedOutResponse, UserDevices, WipeReport } from '../../shared/http';
import { organisationPaths, organisationSchemas } from './openapi-organisations';
import { PollBody } from './routes/room';
import { PresentingPageRequest, StartPresentingRequest } from '../../shared/domain/presenting';
import { CommentResponse } from '../../shared/domain/draft-comments';
import { AskToSpeakRequest, SiteFloorRequest, SpeakerOrderRequest, SpeakerTimeRequest } from '../../shared/domain/speaking';
import { CeremonyConfirmRequest, CeremonyDealingRequest, CeremonyKeyRequest, CeremonyState, PartialDecryptionRequest, PollEvidence, VoidPollRequest } from '../../shared/http';
import { AccountLookupRequest, AccountLookupResponse } from '../../shared/domain/participants-import';

import { error, jsonContent, pathParam, ref, schemaOf } from './openapi-parts';

const authErrors = { '401': error('Missing, unknown or expired session token.') };
const prepErrors = {
  ...authErrors,
  '403': error('The caller is not secretariat of this meeting (code forbidden).'),
  '404': error('No such meeting, or the caller is not one of its participants.'),
};
const meetingParam = pathParam('meetingId', 'The meeting id.');
const deviceParam = { name: 'deviceId', in: 'path', required: true, description: 'A device (session) id from GET /api/devices.', schema: { type: 'string', pattern: '^[0-9a-f]{32}$' } };
const userParam = { name: 'user', in: 'path', required: true, description: 'A user id or user name.', schema: { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,128}$' } };
const lostError = error('This device was marked lost (code device_lost): it may only send its outbox and report its wipe.');
const pollParam = pathParam('pollId', 'The poll id.');
const runErrors = {
  ...authErrors,
  '403': error('The caller is not chair, vice chair or secretariat of this meeting (code forbidden).'),
  '404': error('No such meeting or poll, or the caller is not one of its participants.'),
};
const queryParam = (name: string, required: boolean, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});

let cached: Record<string, unknown> | null = null;

export function openApiDocument(version: string): Record<string, unknown> {
  if (cached) return cached;
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'OpenCabinet sync server',
      version,
      description:
        'HTTP API of the OpenCabinet server. Yjs documents are synced over WebSocket at /sync/meeting/<id> and /sync/live/<id> (y-websocket protocol, token in the `token` query parameter).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Session token from POST /api/login.' } },
      schemas: {
        Health: schemaOf(Health, 'output'),
        LoginRequest: schemaOf(LoginRequest, 'input'),
        LoginResponse: schemaOf(LoginResponse, 'output'),
        SessionResponse: schemaOf(SessionResponse, 'output'),
        MeetingList: schemaOf(MeetingList, 'output'),
        MeetingSummary: schemaOf(MeetingSummary, 'output'),
        CreateMeetingRequest: schemaOf(CreateMeetingRequest, 'input'),
        AddParticipantsRequest: schemaOf(AddParticipantsRequest, 'input'),
        AddParticipantsResponse: schemaOf(AddParticipantsResponse, 'output'),
        UpdateParticipantRequest: schemaOf(UpdateParticipantRequest, 'input'),
        UploadDocumentResponse: schemaOf(UploadDocumentResponse, 'output'),
        OkResponse: schemaOf(OkResponse, 'output'),
        ErrorBody: schemaOf(ErrorBody, 'output'),
        SubmitRecordsRequest: schemaOf(SubmitRecordsRequest, 'input'),
        SubmitRecordsResponse: schemaOf(SubmitRecordsResponse, 'output'),
        ReceiptKeyResponse: schemaOf(ReceiptKeyResponse, 'output'),
        VerifyReceiptRequest: schemaOf(VerifyReceiptRequest, 'input'),
        VerifyReceiptResponse: schemaOf(VerifyReceiptResponse, 'output'),
        CheckInWindowRequest: schemaOf(CheckInWindowRequest, 'input'),
        CurrentItemRequest: schemaOf(CurrentItemRequest, 'input'),
        AskToSpeakRequest: schemaOf(AskToSpeakRequest, 'input'),
        SiteFloorRequest: schemaOf(SiteFloorRequest, 'input'),
        SpeakerOrderRequest: schemaOf(SpeakerOrderRequest, 'input'),
        SpeakerTimeRequest: schemaOf(SpeakerTimeRequest, 'input'),
        StartPresentingRequest: schemaOf(StartPresentingRequest, 'input'),
        PresentingPageRequest: schemaOf(PresentingPageRequest, 'input'),
        CommentResponse: schemaOf(CommentResponse, 'input'),
        CurrentItemResponse: schemaOf(CurrentItemResponse, 'output'),
        CreatePollRequest: schemaOf(PollBody, 'input'),
        CreatePollResponse: schemaOf(CreatePollResponse, 'output'),
        PollState: {
          type: 'object',
          description: 'A poll after a change: status, times, eligible count and (once closed) the result of tally().',
          properties: {
            pollId: { type: 'string' },
            agendaItemId: { type: ['string', 'null'] },
            status: { type: 'string', enum: ['draft', 'open', 'closed', 'published'] },
            openedAt: { type: ['string', 'null'] },
            closesAt: { type: ['string', 'null'] },
            closedAt: { type: ['string', 'null'] },
            publishedAt: { type: ['string', 'null'] },
            eligibleCount: { type: 'number' },
            result: { type: ['object', 'null'] },
          },
        },
        HandsRequest: schemaOf(HandsRequest, 'input'),
        CeremonyKeyRequest: schemaOf(CeremonyKeyRequest, 'input'),
        CeremonyDealingRequest: schemaOf(CeremonyDealingRequest, 'input'),
        CeremonyConfirmRequest: schemaOf(CeremonyConfirmRequest, 'input'),
        CeremonyState: schemaOf(CeremonyState, 'output'),
        PartialDecryptionRequest: schemaOf(PartialDecryptionRequest, 'input'),
        VoidPollRequest: schemaOf(VoidPollRequest, 'input'),
        PollEvidence: schemaOf(PollEvidence, 'output'),
        HandsResponse: { type: 'object', properties: { recorded: { type: 'number' }, handCount: { type: 'number' } }, required: ['recorded', 'handCount'] },
        VotersResponse: schemaOf(VotersResponse, 'output'),
        AuditList: { type: 'object', properties: { entries: { type: 'array', items: schemaOf(AuditEntry, 'output') } }, required: ['entries'] },
        AuditVerifyResponse: schemaOf(AuditVerifyResponse, 'output'),
        AuditCheckRequest: schemaOf(AuditCheckRequest, 'input'),
        AuditReport: schemaOf(AuditReport, 'output'),
        Task: schemaOf(Task, 'output'),
        TaskList: schemaOf(TaskList, 'output'),
        ExtendTaskRequest: schemaOf(ExtendTaskRequest, 'input'),
        SharedAnnotationsResponse: schemaOf(SharedAnnotationsResponse, 'output'),
        DeviceView: schemaOf(DeviceView, 'output'),
        DeviceList: schemaOf(DeviceList, 'output'),
        UserDevices: schemaOf(UserDevices, 'output'),
        SignedOutResponse: schemaOf(SignedOutResponse, 'output'),
        SetDisabledRequest: schemaOf(SetDisabledRequest, 'input'),
        WipeReport: schemaOf(WipeReport, 'input'),
        ...organisationSchemas,
      },
    },
    paths: {
      '/api/health': {
        get: {
          operationId: 'health',
          summary: 'Whether the server is up, and its version.',
          security: [],
          responses: { '200': { description: 'The server is up.', content: jsonContent('Health') } },
        },
      },
      '/api/login': {
        post: {
          operationId: 'login',
          summary: 'Exchange a user name and password for a session token.',
          security: [],
          requestBody: { required: true, content: jsonContent('LoginRequest') },
          responses: {
            '200': { description: 'Signed in.', content: jsonContent('LoginResponse') },
            '400': error('The body is not valid JSON or misses a field.'),
            '401': error('Wrong user name or password (code bad_credentials).'),
            '403': error('The password is right but an administrator disabled the account (code forbidden).'),
            '413': error('The body is larger than 1 MB.'),
            '429': error('Too many failed attempts for this user name from this address; see Retry-After.'),
          },
        },
      },
      '/api/receipt-key': {
        get: {
          operationId: 'receiptKey',
          summary: "The server's Ed25519 public key. Every accepted record's receipt carries a signature over meeting, user, kind, key and receive time (see shared/receipts.ts), never over a choice.",
          security: [],
          responses: { '200': { description: 'The key.', content: jsonContent('ReceiptKeyResponse') } },
        },
      },
      '/api/logout': {
        post: {
          operationId: 'logout',
          summary: 'Revoke the session token used for this call.',
          responses: { '200': { description: 'Signed out.', content: jsonContent('OkResponse') }, ...authErrors },
        },
      },
      '/api/session': {
        get: {
          operationId: 'session',
          summary: 'The user behind the token and when the token expires.',
          responses: { '200': { description: 'The session is valid.', content: jsonContent('SessionResponse') }, ...authErrors },
        },
      },
      '/api/devices': {
        get: {
          operationId: 'listMyDevices',
          summary: "The caller's signed-in devices (one per session): name, created, last seen (time and address), expiry, lost mark; the calling device is `current`.",
          responses: { '200': { description: 'The devices.', content: jsonContent('DeviceList') }, ...authErrors, '403': lostError },
        },
        delete: {
          operationId: 'signOutEverywhere',
          summary: "Sign out on every device of the caller, this one included; their sync sockets close at once. Devices marked lost stay until they have wiped themselves.",
          responses: { '200': { description: 'How many sessions ended.', content: jsonContent('SignedOutResponse') }, ...authErrors, '403': lostError },
        },
      },
      '/api/devices/{deviceId}': {
        delete: {
          operationId: 'signOutDevice',
          summary: 'Sign out one device: one of the caller\'s own, or (administrator, or secretariat of a meeting its owner is in) someone else\'s. Its sync sockets close at once.',
          parameters: [deviceParam],
          responses: {
            '200': { description: 'Signed out.', content: jsonContent('OkResponse') },
            ...authErrors,
            '403': lostError,
            '404': error('No such device, or the caller may not manage it.'),
            '409': error('The device is marked lost and stays known until it has wiped itself.'),
          },
        },
      },
      '/api/devices/{deviceId}/lost': {
        post: {
          operationId: 'markDeviceLost',
          summary:
            "Mark a device lost: another of the caller's own, or (administrator, or secretariat of a meeting its owner is in) someone else's. Its sockets close; on its next contact it may only send its outbox (POST /api/meetings/{meetingId}/records) and report its wipe; every other call answers 403 device_lost. Recorded in the audit log of each of its owner's meetings.",
          parameters: [deviceParam],
          responses: {
            '200': { description: 'Marked lost.', content: jsonContent('DeviceView') },
            '400': error('This is the calling device (sign out instead).'),
            ...authErrors,
            '403': lostError,
            '404': error('No such device, or the caller may not manage it.'),
          },
        },
      },
      '/api/devices/current/wiped': {
        post: {
          operationId: 'reportWipe',
          summary: "Called by a device marked lost once it has deleted its owner's meetings, documents, index, annotations and drafts: recorded as device.wiped in the audit log of each of the owner's meetings; the session ends.",
          requestBody: { required: true, content: jsonContent('WipeReport') },
          responses: {
            '200': { description: 'Recorded; the session is gone.', content: jsonContent('OkResponse') },
            '400': error('The report is not valid.'),
            ...authErrors,
            '409': error('This device was not marked lost.'),
          },
        },
      },
      '/api/users/{user}/devices': {
        get: {
          operationId: 'listUserDevices',
          summary: "A user's devices and whether the account is disabled. For administrators, the secretariat of a meeting the user is in, and the user.",
          parameters: [userParam],
          responses: { '200': { description: 'The devices.', content: jsonContent('UserDevices') }, ...authErrors, '403': lostError, '404': error('No such user, or the caller does not manage them.') },
        },
        delete: {
          operationId: 'signOutUserEverywhere',
          summary: "Sign a user out on every device (lost ones excepted, they still have a wipe to do); their sync sockets close at once.",
          parameters: [userParam],
          responses: { '200': { description: 'How many sessions ended.', content: jsonContent('SignedOutResponse') }, ...authErrors, '403': lostError, '404': error('No such user, or the caller does not manage them.') },
        },
      },
      '/api/users/{user}/disabled': {
        put: {
          operationId: 'setUserDisabled',
          summary: 'Disable or enable an account (administrators). Disabling signs it out everywhere and closes its sockets; sign-in then answers 403.',
          parameters: [userParam],
          requestBody: { required: true, content: jsonContent('SetDisabledRequest') },
          responses: {
            '200': { description: 'Done; the account and its devices.', content: jsonContent('UserDevices') },
            '400': error('The body is not valid, or an administrator tried to disable their own account.'),
            ...authErrors,
            '403': error('The caller is not an administrator (code forbidden), or this device is marked lost (code device_lost).'),
            '404': error('No such user, or the caller does not manage them.'),
          },
        },
      },
      '/api/meetings': {
        get: {
          operationId: 'listMeetings',
          summary: "Meetings the caller belongs to, with the caller's role in each.",
          responses: { '200': { description: 'The meetings.', content: jsonContent('MeetingList') }, ...authErrors },
        },
        post: {
          operationId: 'createMeeting',
          summary: 'Create a draft meeting; the caller becomes its secretariat. For administrators and secretariat members.',
          requestBody: { required: true, content: jsonContent('CreateMeetingRequest') },
          responses: {
            '201': { description: 'Created, in draft.', content: jsonContent('MeetingSummary') },
            '400': error('A field is missing or not valid (the message names it).'),
            ...authErrors,
            '403': error('The caller is neither an administrator nor secretariat of any meeting.'),
          },
        },
      },
      '/api/meetings/{meetingId}/publish': {
        post: {
          operationId: 'publishMeeting',
          summary: 'Publish a draft meeting: every participant sees it from now on.',
          parameters: [meetingParam],
          responses: {
            '200': { description: 'Published.', content: jsonContent('MeetingSummary') },
            ...prepErrors,
            '409': error('The meeting is already published.'),
          },
        },
      },
      '/api/meetings/{meetingId}/participants': {
        post: {
          operationId: 'addParticipants',
          summary: 'Add participants, all or nothing. Unknown user names get a new account with an initial password, returned once.',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('AddParticipantsRequest') },
          responses: {
            '200': { description: 'All added.', content: jsonContent('AddParticipantsResponse') },
            '400': error('A row is not valid, a user name appears twice, or a site does not exist (the message names the row).'),
            ...prepErrors,
            '409': error('A user name is already a participant of this meeting.'),
            '413': error('The body is larger than 16 MB.'),
          },
        },
      },
      '/api/meetings/{meetingId}/participant-accounts': {
        post: {
          operationId: 'participantAccounts',
          summary: 'Which of these user names already have an account, and under which display name (the name the meeting will show if they are added). Secretariat only.',
          parameters: [meetingParam],
          requestBody: { required: true, content: { 'application/json': { schema: schemaOf(AccountLookupRequest, 'input') } } },
          responses: {
            '200': { description: 'The accounts found (user names without an account are left out).', content: { 'application/json': { schema: schemaOf(AccountLookupResponse, 'output') } } },
            '400': error('No user names, or one is malformed.'),
            ...prepErrors,
          },
        },
      },
      '/api/meetings/{meetingId}/participants/{userId}': {
        patch: {
          operationId: 'updateParticipant',
          summary: "Change a participant's role, name, position, unit or site. A role change reconnects their open sync connections.",
          parameters: [meetingParam, pathParam('userId', 'The participant.')],
          requestBody: { required: true, content: jsonContent('UpdateParticipantRequest') },
          responses: {
            '200': { description: 'Changed.', content: jsonContent('OkResponse') },
            '400': error('A field is not valid, or the site does not exist.'),
            ...prepErrors,
            '409': error('The change would leave the meeting without a secretariat member.'),
          },
        },
        delete: {
          operationId: 'removeParticipant',
          summary: 'Remove a participant from the meeting (the account stays); their open sync connections are closed with 4403.',
          parameters: [meetingParam, pathParam('userId', 'The participant.')],
          responses: {
            '200': { description: 'Removed.', content: jsonContent('OkResponse') },
            ...prepErrors,
            '409': error('The participant is the last secretariat member.'),
          },
        },
      },
      '/api/meetings/{meetingId}/documents': {
        post: {
          operationId: 'uploadDocument',
          summary: 'Upload a PDF (or a new version of a document). Stored once by sha256; page count and title are read from the file.',
          parameters: [
            meetingParam,
            queryParam('filename', true, 'The file name, used in messages and as the title when the PDF has none.'),
            queryParam('agendaItemId', false, 'Attach to this agenda item (a new version defaults to the old one\'s).'),
            queryParam('confidentiality', false, 'Default internal.', { type: 'string', enum: ['public', 'internal', 'confidential'] }),
            queryParam('replaces', false, 'Id of the document this upload is a new version of.'),
          ],
          requestBody: { required: true, content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
          responses: {
            '201': { description: 'Stored and added to the meeting.', content: jsonContent('UploadDocumentResponse') },
            '400': error('A query parameter is not valid, or the upload was interrupted.'),
            ...prepErrors,
            '404': error('No such meeting, agenda item, or document to replace.'),
            '409': error('The document to replace was already replaced; replace the newest version.'),
            '413': error('The file is over the size limit (default 500 MB, --max-upload-mb).'),
            '415': error('The body is not sent as application/pdf.'),
            '422': error('The file is not a PDF, is password-protected, or is damaged (code invalid_input).'),
          },
        },
      },
      '/api/meetings/{meetingId}/records': {
        post: {
          operationId: 'submitRecords',
          summary:
            'Send outbox records (check-ins, ballots), up to 500, stored in one durable transaction. One receipt per record, in order; a refused record has ok=false and a reason. Idempotent by key: a key seen before gets its first receipt (or refusal) back and counts once.',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('SubmitRecordsRequest') },
          responses: {
            '200': { description: 'One receipt per record.', content: jsonContent('SubmitRecordsResponse') },
            '400': error('The body is not valid (the message names the field).'),
            ...authErrors,
            '403': error('The caller oversees the meeting but is not a participant.'),
            '404': error('No such meeting, or the caller is not one of its participants.'),
          },
        },
      },
      '/api/meetings/{meetingId}/annotations': {
        get: {
          operationId: 'sharedAnnotations',
          summary:
            "Highlights and notes other participants shared with the meeting (sent as `annotation` records), changed since `since`, and the ids of those deleted or made private since. The caller's own are not listed. `version` is the meeting's annotations version, the same number as `annotationsVersion` in live/<id>: pass it as `since` next time.",
          parameters: [
            meetingParam,
            queryParam('since', false, 'A version number from an earlier answer, or an ISO date and time; absent: every shared annotation (no deletions).'),
          ],
          responses: {
            '200': { description: 'What changed.', content: jsonContent('SharedAnnotationsResponse') },
            '400': error('"since" is neither a version number nor a date and time.'),
            ...authErrors,
            '403': error('The caller oversees the meeting but is not a participant.'),
            '404': error('No such meeting, or the caller is not one of its participants.'),
          },
        },
      },
      '/api/meetings/{meetingId}/receipts/verify': {
        post: {
          operationId: 'verifyReceipt',
          summary:
            'Check a quoted receipt: valid only if this server signed it and still holds that record. One\'s own receipts; the chair, a vice chair or the secretariat check anyone\'s.',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('VerifyReceiptRequest') },
          responses: {
            '200': { description: 'valid, or the reason it is not (signature, unknown_record).', content: jsonContent('VerifyReceiptResponse') },
            '400': error('The body is not valid (the message names the field).'),
            ...authErrors,
            '403': error("Another person's receipt, and the caller does not run the meeting."),
            '404': error('No such meeting, or the caller is not one of its participants.'),
          },
        },
      },
      '/api/meetings/{meetingId}/checkin-window': {
        post: {
          operationId: 'setCheckInWindow',
          summary: 'Open or close self check-in (chair, vice chair, secretariat). Written to live/<id> state.checkInOpen and the audit log.',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('CheckInWindowRequest') },
          responses: { '200': { description: 'Set.', content: jsonContent('OkResponse') }, '400': error('The body is not valid.'), ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/current-item': {
        post: {
          operationId: 'setCurrentItem',
          summary: 'Move the meeting to an agenda item, or end the current one with null (chair, vice chair, secretariat). Written to live/<id> state.currentItemId and startedAt, kept across restarts, and in the audit log.',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('CurrentItemRequest') },
          responses: { '200': { description: 'Set.', content: jsonContent('CurrentItemResponse') }, '400': error('The body is not valid, or there is no such agenda item in this meeting.'), ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/speakers': {
        post: {
          operationId: 'askToSpeak',
          summary:
            'Ask to speak (delegates, guests, chair, vice chair): kind speak (default, also with no body), reply (to whoever has the floor; 409 when nobody has) or point_of_order (goes to the top of the list). Asking again returns the request already waiting. The request carries the site the person is placed at (siteId, siteName, remote). Shown in live/<id> speakers.',
          parameters: [meetingParam],
          requestBody: { required: false, content: jsonContent('AskToSpeakRequest') },
          responses: { '200': { description: 'The request (SpeakerRequest).' }, '400': error('The body is not valid.'), ...authErrors, '403': error('An observer or the secretariat.'), '404': error('No such meeting, or the caller is not one of its participants.'), '409': error('A reply with nobody speaking.') },
        },
      },
      '/api/meetings/{meetingId}/speakers/site': {
        post: {
          operationId: 'giveSiteAPlace',
          summary: 'Put a site (a remote bridge) on the list as a site, with nobody named: its request has userId null (chair, vice chair, secretariat). Asking again returns the site request already waiting.',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('SiteFloorRequest') },
          responses: { '200': { description: 'The request (SpeakerRequest).' }, '400': error('The body is not valid, or there is no such site in this meeting.'), ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/speakers/order': {
        post: {
          operationId: 'orderSpeakers',
          summary: 'The chair\'s order of the waiting list: every waiting request id once. Points of order stay on top whatever the order. Audited (speaker.reordered).',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('SpeakerOrderRequest') },
          responses: { '200': { description: '{ speakers: SpeakerRequest[] } in the new order.' }, '400': error('The order is not every waiting request exactly once (the list changed meanwhile).'), ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/speakers/{requestId}/time': {
        post: {
          operationId: 'timeSpeech',
          summary:
            'Pause, resume, or add seconds to the speech under way (chair, vice chair, secretariat). live/<id> carries only the server instants (startedAt, pausedAt, pausedMs, limitSec, addedSec); devices draw the countdown themselves. Audited (speaker.paused / resumed / time_added).',
          parameters: [meetingParam, { name: 'requestId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: jsonContent('SpeakerTimeRequest') },
          responses: { '200': { description: 'The request after the step.' }, '400': error('The body is not valid (seconds 1 to 3600).'), '409': error('Not the speech under way, already paused, or not paused.'), ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/speakers/{requestId}/{step}': {
        post: {
          operationId: 'moveSpeakerRequest',
          summary:
            'withdraw (the person who asked, or whoever runs the meeting, while waiting), grant (give the floor on the current item with its speaking limit; whoever had it is done) or finish (chair, vice chair, secretariat). The speech\'s times are kept in speaker_requests (started_at, ended_at, paused_ms, limit_sec, added_sec) for the minutes. Audited.',
          parameters: [meetingParam, { name: 'requestId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'step', in: 'path', required: true, schema: { type: 'string', enum: ['withdraw', 'grant', 'finish'] } }],
          responses: { '200': { description: 'The request after the step.' }, '409': error('Not in a state for this step.'), ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/presenting': {
        post: {
          operationId: 'startPresenting',
          summary:
            'Present a document of the meeting from a page (chair, vice chair, secretariat; or the named presenter, to move on to another document). presenterId names a participant who then turns the pages. live/<id> state.presenting carries only the document id, the page and the presenter, never the file. Audited.',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('StartPresentingRequest') },
          responses: { '200': { description: 'What is presented (Presenting).' }, '400': error('No such document in the meeting, a page beyond its pages, or a presenter who is not a participant.'), '409': error('The document has no known page count.'), ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/presenting/page': {
        post: {
          operationId: 'turnPresentedPage',
          summary: 'The presenter (or whoever runs the meeting) turns the page for everyone. Coalesced through the live flusher: a burst of turns is one update to the room, the latest page wins.',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('PresentingPageRequest') },
          responses: { '200': { description: 'What is presented (Presenting).' }, '400': error('A page beyond the document.'), '409': error('Nothing is being presented.'), ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/presenting/stop': {
        post: {
          operationId: 'stopPresenting',
          summary: 'Stop presenting (the presenter or whoever runs the meeting); devices stop following. Audited.',
          parameters: [meetingParam],
          responses: { '200': { description: 'Stopped (also when nothing was presented).', content: jsonContent('OkResponse') }, ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/comments': {
        get: {
          operationId: 'listDraftComments',
          summary:
            'Comments on drafts (issue 17; sent as outbox records of kind "comment" while the document is open for comments, see meeting/<id> commentWindows). The secretariat gets every comment; others their own, and everyone\'s on documents whose comments are public. Optional query documentId.',
          parameters: [meetingParam, { name: 'documentId', in: 'query', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } }],
          responses: { '200': { description: '{ comments: DraftComment[] } by document, page, time.' }, '400': error('documentId is not a document id.'), ...authErrors, '404': error('No such meeting, or the caller is not one of its participants.') },
        },
      },
      '/api/meetings/{meetingId}/comments/export': {
        get: {
          operationId: 'exportDraftComments',
          summary: 'The consolidated table of comments on one draft ("bảng tổng hợp, tiếp thu, giải trình ý kiến"), in page order with the answers: PDF (A4) or CSV (UTF-8 with BOM). Secretariat only.',
          parameters: [meetingParam, { name: 'documentId', in: 'query', required: true, schema: { type: 'string' } }, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['pdf', 'csv'] } }],
          responses: { '200': { description: 'The file (application/pdf or text/csv).' }, '400': error('No such document, or an unknown format.'), ...prepErrors },
        },
      },
      '/api/meetings/{meetingId}/comments/{commentId}/response': {
        post: {
          operationId: 'answerDraftComment',
          summary: 'The secretariat\'s answer to a comment: accepted, noted or rejected (not accepted), with a reply. The latest answer stands; audited (comment.answered).',
          parameters: [meetingParam, pathParam('commentId', 'The comment id.')],
          requestBody: { required: true, content: jsonContent('CommentResponse') },
          responses: { '200': { description: 'The comment (DraftComment) with its answer.' }, '400': error('The body is not valid.'), ...prepErrors },
        },
      },
      '/api/meetings/{meetingId}/polls': {
        post: {
          operationId: 'createPoll',
          summary: 'Prepare a poll (draft) on an agenda item or on its own (chair, vice chair, secretariat).',
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('CreatePollRequest') },
          responses: {
            '201': { description: 'Created as a draft; it appears in live/<id>.', content: jsonContent('CreatePollResponse') },
            '400': error('The definition is not valid, the agenda item does not exist, or a group member is not a voting member.'),
            ...runErrors,
          },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}': {
        patch: {
          operationId: 'updatePoll',
          summary: 'Replace the definition of a draft poll.',
          parameters: [meetingParam, pollParam],
          requestBody: { required: true, content: jsonContent('CreatePollRequest') },
          responses: { '200': { description: 'Changed.', content: jsonContent('PollState') }, '400': error('The definition is not valid.'), ...runErrors, '409': error('The poll is no longer a draft.') },
        },
        delete: {
          operationId: 'deletePoll',
          summary: 'Delete a draft poll.',
          parameters: [meetingParam, pollParam],
          responses: { '200': { description: 'Deleted.', content: jsonContent('OkResponse') }, ...runErrors, '409': error('The poll is no longer a draft.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/open': {
        post: {
          operationId: 'openPoll',
          summary: 'draft → open. Sets openedAt, closesAt (duration or written-poll deadline; closes by itself then) and eligibleCount.',
          parameters: [meetingParam, pollParam],
          responses: { '200': { description: 'Open.', content: jsonContent('PollState') }, ...runErrors, '409': error('The poll is not a draft, or its deadline has passed.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/close': {
        post: {
          operationId: 'closePoll',
          summary: 'open → closed. Counts the stored ballots with tally() and writes the result to live/<id> and the audit log.',
          parameters: [meetingParam, pollParam],
          responses: { '200': { description: 'Closed, with the result.', content: jsonContent('PollState') }, ...runErrors, '409': error('The poll is not open.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/publish': {
        post: {
          operationId: 'publishPoll',
          summary: 'closed → published.',
          parameters: [meetingParam, pollParam],
          responses: { '200': { description: 'Published.', content: jsonContent('PollState') }, ...runErrors, '409': error('The poll is not closed.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/hands': {
        post: {
          operationId: 'recordHands',
          summary: 'Record votes of present members without a device (show of hands), all or nothing; counted in handCount and audit-logged.',
          parameters: [meetingParam, pollParam],
          requestBody: { required: true, content: jsonContent('HandsRequest') },
          responses: {
            '200': { description: 'Recorded.', content: jsonContent('HandsResponse') },
            '400': error('An entry has choices not on the ballot (the message names the entry).'),
            ...runErrors,
            '409': error('The poll is not open, or a member has already voted.'),
          },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/ceremony': {
        get: {
          operationId: 'pollCeremony',
          summary: "A secret poll's key ceremony (issue 15): the tellers, their public keys, commitments and proofs, the joint key once complete, the sealed totals after the close; `myShares` holds the encrypted shares addressed to the caller (any participant).",
          parameters: [meetingParam, pollParam],
          responses: { '200': { description: 'The ceremony.', content: jsonContent('CeremonyState') }, ...runErrors, '409': error('Not a secret poll with tellers.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/ceremony/{step}': {
        post: {
          operationId: 'ceremonyStep',
          summary:
            "A teller's step: key (its ceremony key with a Schnorr proof), dealing (commitments with proofs and one share per other teller, encrypted to that teller: the server relays but cannot read them), confirm (its shares checked out, or the dealer whose share did not). When every teller has confirmed, the joint public key is published in live/<id>. Audited.",
          parameters: [meetingParam, pollParam, { name: 'step', in: 'path', required: true, schema: { type: 'string', enum: ['key', 'dealing', 'confirm'] } }],
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [ref('CeremonyKeyRequest'), ref('CeremonyDealingRequest'), ref('CeremonyConfirmRequest')] } } } },
          responses: { '200': { description: 'Stored (confirm answers { complete }).' }, '400': error('A proof does not verify or a field is malformed (the message names it).'), ...runErrors, '409': error('Not a draft, an earlier step is missing, or the ceremony failed.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/ceremony/restart': {
        post: {
          operationId: 'restartCeremony',
          summary: 'Start the key ceremony of a draft secret poll again (chair, vice chair, secretariat), e.g. after a bad share was reported. Audited.',
          parameters: [meetingParam, pollParam],
          responses: { '200': { description: 'Restarted.', content: jsonContent('OkResponse') }, ...runErrors, '409': error('Not a draft.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/partial': {
        post: {
          operationId: 'partialDecryption',
          summary:
            "A teller's partial decryption of the sealed totals, one per option, each with a Chaum–Pedersen proof against the teller's public share. A failing proof is recorded against the teller and refused; with the threshold of valid ones in, the result is opened, published in live/<id> and audited.",
          parameters: [meetingParam, pollParam],
          requestBody: { required: true, content: jsonContent('PartialDecryptionRequest') },
          responses: { '200': { description: 'Accepted; { opened } says whether the result is now open.' }, '400': error('A proof fails (the message names the teller and options).'), ...runErrors, '409': error('Not closed, already open, void, or already sent.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/void': {
        post: {
          operationId: 'voidPoll',
          summary: 'Declare a closed secret poll void when too few tellers can be reached to open it (chair, vice chair, secretariat). Audited with who had and had not sent a share.',
          parameters: [meetingParam, pollParam],
          requestBody: { required: true, content: jsonContent('VoidPollRequest') },
          responses: { '200': { description: 'Void.', content: jsonContent('OkResponse') }, ...runErrors, '409': error('Not closed, or the result is already open.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/evidence': {
        get: {
          operationId: 'pollEvidence',
          summary: "After the close of a secret poll: every encrypted ballot with its tracker, the ceremony's public record, the sealed totals, the partial decryptions with proofs and the result, to recount and re-check (any participant).",
          parameters: [meetingParam, pollParam],
          responses: { '200': { description: 'The public record.', content: jsonContent('PollEvidence') }, ...runErrors, '409': error('Not a secret poll, or not closed yet.') },
        },
      },
      '/api/meetings/{meetingId}/polls/{pollId}/voters': {
        get: {
          operationId: 'pollVoters',
          summary: 'Who has voted and who has not (chair, vice chair, secretariat); who chose what only for named polls.',
          parameters: [meetingParam, pollParam],
          responses: { '200': { description: 'Voters.', content: jsonContent('VotersResponse') }, ...runErrors },
        },
      },
      '/api/meetings/{meetingId}/audit': {
        get: {
          operationId: 'auditLog',
          summary: "The meeting's hash-chained audit log, oldest first (any participant).",
          parameters: [meetingParam],
          responses: { '200': { description: 'Entries.', content: jsonContent('AuditList') }, ...authErrors, '404': error('No such meeting, or not a participant.') },
        },
      },
      '/api/meetings/{meetingId}/audit/verify': {
        get: {
          operationId: 'verifyAuditLog',
          summary: 'Recomputes the chain: hash = sha256(prevHash + canonical JSON of {seq, at, kind, data}).',
          parameters: [meetingParam],
          responses: { '200': { description: 'Whether the chain holds, and where it breaks.', content: jsonContent('AuditVerifyResponse') }, ...authErrors, '404': error('No such meeting, or not a participant.') },
        },
      },
      '/api/meetings/{meetingId}/audit/check': {
        post: {
          operationId: 'checkAudit',
          summary:
            "The whole audit check (issue 18; chair, vice chair, secretariat): the chain from its first entry; each given head (from a receipt, live/<id> state.auditHead, a notice's or the minutes' \"Mã kiểm chứng\") must still be in it — the entry at its length has its hash — so truncation, deletion and recomputed hashes are found; every closed named poll is recounted from its stored ballots with the server's tally and compared with polls.result and the chain's entry; secret polls' stored result with the tellers' opening in the chain; ballots, attendance and conclusions with their entries. An empty chain beside polls, attendance or conclusions is a problem. Each problem names the poll or row and the field, with both values. Secret ballots' proofs are checked from the poll's evidence (GET …/polls/{pollId}/evidence), not here.",
          parameters: [meetingParam],
          requestBody: { required: true, content: jsonContent('AuditCheckRequest') },
          responses: { '200': { description: 'The report: ok, or each problem.', content: jsonContent('AuditReport') }, '400': error('A head is not 64 hex characters, or its length is not a positive integer.'), ...runErrors },
        },
      },
      '/api/tasks': {
        get: {
          operationId: 'listTasks',
          summary:
            'Follow-up tasks. scope=mine: assigned to the caller; scope=all (default): every task of meetings where the caller is chair, vice chair or secretariat, plus their own (global admins: every task). Status is computed by the client with shared/domain/tasks.',
          parameters: [queryParam('scope', false, 'mine or all (default all).', { type: 'string', enum: ['mine', 'all'] })],
          responses: { '200': { description: 'The tasks.', content: jsonContent('TaskList') }, '400': error('scope is not mine or all.'), ...authErrors },
        },
      },
      '/api/tasks/{taskId}/extend': {
        post: {
          operationId: 'extendTask',
          summary: "Move a task's deadline later, with the reason (secretariat of the task's meeting). Appended to extensions, audit-logged, published to live/<id>.",
          parameters: [pathParam('taskId', 'The task id.')],
          requestBody: { required: true, content: jsonContent('ExtendTaskRequest') },
          responses: {
            '200': { description: 'The task after the extension.', content: jsonContent('Task') },
            '400': error('No reason, not a date, or not later than the current deadline (the message names the field).'),
            ...prepErrors,
            '409': error('The task is already completed.'),
          },
        },
      },
      '/api/tasks/{taskId}/attachments': {
        post: {
          operationId: 'attachToTaskReport',
          summary:
            "The task's assignee (or the secretariat) uploads a PDF to go with a progress report: stored once by sha256 as an internal document of the task's meeting, under the task's agenda item. The report itself is then sent as a task_progress record naming the document id.",
          parameters: [pathParam('taskId', 'The task id.'), queryParam('filename', true, 'The file name, used in messages and as the title when the PDF has none.')],
          requestBody: { required: true, content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
          responses: {
            '201': { description: 'Stored and added to the meeting.', content: jsonContent('UploadDocumentResponse') },
            '400': error('No file name, or the upload was interrupted.'),
            ...authErrors,
            '403': error('The caller is neither the assignee of the task nor secretariat of its meeting (code forbidden).'),
            '404': error('No such task, or the caller is not a participant of its meeting.'),
            '409': error('The task is already completed.'),
            '413': error('The file is over the size limit (default 500 MB, --max-upload-mb).'),
            '415': error('The body is not sent as application/pdf.'),
            '422': error('The file is not a PDF, is password-protected, or is damaged (code invalid_input).'),
          },
        },
      },
      '/api/reports/tasks': {
        get: {
          operationId: 'monthlyTaskReport',
          summary:
            "The monthly task monitoring report (as of the month's end), by unit and by meeting, over the tasks the caller oversees. CSV is UTF-8 with a BOM. Secretariat of any meeting, or a global admin.",
          parameters: [
            queryParam('month', true, 'YYYY-MM', schemaOf(MonthlyReportQuery.shape.month, 'input')),
            queryParam('format', true, 'csv or pdf', { type: 'string', enum: ['csv', 'pdf'] }),
          ],
          responses: {
            '200': {
              description: 'The report as a download (Content-Disposition: attachment; filename="bao-cao-nhiem-vu-YYYY-MM.csv|pdf").',
              content: { 'text/csv': { schema: { type: 'string' } }, 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } },
            },
            '400': error('month or format is not valid.'),
            ...authErrors,
            '403': error('The caller is not secretariat of any meeting nor an admin.'),
          },
        },
      },
      '/api/blobs/{sha256}': {
        get: {
          operationId: 'getBlob',
          summary: 'A document file, by its sha256. Supports Range requests.',
          parameters: [
            { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
            { name: 'Range', in: 'header', required: false, schema: { type: 'string', examples: ['bytes=0-65535'] } },
          ],
          responses: {
            '200': { description: 'The whole file.', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
            '206': { description: 'The requested range.', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
            '304': { description: 'Not modified (If-None-Match matched the ETag, which is the sha256).' },
            ...authErrors,
            '403': error('The caller is not a member of any meeting that uses this document.'),
            '404': error('No such document.'),
            '416': error('The range is outside the file.'),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document.',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1 description.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      ...organisationPaths,
    },
    security: [{ bearer: [] }],
  };
  withRateLimits(cached.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>);
  return cached;
}

/**
 * Every route can answer 429: the per-user and per-address request limits, the upload
 * slots and sign-in throttling (request-limits.ts, auth/rate-limit.ts) sit in front of all
 * of them. Said once here rather than in each route.
 */
function withRateLimits(paths: Record<string, Record<string, { responses: Record<string, unknown> }>>): void {
  const tooMany = {
    ...error('Too many requests from this user or address (code rate_limited); the message says which limit. Try again after Retry-After seconds.'),
    headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } },
  };
  for (const ops of Object.values(paths)) for (const op of Object.values(ops)) op.responses['429'] ??= tooMany;
}
