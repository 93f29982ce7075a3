/**
 * The secretary's text of the minutes (migration 16): each save is a new version, kept; the
 * latest is sent to the chair, who approves it or returns it with a comment; finalising
 * ties the approved version to its record, after which it never changes (the table's
 * triggers refuse it too). A correction is a new version naming the record it corrects.
 * The rules live here so the HTTP handlers only say who is asking.
 */
import { ApiError } from '../../shared/errors';
import { MinutesSections, minutesState, type MinutesVersion, type MinutesVersionsResponse } from '../../shared/domain/minutes-text';
import type { RecordRegister } from './register';
import { all, one, run, type Sql } from '../records/sql';

interface Row {
  version: number;
  sections: string;
  saved_at: string;
  saved_by: string;
  saved_by_name: string;
  corrects: string | null;
  sent_at: string | null;
  sent_by_name: string | null;
  returned_at: string | null;
  returned_by_name: string | null;
  return_comment: string | null;
  record_id: string | null;
}

const toVersion = (r: Row): MinutesVersion => ({
  version: r.version,
  sections: MinutesSections.parse(JSON.parse(r.sections)),
  savedAt: r.saved_at,
  savedBy: r.saved_by,
  savedByName: r.saved_by_name,
  corrects: r.corrects,
  sentAt: r.sent_at,
  sentByName: r.sent_by_name,
  returnedAt: r.returned_at,
  returnedByName: r.returned_by_name,
  returnComment: r.return_comment,
  recordId: r.record_id,
});

export const staleVersionMessage = (current: number) =>
  `The draft changed since you opened it: the latest version is ${current}. Reload the minutes, read the latest version, and try again.`;

export interface Person {
  userId: string;
  name: string;
}

const cols = 'version, sections, saved_at, saved_by, saved_by_name, corrects, sent_at, sent_by_name, returned_at, returned_by_name, return_comment, record_id';

/**
 * Behind the records seam (server/records/sql.ts): generator functions; the steps that
 * change the text run in a transaction holding the meeting's lock (the caller's), so a
 * stale save is refused across nodes too.
 */
export class MinutesTextStore {
  constructor(private readonly register: RecordRegister) {}

  *latest(meetingId: string): Sql<MinutesVersion | null> {
    const r = yield* one<Row>(`SELECT ${cols} FROM minutes_versions WHERE meeting_id = ? ORDER BY version DESC LIMIT 1`, meetingId);
    return r ? toVersion(r) : null;
  }

  *list(meetingId: string): Sql<MinutesVersionsResponse> {
    const versions = (yield* all<Row>(`SELECT ${cols} FROM minutes_versions WHERE meeting_id = ? ORDER BY version DESC`, meetingId)).map(toVersion);
    return { versions, current: versions[0]?.version ?? 0, state: minutesState(versions[0]) };
  }

  /** The version a finalised record was issued with (null: issued before the text was versioned). */
  *ofRecord(recordId: string): Sql<MinutesVersion | null> {
    const r = yield* one<Row>(`SELECT ${cols} FROM minutes_versions WHERE record_id = ?`, recordId);
    return r ? toVersion(r) : null;
  }

  /**
   * Saves a new version on top of `basedOn` (the version the secretary opened). After the
   * minutes were issued the text of the record never changes: a new version is a correction
   * and must name the record in force it corrects.
   */
  *save(meetingId: string, req: { basedOn: number; sections: MinutesSections; corrects: string | null }, by: Person, at: string): Sql<MinutesVersion> {
    const latest = yield* this.latest(meetingId);
    const current = latest?.version ?? 0;
    if (req.basedOn !== current) throw new ApiError('conflict', staleVersionMessage(current));
    const inForce = yield* this.register.current(meetingId, 'minutes');
    let corrects = req.corrects;
    if (inForce) {
      // An unfinalised correction draft keeps naming what it corrects.
      corrects ??= latest && !latest.recordId ? latest.corrects : null;
      if (!corrects) {
        throw new ApiError('conflict', `The minutes were finalised as number ${inForce.number}; their text never changes. Save the change as a correction that names the record it corrects.`);
      }
      if (corrects !== inForce.id) throw new ApiError('conflict', `Only the minutes in force (number ${inForce.number}) can be corrected.`);
    } else if (corrects) {
      throw new ApiError('conflict', 'The minutes have not been finalised yet, so there is nothing to correct: save the draft without naming a record.');
    }
    yield* run('INSERT INTO minutes_versions (meeting_id, version, sections, saved_at, saved_by, saved_by_name, corrects) VALUES (?, ?, ?, ?, ?, ?, ?)', meetingId, current + 1, JSON.stringify(req.sections), at, by.userId, by.name, corrects);
    return (yield* this.latest(meetingId))!;
  }

  /** The latest version, checked to be the one the person is looking at and still a draft. */
  private *open(meetingId: string, version: number): Sql<MinutesVersion> {
    const latest = yield* this.latest(meetingId);
    if (!latest) throw new ApiError('conflict', 'The secretary has not saved the minutes yet: save the draft text first.');
    if (version !== latest.version) throw new ApiError('conflict', staleVersionMessage(latest.version));
    if (latest.recordId) {
      const r = yield* this.register.get(latest.recordId);
      throw new ApiError('conflict', `Version ${latest.version} was finalised${r ? ` as number ${r.number}` : ''} and never changes; a correction starts with a new version.`);
    }
    return latest;
  }

  /** The secretary sends the latest version to the chair (again, after a return and an edit). */
  *send(meetingId: string, version: number, by: Person, at: string): Sql<MinutesVersion> {
    const v = yield* this.open(meetingId, version);
    if (v.returnedAt) throw new ApiError('conflict', `The chair returned version ${v.version} with a comment; edit the minutes and save a new version before sending again.`);
    if (v.sentAt) throw new ApiError('conflict', `Version ${v.version} is already with the chair.`);
    yield* run('UPDATE minutes_versions SET sent_at = ?, sent_by_name = ? WHERE meeting_id = ? AND version = ?', at, by.name, meetingId, v.version);
    return (yield* this.latest(meetingId))!;
  }

  /** The chair returns the version sent with what to change; it must be edited and resent before approval. */
  *returnToSecretary(meetingId: string, version: number, comment: string, by: Person, at: string): Sql<MinutesVersion> {
    const v = yield* this.open(meetingId, version);
    if (!v.sentAt) throw new ApiError('conflict', `Version ${v.version} has not been sent to the chair.`);
    if (v.returnedAt) throw new ApiError('conflict', `Version ${v.version} was already returned.`);
    yield* run('UPDATE minutes_versions SET returned_at = ?, returned_by_name = ?, return_comment = ? WHERE meeting_id = ? AND version = ?', at, by.name, comment, meetingId, v.version);
    // A returned version's approvals go with it: the chair's no, and the secretary's yes to a text that must change.
    yield* run("DELETE FROM record_approvals WHERE meeting_id = ? AND kind = 'minutes' AND record_id IS NULL", meetingId);
    return (yield* this.latest(meetingId))!;
  }

  /**
   * What an approval of `version` in `role` needs: the latest draft version; the chair
   * approves only what was sent to them and not returned.
   */
  *checkApprovable(meetingId: string, version: number, role: 'chair' | 'secretary'): Sql<MinutesVersion> {
    const v = yield* this.open(meetingId, version);
    if (role === 'chair' && !v.sentAt) throw new ApiError('conflict', `Version ${v.version} has not been sent to the chair for approval yet.`);
    if (v.returnedAt) throw new ApiError('conflict', `Version ${v.version} was returned to the secretary; it must be edited and sent again before approval.`);
    return v;
  }

  /** Ties the approved version to its record; runs inside the finalisation's transaction. */
  *take(meetingId: string, version: number, recordId: string): Sql<void> {
    const { changes } = yield* run('UPDATE minutes_versions SET record_id = ? WHERE meeting_id = ? AND version = ? AND record_id IS NULL', recordId, meetingId, version);
    if (changes !== 1) throw new ApiError('conflict', 'The minutes changed while they were being finalised. Reload and approve the latest version.');
  }
}
