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

/**
 * What a person is across meetings, for the actions that belong to no one meeting.
 * The server builds it from its tables, the app from the session and the meeting list,
 * and both ask the same functions below, so a button shows exactly when the call succeeds.
 */
export interface Standing {
  globalRole: GlobalRole;
  /** The person's role in each meeting they are in (any order, repeats allowed). */
  meetingRoles: readonly MeetingRole[];
  /** Secretariat of an organisation (issue 14); unknown counts as no. */
  organisationSecretariat?: boolean;
}

/** Creating a meeting: administrators, anyone who is secretariat of a meeting or of an organisation. */
export function canCreateMeeting(s: Standing): boolean {
  return s.globalRole === 'admin' || s.meetingRoles.includes('secretariat') || s.organisationSecretariat === true;
}

/** The monthly task report (CSV or PDF) across meetings: administrators and the secretariat of some meeting. */
export function canDownloadMonthlyReport(s: Standing): boolean {
  return s.globalRole === 'admin' || s.meetingRoles.includes('secretariat');
}

/** The organisations screen (issue 14): administrators and the secretariat of an organisation, the people who may change one. */
export function canKeepOrganisations(s: Standing): boolean {
  return s.globalRole === 'admin' || s.organisationSecretariat === true;
}

/**
 * Changing one organisation's letterhead, signer and certificate: administrators and its
 * secretariat (server/organisations/access.ts 'prepare'). Creating organisations, naming
 * their members and generating a demo certificate are the administrators' alone.
 */
export function canEditOrganisation(globalRole: GlobalRole, orgRole: 'secretariat' | 'member' | null): boolean {
  return globalRole === 'admin' || orgRole === 'secretariat';
}

/** The standing the app knows: the signed-in user and the roles on their meeting list. */
export function standingOf(user: { globalRole: GlobalRole; organisationSecretariat?: boolean }, meetings: readonly { role: MeetingRole }[]): Standing {
  return { globalRole: user.globalRole, meetingRoles: meetings.map((m) => m.role), organisationSecretariat: user.organisationSecretariat === true };
}

/** Who writes the minutes' narrative and sends it to the chair (issue 14): the secretariat, as the meeting's secretary. */
export function canEditMinutes(role: MeetingRole | null | undefined): boolean {
  return role === 'secretariat';
}

/** As whom a person approves the draft minutes: the chair as chair, the secretariat as the secretary (thư ký); nobody else. */
export function minutesApproverRole(role: MeetingRole | null | undefined): 'chair' | 'secretary' | null {
  return role === 'chair' ? 'chair' : role === 'secretariat' ? 'secretary' : null;
}

/** Who returns the draft minutes to the secretary with a comment: the chair, who approves them. */
export function canReturnMinutes(role: MeetingRole | null | undefined): boolean {
  return role === 'chair';
}
