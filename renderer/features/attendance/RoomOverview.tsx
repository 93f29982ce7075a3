import type { MeetingView } from '../../../shared/contract';
import { MySeatCard } from '../seating';
import { AttendanceSummaryPanel } from './AttendanceSummaryPanel';
import { CheckInCard } from './CheckInCard';
import styles from './attendance.module.css';

/**
 * The meeting's home strip, above the agenda: the two first questions of a meeting day —
 * "where do I sit?" and "am I checked in?" — plus a compact quorum line for everyone.
 */
export function RoomOverview({ view }: { view: MeetingView }) {
  return (
    <div className={styles.roomOverview} data-testid="room-overview">
      <div className={styles.roomOverviewCol}>
        <CheckInCard view={view} />
        <AttendanceSummaryPanel view={view} compact />
      </div>
      <MySeatCard view={view} />
    </div>
  );
}
