/** Issue 18: rows stored before the text rules are shown with hidden characters made visible. */
import { describe, expect, it } from 'vitest';
import { visibleMultiline, visibleText } from '../../renderer/app/visible-text';

describe('visibleText', () => {
  it.each([
    ['Nghị quyết số 15', 'Nghị quyết số 15'],
    ['báo cáo\u202Efdp.exe', 'báo cáo⟨U+202E⟩fdp.exe'],
    ['a\u0000b', 'a⟨U+0000⟩b'],
    ['x\u2066y\u2069', 'x⟨U+2066⟩y⟨U+2069⟩'],
    ['lone \uD800 surrogate', 'lone ⟨U+D800⟩ surrogate'],
    ['pair 😀 kept', 'pair 😀 kept'],
    ['line\nbreak', 'line⟨U+000A⟩break'],
    ['\u200Fmark\uFEFF', '⟨U+200F⟩mark⟨U+FEFF⟩'],
    ['Đường bộ cao tốc', 'Đường bộ cao tốc'],
    ['עברית', 'עברית'],
    // Balanced direction marks in right-to-left text are accepted by the rule: shown as they are.
    ['⁧שלום⁩', '⁧שלום⁩'],
  ])('%j → %j', (input, shown) => expect(visibleText(input)).toBe(shown));

  it('keeps line breaks in multi-line text and escapes the rest', () => {
    expect(visibleMultiline('Kết luận:\n1. \u202Eabc')).toBe('Kết luận:\n1. ⟨U+202E⟩abc');
    expect(visibleMultiline('a\tb\u0000')).toBe('a\tb⟨U+0000⟩');
  });
});
