import type { MeetingView } from '../../../shared/contract';
import { AttendanceList } from './AttendanceList';
import { AttendanceSummaryPanel } from './AttendanceSummaryPanel';
import { CheckInWindowToggle } from './CheckInWindowToggle';
import { QuorumRuleEditor } from './QuorumRuleEditor';
import { canManageAttendance } from './roles';
import './attendance.css';

/** Attendance and quorum for the chair and the secretariat; the list is the secretariat's. */
export function AttendanceTab({ view }: { view: MeetingView }) {
  return (
    <div className="attendance-tab" data-testid="attendance-tab">
      <div className="attendance-side">
        {canManageAttendance(view.role) && <CheckInWindowToggle view={view} />}
        <AttendanceSummaryPanel view={view} />
        <QuorumRuleEditor view={view} />
      </div>
      {view.canEdit && <AttendanceList view={view} />}
    </div>
  );
}
