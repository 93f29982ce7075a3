import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/api/tasks';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { openDocument } from '../../app/navigation';
import { formatDay } from './taskModel';

/** Progress reports and extensions in the order they happened: the task's record. */
export function TaskHistory({ task }: { task: Task }) {
  const { t } = useTranslation('followup');
  const lang = currentLanguage();
  const events = [
    ...task.progress.map((p) => ({ at: p.at, kind: 'progress' as const, p })),
    ...task.extensions.map((x, i) => ({ at: x.at, kind: 'extension' as const, x, from: i === 0 ? task.deadline : task.extensions[i - 1]!.deadline })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (events.length === 0) return <p className="muted fu-history-empty">{t('history.empty')}</p>;
  return (
    <ol className="fu-history" data-testid="task-history">
      {events.map((e, i) => (
        <li key={i} className={`fu-history-item fu-history-${e.kind}`}>
          <span className="fu-history-when">{formatDateTime(e.at, lang)}</span>
          {e.kind === 'progress' ? (
            <span className="fu-history-what">
              <strong>{e.p.completed ? t('history.completed', { name: e.p.byName }) : t('history.progress', { name: e.p.byName })}</strong>
              {e.p.note && <span className="fu-history-note">{e.p.note}</span>}
              {e.p.documentId && (
                <button type="button" className="btn btn-link btn-small" onClick={() => openDocument(task.meetingId, e.p.documentId!)}>
                  {t('history.attachment')}
                </button>
              )}
            </span>
          ) : (
            <span className="fu-history-what">
              <strong>{t('history.extended', { from: formatDay(e.from), to: formatDay(e.x.deadline) })}</strong>
              <span className="fu-history-note">{t('history.reason', { reason: e.x.reason })}</span>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
