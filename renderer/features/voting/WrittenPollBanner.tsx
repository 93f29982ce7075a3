import { useTranslation } from 'react-i18next';
import type { PollView } from '../../../shared/ydoc/live';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { mayVote } from './pollRules';
import { useNow } from '../../app/useNow';
import { useAllViews, useVoting } from './VotingProvider';
import styles from './voting.module.css';
import { visibleText } from '../../app/visible-text';

const hour = 3600_000;

/**
 * Written opinion polls (phiếu lấy ý kiến) waiting for this person's answer, on the meeting
 * list: they run between meetings, so the list is where people will see them. The banner
 * turns to a reminder when less than a day, then less than an hour, is left.
 */
export function WrittenPollBanner() {
  const { t } = useTranslation('voting');
  const { request } = useVoting();
  const now = useNow(30_000);
  const waiting = useAllViews().flatMap((view) =>
    view.polls
      .filter((p) => p.status === 'open' && p.definition.mode === 'written' && mayVote(view, p) && (!view.myBallots[p.id] || view.myBallots[p.id]!.state === 'refused'))
      .map((poll) => ({ view, poll })),
  );
  if (waiting.length === 0) return null;
  const deadlineOf = (p: PollView) => p.closesAt ?? p.definition.deadline;
  waiting.sort((a, b) => (deadlineOf(a.poll) ?? '').localeCompare(deadlineOf(b.poll) ?? ''));

  return (
    <section className={styles.vtWritten} data-testid="written-poll-banner" aria-label={t('written.title')}>
      <h2 className={styles.vtWrittenTitle}>{t('written.title')}</h2>
      <ul>
        {waiting.map(({ view, poll }) => {
          const deadline = deadlineOf(poll);
          const left = deadline ? Date.parse(deadline) - now : Infinity;
          const urgency = left < hour ? 'hour' : left < 24 * hour ? 'day' : 'none';
          return (
            <li key={`${view.id}/${poll.id}`} className={`${styles.vtWrittenRow} ${styles[`is-${urgency}`] ?? ''}`} data-poll-id={poll.id} data-urgency={urgency}>
              <div className={styles.vtWrittenMain}>
                <strong>{visibleText(poll.definition.question)}</strong>
                <span className="muted">
                  {visibleText(view.content.meta.title)}
                  {deadline && <> · {t('written.deadline', { when: formatDateTime(deadline, currentLanguage()) })}</>}
                </span>
                {urgency !== 'none' && <span className={styles.vtWrittenReminder} role="status">{t(`written.reminder.${urgency}`)}</span>}
              </div>
              <button type="button" className="btn btn-accent" data-testid="written-poll-vote" onClick={() => request({ meetingId: view.id, pollId: poll.id })}>
                {t('written.vote')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
