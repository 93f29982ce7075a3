/**
 * Thresholds as meeting rules state them: "more than half", "at least two thirds", of the
 * members, of those present, or of the votes cast. Integer arithmetic only: 2/3 of 3,152
 * must not be decided by a floating-point rounding.
 */
import { z } from 'zod';

export const Fraction = z
  .object({ num: z.number().int().min(1).max(1000), den: z.number().int().min(1).max(1000) })
  .refine((f) => f.num <= f.den, 'A fraction of a group cannot be more than the whole group.');
export type Fraction = z.infer<typeof Fraction>;

/** `strict`: "more than" (over half); otherwise "at least" (two thirds or more). */
export const Threshold = z.object({ fraction: Fraction, strict: z.boolean() });
export type Threshold = z.infer<typeof Threshold>;

/** Smallest count out of `base` that satisfies the threshold. */
export function requiredCount(t: Threshold, base: number): number {
  const { num, den } = t.fraction;
  if (base <= 0) return t.strict ? 1 : 0;
  return t.strict ? Math.floor((base * num) / den) + 1 : Math.ceil((base * num) / den);
}

export function meets(t: Threshold, count: number, base: number): boolean {
  const { num, den } = t.fraction;
  return t.strict ? count * den > base * num : count * den >= base * num;
}

/** The usual rules, as meeting regulations name them. */
export const thresholds = {
  overHalf: { fraction: { num: 1, den: 2 }, strict: true },
  twoThirds: { fraction: { num: 2, den: 3 }, strict: false },
  threeQuarters: { fraction: { num: 3, den: 4 }, strict: false },
} as const satisfies Record<string, Threshold>;

/** The quorum of a meeting: how many of its voting members must be present. */
export const QuorumRule = Threshold;
export type QuorumRule = Threshold;

export const defaultQuorum: QuorumRule = thresholds.overHalf;

export interface QuorumState {
  members: number;
  present: number;
  required: number;
  met: boolean;
}

export function quorum(rule: QuorumRule, present: number, members: number): QuorumState {
  return { members, present, required: requiredCount(rule, members), met: members > 0 && meets(rule, present, members) };
}
