import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import styles from './attendance.module.css';

/** The secretariat (or the chair) opens check-in before the meeting and closes it after. */
export function CheckInWindowToggle({ view }: { view: MeetingView }) {
  const { t } = useTranslation('seating');
  const client = useClient();
  const { run, error, clearError, busy } = useAction();
  const open = view.live.checkInOpen;
  return (
    <div className={styles.checkinWindow}>
      <span className={`${styles.windowState} ${open ? styles.isOpen : styles.isClosed}`} role="status">
        {open ? t('window.open') : t('window.closed')}
      </span>
      <button
        type="button"
        className={`btn btn-small ${open ? '' : 'btn-primary'}`}
        data-testid="checkin-window-toggle"
        aria-pressed={open}
        disabled={busy}
        onClick={() => void run(() => client.attendance.setWindow({ meetingId: view.id, open: !open }))}
      >
        {open ? t('window.close') : t('window.openAction')}
      </button>
      <ErrorNotice error={error} onDismiss={clearError} />
    </div>
  );
}
