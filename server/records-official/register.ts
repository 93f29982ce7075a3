/**
 * The number register and the records it numbers. A number is taken only when a record is
 * finalised, in the same SQLite transaction that bumps the organisation's counter for that
 * kind and year and inserts the record row, so two finalisations at once get two different,
 * consecutive numbers and a failed one leaves no hole: the row (status 'signing') keeps its
 * number and the next attempt for that meeting and kind resumes it.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import { formatRecordNumber, type OfficialRecord, type RecordFamily, type RecordKind } from '../../shared/organisations';
import { durable } from '../records/db';

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

export class RecordRegister {
  private readonly q;

  constructor(readonly db: Database.Database) {
    this.q = {
      bump: db
        .prepare(
          `INSERT INTO number_registers (organisation_id, kind, year, last) VALUES (?, ?, ?, 1)
           ON CONFLICT (organisation_id, kind, year) DO UPDATE SET last = last + 1 RETURNING last`,
        )
        .pluck(),
      insert: db.prepare(
        `INSERT INTO official_records (id, meeting_id, organisation_id, kind, year, seq, number, status, recipients, replaces, reason, finalised_at, finalised_by, demo_certificate)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'signing', ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare('SELECT * FROM official_records WHERE id = ?'),
      ofMeeting: db.prepare('SELECT * FROM official_records WHERE meeting_id = ? ORDER BY kind, year, seq'),
      pending: db.prepare("SELECT * FROM official_records WHERE meeting_id = ? AND kind = ? AND status = 'signing'"),
      latest: db.prepare(
        `SELECT * FROM official_records r WHERE meeting_id = ? AND kind = ? AND status = 'final'
         AND NOT EXISTS (SELECT 1 FROM official_records x WHERE x.replaces = r.id)`,
      ),
      bySha: db.prepare('SELECT * FROM official_records WHERE sha256 = ?'),
      replacedBy: db.prepare("SELECT * FROM official_records WHERE replaces = ? AND status = 'final'"),
      complete: db.prepare("UPDATE official_records SET status = 'final', sha256 = ?, size = ?, audit_head = ? WHERE id = ? AND status = 'signing'"),
    };
  }

  get(id: string): OfficialRecord | null {
    const r = this.q.get.get(id) as RecordRow | undefined;
    return r ? toRecord(r) : null;
  }

  ofMeeting(meetingId: string): OfficialRecord[] {
    return (this.q.ofMeeting.all(meetingId) as RecordRow[]).map(toRecord);
  }

  bySha(sha256: string): OfficialRecord | null {
    const r = this.q.bySha.get(sha256) as RecordRow | undefined;
    return r ? toRecord(r) : null;
  }

  /** The correction that replaced this record, if one was finalised. */
  replacedBy(id: string): OfficialRecord | null {
    const r = this.q.replacedBy.get(id) as RecordRow | undefined;
    return r ? toRecord(r) : null;
  }

  /** The record now in force for this meeting and kind (the last of its corrections). */
  current(meetingId: string, kind: RecordKind): OfficialRecord | null {
    const r = this.q.latest.get(meetingId, kind) as RecordRow | undefined;
    return r ? toRecord(r) : null;
  }

  /**
   * Takes the next number and stores the record as 'signing', in one transaction; or hands
   * back the record an earlier, failed attempt left numbered. Refuses a second first record
   * and a correction of anything but the record in force.
   */
  reserve(meetingId: string, r: Reservation): { record: OfficialRecord; resumed: boolean } {
    return durable(this.db, () => {
      const pending = this.q.pending.get(meetingId, r.kind) as RecordRow | undefined;
      if (pending) return { record: toRecord(pending), resumed: true };
      const current = this.q.latest.get(meetingId, r.kind) as RecordRow | undefined;
      if (!r.replaces && current) {
        throw new ApiError('conflict', `This meeting's ${r.kind === 'notice' ? 'notice' : 'minutes'} is already finalised as number ${current.number}; a change is a correction that names it.`);
      }
      if (r.replaces && r.replaces !== current?.id) {
        throw new ApiError('conflict', current ? `Only the record in force (number ${current.number}) can be corrected.` : 'There is no finalised record to correct.');
      }
      const seq = this.q.bump.get(r.organisationId, r.kind, r.year) as number;
      const id = randomUUID();
      const number = formatRecordNumber(r.family, seq, r.kind, r.abbreviation);
      try {
        this.q.insert.run(id, meetingId, r.organisationId, r.kind, r.year, seq, number, JSON.stringify(r.recipients), r.replaces, r.reason, r.at, r.by, r.demoCertificate ? 1 : 0);
      } catch (err) {
        // Another node stored the first record (or this correction) meanwhile: the unique
        // indexes refuse it, and the rollback takes the counter back with it, so no gap.
        if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new ApiError('conflict', 'This record was finalised meanwhile by someone else. Reload to see its number.');
        throw err;
      }
      return { record: toRecord(this.q.get.get(id) as RecordRow), resumed: false };
    });
  }

  /** Marks a reserved record final with its signed file; runs inside the caller's transaction. */
  complete(id: string, sha256: string, size: number, auditHead: string): void {
    if (this.q.complete.run(sha256, size, auditHead, id).changes !== 1) throw new ApiError('conflict', 'This record was finalised meanwhile.');
  }
}
