/**
 * The desktop core's HTTP client for the sync server, made from the endpoint table
 * (shared/api): every call names its endpoint, every reply is parsed with the schema the
 * server answers with, and failures become ApiErrors a person can act on. No path is
 * written here.
 */
import type { MinutesSections } from '../../shared/domain/minutes-text';
import { ApiError, isErrorCode } from '../../shared/errors';
import {
  endpoints,
  fillPath,
  isFileReply,
  queryString,
  type CallInput,
  type EndpointName,
  type Endpoints,
  type Reply,
} from '../../shared/api';
import { ErrorBody } from '../../shared/api/common';
import { ReadyResponse } from '../../shared/api/ops';
import { type AddParticipantsRequest, type UpdateParticipantRequest } from '../../shared/api/participants';
import { type CeremonyConfirmRequest, type CeremonyDealingRequest, type CeremonyKeyRequest } from '../../shared/api/voting';
import { type CreateMeetingRequest } from '../../shared/api/meetings';
import { type OutboxRecord } from '../../shared/api/outbox';
import { type UploadDocumentQuery, type UploadDocumentResponse } from '../../shared/api/documents';
import { type WipeReport } from '../../shared/api/devices';
import type { RequestKind, SpeakerTimeRequest } from '../../shared/domain/speaking';
import type { AccountLookupRequest } from '../../shared/domain/participants-import';
import type { CommentResponse, CommentTableFormat } from '../../shared/domain/draft-comments';
import type { PollDefinition } from '../../shared/ydoc/live';
import type { ConclusionRegisterQuery, OrganisationFields, OrgRole, RecordKind } from '../../shared/organisations';
import { z } from 'zod';
import type { ServerClock } from './server-clock';
import { addressesOf, failoverWaitMs } from './server-addresses';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

/** What a teller sends at each step of the key ceremony. */
export interface CeremonyStepBody {
  key: CeremonyKeyRequest;
  dealing: CeremonyDealingRequest;
  confirm: CeremonyConfirmRequest;
}

/** A file the server made (a PDF, a CSV): its bytes and the name the server suggests. */
export interface ServerFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/** Whether fetch gave up because the call's own time limit passed. */
function isTimeout(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}

/** A server-made file as it crosses IPC (bytes as base64). */
export function fileForIpc(file: ServerFile) {
  return { fileName: file.fileName, mimeType: file.mimeType, base64: file.bytes.toString('base64') };
}

type Call<K extends EndpointName> = CallInput<Endpoints[K]> & { token?: string };

export class ServerClient {
  /** The server's addresses (one, or the nodes of a cluster) and which is in use. */
  private readonly addresses;

  constructor(
    readonly serverUrl: string,
    private readonly timeoutMs = 8000,
    /** Ends every call at once when the core closes (see Lifetime). */
    private readonly stop?: AbortSignal,
    /** Takes every reply's server stamp as a clock sample (server-clock.ts). */
    private readonly clock?: ServerClock,
  ) {
    this.addresses = addressesOf(serverUrl);
  }

  /** `fetch`, with the reply's server stamp handed to the clock. */
  private async timedFetch(url: string, init: RequestInit): Promise<Response> {
    const sentAt = this.clock?.local() ?? 0;
    const res = await fetch(url, init);
    this.clock?.observeReply(this.serverUrl, sentAt, this.clock.local(), res.headers);
    return res;
  }

  /** The call's own time limit, and the core's close. */
  private signal(timeoutMs: number): AbortSignal {
    const timeout = AbortSignal.timeout(timeoutMs);
    return this.stop ? AbortSignal.any([timeout, this.stop]) : timeout;
  }

  private url(name: EndpointName, input: { params?: unknown; query?: unknown }, base = this.addresses.current()): string {
    const spec = endpoints[name];
    return base + fillPath(spec.path, input.params as Record<string, string> | undefined) + queryString(input.query as Record<string, unknown> | undefined);
  }

  /**
   * Sends the call to the address in use; when that node refuses the connection or answers
   * 503 (draining, or its database or Redis is away) the call goes to the next address of
   * the list, after a short random wait, until each was tried once. Only failures where the
   * node did nothing are retried elsewhere: a call that timed out may have been carried out.
   */
  private async send(name: EndpointName, input: { params?: unknown; query?: unknown; body?: unknown; token?: string }, offline: string): Promise<Response> {
    const spec = endpoints[name];
    // A POST without a declared body still sends `{}`: the server answers JSON-only callers.
    const body = input.body !== undefined ? input.body : spec.method === 'POST' && !('body' in spec) ? {} : undefined;
    const tries = this.addresses.list.length;
    for (let attempt = 1; ; attempt++) {
      const address = this.addresses.current();
      let res: Response | null = null;
      let retry = false;
      try {
        res = await this.timedFetch(this.url(name, input, address), {
          method: spec.method,
          headers: {
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(input.token ? { authorization: `Bearer ${input.token}` } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: this.signal(('timeoutMs' in spec ? spec.timeoutMs : undefined) ?? this.timeoutMs),
        });
        retry = res.status === 503;
      } catch (err) {
        if (this.stop?.aborted) throw new ApiError('offline', offline);
        // A node that does not answer in time is left too, but this call is not sent again.
        retry = !isTimeout(err);
        this.addresses.failed(address);
        if (!retry || attempt >= tries) throw new ApiError('offline', offline);
      }
      if (!retry || attempt >= tries) return res!;
      await res?.body?.cancel().catch(() => {});
      this.addresses.failed(address);
      await new Promise((r) => setTimeout(r, failoverWaitMs(attempt)));
    }
  }

  /** One call of a JSON endpoint, its reply parsed with the endpoint's schema. */
  async call<K extends EndpointName>(name: K, input: Call<K>): Promise<Reply<Endpoints[K]>> {
    const spec = endpoints[name];
    if (isFileReply(spec.reply)) throw new Error(`${name} answers a file: use file().`);
    const res = await this.send(name, input, `Cannot reach the server at ${this.serverUrl}. Check the address and the network.`);
    return this.parse(res.status, res.statusText, await res.text(), spec.reply as z.ZodType) as Reply<Endpoints[K]>;
  }

  /** One call of an endpoint that answers a file. */
  async file<K extends EndpointName>(name: K, input: Call<K>, fallbackName: string): Promise<ServerFile> {
    const spec = endpoints[name];
    const res = await this.send(name, input, `Cannot reach the server at ${this.serverUrl}. The file is made on the server; try again when connected.`);
    if (!res.ok) return this.parse(res.status, res.statusText, await res.text(), z.never());
    const bytes = Buffer.from(await res.arrayBuffer());
    const mimeType = res.headers.get('content-type') ?? 'application/octet-stream';
    const expected = isFileReply(spec.reply) ? spec.reply.file : [];
    if (!expected.some((t) => mimeType.startsWith(t)) || (mimeType.startsWith('application/pdf') && bytes.subarray(0, 5).toString('latin1') !== '%PDF-')) {
      throw new ApiError('server_error', `The server at ${this.serverUrl} sent a file this app does not expect (${mimeType}).`);
    }
    const disposition = res.headers.get('content-disposition') ?? '';
    const fileName = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
    return { fileName: decodeURIComponent(fileName), mimeType, bytes };
  }

  login(username: string, password: string, deviceName?: string) {
    return this.call('session.login', { body: { username, password, ...(deviceName ? { deviceName } : {}) } });
  }

  // -- devices (issue 11) --

  devices(token: string) {
    return this.call('devices.list', { token });
  }

  signOutDevice(token: string, deviceId: string) {
    return this.call('devices.signOut', { token, params: { deviceId } });
  }

  markDeviceLost(token: string, deviceId: string) {
    return this.call('devices.markLost', { token, params: { deviceId } });
  }

  signOutEverywhere(token: string) {
    return this.call('devices.signOutEverywhere', { token });
  }

  userDevices(token: string, user: string) {
    return this.call('devices.ofUser', { token, params: { user } });
  }

  signOutUser(token: string, user: string) {
    return this.call('devices.signOutUser', { token, params: { user } });
  }

  setUserDisabled(token: string, user: string, disabled: boolean) {
    return this.call('devices.setUserDisabled', { token, params: { user }, body: { disabled } });
  }

  /** A lost device, after deleting what it kept: the report the audit log records. */
  reportWipe(token: string, report: WipeReport) {
    return this.call('devices.reportWipe', { token, body: report });
  }

  receiptKey() {
    return this.call('session.receiptKey', {});
  }

  logout(token: string) {
    return this.call('session.logout', { token });
  }

  session(token: string) {
    return this.call('session.current', { token });
  }

  meetings(token: string) {
    return this.call('meetings.list', { token });
  }

  createMeeting(token: string, body: CreateMeetingRequest) {
    return this.call('meetings.create', { token, body });
  }

  publish(token: string, meetingId: string) {
    return this.call('meetings.publish', { token, params: { meetingId } });
  }

  addParticipants(token: string, meetingId: string, body: AddParticipantsRequest) {
    return this.call('participants.add', { token, params: { meetingId }, body });
  }

  /** Which user names already have an account, and under which name. */
  participantAccounts(token: string, meetingId: string, body: AccountLookupRequest) {
    return this.call('participants.lookupAccounts', { token, params: { meetingId }, body });
  }

  updateParticipant(token: string, meetingId: string, userId: string, body: UpdateParticipantRequest) {
    return this.call('participants.update', { token, params: { meetingId, userId }, body });
  }

  removeParticipant(token: string, meetingId: string, userId: string) {
    return this.call('participants.remove', { token, params: { meetingId, userId } });
  }

  submitRecords(token: string, meetingId: string, records: OutboxRecord[]) {
    return this.call('outbox.submit', { token, params: { meetingId }, body: { records } });
  }

  /** Others' shared annotations changed since a version (all of them when null). */
  sharedAnnotations(token: string, meetingId: string, since: number | null) {
    return this.call('reading.sharedAnnotations', { token, params: { meetingId }, query: { since: since === null ? undefined : String(since) } });
  }

  setCheckInWindow(token: string, meetingId: string, open: boolean) {
    return this.call('attendance.setWindow', { token, params: { meetingId }, body: { open } });
  }

  setCurrentItem(token: string, meetingId: string, agendaItemId: string | null) {
    return this.call('agenda.setCurrentItem', { token, params: { meetingId }, body: { agendaItemId } });
  }

  askToSpeak(token: string, meetingId: string, kind: RequestKind = 'speak') {
    return this.call('speakers.ask', { token, params: { meetingId }, body: { kind } });
  }

  timeSpeech(token: string, meetingId: string, requestId: string, action: SpeakerTimeRequest) {
    return this.call('speakers.time', { token, params: { meetingId, requestId }, body: action });
  }

  orderSpeakers(token: string, meetingId: string, order: string[]) {
    return this.call('speakers.order', { token, params: { meetingId }, body: { order } });
  }

  giveSiteAPlace(token: string, meetingId: string, siteId: string) {
    return this.call('speakers.giveSite', { token, params: { meetingId }, body: { siteId } });
  }

  moveSpeakerRequest(token: string, meetingId: string, requestId: string, step: 'withdraw' | 'grant' | 'finish') {
    return this.call(`speakers.${step}`, { token, params: { meetingId, requestId } });
  }

  startPresenting(token: string, meetingId: string, body: { documentId: string; page: number; presenterId: string | null }) {
    return this.call('presenting.start', { token, params: { meetingId }, body });
  }

  turnPresentedPage(token: string, meetingId: string, page: number) {
    return this.call('presenting.turn', { token, params: { meetingId }, body: { page } });
  }

  stopPresenting(token: string, meetingId: string) {
    return this.call('presenting.stop', { token, params: { meetingId } });
  }

  listComments(token: string, meetingId: string, documentId: string | null) {
    return this.call('draftComments.list', { token, params: { meetingId }, query: { documentId: documentId ?? undefined } }).then((r) => r.comments);
  }

  /** The consolidated comments of one draft as a file (needs the server). */
  exportComments(token: string, meetingId: string, documentId: string, format: CommentTableFormat): Promise<ServerFile> {
    return this.file('draftComments.export', { token, params: { meetingId }, query: { documentId, format } }, `gop-y.${format}`);
  }

  answerComment(token: string, meetingId: string, commentId: string, body: CommentResponse) {
    return this.call('draftComments.answer', { token, params: { meetingId, commentId }, body });
  }

  createPoll(token: string, meetingId: string, body: { agendaItemId: string | null; definition: PollDefinition }) {
    return this.call('voting.create', { token, params: { meetingId }, body });
  }

  updatePoll(token: string, meetingId: string, pollId: string, body: { agendaItemId: string | null; definition: PollDefinition }) {
    return this.call('voting.update', { token, params: { meetingId, pollId }, body });
  }

  removePoll(token: string, meetingId: string, pollId: string) {
    return this.call('voting.remove', { token, params: { meetingId, pollId } });
  }

  pollStep(token: string, meetingId: string, pollId: string, step: 'open' | 'close' | 'publish') {
    return this.call(`voting.${step}`, { token, params: { meetingId, pollId } });
  }

  // Secret polls' tellers (issue 15; main/core/tellers.ts).
  ceremony(token: string, meetingId: string, pollId: string) {
    return this.call('voting.ceremony', { token, params: { meetingId, pollId } });
  }

  ceremonyStep<S extends keyof CeremonyStepBody>(token: string, meetingId: string, pollId: string, step: S, body: CeremonyStepBody[S]): Promise<unknown> {
    const params = { meetingId, pollId };
    if (step === 'key') return this.call('voting.ceremonyKey', { token, params, body: body as CeremonyKeyRequest });
    if (step === 'dealing') return this.call('voting.ceremonyDealing', { token, params, body: body as CeremonyDealingRequest });
    return this.call('voting.ceremonyConfirm', { token, params, body: body as CeremonyConfirmRequest });
  }

  sendPartial(token: string, meetingId: string, pollId: string, body: { shares: string[]; proofs: string[] }) {
    return this.call('voting.partial', { token, params: { meetingId, pollId }, body });
  }

  restartCeremony(token: string, meetingId: string, pollId: string) {
    return this.call('voting.ceremonyRestart', { token, params: { meetingId, pollId } });
  }

  declareVoid(token: string, meetingId: string, pollId: string, reason: string) {
    return this.call('voting.void', { token, params: { meetingId, pollId }, body: { reason } });
  }

  /** Issue 18: the whole audit check, with the heads this device kept. */
  auditCheck(token: string, meetingId: string, heads: { hash: string; length: number | null }[]) {
    return this.call('audit.check', { token, params: { meetingId }, body: { heads } });
  }

  pollEvidence(token: string, meetingId: string, pollId: string) {
    return this.call('voting.evidence', { token, params: { meetingId, pollId } });
  }

  recordHands(token: string, meetingId: string, pollId: string, entries: { userId: string; choices: string[] }[]) {
    return this.call('voting.hands', { token, params: { meetingId, pollId }, body: { entries } });
  }

  voters(token: string, meetingId: string, pollId: string) {
    return this.call('voting.voters', { token, params: { meetingId, pollId } });
  }

  tasks(token: string, scope: 'mine' | 'all') {
    return this.call('tasks.list', { token, query: { scope } });
  }

  extendTask(token: string, taskId: string, body: { deadline: string; reason: string }) {
    return this.call('tasks.extend', { token, params: { taskId }, body });
  }

  /** A monthly task report file. */
  monthlyReport(token: string, month: string, format: 'pdf' | 'csv'): Promise<ServerFile> {
    return this.file('tasks.monthlyReport', { token, query: { month, format } }, `bao-cao-nhiem-vu-${month}.${format}`);
  }

  // -- the official record (issue 14) --

  officialRecords(token: string, meetingId: string) {
    return this.call('officialRecords.ofMeeting', { token, params: { meetingId } });
  }

  setRecordRecipients(token: string, meetingId: string, kind: RecordKind, recipients: string[]) {
    return this.call('officialRecords.setDraft', { token, params: { meetingId, kind }, body: { recipients } });
  }

  previewRecord(token: string, meetingId: string, kind: RecordKind) {
    return this.file('officialRecords.preview', { token, params: { meetingId, kind } }, `${kind}-draft.pdf`);
  }

  finaliseRecord(token: string, meetingId: string, kind: RecordKind, body: { replaces: string | null; reason: string | null }) {
    return this.call('officialRecords.finalise', { token, params: { meetingId, kind }, body });
  }

  recordPdf(token: string, recordId: string) {
    return this.file('officialRecords.pdf', { token, params: { recordId } }, `${recordId}.pdf`);
  }

  /** Whether a PDF is a record this server issued, unchanged: the file itself is the body. */
  async verifyDocument(token: string, pdf: Buffer) {
    const spec = endpoints['officialRecords.verify'];
    let res: Response;
    try {
      res = await this.timedFetch(this.url('officialRecords.verify', {}), {
        method: spec.method,
        headers: { authorization: `Bearer ${token}`, 'content-type': spec.body.upload },
        body: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength),
        signal: this.signal(spec.timeoutMs),
      });
    } catch {
      throw new ApiError('offline', `Cannot reach the server at ${this.serverUrl}. A document is checked against the server's register; try again when connected.`);
    }
    return this.parse(res.status, res.statusText, await res.text(), spec.reply);
  }

  recordDocx(token: string, recordId: string) {
    return this.file('officialRecords.docx', { token, params: { recordId } }, `${recordId}.docx`);
  }

  draftDocx(token: string, meetingId: string, kind: RecordKind) {
    return this.file('officialRecords.draftDocx', { token, params: { meetingId, kind } }, `${kind}-draft.docx`);
  }

  setAbsence(token: string, meetingId: string, userId: string, body: { excused: boolean; reason: string | null }) {
    return this.call('officialRecords.setAbsence', { token, params: { meetingId, userId }, body });
  }

  approveMinutes(token: string, meetingId: string, version: number) {
    return this.call('officialRecords.approveMinutes', { token, params: { meetingId }, body: { version } });
  }

  minutesVersions(token: string, meetingId: string) {
    return this.call('officialRecords.minutesVersions', { token, params: { meetingId } });
  }

  saveMinutesText(token: string, meetingId: string, body: { basedOn: number; sections: MinutesSections; corrects: string | null }) {
    return this.call('officialRecords.saveMinutesText', { token, params: { meetingId }, body });
  }

  sendMinutes(token: string, meetingId: string, version: number) {
    return this.call('officialRecords.sendMinutes', { token, params: { meetingId }, body: { version } });
  }

  returnMinutes(token: string, meetingId: string, version: number, comment: string) {
    return this.call('officialRecords.returnMinutes', { token, params: { meetingId }, body: { version, comment } });
  }

  organisations(token: string) {
    return this.call('organisations.list', { token });
  }

  organisation(token: string, organisationId: string) {
    return this.call('organisations.get', { token, params: { organisationId } });
  }

  createOrganisation(token: string, body: OrganisationFields) {
    return this.call('organisations.create', { token, body });
  }

  updateOrganisation(token: string, organisationId: string, body: Partial<OrganisationFields>) {
    return this.call('organisations.update', { token, params: { organisationId }, body });
  }

  organisationMembers(token: string, organisationId: string) {
    return this.call('organisations.members', { token, params: { organisationId } });
  }

  setOrganisationMember(token: string, organisationId: string, body: { username: string; role: OrgRole }) {
    return this.call('organisations.setMember', { token, params: { organisationId }, body });
  }

  setOrganisationCertificate(token: string, organisationId: string, body: { p12Base64: string; password: string }) {
    return this.call('organisations.setCertificate', { token, params: { organisationId }, body });
  }

  demoOrganisationCertificate(token: string, organisationId: string) {
    return this.call('organisations.demoCertificate', { token, params: { organisationId } });
  }

  organisationMeetings(token: string, organisationId: string) {
    return this.call('organisations.meetings', { token, params: { organisationId } });
  }

  setMeetingOrganisation(token: string, meetingId: string, organisationId: string) {
    return this.call('organisations.setMeetingOrganisation', { token, params: { meetingId }, body: { organisationId } });
  }

  conclusionRegister(token: string, organisationId: string, query: ConclusionRegisterQuery) {
    return this.call('organisations.conclusions', { token, params: { organisationId }, query });
  }

  conclusionRegisterFile(token: string, organisationId: string, query: ConclusionRegisterQuery & { format: 'csv' | 'xlsx' }) {
    return this.file('organisations.conclusionsExport', { token, params: { organisationId }, query }, `so-theo-doi-ket-luan.${query.format}`);
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
    return this.uploadPdf(token, this.url('documents.upload', { params: { meetingId }, query }), file, onProgress);
  }

  /** A PDF for the assignee's progress report on a task, stored as a document of its meeting. */
  uploadTaskAttachment(token: string, taskId: string, file: { path: string; size: number }, filename: string, onProgress: (sent: number) => void): Promise<UploadDocumentResponse> {
    return this.uploadPdf(token, this.url('tasks.attach', { params: { taskId }, query: { filename } }), file, onProgress);
  }

  private uploadPdf(token: string, address: string, file: { path: string; size: number }, onProgress: (sent: number) => void): Promise<UploadDocumentResponse> {
    const url = new URL(address);
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
            resolve(this.parse(res.statusCode ?? 0, res.statusMessage ?? '', Buffer.concat(chunks).toString('utf8'), endpoints['documents.upload'].reply));
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

  /**
   * Whether this server node should be used now (ops.ready): its report, 503 included;
   * null when it cannot be reached or answers something else. For moving to the next of
   * several server addresses when one node is going away (issue 13).
   */
  async ready(): Promise<ReadyResponse | null> {
    try {
      const res = await this.send('ops.ready', {}, '');
      if (res.status !== 200 && res.status !== 503) return null;
      const parsed = ReadyResponse.safeParse(await res.json());
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async health(): Promise<boolean> {
    try {
      await this.call('session.health', {});
      return true;
    } catch {
      return false;
    }
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
