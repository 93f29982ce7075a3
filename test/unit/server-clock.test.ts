/**
 * The device's estimate of the server's clock (main/core/server-clock.ts), by table: replies
 * with known send/receive times and server stamps, the estimate they must give.
 */
import { describe, expect, it } from 'vitest';
import { ServerClock } from '../../main/core/server-clock';

const url = 'http://server';
const stamp = (ms: number) => new Headers({ 'x-server-time': String(ms) });

/** A reply: the device sends at `sent` (its clock), the server stamps `toServer` ms later (server time = device time + skew). */
function reply(c: ServerClock, sent: number, skew: number, toServer: number, back: number, headers = (ms: number) => stamp(ms)) {
  c.observeReply(url, sent, sent + toServer + back, headers(sent + toServer + skew));
}

describe('ServerClock', () => {
  it('is 0 before any reply and then the skew, within half the round trip', () => {
    const c = new ServerClock(() => 1_000_000);
    expect(c.offsetMs()).toBe(0);
    // The device is 3 minutes fast: the server is 180 s behind it.
    reply(c, 1_000_000, -180_000, 20, 20);
    expect(c.offsetMs()).toBe(-180_000);
    expect(c.now()).toBe(1_000_000 - 180_000);
  });

  it('trusts the replies with the shortest round trip over a slow, lopsided one', () => {
    const c = new ServerClock();
    for (let i = 0; i < 4; i++) reply(c, 10_000 * i, 90_000, 8, 12);
    // 1.9 s spent coming back (a queue): read naively it would move the estimate by 0.9 s.
    reply(c, 50_000, 90_000, 50, 1_900);
    expect(Math.abs(c.offsetMs() - 90_000)).toBeLessThanOrEqual(10);
  });

  it('uses the Date header when the server sends no stamp, as the middle of its second', () => {
    const c = new ServerClock();
    const dateOnly = (ms: number) => new Headers({ date: new Date(Math.floor(ms / 1000) * 1000).toUTCString() });
    reply(c, 1_700_000_000_000, -240_000, 10, 10, dateOnly);
    expect(Math.abs(c.offsetMs() + 240_000)).toBeLessThanOrEqual(510);
  });

  it('starts over when the device clock is set (the replies disagree beyond their error)', () => {
    const c = new ServerClock();
    for (let i = 0; i < 5; i++) reply(c, 10_000 * i, 300_000, 5, 5);
    expect(c.offsetMs()).toBe(300_000);
    // Someone set the device's clock right: now it agrees with the server.
    reply(c, 60_000, 0, 40, 40);
    expect(c.offsetMs()).toBe(0);
  });

  it('ignores replies that say nothing: a negative or very long round trip, no stamp', () => {
    const c = new ServerClock();
    reply(c, 0, 5_000, 10, 10);
    c.observeReply(url, 1_000, 900, stamp(99_999_999));
    c.observeReply(url, 1_000, 40_000, stamp(99_999_999));
    c.observeReply(url, 1_000, 1_010, new Headers());
    expect(c.offsetMs()).toBe(5_000);
  });

  it('forgets another server’s samples, and tells only when the estimate moves noticeably', () => {
    const seen: number[] = [];
    const c = new ServerClock(Date.now, 8, (o) => seen.push(o));
    reply(c, 0, 60_000, 10, 10);
    reply(c, 1_000, 60_100, 10, 10);
    expect(seen).toEqual([60_000]);
    c.observeReply('http://other', 2_000, 2_020, stamp(2_010 - 1_000));
    expect(c.offsetMs()).toBe(-1_000);
    expect(seen).toEqual([60_000, -1_000]);
  });
});
