/**
 * Conflicts of interest ("xung đột lợi ích", issue 17). A voting member declares one on an
 * agenda item, with the reason, through the outbox (a 'recusal' record: offline-safe, one
 * receipt, retried without counting twice). From then on they take no part in that item's
 * polls: eligibility.ts leaves them out of the eligible list and the base, a ballot from
 * them is refused with the reason 'recused', and the result says how many were recused.
 * A declaration stands: it is in the audit chain and the minutes (table `recusals`).
 */
import { isVotingMember } from '../../shared/domain/attendance';
import type { Recusal, RecusalPayload } from '../../shared/domain/recusal';
import type { AuditLog } from '../audit/audit';
import type { MeetingFacts } from '../conclusions/conclusions';
import { refuse, type Caller, type Refusal } from '../records/outcome';
import type { RecordsRepo } from '../records/repo';
import { all, run, txMemo, value, values, type Planned, type Sql } from '../records/sql';

interface Row {
  user_id: string;
  agenda_item_id: string;
  reason: string;
  declared_at: string;
}

/** Those recused from polls on an item (none for a poll on no item). */
export function* recusedIds(meetingId: string, agendaItemId: string | null): Sql<Set<string>> {
  if (agendaItemId === null) return new Set();
  return new Set(yield* values<string>('SELECT user_id FROM recusals WHERE meeting_id = ? AND agenda_item_id = ?', meetingId, agendaItemId));
}

/**
 * The meeting's declarations as a group's warm-up read them (recusalsPlanned), in the
 * transaction's memo: they are written only under the meeting's lock, by declareRecusal,
 * which forgets the entry. A meeting has a handful, so all of them are read at once.
 */
const recusalsKey = (meetingId: string) => `recusals:${meetingId}`;
const pair = (agendaItemId: string, userId: string) => `${agendaItemId}\n${userId}`;

export function recusalsPlanned(meetingId: string): Planned {
  return {
    sql: 'SELECT agenda_item_id, user_id FROM recusals WHERE meeting_id = ?',
    params: [meetingId],
    fill: (rows, memo) => memo.set(recusalsKey(meetingId), new Set((rows as { agenda_item_id: string; user_id: string }[]).map((r) => pair(r.agenda_item_id, r.user_id)))),
  };
}

export function* isRecused(meetingId: string, agendaItemId: string | null, userId: string): Sql<boolean> {
  if (agendaItemId === null) return false;
  const warmed = (yield* txMemo()).get(recusalsKey(meetingId)) as Set<string> | undefined;
  if (warmed) return warmed.has(pair(agendaItemId, userId));
  return (yield* value<number>('SELECT 1 FROM recusals WHERE meeting_id = ? AND agenda_item_id = ? AND user_id = ?', meetingId, agendaItemId, userId)) !== undefined;
}

export function* listRecusals(repo: RecordsRepo, meetingId: string): Sql<Recusal[]> {
  const rows = yield* all<Row>('SELECT user_id, agenda_item_id, reason, declared_at FROM recusals WHERE meeting_id = ? ORDER BY declared_at, user_id', meetingId);
  const out: Recusal[] = [];
  for (const r of rows) out.push({ userId: r.user_id, name: yield* repo.displayName(r.user_id), agendaItemId: r.agenda_item_id, reason: r.reason, declaredAt: r.declared_at });
  return out;
}

export function* meetingsWithRecusals(): Sql<string[]> {
  return yield* values<string>('SELECT DISTINCT meeting_id FROM recusals');
}

/**
 * Call inside the records transaction. The member declares for themselves; the item must be
 * on the agenda; a ballot already cast in an open poll on the item stays as cast, so the
 * declaration is refused then (the chair can void the poll if the conflict matters).
 */
export function* declareRecusal(
  deps: { repo: RecordsRepo; audit: AuditLog; facts: MeetingFacts | null },
  meetingId: string,
  caller: Caller,
  p: RecusalPayload,
  key: string,
  now: string,
): Sql<{ agendaItemId: string } | Refusal> {
  const { repo } = deps;
  if (!isVotingMember(caller.role)) return refuse('forbidden', 'Only voting members declare a conflict of interest: others do not vote.', 'not_voting_member');
  if (deps.facts && !deps.facts.agendaItemIds.has(p.agendaItemId)) return refuse('not_found', `There is no agenda item "${p.agendaItemId}" in this meeting.`);
  for (const poll of yield* repo.polls(meetingId)) {
    if (poll.agendaItemId === p.agendaItemId && poll.status === 'open' && (yield* repo.hasVoted(poll, caller.id))) {
      return refuse('conflict', 'You have already voted in the open poll on this item; your ballot stays as cast. Ask the chair.', 'already_voted');
    }
  }
  const inserted =
    (yield* run('INSERT INTO recusals (meeting_id, user_id, agenda_item_id, reason, declared_at, record_key) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', meetingId, caller.id, p.agendaItemId, p.reason, now, key)).changes > 0;
  (yield* txMemo()).delete(recusalsKey(meetingId));
  // Declared before (from another device, say): the first declaration stands.
  if (inserted) yield* deps.audit.append(meetingId, 'recusal.declared', { userId: caller.id, agendaItemId: p.agendaItemId, reason: p.reason }, now);
  return { agendaItemId: p.agendaItemId };
}
