/**
 * Times are formatted in one place (renderer/app/format.ts) in the meeting's zone. A
 * screen that formats a date itself (toLocaleTimeString, its own Intl.DateTimeFormat,
 * getHours) shows the device's zone: on a UTC laptop "01:22" for a check-in at 08:22.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../renderer');
const helpers = new Set(['app/format.ts', 'app/timezone.ts']);
const ownFormatting = /\.toLocale(?:Time|Date)?String\(|new Intl\.DateTimeFormat\(|\.get(?:UTC)?(?:Hours|Minutes)\(/;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('one time formatter', () => {
  it('no screen formats a time itself', () => {
    const offenders = files(root)
      .map((f) => path.relative(root, f).split(path.sep).join('/'))
      .filter((rel) => !helpers.has(rel))
      .flatMap((rel) =>
        fs
          .readFileSync(path.join(root, rel), 'utf8')
          .split('\n')
          .flatMap((line, i) => (ownFormatting.test(line) ? [`${rel}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});
