/**
 * How text is prepared for search. SQLite's unicode61 tokenizer with remove_diacritics 2
 * folds case and Vietnamese tone and vowel marks ("nghị quyết" ≡ "nghi quyet"), but not
 * đ/Đ, which is a letter of its own in Unicode: shared/text's foldD folds it, on both the
 * indexed text and the query.
 */
import type { SearchResultGroup, SearchResults } from '../../shared/contract';
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

/** One FTS hit as both indexes read it: the page, its text, the folded body and the snippet with markers. */
export interface PageHit {
  sha256: string;
  page: number;
  text: string;
  body: string;
  snip: string;
}

/**
 * Hits grouped by document in the pack's order (`docs`), pages in order within each, with
 * snippets restored to the page's own spelling.
 */
export function groupHits(
  hits: PageHit[],
  docs: { documentId: string; sha256: string; title: string }[],
  query: string,
  started: number,
): SearchResults {
  const bySha = new Map(docs.map((d) => [d.sha256, d]));
  const groups = new Map<string, SearchResultGroup>();
  for (const h of hits) {
    const d = bySha.get(h.sha256)!;
    let g = groups.get(d.documentId);
    if (!g) groups.set(d.documentId, (g = { documentId: d.documentId, title: d.title, hits: [] }));
    g.hits.push({ page: h.page, snippet: restoreSnippet(h.snip, h.body, h.text) });
  }
  const order = new Map(docs.map((d, i) => [d.documentId, i]));
  const sorted = [...groups.values()].sort((a, b) => order.get(a.documentId)! - order.get(b.documentId)!);
  for (const g of sorted) g.hits.sort((a, b) => a.page - b.page);
  return { query, groups: sorted, totalHits: hits.length, tookMs: +(performance.now() - started).toFixed(2) };
}
