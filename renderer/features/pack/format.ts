import type { TFunction } from 'i18next';
import { intlLocale, type Language } from '../../i18n';

export function formatSize(bytes: number, lang: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(intlLocale[lang], { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v)} ${units[u]}`;
}

export function formatEta(seconds: number, t: TFunction<'reader'>): string {
  if (seconds < 60) return t('pack.etaSeconds', { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 3600) return t('pack.etaMinutes', { count: Math.round(seconds / 60) });
  return t('pack.etaHours', { hours: Math.floor(seconds / 3600), minutes: Math.round((seconds % 3600) / 60) });
}
