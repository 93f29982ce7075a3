import { useTranslation } from 'react-i18next';
import type { TaskStatus } from '../../../shared/domain/tasks';
import styles from './tasks.module.css';

/** The four statuses as the government reports them; overdue is the one that must stand out. */
export function StatusChip({ status }: { status: TaskStatus }) {
  const { t } = useTranslation('followup');
  return <span className={`${styles.fuChip} ${styles[`fu-chip-${status}`] ?? ''}`}>{t(`status.${status}`)}</span>;
}
