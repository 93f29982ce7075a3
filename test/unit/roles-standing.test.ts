/**
 * Actions that belong to no one meeting, per role: the server's checks and the app's
 * buttons both ask these functions (shared/roles), so this table is what each person is
 * offered and what the server accepts.
 */
import { describe, expect, it } from 'vitest';
import { canCreateMeeting, canDownloadMonthlyReport, standingOf, type Standing } from '../../shared/roles';

const table: { who: string; standing: Standing; create: boolean; report: boolean }[] = [
  { who: 'administrator with no meetings', standing: { globalRole: 'admin', meetingRoles: [] }, create: true, report: true },
  { who: 'secretariat of one meeting', standing: { globalRole: 'user', meetingRoles: ['delegate', 'secretariat'] }, create: true, report: true },
  { who: 'chair', standing: { globalRole: 'user', meetingRoles: ['chair'] }, create: false, report: false },
  { who: 'vice chair', standing: { globalRole: 'user', meetingRoles: ['vice_chair', 'delegate'] }, create: false, report: false },
  { who: 'delegate', standing: { globalRole: 'user', meetingRoles: ['delegate', 'delegate'] }, create: false, report: false },
  { who: 'guest', standing: { globalRole: 'user', meetingRoles: ['guest'] }, create: false, report: false },
  { who: 'observer', standing: { globalRole: 'user', meetingRoles: ['observer'] }, create: false, report: false },
  { who: 'nobody yet', standing: { globalRole: 'user', meetingRoles: [] }, create: false, report: false },
  { who: "an organisation's secretariat with no meetings", standing: { globalRole: 'user', meetingRoles: [], organisationSecretariat: true }, create: true, report: false },
  { who: 'chair, organisation unknown', standing: { globalRole: 'user', meetingRoles: ['chair'], organisationSecretariat: undefined }, create: false, report: false },
];

describe('shared/roles across meetings', () => {
  it.each(table)('$who: create meeting $create, monthly report $report', ({ standing, create, report }) => {
    expect(canCreateMeeting(standing)).toBe(create);
    expect(canDownloadMonthlyReport(standing)).toBe(report);
  });

  it("builds the app's standing from the session and the meeting list", () => {
    const user = { id: 'u', username: 'chu.tich', displayName: 'Chủ tịch', globalRole: 'user' as const };
    const chair = standingOf(user, [{ role: 'chair' }, { role: 'delegate' }]);
    expect(chair).toEqual({ globalRole: 'user', meetingRoles: ['chair', 'delegate'], organisationSecretariat: false });
    expect(canCreateMeeting(chair)).toBe(false);
    expect(canCreateMeeting(standingOf({ ...user, organisationSecretariat: true }, []))).toBe(true);
  });
});
