import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { ErrorNotice } from '../../app/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { TaskCard } from './TaskCard';
import { statusOf } from './taskModel';
import { useNowIso } from './useNowIso';
import { useTaskList } from './useTaskList';
import styles from './tasks.module.css';

/** "Nhiệm vụ của tôi": what the signed-in person was assigned, open ones first, with report and complete. */
export function MyTasks() {
  const { t } = useTranslation('followup');
  const now = useNowIso();
  const list = useTaskList('mine');
  const lang = currentLanguage();
  const { open, done } = useMemo(() => {
    const all = list.tasks ?? [];
    const rank = { overdue: 0, in_progress: 1, done_late: 2, done_on_time: 2 } as const;
    const sorted = [...all].sort((a, b) => rank[statusOf(a, now)] - rank[statusOf(b, now)] || a.deadline.localeCompare(b.deadline));
    return { open: sorted.filter((x) => !x.completedAt), done: sorted.filter((x) => x.completedAt) };
  }, [list.tasks, now]);

  return (
    <div className={`page ${styles.fuPage}`} data-testid="my-tasks">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('mine.title')}</h1>
          <p className="page-subtitle">{t('mine.lead')}</p>
        </div>
      </div>
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
      {list.tasks === null ? (
        <p className="loading">{t('dashboard.loading')}</p>
      ) : list.tasks.length === 0 ? (
        <div className="empty-state">
          <p>{t('mine.empty')}</p>
        </div>
      ) : (
        <>
          <section className={`panel ${styles.fuMineSection}`} aria-labelledby="fu-mine-open">
            <h2 className="panel-title" id="fu-mine-open">
              {t('mine.open', { count: open.length })}
            </h2>
            {open.length === 0 ? (
              <p className="muted">{t('mine.noneOpen')}</p>
            ) : (
              <ul className={styles.fuTaskList}>
                {open.map((task) => (
                  <TaskCard key={task.id} task={task} now={now} canReport canExtend={false} showMeeting onChanged={list.reload} />
                ))}
              </ul>
            )}
          </section>
          {done.length > 0 && (
            <section className={`panel ${styles.fuMineSection}`} aria-labelledby="fu-mine-done">
              <h2 className="panel-title" id="fu-mine-done">
                {t('mine.done', { count: done.length })}
              </h2>
              <ul className={styles.fuTaskList}>
                {done.map((task) => (
                  <TaskCard key={task.id} task={task} now={now} canReport canExtend={false} showMeeting onChanged={list.reload} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}
