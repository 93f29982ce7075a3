import type { TFunction } from 'i18next';

export function formatEta(seconds: number, t: TFunction<'reader'>): string {
  if (seconds < 60) return t('pack.etaSeconds', { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 3600) return t('pack.etaMinutes', { count: Math.round(seconds / 60) });
  return t('pack.etaHours', { hours: Math.floor(seconds / 3600), minutes: Math.round((seconds % 3600) / 60) });
}
