/**
 * Organisations on the server's SQLite connection (migration 9): their letterhead fields,
 * who belongs to them, which meetings are theirs, and their signing certificate. Synchronous
 * like server/records/: the official record needs the counter and the record in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
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

export class OrganisationRepo {
  private readonly q;

  constructor(readonly db: Database.Database) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO organisations (id, kind, name, parent_name, abbreviation, place, seal_name, signer, default_recipients, time_zone, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare(`SELECT ${columns} FROM organisations WHERE id = ?`),
      all: db.prepare(`SELECT ${columns} FROM organisations ORDER BY name`),
      ofUser: db.prepare(
        `SELECT ${columns.split(', ').map((c) => `o.${c}`).join(', ')}, om.role AS role FROM organisations o
         JOIN organisation_members om ON om.organisation_id = o.id WHERE om.user_id = ? ORDER BY o.name`,
      ),
      update: db.prepare(
        `UPDATE organisations SET kind = ?, name = ?, parent_name = ?, abbreviation = ?, place = ?, seal_name = ?, signer = ?, default_recipients = ?, time_zone = ? WHERE id = ?`,
      ),
      setMember: db.prepare(
        'INSERT INTO organisation_members (organisation_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = excluded.role',
      ),
      role: db.prepare('SELECT role FROM organisation_members WHERE organisation_id = ? AND user_id = ?').pluck(),
      members: db.prepare("SELECT user_id AS userId, role FROM organisation_members WHERE organisation_id = ? ORDER BY role = 'member', user_id"),
      secretariatOrgs: db.prepare("SELECT organisation_id FROM organisation_members WHERE user_id = ? AND role = 'secretariat' ORDER BY organisation_id").pluck(),
      setCert: db.prepare('UPDATE organisations SET p12 = ?, p12_password = ?, cert_subject = ?, cert_not_after = ?, cert_demo = ? WHERE id = ?'),
      cert: db.prepare('SELECT p12, p12_password, cert_demo FROM organisations WHERE id = ?'),
      meetingOrg: db.prepare('SELECT organisation_id FROM meetings WHERE id = ?').pluck(),
      setMeetingOrg: db.prepare('UPDATE meetings SET organisation_id = ? WHERE id = ?'),
      orgMeetings: db.prepare('SELECT id FROM meetings WHERE organisation_id = ? ORDER BY starts_at IS NULL, starts_at, title').pluck(),
    };
  }

  create(f: OrganisationFields, at = new Date().toISOString()): Organisation {
    const id = randomUUID();
    this.q.insert.run(id, f.kind, f.name, f.parentName, f.abbreviation, f.place, f.sealName, f.signer ? JSON.stringify(f.signer) : null, JSON.stringify(f.defaultRecipients), f.timeZone, at);
    return this.get(id)!;
  }

  get(id: string): Organisation | null {
    const r = this.q.get.get(id) as OrgRow | undefined;
    return r ? toOrg(r) : null;
  }

  all(): Organisation[] {
    return (this.q.all.all() as OrgRow[]).map(toOrg);
  }

  ofUser(userId: string): (Organisation & { role: OrgRole })[] {
    return (this.q.ofUser.all(userId) as (OrgRow & { role: OrgRole })[]).map((r) => ({ ...toOrg(r), role: r.role }));
  }

  update(id: string, fields: Partial<OrganisationFields>): Organisation | null {
    const cur = this.get(id);
    if (!cur) return null;
    const f = { ...cur, ...fields };
    this.q.update.run(f.kind, f.name, f.parentName, f.abbreviation, f.place, f.sealName, f.signer ? JSON.stringify(f.signer) : null, JSON.stringify(f.defaultRecipients), f.timeZone, id);
    return this.get(id);
  }

  setMember(orgId: string, userId: string, role: OrgRole): void {
    this.q.setMember.run(orgId, userId, role);
  }

  role(orgId: string, userId: string): OrgRole | null {
    return (this.q.role.get(orgId, userId) as OrgRole | undefined) ?? null;
  }

  /** Everyone named in the organisation, its secretariat first. */
  members(orgId: string): { userId: string; role: OrgRole }[] {
    return this.q.members.all(orgId) as { userId: string; role: OrgRole }[];
  }

  /** Organisations where the user is secretariat, in a stable order. */
  secretariatOf(userId: string): string[] {
    return this.q.secretariatOrgs.all(userId) as string[];
  }

  setCertificate(orgId: string, c: { p12: Uint8Array; password: string; subject: string; notAfter: string; demo: boolean }): void {
    this.q.setCert.run(Buffer.from(c.p12), c.password, c.subject, c.notAfter, c.demo ? 1 : 0, orgId);
  }

  certificate(orgId: string): StoredCertificate | null {
    const r = this.q.cert.get(orgId) as { p12: Buffer | null; p12_password: string | null; cert_demo: number } | undefined;
    if (!r?.p12) return null;
    return { p12: r.p12, password: r.p12_password ?? '', demo: r.cert_demo === 1 };
  }

  meetingOrganisation(meetingId: string): string | null {
    return (this.q.meetingOrg.get(meetingId) as string | null | undefined) ?? null;
  }

  setMeetingOrganisation(meetingId: string, orgId: string): void {
    this.q.setMeetingOrg.run(orgId, meetingId);
  }

  meetingsOf(orgId: string): string[] {
    return this.q.orgMeetings.all(orgId) as string[];
  }
}
