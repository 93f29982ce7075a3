/**
 * One wording of a poll's result, used by the result screen and by the official record
 * (notice, minutes): the sentence a secretariat would otherwise retype, built only from the
 * stored tally and the poll's rule, so the screen and the signed PDF can never disagree.
 */
import { approveOptions, type PollKind, type TallyResult } from './tally';

export type WordingLang = 'vi' | 'en';

export interface WordedPoll {
  kind: PollKind;
  /** Labels of the options as on the ballot (ignored for approve: fixed labels). */
  options: readonly { id: string; label: string }[];
}

const approveLabelsEn: Record<string, string> = { yes: 'For', no: 'Against', abstain: 'Abstain' };

const words = {
  vi: {
    baseOf: { cast: (n: number) => `${n} phiếu hợp lệ`, present: (n: number) => `${n} đại biểu có mặt`, members: (n: number) => `tổng số ${n} đại biểu` },
    shareOf: { cast: 'số phiếu hợp lệ', present: 'số đại biểu có mặt', members: 'tổng số đại biểu' },
    approve: (yes: number, base: number, pct: string | null, share: string) => `${yes}/${base} tán thành${pct ? ` (${pct} ${share})` : ''}`,
    needs: (required: number, baseOf: string) => `cần ${required} trên ${baseOf}`,
    noQuorum: (present: number, required: number) => `Không đủ số đại biểu có mặt: ${present}, cần ${required}`,
    tie: 'Có số phiếu ngang nhau, chưa xác định được kết quả',
    blank: 'Phiếu trắng',
    recused: (n: number) => `${n} thành viên không tham gia biểu quyết do xung đột lợi ích`,
    verdict: {
      passed: { approve: 'Thông qua', single: 'Có phương án đạt', multiple: 'Có phương án đạt', election: 'Có người trúng cử' },
      failed: { approve: 'Không thông qua', single: 'Không có phương án đạt', multiple: 'Không có phương án đạt', election: 'Không có người trúng cử' },
    },
  },
  en: {
    baseOf: { cast: (n: number) => `${n} valid votes`, present: (n: number) => `${n} members present`, members: (n: number) => `all ${n} members` },
    shareOf: { cast: 'of valid votes', present: 'of members present', members: 'of all members' },
    approve: (yes: number, base: number, pct: string | null, share: string) => `${yes}/${base} in favour${pct ? ` (${pct} ${share})` : ''}`,
    needs: (required: number, baseOf: string) => `${required} needed of ${baseOf}`,
    noQuorum: (present: number, required: number) => `Quorum not met: ${present} present, ${required} needed`,
    tie: 'A tie: no result could be determined',
    blank: 'Blank ballots',
    recused: (n: number) => `${n} member${n === 1 ? '' : 's'} did not take part in the vote because of a conflict of interest`,
    verdict: {
      passed: { approve: 'Passed', single: 'An option carried', multiple: 'Options carried', election: 'Elected' },
      failed: { approve: 'Not passed', single: 'No option carried', multiple: 'No option carried', election: 'Nobody elected' },
    },
  },
} as const;

/**
 * A percentage already computed, as a person reads it: "37,5%" in Vietnamese (decimal
 * comma, as NĐ 30 writes numbers; the screen and every PDF alike), "37.5%" in English.
 * `fixed` keeps one decimal always ("50,0%"), for table columns.
 */
export function percentText(value: number, lang: WordingLang, { fixed = false }: { fixed?: boolean } = {}): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: fixed ? 1 : 0, maximumFractionDigits: 1, useGrouping: false }).format(value) + '%';
}

/** "66,7%" in Vietnamese, "66.7%" in English; null without a base. */
export function formatPercent(part: number, whole: number, lang: WordingLang): string | null {
  if (whole <= 0) return null;
  return percentText(Math.round((part / whole) * 1000) / 10, lang);
}

function labelsOf(poll: WordedPoll, lang: WordingLang): Map<string, string> {
  if (poll.kind === 'approve') return new Map(approveOptions.map((o) => [o.id, lang === 'vi' ? o.label : approveLabelsEn[o.id]!]));
  return new Map(poll.options.map((o) => [o.id, o.label]));
}

/**
 * The result in one sentence, e.g. "4/6 tán thành (66,7% tổng số đại biểu); cần 4 trên
 * tổng số 6 đại biểu — Thông qua". Ends without a full stop so callers can embed it.
 */
export function resultSentence(poll: WordedPoll, r: TallyResult, lang: WordingLang = 'vi'): string {
  const w = words[lang];
  const verdict = r.passed ? w.verdict.passed[poll.kind] : w.verdict.failed[poll.kind];
  // Members recused for a conflict of interest (issue 17): said before the verdict, every time.
  const rec = r.recused ? `; ${w.recused(r.recused)}` : '';
  if (!r.quorumMet) return `${w.noQuorum(r.present, r.quorum?.required ?? 0)}${rec} — ${verdict}`;
  const baseOf = w.baseOf[r.base.kind](r.base.count);
  const needs = w.needs(r.required, baseOf);
  if (poll.kind === 'approve') {
    const yes = r.counts.yes ?? 0;
    return `${w.approve(yes, r.base.count, formatPercent(yes, r.base.count, lang), w.shareOf[r.base.kind])}; ${needs}${rec} — ${verdict}`;
  }
  const labels = labelsOf(poll, lang);
  const counts = Object.entries(r.counts)
    .map(([id, n]) => {
      const pct = formatPercent(n, r.base.count, lang);
      return `${labels.get(id) ?? id}: ${n}${pct ? ` (${pct})` : ''}`;
    })
    .join('; ');
  const elected = r.elected.map((id) => labels.get(id) ?? id).join(', ');
  const outcome = r.tie ? `${w.tie} — ${verdict}` : `${verdict}${elected ? `: ${elected}` : ''}`;
  return `${counts}; ${w.blank}: ${r.abstain}; ${needs}${rec} — ${outcome}`;
}
