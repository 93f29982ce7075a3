import { describe, expect, it } from 'vitest';
import { parseParticipantsCsv, parseCsv } from '../../shared/domain/participants-import';
import { fold } from '../../shared/text/fold';
import { decodeOfficeText } from '../../main/core/text-decode';

const header = 'Họ và tên,Tên đăng nhập,Chức vụ,Đơn vị,Vai trò,Điểm cầu,Email';

describe('parseCsv', () => {
  it.each([
    ['a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['a;b\r\n1;2\r\n', [['a', 'b'], ['1', '2']]],
    ['"x, y","say ""hi"""\n', [['x, y', 'say "hi"']]],
    ['"multi\nline",z', [['multi\nline', 'z']]],
  ])('%j', (text, want) => expect(parseCsv(text)).toEqual(want));
});

describe('fold', () => {
  it('drops diacritics and folds đ', () => expect(fold('  Đại  Biểu ')).toBe('dai bieu'));
});

describe('parseParticipantsCsv', () => {
  it('reads Vietnamese headers and roles', () => {
    const r = parseParticipantsCsv(`${header}\nNguyễn Văn An,an.nv,Bộ trưởng,Bộ Tài chính,Đại biểu,Hội trường,an@mof.gov.vn\nTrần Thị Bình,binh.tt,,Văn phòng Chính phủ,thư ký,,`);
    expect(r.problems).toEqual([]);
    expect(r.rows).toMatchObject([
      { row: 2, name: 'Nguyễn Văn An', username: 'an.nv', role: 'delegate', site: 'Hội trường', email: 'an@mof.gov.vn' },
      { row: 3, name: 'Trần Thị Bình', username: 'binh.tt', role: 'secretariat', position: null, site: null },
    ]);
  });

  it('reads English headers in another order, with semicolons', () => {
    const r = parseParticipantsCsv('role;name;username\nchair;Lê Văn C;lvc\nobserver;Phạm D;pd');
    expect(r.rows.map((x) => x.role)).toEqual(['chair', 'observer']);
  });

  const bad: [string, string, RegExp][] = [
    ['missing columns', 'Họ và tên,Email\nA,a@b.vn', /Missing columns: username, role/],
    ['empty file', '', /empty/],
    ['header only', header, /no participants/],
    ['unknown role', `${header}\nA,aa,,,president,,`, /row|Unknown role "president"/],
    ['duplicate in file', `${header}\nA,same,,,delegate,,\nB,same,,,delegate,,`, /already used on row 2/],
    ['bad user name', `${header}\nA,Có Dấu,,,delegate,,`, /not a valid user name/],
    ['bad email', `${header}\nA,aa,,,delegate,,not-mail`, /not an e-mail/],
    ['empty name', `${header}\n,aa,,,delegate,,`, /name is empty/],
  ];
  it.each(bad)('refuses %s with a message naming the row', (_n, text, msg) => {
    const r = parseParticipantsCsv(text);
    expect(r.problems.map((p) => p.message).join(' ')).toMatch(msg);
    for (const p of r.problems) expect(p.row).toBeGreaterThanOrEqual(1);
  });

  it('refuses user names already in the meeting', () => {
    const r = parseParticipantsCsv(`${header}\nA,delegate01,,,delegate,,`, ['Delegate01']);
    expect(r.rows).toEqual([]);
    expect(r.problems[0]).toMatchObject({ row: 2, column: 'username' });
  });
});

describe('decodeOfficeText', () => {
  const expected = 'Nguyễn Văn Đức';
  it('UTF-8 with BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(expected)]);
    expect(decodeOfficeText(bytes)).toEqual({ text: expected, encoding: 'utf-8 (BOM)' });
  });
  it('plain UTF-8', () => expect(decodeOfficeText(new TextEncoder().encode(expected)).text).toBe(expected));
  it('Windows-1258 with combining tone marks comes out as NFC', () => {
    // "Nguyễn Văn Đức" in CP1258: ễ = ê(0xEA) + combining tilde (0xDE); ứ = ư(0xFD) + acute (0xEC); Đ = 0xD0; ă = 0xE3
    const cp1258 = new Uint8Array([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e, 0x20, 0x56, 0xe3, 0x6e, 0x20, 0xd0, 0xfd, 0xec, 0x63]);
    const r = decodeOfficeText(cp1258);
    expect(r.encoding).toBe('windows-1258');
    expect(r.text).toBe(expected);
  });
  it('UTF-16LE from Excel', () => {
    const body = Buffer.from(expected, 'utf16le');
    expect(decodeOfficeText(new Uint8Array([0xff, 0xfe, ...body])).text).toBe(expected);
  });
});
