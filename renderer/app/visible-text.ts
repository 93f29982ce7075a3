/**
 * Text that shows what it is (issue 18). New input is refused by the server when it holds
 * control, bidirectional override or isolate characters, or lone surrogates
 * (shared/text-safety.ts); rows stored before that rule may still hold them. Such a text is
 * shown with each of those characters as a visible escape like ⟨U+202E⟩ — never rendered,
 * so a title cannot display as something other than what it is. Text the rule accepts
 * (balanced direction marks in Arabic or Hebrew included) is shown unchanged. Pure, no DOM.
 */
import { findUnsafeChar, formatCodePoint, isBidiControl, type TextShape } from '../../shared/text-safety';

function hidden(cp: number, shape: TextShape): boolean {
  if (shape === 'multiline' && (cp === 0x0a || cp === 0x0d || cp === 0x09)) return false;
  return (
    cp <= 0x1f || // C0 controls, NUL included; in a title, line breaks too
    (cp >= 0x7f && cp <= 0x9f) || // DEL and C1 controls
    cp === 0x2028 ||
    cp === 0x2029 ||
    isBidiControl(cp) ||
    (cp >= 0xd800 && cp <= 0xdfff) || // a lone surrogate (for…of yields a proper pair as one code point)
    cp === 0xfeff || // zero-width no-break space
    (cp >= 0xfff9 && cp <= 0xfffb) // interlinear annotation controls
  );
}

function escapeHidden(text: string, shape: TextShape): string {
  if (findUnsafeChar(text, shape) === null) return text;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += hidden(cp, shape) ? `⟨${formatCodePoint(cp)}⟩` : ch;
  }
  return out;
}

/** A title or a name: unchanged when the text rule accepts it, else every hidden character as ⟨U+XXXX⟩. */
export function visibleText(text: string): string {
  return escapeHidden(text, 'line');
}

/** Long text (comments, conclusions): line breaks and tabs kept, everything else as visibleText. */
export function visibleMultiline(text: string): string {
  return escapeHidden(text, 'multiline');
}
