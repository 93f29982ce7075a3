import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/api/tasks';
import { ErrorNotice } from '../../app/ErrorNotice';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import type { TaskListState } from './useTaskList';
import styles from './tasks.module.css';
import { PageHead } from '../../app/PageHead';

interface Props {
  title: string;
  lead: string;
  list: TaskListState;
  className?: string;
  testId?: string;
  /** What the page shows once a list (fresh or the device's copy) is there. */
  children(tasks: Task[]): ReactNode;
}

/**
 * A page over a list of tasks across meetings: says when it shows the device's copy or is
 * asking again, and shows the list's error; the dashboard and "my tasks" differ only below.
 */
export function TaskListPage({ title, lead, list, className, testId, children }: Props) {
  const { t } = useTranslation('followup');
  const lang = currentLanguage();
  return (
    <div className={`page ${styles.fuPage}${className ? ` ${className}` : ''}`} data-testid={testId}>
      <PageHead title={title} subtitle={lead} />
      {list.fromCache && (
        <div className="notice notice-cache" data-testid="tasks-from-cache">
          {t('dashboard.fromCache', { time: list.asOf ? formatDateTime(list.asOf, lang) : '—' })}
        </div>
      )}
      {list.loading && list.tasks !== null && (
        <p className={styles.fuRefreshing} role="status" data-testid="tasks-refreshing">
          {t('dashboard.refreshing')}
        </p>
      )}
      <ErrorNotice error={list.error} />
      {list.tasks === null ? list.error === null && <p className="loading">{t('dashboard.loading')}</p> : children(list.tasks)}
    </div>
  );
}
