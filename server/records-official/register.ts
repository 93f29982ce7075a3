/**
 * The number register and the records it numbers. A number is taken only when a record is
 * finalised, in the same transaction that bumps the organisation's counter for that
 * kind and year and inserts the record row, so two finalisations at once get two different,
 * consecutive numbers and a failed one leaves no hole: the row (status 'signing') keeps its
 * number and the next attempt for that meeting and kind resumes it.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/errors';
import { formatRecordNumber, type OfficialRecord, type RecordFamily, type RecordKind } from '../../shared/organisations';
import { all, one, run, value, type Sql } from '../records/sql';
import { classifyDatabaseError } from '../store/errors';

interface RecordRow {
  id: string;
  meeting_id: string;
  organisation_id: string;
  kind: RecordKind;
  year: number;
  seq: number;
  number: string;
  status: 'signing' | 'final';
  sha256: string | null;
  size: number | null;
  recipients: string;
  audit_head: string | null;
  replaces: string | null;
  reason: string | null;
  finalised_at: string;
  finalised_by: string;
  demo_certificate: number;
}

const toRecord = (r: RecordRow): OfficialRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  organisationId: r.organisation_id,
  kind: r.kind,
  year: r.year,
  seq: r.seq,
  number: r.number,
  status: r.status,
  sha256: r.sha256,
  size: r.size,
  recipients: JSON.parse(r.recipients) as string[],
  auditHead: r.audit_head,
  replaces: r.replaces,
  reason: r.reason,
  finalisedAt: r.finalised_at,
  finalisedBy: r.finalised_by,
  demoCertificate: r.demo_certificate === 1,
});

export interface Reservation {
  organisationId: string;
  family: RecordFamily;
  abbreviation: string;
  kind: RecordKind;
  /** The year of the register, in the organisation's time zone. */
  year: number;
  recipients: string[];
  replaces: string | null;
  reason: string | null;
  at: string;
  by: string;
  demoCertificate: boolean;
}

/**
 * The register behind the records seam (server/records/sql.ts): generator functions run in
 * the caller's read or transaction, on SQLite or on the PostgreSQL every node shares.
 */
export class RecordRegister {
  *get(id: string): Sql<OfficialRecord | null> {
    const r = yield* one<RecordRow>('SELECT * FROM official_records WHERE id = ?', id);
    return r ? toRecord(r) : null;
  }

  *ofMeeting(meetingId: string): Sql<OfficialRecord[]> {
    return (yield* all<RecordRow>('SELECT * FROM official_records WHERE meeting_id = ? ORDER BY kind, year, seq', meetingId)).map(toRecord);
  }

  *bySha(sha256: string): Sql<OfficialRecord | null> {
    const r = yield* one<RecordRow>('SELECT * FROM official_records WHERE sha256 = ?', sha256);
    return r ? toRecord(r) : null;
  }

  /** The correction that replaced this record, if one was finalised. */
  *replacedBy(id: string): Sql<OfficialRecord | null> {
    const r = yield* one<RecordRow>("SELECT * FROM official_records WHERE replaces = ? AND status = 'final'", id);
    return r ? toRecord(r) : null;
  }

  /** The record now in force for this meeting and kind (the last of its corrections). */
  *current(meetingId: string, kind: RecordKind): Sql<OfficialRecord | null> {
    const r = yield* one<RecordRow>(
      `SELECT * FROM official_records r WHERE meeting_id = ? AND kind = ? AND status = 'final'
       AND NOT EXISTS (SELECT 1 FROM official_records x WHERE x.replaces = r.id)`,
      meetingId,
      kind,
    );
    return r ? toRecord(r) : null;
  }

  /**
   * Takes the next number and stores the record as 'signing'; or hands back the record an
   * earlier, failed attempt left numbered. Refuses a second first record and a correction
   * of anything but the record in force. Run it in a transaction holding the meeting's lock
   * (so the checks below hold across nodes for this meeting); the counter is incremented in
   * SQL, so two meetings of one organisation finalised at once on two nodes still get two
   * different numbers (the counter row is locked until the first commits).
   */
  *reserve(meetingId: string, r: Reservation): Sql<{ record: OfficialRecord; resumed: boolean }> {
    const pending = yield* one<RecordRow>("SELECT * FROM official_records WHERE meeting_id = ? AND kind = ? AND status = 'signing'", meetingId, r.kind);
    if (pending) return { record: toRecord(pending), resumed: true };
    const current = yield* this.current(meetingId, r.kind);
    if (!r.replaces && current) {
      throw new ApiError('conflict', `This meeting's ${r.kind === 'notice' ? 'notice' : 'minutes'} is already finalised as number ${current.number}; a change is a correction that names it.`);
    }
    if (r.replaces && r.replaces !== current?.id) {
      throw new ApiError('conflict', current ? `Only the record in force (number ${current.number}) can be corrected.` : 'There is no finalised record to correct.');
    }
    const seq = yield* nextNumber(r.organisationId, r.kind, r.year);
    const id = randomUUID();
    const number = formatRecordNumber(r.family, seq, r.kind, r.abbreviation);
    try {
      yield* run(
        `INSERT INTO official_records (id, meeting_id, organisation_id, kind, year, seq, number, status, recipients, replaces, reason, finalised_at, finalised_by, demo_certificate)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'signing', ?, ?, ?, ?, ?, ?)`,
        id,
        meetingId,
        r.organisationId,
        r.kind,
        r.year,
        seq,
        number,
        JSON.stringify(r.recipients),
        r.replaces,
        r.reason,
        r.at,
        r.by,
        r.demoCertificate ? 1 : 0,
      );
    } catch (err) {
      // Stored meanwhile by another writer (the unique indexes refuse it): the rollback takes
      // the counter back with it, so no gap. Rethrown at once, no further statement.
      if (classifyDatabaseError(err) === 'unique') throw new ApiError('conflict', 'This record was finalised meanwhile by someone else. Reload to see its number.');
      throw err;
    }
    return { record: (yield* this.get(id))!, resumed: false };
  }

  /** Marks a reserved record final with its signed file; runs inside the caller's transaction. */
  *complete(id: string, sha256: string, size: number, auditHead: string): Sql<void> {
    const { changes } = yield* run("UPDATE official_records SET status = 'final', sha256 = ?, size = ?, audit_head = ? WHERE id = ? AND status = 'signing'", sha256, size, auditHead, id);
    if (changes !== 1) throw new ApiError('conflict', 'This record was finalised meanwhile.');
  }
}

/**
 * The organisation's next number of a kind in a year, counted in the database: the row is
 * incremented in SQL (never read, added to, written back), and the first number of a year
 * creates it. On PostgreSQL the updated row stays locked to the commit, so a second
 * finalisation waits and takes the next number; a rolled-back one gives its number back.
 */
function* nextNumber(organisationId: string, kind: RecordKind, year: number): Sql<number> {
  const bumped = yield* value<number>('UPDATE number_registers SET last = last + 1 WHERE organisation_id = ? AND kind = ? AND year = ? RETURNING last', organisationId, kind, year);
  if (bumped !== undefined) return Number(bumped);
  // The first of the year; two at once both insert, and the loser of the unique index takes the update path.
  const first = yield* value<number>(
    `INSERT INTO number_registers (organisation_id, kind, year, last) VALUES (?, ?, ?, 1)
     ON CONFLICT (organisation_id, kind, year) DO UPDATE SET last = number_registers.last + 1 RETURNING last`,
    organisationId,
    kind,
    year,
  );
  return Number(first);
}
