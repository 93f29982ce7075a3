import { formatClock } from '../../app/format';
import type { Language } from '../../i18n';

/** "14:05:32" in the meeting's time, for "saved at": seconds show that autosave is alive. */
export function clockTime(iso: string, lang: Language): string {
  return formatClock(iso, lang, { seconds: true });
}
