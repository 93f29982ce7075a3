/**
 * A `conclusion` record: the chair (or the secretariat on the chair's behalf) finalises an
 * agenda item's conclusion. A final conclusion is never edited; a correction is a new
 * version that names the one it replaces and says why, and both stay in the audit log.
 */
import { createHash } from 'node:crypto';
import type { ConclusionPayload } from '../../shared/api/conclusions';
import type { CommentWindow } from '../../shared/domain/draft-comments';
import type { AuditLog } from '../audit/audit';
import type { AfterRepo, ConclusionRow } from '../records/after-repo';
import { refuse, type Caller, type Refusal } from '../records/outcome';
import type { RecordsRepo } from '../records/repo';
import type { Sql } from '../records/sql';

/** What the meeting doc says, read before the transaction (the doc is not in SQLite). */
export interface MeetingFacts {
  agendaItemIds: ReadonlySet<string>;
  documentIds: ReadonlySet<string>;
  /** Documents open for comments, and until when (issue 17). */
  commentWindows?: ReadonlyMap<string, CommentWindow>;
}

export interface AfterDeps {
  repo: RecordsRepo;
  after: AfterRepo;
  audit: AuditLog;
  facts: MeetingFacts | null;
  /** The room's clock for tasks (server/clock.ts); absent: the time the record was received. */
  now?: () => string;
}

const concluders = new Set(['chair', 'vice_chair', 'secretariat']);

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function* finaliseConclusion(
  deps: AfterDeps,
  meetingId: string,
  caller: Caller,
  p: ConclusionPayload,
  now: string,
): Sql<ConclusionRow | Refusal> {
  if (!concluders.has(caller.role)) {
    return refuse('forbidden', 'Only the chair or a vice chair (or the secretariat on their behalf) can finalise a conclusion.');
  }
  if (deps.facts && !deps.facts.agendaItemIds.has(p.agendaItemId)) {
    return refuse('invalid_input', `There is no agenda item "${p.agendaItemId}" in this meeting.`);
  }
  for (const pollId of p.pollRefs) {
    if (!(yield* deps.after.hasPoll(meetingId, pollId))) return refuse('invalid_input', `The conclusion quotes poll "${pollId}", which is not a poll of this meeting.`);
  }
  if (yield* deps.after.conclusion(p.conclusionId)) return refuse('conflict', 'A conclusion with this id already exists; a correction needs an id of its own.');
  const current = yield* deps.after.latestConclusion(meetingId, p.agendaItemId);
  if (p.corrects === null) {
    if (current) return refuse('conflict', 'This item already has a final conclusion; send a correction with a reason.', 'conclusion_final');
  } else {
    if (!current) return refuse('conflict', 'This item has no final conclusion to correct yet; send it as a first conclusion.');
    if (p.corrects !== current.id) {
      return refuse('conflict', `A correction must replace the current final conclusion (version ${current.version}); it was corrected meanwhile.`);
    }
    if (!p.reason) return refuse('invalid_input', 'Say why the final conclusion is corrected: a correction needs a reason.');
  }
  const row: ConclusionRow = {
    id: p.conclusionId,
    meetingId,
    agendaItemId: p.agendaItemId,
    version: (current?.version ?? 0) + 1,
    text: p.text,
    pollRefs: p.pollRefs,
    finalisedAt: now,
    finalisedBy: caller.id,
    corrects: p.corrects,
    reason: p.corrects ? p.reason : null,
  };
  yield* deps.after.insertConclusion(row);
  // The text itself stays out of the log (it can be long); its hash pins it.
  yield* deps.audit.append(
    meetingId,
    row.corrects ? 'conclusion.corrected' : 'conclusion.final',
    { conclusionId: row.id, agendaItemId: row.agendaItemId, version: row.version, textSha256: sha256(row.text), pollRefs: row.pollRefs, by: caller.id, corrects: row.corrects, reason: row.reason },
    now,
  );
  return row;
}
