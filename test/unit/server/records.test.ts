import type { Sql } from '../../../server/records/sql';
import { sqliteRecords } from '../../../server/records/sql-sqlite';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PollDefinition, type PollDefinitionInput } from '../../../shared/ydoc/live';
import { AuditLog, canonicalJson, entryHash, genesisHash, verifyChain } from '../../../server/audit/audit';
import { checkChoices } from '../../../server/voting/choices';
import { migrate } from '../../../server/store/sqlite';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson('đ')).toBe('"đ"');
    expect(canonicalJson(null)).toBe('null');
  });
});

describe('audit chain', () => {
  function log() {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare("INSERT INTO meetings (id, title, status, created_at, updated_at) VALUES ('m', 't', 'published', 'x', 'x')").run();
    const rdb = sqliteRecords(db);
    return { db, audit: new AuditLog(rdb), now: <T>(g: Sql<T>): T => rdb.now(g) };
  }

  it('chains from 64 zeros with sha256(prevHash + canonical JSON of {seq, at, kind, data})', () => {
    const { audit, now } = log();
    const a = now(audit.append('m', 'poll.opened', { pollId: 'p', by: 'u' }, '2026-11-24T08:00:00.000Z'));
    const b = now(audit.append('m', 'poll.closed', { result: { yes: 2 } }, '2026-11-24T08:05:00.000Z'));
    expect(a.prevHash).toBe(genesisHash);
    expect(a.hash).toBe(entryHash(genesisHash, { seq: 1, at: a.at, kind: a.kind, data: { by: 'u', pollId: 'p' } }));
    expect(b.prevHash).toBe(a.hash);
    expect(now(audit.verify('m'))).toEqual({ ok: true, length: 2, head: b.hash, brokenAt: null });
    expect(now(audit.verify('other'))).toEqual({ ok: true, length: 0, head: genesisHash, brokenAt: null });
  });

  it('finds an edited, removed or reordered entry', () => {
    const { db, audit, now } = log();
    for (let i = 0; i < 4; i++) now(audit.append('m', 'k', { i }));
    const entries = now(audit.list('m'));
    expect(verifyChain(entries.map((e, i) => (i === 2 ? { ...e, data: { i: 9 } } : e))).brokenAt).toBe(3);
    expect(verifyChain(entries.filter((e) => e.seq !== 2)).brokenAt).toBe(3);
    expect(verifyChain([entries[1]!, entries[0]!, ...entries.slice(2)]).brokenAt).toBe(2);
    db.prepare("UPDATE audit_log SET data = '{\"i\":7}' WHERE seq = 4").run();
    expect(now(audit.verify('m'))).toMatchObject({ ok: false, brokenAt: 4 });
    db.prepare("UPDATE audit_log SET data = 'not json' WHERE seq = 1").run();
    expect(now(audit.verify('m'))).toMatchObject({ ok: false, brokenAt: 1 });
  });
});

describe('checkChoices', () => {
  const base = { question: 'Q', majority: { base: 'cast', threshold: { fraction: { num: 1, den: 2 }, strict: true } }, quorum: null } as const;
  const options = ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id }));
  const def = (d: Partial<PollDefinitionInput>) => PollDefinition.parse({ ...base, kind: 'approve', ...d });
  const cases: [string, Partial<PollDefinitionInput>, string[], string | null][] = [
    ['approve yes', {}, ['yes'], null],
    ['approve abstain', {}, ['abstain'], null],
    ['approve empty', {}, [], 'Choose one answer: yes, no or abstain.'],
    ['approve two', {}, ['yes', 'no'], 'Choose at most 1.'],
    ['approve unknown', {}, ['maybe'], '«maybe» is not on this ballot.'],
    ['single one', { kind: 'single', options }, ['a'], null],
    ['single blank', { kind: 'single', options }, [], null],
    ['single two', { kind: 'single', options }, ['a', 'b'], 'Choose at most 1.'],
    ['multiple in range', { kind: 'multiple', options, minChoices: 2, maxChoices: 3 }, ['a', 'b', 'c'], null],
    ['multiple blank', { kind: 'multiple', options, minChoices: 2, maxChoices: 3 }, [], null],
    ['multiple too many', { kind: 'multiple', options, minChoices: 2, maxChoices: 3 }, ['a', 'b', 'c', 'd'], 'Choose at most 3.'],
    ['multiple too few', { kind: 'multiple', options, minChoices: 2, maxChoices: 3 }, ['a'], 'Choose at least 2.'],
    ['multiple twice', { kind: 'multiple', options, maxChoices: 3 }, ['a', 'a'], '«a» is chosen more than once.'],
    ['election', { kind: 'election', options, seats: 2, maxChoices: 2 }, ['c', 'd'], null],
    ['election too many', { kind: 'election', options, seats: 2, maxChoices: 2 }, ['a', 'c', 'd'], 'Choose at most 2.'],
    ['election unknown', { kind: 'election', options, seats: 2, maxChoices: 2 }, ['e'], '«e» is not on this ballot.'],
  ];
  it.each(cases)('%s', (_name, d, choices, expected) => {
    expect(checkChoices(def(d), choices)).toBe(expected);
  });
});
