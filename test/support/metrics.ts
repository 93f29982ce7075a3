/** Reading a Prometheus text scrape (/metrics, or ServerMetrics' registry) in tests. */
import { expect } from 'vitest';

/** The value of one sample, named as it stands in the scrape: `name{label="value"}`. */
export function metricValue(text: string, line: string): number {
  const m = new RegExp(`^${line.replace(/[{}"+]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text);
  if (!m) throw new Error(`no line ${line} in\n${text}`);
  return Number(m[1]);
}

/** The values of the samples named by `want`'s keys, to compare with `want` in one assertion. */
export function metricValues<K extends string>(text: string, want: Record<K, number>): Record<K, number> {
  return Object.fromEntries(Object.keys(want).map((line) => [line, metricValue(text, line)])) as Record<K, number>;
}

/** Asserts the samples named by `want`'s keys have exactly its values (one diff shows every difference). */
export function expectMetrics(text: string, want: Record<string, number>): void {
  expect(metricValues(text, want)).toEqual(want);
}
