import { currentLanguage, intlLocale } from '../../i18n';

/** 44.4 → "44,4%" (vi) / "44.4%" (en); the value is already rounded by shared/domain/tasks percentages. */
export function formatPercent(value: number): string {
  return `${new Intl.NumberFormat(intlLocale[currentLanguage()], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)}%`;
}

export function formatInt(value: number): string {
  return new Intl.NumberFormat(intlLocale[currentLanguage()]).format(value);
}

/** "2026-10" → "10/2026". */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-');
  return y && m ? `${m}/${y}` : month;
}
