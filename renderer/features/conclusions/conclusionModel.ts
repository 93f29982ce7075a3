/**
 * What the conclusion screens need from a meeting view, decided in one place: who may
 * record conclusions, the item's final conclusion, its draft, the record on its way, and
 * the sentence a poll's result becomes when quoted.
 */
import type { TFunction } from 'i18next';
import type { MeetingView, OutboxState } from '../../../shared/contract';
import type { Conclusion } from '../../../shared/api/conclusions';
import type { MeetingRole } from '../../../shared/roles';
import type { PollView } from '../../../shared/ydoc/live';

/** Chair, vice-chair and the secretariat (on the chair's behalf) draft conclusions and assign tasks; the core checks again. */
export function canRecordConclusions(role: MeetingRole): boolean {
  return role === 'chair' || role === 'vice_chair' || role === 'secretariat';
}

/** The latest published version of an item's conclusion. */
export function finalOf(view: MeetingView, itemId: string): Conclusion | null {
  let best: Conclusion | null = null;
  for (const c of view.conclusions) if (c.agendaItemId === itemId && (!best || c.version > best.version)) best = c;
  return best;
}

type PendingRecord = MeetingView['pendingRecords'][number];

function payloadField(record: PendingRecord, field: string): unknown {
  const p = record.payload;
  return typeof p === 'object' && p !== null ? (p as Record<string, unknown>)[field] : undefined;
}

/** The last conclusion record this device sent for the item (finalise or correction), if any. */
export function conclusionRecordOf(view: MeetingView, itemId: string): (OutboxState & { correction: boolean }) | null {
  const mine = view.pendingRecords.filter((r) => r.kind === 'conclusion' && payloadField(r, 'agendaItemId') === itemId);
  const last = mine[mine.length - 1];
  return last ? { ...last, correction: typeof payloadField(last, 'corrects') === 'string' } : null;
}

export interface PendingTask extends OutboxState {
  title: string;
  agendaItemId: string | null;
}

/** Tasks this device assigned that have not reached the server's list yet (or were refused). */
export function pendingTasksOf(view: MeetingView, itemId: string | null): PendingTask[] {
  const published = new Set(view.tasks.map((t) => t.id));
  return view.pendingRecords
    .filter((r) => r.kind === 'task' && r.state !== 'sent' && !published.has(String(payloadField(r, 'taskId'))))
    .map((r) => ({ ...r, title: String(payloadField(r, 'title') ?? ''), agendaItemId: (payloadField(r, 'agendaItemId') as string | null | undefined) ?? null }))
    .filter((r) => itemId === null || r.agendaItemId === itemId);
}

/** Polls of the item with a result to quote (closed or published). */
export function quotablePolls(view: MeetingView, itemId: string): PollView[] {
  return view.polls.filter((p) => p.agendaItemId === itemId && p.result !== null && (p.status === 'closed' || p.status === 'published'));
}

function pct(n: number, of: number, lang: string): string {
  const value = of > 0 ? (n / of) * 100 : 0;
  const text = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  return `${text}%`;
}

/**
 * The sentence a poll's result becomes in the conclusion, built from the tally itself so
 * the numbers are never retyped: "Kết quả biểu quyết: 45/60 đại biểu tán thành (75,0%),
 * 5 không tán thành, 10 không biểu quyết — Thông qua."
 */
export function resultSentence(poll: PollView, t: TFunction<'followup'>, lang: string): string {
  const r = poll.result;
  if (!r) return '';
  const of = r.eligible;
  let verdict: string;
  if (!r.quorumMet) verdict = t('result.noQuorum');
  else if (r.tie) verdict = t('result.tie');
  else if (poll.definition.kind === 'approve') verdict = r.passed ? t('result.passed') : t('result.failed');
  else if (r.elected.length === 0) verdict = t('result.none');
  else {
    const names = r.elected.map((id) => poll.definition.options.find((o) => o.id === id)?.label ?? id).join(', ');
    verdict = poll.definition.kind === 'election' ? t('result.elected', { names }) : t('result.chosen', { names });
  }
  if (poll.definition.kind === 'approve') {
    const yes = r.counts.yes ?? 0;
    const no = r.counts.no ?? 0;
    // Abstentions and those who did not vote are said together, as the minutes do.
    const none = Math.max(0, of - yes - no);
    return t('result.approve', { question: poll.definition.question, yes, of, pct: pct(yes, of, lang), no, none, verdict });
  }
  const options = poll.definition.options.map((o) => t('result.option', { label: o.label, count: r.counts[o.id] ?? 0, pct: pct(r.counts[o.id] ?? 0, r.base.count, lang) })).join('; ');
  return t('result.other', { question: poll.definition.question, options, verdict });
}

/** Puts a sentence at the caret (or at the end), on its own line. */
export function insertAt(text: string, sentence: string, caret: number | null): { text: string; caret: number } {
  const at = caret === null || caret < 0 || caret > text.length ? text.length : caret;
  const before = text.slice(0, at);
  const after = text.slice(at);
  const lead = before === '' || before.endsWith('\n') ? '' : '\n';
  const tail = after === '' || after.startsWith('\n') ? '' : '\n';
  const next = before + lead + sentence + tail + after;
  return { text: next, caret: (before + lead + sentence).length };
}
