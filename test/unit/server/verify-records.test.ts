/**
 * Issue 18: the pure comparison of what an issued notice or minutes says (its text, as
 * pdf.js reads it) with the chain as it stood when the record was issued.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tally } from '../../../shared/domain/tally';
import type { AuditEntry } from '../../../shared/api/audit';
import { PollDefinition } from '../../../shared/ydoc/live';
import { entryHash, genesisHash } from '../../../server/audit/audit';
import { checkRecords, flatText, pollLine, type IssuedDocument, type RecordCheckInput } from '../../../server/audit/verify-records';

function chain(items: { kind: string; data: unknown }[]): AuditEntry[] {
  let prev = genesisHash;
  return items.map((it, i) => {
    const e = { seq: i + 1, at: `2026-12-07T01:00:${String(i).padStart(2, '0')}.000Z`, kind: it.kind, data: it.data };
    const hash = entryHash(prev, e);
    prev = hash;
    return { ...e, prevHash: e.seq === 1 ? genesisHash : '', hash };
  });
}

const def = PollDefinition.parse({ question: 'Thông qua Đề án?', kind: 'approve', majority: { base: 'cast', threshold: { fraction: { num: 1, den: 2 }, strict: true } }, quorum: null, eligibility: { kind: 'all' } });
const result = (yes: number, no: number) => tally({ kind: 'approve', optionIds: ['yes', 'no', 'abstain'], seats: def.seats, majority: def.majority, quorumRule: null, ballots: [...Array(yes).fill(['yes']), ...Array(no).fill(['no'])], eligible: 5, present: 5, members: 5 });
const conclusion = 'Thông qua Đề án; giao Sở Tài chính hoàn thiện hồ sơ.';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Check-ins, a poll closed 3–1, a conclusion; then the notice issued at that head; then a later poll. */
function meeting(text: string, extra: Partial<IssuedDocument> = {}) {
  const before = chain([
    { kind: 'attendance.marked', data: { userId: 'a', status: 'present' } },
    { kind: 'attendance.marked', data: { userId: 'b', status: 'present' } },
    { kind: 'attendance.marked', data: { userId: 'c', status: 'absent' } },
    { kind: 'poll.closed', data: { pollId: 'p', result: result(3, 1) } },
    { kind: 'conclusion.final', data: { conclusionId: 'c1', agendaItemId: 'i1', version: 1, textSha256: sha(conclusion) } },
  ]);
  const head = before.at(-1)!.hash;
  const entries = chain([
    ...before.map((e) => ({ kind: e.kind, data: e.data })),
    { kind: 'record.finalised', data: { recordId: 'r1', kind: 'notice', number: '5/TB-UBND', sha256: 'f'.repeat(64), auditHead: head } },
    // After the notice: not something it could have said.
    { kind: 'poll.closed', data: { pollId: 'later', result: result(1, 3) } },
  ]);
  const doc: IssuedDocument = {
    source: 'official',
    kind: 'notice',
    row: { id: 'r1', number: '5/TB-UBND', sha256: 'f'.repeat(64), auditHead: head },
    entry: entries[5]!,
    file: { sha256: 'f'.repeat(64), actualSha256: 'f'.repeat(64), text, error: null },
    ...extra,
  };
  const input: RecordCheckInput = {
    entries,
    polls: [
      { id: 'p', definition: def, agendaItemId: 'i1' },
      { id: 'later', definition: { ...def, question: 'Câu hỏi sau' }, agendaItemId: 'i1' },
    ],
    conclusions: [{ id: 'c1', text: conclusion }],
    agenda: [{ id: 'i1', number: '1', title: 'Đề án đầu tư' }],
    documents: [doc],
  };
  return { input, head };
}

/** The notice's text as pdf.js gives it: lines wrapped anywhere, a page break in the middle. */
function noticeText(head: string, sentence = pollLine(def, result(3, 1)), present = 2, said = conclusion): string {
  const words = `Số: 5/TB-UBND THÔNG BÁO Số thành viên có mặt: ${present}/4. 1. Đề án đầu tư ${said} ${sentence} Mã kiểm chứng: ${head}`.split(' ');
  return words.map((w, i) => (i % 7 === 6 ? `${w}\n` : `${w} `)).join('').replace('Đề án đầu tư', 'Đề án\n\nđầu tư');
}

describe('checkRecords', () => {
  it('finds nothing when the record says what the chain said then, however its lines wrap', () => {
    const { input, head } = meeting('');
    (input.documents[0]!.file as { text: string }).text = noticeText(head);
    const notes: string[] = [];
    expect(checkRecords(input, notes)).toEqual({ problems: [], checked: 1 });
    expect(notes).toEqual([]);
  });

  it('names the poll, the sentence the chain gives and the one the record prints', () => {
    const { input, head } = meeting('');
    const forged = pollLine(def, result(1, 3));
    (input.documents[0]!.file as { text: string }).text = noticeText(head, forged);
    const { problems } = checkRecords(input, []);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'record_text', document: { kind: 'notice', number: '5/TB-UBND' }, pollId: 'p', field: 'result', expected: flatText(pollLine(def, result(3, 1))), found: flatText(forged) }),
    ]);
  });

  it('names a missing conclusion with what the record has under its item, and a different count of members present', () => {
    const { input, head } = meeting('');
    (input.documents[0]!.file as { text: string }).text = noticeText(head, undefined, 3, 'Không thông qua.');
    const { problems } = checkRecords(input, []);
    expect(problems.map((p) => [p.field, p.expected, p.found?.slice(0, 16)])).toEqual([
      ['conclusion', conclusion, 'Không thông qua.'],
      ['attendance.present', '2', '3'],
    ]);
  });

  it('compares the register row with the chain, and says when the file is missing or unreadable', () => {
    const { input, head } = meeting('', { row: { id: 'r1', number: '5/TB-UBND', sha256: 'e'.repeat(64), auditHead: 'a'.repeat(64) } });
    (input.documents[0]!.file as { text: string }).text = noticeText(head);
    expect(checkRecords(input, []).problems.map((p) => [p.code, p.field, p.found])).toEqual([
      ['record_row', 'sha256', 'e'.repeat(64)],
      ['record_row', 'auditHead', 'a'.repeat(64)],
    ]);
    const missing = meeting('', { file: { sha256: 'f'.repeat(64), actualSha256: null, text: null, error: null } });
    expect(checkRecords(missing.input, []).problems).toEqual([expect.objectContaining({ code: 'record_file', field: 'file', found: 'nothing' })]);
    const unreadable = meeting('', { file: { sha256: 'f'.repeat(64), actualSha256: 'f'.repeat(64), text: null, error: 'Invalid PDF structure.' } });
    expect(checkRecords(unreadable.input, [])).toEqual({ problems: [expect.objectContaining({ code: 'record_file', field: 'text', found: 'Invalid PDF structure.' })], checked: 0 });
  });

  it('does not compare attendance when the chain has no check-ins from before the record, and says so', () => {
    const { input, head } = meeting('');
    const entries = input.entries.map((e) => (e.kind === 'attendance.marked' ? { ...e, kind: 'attendance.summary' } : e));
    const notes: string[] = [];
    const r = checkRecords({ ...input, entries, documents: [{ ...input.documents[0]!, file: { ...input.documents[0]!.file!, text: noticeText(head, undefined, 9) } }] }, notes);
    expect(r.problems).toEqual([]);
    expect(notes).toEqual([expect.stringContaining('attendance figures are not compared')]);
  });
});
