/**
 * Reads what `audit verify` checks (issue 18) from the server's database: the chain, the
 * polls with their stored ballots, attendance, conclusions and the heads printed on issued
 * records. Only SELECTs, so the CLI runs it on a read-only connection beside a running
 * server. Secret polls are recounted from their public evidence with shared/crypto's
 * verifier (the same the `verify-poll` command runs).
 */
import { verifyPollEvidence, type EvidenceInput } from '../../shared/crypto';
import { AuditLog, genesisHash } from './audit';
import type { Db } from './db';
import { pollEvidence } from './evidence';
import { RoomRepo } from './repo';
import { verifyMeetingAudit, type AuditSnapshot, type HeadRef, type SnapshotPoll } from './verify';
import type { AuditReport } from '../../shared/http';

export interface SnapshotOptions {
  /** Re-check every secret ballot's proofs and the tellers' decryption (slow for a congress). Default true. */
  secretEvidence?: boolean;
}

export function readAuditSnapshot(db: Db, meetingId: string, opts: SnapshotOptions = {}): AuditSnapshot {
  const repo = new RoomRepo(db);
  const notes: string[] = [];
  const namedRows = db.prepare('SELECT user_id, choices, received_at FROM named_ballots WHERE poll_id = ?');
  const secretRows = db.prepare('SELECT user_id, received_at FROM encrypted_ballots WHERE poll_id = ?');
  const polls: SnapshotPoll[] = repo.polls(meetingId).map((p) => {
    const ballots = new Map<string, string[] | null>();
    const receivedAt = new Map<string, string | null>();
    const rows = (p.definition.secret ? secretRows : namedRows).all(p.id) as { user_id: string; choices?: string; received_at: string | null }[];
    for (const r of rows) {
      ballots.set(r.user_id, p.definition.secret ? null : (JSON.parse(r.choices!) as string[]));
      receivedAt.set(r.user_id, r.received_at);
    }
    let evidence: SnapshotPoll['evidence'] = null;
    if (p.definition.secret && p.publicKey && (p.status === 'closed' || p.status === 'published')) {
      if (opts.secretEvidence === false) notes.push(`Poll ${p.id} (secret): its ballots' proofs and tally were not re-checked here; run \`opencabinet-server verify-poll --poll ${p.id}\`.`);
      else {
        try {
          const r = verifyPollEvidence(pollEvidence(repo, p) as unknown as EvidenceInput);
          evidence = { ok: r.ok, problems: r.problems };
        } catch (err) {
          evidence = { ok: false, problems: [`its evidence could not be checked: ${err instanceof Error ? err.message : String(err)}`] };
        }
      }
    } else if (p.definition.secret && !p.publicKey && p.status !== 'draft' && p.status !== 'open') {
      notes.push(`Poll ${p.id} (secret): it has no encrypted ballots to recount (from before issue 15, or its key was never made).`);
    }
    return { id: p.id, definition: p.definition, status: p.status, result: p.result, voidReason: p.voidReason, ballots, receivedAt, sealedTotals: p.sealed?.totals ?? null, evidence };
  });
  const attendance = new Map([...repo.allAttendance(meetingId)].map(([id, m]) => [id, { status: m.status, substitute: m.substitute ?? null, at: m.at, by: m.by }]));
  const conclusions = (
    db.prepare('SELECT id, agenda_item_id, version, text, poll_refs, finalised_by, corrects, reason FROM conclusions WHERE meeting_id = ? ORDER BY agenda_item_id, version').all(meetingId) as {
      id: string;
      agenda_item_id: string;
      version: number;
      text: string;
      poll_refs: string;
      finalised_by: string;
      corrects: string | null;
      reason: string | null;
    }[]
  ).map((r) => ({ id: r.id, agendaItemId: r.agenda_item_id, version: r.version, text: r.text, pollRefs: JSON.parse(r.poll_refs) as string[], by: r.finalised_by, corrects: r.corrects, reason: r.reason }));
  const entries = new AuditLog(db).list(meetingId);
  // Heads printed as "Mã kiểm chứng": on the official record register, and in the chain's own
  // notice entries (a head of an empty chain, the genesis, names nothing to find).
  const documentHeads: { hash: string; what: string }[] = [];
  for (const r of db.prepare("SELECT id, kind, number, audit_head FROM official_records WHERE meeting_id = ? AND audit_head IS NOT NULL").all(meetingId) as { id: string; kind: string; number: string | null; audit_head: string }[]) {
    if (r.audit_head !== genesisHash) documentHeads.push({ hash: r.audit_head, what: `official record ${r.kind} ${r.number ?? r.id}` });
  }
  for (const e of entries) {
    const d = e.data as { auditHead?: unknown; number?: unknown };
    if ((e.kind === 'notice.issued' || e.kind === 'record.finalised') && typeof d.auditHead === 'string' && d.auditHead !== genesisHash) {
      documentHeads.push({ hash: d.auditHead, what: `${e.kind === 'notice.issued' ? 'notice' : 'official record'} ${String(d.number ?? '')} (entry ${e.seq})` });
    }
  }
  return { meetingId, entries, polls, attendance, conclusions, documentHeads, notes };
}

export function verifyMeetingFromDb(db: Db, meetingId: string, heads: readonly HeadRef[], opts: SnapshotOptions = {}): AuditReport {
  return verifyMeetingAudit(readAuditSnapshot(db, meetingId, opts), heads);
}
