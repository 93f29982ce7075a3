import { z } from 'zod';

/** Roles a user holds in one meeting. `admin` is global and lives on the user. */
export const meetingRoles = ['chair', 'vice_chair', 'secretariat', 'delegate', 'guest', 'observer'] as const;
export const MeetingRole = z.enum(meetingRoles);
export type MeetingRole = z.infer<typeof MeetingRole>;

export const GlobalRole = z.enum(['admin', 'user']);
export type GlobalRole = z.infer<typeof GlobalRole>;

/** Who may change what the secretariat prepares (`meeting/<id>`). */
export function canEditMeeting(role: MeetingRole | null | undefined): boolean {
  return role === 'secretariat';
}

/** Who runs the meeting in the room: moves it from item to item, opens check-in and polls, gives the floor. */
export function runsMeeting(role: MeetingRole | null | undefined): boolean {
  return role === 'chair' || role === 'vice_chair' || role === 'secretariat';
}

/** Who takes part in the debate and may ask to speak: observers and the secretariat follow it. */
export function canSpeak(role: MeetingRole | null | undefined): boolean {
  return role === 'chair' || role === 'vice_chair' || role === 'delegate' || role === 'guest';
}

/** A draft meeting is the secretariat's work in progress; nobody else sees it until published. */
export function canSeeDraft(role: MeetingRole | null | undefined): boolean {
  return role === 'secretariat';
}
