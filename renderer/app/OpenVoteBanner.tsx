import { useTranslation } from 'react-i18next';
import { mayVote } from '../features/voting';
import { useAllViews } from '../features/voting';
import { openVotesElsewhere } from './openVotes';
import styles from './OpenVoteBanner.module.css';

/**
 * "Đang biểu quyết — Bỏ phiếu ngay": an open vote reaches the delegate wherever they are
 * (meeting list, my tasks, the dashboard, another meeting's reader). It is fed by the
 * meeting views the core already sends (it keeps recent meetings live in the background),
 * and "vote now" opens that meeting's voting tab, where the ballot comes up by itself.
 */
export function OpenVoteBanner({ onScreen, onVote }: { onScreen: string | null; onVote(meetingId: string): void }) {
  const { t } = useTranslation();
  const votes = openVotesElsewhere(useAllViews(), onScreen, mayVote);
  const first = votes[0];
  if (!first) return null;
  return (
    <div className={styles.banner} role="region" aria-label={t('openVote.label')} data-testid="open-vote-banner" data-meeting-id={first.meetingId} data-poll-id={first.pollId}>
      <span className={styles.pulse} aria-hidden="true" />
      <span className={styles.text}>
        <strong>{t('openVote.title')}</strong> — {first.meetingTitle}: {first.question}
        {votes.length > 1 && <span className={styles.more}> {t('openVote.more', { count: votes.length - 1 })}</span>}
      </span>
      <button type="button" className="btn btn-accent" data-testid="open-vote-go" onClick={() => onVote(first.meetingId)}>
        {t('openVote.vote')}
      </button>
    </div>
  );
}
