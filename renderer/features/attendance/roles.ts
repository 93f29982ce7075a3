import { runsMeeting, type MeetingRole } from '../../../shared/roles';

/** Who may open or close check-in (the core refuses anyone else): whoever runs the meeting. */
export const canManageAttendance = runsMeeting;

/** Who sees the full attendance tab; everyone else gets the compact summary on the home screen. */
export function seesAttendanceTab(role: MeetingRole): boolean {
  return canManageAttendance(role);
}
