import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { pendingTasksOf } from '../conclusions';
import { AssignTaskForm } from './AssignTaskForm';
import { TaskCard } from './TaskCard';
import { useNowIso } from './useNowIso';
import { useRefusalText } from '../../app/errors';
import { toneClass, type Tone } from '../../app/tone';
import type { OutboxState } from '../../../shared/contract';
import styles from './tasks.module.css';

/** A task still on its way is amber; one the server refused is red. */
const PENDING_TONE: Record<OutboxState['state'], Tone> = { pending: 'amber', sent: 'amber', refused: 'red' };

interface Props {
  view: MeetingView;
  itemId: string;
  conclusionId: string | null;
  canAssign: boolean;
}

/** Tasks assigned from one item's conclusion, those still on their way, and "Giao nhiệm vụ". */
export function ItemTasks({ view, itemId, conclusionId, canAssign }: Props) {
  const { t } = useTranslation('followup');
  const refused = useRefusalText();
  const now = useNowIso();
  const [assigning, setAssigning] = useState(false);
  const tasks = view.tasks.filter((task) => task.agendaItemId === itemId);
  const pending = pendingTasksOf(view, itemId);
  if (!canAssign && tasks.length === 0) return null;
  return (
    <section className={styles.fuItemTasks} aria-label={t('tasks.of')}>
      <div className={styles.fuItemTasksHead}>
        <h4 className={styles.fuSubhead}>{t('tasks.title', { count: tasks.length })}</h4>
        {canAssign && !assigning && (
          <button type="button" className="btn btn-small" data-testid="task-assign" onClick={() => setAssigning(true)}>
            + {t('tasks.assign')}
          </button>
        )}
      </div>
      {assigning && <AssignTaskForm view={view} agendaItemId={itemId} conclusionId={conclusionId} onDone={() => setAssigning(false)} />}
      {pending.length > 0 && (
        <ul className={styles.fuPendingTasks}>
          {pending.map((p) => (
            <li key={p.key} className={`${styles.fuPendingTask} ${toneClass(PENDING_TONE[p.state])}`} data-testid={p.state === 'refused' ? 'task-error' : 'task-pending'} data-state={p.state}>
              <span className={styles.fuPendingTitle}>{p.title}</span>
              <span className="fu-pending-state">{p.state === 'refused' ? t('tasks.refused', { reason: p.refusal ? refused(p) : '' }) : t('tasks.pending')}</span>
            </li>
          ))}
        </ul>
      )}
      {tasks.length > 0 && (
        <ul className={styles.fuTaskList}>
          {tasks.map((task) => (
            <TaskCard key={task.id} task={task} now={now} canReport={task.assigneeUserId === view.me} canExtend={view.role === 'secretariat'} onChanged={() => undefined} />
          ))}
        </ul>
      )}
    </section>
  );
}
