/**
 * Every date and time a person sees is formatted here, in the meeting's time zone, never
 * the device's: a delegate abroad, or a laptop left on UTC, must see the hour it is in the
 * hall ("08:05", not "01:05"). The zone is the meeting's (its meta's `timeZone` when it has
 * one), else Vietnam's. No screen calls toLocaleTimeString, toLocaleString or getHours.
 */
import type { TFunction } from 'i18next';

/**
 * The UI languages and their Intl locales (en-GB for day-first dates), as renderer/i18n has
 * them. Kept here rather than imported so this module loads without i18next or a page
 * (the time-zone test runs it in plain Node); renderer/i18n's Language is the same union.
 */
type Language = 'vi' | 'en';
const intlLocale: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

export const meetingTimeZone = 'Asia/Ho_Chi_Minh';

/** A zone Intl knows, or null: a mistyped zone must fall back, not take the screen down. */
function validZone(zone: string | null | undefined): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

/** The zone a meeting's times are shown in: its own when its meta names one, else Vietnam's. */
export function zoneOf(meta?: object | null): string {
  // Meeting meta has no zone field yet; when it gains one (or an organisation's), it is used.
  const zone = meta && 'timeZone' in meta ? (meta as { timeZone: unknown }).timeZone : null;
  return validZone(typeof zone === 'string' ? zone : null) ?? meetingTimeZone;
}

/**
 * Formatters are built once per locale, zone and shape: building one costs more than using
 * it, and the attendance list formats thousands of times.
 */
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, zone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: zone });
    cache.set(key, f);
  }
  return f;
}

function parse(iso: string | Date | null | undefined): Date | null {
  if (!iso) return null;
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const dayKey = (d: Date, zone: string) => formatter('en-CA', zone, {}).format(d);

export interface MeetingWhen {
  /** "Thứ Ba, 25 tháng 11, 2025" */
  date: string;
  /** "08:00 – 11:30" */
  time: string;
  /** Parts for a calendar-style badge. */
  day: string;
  month: string;
}

export function formatMeetingWhen(startsAt: string | null, endsAt: string | null, lang: Language, zone = meetingTimeZone): MeetingWhen | null {
  const start = parse(startsAt);
  if (!start) return null;
  const end = parse(endsAt);
  const locale = intlLocale[lang];
  const dateFmt = formatter(locale, zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const timeFmt = formatter(locale, zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const sameDay = end !== null && dayKey(start, zone) === dayKey(end, zone);
  const time = end === null ? timeFmt.format(start) : sameDay ? `${timeFmt.format(start)} – ${timeFmt.format(end)}` : `${timeFmt.format(start)} – ${timeFmt.format(end)}, ${formatter(locale, zone, { day: 'numeric', month: 'short' }).format(end)}`;
  return {
    date: dateFmt.format(start),
    time,
    day: formatter(locale, zone, { day: '2-digit' }).format(start),
    month: formatter(locale, zone, { month: 'short' }).format(start),
  };
}

/** "9 thg 12, 2026 08:05": a moment with its date. */
export function formatDateTime(iso: string | Date | null | undefined, lang: Language, zone = meetingTimeZone): string | null {
  const d = parse(iso);
  if (!d) return null;
  return formatter(intlLocale[lang], zone, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** "9 thg 12, 2026": the date of a moment, in the zone (a certificate's expiry in the organisation's). */
export function formatDate(iso: string | Date | null | undefined, lang: Language, zone = meetingTimeZone): string {
  const d = parse(iso);
  if (!d) return '';
  return formatter(intlLocale[lang], zone, { dateStyle: 'medium' }).format(d);
}

/** "08:05" or, with seconds, "08:05:09" (check-in receipts, ballots, conclusions): 24-hour, as Vietnam writes it. */
export function formatClock(iso: string | Date | null | undefined, lang: Language, { seconds = false, zone = meetingTimeZone }: { seconds?: boolean; zone?: string } = {}): string {
  const d = parse(iso);
  if (!d) return '';
  return formatter(intlLocale[lang], zone, seconds ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** "09/12/2026 08:05", minute-precise with the date in digits (watermarks, printouts). */
export function formatStamp(iso: string | Date | null | undefined, lang: Language, zone = meetingTimeZone): string {
  const d = parse(iso);
  if (!d) return '';
  return formatter(intlLocale[lang], zone, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/**
 * A calendar day ("2026-12-09", a deadline) as a date. A day has no zone: it is formatted
 * as written, so no device's offset can move it to the day before.
 */
export function formatDay(day: string, lang: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return formatter(intlLocale[lang], 'UTC', { dateStyle: 'medium' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

export function formatDuration(minutes: number, t: TFunction): string {
  if (minutes < 60) return t('agenda.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? t('agenda.hours', { hours }) : t('agenda.hoursMinutes', { hours, minutes: rest });
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A value the server sent with a refusal, as a person reads it: a day as a date, a moment
 * as the meeting's clock time, anything else unchanged.
 */
export function formatRefusalParam(v: string, lang: Language, zone = meetingTimeZone): string {
  if (isoDay.test(v)) return formatDay(v, lang);
  if (!Number.isNaN(Date.parse(v)) && v.includes('T')) return formatClock(v, lang, { zone });
  return v;
}
