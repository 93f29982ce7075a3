/**
 * The desktop core's HTTP client for the sync server. Responses are parsed with the same
 * schemas the server validates with; failures become ApiErrors a person can act on.
 */
import type { z } from 'zod';
import { ApiError, isErrorCode } from '../../shared/errors';
import {
  AddParticipantsResponse,
  ErrorBody,
  LoginResponse,
  ReceiptKeyResponse,
  MeetingList,
  MeetingSummary,
  OkResponse,
  SessionResponse,
  UploadDocumentResponse,
  SharedAnnotationsResponse,
  SubmitRecordsResponse,
  CreatePollResponse,
  CurrentItemResponse,
  VotersResponse,
  CeremonyState,
  PollEvidence,
  AuditReport,
  type OutboxRecord,
  TaskList,
  type AddParticipantsRequest,
  type CreateMeetingRequest,
  type UpdateParticipantRequest,
  type UploadDocumentQuery,
  DeviceList,
  DeviceView,
  SignedOutResponse,
  UserDevices,
  type WipeReport,
} from '../../shared/http';
import { z as zod } from 'zod';
import { Presenting, SpeakerRequest } from '../../shared/ydoc/live';
import type { RequestKind, SpeakerTimeRequest } from '../../shared/domain/speaking';
import { AccountLookupResponse, type AccountLookupRequest } from '../../shared/domain/participants-import';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

/** Steps whose answer carries nothing the core needs beyond success. */
const Anything = zod.unknown();
/** A comment on a draft as the server lists it (shared/domain/draft-comments DraftComment). */
const DraftCommentSchema = zod.object({
  id: zod.string(),
  documentId: zod.string(),
  page: zod.number(),
  quote: zod.string().nullable(),
  text: zod.string(),
  asUnit: zod.string().nullable(),
  userId: zod.string(),
  name: zod.string(),
  receivedAt: zod.string(),
  status: zod.enum(['pending', 'accepted', 'noted', 'rejected']),
  reply: zod.string().nullable(),
  repliedAt: zod.string().nullable(),
});

export class ServerClient {
  constructor(
    readonly serverUrl: string,
    private readonly timeoutMs = 8000,
    /** Ends every call at once when the core closes (see Lifetime). */
    private readonly stop?: AbortSignal,
  ) {}

  /** The call's own time limit, and the core's close. */
  private signal(timeoutMs: number): AbortSignal {
    const timeout = AbortSignal.timeout(timeoutMs);
    return this.stop ? AbortSignal.any([timeout, this.stop]) : timeout;
  }

  login(username: string, password: string, deviceName?: string) {
    return this.request('POST', '/api/login', LoginResponse, { body: { username, password, ...(deviceName ? { deviceName } : {}) } });
  }

  // -- devices (issue 11; server/http/routes/devices.ts) --

  devices(token: string) {
    return this.request('GET', '/api/devices', DeviceList, { token });
  }

  signOutDevice(token: string, deviceId: string) {
    return this.request('DELETE', `/api/devices/${deviceId}`, OkResponse, { token });
  }

  markDeviceLost(token: string, deviceId: string) {
    return this.request('POST', `/api/devices/${deviceId}/lost`, DeviceView, { token, body: {} });
  }

  signOutEverywhere(token: string) {
    return this.request('DELETE', '/api/devices', SignedOutResponse, { token });
  }

  userDevices(token: string, user: string) {
    return this.request('GET', `/api/users/${encodeURIComponent(user)}/devices`, UserDevices, { token });
  }

  signOutUser(token: string, user: string) {
    return this.request('DELETE', `/api/users/${encodeURIComponent(user)}/devices`, SignedOutResponse, { token });
  }

  setUserDisabled(token: string, user: string, disabled: boolean) {
    return this.request('PUT', `/api/users/${encodeURIComponent(user)}/disabled`, UserDevices, { token, body: { disabled } });
  }

  /** A lost device, after deleting what it kept: the report the audit log records. */
  reportWipe(token: string, report: WipeReport) {
    return this.request('POST', '/api/devices/current/wiped', OkResponse, { token, body: report });
  }

  receiptKey() {
    return this.request('GET', '/api/receipt-key', ReceiptKeyResponse);
  }

  logout(token: string) {
    return this.request('POST', '/api/logout', OkResponse, { token });
  }

  session(token: string) {
    return this.request('GET', '/api/session', SessionResponse, { token });
  }

  meetings(token: string) {
    return this.request('GET', '/api/meetings', MeetingList, { token });
  }

  createMeeting(token: string, body: CreateMeetingRequest) {
    return this.request('POST', '/api/meetings', MeetingSummary, { token, body });
  }

  publish(token: string, meetingId: string) {
    return this.request('POST', `/api/meetings/${meetingId}/publish`, MeetingSummary, { token, body: {} });
  }

  addParticipants(token: string, meetingId: string, body: AddParticipantsRequest) {
    return this.request('POST', `/api/meetings/${meetingId}/participants`, AddParticipantsResponse, { token, body, timeoutMs: 300_000 });
  }

  /** Which user names already have an account, and under which name. */
  participantAccounts(token: string, meetingId: string, body: AccountLookupRequest) {
    return this.request('POST', `/api/meetings/${meetingId}/participant-accounts`, AccountLookupResponse, { token, body, timeoutMs: 60_000 });
  }

  updateParticipant(token: string, meetingId: string, userId: string, body: UpdateParticipantRequest) {
    return this.request('PATCH', `/api/meetings/${meetingId}/participants/${userId}`, OkResponse, { token, body });
  }

  removeParticipant(token: string, meetingId: string, userId: string) {
    return this.request('DELETE', `/api/meetings/${meetingId}/participants/${userId}`, OkResponse, { token });
  }

  submitRecords(token: string, meetingId: string, records: OutboxRecord[]) {
    return this.request('POST', `/api/meetings/${meetingId}/records`, SubmitRecordsResponse, { token, body: { records }, timeoutMs: 30_000 });
  }

  /** Others' shared annotations changed since a version (all of them when null). */
  sharedAnnotations(token: string, meetingId: string, since: number | null) {
    const q = since === null ? '' : `?since=${since}`;
    return this.request('GET', `/api/meetings/${meetingId}/annotations${q}`, SharedAnnotationsResponse, { token, timeoutMs: 30_000 });
  }

  setCheckInWindow(token: string, meetingId: string, open: boolean) {
    return this.request('POST', `/api/meetings/${meetingId}/checkin-window`, Anything, { token, body: { open } });
  }

  setCurrentItem(token: string, meetingId: string, agendaItemId: string | null) {
    return this.request('POST', `/api/meetings/${meetingId}/current-item`, CurrentItemResponse, { token, body: { agendaItemId } });
  }

  askToSpeak(token: string, meetingId: string, kind: RequestKind = 'speak') {
    return this.request('POST', `/api/meetings/${meetingId}/speakers`, SpeakerRequest, { token, body: { kind } });
  }

  timeSpeech(token: string, meetingId: string, requestId: string, action: SpeakerTimeRequest) {
    return this.request('POST', `/api/meetings/${meetingId}/speakers/${encodeURIComponent(requestId)}/time`, SpeakerRequest, { token, body: action });
  }

  orderSpeakers(token: string, meetingId: string, order: string[]) {
    return this.request('POST', `/api/meetings/${meetingId}/speakers/order`, Anything, { token, body: { order } });
  }

  startPresenting(token: string, meetingId: string, body: { documentId: string; page: number; presenterId: string | null }) {
    return this.request('POST', `/api/meetings/${meetingId}/presenting`, Presenting, { token, body });
  }

  turnPresentedPage(token: string, meetingId: string, page: number) {
    return this.request('POST', `/api/meetings/${meetingId}/presenting/page`, Presenting, { token, body: { page } });
  }

  stopPresenting(token: string, meetingId: string) {
    return this.request('POST', `/api/meetings/${meetingId}/presenting/stop`, Anything, { token, body: {} });
  }

  listComments(token: string, meetingId: string, documentId: string | null) {
    const q = documentId ? `?documentId=${encodeURIComponent(documentId)}` : '';
    return this.request('GET', `/api/meetings/${meetingId}/comments${q}`, zod.object({ comments: zod.array(DraftCommentSchema) }), { token }).then((r) => r.comments);
  }

  /** The consolidated comments of one draft as a file (needs the server). */
  async exportComments(token: string, meetingId: string, documentId: string, format: 'pdf' | 'csv'): Promise<{ fileName: string; mimeType: string; bytes: Buffer }> {
    let res: Response;
    try {
      res = await fetch(`${this.serverUrl}/api/meetings/${meetingId}/comments/export?documentId=${encodeURIComponent(documentId)}&format=${format}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: this.signal(60_000),
      });
    } catch {
      throw new ApiError('offline', `Cannot reach the server at ${this.serverUrl}. The table is made on the server; try again when connected.`);
    }
    if (!res.ok) return this.parse(res.status, res.statusText, await res.text(), zod.never());
    const disposition = res.headers.get('content-disposition') ?? '';
    const fileName = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? `gop-y.${format}`;
    return { fileName: decodeURIComponent(fileName), mimeType: res.headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.from(await res.arrayBuffer()) };
  }

  answerComment(token: string, meetingId: string, commentId: string, body: { status: 'accepted' | 'noted' | 'rejected'; reply: string }) {
    return this.request('POST', `/api/meetings/${meetingId}/comments/${encodeURIComponent(commentId)}/response`, DraftCommentSchema, { token, body });
  }

  giveSiteAPlace(token: string, meetingId: string, siteId: string) {
    return this.request('POST', `/api/meetings/${meetingId}/speakers/site`, SpeakerRequest, { token, body: { siteId } });
  }

  moveSpeakerRequest(token: string, meetingId: string, requestId: string, step: 'withdraw' | 'grant' | 'finish') {
    return this.request('POST', `/api/meetings/${meetingId}/speakers/${encodeURIComponent(requestId)}/${step}`, SpeakerRequest, { token, body: {} });
  }

  createPoll(token: string, meetingId: string, body: { agendaItemId: string | null; definition: unknown }) {
    return this.request('POST', `/api/meetings/${meetingId}/polls`, CreatePollResponse, { token, body });
  }

  updatePoll(token: string, meetingId: string, pollId: string, body: { agendaItemId?: string | null; definition?: unknown }) {
    return this.request('PATCH', `/api/meetings/${meetingId}/polls/${pollId}`, Anything, { token, body });
  }

  removePoll(token: string, meetingId: string, pollId: string) {
    return this.request('DELETE', `/api/meetings/${meetingId}/polls/${pollId}`, Anything, { token });
  }

  pollStep(token: string, meetingId: string, pollId: string, step: 'open' | 'close' | 'publish') {
    return this.request('POST', `/api/meetings/${meetingId}/polls/${pollId}/${step}`, Anything, { token, body: {} });
  }

  // Secret polls' tellers (issue 15; main/core/tellers.ts).
  ceremony(token: string, meetingId: string, pollId: string) {
    return this.request('GET', `/api/meetings/${meetingId}/polls/${pollId}/ceremony`, CeremonyState, { token });
  }

  ceremonyStep(token: string, meetingId: string, pollId: string, step: 'key' | 'dealing' | 'confirm', body: unknown) {
    return this.request('POST', `/api/meetings/${meetingId}/polls/${pollId}/ceremony/${step}`, Anything, { token, body });
  }

  sendPartial(token: string, meetingId: string, pollId: string, body: { shares: string[]; proofs: string[] }) {
    return this.request('POST', `/api/meetings/${meetingId}/polls/${pollId}/partial`, Anything, { token, body });
  }

  pollAction(token: string, meetingId: string, pollId: string, action: 'void' | 'ceremony/restart', body: unknown = {}) {
    return this.request('POST', `/api/meetings/${meetingId}/polls/${pollId}/${action}`, Anything, { token, body });
  }

  /** Issue 18: the whole audit check, with the heads this device kept. */
  auditCheck(token: string, meetingId: string, heads: { hash: string; length: number | null }[]) {
    return this.request('POST', `/api/meetings/${meetingId}/audit/check`, AuditReport, { token, body: { heads }, timeoutMs: 60_000 });
  }

  pollEvidence(token: string, meetingId: string, pollId: string) {
    return this.request('GET', `/api/meetings/${meetingId}/polls/${pollId}/evidence`, PollEvidence, { token, timeoutMs: 60_000 });
  }

  recordHands(token: string, meetingId: string, pollId: string, entries: { userId: string; choices: string[] }[]) {
    return this.request('POST', `/api/meetings/${meetingId}/polls/${pollId}/hands`, Anything, { token, body: { entries } });
  }

  voters(token: string, meetingId: string, pollId: string) {
    return this.request('GET', `/api/meetings/${meetingId}/polls/${pollId}/voters`, VotersResponse, { token });
  }

  tasks(token: string, scope: 'mine' | 'all') {
    return this.request('GET', `/api/tasks?scope=${scope}`, TaskList, { token, timeoutMs: 30_000 });
  }

  extendTask(token: string, taskId: string, body: { deadline: string; reason: string }) {
    return this.request('POST', `/api/tasks/${taskId}/extend`, Anything, { token, body });
  }


  /** A report file: bytes and the name the server suggests. */
  async monthlyReport(token: string, month: string, format: 'pdf' | 'csv'): Promise<{ fileName: string; mimeType: string; bytes: Buffer }> {
    let res: Response;
    try {
      res = await fetch(`${this.serverUrl}/api/reports/tasks?month=${month}&format=${format}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: this.signal(60_000),
      });
    } catch {
      throw new ApiError('offline', `Cannot reach the server at ${this.serverUrl}. The report is made on the server; try again when connected.`);
    }
    if (!res.ok) return this.parse(res.status, res.statusText, await res.text(), zod.never());
    const disposition = res.headers.get('content-disposition') ?? '';
    const fileName = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? `bao-cao-nhiem-vu-${month}.${format}`;
    return { fileName: decodeURIComponent(fileName), mimeType: res.headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /**
   * Streams a file from disk to the server, reporting bytes sent. Node's http rather than
   * fetch: a 500 MB PDF must never be held in memory, and we want per-chunk progress.
   */
  uploadDocument(
    token: string,
    meetingId: string,
    file: { path: string; size: number },
    query: UploadDocumentQuery,
    onProgress: (sent: number) => void,
  ): Promise<UploadDocumentResponse> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined) params.set(k, String(v));
    return this.uploadPdf(token, `/api/meetings/${meetingId}/documents?${params}`, file, onProgress);
  }

  /** A PDF for the assignee's progress report on a task, stored as a document of its meeting. */
  uploadTaskAttachment(token: string, taskId: string, file: { path: string; size: number }, filename: string, onProgress: (sent: number) => void): Promise<UploadDocumentResponse> {
    return this.uploadPdf(token, `/api/tasks/${taskId}/attachments?${new URLSearchParams({ filename })}`, file, onProgress);
  }

  private uploadPdf(token: string, pathAndQuery: string, file: { path: string; size: number }, onProgress: (sent: number) => void): Promise<UploadDocumentResponse> {
    const url = new URL(`${this.serverUrl}${pathAndQuery}`);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'content-length': file.size },
        // A fresh connection: a kept-alive one the server has just closed as idle would fail
        // mid-body, and an upload is not something to retry blindly.
        agent: false,
        ...(this.stop ? { signal: this.stop } : {}),
      });
      req.on('error', () => reject(new ApiError('offline', `The connection to ${this.serverUrl} was lost while sending the file. Try again when the network is back.`)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(this.parse(res.statusCode ?? 0, res.statusMessage ?? '', Buffer.concat(chunks).toString('utf8'), UploadDocumentResponse));
          } catch (err) {
            reject(err);
          }
        });
      });
      let sent = 0;
      const stream = fs.createReadStream(file.path, { highWaterMark: 1024 * 1024 });
      stream.on('data', (chunk) => {
        sent += chunk.length;
        onProgress(sent);
      });
      stream.on('error', (err) => {
        req.destroy();
        reject(new ApiError('not_found', `The file could not be read: ${err.message}`));
      });
      stream.pipe(req);
    });
  }

  async health(): Promise<boolean> {
    try {
      const res = await fetch(this.serverUrl + '/api/health', { signal: this.signal(3000) });
      return res.ok;
    } catch {
      return false;
    }
  }

  private async request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    schema: S,
    opts: { token?: string; body?: unknown; timeoutMs?: number } = {},
  ): Promise<z.output<S>> {
    let res: Response;
    try {
      res = await fetch(this.serverUrl + path, {
        method,
        headers: {
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        signal: this.signal(opts.timeoutMs ?? this.timeoutMs),
      });
    } catch {
      throw new ApiError('offline', `Cannot reach the server at ${this.serverUrl}. Check the address and the network.`);
    }
    return this.parse(res.status, res.statusText, await res.text(), schema);
  }

  private parse<S extends z.ZodType>(status: number, statusText: string, text: string, schema: S): z.output<S> {
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // fall through: handled below as a malformed answer
    }
    if (status < 200 || status >= 300) {
      const err = ErrorBody.safeParse(json);
      if (err.success) {
        const code = isErrorCode(err.data.error.code) ? err.data.error.code : 'server_error';
        throw new ApiError(code, err.data.error.message);
      }
      throw new ApiError(status === 401 ? 'unauthorized' : 'server_error', `The server answered ${status} ${statusText}.`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError('server_error', `The server at ${this.serverUrl} sent an answer this app does not understand. Is it an OpenCabinet server of a compatible version?`);
    }
    return parsed.data;
  }
}
