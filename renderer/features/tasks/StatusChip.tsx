import { useTranslation } from 'react-i18next';
import type { TaskStatus } from '../../../shared/domain/tasks';
import { toneClass, type Tone } from '../../app/tone';
import styles from './tasks.module.css';

/** The colours of each status: overdue in solid red, the rest as a soft chip. */
export const STATUS_TONE: Record<TaskStatus, Tone> = { done_on_time: 'green', done_late: 'amber', in_progress: 'blue', overdue: 'alert' };

/** The four statuses as the government reports them; overdue is the one that must stand out. */
export function StatusChip({ status }: { status: TaskStatus }) {
  const { t } = useTranslation('followup');
  return <span className={`${styles.fuChip} ${toneClass(STATUS_TONE[status])}`}>{t(`status.${status}`)}</span>;
}
