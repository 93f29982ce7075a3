/** Issue 18: the pure part of `audit verify` — heads, field differences, rows against the chain. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseHeadArg } from '../../../shared/audit';
import { tally } from '../../../shared/domain/tally';
import type { AuditEntry } from '../../../shared/api/audit';
import { PollDefinition } from '../../../shared/ydoc/live';
import { entryHash, genesisHash } from '../../../server/audit/audit';
import { checkHeads, differingFields, verifyMeetingAudit, type AuditSnapshot } from '../../../server/audit/verify';

function chain(items: { kind: string; data: unknown; at?: string }[]): AuditEntry[] {
  let prev = genesisHash;
  return items.map((it, i) => {
    const e = { seq: i + 1, at: it.at ?? `2026-12-07T01:00:${String(i).padStart(2, '0')}.000Z`, kind: it.kind, data: it.data };
    const hash = entryHash(prev, e);
    const out = { ...e, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

const def = PollDefinition.parse({ question: 'Thông qua?', kind: 'approve', majority: { base: 'cast', threshold: { fraction: { num: 1, den: 2 }, strict: true } }, quorum: null, eligibility: { kind: 'all' } });
const ballots = new Map<string, string[] | null>([
  ['a', ['yes']],
  ['b', ['yes']],
  ['c', ['no']],
]);
const result = tally({ kind: 'approve', optionIds: ['yes', 'no', 'abstain'], seats: def.seats, majority: def.majority, quorumRule: null, ballots: [...ballots.values()].map((c) => c ?? []), eligible: 3, present: 3, members: 3 });

/** A small meeting as the server logs it: check-ins, a named poll, a conclusion. */
function meeting(): AuditSnapshot {
  const entries = chain([
    { kind: 'attendance.marked', data: { userId: 'a', status: 'present', substitute: null, markedAt: 't1', by: 's' } },
    { kind: 'poll.opened', data: { pollId: 'p' } },
    ...[...ballots].map(([userId, choices]) => ({ kind: 'ballot.cast', data: { pollId: 'p', userId, choices } })),
    { kind: 'poll.closed', data: { pollId: 'p', result } },
    { kind: 'conclusion.final', data: { conclusionId: 'c1', agendaItemId: 'i', version: 1, textSha256: createHash('sha256').update('Kết luận').digest('hex'), pollRefs: ['p'], by: 'chair', corrects: null, reason: null } },
  ]);
  return {
    meetingId: 'm',
    entries,
    polls: [{ id: 'p', definition: def, status: 'closed', result: structuredClone(result), voidReason: null, ballots: new Map(ballots), receivedAt: new Map([...ballots.keys()].map((id) => [id, '2026-12-07T01:00:05.000Z'])), sealedTotals: null, evidence: null }],
    attendance: new Map([['a', { status: 'present', substitute: null, at: 't1', by: 's' }]]),
    conclusions: [{ id: 'c1', agendaItemId: 'i', version: 1, text: 'Kết luận', pollRefs: ['p'], by: 'chair', corrects: null, reason: null }],
    documentHeads: [],
    notes: [],
  };
}

describe('parseHeadArg', () => {
  const h = 'ab'.repeat(32);
  it.each([
    [h, { hash: h, length: null }],
    [`${h}:42`, { hash: h, length: 42 }],
    [`${h.toUpperCase()}:1`, { hash: h, length: 1 }],
  ])('%s', (text, want) => expect(parseHeadArg(text)).toEqual(want));
  it.each(['', 'abc', `${h}:`, `${h}:0`, `${h}:-1`, `${h}x`])('refuses %j and says why', (text) => {
    expect(() => parseHeadArg(text)).toThrow(/head/);
  });
});

describe('differingFields', () => {
  it.each([
    [{ a: 1 }, { a: 1 }, []],
    [{ counts: { yes: 3, no: 2 } }, { counts: { yes: 5, no: 2 } }, ['counts.yes']],
    [{ a: [1, 2] }, { a: [2, 1] }, ['a']],
    [{ a: 1 }, { b: 1 }, ['a', 'b']],
    [null, { a: 1 }, ['(value)']],
  ])('%j vs %j', (a, b, fields) => expect(differingFields(a, b).map((d) => d.field)).toEqual(fields));
});

describe('checkHeads', () => {
  const entries = chain([{ kind: 'x', data: 1 }, { kind: 'y', data: 2 }, { kind: 'z', data: 3 }]);
  it.each([
    ['a head at its length', [{ hash: entries[1]!.hash, length: 2 }], []],
    ['a head without length anywhere in the chain', [{ hash: entries[0]!.hash, length: null }], []],
    ['a head past the end (truncated)', [{ hash: 'f'.repeat(64), length: 4 }], ['head_missing']],
    ['a head whose entry changed (recomputed)', [{ hash: entries[0]!.hash, length: 2 }], ['head_mismatch']],
    ['a head no entry has', [{ hash: 'e'.repeat(64), length: null }], ['head_missing']],
  ])('%s', (_, heads, codes) => expect(checkHeads(entries, heads).map((p) => p.code)).toEqual(codes));
});

describe('verifyMeetingAudit', () => {
  it('holds for an untouched meeting', () => {
    const s = meeting();
    const r = verifyMeetingAudit(s, [{ hash: s.entries.at(-1)!.hash, length: s.entries.length }]);
    expect(r).toMatchObject({ ok: true, problems: [], pollsChecked: 1, headsChecked: 1 });
  });

  it.each<[string, (s: AuditSnapshot) => void, object]>([
    ['an empty chain beside room data', (s) => (s.entries = []), { code: 'chain_empty' }],
    ['an edited entry (hash not recomputed)', (s) => ((s.entries[1]!.data as { pollId: string }).pollId = 'q'), { code: 'chain_broken', row: '2' }],
    ['a changed stored result', (s) => (s.polls[0]!.result!.counts.yes = 5), { code: 'poll_result_row', pollId: 'p', field: 'counts.yes', expected: '2', found: '5' }],
    ['a changed named ballot', (s) => s.polls[0]!.ballots.set('c', ['yes']), { code: 'ballot_row', pollId: 'p', row: 'c', field: 'choices', expected: '["no"]', found: '["yes"]' }],
    ['a changed named ballot, recounted', (s) => s.polls[0]!.ballots.set('c', ['yes']), { code: 'poll_result_ballots', pollId: 'p', field: 'counts.no', expected: '1', found: '0' }],
    ['a deleted ballot', (s) => s.polls[0]!.ballots.delete('b'), { code: 'ballot_row', row: 'b', field: 'ballot', found: 'nothing' }],
    ['an added ballot', (s) => (s.polls[0]!.ballots.set('z', ['no']), s.polls[0]!.receivedAt.set('z', '2026-12-07T01:00:09.000Z')), { code: 'ballot_row', row: 'z', expected: 'nothing' }],
    ['a changed attendance row', (s) => (s.attendance.get('a')!.status = 'excused'), { code: 'attendance_row', row: 'a', field: 'status', expected: 'present', found: 'excused' }],
    ['a changed conclusion text', (s) => (s.conclusions[0]!.text = 'Không thông qua'), { code: 'conclusion_row', row: 'c1', field: 'text' }],
    ['a closed poll the chain never closed', (s) => (s.entries = s.entries.filter((e) => e.kind !== 'poll.closed')), { code: 'poll_not_in_chain', pollId: 'p' }],
    ['a printed head no longer in the chain', (s) => s.documentHeads.push({ hash: 'd'.repeat(64), what: 'notice 1' }), { code: 'head_missing', row: 'notice 1' }],
  ])('finds %s', (_, change, problem) => {
    const s = meeting();
    change(s);
    const r = verifyMeetingAudit(s);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining(problem));
  });

  it('says so, rather than failing, when rows predate per-record entries', () => {
    const s = meeting();
    s.entries = chain(s.entries.filter((e) => e.kind !== 'ballot.cast' && e.kind !== 'attendance.marked'));
    const r = verifyMeetingAudit(s);
    expect(r.ok).toBe(true);
    expect(r.notes.join(' ')).toMatch(/predate/);
  });

  it('does not call an empty meeting broken', () => {
    const r = verifyMeetingAudit({ meetingId: 'm', entries: [], polls: [], attendance: new Map(), conclusions: [], documentHeads: [], notes: [] });
    expect(r).toMatchObject({ ok: true, length: 0 });
  });
});
