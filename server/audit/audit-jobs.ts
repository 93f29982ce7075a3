/**
 * The slow parts of the audit check, in a worker thread (audit-check-worker.ts): a secret
 * poll's recount — every ballot's proofs and the tellers' decryption, about a minute of
 * arithmetic for a congress — and the text of an issued record read with pdf.js. On the
 * server they must never run on the event loop in the middle of a meeting, and only one
 * check runs at a time on a server (AuditCheckGate): a second asks to try again instead of
 * queuing CPU behind the first.
 */
import type { EvidenceInput, VerifyReport } from '../../shared/crypto';
import { ApiError } from '../../shared/errors';
import { WorkerPool } from '../../node/worker-pool';

export type AuditJob = { kind: 'evidence'; evidence: EvidenceInput } | { kind: 'pdf-text'; file: string; maxPages: number };

/** A congress's 3,152 ballots recount in about a minute here; ten leave room for a loaded machine. */
const recountLimits = { timeMs: 600_000, memoryMb: 256 };
/** An issued record is a few pages of our own making; anything needing more is not one. */
const textLimits = { timeMs: 60_000, memoryMb: 256 };
export const maxRecordPages = 500;

export class AuditJobs {
  private readonly pool = new WorkerPool('audit-check-worker', import.meta.url, 10_000, 20);

  recount(evidence: EvidenceInput, signal?: AbortSignal): Promise<VerifyReport> {
    return this.pool.run<VerifyReport>({ kind: 'evidence', evidence } satisfies AuditJob, recountLimits, { signal });
  }

  /** The text of each page of a PDF on disk. */
  pageTexts(file: string, signal?: AbortSignal): Promise<string[]> {
    return this.pool.run<string[]>({ kind: 'pdf-text', file, maxPages: maxRecordPages } satisfies AuditJob, textLimits, { signal });
  }
}

/** One audit check at a time per server: the others are told to come back. */
export class AuditCheckGate {
  private running: { meetingId: string; since: number } | null = null;

  /** Runs `check`, or refuses at once (429, Retry-After) while another check runs on this server. */
  async run<T>(meetingId: string, check: () => Promise<T>): Promise<T> {
    if (this.running) {
      const sec = Math.max(5, Math.ceil((Date.now() - this.running.since) / 1000));
      throw Object.assign(new ApiError('rate_limited', `Another audit check is running on this server right now (it recounts secret ballots and reads the issued records, which takes a while). Try again in ${sec} seconds.`), { retryAfterSec: sec });
    }
    this.running = { meetingId, since: Date.now() };
    try {
      return await check();
    } finally {
      this.running = null;
    }
  }

  get busy(): boolean {
    return this.running !== null;
  }
}

const gates = new WeakMap<object, AuditCheckGate>();
const jobs = new WeakMap<object, AuditJobs>();

/** The gate and workers of a running server, keyed by its room service (one per server). */
export function auditCheckGate(server: object): AuditCheckGate {
  let g = gates.get(server);
  if (!g) gates.set(server, (g = new AuditCheckGate()));
  return g;
}

export function auditJobsOf(server: object): AuditJobs {
  let j = jobs.get(server);
  if (!j) jobs.set(server, (j = new AuditJobs()));
  return j;
}
