/**
 * The undo button says what it will undo (issue 16): every kind of step the core can
 * describe has a text in Vietnamese and English, numbered by the item.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { EditAction } from '../../shared/contract';
import { editStepText } from '../../renderer/features/agenda/editStep';

const dir = path.resolve(import.meta.dirname, '../../renderer/i18n');
const resources = Object.fromEntries(['vi', 'en'].map((l) => [l, { translation: JSON.parse(fs.readFileSync(path.join(dir, `${l}.json`), 'utf8')) }]));
const actions: EditAction[] = ['add', 'rename', 'duration', 'details', 'remove', 'move', 'attach', 'detach', 'other'];

async function tFor(lng: 'vi' | 'en') {
  const i = i18next.createInstance();
  await i.init({ lng, resources, interpolation: { escapeValue: false } });
  return i.t;
}

describe('what an undo step says', () => {
  it('words the steps of the issue as written there', async () => {
    const vi = await tFor('vi');
    const en = await tFor('en');
    expect(vi('agenda.undoWhat', { what: editStepText(vi, { action: 'rename', itemNumber: '3' }) })).toBe('Hoàn tác: đổi tên mục 3');
    expect(en('agenda.undoWhat', { what: editStepText(en, { action: 'rename', itemNumber: '3' }) })).toBe('Undo: rename item 3');
    expect(vi('agenda.undoWhat', { what: editStepText(vi, { action: 'duration', itemNumber: '2' }) })).toBe('Hoàn tác: đổi thời lượng mục 2');
  });

  it('has a text with the number for every step, in both languages, and none for no step', async () => {
    for (const lng of ['vi', 'en'] as const) {
      const t = await tFor(lng);
      for (const action of actions) {
        const text = editStepText(t, { action, itemNumber: '2.1' })!;
        expect(text, `${lng} ${action}`).not.toMatch(/agenda\.step|\{\{/);
        if (action !== 'other') expect(text).toContain('2.1');
      }
      // An item that has no number any more is not given someone else's.
      expect(editStepText(t, { action: 'rename', itemNumber: null })).toBe(editStepText(t, { action: 'other', itemNumber: null }));
      expect(editStepText(t, null)).toBeNull();
    }
  });
});
