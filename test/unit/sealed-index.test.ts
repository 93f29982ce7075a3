/**
 * The index of confidential pages on a real SQLite store: searchable with Vietnamese
 * folding, yet neither the database file nor its WAL holds a word of the pages — and a
 * store reopened with its key finds them again, while another key finds nothing.
 */
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openLocalDb } from '../../main/core/db';
import { deriveKeys } from '../../main/core/at-rest';
import { SealedPageIndex, mergeResults } from '../../main/core/sealed-index';
import { foldD } from '../../shared/text/fold';
import { tempDir } from '../support/temp';

const sha = 'a'.repeat(64);
const pages = [
  { page: 1, text: 'Dự thảo Nghị quyết về phát triển mạng lưới Đường bộ cao tốc giai đoạn 2026–2030' },
  { page: 2, text: '' },
  { page: 3, text: 'Tổng mức đầu tư dự kiến khoảng 812 nghìn tỷ đồng, huy động từ nhiều nguồn' },
];
const docs = [{ documentId: 'd1', title: 'Nghị quyết', sha256: sha }];

function storeBytes(dir: string): string {
  return ['opencabinet.sqlite', 'opencabinet.sqlite-wal']
    .map((f) => path.join(dir, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('utf8'))
    .join('\n');
}

describe('the sealed page index', () => {
  it('finds confidential pages with or without diacritics, and keeps none of their words on disk', () => {
    const dir = tempDir();
    const key = crypto.randomBytes(32);
    const db = openLocalDb(dir);
    const index = new SealedPageIndex(db, deriveKeys(key).index);
    expect(index.put(sha, pages)).toBe(2);
    expect(index.pages(sha)).toBe(2);

    for (const q of ['nghi quyet', 'NGHỊ QUYẾT', 'duong bo', 'Đường', 'dau tu']) {
      expect(index.search(q, docs, 50).totalHits, q).toBeGreaterThan(0);
    }
    const hit = index.search('duong bo cao toc', docs, 50).groups[0]!.hits[0]!;
    expect(hit.page).toBe(1);
    expect(hit.snippet.replace(/[\u0002\u0003]/g, '')).toContain('Đường bộ cao tốc');
    expect(index.pageTextsOf(sha).map((p) => p.page)).toEqual([1, 3]);

    const onDisk = storeBytes(dir);
    for (const w of ['Nghị quyết', 'Đường bộ cao tốc', 'huy động', 'nguồn']) {
      expect(onDisk.includes(w), w).toBe(false);
      expect(onDisk.includes(foldD(w)), w).toBe(false);
    }
    expect(onDisk.includes('cao tốc')).toBe(false);
    db.close();

    // Reopened with the same key: the in-memory index is built again from the sealed rows.
    const db2 = openLocalDb(dir);
    const again = new SealedPageIndex(db2, deriveKeys(key).index);
    expect(again.search('nghi quyet', docs, 50).totalHits).toBe(1);
    again.remove(sha);
    expect(again.search('nghi quyet', docs, 50).totalHits).toBe(0);
    expect(again.pages(sha)).toBe(0);
    db2.close();
  });

  it('finds nothing, and does not fail, with another device key (a copied folder)', () => {
    const dir = tempDir();
    const db = openLocalDb(dir);
    new SealedPageIndex(db, deriveKeys(crypto.randomBytes(32)).index).put(sha, pages);
    const thief = new SealedPageIndex(db, deriveKeys(crypto.randomBytes(32)).index);
    expect(thief.search('nghi quyet', docs, 50).totalHits).toBe(0);
    expect(thief.pageTextsOf(sha)).toEqual([]);
    db.close();
  });

  it('merges with the plain index in the pack order, within the limit', () => {
    const a = { query: 'x', groups: [{ documentId: 'd2', title: 'B', hits: [{ page: 1, snippet: 'b' }] }], totalHits: 1, tookMs: 1 };
    const b = { query: 'x', groups: [{ documentId: 'd1', title: 'A', hits: [{ page: 1, snippet: 'a' }, { page: 2, snippet: 'a2' }] }], totalHits: 2, tookMs: 1 };
    const merged = mergeResults(a, b, [{ documentId: 'd1' }, { documentId: 'd2' }], 2);
    expect(merged.groups.map((g) => g.documentId)).toEqual(['d1']);
    expect(merged.totalHits).toBe(2);
    expect(mergeResults(a, b, [{ documentId: 'd1' }, { documentId: 'd2' }], 10).groups.map((g) => g.documentId)).toEqual(['d1', 'd2']);
  });
});
