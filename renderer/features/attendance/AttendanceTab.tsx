import type { MeetingView } from '../../../shared/contract';
import { AttendanceList } from './AttendanceList';
import { AttendanceSummaryPanel } from './AttendanceSummaryPanel';
import { CheckInWindowToggle } from './CheckInWindowToggle';
import { QuorumRuleEditor } from './QuorumRuleEditor';
import { SiteRightsEditor } from './SiteRightsEditor';
import { canManageAttendance } from './roles';
import styles from './attendance.module.css';

/** Attendance and quorum for the chair and the secretariat; the secretariat marks people in the list, the chair follows it. */
export function AttendanceTab({ view }: { view: MeetingView }) {
  return (
    <div className={styles.attendanceTab} data-testid="attendance-tab">
      <div className={styles.attendanceSide}>
        {canManageAttendance(view.role) && <CheckInWindowToggle view={view} />}
        <AttendanceSummaryPanel view={view} />
        <QuorumRuleEditor view={view} />
        <SiteRightsEditor view={view} />
      </div>
      <AttendanceList view={view} />
    </div>
  );
}
