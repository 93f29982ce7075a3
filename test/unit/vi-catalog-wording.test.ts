/**
 * One spelling and one word per thing in the Vietnamese UI (issue 16): the modern tone
 * placement ("Hủy", "Xóa", "khóa", not "Huỷ", "Xoá", "khoá"), "Tán thành" for the
 * approve ballot (never "Đồng ý" beside it), no "điểm cầu Điểm cầu …" from a template that
 * names the kind before a site name which already does, and a decimal comma in percentages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPercent, percentText } from '../../shared/domain/result-wording';
import { approveOptions } from '../../shared/domain/tally';

const dir = path.resolve(__dirname, '../../renderer/i18n');
const catalogs = fs.readdirSync(dir).filter((f) => f === 'vi.json' || f.endsWith('.vi.json'));
const englishCatalogs = fs.readdirSync(dir).filter((f) => f === 'en.json' || f.endsWith('.en.json'));

function strings(file: string): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') out.push({ key, text: v });
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, key ? `${key}.${k}` : k);
  };
  walk(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), '');
  return out;
}

const found = (files: string[], bad: RegExp) => files.flatMap((f) => strings(f).filter((s) => bad.test(s.text.normalize('NFC'))).map((s) => `${f} ${s.key}: ${s.text}`));

// An open syllable oa/oe/uy with the tone on its second vowel (old style), except after q (quý).
const oldTonePlacement = /(?<![qQ])(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![A-Za-zÀ-ỹĐđ])/u;

describe('Vietnamese catalogs', () => {
  it('finds catalogs to check', () => {
    expect(catalogs).toContain('vi.json');
    expect(catalogs.length).toBeGreaterThan(3);
  });

  it('the pattern tells the old tone placement from the modern one', () => {
    for (const old of ['Huỷ', 'Xoá', 'khoá', 'hoà', 'Uỷ ban', 'thuỷ']) expect(oldTonePlacement.test(old)).toBe(true);
    for (const modern of ['Hủy', 'Xóa', 'khóa', 'hòa', 'Ủy ban', 'quý', 'hoàn', 'Thoát', 'quỹ']) expect(oldTonePlacement.test(modern)).toBe(false);
  });

  it('spell "Hủy", "Xóa" and their kind the modern way everywhere', () => {
    expect(found(catalogs, oldTonePlacement)).toEqual([]);
  });

  it('use "Tán thành" for the approve ballot, never "Đồng ý" beside it', () => {
    expect(found(catalogs, /đồng ý/i)).toEqual([]);
    expect(approveOptions.map((o) => o.label)).toEqual(['Tán thành', 'Không tán thành', 'Không biểu quyết']);
  });

  it('do not put the word for a site before a site name, which already says it', () => {
    expect(found(catalogs, /điểm cầu\s*[«“"]?\{\{/i)).toEqual([]);
    expect(found(englishCatalogs, /\bsite\s*[«“"]?\{\{/i)).toEqual([]);
  });
});

describe('percentages', () => {
  it('take a decimal comma in Vietnamese, on screen and in PDFs alike', () => {
    expect(formatPercent(3, 8, 'vi')).toBe('37,5%');
    expect(formatPercent(3, 8, 'en')).toBe('37.5%');
    expect(percentText(50, 'vi', { fixed: true })).toBe('50,0%');
    expect(percentText(1234.5, 'vi')).toBe('1234,5%');
  });
});
