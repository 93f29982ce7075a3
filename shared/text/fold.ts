/**
 * The one Vietnamese folding of the app, for every search and every comparison of
 * people's spellings: "nghi quyet" finds "nghị quyết" and "duong" finds "Đường". NFD
 * splits a letter from its marks, the marks are dropped, and đ/Đ (a letter of its own, not
 * d + a mark) is mapped to d by hand.
 */

const combining = /\p{M}/u;
const marks = /\p{M}/gu;

/** The text without tone and vowel marks, đ/Đ as d/D; case kept. */
export function withoutMarks(s: string): string {
  return s.normalize('NFD').replace(marks, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** Lower case, no marks, đ→d, single spaces: how names, roles and passages are compared. */
export function fold(s: string): string {
  return withoutMarks(s).toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * đ/Đ to d/D and nothing else, one UTF-16 unit for another so offsets stay the same: for
 * SQLite's unicode61 tokenizer (remove_diacritics 2), which folds the marks but not đ.
 */
export function foldD(text: string): string {
  return text.replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** Folded text that keeps a map back to the original offsets, so a hit can be highlighted in the real text. */
export interface Folded {
  text: string;
  /** For each folded UTF-16 unit, the offset of the original unit it came from. */
  origin: Int32Array;
}

export function foldWithOffsets(original: string): Folded {
  let text = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of original) {
    const start = i;
    i += ch.length;
    for (const part of ch.normalize('NFD')) {
      if (combining.test(part)) continue;
      let p = part.toLowerCase();
      if (p === 'đ') p = 'd';
      // Runs of whitespace (line ends between text items) match one space in the query.
      if (/\s/.test(p)) {
        if (text.endsWith(' ')) continue;
        p = ' ';
      }
      for (let k = 0; k < p.length; k++) origin.push(start);
      text += p;
    }
  }
  return { text, origin: Int32Array.from(origin) };
}

export function foldQuery(query: string): string {
  return foldWithOffsets(query.trim()).text;
}

export interface TextRange {
  start: number;
  end: number;
}

const wordChar = /[\p{L}\p{N}]/u;

/**
 * Every occurrence of an already-folded query, as ranges of the original text. `wholeWord`
 * keeps only hits that are words of their own ("ngan" in "ngân", not in "ngành").
 */
export function findAll(folded: Folded, originalLength: number, query: string, wholeWord = false): TextRange[] {
  if (!query) return [];
  const out: TextRange[] = [];
  let from = 0;
  for (;;) {
    const at = folded.text.indexOf(query, from);
    if (at < 0) return out;
    const lastFolded = at + query.length;
    if (wholeWord && (wordChar.test(folded.text[at - 1] ?? '') || wordChar.test(folded.text[lastFolded] ?? ''))) {
      from = at + 1;
      continue;
    }
    const start = folded.origin[at] ?? 0;
    const end = lastFolded < folded.origin.length ? (folded.origin[lastFolded] ?? originalLength) : originalLength;
    out.push({ start, end: Math.max(end, start + 1) });
    from = at + Math.max(1, query.length);
  }
}
