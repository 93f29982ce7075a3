import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../app/format';
import { minutesBetween } from '../../app/timezone';
import styles from './agenda.module.css';

interface Props {
  count: number;
  planned: number;
  startsAt: string | null;
  endsAt: string | null;
}

/** The planned total against the time the meeting has; over time is said in words, not only in colour. */
export function AgendaTiming({ count, planned, startsAt, endsAt }: Props) {
  const { t } = useTranslation();
  const available = minutesBetween(startsAt, endsAt);
  const over = available !== null && planned > available ? planned - available : 0;
  return (
    <p className={`panel-subtitle ${styles.agendaTiming}`}>
      <span>{t('agenda.items', { count })}</span>
      <span className={styles.timingSep} aria-hidden="true">
        ·
      </span>
      <span>
        {t('agenda.totalTime')}:{' '}
        <strong data-testid="agenda-total" data-minutes={planned} className={over ? styles.isOver : undefined}>
          {formatDuration(planned, t)}
        </strong>
        {available !== null && (
          <>
            {' '}
            <span className="muted">{t('agenda.ofAvailable', { time: formatDuration(available, t) })}</span>
          </>
        )}
      </span>
      {over > 0 && (
        <span className={styles.overTime} data-testid="agenda-over-time" role="status">
          {t('agenda.overTime', { time: formatDuration(over, t) })}
        </span>
      )}
    </p>
  );
}
