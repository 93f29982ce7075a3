/** HTTP Range parsing (RFC 9110), for the server's blob route and the shells' local blob route. */
export type ByteRange = { start: number; end: number };

/** undefined = no usable Range header (serve everything); null = unsatisfiable. */
export function parseRange(header: string | undefined | null, size: number): ByteRange | null | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple ranges or other units: RFC 9110 lets a server ignore Range and send it all.
  if (!m) return header.trim().startsWith('bytes=') && header.includes(',') ? undefined : null;
  const [, a, b] = m as unknown as [string, string, string];
  if (a === '' && b === '') return null;
  if (a === '') {
    const n = Number(b);
    if (n === 0 || size === 0) return null;
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || start > end) return null;
  return { start, end };
}
