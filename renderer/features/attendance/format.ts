import { formatClock } from '../../app/format';
import { currentLanguage, intlLocale } from '../../i18n';

/** 1612 → "1.612" in Vietnamese, "1,612" in English. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(intlLocale[currentLanguage()]).format(n);
}

/** A check-in's time in the meeting's time, never the computer's ("01:22" on a UTC machine was 08:22 in Hà Nội). */
export function formatTime(iso: string): string {
  return formatClock(iso, currentLanguage(), { seconds: true });
}
