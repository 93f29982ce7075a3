/**
 * The meeting pack: every document of every meeting on this device, downloaded in the
 * background, verified, indexed for search. A delegate opens the app on the train and
 * finds the whole pack there; the rest of the app never waits for it.
 */
import { ApiError, toErrorInfo, type ErrorInfo } from '../../shared/errors';
import type { PackFile, PackStatus } from '../../shared/contract';
import type { DocumentView } from '../../shared/ydoc/meeting';
import type { BlobCache } from './blob-cache';
import { downloadBlob } from './blob-download';
import type { TextIndex } from './text-index';
import type { Lifetime } from './lifetime';
import { fullJitter } from '../../shared/backoff';

/** Downloads at once: enough to fill a link, few enough to keep page 1 of the current file quick. */
const concurrency = 3;
const progressEveryMs = 250;
const backoffBaseMs = 2_000;
const backoffCapMs = 60_000;

export interface PackDeps {
  cache: BlobCache;
  index: TextIndex;
  credentials: () => { serverUrl: string; token: string } | null;
  emit: (status: PackStatus) => void;
  /** A file became searchable: annotations on older versions may now be carried over. */
  onIndexed: (sha256: string) => void;
  /** Downloads and index runs are the core's background work: closing waits for them. */
  life: Lifetime;
  log: (level: 'info' | 'warn' | 'error', message: string, extra?: unknown) => void;
}

interface Attempt {
  failures: number;
  nextTryAt: number;
  hashFailures: number;
}

export class PackManager {
  private readonly meetings = new Map<string, DocumentView[]>();
  private readonly active = new Map<string, AbortController>();
  private readonly attempts = new Map<string, Attempt>();
  private readonly progressTimers = new Map<string, NodeJS.Timeout>();
  private readonly speed: { at: number; bytes: number }[] = [];
  /** Bytes received per file in flight; the database hears about it at most once a second. */
  private readonly received = new Map<string, { bytes: number; savedAt: number }>();
  private indexing: Promise<void> = Promise.resolve();
  private readonly indexQueued = new Set<string>();
  /** Files asked to be indexed while a run for them was queued or running: run again after. */
  private readonly indexAgain = new Set<string>();
  private wakeTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: PackDeps) {}

  private get stopped(): boolean {
    return this.deps.life.closed;
  }

  /** Meetings marked confidential: their files are kept sealed at rest (at-rest.ts). */
  private readonly sealedMeetings = new Set<string>();

  /** Whether a file belongs to a confidential meeting on this device (then it is kept sealed). */
  private mustSeal(sha256: string): boolean {
    for (const id of this.sealedMeetings) if (this.meetings.get(id)?.some((d) => d.sha256 === sha256)) return true;
    return false;
  }

  /**
   * The documents of a meeting changed (or it was opened): make the device hold them all.
   * `sealed`: the meeting is confidential, so its files are kept encrypted at rest.
   */
  track(meetingId: string, documents: DocumentView[], sealed = false): void {
    this.meetings.set(meetingId, documents);
    if (sealed) this.sealedMeetings.add(meetingId);
    else this.sealedMeetings.delete(meetingId);
    for (const d of documents) {
      const row = this.deps.cache.want(d.sha256, d.size);
      if (sealed && row.state === 'on_device') this.sealInPlace(d.sha256, row.indexState);
      else if (row.state === 'on_device' && row.indexState === 'pending') this.queueIndex(d.sha256);
    }
    this.schedule();
    this.emitSoon(meetingId);
  }

  untrackAll(): void {
    for (const c of this.active.values()) c.abort();
    this.active.clear();
    this.meetings.clear();
    this.sealedMeetings.clear();
  }


  retry(meetingId: string): void {
    for (const d of this.meetings.get(meetingId) ?? []) this.attempts.delete(d.sha256);
    this.schedule();
    this.emitSoon(meetingId);
  }

  /** The network came back: try everything that was waiting for it. */
  wake(): void {
    for (const a of this.attempts.values()) a.nextTryAt = 0;
    this.schedule();
  }

  status(meetingId: string): PackStatus {
    const docs = this.meetings.get(meetingId) ?? [];
    const files: PackFile[] = [];
    for (const d of docs) {
      const row = this.deps.cache.get(d.sha256);
      const state = row?.state ?? 'queued';
      files.push({
        documentId: d.id,
        title: d.title,
        sha256: d.sha256,
        size: d.size,
        received: state === 'on_device' ? d.size : (this.received.get(d.sha256)?.bytes ?? row?.received ?? 0),
        state,
        ...(row?.error && state === 'failed' ? { error: row.error } : {}),
        indexedPages: row?.indexedPages ?? 0,
      });
    }
    // Count each distinct file once: the same PDF attached twice is downloaded once.
    const unique = [...new Map(files.map((f) => [f.sha256, f])).values()];
    const totalBytes = unique.reduce((s, f) => s + f.size, 0);
    const receivedBytes = unique.reduce((s, f) => s + f.received, 0);
    const bytesPerSecond = this.bytesPerSecond();
    const left = totalBytes - receivedBytes;
    const current = files.filter((f) => !docs.find((d) => d.id === f.documentId)?.supersededBy);
    return {
      meetingId,
      files,
      totalBytes,
      receivedBytes,
      readyOffline: current.every((f) => f.state === 'on_device'),
      bytesPerSecond,
      etaSeconds: left > 0 && bytesPerSecond > 0 ? Math.ceil(left / bytesPerSecond) : null,
    };
  }

  /** Over the last 5 seconds. */
  private bytesPerSecond(): number {
    const now = Date.now();
    const recent = this.speed.filter((x) => now - x.at <= 5_000);
    this.speed.splice(0, this.speed.length - recent.length);
    if (recent.length < 2) return 0;
    const bytes = recent.reduce((s, x) => s + x.bytes, 0);
    return Math.round(bytes / Math.max(1, (now - recent[0]!.at) / 1000));
  }

  private emitSoon(meetingId: string): void {
    if (this.progressTimers.has(meetingId) || this.stopped) return;
    const t = this.deps.life.setTimeout(() => {
      this.progressTimers.delete(meetingId);
      if (this.meetings.has(meetingId)) this.deps.emit(this.status(meetingId));
    }, progressEveryMs);
    if (t) this.progressTimers.set(meetingId, t);
  }

  private emitFor(sha256: string): void {
    for (const [id, docs] of this.meetings) if (docs.some((d) => d.sha256 === sha256)) this.emitSoon(id);
  }

  /** Current versions first, then superseded ones (still readable, less urgent). */
  private wanted(): { sha256: string; size: number; title: string }[] {
    const current: { sha256: string; size: number; title: string }[] = [];
    const older: typeof current = [];
    const seen = new Set<string>();
    for (const docs of this.meetings.values()) {
      for (const d of docs) {
        if (seen.has(d.sha256)) continue;
        seen.add(d.sha256);
        (d.supersededBy ? older : current).push({ sha256: d.sha256, size: d.size, title: d.title });
      }
    }
    return [...current, ...older];
  }

  private schedule(): void {
    if (this.stopped) return;
    const creds = this.deps.credentials();
    if (!creds) return;
    const now = Date.now();
    let soonest = Infinity;
    for (const t of this.wanted()) {
      if (this.active.size >= concurrency) break;
      if (this.active.has(t.sha256)) continue;
      const row = this.deps.cache.get(t.sha256);
      if (!row || row.state === 'on_device') continue;
      const a = this.attempts.get(t.sha256);
      if (a && a.nextTryAt > now) {
        soonest = Math.min(soonest, a.nextTryAt);
        continue;
      }
      this.start(t, creds);
    }
    this.deps.life.clearTimeout(this.wakeTimer);
    this.wakeTimer = Number.isFinite(soonest) ? this.deps.life.setTimeout(() => this.schedule(), soonest - now) : null;
  }

  private start(t: { sha256: string; size: number; title: string }, creds: { serverUrl: string; token: string }): void {
    const controller = new AbortController();
    this.active.set(t.sha256, controller);
    const signal = AbortSignal.any([controller.signal, this.deps.life.signal]);
    const { cache } = this.deps;
    let last = cache.get(t.sha256)?.received ?? 0;
    cache.setState(t.sha256, 'downloading', last, null);
    this.emitFor(t.sha256);
    this.deps.life.spawn(() => downloadBlob(
      cache,
      creds.serverUrl,
      creds.token,
      { ...t, sealed: this.mustSeal(t.sha256) },
      (received) => {
        if (this.stopped) return;
        const now = Date.now();
        this.speed.push({ at: now, bytes: received - last });
        last = received;
        // A commit per network chunk would cost more than the download itself.
        const seen = this.received.get(t.sha256);
        if (!seen || now - seen.savedAt >= 1000) {
          cache.setState(t.sha256, 'downloading', received, null);
          this.received.set(t.sha256, { bytes: received, savedAt: now });
        } else seen.bytes = received;
        this.emitFor(t.sha256);
      },
      signal,
    )
      .then(() => {
        if (this.stopped) return;
        cache.setState(t.sha256, 'on_device', t.size, null);
        this.attempts.delete(t.sha256);
        // Its meeting became confidential while it was arriving in the clear: seal it now.
        if (this.mustSeal(t.sha256)) this.sealInPlace(t.sha256, 'pending');
        else this.queueIndex(t.sha256);
      })
      .catch((err: unknown) => this.failed(t, err))
      .finally(() => {
        this.active.delete(t.sha256);
        this.received.delete(t.sha256);
        if (this.stopped) return;
        this.emitFor(t.sha256);
        this.schedule();
      }), (err) => this.deps.log('error', 'a download ended unexpectedly', err));
  }

  /**
   * A confidential meeting's file on the device. One that arrived before the meeting was
   * marked is sealed now, its pages leave the clear index, and it is indexed again sealed.
   */
  private sealInPlace(sha256: string, indexState: 'pending' | 'indexed' | 'failed'): void {
    if (this.deps.cache.isSealed(sha256)) {
      if (indexState === 'pending') this.queueIndex(sha256);
      return;
    }
    if (indexState === 'indexed') {
      this.deps.index.forgetClear(sha256);
      this.deps.cache.resetIndex(sha256);
    }
    this.deps.life.spawn(
      () => this.deps.cache.ensureSealed(sha256).then(() => this.reindex(sha256)),
      (err) => this.deps.log('error', `sealing ${sha256.slice(0, 12)} failed`, err),
    );
  }

  private failed(t: { sha256: string; title: string }, err: unknown): void {
    if (this.stopped) return;
    const info: ErrorInfo = toErrorInfo(err);
    const a = this.attempts.get(t.sha256) ?? { failures: 0, nextTryAt: 0, hashFailures: 0 };
    a.failures++;
    const hashMismatch = err instanceof ApiError && err.code === 'conflict';
    if (hashMismatch) a.hashFailures++;
    // A damaged copy is fetched again at once, but twice damaged is not a network blip:
    // stop and say so until someone presses "retry".
    const giveUp = a.hashFailures >= 2 || info.code === 'forbidden' || info.code === 'not_found';
    a.nextTryAt = giveUp ? Number.POSITIVE_INFINITY : hashMismatch && a.hashFailures === 1 ? 0 : Date.now() + fullJitter(a.failures, backoffBaseMs, backoffCapMs);
    this.attempts.set(t.sha256, a);
    const received = this.received.get(t.sha256)?.bytes ?? this.deps.cache.get(t.sha256)?.received ?? 0;
    this.deps.cache.setState(t.sha256, 'failed', hashMismatch ? 0 : received, info);
    this.deps.log('warn', `download of ${t.sha256.slice(0, 12)} failed: ${info.message}`);
  }

  /**
   * The file changed on disk (sealed in place): index it again, after the run that may be
   * queued or reading it now (that run's result is thrown away, see `overtaken`).
   */
  private reindex(sha256: string): void {
    if (this.indexQueued.has(sha256)) this.indexAgain.add(sha256);
    else this.queueIndex(sha256);
  }

  private queueIndex(sha256: string): void {
    if (this.indexQueued.has(sha256)) return;
    this.indexQueued.add(sha256);
    // One file at a time: indexing is heavy work, and the pack has many files.
    const run = async () => {
      const file = this.deps.cache.verifiedPath(sha256);
      if (!file || this.stopped) return;
      // A confidential meeting's pages never enter the clear index: a sealed file goes to
      // the sealed one; a file still being sealed is queued again once it is.
      const sealed = this.deps.cache.isSealed(sha256);
      if (!sealed && this.mustSeal(sha256)) {
        this.indexQueued.delete(sha256);
        if (this.indexAgain.delete(sha256)) this.queueIndex(sha256);
        return;
      }
      // The meeting was marked confidential while a clear run went on: its pages must not
      // stay in the clear index, and the file may have been sealed under the reader (which
      // then saw ciphertext). Either way the result is void; sealInPlace indexes it again.
      const overtaken = () => !sealed && (this.mustSeal(sha256) || this.deps.cache.isSealed(sha256));
      try {
        const pages = await this.deps.index.index(sha256, file, this.deps.life.signal, sealed ? this.deps.cache.blobsKey : undefined);
        if (this.stopped) return;
        if (overtaken()) {
          this.deps.index.forgetClear(sha256);
          this.deps.cache.resetIndex(sha256);
          return;
        }
        this.deps.cache.setIndexed(sha256, 'indexed', pages);
        this.deps.onIndexed(sha256);
      } catch (err) {
        // Stopped by closing: the file stays 'pending' and is indexed at the next start.
        if (this.stopped) return;
        if (overtaken()) {
          this.deps.cache.resetIndex(sha256);
          return;
        }
        this.deps.cache.setIndexed(sha256, 'failed', 0);
        this.deps.log('warn', `indexing ${sha256.slice(0, 12)} failed`, err);
      } finally {
        this.indexQueued.delete(sha256);
        if (!this.stopped) {
          this.emitFor(sha256);
          if (this.indexAgain.delete(sha256)) this.queueIndex(sha256);
        }
      }
    };
    const next = this.indexing.then(() => (this.stopped ? undefined : this.deps.life.run(run)));
    // The chain must never reject, or every later file would be skipped.
    this.indexing = next.catch((err: unknown) => this.deps.log('error', 'indexing ended unexpectedly', err));
  }

  /** Resolves when all queued indexing is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.indexing;
  }
}
