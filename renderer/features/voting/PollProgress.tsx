import { useTranslation } from 'react-i18next';
import type { PollView } from '../../../shared/ydoc/live';
import { formatClock, useNow } from '../../app/useNow';
import styles from './voting.module.css';

/** "N / M đã biểu quyết" with a bar, and the time left when the poll closes by itself. */
export function PollProgress({ poll, large }: { poll: PollView; large?: boolean }) {
  const { t } = useTranslation('voting');
  const { votedCount: n, eligibleCount: m } = poll;
  const pct = m > 0 ? Math.min(100, Math.round((n / m) * 100)) : 0;
  return (
    <div className={`vt-progress${large ? ` ${styles.vtProgressLarge}` : ''}`}>
      <div className={styles.vtProgressLine}>
        <span className={styles.vtProgressCount}>
          <strong data-testid="poll-progress">{`${n}/${m}`}</strong> <span>{t('progress.voted')}</span>
        </span>
        {poll.handCount > 0 && <span className={styles.vtHandsNote}>{t('progress.hands', { count: poll.handCount })}</span>}
        {poll.status === 'open' && poll.closesAt && <Countdown closesAt={poll.closesAt} />}
      </div>
      <div className={styles.vtBar} role="progressbar" aria-label={t('progress.label')} aria-valuemin={0} aria-valuemax={m} aria-valuenow={n} aria-valuetext={t('progress.text', { n, m })}>
        <div className={styles.vtBarFill} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function Countdown({ closesAt }: { closesAt: string }) {
  const { t } = useTranslation('voting');
  const now = useNow(1000);
  const left = (Date.parse(closesAt) - now) / 1000;
  if (!Number.isFinite(left)) return null;
  const urgent = left <= 30;
  return (
    <span className={`${styles.vtCountdown}${urgent ? ` ${styles.isUrgent}` : ''}`} data-testid="poll-countdown" role="timer" aria-live="off">
      {left > 0 ? t('progress.left', { time: formatClock(left) }) : t('progress.closing')}
    </span>
  );
}
