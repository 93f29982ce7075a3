/**
 * Whether a ballot's choices fit its poll. Pure, and phrased for the delegate who cast it:
 * the message is shown next to their refused ballot.
 */
import { approveOptions } from '../../shared/domain/tally';
import type { PollDefinition } from '../../shared/ydoc/live';

export function optionIds(def: PollDefinition): string[] {
  return def.kind === 'approve' ? approveOptions.map((o) => o.id) : def.options.map((o) => o.id);
}

/** null when the choices are valid; otherwise the sentence saying what is wrong. */
export function checkChoices(def: PollDefinition, choices: readonly string[]): string | null {
  const known = new Set(optionIds(def));
  const unknown = choices.find((c) => !known.has(c));
  if (unknown !== undefined) return `«${unknown}» is not on this ballot.`;
  const seen = new Set<string>();
  for (const c of choices) {
    if (seen.has(c)) return `«${c}» is chosen more than once.`;
    seen.add(c);
  }
  const n = choices.length;
  switch (def.kind) {
    case 'approve':
      // Abstaining is an answer of its own here; an empty ballot is not.
      if (n === 0) return 'Choose one answer: yes, no or abstain.';
      if (n > 1) return 'Choose at most 1.';
      return null;
    case 'single':
      // No choice is a blank ballot, counted as an abstention.
      return n > 1 ? 'Choose at most 1.' : null;
    case 'multiple':
    case 'election':
      if (n === 0) return null;
      if (n > def.maxChoices) return `Choose at most ${def.maxChoices}.`;
      if (n < def.minChoices) return `Choose at least ${def.minChoices}.`;
      return null;
  }
}
