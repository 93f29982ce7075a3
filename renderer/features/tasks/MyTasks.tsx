import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/api/tasks';
import { TaskCard } from './TaskCard';
import { TaskListPage } from './TaskListPage';
import { statusOf } from './taskModel';
import { useNowIso } from './useNowIso';
import { useTaskList } from './useTaskList';
import styles from './tasks.module.css';
import { Panel } from '../../app/Panel';

/** "Nhiệm vụ của tôi": what the signed-in person was assigned, open ones first, with report and complete. */
export function MyTasks() {
  const { t } = useTranslation('followup');
  const now = useNowIso();
  const list = useTaskList('mine');
  const { open, done } = useMemo(() => {
    const all = list.tasks ?? [];
    const rank = { overdue: 0, in_progress: 1, done_late: 2, done_on_time: 2 } as const;
    const sorted = [...all].sort((a, b) => rank[statusOf(a, now)] - rank[statusOf(b, now)] || a.deadline.localeCompare(b.deadline));
    return { open: sorted.filter((x) => !x.completedAt), done: sorted.filter((x) => x.completedAt) };
  }, [list.tasks, now]);

  return (
    <TaskListPage title={t('mine.title')} lead={t('mine.lead')} list={list} testId="my-tasks">
      {(tasks) =>
        tasks.length === 0 ? (
          <div className="empty-state">
            <p>{t('mine.empty')}</p>
          </div>
        ) : (
          <>
            <MineSection title={t('mine.open', { count: open.length })} tasks={open} now={now} onChanged={list.reload} empty={t('mine.noneOpen')} />
            {done.length > 0 && <MineSection title={t('mine.done', { count: done.length })} tasks={done} now={now} onChanged={list.reload} />}
          </>
        )
      }
    </TaskListPage>
  );
}

/** One part of "my tasks" (open, or done), each task reportable where it stands. */
function MineSection({ title, tasks, now, onChanged, empty }: { title: string; tasks: Task[]; now: string; onChanged(): void; empty?: string }) {
  return (
    <Panel title={title} className={styles.fuMineSection}>
      {tasks.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className={styles.fuTaskList}>
          {tasks.map((task) => (
            <TaskCard key={task.id} task={task} now={now} canReport canExtend={false} showMeeting onChanged={onChanged} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
