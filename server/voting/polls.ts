/**
 * The poll lifecycle draft → open → closed → published, in the database. Each step is one
 * records function (run by the caller in one durable transaction of the meeting) that checks
 * the current status, writes the new one with `UPDATE … WHERE status = <the old one>` and
 * appends the audit entry: two chairs pressing Close at once, on one node or two, get one
 * close and one 409 — the second finds the status changed, and should it ever not, its
 * UPDATE changes no row and it stops there.
 */
import { randomUUID } from 'node:crypto';
import { summariseAttendance, type Member, type QuorumPresence } from '../../shared/domain/attendance';
import type { QuorumRule } from '../../shared/domain/quorum';
import { tally, type TallyResult } from '../../shared/domain/tally';
import { ApiError } from '../../shared/errors';
import type { PollDefinition } from '../../shared/ydoc/live';
import type { AuditLog } from '../audit/audit';
import { addCiphertexts, decodeCiphertext, encodeCiphertext, ballotLayout } from '../../shared/crypto';
import { sumBallots, type PartialSum } from './ballot-checks';
import { totalsFromRunning } from './running-totals';
import type { EncryptedBallot } from '../../shared/api/voting';
import { storeHandBallot } from './ballots';
import { checkChoices, optionIds } from './choices';
import { all, run, type Sql } from '../records/sql';
import { baseMemberIds, checkEligible, eligibleIds } from './eligibility';
import type { PollRow, RecordsRepo, SealedTotals } from '../records/repo';
import { setTellers, tellerRows } from './tellers';

export interface PollDeps {
  repo: RecordsRepo;
  audit: AuditLog;
}

const statusWords: Record<PollRow['status'], string> = { draft: 'a draft', open: 'open', closed: 'closed', published: 'published' };

function* mustGet(repo: RecordsRepo, meetingId: string, pollId: string): Sql<PollRow> {
  const poll = yield* repo.poll(meetingId, pollId);
  if (!poll) throw new ApiError('not_found', 'There is no such poll in this meeting.');
  return poll;
}

function notDraft(poll: PollRow): ApiError {
  return new ApiError('conflict', `Only a draft poll can be changed or deleted; this one is ${statusWords[poll.status]}.`);
}

export function* createPoll(d: PollDeps, meetingId: string, by: string, agendaItemId: string | null, def: PollDefinition): Sql<PollRow> {
  const id = randomUUID();
  const now = new Date().toISOString();
  yield* run("INSERT INTO polls (id, meeting_id, agenda_item_id, definition, status, created_at, created_by) VALUES (?, ?, ?, ?, 'draft', ?, ?)", id, meetingId, agendaItemId, JSON.stringify(def), now, by);
  yield* setTellers(id, def);
  yield* d.audit.append(meetingId, 'poll.created', { pollId: id, agendaItemId, definition: def, by }, now);
  return (yield* d.repo.poll(meetingId, id))!;
}

export function* updatePoll(d: PollDeps, meetingId: string, pollId: string, by: string, agendaItemId: string | null, def: PollDefinition): Sql<PollRow> {
  const poll = yield* mustGet(d.repo, meetingId, pollId);
  if (poll.status !== 'draft') throw notDraft(poll);
  if ((yield* run("UPDATE polls SET agenda_item_id = ?, definition = ? WHERE id = ? AND status = 'draft'", agendaItemId, JSON.stringify(def), pollId)).changes === 0) throw notDraft(poll);
  // New tellers or a new threshold: a key made for the old ones no longer fits.
  if (JSON.stringify(poll.definition.tellers) !== JSON.stringify(def.tellers) || !def.secret) yield* setTellers(pollId, def);
  yield* d.audit.append(meetingId, 'poll.updated', { pollId, agendaItemId, definition: def, by });
  return (yield* d.repo.poll(meetingId, pollId))!;
}

export function* deletePoll(d: PollDeps, meetingId: string, pollId: string, by: string): Sql<void> {
  const poll = yield* mustGet(d.repo, meetingId, pollId);
  if (poll.status !== 'draft') throw notDraft(poll);
  if ((yield* run("DELETE FROM polls WHERE id = ? AND status = 'draft'", pollId)).changes === 0) throw notDraft(poll);
  yield* d.audit.append(meetingId, 'poll.deleted', { pollId, by });
}

export function* openPoll(d: PollDeps, meetingId: string, pollId: string, by: string): Sql<PollRow> {
  const poll = yield* mustGet(d.repo, meetingId, pollId);
  if (poll.status === 'open') throw new ApiError('conflict', 'This poll is already open.');
  if (poll.status !== 'draft') throw new ApiError('conflict', `This poll is ${statusWords[poll.status]}; it cannot be opened again.`);
  const def = poll.definition;
  if (def.secret) {
    if (!def.tellers) throw new ApiError('conflict', 'A secret poll needs tellers who hold its key: name them before opening it.');
    if (!poll.publicKey) {
      const waiting: string[] = [];
      for (const r of yield* tellerRows(pollId)) if (!r.confirmed) waiting.push(yield* d.repo.displayName(r.userId));
      throw new ApiError('conflict', `The tellers have not finished making this poll's key (waiting for ${waiting.join(', ')}).`);
    }
  }
  const nowMs = Date.now();
  const openedAt = new Date(nowMs).toISOString();
  let closesMs: number | null = def.durationSec !== null ? nowMs + def.durationSec * 1000 : null;
  if (def.mode === 'written' && def.deadline) {
    const deadline = Date.parse(def.deadline);
    if (deadline <= nowMs) throw new ApiError('conflict', 'The deadline of this written poll has already passed; change it before opening.');
    closesMs = closesMs === null ? deadline : Math.min(closesMs, deadline);
  }
  const closesAt = closesMs === null ? null : new Date(closesMs).toISOString();
  // For "present" polls this is who is present now; the close recounts.
  const eligibleCount = (yield* eligibleIds(d.repo, meetingId, def, poll.agendaItemId)).length;
  const opened = yield* run("UPDATE polls SET status = 'open', opened_at = ?, closes_at = ?, eligible_count = ? WHERE id = ? AND status = 'draft'", openedAt, closesAt, eligibleCount, pollId);
  if (opened.changes === 0) throw new ApiError('conflict', 'This poll is already open.');
  yield* d.audit.append(meetingId, 'poll.opened', { pollId, openedAt, closesAt, eligibleCount, by }, openedAt);
  return (yield* d.repo.poll(meetingId, pollId))!;
}

/** What the meeting doc contributes to an attendance snapshot: sites and the quorum rule. */
export interface MeetingFacts {
  siteOf: Map<string, string | null>;
  quorum: QuorumRule;
  /** Issue 17: where presence counts for the quorum (absent: any site). */
  presence?: QuorumPresence;
}

/** Who the result is counted against, at the close. */
function* closeCounts(repo: RecordsRepo, poll: PollRow): Sql<{ eligible: number; present: number; members: number; recused: number }> {
  // Those recused from the poll's item (issue 17) are in neither the eligible list nor the base.
  const members = yield* baseMemberIds(repo, poll.meetingId, poll.agendaItemId);
  const eligible = yield* eligibleIds(repo, poll.meetingId, poll.definition, poll.agendaItemId);
  const eligibleSet = new Set(eligible);
  const present = (yield* repo.presentVotingIds(poll.meetingId)).filter((id) => eligibleSet.has(id)).length;
  return { eligible: eligible.length, present, members: members.ids.length, recused: members.recused };
}

/**
 * A secret poll at its close: the homomorphic sum of every encrypted ballot, one ciphertext
 * per option. Only this is ever decrypted, by the tellers (tellers.ts). It is the poll's
 * running total when that holds every stored ballot; otherwise the ballots are summed. `pre` is a sum
 * computed off the event loop just before the close (ballot-checks.ts): only ballots it
 * does not hold — those that arrived meanwhile — are decoded and added here.
 */
export function* sealTotals(repo: RecordsRepo, poll: PollRow, pre: PartialSum | null = null): Sql<SealedTotals> {
  // Kept with every stored ballot (running-totals.ts): the usual case, a few encodings.
  const running = yield* totalsFromRunning(poll);
  if (running) return { ...running, ...(yield* closeCounts(repo, poll)) };
  const slots = ballotLayout(poll.definition).weights.length;
  const ballots = yield* repo.encryptedBallots(poll.id);
  const have = new Set(pre?.trackers ?? []);
  const fresh = ballots.filter((b) => !have.has(b.tracker));
  const late = sumBallots({ slots, ballots: fresh.map((b) => ({ tracker: b.tracker, ciphertexts: (JSON.parse(b.ballot) as EncryptedBallot).ciphertexts })) });
  // A ballot is never deleted, so every tracker of `pre` is still among `ballots`.
  const totals = pre && pre.totals.length === slots ? pre.totals.map((t, i) => encodeCiphertext(addCiphertexts(decodeCiphertext(t, 'pre', true), decodeCiphertext(late.totals[i]!, 'late', true)))) : late.totals;
  return { totals, cast: ballots.length, ...(yield* closeCounts(repo, poll)) };
}

/** Counts a named poll from its stored ballots; the one place a named result is computed on the server. */
export function* computeResult(repo: RecordsRepo, poll: PollRow): Sql<TallyResult> {
  const def = poll.definition;
  const c = yield* closeCounts(repo, poll);
  const ballots = yield* repo.ballotChoices(poll);
  return tally({
    kind: def.kind,
    optionIds: optionIds(def),
    seats: def.seats,
    majority: def.majority,
    quorumRule: def.quorum,
    ballots,
    eligible: c.eligible,
    present: c.present,
    members: c.members,
    recused: c.recused,
  });
}

export function* closePoll(d: PollDeps, meetingId: string, pollId: string, by: string, facts: MeetingFacts, pre: PartialSum | null = null): Sql<PollRow> {
  const poll = yield* mustGet(d.repo, meetingId, pollId);
  if (poll.status === 'draft') throw new ApiError('conflict', 'This poll has not been opened yet.');
  if (poll.status !== 'open') throw alreadyClosed();
  const closedAt = new Date().toISOString();
  const counts = yield* d.repo.counts(poll);
  if (poll.definition.secret) {
    // The result waits for the tellers; the sealed totals are public from now on.
    const sealed = yield* sealTotals(d.repo, poll, pre);
    const closed = yield* run("UPDATE polls SET status = 'closed', closed_at = ?, eligible_count = ?, encrypted_totals = ? WHERE id = ? AND status = 'open'", closedAt, sealed.eligible, JSON.stringify(sealed), pollId);
    // Closed exactly once: another close got there first (its tally stands), nothing is written.
    if (closed.changes === 0) throw alreadyClosed();
    yield* d.audit.append(meetingId, 'poll.closed', { pollId, closedAt, by, ...counts, sealed }, closedAt);
  } else {
    const result = yield* computeResult(d.repo, poll);
    const closed = yield* run("UPDATE polls SET status = 'closed', closed_at = ?, eligible_count = ?, result = ? WHERE id = ? AND status = 'open'", closedAt, result.eligible, JSON.stringify(result), pollId);
    if (closed.changes === 0) throw alreadyClosed();
    yield* d.audit.append(meetingId, 'poll.closed', { pollId, closedAt, by, ...counts, result }, closedAt);
  }

  const roles = yield* all<{ id: string; role: Member['role'] }>('SELECT user_id AS id, role FROM meeting_members WHERE meeting_id = ? ORDER BY user_id', meetingId);
  const members: Member[] = roles.map((r) => ({ id: r.id, role: r.role, siteId: facts.siteOf.get(r.id) ?? null }));
  const s = summariseAttendance(members, yield* d.repo.allAttendance(meetingId), facts.quorum, facts.presence);
  yield* d.audit.append(
    meetingId,
    'attendance.snapshot',
    {
      pollId,
      expected: s.expected,
      present: s.present,
      excused: s.excused,
      substitutes: s.substitutes,
      quorum: s.quorum,
      bySite: s.bySite.map((x) => ({ siteId: x.siteId, expected: x.expected, present: x.present, excused: x.excused })),
    },
    closedAt,
  );
  return (yield* d.repo.poll(meetingId, pollId))!;
}

const alreadyClosed = (): ApiError => new ApiError('conflict', 'This poll is already closed.');

export function* publishPoll(d: PollDeps, meetingId: string, pollId: string, by: string): Sql<PollRow> {
  const poll = yield* mustGet(d.repo, meetingId, pollId);
  if (poll.status === 'published') throw new ApiError('conflict', "This poll's result is already published.");
  if (poll.status !== 'closed') throw new ApiError('conflict', 'Close the poll before publishing its result.');
  if (poll.definition.secret && !poll.result && !poll.voidReason) {
    throw new ApiError('conflict', 'The tellers have not opened the result yet: it takes ' + `${poll.definition.tellers?.threshold ?? 1} of them.`);
  }
  const publishedAt = new Date().toISOString();
  const published = yield* run("UPDATE polls SET status = 'published', published_at = ? WHERE id = ? AND status = 'closed'", publishedAt, pollId);
  if (published.changes === 0) throw new ApiError('conflict', "This poll's result is already published.");
  yield* d.audit.append(meetingId, 'poll.published', { pollId, publishedAt, by, result: poll.result, ...(poll.voidReason ? { void: poll.voidReason } : {}) }, publishedAt);
  return (yield* d.repo.poll(meetingId, pollId))!;
}

/**
 * Show of hands: all entries or none, so the chair fixes a wrong line and sends the list
 * again without wondering which half was kept.
 */
export function* recordHands(d: PollDeps, meetingId: string, pollId: string, by: string, entries: readonly { userId: string; choices: string[] }[]): Sql<PollRow> {
  const poll = yield* mustGet(d.repo, meetingId, pollId);
  if (poll.status !== 'open') throw new ApiError('conflict', 'Votes by show of hands can be recorded only while the poll is open.');
  const def = poll.definition;
  const seen = new Set<string>();
  const now = new Date().toISOString();
  for (const [i, e] of entries.entries()) {
    const at = `entries.${i}: `;
    const name = yield* d.repo.displayName(e.userId);
    if (seen.has(e.userId)) throw new ApiError('invalid_input', `${at}${name} is listed twice.`);
    seen.add(e.userId);
    const notEligible = yield* checkEligible(d.repo, meetingId, def, e.userId, false, poll.agendaItemId);
    if (notEligible) throw new ApiError(notEligible.code, at + notEligible.message);
    // A show of hands is counted in the hall: only for people who are there.
    if ((yield* d.repo.attendanceStatus(meetingId, e.userId)) !== 'present') {
      throw new ApiError('forbidden', `${at}${name} is not checked in as present.`);
    }
    const voted = new ApiError('conflict', `${at}${name} has already voted in this poll.`);
    if (yield* d.repo.hasVoted(poll, e.userId)) throw voted;
    const wrong = checkChoices(def, e.choices);
    if (wrong) throw new ApiError('invalid_input', at + wrong);
    if (!(yield* storeHandBallot(poll, e.userId, e.choices, by, now))) throw voted;
  }
  // Who voted by hands is public in the hall; what they chose is logged for named polls only.
  const logged = def.secret ? entries.map((e) => ({ userId: e.userId })) : entries.map((e) => ({ userId: e.userId, choices: e.choices }));
  yield* d.audit.append(meetingId, 'hands.recorded', { pollId, by, count: entries.length, entries: logged }, now);
  return poll;
}
