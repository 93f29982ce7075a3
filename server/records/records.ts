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
import type { Caller, Refusal } from './outcome';
import { secretKeyHash, type RecordsRepo, type UnsignedReceipt } from './repo';
import { createTask, reportProgress } from '../tasks/tasks';
import { declareRecusal } from '../voting/recusals';
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
function earlier(repo: RecordsRepo, meetingId: string, caller: Caller, rec: OutboxRecord): UnsignedReceipt | null {
  const stored = repo.receipt(meetingId, rec.key);
  if (stored) {
    const { userId, ...receipt } = stored;
    return userId === caller.id ? receipt : refusal(rec.key, keyTaken);
  }
  if (rec.kind === 'ballot') {
    // Secret ballots accepted before issue 15 kept their key only as a hash beside the voter.
    const p = repo.q.legacyByKey.get(secretKeyHash(meetingId, rec.key)) as { user_id: string; received_at: string } | undefined;
    if (p) return p.user_id === caller.id ? { key: rec.key, ok: true, receivedAt: p.received_at } : refusal(rec.key, keyTaken);
  }
  return null;
}

/** Call inside a transaction (GroupCommit.run); effects are for after the commit. */
export function submitRecords(
  deps: AfterDeps,
  meetingId: string,
  caller: Caller,
  records: readonly OutboxRecord[],
  /** Encrypted ballots' proofs, checked before the transaction, by record key. */
  ballotChecks: ReadonlyMap<string, BallotVerdict> = new Map(),
): { receipts: UnsignedReceipt[]; effects: RecordsEffects } {
  const repo: RecordsRepo = deps.repo;
  const effects: RecordsEffects = { attendance: new Map(), polls: new Set(), conclusions: new Set(), tasks: new Set(), annotations: false, recusals: false, comments: 0, accepted: 0, refused: 0, repeated: 0 };
  const receipts = records.map((rec): UnsignedReceipt => {
      const seen = earlier(repo, meetingId, caller, rec);
      if (seen) {
        effects.repeated++;
        // The head the first answer named, so the retry's receipt is the same one.
        const head = seen.ok ? deps.audit.receiptHeadNow(meetingId, rec.key) : null;
        return head && seen.ok ? { ...seen, auditHead: head.hash, auditLength: head.length } : seen;
      }
      // The server clock (a test clock when one is set), the same that stamps tasks.
      const now = deps.now?.() ?? new Date().toISOString();
      const outcome = apply(deps, meetingId, caller, rec, now, ballotChecks.get(rec.key));
      if (!outcome.ok) {
        // A refusal is an answer too: the same key gets the same refusal on a retry.
        repo.q.insertReceipt.run(meetingId, rec.key, rec.kind, caller.id, 0, null, outcome.code, outcome.message, outcome.reason ? JSON.stringify({ reason: outcome.reason, params: outcome.params }) : null);
        effects.refused++;
        return refusal(rec.key, outcome);
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
      repo.q.insertReceipt.run(meetingId, rec.key, rec.kind, caller.id, 1, now, null, null, null);
      // Issue 18: the record's own chain entry, and the head the signed receipt names.
      const head = deps.audit.receiptedNow(meetingId, caller.id, rec, now);
      return { key: rec.key, ok: true, receivedAt: now, auditHead: head.hash, auditLength: head.length };
    });
  return { receipts, effects };
}

type Applied =
  | { ok: true; kind: 'attendance'; userId: string; mark: AttendanceMark }
  | { ok: true; kind: 'poll'; pollId: string; secret: boolean }
  | { ok: true; kind: 'conclusion'; agendaItemId: string }
  | { ok: true; kind: 'task'; taskId: string }
  | { ok: true; kind: 'annotation' }
  | { ok: true; kind: 'recusal' }
  | { ok: true; kind: 'comment' }
  | Refusal;

function apply(deps: AfterDeps, meetingId: string, caller: Caller, rec: OutboxRecord, now: string, checked: BallotVerdict | undefined): Applied {
  switch (rec.kind) {
    case 'checkin': {
      const r = checkIn(deps.repo, meetingId, caller, rec.payload, now);
      return r.ok ? { ok: true, kind: 'attendance', userId: r.userId, mark: r.mark } : r;
    }
    case 'ballot': {
      const r = castBallot(deps.repo, meetingId, caller, rec.payload, now, checked);
      return r.ok ? { ok: true, kind: 'poll', pollId: r.pollId, secret: r.secret } : r;
    }
    case 'conclusion': {
      const r = deps.audit.rdb.now(finaliseConclusion(deps, meetingId, caller, rec.payload, now));
      return 'ok' in r ? r : { ok: true, kind: 'conclusion', agendaItemId: r.agendaItemId };
    }
    case 'task': {
      const r = deps.audit.rdb.now(createTask(deps, meetingId, caller, rec.payload, now));
      return 'ok' in r ? r : { ok: true, kind: 'task', taskId: r.taskId };
    }
    case 'task_progress': {
      const r = deps.audit.rdb.now(reportProgress(deps, meetingId, caller, rec.payload, now));
      return 'ok' in r ? r : { ok: true, kind: 'task', taskId: r.taskId };
    }
    case 'annotation': {
      const r = deps.audit.rdb.now(applyAnnotation(deps.facts, meetingId, caller, rec.payload, now));
      return 'ok' in r ? r : { ok: true, kind: 'annotation' };
    }
    case 'recusal': {
      const r = declareRecusal(deps, meetingId, caller, rec.payload, rec.key, now);
      return 'ok' in r ? r : { ok: true, kind: 'recusal' };
    }
    case 'comment': {
      const r = deps.audit.rdb.now(addComment(deps.facts?.commentWindows ?? null, meetingId, caller, rec.payload, now));
      return 'ok' in r ? r : { ok: true, kind: 'comment' };
    }
  }
}
