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

export async function attachSigningOrganisation(server: Pick<RunningServer, 'store' | 'docs' | 'records'>, dataDir: string, meetingId: string, fields: OrganisationFields = demoOrganisations.government): Promise<Organisation> {
  const { orgs } = officialRecordsOf({ store: server.store, docs: server.docs, records: server.records, dataDir });
  const org = await orgs.create(fields);
  const { p12, password } = generateDemoP12(fields.name);
  const info = inspectP12(p12, password);
  await orgs.setCertificate(org.id, { p12, password, subject: info.subject, notAfter: info.notAfter, demo: true });
  await orgs.setMeetingOrganisation(meetingId, org.id);
  return (await orgs.get(org.id))!;
}
