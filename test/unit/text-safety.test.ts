import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeUnsafeChar, findUnsafeChar, safeLine, safeMultiline, type TextShape } from '../../shared/text-safety';
import { CreateMeetingRequest } from '../../shared/api/meetings';
import { ParticipantInput } from '../../shared/api/participants';
import { TaskPayload } from '../../shared/api/tasks';
import { UploadDocumentQuery } from '../../shared/api/documents';
import { ConclusionPayload } from '../../shared/api/conclusions';
import { contract } from '../../shared/contract';
import { PollDefinition } from '../../shared/ydoc/live';

describe('findUnsafeChar', () => {
  const cases: [string, string, TextShape, string | null][] = [
    // what, text, shape, expected "kind code" or null
    ['plain Vietnamese', 'Nghị quyết về kế hoạch phát triển', 'line', null],
    ['emoji (a proper surrogate pair)', 'Họp tổ 👍', 'line', null],
    ['rare Han from the SMP', '𠀀 tên', 'line', null],
    ['RLO', 'Báo cáo\u202Efdp.exe', 'line', 'bidi U+202E'],
    ['LRO', 'a\u202Db', 'line', 'bidi U+202D'],
    ['LRE/RLE/PDF in Latin text', '\u202Aa\u202C', 'line', 'bidi U+202A'],
    ['isolates in Latin text', 'x\u2066y\u2069', 'line', 'bidi U+2066'],
    ['FSI', '\u2068x', 'line', 'bidi U+2068'],
    ['lone PDI', 'x\u2069', 'line', 'bidi U+2069'],
    ['LRM in Latin text', 'Tờ trình\u200E', 'line', 'bidi U+200E'],
    ['RLM in Latin text', '\u200FTờ trình', 'line', 'bidi U+200F'],
    ['ALM', 'x\u061Cy', 'line', 'bidi U+061C'],
    ['RLM inside Arabic text', 'مرحبا\u200F 2026', 'line', null],
    ['balanced isolate inside Hebrew text', 'שלום \u2067abc\u2069', 'line', null],
    ['unbalanced isolate inside Hebrew text', 'שלום \u2067abc', 'line', 'bidi U+2067'],
    ['override closed by the wrong pop', 'שלום \u202Eabc\u2069', 'line', 'bidi U+202E'],
    ['NUL', 'Tiêu đề\u0000', 'line', 'control U+0000'],
    ['BEL', 'a\u0007', 'line', 'control U+0007'],
    ['DEL', 'a\u007F', 'line', 'control U+007F'],
    ['C1 (NEL)', 'a\u0085b', 'line', 'control U+0085'],
    ['C1 (CSI)', 'a\u009Bb', 'line', 'control U+009B'],
    ['tab in a title', 'a\tb', 'line', 'control U+0009'],
    ['newline in a title', 'a\nb', 'line', 'line_break U+000A'],
    ['CR in a title', 'a\rb', 'line', 'line_break U+000D'],
    ['line separator in a title', 'a\u2028b', 'line', 'line_break U+2028'],
    ['newlines and tabs in long text', 'Điều 1.\n\tA\r\nB', 'multiline', null],
    ['NUL in long text', 'a\n\u0000', 'multiline', 'control U+0000'],
    ['paragraph separator in long text', 'a\u2029b', 'multiline', 'control U+2029'],
    ['bidi in long text', 'a\n\u202Eb', 'multiline', 'bidi U+202E'],
    ['lone high surrogate', 'a\uD800b', 'line', 'lone_surrogate U+D800'],
    ['lone high surrogate at the end', 'a\uDBFF', 'line', 'lone_surrogate U+DBFF'],
    ['lone low surrogate', 'a\uDC00b', 'line', 'lone_surrogate U+DC00'],
    ['reversed pair', '\uDC00\uD800', 'line', 'lone_surrogate U+DC00'],
    ['NUL before a bidi char is reported first', '\u202E\u0000', 'line', 'control U+0000'],
  ];
  it.each(cases)('%s', (_what, text, shape, expected) => {
    const found = findUnsafeChar(text, shape);
    expect(found ? `${found.kind} U+${found.codePoint.toString(16).toUpperCase().padStart(4, '0')}` : null).toBe(expected);
  });

  it('describes the field and the character', () => {
    expect(describeUnsafeChar('Title', findUnsafeChar('a\u202Eb')!)).toBe('Title contains an invisible direction-changing character (U+202E).');
    expect(describeUnsafeChar('Name', findUnsafeChar('a\u0000')!)).toBe('Name contains an invisible control character (U+0000).');
    expect(describeUnsafeChar('Name', findUnsafeChar('a\nb')!)).toBe('Name cannot contain a line break (U+000A).');
    expect(describeUnsafeChar('Title', findUnsafeChar('\uD83D')!)).toBe('Title contains a broken character (an unpaired surrogate, U+D83D).');
  });

  it('accepts any well-formed text free of controls and direction characters (property)', () => {
    const safeChar = fc
      .integer({ min: 0x20, max: 0x10ffff })
      .filter((cp) => !(cp >= 0x7f && cp <= 0x9f) && !(cp >= 0xd800 && cp <= 0xdfff) && ![0x2028, 0x2029, 0x200e, 0x200f, 0x061c].includes(cp) && !(cp >= 0x202a && cp <= 0x202e) && !(cp >= 0x2066 && cp <= 0x2069))
      .map((cp) => String.fromCodePoint(cp));
    fc.assert(fc.property(fc.array(safeChar, { maxLength: 40 }), (chars) => findUnsafeChar(chars.join('')) === null));
  });

  it('finds an override, a NUL or a lone surrogate wherever it is put in Latin/Vietnamese text (property)', () => {
    const text = fc.string({ unit: fc.constantFrom(...'abcđêệơư ABC123'.split('')), maxLength: 30 });
    const bad = fc.constantFrom('\u202E', '\u2066', '\u0000', '\u001B', '\u0085', '\uD800', '\uDFFF');
    fc.assert(
      fc.property(text, bad, text, (a, b, c) => {
        const found = findUnsafeChar(a + b + c);
        return found !== null && found.index === a.length && found.codePoint === b.charCodeAt(0);
      }),
    );
  });
});

describe('safeLine and safeMultiline', () => {
  it('NFC-normalises: decomposed Vietnamese equals composed', () => {
    const decomposed = 'Nghe\u0323\u0302 An'; // e + dot below + circumflex
    expect(decomposed).not.toBe('Nghệ An');
    expect(safeLine('Title').parse(decomposed)).toBe('Nghệ An');
    expect(safeLine('Title').parse('  Nghệ An  ')).toBe('Nghệ An');
    expect(safeMultiline('Text').parse('Đie\u0302\u0300u 1\nĐie\u0302\u0300u 2')).toBe('Điều 1\nĐiều 2');
  });

  it('keeps the schemas\' own min/max checks', () => {
    const s = safeLine('Title').min(1, 'empty').max(3);
    expect(s.safeParse('   ').error?.issues[0]?.message).toBe('empty');
    expect(s.safeParse('abcd').success).toBe(false);
    expect(s.safeParse('a\u202E').error?.issues[0]?.message).toBe('Title contains an invisible direction-changing character (U+202E).');
  });
});

describe('the schemas that take titles and names use it', () => {
  const rlo = 'Nghị quyết\u202Efdp.exe';
  const cases: [string, () => { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }, string][] = [
    ['meeting title (HTTP)', () => CreateMeetingRequest.safeParse({ title: rlo }), 'Title'],
    ['meeting venue (HTTP)', () => CreateMeetingRequest.safeParse({ title: 'x', venue: rlo }), 'Venue'],
    ['participant name', () => ParticipantInput.safeParse({ name: rlo, username: 'ab', role: 'delegate' }), 'Name'],
    ['participant unit', () => ParticipantInput.safeParse({ name: 'A', username: 'ab', role: 'delegate', unit: 'x\u0000' }), 'Unit'],
    ['document file name', () => UploadDocumentQuery.safeParse({ filename: rlo }), 'File name'],
    ['task title', () => TaskPayload.safeParse({ taskId: crypto.randomUUID(), title: rlo, unit: 'Sở', deadline: '2026-12-31' }), 'Task title'],
    ['conclusion text', () => ConclusionPayload.safeParse({ conclusionId: crypto.randomUUID(), agendaItemId: 'i', text: 'a\u0000' }), 'Conclusion'],
    ['agenda item title (core)', () => contract.agenda.add.input.safeParse({ meetingId: 'm', parentId: null, title: rlo }), 'Title'],
    ['site name (core)', () => contract.sites.add.input.safeParse({ meetingId: 'm', name: rlo, kind: 'main' }), 'Title'],
    ['document title (core)', () => contract.documents.update.input.safeParse({ meetingId: 'm', documentId: 'd', title: rlo }), 'Title'],
    ['poll question', () => PollDefinition.safeParse({ question: rlo, kind: 'approve', majority: { base: 'cast', threshold: { fraction: { num: 1, den: 2 }, strict: true } }, quorum: null }), 'Question'],
  ];
  it.each(cases)('%s', (_what, parse, label) => {
    const r = parse();
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toContain(
      `${label} contains ${label === 'Unit' || label === 'Conclusion' ? 'an invisible control character (U+0000)' : 'an invisible direction-changing character (U+202E)'}.`,
    );
  });
});
