/**
 * The official record of a meeting: drafts (recipients; previews without a number),
 * finalisation (number taken, PDF rendered, PAdES-signed with the organisation's
 * certificate, stored content-addressed and audit-logged) and corrections. A finalised
 * record never changes: a correction is a new numbered record that names the one it replaces.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/errors';
import { familyOf, zonedParts, type AbsenceReason, type MinutesApprovals, type OfficialRecord, type Organisation, type RecordKind } from '../../shared/organisations';
import { addDocument } from '../../shared/ydoc/meeting';
import { putBlob } from '../blobs';
import { OrganisationRepo } from '../organisations/repo';
import type { RecordsDb } from '../records/sql';
import { value, run } from '../records/sql';
import type { RecordsService } from '../records/service';
import type { Store } from '../store/types';
import type { SyncedDocs } from '../sync/synced-docs';
import { recordTitle, type RenderOptions } from './documents';
import { gatherFacts, type RecordFacts } from './facts';
import { RecordRegister } from './register';
import { absencesOf, setAbsence } from './absences';
import { MinutesApprovalStore } from './approvals';
import { MinutesTextStore } from './minutes-text';
import { renderInWorker } from './render-pool';

export interface OfficialDeps {
  store: Store;
  docs: SyncedDocs;
  records: RecordsService;
  dataDir: string;
}

const kindName: Record<RecordKind, string> = { notice: 'conclusion notice', minutes: 'minutes' };

export class OfficialRecords {
  readonly orgs: OrganisationRepo;
  readonly register: RecordRegister;
  readonly approvals: MinutesApprovalStore;
  /** The secretary's versions of the minutes' narrative. */
  readonly text: MinutesTextStore;
  /** Finalisations running in this process; the database refuses a second completion across nodes. */
  private readonly inFlight = new Set<string>();
  /** The records' storage seam (server/records/sql.ts): the register, the text, the approvals and the drafts go through it. */
  readonly rdb: RecordsDb;

  constructor(private readonly deps: OfficialDeps) {
    this.rdb = deps.records.rdb;
    this.orgs = new OrganisationRepo(this.rdb);
    this.register = new RecordRegister();
    this.approvals = new MinutesApprovalStore();
    this.text = new MinutesTextStore(this.register);
  }

  async organisationOf(meetingId: string): Promise<Organisation | null> {
    const id = await this.orgs.meetingOrganisation(meetingId);
    return id ? this.orgs.get(id) : null;
  }

  private async requireOrganisation(meetingId: string): Promise<Organisation> {
    const org = await this.organisationOf(meetingId);
    if (!org) throw new ApiError('conflict', 'This meeting belongs to no organisation, so it has no letterhead or signer. Ask an administrator to assign it to one.');
    return org;
  }

  /** Why those absent were absent, as the secretariat recorded it. */
  async absences(meetingId: string): Promise<AbsenceReason[]> {
    return this.deps.records.rdb.read(() => absencesOf(meetingId));
  }

  async setAbsence(meetingId: string, reason: AbsenceReason, by: string): Promise<void> {
    await this.deps.records.rdb.transaction([meetingId], () => setAbsence(meetingId, reason, by));
  }

  async recipients(meetingId: string, kind: RecordKind, org: Organisation | null): Promise<string[]> {
    const stored = await this.rdb.read(() => value<string>('SELECT recipients FROM record_drafts WHERE meeting_id = ? AND kind = ?', meetingId, kind));
    return stored ? (JSON.parse(stored) as string[]) : (org?.defaultRecipients ?? []);
  }

  async setRecipients(meetingId: string, kind: RecordKind, recipients: string[], by: string): Promise<void> {
    await this.rdb.transaction([meetingId], () =>
      run(
        `INSERT INTO record_drafts (meeting_id, kind, recipients, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (meeting_id, kind) DO UPDATE SET recipients = excluded.recipients, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        meetingId,
        kind,
        JSON.stringify(recipients),
        new Date().toISOString(),
        by,
      ),
    );
  }

  /** The draft as a PDF: no number, DỰ THẢO on every page, unsigned. */
  async preview(meetingId: string, kind: RecordKind, now = new Date()): Promise<Uint8Array> {
    const org = await this.requireOrganisation(meetingId);
    const facts = await gatherFacts(this.deps, meetingId);
    return (await renderInWorker({ format: 'pdf', options: await this.draftOptions(meetingId, kind, org, facts, now), recordId: null, sign: null })).bytes;
  }

  /** The approvals that count now: those of the latest version of the minutes' text. */
  async pendingApprovals(meetingId: string): Promise<MinutesApprovals> {
    const self = this;
    return this.rdb.read(function* () {
      return yield* self.approvals.pending(meetingId, (yield* self.text.latest(meetingId))?.version ?? 0);
    });
  }

  private async draftOptions(meetingId: string, kind: RecordKind, org: Organisation, facts: RecordFacts, now: Date): Promise<RenderOptions> {
    const minutes = kind === 'minutes';
    const approvals = minutes ? await this.pendingApprovals(meetingId) : null;
    const narrative = minutes ? ((await this.rdb.read(() => this.text.latest(meetingId)))?.sections ?? null) : null;
    return { kind, org, facts, draft: true, number: null, issuedAt: now.toISOString(), recipients: await this.recipients(meetingId, kind, org), auditHead: null, replaces: null, demoCertificate: false, approvals, narrative };
  }

  /** What a finalised record says besides the meeting's facts: its number, date, recipients, audit head, what it corrects. */
  private async recordOptions(record: OfficialRecord, org: Organisation, facts: RecordFacts, auditHead: string | null, approvals: MinutesApprovals | null): Promise<RenderOptions> {
    const self = this;
    const { replaced, text } = await this.rdb.read(function* () {
      return {
        replaced: record.replaces ? yield* self.register.get(record.replaces) : null,
        text: record.kind === 'minutes' ? yield* self.text.ofRecord(record.id) : null,
      };
    });
    return {
      kind: record.kind,
      org,
      facts,
      draft: false,
      number: record.number,
      issuedAt: record.finalisedAt,
      recipients: record.recipients,
      auditHead,
      replaces: replaced ? { number: replaced.number, issuedAt: replaced.finalisedAt, reason: record.reason ?? '' } : null,
      demoCertificate: record.demoCertificate,
      approvals,
      // The text the record was issued with, never the draft being edited since.
      narrative: text?.sections ?? null,
    };
  }

  /**
   * The Word file of the draft (recordId null) or of a finalised record, for offices that
   * adjust the wording. A finalised record's text is laid out again from the meeting's
   * facts with the record's number, date and recipients; the signed PDF stays the record.
   */
  async docx(meetingId: string, kind: RecordKind, record: OfficialRecord | null, now = new Date()): Promise<Uint8Array> {
    const org = record ? await this.orgs.get(record.organisationId) : await this.requireOrganisation(meetingId);
    if (!org) throw new ApiError('not_found', 'There is no such record.');
    const facts = await gatherFacts(this.deps, meetingId);
    const approvals = kind === 'minutes' && record ? await this.rdb.read(() => this.approvals.ofRecord(record.id)) : null;
    const options = record ? await this.recordOptions(record, org, facts, record.auditHead, approvals) : await this.draftOptions(meetingId, kind, org, facts, now);
    return (await renderInWorker({ format: 'docx', options, recordId: null, sign: null })).bytes;
  }

  async finalise(meetingId: string, kind: RecordKind, by: string, opts: { replaces: string | null; reason: string | null }, now = new Date()): Promise<OfficialRecord> {
    const org = await this.requireOrganisation(meetingId);
    // Checked before a number is taken: a refusal here leaves the register untouched.
    if (!org.signer) {
      throw new ApiError('conflict', `${org.name} has no signer configured. Set who signs (authority, title, name) in the organisation's settings, then finalise again.`);
    }
    const cert = await this.orgs.certificate(org.id);
    if (!cert || !org.certificate) {
      throw new ApiError('conflict', `${org.name} has no signing certificate configured. Upload its PKCS#12 file and password in the organisation's settings, then finalise again.`);
    }
    if (Date.parse(org.certificate.notAfter) < now.getTime()) {
      throw new ApiError('conflict', `The signing certificate of ${org.name} expired on ${org.certificate.notAfter.slice(0, 10)}. Configure a valid one.`);
    }
    // Minutes are issued only on the chair's and the secretary's approval of the latest version of the draft.
    const text = kind === 'minutes' ? await this.rdb.read(() => this.text.latest(meetingId)) : null;
    const version = text && !text.recordId ? text.version : 0;
    const approvals = kind === 'minutes' ? await this.rdb.read(() => this.approvals.pending(meetingId, text?.version ?? 0)) : null;
    if (approvals && (!approvals.chair || !approvals.secretary)) {
      const waiting = [!approvals.chair && 'the chair', !approvals.secretary && 'the secretary'].filter(Boolean).join(' and ');
      throw new ApiError('conflict', `The minutes cannot be finalised before the chair and the secretary approve the latest version of the draft: waiting for ${waiting}. Nothing was numbered.`);
    }
    // A correction's text names the record it corrects, and only that record; a first issue names none.
    if (version && (text!.corrects ?? null) !== (opts.replaces ?? null)) {
      throw new ApiError(
        'conflict',
        opts.replaces ? 'The latest version of the minutes is not a correction of that record. Save the correction as a new version that names it.' : 'The latest version of the minutes is a correction: finalise it as a correction of the record it names.',
      );
    }
    const facts = await gatherFacts(this.deps, meetingId);
    if (kind === 'notice') {
      const missing = facts.content.agenda.filter((a) => !facts.conclusions.has(a.id));
      if (missing.length) {
        throw new ApiError('conflict', `The notice cannot be finalised while ${missing.length} agenda item(s) have no final conclusion: ${missing.map((a) => `${a.number}. ${a.title}`).join('; ')}.`);
      }
    }
    const key = `${meetingId}:${kind}`;
    if (this.inFlight.has(key)) throw new ApiError('conflict', `The ${kindName[kind]} of this meeting is being finalised right now; it will appear in a moment.`);
    this.inFlight.add(key);
    try {
      const issuedAt = now.toISOString();
      const recipients = await this.recipients(meetingId, kind, org);
      const { record } = await this.rdb.transaction([meetingId], () => this.register.reserve(meetingId, {
        organisationId: org.id,
        family: familyOf(org.kind),
        abbreviation: org.abbreviation,
        kind,
        year: zonedParts(issuedAt, org.timeZone).year,
        recipients,
        replaces: opts.replaces,
        reason: opts.reason,
        at: issuedAt,
        by,
        demoCertificate: cert.demo,
      }));
      const audit = this.deps.records.audit;
      const auditHead = (await this.rdb.read(() => audit.verify(meetingId))).head;
      // The approved version is tied to the record only once it is complete, so it is passed here.
      const options = { ...(await this.recordOptions(record, org, facts, auditHead, approvals)), narrative: version ? text!.sections : null };
      const info = { name: org.name, reason: `${recordTitle[kind]} số ${record.number}`, location: org.place, contactInfo: org.sealName ?? org.name, signingTime: new Date(record.finalisedAt) };
      const { bytes, pages } = await renderInWorker({ format: 'pdf', options, recordId: record.id, sign: { p12: cert.p12, password: cert.password, info } });
      const { sha256, size } = await putBlob(this.deps.dataDir, bytes);
      // The blob row first: nobody is told of a record they cannot fetch.
      await this.deps.store.addMeetingBlob(meetingId, sha256, size);
      const self = this;
      await this.rdb.transaction([meetingId], function* () {
        yield* self.register.complete(record.id, sha256, size, auditHead);
        if (kind === 'minutes') {
          yield* self.approvals.take(meetingId, record.id, version);
          if (version) yield* self.text.take(meetingId, version, record.id);
        }
        yield* audit.append(meetingId, 'record.finalised', { recordId: record.id, kind, number: record.number, sha256, auditHead, replaces: record.replaces, by }, new Date().toISOString());
      });
      const title = `${recordTitle[kind]} số ${record.number}`;
      await this.deps.docs.transact(`meeting/${meetingId}`, (doc) =>
        addDocument(doc, { id: randomUUID(), title, sha256, size, pages: pages ?? 1, agendaItemId: null, confidentiality: 'internal', version: 1, supersedes: null }),
      );
      return (await this.rdb.read(() => this.register.get(record.id)))!;
    } finally {
      this.inFlight.delete(key);
    }
  }
}

const services = new WeakMap<RecordsService, OfficialRecords>();

/** The service of a running server, from what every route handler has (its records go through ctx.records.rdb). */
export function officialRecordsOf(ctx: { store: Store; docs: SyncedDocs; records: RecordsService; dataDir: string }): OfficialRecords {
  return officialRecords({ store: ctx.store, docs: ctx.docs, records: ctx.records, dataDir: ctx.dataDir });
}

/** One service per server (keyed by its room service, which owns the connection). */
export function officialRecords(deps: OfficialDeps): OfficialRecords {
  let s = services.get(deps.records);
  if (!s) {
    s = new OfficialRecords(deps);
    services.set(deps.records, s);
  }
  return s;
}
