/**
 * Typed access to `live/<id>`: what happens in the room. Only the server writes it, and
 * it coalesces per-person changes (check-ins, vote counts) into a few updates a second:
 * one update to a room of 3,152 is 3,152 sends.
 *
 *   state       Y.Map   currentItemId, startedAt, checkInOpen, annotationsVersion (a
 *                       number that moves whenever a shared annotation changes),
 *                       commentsVersion (a number that moves whenever a comment on a draft
 *                       is taken or answered; the comments themselves are fetched), recordsVersion
 *                       (moves whenever the notice or minutes change), auditHead
 *                       (JSON SignedAuditHead: the audit chain's head, signed, a few times a minute)
 *   attendance  Y.Map<userId, Y.Map>   status, at, by, substitute
 *   polls       Y.Map<pollId, Y.Map>   definition (JSON), agendaItemId, status, times,
 *                                      votedCount, eligibleCount, result (JSON, on close);
 *                                      secret polls also publicKey, encryptedTotals (JSON)
 *                                      and tally (JSON SecretTallyState)
 *   conclusions Y.Map<agendaItemId, string>   the final Conclusion (JSON), latest version
 *   tasks       Y.Map<taskId, string>         the Task (JSON) as the server keeps it
 *   speakers    Y.Map<requestId, string>      a SpeakerRequest (JSON) while waiting or speaking,
 *                                             with its kind, site and speaking times
 *   itemSpeaking Y.Map<agendaItemId, number>  ms spoken on the item by ended speeches
 *   state.presenting   string | null      the Presenting (JSON): document id, page, presenter
 *   recusals    Y.Map<itemId/userId, string>  a Recusal (JSON): conflict of interest declared
 */
import { OptionId, UserId } from '../ids';
import * as Y from 'yjs';
import { z } from 'zod';
import type { AttendanceMark } from '../domain/attendance';
import { MajorityRule, PollKind, type TallyResult } from '../domain/tally';
import { Threshold } from '../domain/quorum';
import { queueOrder, requestKinds } from '../domain/speaking';
import type { Recusal } from '../domain/recusal';
import { Conclusion } from '../api/conclusions';
import { Task } from '../api/tasks';
import { safeLine, safeMultiline } from '../text-safety';
import { SignedAuditHead } from '../audit';

export interface LiveState {
  currentItemId: string | null;
  startedAt: string | null;
  checkInOpen: boolean;
}

export const PollOption = z.object({
  id: OptionId,
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
        userIds: z.array(UserId).min(1, 'Name at least one teller.').max(15, 'At most 15 tellers.'),
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
  /** Null for a site given the floor as a site ("Điểm cầu …"), with nobody named. */
  userId: z.string().nullable(),
  name: z.string(),
  /** The item under discussion when it was asked, if any. */
  agendaItemId: z.string().nullable(),
  requestedAt: z.string(),
  status: z.enum(['waiting', 'speaking', 'done', 'withdrawn']),
  /** speak, reply (to the one speaking when asked) or point of order (to the top). Issue 17. */
  kind: z.enum(requestKinds).default('speak'),
  /** A reply: the request it answers. */
  replyTo: z.string().nullable().default(null),
  /** The site the person speaks from (their participant site, or the site itself). */
  siteId: z.string().nullable().default(null),
  siteName: z.string().nullable().default(null),
  /** Whether that site is a remote one (not the main hall): the list marks it. */
  remote: z.boolean().default(false),
  /** The chair's place for it in the list; null = in the order asked. */
  position: z.number().nullable().default(null),
  /** Speaking time, from the server's clock; devices count down locally (shared/domain/speaking). */
  startedAt: z.string().nullable().default(null),
  endedAt: z.string().nullable().default(null),
  pausedAt: z.string().nullable().default(null),
  pausedMs: z.number().default(0),
  limitSec: z.number().nullable().default(null),
  addedSec: z.number().default(0),
});
export type SpeakerRequest = z.infer<typeof SpeakerRequest>;

export const liveDoc = {
  state: (doc: Y.Doc) => doc.getMap<unknown>('state'),
  attendance: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('attendance'),
  polls: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('polls'),
  conclusions: (doc: Y.Doc) => doc.getMap<string>('conclusions'),
  tasks: (doc: Y.Doc) => doc.getMap<string>('tasks'),
  speakers: (doc: Y.Doc) => doc.getMap<string>('speakers'),
  /** Speaking time used on each agenda item by speeches that have ended, in ms (issue 17). */
  itemSpeaking: (doc: Y.Doc) => doc.getMap<number>('itemSpeaking'),
  /** Conflicts of interest declared, by `${agendaItemId}/${userId}` (issue 17). */
  recusals: (doc: Y.Doc) => doc.getMap<string>('recusals'),
};

/** The speaker list as everyone sees it: the one speaking, then the queue (domain/speaking queueOrder). */
export function readSpeakers(doc: Y.Doc): SpeakerRequest[] {
  return queueOrder(parsedValues(liveDoc.speakers(doc), SpeakerRequest).filter((r) => r.status === 'waiting' || r.status === 'speaking'));
}

/**
 * "Follow the presenter" (issue 17): which document of the pack is presented and at which
 * page, and who turns the pages. Only ids and a page number; never the file.
 */
export const Presenting = z.object({
  documentId: z.string(),
  page: z.number().int().min(1),
  presenterId: z.string(),
  presenterName: z.string(),
  since: z.string(),
});
export type Presenting = z.infer<typeof Presenting>;

/** What is presented now, or null (state.presenting is a JSON string, or null when nothing is). */
export function readPresenting(doc: Y.Doc): Presenting | null {
  const r = Presenting.safeParse(safeJson(liveDoc.state(doc).get('presenting')));
  return r.success ? r.data : null;
}

const RecusalView = z.object({ userId: z.string(), name: z.string(), agendaItemId: z.string(), reason: z.string(), declaredAt: z.string() });

/** Declared conflicts of interest, oldest first. */
export function readRecusals(doc: Y.Doc): Recusal[] {
  return parsedValues(liveDoc.recusals(doc), RecusalView).sort((a, b) => a.declaredAt.localeCompare(b.declaredAt) || a.userId.localeCompare(b.userId));
}

/** Writes the meeting's declarations (only what changed: every write is sent to the whole room). */
export function writeRecusals(doc: Y.Doc, list: readonly Recusal[]): void {
  const map = liveDoc.recusals(doc);
  for (const r of list) {
    const key = `${r.agendaItemId}/${r.userId}`;
    const json = JSON.stringify(r);
    if (map.get(key) !== json) map.set(key, json);
  }
}

/** Speaking time used per agenda item by ended speeches (ms). */
export function readItemSpeaking(doc: Y.Doc): Record<string, number> {
  const out: Record<string, number> = {};
  liveDoc.itemSpeaking(doc).forEach((ms, itemId) => {
    if (typeof ms === 'number' && Number.isFinite(ms)) out[itemId] = ms;
  });
  return out;
}

export function readConclusions(doc: Y.Doc): Conclusion[] {
  return parsedValues(liveDoc.conclusions(doc), Conclusion);
}

export function readTasks(doc: Y.Doc): Task[] {
  return parsedValues(liveDoc.tasks(doc), Task).sort((a, b) => a.deadline.localeCompare(b.deadline) || a.createdAt.localeCompare(b.createdAt));
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

/** The audit chain's head the server last signed (issue 18); null before the first or when malformed. */
export function readAuditHead(doc: Y.Doc): SignedAuditHead | null {
  const v = liveDoc.state(doc).get('auditHead');
  if (typeof v !== 'string') return null;
  try {
    const r = SignedAuditHead.safeParse(JSON.parse(v));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function writeAuditHead(doc: Y.Doc, head: SignedAuditHead): void {
  const json = JSON.stringify(head);
  if (liveDoc.state(doc).get('auditHead') !== json) liveDoc.state(doc).set('auditHead', json);
}

/** The meeting's comments version (0 until the first comment on a draft): devices showing comments refetch when it moves. */
export function readCommentsVersion(doc: Y.Doc): number {
  const v = liveDoc.state(doc).get('commentsVersion');
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Server only: a comment was taken or answered. Never goes back, so a device can compare. */
export function bumpCommentsVersion(doc: Y.Doc): void {
  liveDoc.state(doc).set('commentsVersion', readCommentsVersion(doc) + 1);
}

/** The official record's version: moves whenever the notice or minutes change (text, sending, approvals, issue), so the screens showing them refetch. */
export function readRecordsVersion(doc: Y.Doc): number {
  const v = liveDoc.state(doc).get('recordsVersion');
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Server only: the official record changed. Never goes back. */
export function bumpRecordsVersion(doc: Y.Doc): void {
  liveDoc.state(doc).set('recordsVersion', readRecordsVersion(doc) + 1);
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

/** A map's JSON values that parse and pass `schema`; one that does not (an older or a foreign writer's) is left out. */
function parsedValues<S extends z.ZodType, V>(map: Y.Map<V>, schema: S): z.output<S>[] {
  const out: z.output<S>[] = [];
  map.forEach((json) => {
    const r = schema.safeParse(safeJson(json));
    if (r.success) out.push(r.data);
  });
  return out;
}

function safeJson(v: unknown): unknown {
  if (typeof v !== 'string') return null;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}
