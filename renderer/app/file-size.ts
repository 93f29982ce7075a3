import { intlLocale, type Language } from '../i18n';

/**
 * The one file-size format of the app: 1,4 MB, 820 KB — units of 1,024 as Windows Explorer
 * shows them, so a size here matches the one a secretary sees in the folder the file came
 * from. One decimal is plenty to tell two versions of a paper apart.
 */
export function formatBytes(bytes: number, lang: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(intlLocale[lang], { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
