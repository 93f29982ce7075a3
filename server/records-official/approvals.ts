/**
 * The approvals of the draft minutes (migration 15): the chair and the secretary (thư ký)
 * each approve before the minutes can be finalised. An approval waits until a finalisation
 * takes it — in the same transaction that completes the record — so the record prints the
 * approvals it was issued on, and a correction needs fresh ones. Each approval names the
 * version of the secretary's text it approved (migration 16): only approvals of the latest
 * version count, so an edit after approval voids it until the new version is approved.
 */
import type Database from 'better-sqlite3';
import type { MinutesApprovals, RecordApproval } from '../../shared/organisations';

interface Row {
  role: RecordApproval['role'];
  user_id: string;
  name: string;
  approved_at: string;
  version: number;
}

const toApproval = (r: Row): RecordApproval => ({ role: r.role, userId: r.user_id, name: r.name, approvedAt: r.approved_at, version: r.version });

export class MinutesApprovalStore {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      pending: db.prepare("SELECT role, user_id, name, approved_at, version FROM record_approvals WHERE meeting_id = ? AND kind = 'minutes' AND record_id IS NULL AND version = ?"),
      ofRecord: db.prepare('SELECT role, user_id, name, approved_at, version FROM record_approvals WHERE record_id = ?'),
      approve: db.prepare(
        `INSERT INTO record_approvals (meeting_id, kind, role, user_id, name, approved_at, version) VALUES (?, 'minutes', ?, ?, ?, ?, ?)
         ON CONFLICT (meeting_id, kind, role) WHERE record_id IS NULL DO UPDATE SET user_id = excluded.user_id, name = excluded.name, approved_at = excluded.approved_at, version = excluded.version`,
      ),
      take: db.prepare("UPDATE record_approvals SET record_id = ? WHERE meeting_id = ? AND kind = 'minutes' AND record_id IS NULL AND version = ?"),
    };
  }

  private static collect(rows: Row[]): MinutesApprovals {
    const by = new Map(rows.map((r) => [r.role, toApproval(r)]));
    return { chair: by.get('chair') ?? null, secretary: by.get('secretary') ?? null };
  }

  /** The approvals of `version` (the latest of the text) waiting for the next finalisation of this meeting's minutes. */
  pending(meetingId: string, version: number): MinutesApprovals {
    return MinutesApprovalStore.collect(this.q.pending.all(meetingId, version) as Row[]);
  }

  /** The approvals a finalised record was issued on. */
  ofRecord(recordId: string): MinutesApprovals {
    return MinutesApprovalStore.collect(this.q.ofRecord.all(recordId) as Row[]);
  }

  /** Records (or renews) an approval of a version; approving again updates who, when and which version. */
  approve(meetingId: string, a: Omit<RecordApproval, 'approvedAt'>, at: string): MinutesApprovals {
    this.q.approve.run(meetingId, a.role, a.userId, a.name, at, a.version);
    return this.pending(meetingId, a.version);
  }

  /** Hands the approvals of `version` to a finalised record; runs inside the caller's transaction. */
  take(meetingId: string, recordId: string, version: number): void {
    this.q.take.run(recordId, meetingId, version);
  }
}
