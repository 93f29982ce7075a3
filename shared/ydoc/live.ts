/**
 * Typed access to `live/<id>`: what happens in the room. Only the server writes it, and
 * it coalesces per-person changes (check-ins, vote counts) into a few updates a second:
 * one update to a room of 3,152 is 3,152 sends.
 *
 *   state       Y.Map   currentItemId, startedAt, checkInOpen, annotationsVersion (a
 *                       number that moves whenever a shared annotation changes)
 *   attendance  Y.Map<userId, Y.Map>   status, at, by, substitute
 *   polls       Y.Map<pollId, Y.Map>   definition (JSON), agendaItemId, status, times,
 *                                      votedCount, eligibleCount, result (JSON, on close);
 *                                      secret polls also publicKey, encryptedTotals (JSON)
 *                                      and tally (JSON SecretTallyState)
 *   conclusions Y.Map<agendaItemId, string>   the final Conclusion (JSON), latest version
 *   tasks       Y.Map<taskId, string>         the Task (JSON) as the server keeps it
 *   speakers    Y.Map<requestId, string>      a SpeakerRequest (JSON) while waiting or speaking
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { AttendanceMark } from '../domain/attendance';
import { MajorityRule, PollKind, type TallyResult } from '../domain/tally';
import { Threshold } from '../domain/quorum';
import { Conclusion, Task } from '../http';
import { safeLine, safeMultiline } from '../text-safety';

export interface LiveState {
  currentItemId: string | null;
  startedAt: string | null;
  checkInOpen: boolean;
}

export const PollOption = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  label: safeLine('Option label').min(1, 'An option needs a label.').max(300),
});
export type PollOption = z.infer<typeof PollOption>;

/** Who may vote: every voting member, only those present when they vote, or a named group. */
export const Eligibility = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('present') }),
  z.object({ kind: z.literal('group'), userIds: z.array(z.string()).min(1, 'Choose who may vote.').max(10_000) }),
]);
export type Eligibility = z.infer<typeof Eligibility>;

export const PollDefinition = z
  .object({
    question: safeMultiline('Question').min(1, 'A poll needs a question.').max(2000),
    kind: PollKind,
    /** Ignored for `approve` (its options are fixed: yes / no / abstain). */
    options: z.array(PollOption).max(500).default([]),
    minChoices: z.number().int().min(0).max(500).default(0),
    maxChoices: z.number().int().min(1).max(500).default(1),
    /** Election: seats to fill. */
    seats: z.number().int().min(1).max(500).default(1),
    secret: z.boolean().default(false),
    eligibility: Eligibility.default({ kind: 'present' }),
    majority: MajorityRule,
    /** Null: no quorum needed for the result to be valid. */
    quorum: Threshold.nullable(),
    /** Named polls only: a secret ballot cannot be linked back to change it. */
    allowChange: z.boolean().default(false),
    /** Auto-close after this many seconds once open; null = the chair closes it. */
    durationSec: z.number().int().min(10).max(7 * 24 * 3600).nullable().default(null),
    /** A written opinion poll (phiếu lấy ý kiến) runs between meetings until its deadline. */
    mode: z.enum(['meeting', 'written']).default('meeting'),
    deadline: z.iso.datetime({ offset: true }).nullable().default(null),
    /**
     * Secret polls only: the tellers (Ban kiểm phiếu) whose devices make the poll's key
     * together, and how many of them it takes to open the result (issue 15).
     */
    tellers: z
      .object({
        userIds: z.array(z.string().min(1).max(64)).min(1, 'Name at least one teller.').max(15, 'At most 15 tellers.'),
        threshold: z.number().int().min(1).max(15),
      })
      .nullable()
      .default(null),
  })
  .superRefine((p, ctx) => {
    if (p.kind !== 'approve' && p.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Give at least two options.' });
    if (new Set(p.options.map((o) => o.id)).size !== p.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Two options have the same id.' });
    if (p.kind === 'multiple' || p.kind === 'election') {
      if (p.minChoices > p.maxChoices) ctx.addIssue({ code: 'custom', path: ['minChoices'], message: 'The minimum number of choices is above the maximum.' });
      if (p.maxChoices > p.options.length) ctx.addIssue({ code: 'custom', path: ['maxChoices'], message: 'More choices allowed than there are options.' });
    }
    if (p.kind === 'election' && p.seats > p.options.length) ctx.addIssue({ code: 'custom', path: ['seats'], message: 'More seats than candidates.' });
    if (p.secret && p.allowChange) ctx.addIssue({ code: 'custom', path: ['allowChange'], message: 'A secret ballot cannot be changed: nothing links it back to the voter.' });
    if (p.tellers && !p.secret) ctx.addIssue({ code: 'custom', path: ['tellers'], message: 'Tellers hold the key of a secret ballot; a named poll has none.' });
    if (p.tellers && new Set(p.tellers.userIds).size !== p.tellers.userIds.length) ctx.addIssue({ code: 'custom', path: ['tellers', 'userIds'], message: 'A teller is named twice.' });
    if (p.tellers && p.tellers.threshold > p.tellers.userIds.length) {
      ctx.addIssue({ code: 'custom', path: ['tellers', 'threshold'], message: `It cannot take ${p.tellers.threshold} tellers to open the result when only ${p.tellers.userIds.length} are named.` });
    }
    if (p.mode === 'written' && !p.deadline) ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'A written opinion poll needs a deadline.' });
  });
export type PollDefinition = z.output<typeof PollDefinition>;
export type PollDefinitionInput = z.input<typeof PollDefinition>;

export const PollStatus = z.enum(['draft', 'open', 'closed', 'published']);
export type PollStatus = z.infer<typeof PollStatus>;

export interface PollView {
  id: string;
  agendaItemId: string | null;
  definition: PollDefinition;
  status: PollStatus;
  openedAt: string | null;
  /** When it closes by itself (duration or written-poll deadline). */
  closesAt: string | null;
  closedAt: string | null;
  publishedAt: string | null;
  votedCount: number;
  eligibleCount: number;
  /** Votes the chair recorded by show of hands for members without a device. */
  handCount: number;
  result: TallyResult | null;
  /** Secret polls: the joint public key (base64url) once the tellers' ceremony is complete. */
  publicKey: string | null;
  /** Secret polls after the close: the encrypted totals (one ciphertext per option) and who has opened them. */
  encryptedTotals: string[] | null;
  tally: SecretTallyState | null;
}

/** Where the opening of a secret poll's result stands, as `live/<id>` shows it. */
export const SecretTallyState = z.object({
  /** keys: the ceremony is running; ready: the key is complete; awaiting: closed, waiting for tellers; opened; void. */
  state: z.enum(['keys', 'ready', 'awaiting', 'opened', 'void']),
  threshold: z.number(),
  tellers: z.array(z.object({ index: z.number(), userId: z.string(), name: z.string(), step: z.enum(['waiting', 'keyed', 'dealt', 'confirmed', 'complained', 'shared', 'rejected']) })),
  /** Ceremony failure or void reason, in words. */
  note: z.string().nullable(),
});
export type SecretTallyState = z.infer<typeof SecretTallyState>;

/** A request to speak: waiting, then given the floor, then done (or withdrawn while waiting). */
export const SpeakerRequest = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  /** The item under discussion when it was asked, if any. */
  agendaItemId: z.string().nullable(),
  requestedAt: z.string(),
  status: z.enum(['waiting', 'speaking', 'done', 'withdrawn']),
});
export type SpeakerRequest = z.infer<typeof SpeakerRequest>;

export const liveDoc = {
  state: (doc: Y.Doc) => doc.getMap<unknown>('state'),
  attendance: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('attendance'),
  polls: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('polls'),
  conclusions: (doc: Y.Doc) => doc.getMap<string>('conclusions'),
  tasks: (doc: Y.Doc) => doc.getMap<string>('tasks'),
  speakers: (doc: Y.Doc) => doc.getMap<string>('speakers'),
};

/** The speaker list in the order people asked: the one speaking, then those waiting. */
export function readSpeakers(doc: Y.Doc): SpeakerRequest[] {
  const out: SpeakerRequest[] = [];
  liveDoc.speakers(doc).forEach((json) => {
    const r = SpeakerRequest.safeParse(safeJson(json));
    if (r.success && (r.data.status === 'waiting' || r.data.status === 'speaking')) out.push(r.data);
  });
  return out.sort((a, b) => (a.status === b.status ? (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0) : a.status === 'speaking' ? -1 : 1));
}

export function readConclusions(doc: Y.Doc): Conclusion[] {
  const out: Conclusion[] = [];
  liveDoc.conclusions(doc).forEach((json) => {
    const c = Conclusion.safeParse(safeJson(json));
    if (c.success) out.push(c.data);
  });
  return out;
}

export function readTasks(doc: Y.Doc): Task[] {
  const out: Task[] = [];
  liveDoc.tasks(doc).forEach((json) => {
    const t = Task.safeParse(safeJson(json));
    if (t.success) out.push(t.data);
  });
  return out.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.createdAt.localeCompare(b.createdAt));
}

export function readLive(doc: Y.Doc): LiveState {
  const s = liveDoc.state(doc);
  const current = s.get('currentItemId');
  const started = s.get('startedAt');
  return {
    currentItemId: typeof current === 'string' ? current : null,
    startedAt: typeof started === 'string' ? started : null,
    checkInOpen: s.get('checkInOpen') === true,
  };
}

/** The meeting's shared-annotations version (0 until someone shares one). */
export function readAnnotationsVersion(doc: Y.Doc): number {
  const v = liveDoc.state(doc).get('annotationsVersion');
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function readAttendance(doc: Y.Doc): Map<string, AttendanceMark> {
  const out = new Map<string, AttendanceMark>();
  liveDoc.attendance(doc).forEach((m, userId) => {
    if (!(m instanceof Y.Map)) return;
    const status = m.get('status');
    if (status !== 'present' && status !== 'excused' && status !== 'absent') return;
    out.set(userId, {
      status,
      at: String(m.get('at') ?? ''),
      by: String(m.get('by') ?? ''),
      substitute: typeof m.get('substitute') === 'string' ? (m.get('substitute') as string) : null,
    });
  });
  return out;
}

export function writeAttendance(doc: Y.Doc, userId: string, mark: AttendanceMark): void {
  let m = liveDoc.attendance(doc).get(userId);
  if (!(m instanceof Y.Map)) {
    m = new Y.Map<unknown>();
    liveDoc.attendance(doc).set(userId, m);
  }
  m.set('status', mark.status);
  m.set('at', mark.at);
  m.set('by', mark.by);
  m.set('substitute', mark.substitute ?? null);
}

export function readPolls(doc: Y.Doc): PollView[] {
  const out: PollView[] = [];
  liveDoc.polls(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const def = PollDefinition.safeParse(safeJson(m.get('definition')));
    const status = PollStatus.safeParse(m.get('status'));
    if (!def.success || !status.success) return;
    const str = (k: string) => (typeof m.get(k) === 'string' ? (m.get(k) as string) : null);
    const int = (k: string) => (typeof m.get(k) === 'number' ? (m.get(k) as number) : 0);
    out.push({
      id,
      agendaItemId: str('agendaItemId'),
      definition: def.data,
      status: status.data,
      openedAt: str('openedAt'),
      closesAt: str('closesAt'),
      closedAt: str('closedAt'),
      publishedAt: str('publishedAt'),
      votedCount: int('votedCount'),
      eligibleCount: int('eligibleCount'),
      handCount: int('handCount'),
      result: (safeJson(m.get('result')) as TallyResult | null) ?? null,
      publicKey: str('publicKey'),
      encryptedTotals: (() => {
        const t = safeJson(m.get('encryptedTotals'));
        return Array.isArray(t) && t.every((x) => typeof x === 'string') ? (t as string[]) : null;
      })(),
      tally: (() => {
        const t = SecretTallyState.safeParse(safeJson(m.get('tally')));
        return t.success ? t.data : null;
      })(),
    });
  });
  return out.sort((a, b) => (a.openedAt ?? '9').localeCompare(b.openedAt ?? '9') || a.id.localeCompare(b.id));
}

function safeJson(v: unknown): unknown {
  if (typeof v !== 'string') return null;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}
