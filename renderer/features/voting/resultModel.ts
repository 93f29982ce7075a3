/** The result as screens show it: one row per option, in ballot order, with its share of the base. */
import type { TFunction } from 'i18next';
import type { TallyResult } from '../../../shared/domain/tally';
import type { PollView } from '../../../shared/ydoc/live';
import { ballotOptions, type BallotOption } from './pollRules';

export interface ResultRow extends BallotOption {
  count: number;
  /** Share of the majority base, 0–100, one decimal; null when the base is empty. */
  pct: number | null;
  elected: boolean;
}

export function resultRows(poll: PollView, result: TallyResult, t: TFunction<'voting'>): ResultRow[] {
  const base = result.base.count;
  return ballotOptions(poll, t).map((o) => {
    const count = result.counts[o.id] ?? 0;
    return {
      ...o,
      count,
      pct: base > 0 ? Math.round((count / base) * 1000) / 10 : null,
      elected: result.elected.includes(o.id),
    };
  });
}

/** "93,2 %" in Vietnamese, "93.2%" in English. */
export function formatPct(pct: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(pct) + (lang === 'vi' ? ' %' : '%');
}

/** The sentence under the verdict: why it passed or not. */
export function verdictReason(poll: PollView, result: TallyResult, t: TFunction<'voting'>): string {
  if (!result.quorumMet) return t('result.reasonNoQuorum', { present: result.present, required: result.quorum?.required ?? 0 });
  if (result.tie) return t('result.reasonTie');
  const base = t(`baseOf.${result.base.kind}`, { count: result.base.count });
  if (poll.definition.kind === 'approve') return t('result.reasonApprove', { yes: result.counts.yes ?? 0, required: result.required, base });
  return t('result.reasonOther', { required: result.required, base });
}
