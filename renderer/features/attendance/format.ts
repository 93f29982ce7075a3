import { currentLanguage, intlLocale } from '../../i18n';

/** 1612 → "1.612" in Vietnamese, "1,612" in English. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(intlLocale[currentLanguage()]).format(n);
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleTimeString(intlLocale[currentLanguage()], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
