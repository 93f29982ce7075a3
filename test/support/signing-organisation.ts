/**
 * Puts a test meeting under an organisation that can issue its official record: the
 * Government Office's letterhead and signer from the demo, and a fresh demo certificate.
 * Tests and benchmarks that make their own meetings (not the demo's) need one before a
 * notice or minutes can be finalised.
 */
import type { Organisation, OrganisationFields } from '../../shared/organisations';
import { demoOrganisations } from '../../server/demo/organisations';
import { generateDemoP12, inspectP12 } from '../../server/organisations/certificate';
import { officialRecordsOf } from '../../server/records-official/service';
import type { RunningServer } from '../../server/app';

export function attachSigningOrganisation(server: Pick<RunningServer, 'store' | 'docs' | 'records'>, dataDir: string, meetingId: string, fields: OrganisationFields = demoOrganisations.government): Organisation {
  const { orgs } = officialRecordsOf({ store: server.store, docs: server.docs, records: server.records, dataDir });
  const org = orgs.create(fields);
  const { p12, password } = generateDemoP12(fields.name);
  const info = inspectP12(p12, password);
  orgs.setCertificate(org.id, { p12, password, subject: info.subject, notAfter: info.notAfter, demo: true });
  orgs.setMeetingOrganisation(meetingId, org.id);
  return orgs.get(org.id)!;
}
