import type { MeetingRole } from '../../../shared/roles';

/** Who may open or close check-in (the core refuses anyone else). */
export function canManageAttendance(role: MeetingRole): boolean {
  return role === 'secretariat' || role === 'chair' || role === 'vice_chair';
}

/** Who sees the full attendance tab; everyone else gets the compact summary on the home screen. */
export function seesAttendanceTab(role: MeetingRole): boolean {
  return canManageAttendance(role);
}
