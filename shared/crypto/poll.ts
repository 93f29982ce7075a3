/**
 * How a poll's definition becomes an encrypted ballot's shape, the same on the device that
 * encrypts, the server that checks and the verifier that recounts.
 *
 * One ciphertext per option holds 1 if chosen. Polls where a blank ballot is allowed among
 * several choices (multiple, election) add a last "blank" ciphertext, because the number of
 * blank ballots cannot be read from the per-option totals; the sum proof then covers
 * v = Σ x_i + (max+1)·blank, whose allowed values are [max(min,1) … max] (a ballot with
 * choices) and max+1 (a blank one): a ballot both blank and with choices would exceed it.
 */
import { approveOptions } from '../domain/tally';
import type { PollDefinition } from '../ydoc/live';
import type { BallotContext } from './ballot';
import type { Point } from './group';

export interface BallotLayout {
  optionIds: string[];
  /** Whether the last ciphertext is the blank marker. */
  blank: boolean;
  weights: number[];
  allowedCounts: number[];
}

export function ballotLayout(def: PollDefinition): BallotLayout {
  const optionIds = def.kind === 'approve' ? approveOptions.map((o) => o.id) : def.options.map((o) => o.id);
  const ones = optionIds.map(() => 1);
  switch (def.kind) {
    case 'approve':
      // Exactly one of yes / no / abstain.
      return { optionIds, blank: false, weights: ones, allowedCounts: [1] };
    case 'single':
      // At most one; blank ballots are cast minus the sum of the counts.
      return { optionIds, blank: false, weights: ones, allowedCounts: [0, 1] };
    case 'multiple':
    case 'election': {
      const lo = Math.max(def.minChoices, 1);
      const hi = def.maxChoices;
      const allowed: number[] = [];
      for (let v = lo; v <= hi; v++) allowed.push(v);
      allowed.push(hi + 1);
      return { optionIds, blank: true, weights: [...ones, hi + 1], allowedCounts: allowed };
    }
  }
}

/** The voter-independent text every proof of the poll is bound to. */
export function pollContextText(meetingId: string, def: PollDefinition): string {
  const l = ballotLayout(def);
  return ['opencabinet-poll-v1', meetingId, def.kind, l.optionIds.join(','), l.blank ? 'blank' : 'no-blank', l.allowedCounts.join(',')].join('\n');
}

export function ballotContextFor(meetingId: string, pollId: string, def: PollDefinition, publicKey: Point): BallotContext {
  const l = ballotLayout(def);
  return { pollId, publicKey, context: pollContextText(meetingId, def), options: l.weights.length, weights: l.weights, allowedCounts: l.allowedCounts };
}

/** The bits to encrypt for a list of chosen option ids (already checked against the poll). */
export function choiceBits(def: PollDefinition, choices: readonly string[]): boolean[] {
  const l = ballotLayout(def);
  const chosen = new Set(choices);
  const bits = l.optionIds.map((id) => chosen.has(id));
  if (l.blank) bits.push(chosen.size === 0);
  return bits;
}

/** Per-option counts and blank ballots from the opened totals (one per ciphertext). */
export function countsFromTotals(def: PollDefinition, totals: readonly number[], cast: number): { counts: Record<string, number>; abstain: number } {
  const l = ballotLayout(def);
  const counts: Record<string, number> = Object.fromEntries(l.optionIds.map((id, i) => [id, totals[i] ?? 0]));
  let abstain: number;
  if (def.kind === 'approve') abstain = counts.abstain ?? 0;
  else if (l.blank) abstain = totals[l.optionIds.length] ?? 0;
  else abstain = cast - l.optionIds.reduce((s, id) => s + counts[id]!, 0);
  return { counts, abstain };
}
