import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { runsMeeting } from '../../../shared/roles';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { formatDuration } from '../../app/format';
import { useAction } from '../../app/useAction';
import { useServerNow } from '../../app/useServerNow';
import { Recusals } from './Recusals';
import { Speakers } from './Speakers';
import { visibleText } from '../../app/visible-text';
import styles from './agenda.module.css';

/**
 * "Đang thảo luận": the item the chair has moved the meeting to, on every device, with how
 * long it has run against its planned time. Whoever runs the meeting moves on from here.
 */
export function CurrentItem({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const client = useClient();
  const { run, busy, error, clearError } = useAction();
  const { currentItemId, startedAt } = view.live;
  // Minutes on the item since the server's startedAt: read on the server's clock.
  const now = useServerNow(15_000, currentItemId !== null);
  const agenda = view.content.agenda;
  const at = agenda.findIndex((i) => i.id === currentItemId);
  if (currentItemId === null && view.speakers.length === 0) return null;
  const item = agenda[at];
  const next = at >= 0 ? agenda[at + 1] : undefined;
  const minutes = startedAt ? Math.max(0, Math.floor((now - Date.parse(startedAt)) / 60_000)) : null;
  const over = minutes !== null && item?.durationMin != null && minutes > item.durationMin;

  const move = (itemId: string | null) => run(() => client.agenda.setCurrent({ meetingId: view.id, itemId }));

  return (
    <section className={styles.currentItem} data-testid="current-item" data-item-id={currentItemId} aria-live="polite" aria-label={t('agenda.current')}>
      <span className={styles.currentItemLabel}>{t('agenda.current')}</span>
      <span className={styles.currentItemTitle} data-testid="current-item-title">
        {item ? `${item.number}. ${visibleText(item.title)}` : currentItemId === null ? t('agenda.noCurrent') : t('agenda.currentGone')}
      </span>
      {minutes !== null && (
        <span className={`${styles.currentItemTime}${over ? ` ${styles.isOver}` : ''}`} data-testid="current-item-time">
          {minutes < 1
            ? t('agenda.justStarted')
            : item?.durationMin != null
              ? t('agenda.elapsedOf', { elapsed: formatDuration(minutes, t), planned: formatDuration(item.durationMin, t) })
              : t('agenda.elapsed', { elapsed: formatDuration(minutes, t) })}
        </span>
      )}
      {runsMeeting(view.role) && currentItemId !== null && (
        <span className={styles.currentItemActions}>
          {next && (
            <button type="button" className="btn btn-small btn-primary" data-testid="current-item-next" disabled={busy} onClick={() => void move(next.id)} title={`${next.number}. ${visibleText(next.title)}`}>
              {t('agenda.next', { number: next.number })}
            </button>
          )}
          <button type="button" className="btn btn-small" data-testid="current-item-end" disabled={busy} onClick={() => void move(null)}>
            {t('agenda.end')}
          </button>
        </span>
      )}
      <Speakers view={view} />
      <Recusals view={view} />
      <ErrorNotice error={error} onDismiss={clearError} />
    </section>
  );
}
