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
import { statementsOf } from '../records/statements';

interface Row {
  user_id: string;
  agenda_item_id: string;
  reason: string;
  declared_at: string;
}

const q = statementsOf((db) => ({
  insert: db.prepare('INSERT OR IGNORE INTO recusals (meeting_id, user_id, agenda_item_id, reason, declared_at, record_key) VALUES (?, ?, ?, ?, ?, ?)'),
  ofMeeting: db.prepare('SELECT user_id, agenda_item_id, reason, declared_at FROM recusals WHERE meeting_id = ? ORDER BY declared_at, user_id'),
  ofItem: db.prepare('SELECT user_id FROM recusals WHERE meeting_id = ? AND agenda_item_id = ?'),
  one: db.prepare('SELECT 1 FROM recusals WHERE meeting_id = ? AND agenda_item_id = ? AND user_id = ?'),
  meetings: db.prepare('SELECT DISTINCT meeting_id FROM recusals'),
}));

/** Those recused from polls on an item (none for a poll on no item). */
export function recusedIds(repo: RecordsRepo, meetingId: string, agendaItemId: string | null): Set<string> {
  if (agendaItemId === null) return new Set();
  return new Set((q(repo).ofItem.all(meetingId, agendaItemId) as { user_id: string }[]).map((r) => r.user_id));
}

export function isRecused(repo: RecordsRepo, meetingId: string, agendaItemId: string | null, userId: string): boolean {
  return agendaItemId !== null && !!q(repo).one.get(meetingId, agendaItemId, userId);
}

export function listRecusals(repo: RecordsRepo, meetingId: string): Recusal[] {
  return (q(repo).ofMeeting.all(meetingId) as Row[]).map((r) => ({ userId: r.user_id, name: repo.displayName(r.user_id), agendaItemId: r.agenda_item_id, reason: r.reason, declaredAt: r.declared_at }));
}

export function meetingsWithRecusals(repo: RecordsRepo): string[] {
  return (q(repo).meetings.all() as { meeting_id: string }[]).map((r) => r.meeting_id);
}

/**
 * Call inside the records transaction. The member declares for themselves; the item must be
 * on the agenda; a ballot already cast in an open poll on the item stays as cast, so the
 * declaration is refused then (the chair can void the poll if the conflict matters).
 */
export function declareRecusal(
  deps: { repo: RecordsRepo; audit: AuditLog; facts: MeetingFacts | null },
  meetingId: string,
  caller: Caller,
  p: RecusalPayload,
  key: string,
  now: string,
): { agendaItemId: string } | Refusal {
  const { repo } = deps;
  if (!isVotingMember(caller.role)) return refuse('forbidden', 'Only voting members declare a conflict of interest: others do not vote.', 'not_voting_member');
  if (deps.facts && !deps.facts.agendaItemIds.has(p.agendaItemId)) return refuse('not_found', `There is no agenda item "${p.agendaItemId}" in this meeting.`);
  for (const poll of repo.polls(meetingId)) {
    if (poll.agendaItemId === p.agendaItemId && poll.status === 'open' && repo.hasVoted(poll, caller.id)) {
      return refuse('conflict', 'You have already voted in the open poll on this item; your ballot stays as cast. Ask the chair.', 'already_voted');
    }
  }
  const inserted = q(repo).insert.run(meetingId, caller.id, p.agendaItemId, p.reason, now, key).changes > 0;
  // Declared before (from another device, say): the first declaration stands.
  if (inserted) deps.audit.appendNow(meetingId, 'recusal.declared', { userId: caller.id, agendaItemId: p.agendaItemId, reason: p.reason }, now);
  return { agendaItemId: p.agendaItemId };
}
