/**
 * Remote sites' rights and the quorum rule (issue 17). Per meeting the secretariat sets which
 * sites' members may vote and speak (some councils let remote members only observe), and
 * whether the quorum counts members present at any site or at the main hall only. The main
 * hall always has full rights; a member placed at no site is taken to be in the main hall
 * (a meeting without bridges places nobody). Pure: server, core and renderer use the same.
 */
import { SiteId } from '../ids';
import { z } from 'zod';

export const SiteRight = z.object({ vote: z.boolean(), speak: z.boolean() });
export type SiteRight = z.infer<typeof SiteRight>;

/** By site id; a site not listed has full rights. */
export const SiteRights = z.record(SiteId, SiteRight);
export type SiteRights = z.infer<typeof SiteRights>;

/** Who counts towards the quorum: members present at any site, or at the main hall only. */
export const QuorumCounts = z.enum(['any_site', 'main_hall']);
export type QuorumCounts = z.infer<typeof QuorumCounts>;

export const fullRights: SiteRight = { vote: true, speak: true };

export type SiteKindOf = (siteId: string | null) => 'main' | 'bridge' | null;

/** What members at a site may do: the main hall (or no site) always everything. */
export function rightsAt(rights: SiteRights, siteId: string | null, kindOf: SiteKindOf): SiteRight {
  if (siteId === null || kindOf(siteId) !== 'bridge') return fullRights;
  return rights[siteId] ?? fullRights;
}

/** Whether a member present at this site counts towards the quorum under the rule. */
export function countsForQuorum(rule: QuorumCounts, siteId: string | null, kindOf: SiteKindOf): boolean {
  return rule === 'any_site' || siteId === null || kindOf(siteId) !== 'bridge';
}

/** Whether any site is limited (so the server need not look at each member otherwise). */
export function anyLimited(rights: SiteRights): boolean {
  return Object.values(rights).some((r) => !r.vote || !r.speak);
}

/** The kind of each site from the meeting's list (an unknown site: null, i.e. not a bridge). */
export function siteKindOf(sites: readonly { id: string; kind: 'main' | 'bridge' }[]): SiteKindOf {
  const kinds = new Map(sites.map((s) => [s.id, s.kind]));
  return (siteId) => (siteId === null ? null : (kinds.get(siteId) ?? null));
}

/** What one participant may do, from the meeting's content (unknown person: full rights; the server decides). */
export function memberRights(
  content: { meta: { siteRights: SiteRights }; participants: readonly { id: string; siteId: string | null }[]; sites: readonly { id: string; kind: 'main' | 'bridge' }[] },
  userId: string,
): SiteRight {
  const siteId = content.participants.find((p) => p.id === userId)?.siteId ?? null;
  return rightsAt(content.meta.siteRights, siteId, siteKindOf(content.sites));
}
