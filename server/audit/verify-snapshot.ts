/**
 * Reads what `audit verify` checks (issue 18) from the server's database: the chain, the
 * polls with their stored ballots, attendance, conclusions, the heads printed on issued
 * records, and the issued records themselves. Only SELECTs, in one snapshot of the database
 * (RecordsDb.snapshot: no write lands halfway through what is read), and the CLI runs it on
 * a read-only connection beside a running server. Then, off the event loop
 * (audit-jobs.ts): each closed secret poll is recounted from its public evidence with
 * shared/crypto's verifier (what `verify-poll` runs), and each issued record's PDF is read
 * to compare what it says with the chain.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as Y from 'yjs';
import type { EvidenceInput } from '../../shared/crypto';
import type { AuditReport } from '../../shared/api/audit';
import { readMeeting } from '../../shared/ydoc/meeting';
import { blobPath, sha256Pattern } from '../blobs';
import { AuditLog, genesisHash } from './audit';
import type { AuditJobs } from './audit-jobs';
import { all, values, type RecordsDb, type Sql } from '../records/sql';
import { pollEvidence } from '../voting/evidence';
import { RecordsRepo } from '../records/repo';
import { verifyMeetingAudit, type AuditSnapshot, type HeadRef, type SnapshotPoll } from './verify';
import type { IssuedDocument } from './verify-records';

/** What one pass over the database gives: the snapshot, and the slow checks still to run on it. */
export interface AuditWork {
  snapshot: AuditSnapshot;
  /** Closed secret polls with encrypted ballots: their public record, to recount. */
  recounts: { pollId: string; evidence: EvidenceInput }[];
  /** The issued records; their `file` is filled in by readRecordFiles. */
  documents: (IssuedDocument & { fileSha256: string | null })[];
}

/** A meeting's agenda from its stored Yjs updates (the CLI has no running documents to ask). */
export function* agendaFromDb(meetingId: string): Sql<{ id: string; number: string; title: string }[]> {
  const doc = new Y.Doc();
  try {
    for (const blob of yield* values<Uint8Array>('SELECT update_blob FROM yjs_updates WHERE doc_name = ? ORDER BY seq', `meeting/${meetingId}`)) {
      Y.applyUpdate(doc, new Uint8Array(blob));
    }
    return readMeeting(doc).agenda.map((a) => ({ id: a.id, number: a.number, title: a.title }));
  } finally {
    doc.destroy();
  }
}

/** Everything the check reads, in one pass over the records (run it in a snapshot: RecordsDb.snapshot). */
export function* readAuditWork(rdb: RecordsDb, meetingId: string, knownAgenda?: { id: string; number: string; title: string }[]): Sql<AuditWork> {
  const agenda = knownAgenda ?? (yield* agendaFromDb(meetingId));
  const repo = new RecordsRepo(rdb);
  const notes: string[] = [];
  const recounts: AuditWork['recounts'] = [];
  const polls: SnapshotPoll[] = [];
  for (const p of yield* repo.polls(meetingId)) {
    const ballots = new Map<string, string[] | null>();
    const receivedAt = new Map<string, string | null>();
    const rows = p.definition.secret
      ? yield* all<{ user_id: string; choices?: string; received_at: string | null }>('SELECT user_id, received_at FROM encrypted_ballots WHERE poll_id = ? ORDER BY user_id', p.id)
      : yield* all<{ user_id: string; choices?: string; received_at: string | null }>('SELECT user_id, choices, received_at FROM named_ballots WHERE poll_id = ? ORDER BY user_id', p.id);
    for (const r of rows) {
      ballots.set(r.user_id, p.definition.secret ? null : (JSON.parse(r.choices!) as string[]));
      receivedAt.set(r.user_id, r.received_at);
    }
    if (p.definition.secret && p.publicKey && (p.status === 'closed' || p.status === 'published')) {
      recounts.push({ pollId: p.id, evidence: (yield* pollEvidence(repo, p)) as unknown as EvidenceInput });
    } else if (p.definition.secret && !p.publicKey && p.status !== 'draft' && p.status !== 'open') {
      notes.push(`Poll ${p.id} (secret): it has no encrypted ballots to recount (from before issue 15, or its key was never made).`);
    }
    polls.push({ id: p.id, definition: p.definition, status: p.status, result: p.result, voidReason: p.voidReason, ballots, receivedAt, sealedTotals: p.sealed?.totals ?? null, evidence: null, agendaItemId: p.agendaItemId });
  }
  const attendance = new Map([...(yield* repo.allAttendance(meetingId))].map(([id, m]) => [id, { status: m.status, substitute: m.substitute ?? null, at: m.at, by: m.by }]));
  const conclusions = (
    yield* all<{ id: string; agenda_item_id: string; version: number; text: string; poll_refs: string; finalised_by: string; corrects: string | null; reason: string | null }>(
      'SELECT id, agenda_item_id, version, text, poll_refs, finalised_by, corrects, reason FROM conclusions WHERE meeting_id = ? ORDER BY agenda_item_id, version',
      meetingId,
    )
  ).map((r) => ({ id: r.id, agendaItemId: r.agenda_item_id, version: r.version, text: r.text, pollRefs: JSON.parse(r.poll_refs) as string[], by: r.finalised_by, corrects: r.corrects, reason: r.reason }));
  const entries = yield* new AuditLog(rdb).list(meetingId);
  // Heads printed as "Mã kiểm chứng": on the official record register, and in the chain's own
  // notice entries (a head of an empty chain, the genesis, names nothing to find).
  const documentHeads: { hash: string; what: string }[] = [];
  const rows = yield* all<{ id: string; kind: 'notice' | 'minutes'; number: string; status: string; sha256: string | null; audit_head: string | null }>(
    'SELECT id, kind, number, status, sha256, audit_head FROM official_records WHERE meeting_id = ? ORDER BY finalised_at, id',
    meetingId,
  );
  for (const r of rows) {
    if (r.audit_head && r.audit_head !== genesisHash) documentHeads.push({ hash: r.audit_head, what: `official record ${r.kind} ${r.number ?? r.id}` });
  }
  for (const e of entries) {
    const d = e.data as { auditHead?: unknown; number?: unknown };
    if ((e.kind === 'notice.issued' || e.kind === 'record.finalised') && typeof d.auditHead === 'string' && d.auditHead !== genesisHash) {
      documentHeads.push({ hash: d.auditHead, what: `${e.kind === 'notice.issued' ? 'notice' : 'official record'} ${String(d.number ?? '')} (entry ${e.seq})` });
    }
  }
  // The issued records: each final register row with the chain's entry for it, each entry
  // without its row, and the conclusion notices of issue 7 (they have the chain's entry only).
  const documents: AuditWork['documents'] = [];
  const finalised = new Map(entries.filter((e) => e.kind === 'record.finalised').map((e) => [String((e.data as { recordId?: unknown }).recordId), e]));
  for (const r of rows) {
    if (r.status !== 'final') continue;
    const entry = finalised.get(r.id) ?? null;
    finalised.delete(r.id);
    documents.push({ source: 'official', kind: r.kind, row: { id: r.id, number: r.number, sha256: r.sha256, auditHead: r.audit_head }, entry, file: null, fileSha256: r.sha256 ?? ((entry?.data as { sha256?: string } | undefined)?.sha256 ?? null) });
  }
  for (const entry of finalised.values()) {
    const d = entry.data as { kind?: unknown; sha256?: unknown };
    documents.push({ source: 'official', kind: d.kind === 'minutes' ? 'minutes' : 'notice', row: null, entry, file: null, fileSha256: typeof d.sha256 === 'string' ? d.sha256 : null });
  }
  for (const entry of entries.filter((e) => e.kind === 'notice.issued')) {
    const d = entry.data as { sha256?: unknown };
    documents.push({ source: 'notice', kind: 'notice', row: null, entry, file: null, fileSha256: typeof d.sha256 === 'string' ? d.sha256 : null });
  }
  return { snapshot: { meetingId, entries, polls, attendance, conclusions, documentHeads, notes, records: { agenda, documents } }, recounts, documents };
}

/** Larger than any record we issue by far: a file this big is not read, it is reported. */
const maxRecordBytes = 64 * 1024 * 1024;

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads each issued record's stored PDF: its real SHA-256 and its text (in the worker). */
async function readRecordFiles(work: AuditWork, dataDir: string, jobs: AuditJobs, signal?: AbortSignal): Promise<void> {
  for (const doc of work.documents) {
    signal?.throwIfAborted();
    const sha = doc.fileSha256;
    if (!sha || !sha256Pattern.test(sha)) continue;
    const file = blobPath(dataDir, sha);
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) {
      doc.file = { sha256: sha, actualSha256: null, text: null, error: null };
      continue;
    }
    const actual = await fileSha256(file);
    if (st.size > maxRecordBytes) {
      doc.file = { sha256: sha, actualSha256: actual, text: null, error: `the file has ${st.size} bytes, more than any record this server issues` };
      continue;
    }
    try {
      doc.file = { sha256: sha, actualSha256: actual, text: (await jobs.pageTexts(file, signal)).join('\n'), error: null };
    } catch (err) {
      if (signal?.aborted) throw err;
      doc.file = { sha256: sha, actualSha256: actual, text: null, error: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** Recounts each closed secret poll in the worker, one after the other. */
async function recountSecretPolls(work: AuditWork, jobs: AuditJobs, signal?: AbortSignal): Promise<void> {
  for (const { pollId, evidence } of work.recounts) {
    const poll = work.snapshot.polls.find((p) => p.id === pollId)!;
    try {
      poll.evidence = await jobs.recount(evidence, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      poll.evidence = { ok: false, problems: [`its evidence could not be checked: ${err instanceof Error ? err.message : String(err)}`] };
    }
  }
}

export interface AuditCheckOptions {
  /** The server's data folder, where the issued records' PDFs are. */
  dataDir: string;
  jobs: AuditJobs;
  /** The meeting's agenda when the caller has it live (a running server); else read from the database. */
  agenda?: { id: string; number: string; title: string }[];
  /** Aborted (the caller went away): the worker is stopped, nothing more is read. */
  signal?: AbortSignal;
}

/** The whole check: one read of the database, then the recounts and the records' text off the event loop. */
export async function runAuditCheck(rdb: RecordsDb, meetingId: string, heads: readonly HeadRef[], opts: AuditCheckOptions): Promise<AuditReport> {
  const work = await rdb.snapshot(() => readAuditWork(rdb, meetingId, opts.agenda));
  await recountSecretPolls(work, opts.jobs, opts.signal);
  await readRecordFiles(work, opts.dataDir, opts.jobs, opts.signal);
  return verifyMeetingAudit(work.snapshot, heads);
}
