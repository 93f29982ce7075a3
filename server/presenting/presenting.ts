/**
 * "Follow the presenter" (issue 17): whoever runs the meeting presents a document of the
 * meeting, or names a participant to present it; every delegate's reader follows the page.
 * `live/<id>` carries only the document id and the page (state.presenting), never the
 * file: it is in every pack already.
 *
 * Page turns go through the live flusher (latest wins), so a presenter leafing through
 * ten pages costs live/<id> one or two updates, not ten. Starting, handing over and stopping
 * are in the audit chain; page turns are not (they are not decisions, and there are many).
 */
import { ApiError } from '../../shared/errors';
import { runsMeeting, type MeetingRole } from '../../shared/roles';
import { readPresenting, type Presenting } from '../../shared/ydoc/live';
import { meetingDoc } from '../../shared/ydoc/meeting';
import type { SyncedDocs } from '../sync/synced-docs';
import type { AuditLog } from '../audit/audit';

export interface PresentingSink {
  /** Carries the latest state to `live/<id>` at the next flush. */
  mark(meetingId: string, json: string | null): void;
  /** Writes it now (start and stop: people wait for them). */
  flushNow(meetingId: string): Promise<void>;
  /** The flusher's interval: at most one page turn is written at once per interval. */
  intervalMs: number;
}

interface Current {
  state: Presenting;
  /** The presented document's page count, so a turn is checked without reading the meeting doc. */
  pages: number;
}

export class PresentingLive {
  /** What is presented, by meeting; filled from `live/<id>` after a restart (see current). */
  private readonly now = new Map<string, Current | null>();
  /** When a page turn was last written at once, by meeting (see turn). */
  private readonly lastImmediate = new Map<string, number>();

  constructor(
    private readonly docs: SyncedDocs,
    private readonly audit: AuditLog,
    private readonly sink: PresentingSink,
  ) {}

  /**
   * Presents a document from a page (whoever runs the meeting), as themselves or naming
   * another participant who then turns the pages. Presenting another document replaces it.
   */
  async start(meetingId: string, by: { id: string; role: MeetingRole | null }, input: { documentId: string; page: number; presenterId: string | null; presenterName: string }): Promise<Presenting> {
    const current = await this.current(meetingId);
    const mayStart = runsMeeting(by.role) || (current !== null && current.state.presenterId === by.id && (input.presenterId === null || input.presenterId === by.id));
    if (!mayStart) throw new ApiError('forbidden', 'Only the chair, a vice chair, the secretariat or the named presenter can present a document.');
    const pages = await this.pagesOf(meetingId, input.documentId);
    checkPage(input.page, pages);
    // The named presenter keeps the role when they move to another document themselves.
    const presenterId = input.presenterId ?? (runsMeeting(by.role) ? by.id : current!.state.presenterId);
    const state: Presenting = { documentId: input.documentId, page: input.page, presenterId, presenterName: input.presenterName, since: new Date().toISOString() };
    this.now.set(meetingId, { state, pages });
    await this.audit.rdb.transaction([meetingId], () => this.audit.append(meetingId, 'presenting.started', { by: by.id, documentId: state.documentId, presenterId }));
    this.sink.mark(meetingId, JSON.stringify(state));
    await this.sink.flushNow(meetingId);
    return state;
  }

  /** A page turn by the presenter (or whoever runs the meeting): coalesced, latest wins. */
  async turn(meetingId: string, by: { id: string; role: MeetingRole | null }, page: number): Promise<Presenting> {
    const current = await this.current(meetingId);
    if (!current) throw new ApiError('conflict', 'Nothing is being presented.');
    if (current.state.presenterId !== by.id && !runsMeeting(by.role)) throw new ApiError('forbidden', 'Only the presenter turns the pages for everyone.');
    checkPage(page, current.pages);
    if (current.state.page === page) return current.state;
    const state = { ...current.state, page };
    this.now.set(meetingId, { ...current, state });
    this.sink.mark(meetingId, JSON.stringify(state));
    // Leading edge: a turn after a quiet interval is written at once, so followers see it
    // within one fan-out rather than one flush interval later; the turns that follow
    // within the interval ride the next scheduled flush together (latest wins).
    const t = Date.now();
    if (t - (this.lastImmediate.get(meetingId) ?? 0) >= this.sink.intervalMs) {
      this.lastImmediate.set(meetingId, t);
      await this.sink.flushNow(meetingId);
    }
    return state;
  }

  async stop(meetingId: string, by: { id: string; role: MeetingRole | null }): Promise<void> {
    const current = await this.current(meetingId);
    if (!current) return;
    if (current.state.presenterId !== by.id && !runsMeeting(by.role)) throw new ApiError('forbidden', 'Only the presenter or whoever runs the meeting can stop presenting.');
    this.now.set(meetingId, null);
    await this.audit.rdb.transaction([meetingId], () => this.audit.append(meetingId, 'presenting.stopped', { by: by.id, documentId: current.state.documentId }));
    this.sink.mark(meetingId, null);
    await this.sink.flushNow(meetingId);
  }

  private async current(meetingId: string): Promise<Current | null> {
    if (this.now.has(meetingId)) return this.now.get(meetingId)!;
    // After a restart: what live/<id> shows is what is presented.
    const state = await this.docs.read(`live/${meetingId}`, (doc) => readPresenting(doc));
    let cur: Current | null = null;
    if (state) {
      try {
        cur = { state, pages: await this.pagesOf(meetingId, state.documentId) };
      } catch {
        cur = null; // the document left the meeting meanwhile
      }
    }
    this.now.set(meetingId, cur);
    return cur;
  }

  private async pagesOf(meetingId: string, documentId: string): Promise<number> {
    const pages = await this.docs.read(`meeting/${meetingId}`, (doc) => {
      const d = meetingDoc.documents(doc).get(documentId);
      if (!d || typeof d.get !== 'function') return null;
      const n = d.get('pages');
      return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 0;
    });
    if (pages === null) throw new ApiError('invalid_input', `The field "documentId" is not valid: there is no document "${documentId}" in this meeting.`);
    if (pages === 0) throw new ApiError('conflict', 'This document has no known page count yet; it cannot be presented.');
    return pages;
  }
}

function checkPage(page: number, pages: number): void {
  if (!Number.isInteger(page) || page < 1 || page > pages) throw new ApiError('invalid_input', `The field "page" is not valid: the document has ${pages} page${pages === 1 ? '' : 's'}, so page ${page} does not exist.`);
}
