/**
 * The approvals of the draft minutes (migration 15): the chair and the secretary (thư ký)
 * each approve before the minutes can be finalised. An approval waits until a finalisation
 * takes it — in the same transaction that completes the record — so the record prints the
 * approvals it was issued on, and a correction needs fresh ones. Each approval names the
 * version of the secretary's text it approved (migration 16): only approvals of the latest
 * version count, so an edit after approval voids it until the new version is approved.
 */
import { all, run, type Sql } from '../records/sql';
import type { MinutesApprovals, RecordApproval } from '../../shared/organisations';

interface Row {
  role: RecordApproval['role'];
  user_id: string;
  name: string;
  approved_at: string;
  version: number;
}

const toApproval = (r: Row): RecordApproval => ({ role: r.role, userId: r.user_id, name: r.name, approvedAt: r.approved_at, version: r.version });

const collect = (rows: Row[]): MinutesApprovals => {
  const by = new Map(rows.map((r) => [r.role, toApproval(r)]));
  return { chair: by.get('chair') ?? null, secretary: by.get('secretary') ?? null };
};

/** Behind the records seam (server/records/sql.ts): generator functions run by the caller's read or transaction. */
export class MinutesApprovalStore {
  /** The approvals of `version` (the latest of the text) waiting for the next finalisation of this meeting's minutes. */
  *pending(meetingId: string, version: number): Sql<MinutesApprovals> {
    return collect(yield* all<Row>("SELECT role, user_id, name, approved_at, version FROM record_approvals WHERE meeting_id = ? AND kind = 'minutes' AND record_id IS NULL AND version = ?", meetingId, version));
  }

  /** The approvals a finalised record was issued on. */
  *ofRecord(recordId: string): Sql<MinutesApprovals> {
    return collect(yield* all<Row>('SELECT role, user_id, name, approved_at, version FROM record_approvals WHERE record_id = ?', recordId));
  }

  /** Records (or renews) an approval of a version; approving again updates who, when and which version. */
  *approve(meetingId: string, a: Omit<RecordApproval, 'approvedAt'>, at: string): Sql<MinutesApprovals> {
    yield* run(
      `INSERT INTO record_approvals (meeting_id, kind, role, user_id, name, approved_at, version) VALUES (?, 'minutes', ?, ?, ?, ?, ?)
       ON CONFLICT (meeting_id, kind, role) WHERE record_id IS NULL DO UPDATE SET user_id = excluded.user_id, name = excluded.name, approved_at = excluded.approved_at, version = excluded.version`,
      meetingId,
      a.role,
      a.userId,
      a.name,
      at,
      a.version,
    );
    return yield* this.pending(meetingId, a.version);
  }

  /** Hands the approvals of `version` to a finalised record; runs inside the caller's transaction. */
  *take(meetingId: string, recordId: string, version: number): Sql<void> {
    yield* run("UPDATE record_approvals SET record_id = ? WHERE meeting_id = ? AND kind = 'minutes' AND record_id IS NULL AND version = ?", recordId, meetingId, version);
  }
}
