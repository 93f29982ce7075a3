/**
 * Recusal (conflict of interest, "xung đột lợi ích"): a member who declares a conflict on an
 * agenda item takes no part in that item's polls: neither eligible nor counted in the base
 * (members, present, quorum). Pure rules, used by the server's eligibility and by tests.
 */
import { ItemId } from '../ids';
import { z } from 'zod';
import { safeMultiline } from '../text-safety';

/** The outbox payload of a 'recusal' record: the item, and why (required, shown to the chair and in the minutes). */
export const RecusalPayload = z.object({
  agendaItemId: ItemId,
  reason: safeMultiline('Reason').min(1, 'Say what the conflict of interest is.').max(1000),
});
export type RecusalPayload = z.infer<typeof RecusalPayload>;

/** One declaration as it is kept and published. */
export interface Recusal {
  userId: string;
  name: string;
  agendaItemId: string;
  reason: string;
  declaredAt: string;
}

/** The ids without those recused (order kept): the eligible list or the base of a poll on the item. */
export function withoutRecused(ids: readonly string[], recused: ReadonlySet<string>): string[] {
  return recused.size ? ids.filter((id) => !recused.has(id)) : [...ids];
}

/** Voting members recused from a poll's item (none for a poll on no item). */
export function recusedFrom(recusals: readonly Pick<Recusal, 'userId' | 'agendaItemId'>[], agendaItemId: string | null): Set<string> {
  return new Set(agendaItemId === null ? [] : recusals.filter((r) => r.agendaItemId === agendaItemId).map((r) => r.userId));
}
