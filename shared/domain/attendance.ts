/**
 * Who is in the room, per site and in total. A person counts once, however many times
 * they or the secretariat checked them in; a substitute makes the member they stand in
 * for present; an excused absence is still an absence (shown apart).
 */
import type { MeetingRole } from '../roles';
import { quorum, type QuorumRule, type QuorumState } from './quorum';
import { countsForQuorum, type QuorumCounts, type SiteKindOf } from './site-rights';

/** Roles whose presence counts towards the quorum and who may vote. */
export const votingRoles: readonly MeetingRole[] = ['chair', 'vice_chair', 'delegate'];

export function isVotingMember(role: MeetingRole): boolean {
  return votingRoles.includes(role);
}

export type AttendanceStatus = 'present' | 'excused' | 'absent';

export interface AttendanceMark {
  status: AttendanceStatus;
  /** ISO time of the latest change. */
  at: string;
  /** Who recorded it (the person themselves, or a secretariat member). */
  by: string;
  /** Name of the person sitting in for this member, if any. */
  substitute?: string | null;
}

export interface Member {
  id: string;
  role: MeetingRole;
  siteId: string | null;
}

export interface SiteCount {
  siteId: string | null;
  expected: number;
  present: number;
  excused: number;
  missing: string[];
}

export interface AttendanceSummary {
  expected: number;
  present: number;
  excused: number;
  substitutes: number;
  /** Voting members not present (excused ones included), by id. */
  missing: string[];
  bySite: SiteCount[];
  quorum: QuorumState;
  /** The rule in force (issue 17): present at any site, or at the main hall only, count towards the quorum. */
  quorumCounts: QuorumCounts;
}

/** Where presence counts for the quorum (issue 17); absent: any site. */
export interface QuorumPresence {
  rule: QuorumCounts;
  kindOf: SiteKindOf;
}

export function summariseAttendance(members: readonly Member[], marks: ReadonlyMap<string, AttendanceMark>, rule: QuorumRule, presence?: QuorumPresence): AttendanceSummary {
  const sites = new Map<string | null, SiteCount>();
  let present = 0;
  /** Present members who count towards the quorum under the meeting's rule. */
  let counted = 0;
  let excused = 0;
  let substitutes = 0;
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const m of members) {
    if (!isVotingMember(m.role) || seen.has(m.id)) continue;
    seen.add(m.id);
    let site = sites.get(m.siteId);
    if (!site) sites.set(m.siteId, (site = { siteId: m.siteId, expected: 0, present: 0, excused: 0, missing: [] }));
    site.expected++;
    const mark = marks.get(m.id);
    if (mark?.status === 'present') {
      present++;
      if (!presence || countsForQuorum(presence.rule, m.siteId, presence.kindOf)) counted++;
      site.present++;
      if (mark.substitute) substitutes++;
    } else {
      missing.push(m.id);
      site.missing.push(m.id);
      if (mark?.status === 'excused') {
        excused++;
        site.excused++;
      }
    }
  }
  const expected = seen.size;
  return {
    expected,
    present,
    excused,
    substitutes,
    missing,
    bySite: [...sites.values()],
    quorum: quorum(rule, counted, expected),
    quorumCounts: presence?.rule ?? 'any_site',
  };
}
