import type { TFunction } from 'i18next';
import type { EditStep } from '../../../shared/contract';

/**
 * What an undo or redo step will do, in the person's words: "đổi tên mục 3". A step about
 * an item that no longer has a number (it was deleted by someone else) says "your last
 * change" rather than a number that would point at another item.
 */
export function editStepText(t: TFunction, step: EditStep | null): string | null {
  if (!step) return null;
  if (step.action === 'other' || step.itemNumber === null) return t('agenda.step.other');
  return t(`agenda.step.${step.action}`, { number: step.itemNumber });
}
