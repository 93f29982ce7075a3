/**
 * POST /api/meetings/:id/records: a device's outbox, up to 500 records, validated and
 * stored in ONE durable transaction (shared with other requests by GroupCommit; the
 * request's records still commit together, in a savepoint of their own). Idempotent by key: a key seen before (earlier in this
 * very batch included) gets its first answer back, accepted or refused, and changes nothing.
 */
import type { AttendanceMark } from '../../shared/domain/attendance';
import type { OutboxRecord } from '../../shared/api/outbox';
import { applyAnnotation } from '../reading/annotations';
import { castBallot } from '../voting/ballots';
import { checkIn } from '../attendance/checkin';
import { finaliseConclusion, type AfterDeps } from '../conclusions/conclusions';
import type { BallotVerdict } from '../voting/ballot-checks';
import type { StoredBallot } from '../audit/audit';
import type { Caller, Refusal } from './outcome';
import { votersPlanned, type RecordsRepo, type UnsignedReceipt } from './repo';
import { defer, warmUp, type Planned, type Sql } from './sql';
import { createTask, reportProgress } from '../tasks/tasks';
import { declareRecusal, recusalsPlanned } from '../voting/recusals';
import { standingsPlanned } from './members';
import type { AuditLog } from '../audit/audit';
import { addComment } from '../draft-comments/draft-comments';

export interface RecordsEffects {
  attendance: Map<string, AttendanceMark>;
  polls: Set<string>;
  /** Agenda items whose final conclusion changed, and tasks that changed: published after the commit. */
  conclusions: Set<string>;
  tasks: Set<string>;
  /** Whether a shared annotation changed: the meeting's annotations version is published after the commit. */
  annotations: boolean;
  /** A conflict of interest was declared (issue 17): the meeting's recusals are published after the commit. */
  recusals: boolean;
  /** Comments on drafts taken (issue 17); nothing is published: the secretariat lists them. */
  comments: number;
  accepted: number;
  refused: number;
  repeated: number;
}

const keyTaken: Refusal = { ok: false, code: 'conflict', message: 'This record key was already used for another record.' };

function refusal(key: string, r: Refusal): UnsignedReceipt {
  return { key, ok: false, error: { code: r.code, message: r.message, ...(r.reason ? { reason: r.reason } : {}), ...(r.params ? { params: r.params } : {}) } };
}

/** The earlier answer to this key, if there is one. */
function* earlier(repo: RecordsRepo, meetingId: string, caller: Caller, rec: OutboxRecord): Sql<UnsignedReceipt | null> {
  const stored = yield* repo.receipt(meetingId, rec.key);
  if (stored) {
    const { userId, ...receipt } = stored;
    return userId === caller.id ? receipt : refusal(rec.key, keyTaken);
  }
  if (rec.kind === 'ballot') {
    // Secret ballots accepted before issue 15 kept their key only as a hash beside the voter.
    const p = yield* repo.legacyBallot(meetingId, rec.key);
    if (p) return p.userId === caller.id ? { key: rec.key, ok: true, receivedAt: p.receivedAt } : refusal(rec.key, keyTaken);
  }
  return null;
}

/**
 * Run inside the meeting's transaction (GroupCommit.run); effects are for after the commit.
 * A resend gets the stored receipt: receipts are keyed (meeting, key), and the meeting's
 * lock puts two sends of one record, from two nodes, one after the other.
 */
export function* submitRecords(
  deps: AfterDeps,
  meetingId: string,
  caller: Caller,
  records: readonly OutboxRecord[],
  /** Encrypted ballots' proofs, checked before the transaction, by record key. */
  ballotChecks: ReadonlyMap<string, BallotVerdict> = new Map(),
): Sql<{ receipts: UnsignedReceipt[]; effects: RecordsEffects }> {
  const repo: RecordsRepo = deps.repo;
  const effects: RecordsEffects = { attendance: new Map(), polls: new Set(), conclusions: new Set(), tasks: new Set(), annotations: false, recusals: false, comments: 0, accepted: 0, refused: 0, repeated: 0 };
  const receipts: UnsignedReceipt[] = [];
  for (const rec of records) {
    const seen = yield* earlier(repo, meetingId, caller, rec);
    if (seen) {
      effects.repeated++;
      // With the head the first answer named (repo.receipt), so the retry's receipt is the same one.
      receipts.push(seen);
      continue;
    }
    // The server clock (a test clock when one is set), the same that stamps tasks.
    const now = deps.now?.() ?? new Date().toISOString();
    const outcome = yield* apply(deps, meetingId, caller, rec, now, ballotChecks.get(rec.key));
    if (!outcome.ok) {
      // A refusal is an answer too: the same key gets the same refusal on a retry.
      yield* insertReceipt(meetingId, rec.key, rec.kind, caller.id, null, { code: outcome.code, message: outcome.message, detail: outcome.reason ? JSON.stringify({ reason: outcome.reason, params: outcome.params }) : null });
      effects.refused++;
      const answer = refusal(rec.key, outcome);
      yield* repo.rememberReceipt(meetingId, { ...answer, userId: caller.id });
      receipts.push(answer);
      continue;
    }
    effects.accepted++;
    if (outcome.kind === 'attendance') effects.attendance.set(outcome.userId, outcome.mark);
    else if (outcome.kind === 'poll') effects.polls.add(outcome.pollId);
    else if (outcome.kind === 'conclusion') effects.conclusions.add(outcome.agendaItemId);
    else if (outcome.kind === 'annotation') effects.annotations = true;
    else if (outcome.kind === 'recusal') effects.recusals = true;
    else if (outcome.kind === 'comment') effects.comments++;
    else effects.tasks.add(outcome.taskId);
    // Secret ballots too: the ballot row already names its voter, beside a ciphertext.
    yield* insertReceipt(meetingId, rec.key, rec.kind, caller.id, now, null);
    // Issue 18: the record's own chain entry, and the head the signed receipt names.
    const stored = outcome.kind === 'poll' ? { ballot: outcome.stored } : outcome.kind === 'attendance' ? { mark: outcome.mark } : undefined;
    const head = yield* deps.audit.receipted(meetingId, caller.id, rec, now, stored);
    const answer: UnsignedReceipt = { key: rec.key, ok: true, receivedAt: now, auditHead: head.hash, auditLength: head.length };
    yield* repo.rememberReceipt(meetingId, { ...answer, userId: caller.id });
    receipts.push(answer);
  }
  return { receipts, effects };
}

/** What one request's records will look up, for the warm-up of the group it joins (GroupCommit). */
export interface RecordsHint {
  meetingId: string;
  keys: string[];
  /** The caller, and whoever a check-in marks. */
  userIds: string[];
  /** The polls the ballots name (none: no ballots). */
  pollIds: string[];
}

export function recordsHint(meetingId: string, caller: Caller, records: readonly OutboxRecord[]): RecordsHint {
  const userIds = new Set([caller.id]);
  const pollIds = new Set<string>();
  for (const r of records) {
    if (r.kind === 'checkin') userIds.add(r.payload.userId);
    else if (r.kind === 'ballot') pollIds.add(r.payload.pollId);
  }
  return { meetingId, keys: records.map((r) => r.key), userIds: [...userIds], pollIds: [...pollIds] };
}

/**
 * A group's warm-up (GroupCommit): per meeting, the earlier answers of every key, the
 * standing of every member the records name and, for ballots, the meeting's recusals and
 * who has voted in the polls named, the polls themselves and the chain's last entry, in one
 * round trip (allAtOnce) instead of a few per record; the records functions find them in the
 * memo. A named ballot then waits for nothing: its row, receipt and chain entry go out with
 * the next statement or with COMMIT (defer).
 */
export function* warmRecords(repo: RecordsRepo, audit: AuditLog, hints: readonly RecordsHint[]): Sql<void> {
  const meetings = new Map<string, { keys: string[]; userIds: string[]; voters: string[]; pollIds: string[] }>();
  for (const h of hints) {
    const m = meetings.get(h.meetingId) ?? { keys: [], userIds: [], voters: [], pollIds: [] };
    m.keys.push(...h.keys);
    m.userIds.push(...h.userIds);
    if (h.pollIds.length) m.voters.push(...h.userIds);
    m.pollIds.push(...h.pollIds);
    meetings.set(h.meetingId, m);
  }
  const planned: Planned[] = [];
  for (const [meetingId, m] of meetings) {
    planned.push(...repo.receiptsPlanned(meetingId, m.keys), ...standingsPlanned(meetingId, m.userIds), audit.lastPlanned(meetingId));
    if (m.pollIds.length) planned.push(...repo.pollsPlanned(meetingId, m.pollIds), recusalsPlanned(meetingId), ...votersPlanned(m.pollIds, m.voters));
  }
  yield* warmUp(planned);
}

/** An answer, kept under its key: accepted at `receivedAt`, or refused with `error`. */
function* insertReceipt(meetingId: string, key: string, kind: string, userId: string, receivedAt: string | null, error: { code: string; message: string; detail: string | null } | null): Sql<void> {
  // Deferred: the meeting's lock and the check for an earlier answer above make a clash of
  // keys impossible here (the primary key is the backstop, failing the whole request).
  yield* defer(
    'INSERT INTO record_receipts (meeting_id, key, kind, user_id, ok, received_at, error_code, error_message, error_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    meetingId,
    key,
    kind,
    userId,
    error ? 0 : 1,
    receivedAt,
    error?.code ?? null,
    error?.message ?? null,
    error?.detail ?? null,
  );
}

type Applied =
  | { ok: true; kind: 'attendance'; userId: string; mark: AttendanceMark }
  | { ok: true; kind: 'poll'; pollId: string; secret: boolean; stored: StoredBallot }
  | { ok: true; kind: 'conclusion'; agendaItemId: string }
  | { ok: true; kind: 'task'; taskId: string }
  | { ok: true; kind: 'annotation' }
  | { ok: true; kind: 'recusal' }
  | { ok: true; kind: 'comment' }
  | Refusal;

/**
 * BRIDGE (issue 13): conclusions, tasks, annotations and comments are the other half's and
 * still synchronous on SQLite's connection; called from inside this generator they run in
 * the same SQLite transaction. They become `yield*` once converted.
 */
function* apply(deps: AfterDeps, meetingId: string, caller: Caller, rec: OutboxRecord, now: string, checked: BallotVerdict | undefined): Sql<Applied> {
  switch (rec.kind) {
    case 'checkin': {
      const r = yield* checkIn(deps.repo, meetingId, caller, rec.payload, now);
      return r.ok ? { ok: true, kind: 'attendance', userId: r.userId, mark: r.mark } : r;
    }
    case 'ballot': {
      const r = yield* castBallot(deps.repo, meetingId, caller, rec.payload, now, checked);
      return r.ok ? { ok: true, kind: 'poll', pollId: r.pollId, secret: r.secret, stored: r.stored } : r;
    }
    case 'conclusion': {
      const r = yield* finaliseConclusion(deps, meetingId, caller, rec.payload, now);
      return 'ok' in r ? r : { ok: true, kind: 'conclusion', agendaItemId: r.agendaItemId };
    }
    case 'task': {
      const r = yield* createTask(deps, meetingId, caller, rec.payload, now);
      return 'ok' in r ? r : { ok: true, kind: 'task', taskId: r.taskId };
    }
    case 'task_progress': {
      const r = yield* reportProgress(deps, meetingId, caller, rec.payload, now);
      return 'ok' in r ? r : { ok: true, kind: 'task', taskId: r.taskId };
    }
    case 'annotation': {
      const r = yield* applyAnnotation(deps.facts, meetingId, caller, rec.payload, now);
      return 'ok' in r ? r : { ok: true, kind: 'annotation' };
    }
    case 'recusal': {
      const r = yield* declareRecusal(deps, meetingId, caller, rec.payload, rec.key, now);
      return 'ok' in r ? r : { ok: true, kind: 'recusal' };
    }
    case 'comment': {
      const r = yield* addComment(deps.facts?.commentWindows ?? null, meetingId, caller, rec.payload, now);
      return 'ok' in r ? r : { ok: true, kind: 'comment' };
    }
  }
}
