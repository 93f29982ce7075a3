import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/api/tasks';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { openDocument } from '../../app/navigation';
import { formatDay } from './taskModel';
import styles from './tasks.module.css';

/** Progress reports and extensions in the order they happened: the task's record. */
export function TaskHistory({ task }: { task: Task }) {
  const { t } = useTranslation('followup');
  const lang = currentLanguage();
  const events = [
    ...task.progress.map((p) => ({ at: p.at, kind: 'progress' as const, p })),
    ...task.extensions.map((x, i) => ({ at: x.at, kind: 'extension' as const, x, from: i === 0 ? task.deadline : task.extensions[i - 1]!.deadline })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (events.length === 0) return <p className={`muted ${styles.fuHistoryEmpty}`}>{t('history.empty')}</p>;
  return (
    <ol className={styles.fuHistory} data-testid="task-history">
      {events.map((e, i) => (
        <li key={i} className={`${styles.fuHistoryItem} ${styles[`fu-history-${e.kind}`] ?? ''}`}>
          <span className={styles.fuHistoryWhen}>{formatDateTime(e.at, lang)}</span>
          {e.kind === 'progress' ? (
            <span className={styles.fuHistoryWhat}>
              <strong>{e.p.completed ? t('history.completed', { name: e.p.byName }) : t('history.progress', { name: e.p.byName })}</strong>
              {e.p.note && <span className={styles.fuHistoryNote}>{e.p.note}</span>}
              {e.p.documentId && (
                <button type="button" className="btn btn-link btn-small" onClick={() => openDocument(task.meetingId, e.p.documentId!)}>
                  {t('history.attachment')}
                </button>
              )}
            </span>
          ) : (
            <span className={styles.fuHistoryWhat}>
              <strong>{t('history.extended', { from: formatDay(e.from), to: formatDay(e.x.deadline) })}</strong>
              <span className={styles.fuHistoryNote}>{t('history.reason', { reason: e.x.reason })}</span>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
