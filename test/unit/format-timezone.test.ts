/**
 * Every time a person sees is in the meeting's zone, whatever the machine is set to. This
 * file changes the process's own zone (TZ) — Node re-reads it when process.env.TZ is set,
 * and vitest runs each file in its own process (pool: forks) — and checks both that the
 * zone really changed and that the formatted text did not.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatDay, formatMeetingWhen, formatRefusalParam, formatStamp, zoneOf } from '../../renderer/app/format';

const original = process.env.TZ;
afterAll(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

// 01:22 UTC is 08:22 in Hà Nội and 20:22 the evening before in New York (EST in December).
const checkIn = '2026-12-09T01:22:05Z';

function renderAll() {
  return {
    clock: formatClock(checkIn, 'vi'),
    clockSeconds: formatClock(checkIn, 'en', { seconds: true }),
    dateTime: formatDateTime(checkIn, 'vi'),
    stamp: formatStamp(checkIn, 'vi'),
    day: formatDay('2026-12-09', 'vi'),
    when: formatMeetingWhen('2026-12-09T01:00:00Z', '2026-12-09T04:30:00Z', 'vi'),
    // What renderer/app/errors.ts puts into a refusal ("late: checked in at …").
    refusal: [formatRefusalParam(checkIn, 'vi'), formatRefusalParam('2026-12-09', 'vi'), formatRefusalParam('Phòng 2', 'vi')],
  };
}

function inZone(tz: string) {
  process.env.TZ = tz;
  // The device's own clock text, to prove the zone really changed under the formatter.
  const device = new Date(checkIn).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return { device, offset: new Date(checkIn).getTimezoneOffset(), resolved: new Intl.DateTimeFormat().resolvedOptions().timeZone, out: renderAll() };
}

describe('times in the meeting zone', () => {
  it('formats the same Hà Nội wall-clock text on a UTC machine and a New York one', () => {
    const utc = inZone('UTC');
    const ny = inZone('America/New_York');
    // The zone really moved under us.
    expect(utc.offset).toBe(0);
    expect(ny.offset).toBe(300);
    expect(utc.device).toBe('01:22');
    expect(ny.device).toBe('20:22');
    expect(ny.resolved).toBe('America/New_York');

    expect(ny.out).toEqual(utc.out);
    expect(utc.out.clock).toBe('08:22');
    expect(utc.out.clockSeconds).toBe('08:22:05');
    expect(utc.out.stamp).toContain('09/12/2026');
    expect(utc.out.stamp).toContain('08:22');
    expect(utc.out.dateTime).toMatch(/08:22/);
    expect(utc.out.day).toMatch(/9/);
    expect(utc.out.when?.time).toBe('08:00 – 11:30');
    expect(utc.out.refusal[0]).toBe('08:22');
    expect(utc.out.refusal[2]).toBe('Phòng 2');
  });

  it("uses the meeting's own zone when its meta names a valid one", () => {
    expect(zoneOf(null)).toBe('Asia/Ho_Chi_Minh');
    expect(zoneOf({ timeZone: 'Asia/Tokyo' })).toBe('Asia/Tokyo');
    expect(zoneOf({ timeZone: 'Not/AZone' })).toBe('Asia/Ho_Chi_Minh');
    expect(formatClock(checkIn, 'vi', { zone: zoneOf({ timeZone: 'Asia/Tokyo' }) })).toBe('10:22');
  });
});
