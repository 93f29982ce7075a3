import { meetingTimeZone } from '../../app/format';
import { intlLocale, type Language } from '../../i18n';

/** "14:05:32" in Vietnam's time, for "saved at": seconds show that autosave is alive. */
export function clockTime(iso: string, lang: Language): string {
  return new Intl.DateTimeFormat(intlLocale[lang], { timeZone: meetingTimeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
