/**
 * Text that shows what it is (issue 18). New input is refused by the server when it holds
 * control, bidirectional override or isolate characters, or lone surrogates
 * (shared/text-safety.ts); rows stored before that rule may still hold them. Such a row is
 * shown with each of those characters as a visible escape like ⟨U+202E⟩ — never rendered,
 * so a title cannot display as something other than what it is. Pure, no DOM.
 */

/** Code points that change how surrounding text looks, or that nobody can see. */
function hidden(cp: number): boolean {
  return (
    cp <= 0x1f || // C0 controls, NUL included (tab and newlines too: a title is one line)
    (cp >= 0x7f && cp <= 0x9f) || // DEL and C1 controls
    cp === 0x061c || // Arabic letter mark
    cp === 0x200e ||
    cp === 0x200f || // LRM, RLM
    (cp >= 0x202a && cp <= 0x202e) || // embeddings and overrides
    (cp >= 0x2066 && cp <= 0x2069) || // isolates
    (cp >= 0xd800 && cp <= 0xdfff) || // a lone surrogate (a paired one never reaches here)
    cp === 0xfeff || // zero-width no-break space / BOM
    (cp >= 0xfff9 && cp <= 0xfffb) // interlinear annotation controls
  );
}

const escape = (cp: number) => `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;

/** The text with every hidden or direction-changing character replaced by ⟨U+XXXX⟩. */
export function visibleText(text: string): string {
  let out = '';
  // for…of walks code points and yields a lone surrogate as itself.
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += hidden(cp) ? escape(cp) : ch;
  }
  return out;
}

/** Multi-line text (comments, conclusions): line breaks kept, everything else as visibleText. */
export function visibleMultiline(text: string): string {
  return text
    .split(/\r\n|\n/)
    .map(visibleText)
    .join('\n');
}
