/**
 * Counting a poll, the one function server and client both use. The rules say what
 * passes: which count the threshold applies to (votes cast, members present, all members),
 * the threshold itself, and whether a quorum makes the result valid.
 */
import { z } from 'zod';
import { meets, quorum, requiredCount, Threshold, type QuorumState } from './quorum';

export const PollKind = z.enum(['approve', 'single', 'multiple', 'election']);
export type PollKind = z.infer<typeof PollKind>;

/**
 * `cast`: the votes for and against (abstentions and blank ballots do not count — the
 * common "majority of votes cast"); `present`: voting members present when the poll
 * closes; `members`: all voting members ("absolute majority", as the National Assembly's
 * "quá nửa tổng số đại biểu").
 */
export const MajorityBase = z.enum(['cast', 'present', 'members']);
export type MajorityBase = z.infer<typeof MajorityBase>;

export const MajorityRule = z.object({ base: MajorityBase, threshold: Threshold });
export type MajorityRule = z.infer<typeof MajorityRule>;

/** Fixed options of an approve/reject/abstain poll. */
export const approveOptions = [
  { id: 'yes', label: 'Tán thành' },
  { id: 'no', label: 'Không tán thành' },
  { id: 'abstain', label: 'Không biểu quyết' },
] as const;

export interface TallyInput {
  kind: PollKind;
  optionIds: readonly string[];
  /** Election: how many to elect. */
  seats?: number;
  majority: MajorityRule;
  /** Null: the result is valid whatever the attendance. */
  quorumRule: Threshold | null;
  /** Each ballot's chosen option ids (secret ballots carry no voter). */
  ballots: readonly (readonly string[])[];
  /** Voting members allowed to vote in this poll. */
  eligible: number;
  /** Eligible members present at close. */
  present: number;
  /** All voting members of the meeting (less those recused from the poll's item). */
  members: number;
  /** Members recused from the poll's item for a conflict of interest (issue 17); 0 or absent = none. */
  recused?: number;
}

export interface TallyResult {
  counts: Record<string, number>;
  cast: number;
  abstain: number;
  notVoted: number;
  eligible: number;
  present: number;
  members: number;
  base: { kind: MajorityBase; count: number };
  /** Votes an option needs to pass. */
  required: number;
  quorum: QuorumState | null;
  quorumMet: boolean;
  /** Options that pass: 'yes' for an approved motion, the winner, or those elected. */
  elected: string[];
  passed: boolean;
  /** A tie decides nothing: first place (single) or the last seat (election). */
  tie: boolean;
  /** Members recused for a conflict of interest: left out of eligible and the base. Absent when none. */
  recused?: number;
}

export function tally(input: TallyInput): TallyResult {
  const counts: Record<string, number> = Object.fromEntries(input.optionIds.map((id) => [id, 0]));
  let abstain = 0;
  for (const ballot of input.ballots) {
    const chosen = [...new Set(ballot)].filter((id) => id in counts);
    const isAbstain = chosen.length === 0 || (input.kind === 'approve' && chosen[0] === 'abstain');
    if (isAbstain) abstain++;
    for (const id of chosen) counts[id]!++;
  }
  return tallyFromCounts({ ...input, counts, cast: input.ballots.length, abstain });
}

/**
 * The same rules from totals already counted: a secret poll's result is opened from the
 * encrypted sum (issue 15), so no single ballot's choices ever exist on the server.
 */
export function tallyFromCounts(input: Omit<TallyInput, 'ballots'> & { counts: Record<string, number>; cast: number; abstain: number }): TallyResult {
  const counts: Record<string, number> = Object.fromEntries(input.optionIds.map((id) => [id, input.counts[id] ?? 0]));
  const { cast, abstain } = input;
  const voting = cast - abstain;
  const baseCount =
    input.majority.base === 'members'
      ? input.members
      : input.majority.base === 'present'
        ? input.present
        : input.kind === 'approve'
          ? (counts.yes ?? 0) + (counts.no ?? 0)
          : voting;
  const t = input.majority.threshold;
  const required = requiredCount(t, baseCount);
  const q = input.quorumRule ? quorum(input.quorumRule, input.present, input.members) : null;
  const quorumMet = q ? q.met : true;
  const passes = (n: number) => baseCount > 0 && n > 0 && meets(t, n, baseCount);

  let elected: string[] = [];
  let tie = false;
  const ranked = input.optionIds
    .filter((id) => !(input.kind === 'approve' && id === 'abstain'))
    .map((id) => ({ id, n: counts[id]! }))
    .sort((a, b) => b.n - a.n);
  if (input.kind === 'approve') {
    elected = passes(counts.yes ?? 0) ? ['yes'] : [];
  } else if (input.kind === 'single') {
    const [first, second] = ranked;
    tie = !!first && !!second && first.n > 0 && first.n === second.n;
    elected = first && !tie && passes(first.n) ? [first.id] : [];
  } else if (input.kind === 'multiple') {
    elected = ranked.filter((o) => passes(o.n)).map((o) => o.id);
  } else {
    const seats = Math.max(1, input.seats ?? 1);
    const qualified = ranked.filter((o) => passes(o.n));
    elected = qualified.slice(0, seats).map((o) => o.id);
    const boundary = qualified[seats - 1];
    const next = qualified[seats];
    // Candidates level on the last seat: nobody gets it by list order.
    if (boundary && next && boundary.n === next.n) {
      tie = true;
      elected = qualified.filter((o) => o.n > boundary.n).map((o) => o.id);
    }
  }
  return {
    counts,
    cast,
    abstain,
    notVoted: Math.max(0, input.eligible - cast),
    eligible: input.eligible,
    present: input.present,
    members: input.members,
    base: { kind: input.majority.base, count: baseCount },
    required,
    quorum: q,
    quorumMet,
    elected: quorumMet ? elected : [],
    passed: quorumMet && elected.length > 0,
    tie,
    ...(input.recused ? { recused: input.recused } : {}),
  };
}
