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

/** Downloads at once: enough to fill a link, few enough to keep page 1 of the current file quick. */
const concurrency = 3;
const progressEveryMs = 250;
const backoffMs = [2_000, 5_000, 15_000, 30_000, 60_000];

export interface PackDeps {
  cache: BlobCache;
  index: TextIndex;
  credentials: () => { serverUrl: string; token: string } | null;
  emit: (status: PackStatus) => void;
  /** A file became searchable: annotations on older versions may now be carried over. */
  onIndexed: (sha256: string) => void;
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
  private wakeTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: PackDeps) {}

  /** The documents of a meeting changed (or it was opened): make the device hold them all. */
  track(meetingId: string, documents: DocumentView[]): void {
    this.meetings.set(meetingId, documents);
    for (const d of documents) {
      const row = this.deps.cache.want(d.sha256, d.size);
      if (row.state === 'on_device' && row.indexState === 'pending') this.queueIndex(d.sha256);
    }
    this.schedule();
    this.emitSoon(meetingId);
  }

  untrackAll(): void {
    for (const c of this.active.values()) c.abort();
    this.active.clear();
    this.meetings.clear();
  }

  stop(): void {
    this.stopped = true;
    this.untrackAll();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    for (const t of this.progressTimers.values()) clearTimeout(t);
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
    this.progressTimers.set(
      meetingId,
      setTimeout(() => {
        this.progressTimers.delete(meetingId);
        if (this.meetings.has(meetingId)) this.deps.emit(this.status(meetingId));
      }, progressEveryMs),
    );
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
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = Number.isFinite(soonest) ? setTimeout(() => this.schedule(), soonest - now) : null;
  }

  private start(t: { sha256: string; size: number; title: string }, creds: { serverUrl: string; token: string }): void {
    const controller = new AbortController();
    this.active.set(t.sha256, controller);
    const { cache } = this.deps;
    let last = cache.get(t.sha256)?.received ?? 0;
    cache.setState(t.sha256, 'downloading', last, null);
    this.emitFor(t.sha256);
    downloadBlob(
      cache,
      creds.serverUrl,
      creds.token,
      t,
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
      controller.signal,
    )
      .then(() => {
        if (this.stopped) return;
        cache.setState(t.sha256, 'on_device', t.size, null);
        this.attempts.delete(t.sha256);
        this.queueIndex(t.sha256);
      })
      .catch((err: unknown) => this.failed(t, err))
      .finally(() => {
        this.active.delete(t.sha256);
        this.received.delete(t.sha256);
        if (this.stopped) return;
        this.emitFor(t.sha256);
        this.schedule();
      });
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
    a.nextTryAt = giveUp ? Number.POSITIVE_INFINITY : hashMismatch && a.hashFailures === 1 ? 0 : Date.now() + backoffMs[Math.min(a.failures - 1, backoffMs.length - 1)]!;
    this.attempts.set(t.sha256, a);
    const received = this.received.get(t.sha256)?.bytes ?? this.deps.cache.get(t.sha256)?.received ?? 0;
    this.deps.cache.setState(t.sha256, 'failed', hashMismatch ? 0 : received, info);
    this.deps.log('warn', `download of ${t.sha256.slice(0, 12)} failed: ${info.message}`);
  }

  private queueIndex(sha256: string): void {
    if (this.indexQueued.has(sha256)) return;
    this.indexQueued.add(sha256);
    // One file at a time: indexing is CPU work on the same thread as sync and the UI bridge.
    this.indexing = this.indexing.then(async () => {
      const file = this.deps.cache.verifiedPath(sha256);
      if (!file || this.stopped) return;
      try {
        const pages = await this.deps.index.index(sha256, file);
        this.deps.cache.setIndexed(sha256, 'indexed', pages);
        this.deps.onIndexed(sha256);
      } catch (err) {
        this.deps.cache.setIndexed(sha256, 'failed', 0);
        this.deps.log('warn', `indexing ${sha256.slice(0, 12)} failed`, err);
      } finally {
        this.indexQueued.delete(sha256);
        this.emitFor(sha256);
      }
    });
  }

  /** Resolves when all queued indexing is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.indexing;
  }
}
