/**
 * Vietnamese is the default and English the second language from day one: every text in
 * one exists in the other, with the same {{placeholders}}, and every refusal the server
 * can give has a text in both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refusalReasons } from '../../shared/api/outbox';

const dir = path.resolve(import.meta.dirname, '../../renderer/i18n');
const namespaces = ['', 'reader.', 'voting.', 'seating.', 'followup.', 'devices.', 'records.', 'room.', 'audit.', 'organisations.'];

type Tree = { [k: string]: string | Tree };
function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const load = (ns: string, lang: string) => flatten(JSON.parse(fs.readFileSync(path.join(dir, `${ns}${lang}.json`), 'utf8')) as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
// i18next plural forms differ by language (Vietnamese has only "other").
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

describe('UI texts', () => {
  for (const ns of namespaces) {
    it(`has the same keys and placeholders in Vietnamese and English (${ns || 'default.'}json)`, () => {
      const vi = load(ns, 'vi');
      const en = load(ns, 'en');
      expect([...new Set([...vi.keys()].map(base))].sort()).toEqual([...new Set([...en.keys()].map(base))].sort());
      for (const [k, v] of vi) {
        const other = en.get(k) ?? en.get(`${base(k)}_other`) ?? en.get(`${base(k)}_one`);
        expect(placeholders(v), k).toEqual(placeholders(other!));
      }
    });
  }

  it('says every refusal reason of the server in both languages', () => {
    for (const lang of ['vi', 'en']) {
      const texts = load('', lang);
      for (const r of refusalReasons) expect(texts.get(`refusal.${r}`), `${lang}: refusal.${r}`).toBeTruthy();
    }
  });
});
