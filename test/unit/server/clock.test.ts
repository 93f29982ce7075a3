/** The test-only clock of --clock-file: what the file may say, and that a change is read. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileClock, parseClockText } from '../../../server/clock';

describe('test clock', () => {
  it('reads an ISO instant, a millisecond offset, or nothing', () => {
    expect(parseClockText('2026-10-05T23:59:00+07:00')).toEqual({ at: Date.parse('2026-10-05T16:59:00Z') });
    expect(parseClockText(' 172800000\n')).toEqual({ offset: 172_800_000 });
    expect(parseClockText('-5000')).toEqual({ offset: -5000 });
    expect(parseClockText('')).toEqual({ offset: 0 });
    expect(() => parseClockText('tomorrow')).toThrow(/neither an ISO date/);
  });

  it('follows the file as it changes, logs each change, and keeps the last good value', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-clock-'));
    const file = path.join(dir, 'clock');
    const logged: string[] = [];
    const clock = fileClock(file, (level, msg) => logged.push(`${level} ${msg}`));
    try {
      expect(Math.abs(clock() - Date.now())).toBeLessThan(1000); // no file: the system clock
      fs.writeFileSync(file, '2030-01-01T00:00:00Z');
      expect(clock()).toBe(Date.parse('2030-01-01T00:00:00Z'));
      fs.writeFileSync(file, String(2 * 86_400_000));
      expect(Math.abs(clock() - (Date.now() + 2 * 86_400_000))).toBeLessThan(1000);
      fs.writeFileSync(file, 'garbage text');
      expect(Math.abs(clock() - (Date.now() + 2 * 86_400_000))).toBeLessThan(1000);
      expect(logged.filter((l) => l.startsWith('warn TEST CLOCK'))).toHaveLength(3);
      expect(logged.some((l) => l.startsWith('error TEST CLOCK'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
