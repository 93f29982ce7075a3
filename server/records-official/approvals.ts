/**
 * The approvals of the draft minutes (migration 15): the chair and the secretary (thư ký)
 * each approve before the minutes can be finalised. An approval waits until a finalisation
 * takes it — in the same transaction that completes the record — so the record prints the
 * approvals it was issued on, and a correction needs fresh ones.
 */
import type Database from 'better-sqlite3';
import type { MinutesApprovals, RecordApproval } from '../../shared/organisations';

interface Row {
  role: RecordApproval['role'];
  user_id: string;
  name: string;
  approved_at: string;
}

const toApproval = (r: Row): RecordApproval => ({ role: r.role, userId: r.user_id, name: r.name, approvedAt: r.approved_at });

export class MinutesApprovalStore {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      pending: db.prepare("SELECT role, user_id, name, approved_at FROM record_approvals WHERE meeting_id = ? AND kind = 'minutes' AND record_id IS NULL"),
      ofRecord: db.prepare('SELECT role, user_id, name, approved_at FROM record_approvals WHERE record_id = ?'),
      approve: db.prepare(
        `INSERT INTO record_approvals (meeting_id, kind, role, user_id, name, approved_at) VALUES (?, 'minutes', ?, ?, ?, ?)
         ON CONFLICT (meeting_id, kind, role) WHERE record_id IS NULL DO UPDATE SET user_id = excluded.user_id, name = excluded.name, approved_at = excluded.approved_at`,
      ),
      take: db.prepare("UPDATE record_approvals SET record_id = ? WHERE meeting_id = ? AND kind = 'minutes' AND record_id IS NULL"),
    };
  }

  private static collect(rows: Row[]): MinutesApprovals {
    const by = new Map(rows.map((r) => [r.role, toApproval(r)]));
    return { chair: by.get('chair') ?? null, secretary: by.get('secretary') ?? null };
  }

  /** The approvals waiting for the next finalisation of this meeting's minutes. */
  pending(meetingId: string): MinutesApprovals {
    return MinutesApprovalStore.collect(this.q.pending.all(meetingId) as Row[]);
  }

  /** The approvals a finalised record was issued on. */
  ofRecord(recordId: string): MinutesApprovals {
    return MinutesApprovalStore.collect(this.q.ofRecord.all(recordId) as Row[]);
  }

  /** Records (or renews) an approval; approving again updates who and when. */
  approve(meetingId: string, a: Omit<RecordApproval, 'approvedAt'>, at: string): MinutesApprovals {
    this.q.approve.run(meetingId, a.role, a.userId, a.name, at);
    return this.pending(meetingId);
  }

  /** Hands the waiting approvals to a finalised record; runs inside the caller's transaction. */
  take(meetingId: string, recordId: string): void {
    this.q.take.run(recordId, meetingId);
  }
}
