import type { MeetingRole } from '../../../shared/roles';

/** Who moves the meeting from item to item (the core and the server refuse anyone else). */
export function runsMeeting(role: MeetingRole): boolean {
  return role === 'chair' || role === 'vice_chair' || role === 'secretariat';
}
