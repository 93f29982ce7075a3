import { ApiError } from '../../shared/errors';

/**
 * The core answers a bad input with `invalid_input` and one sentence per field, each
 * prefixed with the field's path ("endsAt: The meeting must end after it starts."). This
 * splits that sentence back onto the form's fields; what names no known field stays in
 * `rest`, to be shown above the form.
 */
export function splitFieldErrors<F extends string>(err: unknown, fields: readonly F[]): { byField: Partial<Record<F, string>>; rest: string | null } {
  if (!(err instanceof ApiError) || err.code !== 'invalid_input') return { byField: {}, rest: null };
  const byField: Partial<Record<F, string>> = {};
  const alternatives = fields.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  if (!alternatives) return { byField, rest: err.message };
  // Field paths may be nested ("participant.email"); the last segment names the field.
  const pattern = new RegExp(`(?:^|\\s)(?:[A-Za-z0-9_]+\\.)*(${alternatives}): `, 'g');
  const marks = [...err.message.matchAll(pattern)];
  if (marks.length === 0) return { byField, rest: err.message };
  const rest = err.message.slice(0, marks[0]!.index).trim();
  marks.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : err.message.length;
    const field = m[1] as F;
    const text = err.message.slice(start, end).trim();
    byField[field] = byField[field] ? `${byField[field]} ${text}` : text;
  });
  return { byField, rest: rest || null };
}
