import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import type { AuditReport } from '../../../shared/api/audit';
import type { OutboxRecord, RecordReceipt } from '../../../shared/api/outbox';
import type { MeetingRole } from '../../../shared/roles';
import type { PollDefinitionInput } from '../../../shared/ydoc/live';
import type { RunningServer, StartServerOptions } from '../../../server/app';
import { hashToken } from '../../../server/auth/sessions';
import type { Store, UserRecord } from '../../../server/store/types';
import { createMeeting, createUser, serverForFile, start } from '../server/helpers';
import { withRecordsDb } from '../../support/records-db';

export { openRecordsDb, tamper, withRecordsDb, type RecordsDbHandle } from '../../support/records-db';
export { copyDatabaseFor } from '../../support/test-store';
export { connect, createMeeting, createUser, sleep, start, tempDir, tempDirForFile, waitFor, withServer } from '../server/helpers';

/**
 * A session straight in the store: thousands of scrypt logins would make a 3,152-person
 * test take minutes and test nothing these tests are about.
 */
export async function mintToken(store: Store, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await store.createSession(hashToken(token), userId, Date.now() + 3600_000);
  return token;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export async function call<T = unknown>(url: string, method: string, path: string, token: string | null, body?: unknown): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const send = () => fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  // HTTP/1.1 keep-alive race: a test that keeps this process's event loop busy for seconds
  // (a recount run in-process) lets the server's idle timer close a kept-alive socket just
  // as fetch reuses it. The request never reached the server, so sending it again is safe.
  const res = await send().catch((err: unknown) => {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    return send();
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/**
 * The minutes' draft made ready to finalise (issue 14): the secretary saves the text as a
 * new version and sends it to the chair; the chair and the secretary approve that version.
 * Returns the version approved.
 */
export async function approveMinutesDraft(url: string, meetingId: string, secretary: string, chair: string, sections: object = {}): Promise<number> {
  const base = `/api/meetings/${meetingId}/official-records/minutes`;
  const ok = <T>(r: Reply<T>, what: string): T => {
    if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const { current } = ok(await call<{ current: number }>(url, 'GET', `${base}/versions`, secretary), 'versions');
  const { version } = ok(await call<{ version: number }>(url, 'PUT', `${base}/text`, secretary, { basedOn: current, sections }), 'save');
  ok(await call(url, 'POST', `${base}/send`, secretary, { version }), 'send');
  for (const t of [chair, secretary]) ok(await call(url, 'POST', `${base}/approve`, t, { version }), 'approve');
  return version;
}

export async function submit(url: string, meetingId: string, token: string, records: OutboxRecord[]): Promise<RecordReceipt[]> {
  const r = await call<{ receipts: RecordReceipt[] }>(url, 'POST', `/api/meetings/${meetingId}/records`, token, { records });
  if (r.status !== 200) throw new Error(`records: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.receipts;
}

type Key = OutboxRecord['key'];

export function checkinRecord(userId: string, status: 'present' | 'excused' | 'absent' = 'present', substitute: string | null = null, key: string = randomUUID()): OutboxRecord {
  return { key: key as Key, kind: 'checkin', payload: { userId, status, substitute } };
}

export function ballotRecord(pollId: string, choices: string[], key: string = randomUUID()): OutboxRecord {
  return { key: key as Key, kind: 'ballot', payload: { pollId, choices } };
}

/** A comment on a draft (issue 17), on a page, optionally on a passage or for a unit. */
export function commentRecord(documentId: string, page: number, text: string, extra: { quote?: string; asUnit?: string } = {}, key: string = randomUUID()): OutboxRecord {
  return { key: key as Key, kind: 'comment', payload: { commentId: randomUUID(), documentId, page, text, quote: extra.quote ?? null, asUnit: extra.asUnit ?? null } };
}

export const overHalf = { fraction: { num: 1, den: 2 }, strict: true };

export function approveDef(extra: Partial<PollDefinitionInput> = {}): PollDefinitionInput {
  return {
    question: 'Thông qua Nghị quyết?',
    kind: 'approve',
    majority: { base: 'cast', threshold: overHalf },
    quorum: null,
    eligibility: { kind: 'all' },
    ...extra,
  };
}

export async function createPoll(url: string, meetingId: string, token: string, definition: PollDefinitionInput, agendaItemId: string | null = null): Promise<string> {
  const r = await call<{ pollId: string }>(url, 'POST', `/api/meetings/${meetingId}/polls`, token, { agendaItemId, definition });
  if (r.status !== 201) throw new Error(`create poll: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.pollId;
}

export async function step(url: string, meetingId: string, token: string, pollId: string, what: 'open' | 'close' | 'publish'): Promise<Reply<Record<string, unknown>>> {
  return call(url, 'POST', `/api/meetings/${meetingId}/polls/${pollId}/${what}`, token);
}

/** A time as the server's messages show it (the test runs in the server's time zone). */
export function hhmm(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Accounts `<prefix>-<name>`, each with a session, into `u[name]` and `t[name]`. */
export async function signedInAccounts(store: Store, prefix: string, names: readonly string[], u: Record<string, UserRecord>, t: Record<string, string>): Promise<void> {
  for (const name of names) {
    u[name] = await createUser(store, `${prefix}-${name}`);
    t[name] = await mintToken(store, u[name]!.id);
  }
}

/** An account's role in the meeting, or null for one signed in who is not a member (an outsider). */
export type Membership = MeetingRole | null;

export interface MeetingWith<N extends string> {
  meetingId: string;
  users: Record<N, UserRecord>;
  tokens: Record<N, string>;
}

/**
 * Accounts `<prefix>-<name>`, each with a session, and one meeting whose members are the
 * ones given a role, in the order given (the order a participant list shows).
 */
export async function meetingWith<N extends string>(store: Store, prefix: string, members: Record<N, Membership>, opts: Parameters<typeof createMeeting>[2] = {}): Promise<MeetingWith<N>> {
  const users = {} as Record<N, UserRecord>;
  const tokens = {} as Record<N, string>;
  await signedInAccounts(store, prefix, Object.keys(members), users, tokens);
  const roles = Object.entries(members as Record<string, Membership>).flatMap(([name, role]) => (role ? [[users[name as N], role] as [UserRecord, MeetingRole]] : []));
  return { meetingId: await createMeeting(store, roles, opts), users, tokens };
}

export interface ServerWithMeeting {
  /** The data folder. */
  readonly dir: string;
  readonly server: RunningServer;
  readonly meetingId: string;
  /** Each account by name, and its session token by name. */
  readonly u: Record<string, UserRecord>;
  readonly t: Record<string, string>;
}

/**
 * One server and one meeting for all of a file's tests (see meetingWith), started before
 * them and closed after them. Hooks the file registers after this call run after this
 * setup and before the close.
 */
export function serverWithMeeting(prefix: string, members: Record<string, Membership>, opts: { server?: Partial<StartServerOptions>; meeting?: Parameters<typeof createMeeting>[2] } = {}): ServerWithMeeting {
  const running = serverForFile(opts.server);
  let meetingId: string | undefined;
  const u: Record<string, UserRecord> = {};
  const t: Record<string, string> = {};
  beforeAll(async () => {
    const made = await meetingWith(running.server.store, prefix, members, opts.meeting);
    meetingId = made.meetingId;
    Object.assign(u, made.users);
    Object.assign(t, made.tokens);
  });
  return {
    get dir() {
      return running.dir;
    },
    get server() {
      return running.server;
    },
    get meetingId() {
      if (meetingId === undefined) throw new Error('The meeting is made before the tests run: read it inside a hook or a test.');
      return meetingId;
    },
    u,
    t,
  };
}

/** A poll's status as the database holds it (not the live document), or undefined. */
export function pollStatus(dataDir: string, pollId: string): Promise<string | undefined> {
  return withRecordsDb(dataDir, (db) => db.value<string>('SELECT status FROM polls WHERE id = ?', pollId));
}

/**
 * The audit check (POST …/audit/check, the same check as `audit verify`) of a server
 * started on `dataDir` and stopped after. On PostgreSQL it stands in for the offline CLI,
 * which reads the folder's SQLite file only.
 */
export async function auditCheckOn(dataDir: string, meetingId: string, token: string, heads: { hash: string; length: number }[] = []): Promise<AuditReport> {
  const server = await start(dataDir);
  try {
    const r = await call<AuditReport>(server.url, 'POST', `/api/meetings/${meetingId}/audit/check`, token, { heads });
    if (r.status !== 200) throw new Error(`audit check: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  } finally {
    await server.close();
  }
}
