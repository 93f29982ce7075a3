import { useTranslation } from 'react-i18next';
import type { TaskStatus } from '../../../shared/domain/tasks';

/** The four statuses as the government reports them; overdue is the one that must stand out. */
export function StatusChip({ status }: { status: TaskStatus }) {
  const { t } = useTranslation('followup');
  return <span className={`fu-chip fu-chip-${status}`}>{t(`status.${status}`)}</span>;
}
