/**
 * Who may do what with an organisation. Someone outside it gets the same 404 as an unknown
 * id (ids cannot be probed); a member in the wrong role is told why not.
 */
import { ApiError } from '../../shared/errors';
import type { Organisation, OrgRole } from '../../shared/organisations';
import type { UserRecord } from '../store/types';
import type { OrganisationRepo } from './repo';

export async function requireOrganisation(orgs: OrganisationRepo, user: UserRecord, orgId: string, need: 'see' | 'prepare' | 'admin', action = 'change it'): Promise<{ org: Organisation; role: OrgRole | null }> {
  const org = await orgs.get(orgId);
  const role = org ? await orgs.role(org.id, user.id) : null;
  const admin = user.globalRole === 'admin';
  if (!org || (!role && !admin)) throw new ApiError('not_found', 'There is no such organisation, or you do not belong to it.');
  if (need === 'admin' && !admin) throw new ApiError('forbidden', `Only a global administrator can ${action}.`);
  if (need === 'prepare' && !admin && role !== 'secretariat') throw new ApiError('forbidden', `Only the organisation's secretariat can ${action}.`);
  return { org, role };
}

/**
 * The organisation a new meeting goes to: the one asked for (its secretariat or an admin
 * only), else the creator's own when they are secretariat of exactly one.
 */
export async function organisationForNewMeeting(orgs: OrganisationRepo, user: UserRecord, asked: string | null): Promise<string | null> {
  if (asked) return (await requireOrganisation(orgs, user, asked, 'prepare', 'create meetings in it')).org.id;
  const own = await orgs.secretariatOf(user.id);
  return own.length === 1 ? own[0]! : null;
}
