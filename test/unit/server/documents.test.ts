import { describe, expect, it } from 'vitest';
import { cleanTitle, sniffType } from '../../../server/documents/inspect-pdf';
import { formatSize } from '../../../server/documents/upload';
import { generateInitialPassword, hashInitialPassword, initialPasswordLength, verifyPassword } from '../../../server/auth/passwords';
import { mapLimit } from '../../../server/concurrency';

describe('document title', () => {
  it.each([
    ['Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2027', 'Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2027'],
    ['  Báo cáo\r\n tổng kết \u0000 ', 'Báo cáo tổng kết'],
    ['Microsoft Word - Document1', 'To trinh 15-TTr'],
    ['Untitled', 'To trinh 15-TTr'],
    ['PowerPoint Presentation', 'To trinh 15-TTr'],
    ['bao-cao-final.docx', 'To trinh 15-TTr'],
    ['', 'To trinh 15-TTr'],
    ['---', 'To trinh 15-TTr'],
    ['B\ufffdo c\ufffdo', 'To trinh 15-TTr'],
    [undefined, 'To trinh 15-TTr'],
  ])('%j → %j', (raw, expected) => {
    expect(cleanTitle(raw, 'To trinh 15-TTr.PDF')).toBe(expected);
  });
});

describe('file type sniffing', () => {
  it('names common files renamed to .pdf', () => {
    expect(sniffType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toMatch(/Word/);
    expect(sniffType(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1]))).toMatch(/97–2003/);
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('JPEG image');
    expect(sniffType(Buffer.from('{\\rtf1\\ansi'))).toBe('RTF');
    expect(sniffType(Buffer.from('plain text'))).toBeNull();
    expect(sniffType(Buffer.alloc(0))).toBeNull();
  });
});

describe('sizes in messages', () => {
  it.each([
    [612 * 1024 * 1024, '612 MB'],
    [500 * 1024 * 1024, '500 MB'],
    [1.5 * 1024 * 1024, '1.5 MB'],
    [200 * 1024, '200 KB'],
    [10, '1 KB'],
  ])('%d → %s', (bytes, text) => expect(formatSize(bytes)).toBe(text));
});

describe('initial passwords', () => {
  it('are unambiguous, random and verify', async () => {
    const all = Array.from({ length: 200 }, generateInitialPassword);
    expect(new Set(all).size).toBe(200);
    for (const p of all) {
      expect(p).toHaveLength(initialPasswordLength);
      expect(p).not.toMatch(/[0O1lI5S2Z]/);
    }
    const hash = await hashInitialPassword(all[0]!);
    expect(hash.startsWith('scrypt$4096$8$1$')).toBe(true);
    expect(await verifyPassword(all[0]!, hash)).toBe(true);
    expect(await verifyPassword(all[1]!, hash)).toBe(false);
  });
});

describe('mapLimit', () => {
  it('keeps order and never exceeds the limit', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10 + i;
    });
    expect(out).toEqual([50, 11, 42, 23, 34, 5]);
    expect(peak).toBe(2);
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
