/**
 * Meeting times are entered and shown in Vietnam's time zone whatever the device is set
 * to. Asia/Ho_Chi_Minh has had no daylight saving since 1975, so a fixed +07:00 offset is
 * exact and needs no time zone database.
 */
import { meetingTimeZone } from './format';

export interface LocalParts {
  /** YYYY-MM-DD, as `<input type=date>` wants it. */
  date: string;
  /** HH:MM, as `<input type=time>` wants it. */
  time: string;
}

/** `2026-11-25` + `08:00` → `2026-11-25T08:00:00+07:00`; null unless both parts are complete. */
export function toMeetingIso(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  return `${date}T${time}:00+07:00`;
}

/** The date and time an ISO instant reads in Hà Nội. */
export function meetingParts(iso: string | null): LocalParts {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return { date: '', time: '' };
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: meetingTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** Minutes between two ISO instants, or null when either is missing or the order is wrong. */
export function minutesBetween(startsAt: string | null, endsAt: string | null): number | null {
  if (!startsAt || !endsAt) return null;
  const ms = Date.parse(endsAt) - Date.parse(startsAt);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms / 60_000) : null;
}
