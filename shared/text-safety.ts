/**
 * Text that shows what it is (issue 18). A title or a name must not be able to display as
 * something other than what it is: a right-to-left override (U+202E) turns
 * "Báo cáo‮fdp.exe" into something that reads as a PDF, a NUL or other control character
 * hides or cuts text, and a lone surrogate is not text at all (it breaks JSON, SQLite
 * collation and pdf rendering differently in each place).
 *
 * One rule, used by every schema that takes text from a person (shared/api/*.ts,
 * shared/contract.ts, shared/ydoc/live.ts) and by the sync server for what a secretariat
 * writes straight into `meeting/<id>`. Accepted text is NFC-normalised, so "ệ" typed as
 * e + U+0323 + U+0302 is the same string as the composed "ệ" (search, sorting, equality).
 */
import { z } from 'zod';

/** `line`: titles and names (no line breaks). `multiline`: long text (newline and tab allowed). */
export type TextShape = 'line' | 'multiline';

export type UnsafeKind = 'lone_surrogate' | 'control' | 'line_break' | 'bidi';

export interface UnsafeChar {
  kind: UnsafeKind;
  /** The code unit or code point, e.g. 0x202e. */
  codePoint: number;
  /** Index in the string (code units). */
  index: number;
}

/** Embeddings, overrides, isolates and the marks that change how text around them is ordered. */
const bidiOpeners = new Map<number, 'embed' | 'isolate'>([
  [0x202a, 'embed'], // LRE
  [0x202b, 'embed'], // RLE
  [0x202d, 'embed'], // LRO
  [0x202e, 'embed'], // RLO
  [0x2066, 'isolate'], // LRI
  [0x2067, 'isolate'], // RLI
  [0x2068, 'isolate'], // FSI
]);
const pdf = 0x202c; // pops an embedding or override
const pdi = 0x2069; // pops an isolate
const bidiMarks = new Set([0x200e, 0x200f, 0x061c]); // LRM, RLM, ALM

export function isBidiControl(cp: number): boolean {
  return bidiOpeners.has(cp) || cp === pdf || cp === pdi || bidiMarks.has(cp);
}

/** Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, their presentation forms and SMP blocks). */
function isRtlLetter(cp: number): boolean {
  return (
    (cp >= 0x0590 && cp <= 0x08ff && !isBidiControl(cp)) ||
    (cp >= 0xfb1d && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfefe) ||
    (cp >= 0x10800 && cp <= 0x10fff) ||
    (cp >= 0x1e800 && cp <= 0x1efff)
  );
}

/**
 * Direction controls are legitimate only in right-to-left text, and only balanced: every
 * embedding/override closed by PDF and every isolate by PDI, properly nested, nothing left
 * open to reorder what follows the text where it is shown.
 */
function bidiAllowed(text: string): boolean {
  let rtl = false;
  const stack: ('embed' | 'isolate')[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isRtlLetter(cp)) rtl = true;
    const opener = bidiOpeners.get(cp);
    if (opener) stack.push(opener);
    else if (cp === pdf) {
      if (stack.pop() !== 'embed') return false;
    } else if (cp === pdi) {
      if (stack.pop() !== 'isolate') return false;
    }
  }
  return rtl && stack.length === 0;
}

/** The first character that makes this text unsafe to show, or null. */
export function findUnsafeChar(text: string, shape: TextShape = 'line'): UnsafeChar | null {
  let bidiAt: UnsafeChar | null = null;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a proper pair: an astral character (emoji, rare Han), fine
        continue;
      }
      return { kind: 'lone_surrogate', codePoint: unit, index: i };
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return { kind: 'lone_surrogate', codePoint: unit, index: i };
    if (unit === 0x0a || unit === 0x0d || unit === 0x2028 || unit === 0x2029) {
      // CR, LF; the Unicode separators are refused in long text too (nothing types them).
      if (shape === 'line') return { kind: 'line_break', codePoint: unit, index: i };
      if (unit > 0xff) return { kind: 'control', codePoint: unit, index: i };
      continue;
    }
    if (unit === 0x09 && shape === 'multiline') continue;
    if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f)) return { kind: 'control', codePoint: unit, index: i };
    if (!bidiAt && isBidiControl(unit)) bidiAt = { kind: 'bidi', codePoint: unit, index: i };
  }
  if (bidiAt && !bidiAllowed(text)) return bidiAt;
  return null;
}

export function formatCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A sentence naming the field and the character, e.g. "Title contains an invisible direction-changing character (U+202E)." */
export function describeUnsafeChar(label: string, found: UnsafeChar): string {
  const cp = formatCodePoint(found.codePoint);
  switch (found.kind) {
    case 'lone_surrogate':
      return `${label} contains a broken character (an unpaired surrogate, ${cp}).`;
    case 'line_break':
      return `${label} cannot contain a line break (${cp}).`;
    case 'bidi':
      return `${label} contains an invisible direction-changing character (${cp}).`;
    case 'control':
      return `${label} contains an invisible control character (${cp}).`;
  }
}

/** The zod refinement: refuses unsafe text with a message naming `label` and the character. */
export function refineSafeText(label: string, shape: TextShape = 'line') {
  return (value: string, ctx: z.RefinementCtx): void => {
    const found = findUnsafeChar(value, shape);
    if (found) ctx.addIssue({ code: 'custom', message: describeUnsafeChar(label, found) });
  };
}

/**
 * A title or a name: checked, trimmed, NFC. Chain `.min()`/`.max()` as usual; the label
 * starts the refusal sentence ("Title", "The participant's name").
 */
export function safeLine(label: string) {
  return z.string().superRefine(refineSafeText(label, 'line')).trim().normalize('NFC');
}

/** Long text (a conclusion, a note, a reason): newlines and tabs allowed, otherwise as safeLine. */
export function safeMultiline(label: string) {
  return z.string().superRefine(refineSafeText(label, 'multiline')).trim().normalize('NFC');
}
