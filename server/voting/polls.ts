/**
 * The poll lifecycle draft → open → closed → published, in the database. Each step is one
 * durable transaction that checks the current status, writes the new one and appends the
 * audit entry, so two chairs pressing Close at once get one close and one 409.
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
import { durable } from '../records/db';
import { baseMemberIds, checkEligible, eligibleIds } from './eligibility';
import type { PollRow, RecordsRepo, SealedTotals } from '../records/repo';
import { setTellers, tellerRows } from './tellers';

export interface PollDeps {
  repo: RecordsRepo;
  audit: AuditLog;
}

const statusWords: Record<PollRow['status'], string> = { draft: 'a draft', open: 'open', closed: 'closed', published: 'published' };

function mustGet(repo: RecordsRepo, meetingId: string, pollId: string): PollRow {
  const poll = repo.poll(meetingId, pollId);
  if (!poll) throw new ApiError('not_found', 'There is no such poll in this meeting.');
  return poll;
}

function notDraft(poll: PollRow): ApiError {
  return new ApiError('conflict', `Only a draft poll can be changed or deleted; this one is ${statusWords[poll.status]}.`);
}

export function createPoll(d: PollDeps, meetingId: string, by: string, agendaItemId: string | null, def: PollDefinition): PollRow {
  return durable(d.repo.db, () => {
    const id = randomUUID();
    const now = new Date().toISOString();
    d.repo.q.insertPoll.run(id, meetingId, agendaItemId, JSON.stringify(def), now, by);
    setTellers(d.repo.db, id, def);
    d.audit.appendNow(meetingId, 'poll.created', { pollId: id, agendaItemId, definition: def, by }, now);
    return d.repo.poll(meetingId, id)!;
  });
}

export function updatePoll(d: PollDeps, meetingId: string, pollId: string, by: string, agendaItemId: string | null, def: PollDefinition): PollRow {
  return durable(d.repo.db, () => {
    const poll = mustGet(d.repo, meetingId, pollId);
    if (poll.status !== 'draft') throw notDraft(poll);
    d.repo.q.updateDraft.run(agendaItemId, JSON.stringify(def), pollId);
    // New tellers or a new threshold: a key made for the old ones no longer fits.
    if (JSON.stringify(poll.definition.tellers) !== JSON.stringify(def.tellers) || !def.secret) setTellers(d.repo.db, pollId, def);
    d.audit.appendNow(meetingId, 'poll.updated', { pollId, agendaItemId, definition: def, by });
    return d.repo.poll(meetingId, pollId)!;
  });
}

export function deletePoll(d: PollDeps, meetingId: string, pollId: string, by: string): void {
  durable(d.repo.db, () => {
    const poll = mustGet(d.repo, meetingId, pollId);
    if (poll.status !== 'draft') throw notDraft(poll);
    d.repo.q.deleteDraft.run(pollId);
    d.audit.appendNow(meetingId, 'poll.deleted', { pollId, by });
  });
}

export function openPoll(d: PollDeps, meetingId: string, pollId: string, by: string): PollRow {
  return durable(d.repo.db, () => {
    const poll = mustGet(d.repo, meetingId, pollId);
    if (poll.status === 'open') throw new ApiError('conflict', 'This poll is already open.');
    if (poll.status !== 'draft') throw new ApiError('conflict', `This poll is ${statusWords[poll.status]}; it cannot be opened again.`);
    const def = poll.definition;
    if (def.secret) {
      if (!def.tellers) throw new ApiError('conflict', 'A secret poll needs tellers who hold its key: name them before opening it.');
      if (!poll.publicKey) {
        const waiting = tellerRows(d.repo.db, pollId).filter((r) => !r.confirmed).map((r) => d.repo.displayName(r.userId));
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
    const eligibleCount = eligibleIds(d.repo, meetingId, def, poll.agendaItemId).length;
    d.repo.q.openPoll.run(openedAt, closesAt, eligibleCount, pollId);
    d.audit.appendNow(meetingId, 'poll.opened', { pollId, openedAt, closesAt, eligibleCount, by }, openedAt);
    return d.repo.poll(meetingId, pollId)!;
  });
}

/** What the meeting doc contributes to an attendance snapshot: sites and the quorum rule. */
export interface MeetingFacts {
  siteOf: Map<string, string | null>;
  quorum: QuorumRule;
  /** Issue 17: where presence counts for the quorum (absent: any site). */
  presence?: QuorumPresence;
}

/** Who the result is counted against, at the close. */
function closeCounts(repo: RecordsRepo, poll: PollRow): { eligible: number; present: number; members: number; recused: number } {
  // Those recused from the poll's item (issue 17) are in neither the eligible list nor the base.
  const members = baseMemberIds(repo, poll.meetingId, poll.agendaItemId);
  const eligible = eligibleIds(repo, poll.meetingId, poll.definition, poll.agendaItemId);
  const eligibleSet = new Set(eligible);
  const present = repo.presentVotingIds(poll.meetingId).filter((id) => eligibleSet.has(id)).length;
  return { eligible: eligible.length, present, members: members.ids.length, recused: members.recused };
}

/**
 * A secret poll at its close: the homomorphic sum of every encrypted ballot, one ciphertext
 * per option. Only this is ever decrypted, by the tellers (tellers.ts). It is the poll's
 * running total when that holds every stored ballot; otherwise the ballots are summed. `pre` is a sum
 * computed off the event loop just before the close (ballot-checks.ts): only ballots it
 * does not hold — those that arrived meanwhile — are decoded and added here.
 */
export function sealTotals(repo: RecordsRepo, poll: PollRow, pre: PartialSum | null = null): SealedTotals {
  // Kept with every stored ballot (running-totals.ts): the usual case, a few encodings.
  const running = totalsFromRunning(repo, poll);
  if (running) return { ...running, ...closeCounts(repo, poll) };
  const slots = ballotLayout(poll.definition).weights.length;
  const ballots = repo.encryptedBallots(poll.id);
  const have = new Set(pre?.trackers ?? []);
  const fresh = ballots.filter((b) => !have.has(b.tracker));
  const late = sumBallots({ slots, ballots: fresh.map((b) => ({ tracker: b.tracker, ciphertexts: (JSON.parse(b.ballot) as EncryptedBallot).ciphertexts })) });
  // A ballot is never deleted, so every tracker of `pre` is still among `ballots`.
  const totals = pre && pre.totals.length === slots ? pre.totals.map((t, i) => encodeCiphertext(addCiphertexts(decodeCiphertext(t, 'pre', true), decodeCiphertext(late.totals[i]!, 'late', true)))) : late.totals;
  return { totals, cast: ballots.length, ...closeCounts(repo, poll) };
}

/** Counts a named poll from its stored ballots; the one place a named result is computed on the server. */
export function computeResult(repo: RecordsRepo, poll: PollRow): TallyResult {
  const def = poll.definition;
  const c = closeCounts(repo, poll);
  return tally({
    kind: def.kind,
    optionIds: optionIds(def),
    seats: def.seats,
    majority: def.majority,
    quorumRule: def.quorum,
    ballots: repo.ballotChoices(poll),
    eligible: c.eligible,
    present: c.present,
    members: c.members,
    recused: c.recused,
  });
}

export function closePoll(d: PollDeps, meetingId: string, pollId: string, by: string, facts: MeetingFacts, pre: PartialSum | null = null): PollRow {
  return durable(d.repo.db, () => {
    const poll = mustGet(d.repo, meetingId, pollId);
    if (poll.status === 'draft') throw new ApiError('conflict', 'This poll has not been opened yet.');
    if (poll.status !== 'open') throw new ApiError('conflict', 'This poll is already closed.');
    const closedAt = new Date().toISOString();
    const counts = d.repo.counts(poll);
    if (poll.definition.secret) {
      // The result waits for the tellers; the sealed totals are public from now on.
      const sealed = sealTotals(d.repo, poll, pre);
      d.repo.q.closeSecret.run(closedAt, sealed.eligible, JSON.stringify(sealed), pollId);
      d.audit.appendNow(meetingId, 'poll.closed', { pollId, closedAt, by, ...counts, sealed }, closedAt);
    } else {
      const result = computeResult(d.repo, poll);
      d.repo.q.closePoll.run(closedAt, result.eligible, JSON.stringify(result), pollId);
      d.audit.appendNow(meetingId, 'poll.closed', { pollId, closedAt, by, ...counts, result }, closedAt);
    }

    const roles = d.repo.db.prepare('SELECT user_id AS id, role FROM meeting_members WHERE meeting_id = ?').all(meetingId) as { id: string; role: Member['role'] }[];
    const members: Member[] = roles.map((r) => ({ id: r.id, role: r.role, siteId: facts.siteOf.get(r.id) ?? null }));
    const s = summariseAttendance(members, d.repo.allAttendance(meetingId), facts.quorum, facts.presence);
    d.audit.appendNow(
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
    return d.repo.poll(meetingId, pollId)!;
  });
}

export function publishPoll(d: PollDeps, meetingId: string, pollId: string, by: string): PollRow {
  return durable(d.repo.db, () => {
    const poll = mustGet(d.repo, meetingId, pollId);
    if (poll.status === 'published') throw new ApiError('conflict', "This poll's result is already published.");
    if (poll.status !== 'closed') throw new ApiError('conflict', 'Close the poll before publishing its result.');
    if (poll.definition.secret && !poll.result && !poll.voidReason) {
      throw new ApiError('conflict', 'The tellers have not opened the result yet: it takes ' + `${poll.definition.tellers?.threshold ?? 1} of them.`);
    }
    const publishedAt = new Date().toISOString();
    d.repo.q.publishPoll.run(publishedAt, pollId);
    d.audit.appendNow(meetingId, 'poll.published', { pollId, publishedAt, by, result: poll.result, ...(poll.voidReason ? { void: poll.voidReason } : {}) }, publishedAt);
    return d.repo.poll(meetingId, pollId)!;
  });
}

/**
 * Show of hands: all entries or none, so the chair fixes a wrong line and sends the list
 * again without wondering which half was kept.
 */
export function recordHands(d: PollDeps, meetingId: string, pollId: string, by: string, entries: readonly { userId: string; choices: string[] }[]): PollRow {
  return durable(d.repo.db, () => {
    const poll = mustGet(d.repo, meetingId, pollId);
    if (poll.status !== 'open') throw new ApiError('conflict', 'Votes by show of hands can be recorded only while the poll is open.');
    const def = poll.definition;
    const seen = new Set<string>();
    const now = new Date().toISOString();
    entries.forEach((e, i) => {
      const at = `entries.${i}: `;
      if (seen.has(e.userId)) throw new ApiError('invalid_input', `${at}${d.repo.displayName(e.userId)} is listed twice.`);
      seen.add(e.userId);
      const notEligible = checkEligible(d.repo, meetingId, def, e.userId, false, poll.agendaItemId);
      if (notEligible) throw new ApiError(notEligible.code, at + notEligible.message);
      // A show of hands is counted in the hall: only for people who are there.
      if (d.repo.attendanceStatus(meetingId, e.userId) !== 'present') {
        throw new ApiError('forbidden', `${at}${d.repo.displayName(e.userId)} is not checked in as present.`);
      }
      if (d.repo.hasVoted(poll, e.userId)) throw new ApiError('conflict', `${at}${d.repo.displayName(e.userId)} has already voted in this poll.`);
      const wrong = checkChoices(def, e.choices);
      if (wrong) throw new ApiError('invalid_input', at + wrong);
      storeHandBallot(d.repo, poll, e.userId, e.choices, by, now);
    });
    // Who voted by hands is public in the hall; what they chose is logged for named polls only.
    const logged = def.secret ? entries.map((e) => ({ userId: e.userId })) : entries.map((e) => ({ userId: e.userId, choices: e.choices }));
    d.audit.appendNow(meetingId, 'hands.recorded', { pollId, by, count: entries.length, entries: logged }, now);
    return poll;
  });
}
