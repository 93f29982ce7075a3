import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { vietnamDay } from '../../../shared/domain/tasks';
import type { Task } from '../../../shared/api/tasks';
import { ExtendDialog } from './ExtendDialog';
import { ReportDialog } from './ReportDialog';
import { StatusChip } from './StatusChip';
import { TaskHistory } from './TaskHistory';
import { formatDay, ownerLine, statusOf, taskFacts } from './taskModel';
import styles from './tasks.module.css';

interface Props {
  task: Task;
  now: string;
  /** The signed-in person is the assignee: may report and complete. */
  canReport: boolean;
  /** Secretariat: may extend the deadline (the server checks it again). */
  canExtend: boolean;
  /** Show the meeting's title (in lists across meetings). */
  showMeeting?: boolean;
  onChanged(): void;
}

/** One task with its status, owner, deadline, actions and record. */
export function TaskCard({ task, now, canReport, canExtend, showMeeting, onChanged }: Props) {
  const { t } = useTranslation('followup');
  const [dialog, setDialog] = useState<'report' | 'extend' | null>(null);
  const [open, setOpen] = useState(false);
  const status = statusOf(task, now);
  const deadline = taskFacts(task).deadline;
  const historyCount = task.progress.length + task.extensions.length;
  return (
    <li className={`${styles.fuTask} ${styles[`fu-task-${status}`] ?? ''}`} data-testid="task-row" data-task-id={task.id} data-status={status}>
      <div className="fu-task-main">
        <div className={styles.fuTaskTitle}>
          {task.priority !== 'normal' && <span className={`${styles.fuPriority} ${styles[`fu-priority-${task.priority}`] ?? ''}`}>{t(`priority.${task.priority}`)}</span>}
          {task.title}
        </div>
        <div className={styles.fuTaskMeta}>
          {showMeeting && <span className={styles.fuTaskMeeting}>{task.meetingTitle}</span>}
          <span>{ownerLine(task) || t('task.noOwner')}</span>
          <span className={status === 'overdue' ? styles.fuLate : undefined}>
            {t('task.deadline', { date: formatDay(deadline) })}
            {task.extensions.length > 0 && ` ${t('task.extendedFrom', { date: formatDay(task.deadline) })}`}
          </span>
          {task.completedAt && <span>{t('task.completedOn', { date: formatDay(vietnamDay(task.completedAt)) })}</span>}
        </div>
      </div>
      <StatusChip status={status} />
      <div className={styles.fuTaskActions}>
        {canReport && !task.completedAt && (
          <button type="button" className="btn btn-small btn-primary" data-testid="task-report" onClick={() => setDialog('report')}>
            {t('task.report')}
          </button>
        )}
        {canExtend && !task.completedAt && (
          <button type="button" className="btn btn-small" data-testid="task-extend" onClick={() => setDialog('extend')}>
            {t('task.extend')}
          </button>
        )}
        <button type="button" className="btn btn-small" aria-expanded={open} data-testid="task-history-toggle" onClick={() => setOpen((o) => !o)}>
          {t('task.history', { count: historyCount })}
        </button>
      </div>
      {open && (
        <div className={styles.fuTaskHistory}>
          <TaskHistory task={task} />
        </div>
      )}
      {dialog === 'report' && <ReportDialog task={task} onClose={() => setDialog(null)} onDone={onChanged} />}
      {dialog === 'extend' && <ExtendDialog task={task} onClose={() => setDialog(null)} onDone={onChanged} />}
    </li>
  );
}
