/**
 * Dates are shown in Vietnam's time zone whatever the device is set to: a delegate abroad
 * must see the meeting at the hour it happens in the hall.
 */
import type { TFunction } from 'i18next';
import { intlLocale, type Language } from '../i18n';

export const meetingTimeZone = 'Asia/Ho_Chi_Minh';

function parse(iso: string | null): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const dayKey = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: meetingTimeZone }).format(d);

export interface MeetingWhen {
  /** "Thứ Ba, 25 tháng 11, 2025" */
  date: string;
  /** "08:00 – 11:30" */
  time: string;
  /** Parts for a calendar-style badge. */
  day: string;
  month: string;
}

export function formatMeetingWhen(startsAt: string | null, endsAt: string | null, lang: Language): MeetingWhen | null {
  const start = parse(startsAt);
  if (!start) return null;
  const end = parse(endsAt);
  const locale = intlLocale[lang];
  const dateFmt = new Intl.DateTimeFormat(locale, { timeZone: meetingTimeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const timeFmt = new Intl.DateTimeFormat(locale, { timeZone: meetingTimeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const sameDay = end !== null && dayKey(start) === dayKey(end);
  const time = end === null ? timeFmt.format(start) : sameDay ? `${timeFmt.format(start)} – ${timeFmt.format(end)}` : `${timeFmt.format(start)} – ${timeFmt.format(end)}, ${new Intl.DateTimeFormat(locale, { timeZone: meetingTimeZone, day: 'numeric', month: 'short' }).format(end)}`;
  return {
    date: dateFmt.format(start),
    time,
    day: new Intl.DateTimeFormat(locale, { timeZone: meetingTimeZone, day: '2-digit' }).format(start),
    month: new Intl.DateTimeFormat(locale, { timeZone: meetingTimeZone, month: 'short' }).format(start),
  };
}

export function formatDateTime(iso: string | null, lang: Language): string | null {
  const d = parse(iso);
  if (!d) return null;
  return new Intl.DateTimeFormat(intlLocale[lang], { timeZone: meetingTimeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDuration(minutes: number, t: TFunction): string {
  if (minutes < 60) return t('agenda.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? t('agenda.hours', { hours }) : t('agenda.hoursMinutes', { hours, minutes: rest });
}
