/**
 * CSV that Excel opens as it should: UTF-8 with a BOM (Vietnamese intact), CRLF, quoted
 * where needed, and text that would start a formula (= + - @) kept as text with a leading
 * apostrophe — a delegate's or secretary's words must never be computed.
 */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvText(lines: readonly (readonly string[])[]): string {
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
