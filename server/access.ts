/**
 * Who may see a meeting and in which role. One function, used by the meeting list, the
 * blob route and the sync upgrade, so the three can never disagree.
 */
import { canEditMeeting, canSeeDraft, type MeetingRole } from '../shared/roles';
import type { MeetingStatus } from '../shared/meeting-enums';
import type { UserRecord } from './store/types';

export interface Access {
  role: MeetingRole;
  canEdit: boolean;
}

/** null = the user may not see this meeting at all. */
export function meetingAccess(user: UserRecord, status: MeetingStatus, memberRole: MeetingRole | null): Access | null {
  if (memberRole === null) {
    // Global admins oversee every meeting but only ever read it.
    return user.globalRole === 'admin' ? { role: 'observer', canEdit: false } : null;
  }
  if (status === 'draft' && !canSeeDraft(memberRole) && user.globalRole !== 'admin') return null;
  return { role: memberRole, canEdit: canEditMeeting(memberRole) };
}
