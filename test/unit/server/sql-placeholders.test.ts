import { describe, expect, it } from 'vitest';
import { driveSync, one, toPostgresPlaceholders, type Statement } from '../../../server/records/sql';

describe('records SQL for PostgreSQL', () => {
  it('numbers ? placeholders and leaves strings, quoted names and comments alone', () => {
    expect(toPostgresPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
    expect(toPostgresPlaceholders("SELECT 'it''s ?' AS q, \"odd?name\" FROM t WHERE x = ?")).toBe("SELECT 'it''s ?' AS q, \"odd?name\" FROM t WHERE x = $1");
    expect(toPostgresPlaceholders('SELECT 1 -- why?\nFROM t WHERE y = ?')).toBe('SELECT 1 -- why?\nFROM t WHERE y = $1');
  });

  it('refuses an unterminated string instead of guessing', () => {
    expect(() => toPostgresPlaceholders("SELECT 'oops FROM t WHERE a = ?")).toThrow('Unterminated string in SQL');
  });
});

describe('driving a records function', () => {
  it('hands each answer back and throws a failed statement into the function', () => {
    const seen: Statement[] = [];
    function* f() {
      const a = yield* one<{ n: number }>('SELECT ?', 1);
      try {
        yield* one('BROKEN');
      } catch (e) {
        return `${a!.n}:${(e as Error).message}`;
      }
      return 'not reached';
    }
    const out = driveSync(f(), (s) => {
      seen.push(s);
      if ('sql' in s && s.sql === 'BROKEN') throw new Error('syntax error');
      return { n: 7 };
    });
    expect(out).toBe('7:syntax error');
    expect(seen).toHaveLength(2);
  });
});
