import { currentLanguage, intlLocale } from '../../i18n';

/** Number formats by locale, built once: a new Intl.NumberFormat per cell costs more than the cell. */
const formats = new Map<string, { percent: Intl.NumberFormat; int: Intl.NumberFormat }>();

function formatsFor(): { percent: Intl.NumberFormat; int: Intl.NumberFormat } {
  const locale = intlLocale[currentLanguage()];
  let f = formats.get(locale);
  if (!f) {
    f = { percent: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), int: new Intl.NumberFormat(locale) };
    formats.set(locale, f);
  }
  return f;
}

/** 44.4 → "44,4%" (vi) / "44.4%" (en); the value is already rounded by shared/domain/tasks percentages. */
export function formatPercent(value: number): string {
  return `${formatsFor().percent.format(value)}%`;
}

export function formatInt(value: number): string {
  return formatsFor().int.format(value);
}

/** "2026-10" → "10/2026". */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-');
  return y && m ? `${m}/${y}` : month;
}
