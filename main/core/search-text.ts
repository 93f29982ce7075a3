/**
 * How text is prepared for search. SQLite's unicode61 tokenizer with remove_diacritics 2
 * folds case and Vietnamese tone and vowel marks ("nghị quyết" ≡ "nghi quyet"), but not
 * đ/Đ, which is a letter of its own in Unicode: shared/text's foldD folds it, on both the
 * indexed text and the query.
 */
import { foldD } from '../../shared/text/fold';

/**
 * A person's query as an FTS5 expression: every word must appear (in any order), the last
 * one as a prefix so results come while typing; "quoted phrases" stay phrases. FTS5
 * syntax characters typed by the person are treated as text, never as operators.
 */
export function ftsQuery(input: string): string | null {
  const folded = foldD(input.normalize('NFC'));
  const parts: string[] = [];
  const re = /"([^"]*)"|([\p{L}\p{N}]+)/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(folded))) {
    if (m[1] !== undefined) {
      const words = m[1].match(/[\p{L}\p{N}]+/gu);
      if (words?.length) parts.push(`"${words.join(' ')}"`);
    } else parts.push(`"${m[2]}"`);
  }
  if (parts.length === 0) return null;
  const last = parts[parts.length - 1]!;
  if (!/ /.test(last)) parts[parts.length - 1] = `${last}*`;
  return parts.join(' ');
}

/**
 * FTS5's snippet() works on the folded column; show the person the original words.
 * The snippet is a window of the folded text with markers and ellipses added: find the
 * window, then copy the same characters from the original.
 */
export function restoreSnippet(snippet: string, folded: string, original: string, open = '\u0002', close = '\u0003'): string {
  let core = snippet;
  let prefix = '';
  let suffix = '';
  const plain = (s: string) => s.split(open).join('').split(close).join('');
  if (!folded.includes(plain(core)) && core.startsWith('…')) {
    core = core.slice(1);
    prefix = '…';
  }
  if (!folded.includes(plain(core)) && core.endsWith('…')) {
    core = core.slice(0, -1);
    suffix = '…';
  }
  const at = folded.indexOf(plain(core));
  if (at < 0) return snippet;
  let out = prefix;
  let i = at;
  for (const ch of core) {
    if (ch === open || ch === close) out += ch;
    else out += original.slice(i, (i += ch.length));
  }
  return out + suffix;
}
