/**
 * Organisations (migration 9): their letterhead fields, who belongs to them, which meetings
 * are theirs, and their signing certificate.
 */
import { randomUUID } from 'node:crypto';
import { all, one, run, value, values, type RecordsDb, type Sql, type SqlValue } from '../records/sql';
import type { Organisation, OrganisationFields, OrgRole } from '../../shared/organisations';

interface OrgRow {
  id: string;
  kind: Organisation['kind'];
  name: string;
  parent_name: string | null;
  abbreviation: string;
  place: string;
  seal_name: string | null;
  signer: string | null;
  default_recipients: string;
  time_zone: string;
  cert_subject: string | null;
  cert_not_after: string | null;
  cert_demo: number;
  created_at: string;
}

const columns = 'id, kind, name, parent_name, abbreviation, place, seal_name, signer, default_recipients, time_zone, cert_subject, cert_not_after, cert_demo, created_at';

const toOrg = (r: OrgRow): Organisation => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  parentName: r.parent_name,
  abbreviation: r.abbreviation,
  place: r.place,
  sealName: r.seal_name,
  signer: r.signer ? (JSON.parse(r.signer) as Organisation['signer']) : null,
  defaultRecipients: JSON.parse(r.default_recipients) as string[],
  timeZone: r.time_zone,
  certificate: r.cert_subject && r.cert_not_after ? { subject: r.cert_subject, notAfter: r.cert_not_after, demo: r.cert_demo === 1 } : null,
  createdAt: r.created_at,
});

export interface StoredCertificate {
  p12: Buffer;
  password: string;
  demo: boolean;
}

/** kind, name, parent_name, abbreviation, place, seal_name, signer, default_recipients, time_zone: as stored. */
const fieldValues = (f: OrganisationFields): SqlValue[] => [
  f.kind,
  f.name,
  f.parentName,
  f.abbreviation,
  f.place,
  f.sealName,
  f.signer ? JSON.stringify(f.signer) : null,
  JSON.stringify(f.defaultRecipients),
  f.timeZone,
];

const orgColumns = columns.split(', ').map((c) => `o.${c}`).join(', ');

/**
 * Behind the records seam (server/records/sql.ts): on SQLite the server's connection, on
 * PostgreSQL the database every node shares. Asynchronous methods, each one read or one
 * transaction (a meeting's organisation changes under that meeting's lock).
 */
export class OrganisationRepo {
  constructor(readonly rdb: RecordsDb) {}

  async create(f: OrganisationFields, at = new Date().toISOString()): Promise<Organisation> {
    const id = randomUUID();
    return this.rdb.transaction([], function* () {
      yield* run(
        `INSERT INTO organisations (id, kind, name, parent_name, abbreviation, place, seal_name, signer, default_recipients, time_zone, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        ...fieldValues(f),
        at,
      );
      return (yield* organisation(id))!;
    });
  }

  async get(id: string): Promise<Organisation | null> {
    return this.rdb.read(() => organisation(id));
  }

  async all(): Promise<Organisation[]> {
    return (await this.rdb.read(() => all<OrgRow>(`SELECT ${columns} FROM organisations ORDER BY name`))).map(toOrg);
  }

  async ofUser(userId: string): Promise<(Organisation & { role: OrgRole })[]> {
    const rows = await this.rdb.read(() =>
      all<OrgRow & { role: OrgRole }>(
        `SELECT ${orgColumns}, om.role AS role FROM organisations o
         JOIN organisation_members om ON om.organisation_id = o.id WHERE om.user_id = ? ORDER BY o.name`,
        userId,
      ),
    );
    return rows.map((r) => ({ ...toOrg(r), role: r.role }));
  }

  async update(id: string, fields: Partial<OrganisationFields>): Promise<Organisation | null> {
    return this.rdb.transaction([], function* () {
      const cur = yield* organisation(id);
      if (!cur) return null;
      const f = { ...cur, ...fields };
      yield* run(
        `UPDATE organisations SET kind = ?, name = ?, parent_name = ?, abbreviation = ?, place = ?, seal_name = ?, signer = ?, default_recipients = ?, time_zone = ? WHERE id = ?`,
        ...fieldValues(f),
        id,
      );
      return yield* organisation(id);
    });
  }

  async setMember(orgId: string, userId: string, role: OrgRole): Promise<void> {
    await this.rdb.transaction([], () => setOrganisationMember(orgId, userId, role));
  }

  async role(orgId: string, userId: string): Promise<OrgRole | null> {
    return (await this.rdb.read(() => value<OrgRole>('SELECT role FROM organisation_members WHERE organisation_id = ? AND user_id = ?', orgId, userId))) ?? null;
  }

  /** Everyone named in the organisation, its secretariat first. */
  async members(orgId: string): Promise<{ userId: string; role: OrgRole }[]> {
    // CASE rather than `role = 'member'` in ORDER BY: a boolean sorts the same way on both stores, but say it plainly.
    return this.rdb.read(() =>
      all<{ userId: string; role: OrgRole }>(
        `SELECT user_id AS "userId", role FROM organisation_members WHERE organisation_id = ? ORDER BY CASE WHEN role = 'member' THEN 1 ELSE 0 END, user_id`,
        orgId,
      ),
    );
  }

  /** Organisations where the user is secretariat, in a stable order. */
  async secretariatOf(userId: string): Promise<string[]> {
    return this.rdb.read(() => values<string>("SELECT organisation_id FROM organisation_members WHERE user_id = ? AND role = 'secretariat' ORDER BY organisation_id", userId));
  }

  async setCertificate(orgId: string, c: { p12: Uint8Array; password: string; subject: string; notAfter: string; demo: boolean }): Promise<void> {
    await this.rdb.transaction([], () =>
      run('UPDATE organisations SET p12 = ?, p12_password = ?, cert_subject = ?, cert_not_after = ?, cert_demo = ? WHERE id = ?', Buffer.from(c.p12), c.password, c.subject, c.notAfter, c.demo ? 1 : 0, orgId),
    );
  }

  async certificate(orgId: string): Promise<StoredCertificate | null> {
    const r = await this.rdb.read(() => one<{ p12: Uint8Array | null; p12_password: string | null; cert_demo: number }>('SELECT p12, p12_password, cert_demo FROM organisations WHERE id = ?', orgId));
    if (!r?.p12) return null;
    return { p12: Buffer.from(r.p12), password: r.p12_password ?? '', demo: r.cert_demo === 1 };
  }

  async meetingOrganisation(meetingId: string): Promise<string | null> {
    return (await this.rdb.read(() => value<string | null>('SELECT organisation_id FROM meetings WHERE id = ?', meetingId))) ?? null;
  }

  async setMeetingOrganisation(meetingId: string, orgId: string): Promise<void> {
    await this.rdb.transaction([meetingId], () => setMeetingOrganisation(meetingId, orgId));
  }

  /** The organisation's meetings by start (unscheduled last), then title. */
  async meetingsOf(orgId: string): Promise<string[]> {
    const rows = await this.rdb.read(() => all<{ id: string; starts_at: string | null; title: string }>('SELECT id, starts_at, title FROM meetings WHERE organisation_id = ?', orgId));
    // Sorted here: meetings' text columns compare by the database's locale on PostgreSQL
    // (they predate the records' "C" columns), by code point on SQLite.
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    rows.sort((x, y) => (x.starts_at === null ? 1 : 0) - (y.starts_at === null ? 1 : 0) || cmp(x.starts_at ?? '', y.starts_at ?? '') || cmp(x.title, y.title));
    return rows.map((r) => r.id);
  }
}

function* organisation(id: string): Sql<Organisation | null> {
  const r = yield* one<OrgRow>(`SELECT ${columns} FROM organisations WHERE id = ?`, id);
  return r ? toOrg(r) : null;
}

/** The same as OrganisationRepo.setMember, inside a caller's transaction (the demo seeds thousands at once). */
export function* setOrganisationMember(orgId: string, userId: string, role: OrgRole): Sql<void> {
  yield* run('INSERT INTO organisation_members (organisation_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = excluded.role', orgId, userId, role);
}

/** The same as OrganisationRepo.setMeetingOrganisation, inside a caller's transaction. */
export function* setMeetingOrganisation(meetingId: string, orgId: string): Sql<void> {
  yield* run('UPDATE meetings SET organisation_id = ? WHERE id = ?', orgId, meetingId);
}
