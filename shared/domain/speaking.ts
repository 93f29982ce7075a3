/**
 * Speaking time and the order of the speaker list: pure rules, used by the server (which
 * stores the times) and by every device (which draws the countdown from them).
 *
 * The countdown is never sent second by second: `live/<id>` carries only the server's
 * instants (when the floor was given, when it was paused, how much pause so far, how much
 * time was added) and each device computes the rest from its own clock.
 */
import { SiteId, SpeakerRequestId } from '../ids';
import { z } from 'zod';

/** The kinds of request a participant can make. */
export const requestKinds = ['speak', 'reply', 'point_of_order'] as const;
export type RequestKind = (typeof requestKinds)[number];

/** The times of one speech, as the server keeps them (ISO instants, milliseconds, seconds). */
export interface SpeechTimes {
  /** When the floor was given; null while waiting. */
  startedAt: string | null;
  /** When it ended (done), else null. */
  endedAt: string | null;
  /** When the running pause began, else null. */
  pausedAt: string | null;
  /** Pauses that have ended, in total. */
  pausedMs: number;
  /** The item's per-speaker limit when the floor was given; null = no limit. */
  limitSec: number | null;
  /** Time the chair added. */
  addedSec: number;
}

/** How a running countdown is shown: normal, amber in the last minute, red when over. */
export type ClockTone = 'normal' | 'amber' | 'red';

export interface SpeechClock {
  /** Speaking time so far, pauses excluded. */
  spokenMs: number;
  /** Time left (negative when over); null when the item has no limit. */
  remainingMs: number | null;
  tone: ClockTone;
  paused: boolean;
}

/** The last minute is amber. */
export const amberMs = 60_000;

/** Speaking time of a speech at `nowMs` (after the end: its whole length), pauses excluded. */
export function spokenMs(t: SpeechTimes, nowMs: number): number {
  if (!t.startedAt) return 0;
  const start = Date.parse(t.startedAt);
  // An ended speech stops at its end; a paused one at the pause.
  const stop = t.endedAt ? Date.parse(t.endedAt) : t.pausedAt ? Date.parse(t.pausedAt) : nowMs;
  return Math.max(0, stop - start - t.pausedMs);
}

export function speechClock(t: SpeechTimes, nowMs: number): SpeechClock {
  const spoken = spokenMs(t, nowMs);
  const paused = t.pausedAt !== null && t.endedAt === null;
  if (t.limitSec === null) return { spokenMs: spoken, remainingMs: null, tone: 'normal', paused };
  const remaining = (t.limitSec + t.addedSec) * 1000 - spoken;
  return { spokenMs: spoken, remainingMs: remaining, tone: remaining < 0 ? 'red' : remaining <= amberMs ? 'amber' : 'normal', paused };
}

/** "4:05", "-0:30": minutes and seconds of a countdown, rounded toward the next second. */
export function formatCountdown(ms: number): string {
  const neg = ms < 0;
  const s = neg ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  return `${neg && s > 0 ? '-' : ''}${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** What the chair can do to a running speech; `ok: false` says why not, in words. */
export type TimerAction = { kind: 'pause' } | { kind: 'resume' } | { kind: 'add'; seconds: number };

export function applyTimerAction(t: SpeechTimes, action: TimerAction, at: string): { ok: true; times: SpeechTimes } | { ok: false; message: string } {
  if (!t.startedAt || t.endedAt) return { ok: false, message: 'Only the speech under way can be timed.' };
  switch (action.kind) {
    case 'pause':
      if (t.pausedAt) return { ok: false, message: 'The speech is already paused.' };
      return { ok: true, times: { ...t, pausedAt: at } };
    case 'resume': {
      if (!t.pausedAt) return { ok: false, message: 'The speech is not paused.' };
      const pause = Math.max(0, Date.parse(at) - Date.parse(t.pausedAt));
      return { ok: true, times: { ...t, pausedAt: null, pausedMs: t.pausedMs + pause } };
    }
    case 'add':
      if (!Number.isInteger(action.seconds) || action.seconds < 1 || action.seconds > 3600) return { ok: false, message: 'Add between 1 second and 60 minutes.' };
      return { ok: true, times: { ...t, addedSec: t.addedSec + action.seconds } };
  }
}

/** Ends a speech at `at`; a running pause ends with it (its length is added to the pauses). */
export function endSpeech(t: SpeechTimes, at: string): SpeechTimes {
  if (!t.startedAt || t.endedAt) return t;
  const pause = t.pausedAt ? Math.max(0, Date.parse(at) - Date.parse(t.pausedAt)) : 0;
  return { ...t, endedAt: at, pausedAt: null, pausedMs: t.pausedMs + pause };
}

/** What the queue order needs of a request. */
export interface Queued {
  id: string;
  status: 'waiting' | 'speaking' | 'done' | 'withdrawn';
  kind: RequestKind;
  requestedAt: string;
  /** The chair's place for it (lower first); null = where it was asked. */
  position: number | null;
}

/**
 * The list as everyone sees it: the one speaking, then points of order (to the top, in the
 * order raised), then the rest: those the chair placed, by place, then the others in the
 * order they asked. A point of order is not reordered by the chair below ordinary requests.
 */
export function queueOrder<T extends Queued>(list: readonly T[]): T[] {
  const rank = (r: T) => (r.status === 'speaking' ? 0 : r.kind === 'point_of_order' ? 1 : 2);
  return [...list].sort((a, b) => {
    const d = rank(a) - rank(b);
    if (d) return d;
    if (a.position !== null && b.position !== null && a.position !== b.position) return a.position - b.position;
    if (a.position !== null && b.position === null) return -1;
    if (a.position === null && b.position !== null) return 1;
    return a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * The chair's new order of the waiting list: every waiting id exactly once, nothing else.
 * null when it is; otherwise what is wrong.
 */
export function checkNewOrder(waitingIds: readonly string[], order: readonly string[]): string | null {
  const waiting = new Set(waitingIds);
  const seen = new Set<string>();
  for (const id of order) {
    if (!waiting.has(id)) return `"${id}" is not a waiting request of this meeting.`;
    if (seen.has(id)) return `"${id}" is in the order twice.`;
    seen.add(id);
  }
  if (seen.size !== waiting.size) return 'The order must name every waiting request; the list changed meanwhile, reload it.';
  return null;
}

/** Moves one id up (-1) or down (+1) in a list; the keyboard twin of a drag. */
export function moveInOrder(ids: readonly string[], id: string, by: -1 | 1): string[] {
  const out = [...ids];
  const at = out.indexOf(id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= out.length) return out;
  [out[at], out[to]] = [out[to]!, out[at]!];
  return out;
}

// -- the HTTP bodies of these steps (server/http/routes/room.ts, documented in openapi.ts) --


/** POST /api/meetings/:id/speakers: the kind of request (empty body = speak). */
export const AskToSpeakRequest = z.object({ kind: z.enum(requestKinds).default('speak') });
export type AskToSpeakRequest = z.input<typeof AskToSpeakRequest>;

/** POST /api/meetings/:id/speakers/site: a site given a place in the list, nobody named. */
export const SiteFloorRequest = z.object({ siteId: SiteId });
export type SiteFloorRequest = z.infer<typeof SiteFloorRequest>;

/** POST /api/meetings/:id/speakers/:rid/time: pause, resume, or add seconds. */
export const SpeakerTimeRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pause') }),
  z.object({ kind: z.literal('resume') }),
  z.object({ kind: z.literal('add'), seconds: z.number().int().min(1, 'Add at least 1 second.').max(3600, 'Add at most 60 minutes at a time.') }),
]);
export type SpeakerTimeRequest = z.infer<typeof SpeakerTimeRequest>;

/** POST /api/meetings/:id/speakers/order: every waiting request, in the chair's order. */
export const SpeakerOrderRequest = z.object({ order: z.array(SpeakerRequestId).max(5000) });
export type SpeakerOrderRequest = z.infer<typeof SpeakerOrderRequest>;
