/**
 * Typed access to `meeting/<id>`, the document the secretariat prepares.
 *
 * Layout (top-level shared types of the Y.Doc):
 *   meta        Y.Map   title, kind, startsAt, endsAt, venue, confidentiality, status, quorum,
 *                       siteRights, quorumCounts
 *   agenda      Y.Map<itemId, Y.Map>   title, parentId, order, durationMin, presenter, documentIds,
 *                                      speakingLimitMin, speakingBudgetMin
 *   documents   Y.Map<docId, Y.Map>    document metadata; the bytes live in the blob store
 *   participants Y.Map<userId, Y.Map>  name, position, unit, role, siteId
 *   sites       Y.Map<siteId, Y.Map>   name, kind
 *   commentWindows Y.Map<docId, string> a CommentWindow (JSON): open for comments until, public
 *
 * The agenda is a flat map with parent pointers and a numeric `order` rather than nested
 * Y.Arrays: a move is then one field write, so one secretary reordering while another
 * renames the same item converges without duplicating or losing the item.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { MeetingRole } from '../roles';
import { Confidentiality, MeetingStatus, SiteKind } from '../meeting-enums';
import { UploadedDocument } from '../api/documents';
import { defaultQuorum, QuorumRule } from '../domain/quorum';
import { QuorumCounts, SiteRights } from '../domain/site-rights';
import { CommentWindow } from '../domain/draft-comments';
import { numberAgenda, type AgendaNode } from '../domain/agenda';

export { Confidentiality };

/**
 * Days a confidential meeting's pack opens on a device without reaching the server (the
 * offline lease); the secretariat sets it per meeting.
 */
export const OfflineLeaseDays = z.number().int().min(1).max(365);
export const defaultOfflineLeaseDays = 7;

export const MeetingMeta = z.object({
  title: z.string(),
  kind: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  venue: z.string().nullable(),
  confidentiality: Confidentiality,
  /** The offline lease of a confidential meeting, in days (see OfflineLeaseDays). */
  offlineLeaseDays: OfflineLeaseDays,
  status: MeetingStatus,
  /** Set by the server when the secretariat publishes; later changes are flagged to delegates. */
  publishedAt: z.string().nullable(),
  /** How many voting members must be present (the meeting's regulation). */
  quorum: QuorumRule,
  /** Issue 17: which remote sites' members may vote and speak (a site not listed: both). */
  siteRights: SiteRights,
  /** Issue 17: the quorum counts those present at any site, or at the main hall only. */
  quorumCounts: QuorumCounts,
});
export type MeetingMeta = z.infer<typeof MeetingMeta>;

export const AgendaItemView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  /** 1, 1.1, 1.2, 2 … computed from the tree, never stored. */
  number: z.string(),
  depth: z.number(),
  title: z.string(),
  durationMin: z.number().nullable(),
  presenter: z.string().nullable(),
  documentIds: z.array(z.string()),
  /** Speaking time per speaker on this item, in minutes (e.g. 5; 7 for a report); null = no limit. Issue 17. */
  speakingLimitMin: z.number().nullable(),
  /** All speeches on this item together, in minutes; null = no budget. */
  speakingBudgetMin: z.number().nullable(),
});
export type AgendaItemView = z.infer<typeof AgendaItemView>;

/** Document metadata as the server wrote it on upload (the same shape it answers with). */
export const DocumentView = UploadedDocument;
export type DocumentView = z.infer<typeof DocumentView>;

export const ParticipantView = z.object({
  id: z.string(),
  name: z.string(),
  position: z.string().nullable(),
  unit: z.string().nullable(),
  role: MeetingRole,
  siteId: z.string().nullable(),
});
export type ParticipantView = z.infer<typeof ParticipantView>;

export const SiteView = z.object({
  id: z.string(),
  name: z.string(),
  kind: SiteKind,
});
export type SiteView = z.infer<typeof SiteView>;

export const MeetingContent = z.object({
  meta: MeetingMeta,
  /** Depth-first, in agenda order. */
  agenda: z.array(AgendaItemView),
  documents: z.array(DocumentView),
  participants: z.array(ParticipantView),
  sites: z.array(SiteView),
});
export type MeetingContent = z.infer<typeof MeetingContent>;

const defaultMeta: MeetingMeta = {
  title: '',
  kind: 'meeting',
  startsAt: null,
  endsAt: null,
  venue: null,
  confidentiality: 'internal',
  offlineLeaseDays: defaultOfflineLeaseDays,
  status: 'draft',
  publishedAt: null,
  quorum: defaultQuorum,
  siteRights: {},
  quorumCounts: 'any_site',
};

export const meetingDoc = {
  meta: (doc: Y.Doc) => doc.getMap<unknown>('meta'),
  agenda: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('agenda'),
  documents: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('documents'),
  participants: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('participants'),
  sites: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('sites'),
  /** Documents open for comments (issue 17): a CommentWindow (JSON) by document id. */
  commentWindows: (doc: Y.Doc) => doc.getMap<string>('commentWindows'),
};

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A speaking limit or budget as written by a client: whole minutes, 1 to 24 h, else none. */
export function speakingMinutes(v: unknown): number | null {
  const n = num(v);
  return n !== null && Number.isInteger(n) && n >= 1 && n <= 24 * 60 ? n : null;
}

/**
 * Reads the whole document into plain data. Tolerant by design: the document is shared
 * and may carry fields written by a newer or buggy client, so unknown or malformed
 * values fall back to defaults instead of throwing.
 */
export function readMeeting(doc: Y.Doc): MeetingContent {
  const metaMap = meetingDoc.meta(doc);
  const rawMeta: Record<string, unknown> = { ...defaultMeta, ...metaMap.toJSON() };
  // A bad lease written by a buggy client falls back alone, not the whole meta with it.
  if (!OfflineLeaseDays.safeParse(rawMeta.offlineLeaseDays).success) rawMeta.offlineLeaseDays = defaultOfflineLeaseDays;
  if (!SiteRights.safeParse(rawMeta.siteRights).success) rawMeta.siteRights = {};
  if (!QuorumCounts.safeParse(rawMeta.quorumCounts).success) rawMeta.quorumCounts = 'any_site';
  const metaParsed = MeetingMeta.safeParse(rawMeta);
  const meta = metaParsed.success ? metaParsed.data : defaultMeta;

  const nodes: AgendaNode[] = [];
  const raw = new Map<string, Y.Map<unknown>>();
  meetingDoc.agenda(doc).forEach((item, id) => {
    if (!(item instanceof Y.Map)) return;
    raw.set(id, item);
    nodes.push({ id, parentId: str(item.get('parentId')), order: num(item.get('order')) ?? 0 });
  });
  const agenda = numberAgenda(nodes).map((n): AgendaItemView => {
    const item = raw.get(n.id)!;
    const docs = item.get('documentIds');
    return {
      id: n.id,
      parentId: n.parentId,
      number: n.number,
      depth: n.depth,
      title: str(item.get('title')) ?? '',
      durationMin: num(item.get('durationMin')),
      presenter: str(item.get('presenter')),
      documentIds: docs instanceof Y.Array ? docs.toArray().filter((d): d is string => typeof d === 'string') : [],
      speakingLimitMin: speakingMinutes(item.get('speakingLimitMin')),
      speakingBudgetMin: speakingMinutes(item.get('speakingBudgetMin')),
    };
  });

  const documents: DocumentView[] = [];
  meetingDoc.documents(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const parsed = DocumentView.safeParse({
      supersedes: null,
      supersededBy: null,
      agendaItemId: null,
      confidentiality: 'internal',
      version: 1,
      ...m.toJSON(),
      id,
    });
    if (parsed.success) documents.push(parsed.data);
  });
  documents.sort((a, b) => a.title.localeCompare(b.title, 'vi'));

  const participants: ParticipantView[] = [];
  meetingDoc.participants(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const parsed = ParticipantView.safeParse({ position: null, unit: null, siteId: null, ...m.toJSON(), id });
    if (parsed.success) participants.push(parsed.data);
  });

  const sites: SiteView[] = [];
  meetingDoc.sites(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const parsed = SiteView.safeParse({ ...m.toJSON(), id });
    if (parsed.success) sites.push(parsed.data);
  });
  sites.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, 'vi') : a.kind === 'main' ? -1 : 1));

  return { meta, agenda, documents, participants, sites };
}

export function setMeta(doc: Y.Doc, patch: Partial<MeetingMeta>): void {
  const meta = meetingDoc.meta(doc);
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) meta.set(k, v);
  });
}

export interface NewAgendaItem {
  id: string;
  title: string;
  parentId: string | null;
  order: number;
  durationMin?: number | null;
  presenter?: string | null;
  documentIds?: string[];
}

export function addAgendaItem(doc: Y.Doc, item: NewAgendaItem): void {
  const m = new Y.Map<unknown>();
  m.set('title', item.title);
  m.set('parentId', item.parentId);
  m.set('order', item.order);
  m.set('durationMin', item.durationMin ?? null);
  m.set('presenter', item.presenter ?? null);
  const docs = new Y.Array<string>();
  docs.push(item.documentIds ?? []);
  m.set('documentIds', docs);
  meetingDoc.agenda(doc).set(item.id, m);
}

export function getAgendaItem(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const m = meetingDoc.agenda(doc).get(id);
  return m instanceof Y.Map ? m : undefined;
}

export interface NewDocument {
  id: string;
  title: string;
  sha256: string;
  size: number;
  pages: number;
  agendaItemId: string | null;
  confidentiality: Confidentiality;
  version?: number;
  supersedes?: string | null;
}

export function addDocument(doc: Y.Doc, d: NewDocument): void {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries({ version: 1, supersedes: null, supersededBy: null, ...d })) {
    if (k !== 'id') m.set(k, v);
  }
  meetingDoc.documents(doc).set(d.id, m);
}

export function addParticipant(doc: Y.Doc, p: ParticipantView): void {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(p)) if (k !== 'id') m.set(k, v);
  meetingDoc.participants(doc).set(p.id, m);
}

export function addSite(doc: Y.Doc, s: SiteView): void {
  const m = new Y.Map<unknown>();
  m.set('name', s.name);
  m.set('kind', s.kind);
  meetingDoc.sites(doc).set(s.id, m);
}

/**
 * Voting members placed at a remote site whose members may not vote in this meeting (issue
 * 17). Cheap when no site is limited: the meta is read first.
 */
export function siteVoteExclusions(doc: Y.Doc): Set<string> {
  const rights = SiteRights.safeParse(meetingDoc.meta(doc).get('siteRights'));
  const out = new Set<string>();
  if (!rights.success || !Object.values(rights.data).some((r) => !r.vote)) return out;
  const bridges = new Set<string>();
  meetingDoc.sites(doc).forEach((m, id) => {
    if (m instanceof Y.Map && m.get('kind') === 'bridge' && rights.data[id]?.vote === false) bridges.add(id);
  });
  meetingDoc.participants(doc).forEach((m, id) => {
    if (m instanceof Y.Map && bridges.has(m.get('siteId') as string)) out.add(id);
  });
  return out;
}

/** Documents open for comments and until when (a malformed entry is left out). */
export function readCommentWindows(doc: Y.Doc): Record<string, CommentWindow> {
  const out: Record<string, CommentWindow> = {};
  meetingDoc.commentWindows(doc).forEach((json, docId) => {
    try {
      const w = CommentWindow.safeParse(JSON.parse(json));
      if (w.success) out[docId] = w.data;
    } catch {
      /* a malformed entry opens nothing */
    }
  });
  return out;
}
