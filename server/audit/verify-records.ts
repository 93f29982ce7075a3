/**
 * What the issued records say, against the chain (issue 18). The conclusion notice
 * (thông báo kết luận) and the minutes (biên bản) are what people read and file; a stored
 * record row pointed at another PDF, or a PDF regenerated from tampered rows, would say a
 * different tally than the one the chain vouches for. For each issued record this compares:
 *   - its register row with the chain's `record.finalised` entry (number, file, head);
 *   - its stored file with the SHA-256 the chain recorded;
 *   - its text (read from the PDF with pdf.js) with the chain as it stood when it was issued
 *     (the entries up to the head it prints): every poll's result sentence, worded by
 *     shared/domain/result-wording exactly as the renderer words it; every final conclusion;
 *     the number of members present; its own number and printed head.
 * Pure: the PDF text comes in already extracted (audit-check-worker.ts).
 */
import { createHash } from 'node:crypto';
import { resultSentence } from '../../shared/domain/result-wording';
import type { TallyResult } from '../../shared/domain/tally';
import type { AuditEntry, AuditProblem } from '../../shared/api/audit';
import type { PollDefinition } from '../../shared/ydoc/live';

export type RecordKindName = 'notice' | 'minutes';

/** One issued record, with what was read for it. */
export interface IssuedDocument {
  /** `official`: the signed record of server/records-official; `notice`: the conclusion notice of server/reports (issue 7). */
  source: 'official' | 'notice';
  kind: RecordKindName;
  /** The register row (official records only; null when the chain names a record no longer stored). */
  row: { id: string; number: string; sha256: string | null; auditHead: string | null } | null;
  /** The chain's entry that issued it (null when the row is not in the chain). */
  entry: AuditEntry | null;
  /** The file read: the one the server serves (the row's), else the chain's. */
  file: { sha256: string; actualSha256: string | null; text: string | null; error: string | null } | null;
}

export interface RecordCheckInput {
  entries: readonly AuditEntry[];
  polls: readonly { id: string; definition: PollDefinition; agendaItemId: string | null }[];
  conclusions: readonly { id: string; text: string }[];
  /** The meeting's agenda now: which items a record lists, and their headings. */
  agenda: readonly { id: string; number: string; title: string }[];
  documents: readonly IssuedDocument[];
}

/** Text as compared: NFC, any run of white space as one space (lines wrap where the PDF wraps them). */
export const flatText = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The sentence both renderers print for a poll (records-official/documents.ts pollSentence, reports/notice.ts pollResultText). */
export function pollLine(definition: PollDefinition, result: TallyResult): string {
  return `Biểu quyết “${definition.question}”: ${resultSentence({ kind: definition.kind, options: definition.options }, result, 'vi')}.`;
}

const kindTitle: Record<RecordKindName, string> = { notice: 'notice', minutes: 'minutes' };

/** What the chain said at the moment a record was issued: results, final conclusions, attendance. */
interface ChainAt {
  results: Map<string, TallyResult>;
  /** Latest final conclusion per agenda item: its id and the SHA-256 of its text. */
  conclusions: Map<string, { id: string; textSha256: string; version: number }>;
  /** Latest status per person; null when the chain did not log check-ins yet. */
  attendance: Map<string, string> | null;
}

function chainAt(entries: readonly AuditEntry[], polls: RecordCheckInput['polls']): ChainAt {
  const secret = new Set(polls.filter((p) => p.definition.secret).map((p) => p.id));
  const out: ChainAt = { results: new Map(), conclusions: new Map(), attendance: null };
  for (const e of entries) {
    const d = (e.data ?? {}) as Record<string, unknown>;
    const pollId = typeof d.pollId === 'string' ? d.pollId : null;
    if (e.kind === 'poll.closed' && pollId && !secret.has(pollId) && d.result) out.results.set(pollId, d.result as TallyResult);
    else if (e.kind === 'tally.opened' && pollId && d.result) out.results.set(pollId, d.result as TallyResult);
    else if ((e.kind === 'conclusion.final' || e.kind === 'conclusion.corrected') && typeof d.agendaItemId === 'string' && typeof d.conclusionId === 'string') {
      const before = out.conclusions.get(d.agendaItemId);
      const version = typeof d.version === 'number' ? d.version : 0;
      if (!before || version >= before.version) out.conclusions.set(d.agendaItemId, { id: d.conclusionId, textSha256: String(d.textSha256 ?? ''), version });
    } else if (e.kind === 'attendance.marked' && typeof d.userId === 'string') {
      (out.attendance ??= new Map()).set(d.userId, String(d.status ?? ''));
    }
  }
  return out;
}

/** The entries up to the head a record prints (the chain when it was issued), else those before its own entry. */
function prefixFor(entries: readonly AuditEntry[], doc: IssuedDocument): readonly AuditEntry[] {
  const head = (doc.entry?.data as { auditHead?: unknown } | undefined)?.auditHead ?? doc.row?.auditHead;
  const at = typeof head === 'string' ? entries.findIndex((e) => e.hash === head) : -1;
  if (at >= 0) return entries.slice(0, at + 1);
  return doc.entry ? entries.filter((e) => e.seq < doc.entry!.seq) : entries;
}

/** The sentence in `text` that starts at `start`: up to its full stop (a comma is the decimal mark in Vietnamese). */
function sentenceAt(text: string, start: number): string {
  const end = text.slice(start).search(/\.(\s|$)/);
  return end < 0 ? text.slice(start, start + 300) : text.slice(start, start + end + 1);
}

/** Members present as the record states it, by the wording of each form; null when not stated. */
function statedPresent(doc: IssuedDocument, text: string): number | null {
  if (doc.kind === 'minutes') {
    const all = [...text.matchAll(/Có mặt \((\d+)\):/g)];
    return all.length ? all.reduce((n, m) => n + Number(m[1]), 0) : null;
  }
  const m = doc.source === 'official' ? /Số thành viên có mặt: (\d+)\/\d+/.exec(text) : /có mặt (\d+)\/\d+ thành viên/.exec(text);
  return m ? Number(m[1]) : null;
}

export function checkRecords(input: RecordCheckInput, notes: string[]): { problems: AuditProblem[]; checked: number } {
  const problems: AuditProblem[] = [];
  const agenda = new Map(input.agenda.map((a) => [a.id, a]));
  const storedText = new Map(input.conclusions.map((c) => [c.id, c.text]));
  let checked = 0;
  for (const doc of input.documents) {
    const data = (doc.entry?.data ?? {}) as { number?: string; sha256?: string; auditHead?: string; kind?: string };
    const number = data.number ?? doc.row?.number ?? '?';
    const document = { kind: doc.kind, number };
    const name = `The ${kindTitle[doc.kind]} ${number}`;
    const add = (code: AuditProblem['code'], message: string, where: { pollId?: string; row?: string; field: string; expected: string | null; found: string | null }) =>
      problems.push({ code, pollId: where.pollId ?? null, row: where.row ?? (doc.row?.id ?? (doc.entry ? `audit ${doc.entry.seq}` : null)), field: where.field, expected: where.expected, found: where.found, message, document });

    // The register row against the chain's entry.
    if (doc.source === 'official') {
      if (!doc.entry) add('record_row', `${name} is in the register but the chain never recorded its issue.`, { field: 'record.finalised', expected: 'an entry', found: 'nothing' });
      else if (!doc.row) add('record_row', `The chain's entry ${doc.entry.seq} records ${kindTitle[doc.kind]} ${number}, which is no longer in the register.`, { row: `audit ${doc.entry.seq}`, field: 'official_records', expected: number, found: 'nothing' });
      else {
        const pairs: [string, unknown, unknown][] = [
          ['number', data.number, doc.row.number],
          ['sha256', data.sha256, doc.row.sha256],
          ['auditHead', data.auditHead, doc.row.auditHead],
        ];
        for (const [field, want, got] of pairs) {
          if (want !== got) add('record_row', `${name}: its register row differs from the chain's entry ${doc.entry.seq} at "${field}".`, { field, expected: String(want ?? 'nothing'), found: String(got ?? 'nothing') });
        }
      }
    }

    // The file, and what it says.
    const f = doc.file;
    if (!f) continue;
    if (f.actualSha256 === null) {
      add('record_file', `${name}: its PDF (${f.sha256}) is missing from the server's files.`, { field: 'file', expected: f.sha256, found: 'nothing' });
      continue;
    }
    if (f.actualSha256 !== f.sha256) add('record_file', `${name}: the stored PDF was replaced: its bytes are not the file ${f.sha256}.`, { field: 'sha256', expected: f.sha256, found: f.actualSha256 });
    if (f.text === null) {
      add('record_file', `${name}: its PDF could not be read (${f.error ?? 'unknown error'}), so what it says was not compared.`, { field: 'text', expected: null, found: f.error });
      continue;
    }
    checked++;
    const text = flatText(f.text);
    if (data.number && !text.includes(data.number)) add('record_text', `${name}: the PDF does not carry the number the chain recorded.`, { field: 'number', expected: data.number, found: /Số:? (\S+)/.exec(text)?.[1] ?? 'nothing' });
    const printedHead = /Mã kiểm chứng: ([0-9a-f]{64})/.exec(text)?.[1] ?? null;
    if (data.auditHead && printedHead !== data.auditHead) add('record_text', `${name}: the audit head printed on it is not the one the chain recorded for its issue.`, { field: 'auditHead', expected: data.auditHead, found: printedHead ?? 'nothing' });

    const at = chainAt(prefixFor(input.entries, doc), input.polls);
    // Each poll with a result then, where this form lists it (a notice: under its item; minutes: loose polls too).
    for (const p of input.polls) {
      const result = at.results.get(p.id);
      if (!result) continue;
      if (p.agendaItemId ? !agenda.has(p.agendaItemId) : doc.kind !== 'minutes') continue;
      const want = flatText(pollLine(p.definition, result));
      if (text.includes(want)) continue;
      const lead = flatText(`Biểu quyết “${p.definition.question}”:`);
      const start = text.indexOf(lead);
      const found = start < 0 ? 'nothing' : sentenceAt(text, start);
      add('record_text', `${name} states the result of poll ${p.id} differently from the chain.`, { pollId: p.id, field: 'result', expected: want, found });
    }
    // Each item's final conclusion then, as stored (when the stored text is the one the chain hashed).
    for (const [itemId, c] of at.conclusions) {
      const item = agenda.get(itemId);
      const stored = storedText.get(c.id);
      if (!item || stored === undefined || sha256(stored) !== c.textSha256) continue;
      const want = flatText(stored);
      if (text.includes(want)) continue;
      const heading = flatText(`${item.number}. ${item.title}`);
      const start = text.indexOf(heading);
      const found = start < 0 ? 'nothing' : text.slice(start + heading.length, start + heading.length + want.length + 40).trim();
      add('record_text', `${name} does not state the conclusion of item ${item.number} that the chain recorded.`, { row: c.id, field: 'conclusion', expected: want, found });
    }
    // Members present then.
    if (at.attendance === null) notes.push(`${name}: the chain has no check-in entries from before it was issued; its attendance figures are not compared.`);
    else {
      const present = [...at.attendance.values()].filter((s) => s === 'present').length;
      const stated = statedPresent(doc, text);
      if (stated !== present) add('record_text', `${name} states a number of members present other than the chain's check-ins.`, { field: 'attendance.present', expected: String(present), found: stated === null ? 'nothing' : String(stated) });
    }
  }
  return { problems, checked };
}
