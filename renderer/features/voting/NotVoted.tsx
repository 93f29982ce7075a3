import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { VotersResponse } from '../../../shared/api/voting';
import type { PollView } from '../../../shared/ydoc/live';
import { useClient } from '../../app/connection';
import { participantName } from './pollRules';
import styles from './voting.module.css';

const refreshMs = 4000;

/**
 * Who has not voted yet, for the chair and secretariat. Asked every few seconds while the
 * poll is open rather than pushed: a per-person list must never be fanned out to a room.
 */
export function useVoters(view: MeetingView, poll: PollView, active: boolean): VotersResponse | null {
  const client = useClient();
  const [voters, setVoters] = useState<VotersResponse | null>(null);
  useEffect(() => {
    if (!active) return;
    let current = true;
    const load = () =>
      client.polls.voters({ meetingId: view.id, pollId: poll.id }).then(
        (v) => current && setVoters(v),
        // Offline or refused: keep the last list; the next tick tries again.
        () => undefined,
      );
    void load();
    const timer = window.setInterval(() => void load(), refreshMs);
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [client, view.id, poll.id, active]);
  return voters;
}

export function NotVoted({ view, voters }: { view: MeetingView; voters: VotersResponse | null }) {
  const { t } = useTranslation('voting');
  if (!voters) return <p className="muted">{t('notVoted.loading')}</p>;
  return (
    <details className={styles.vtNotVoted} data-testid="poll-not-voted" data-count={voters.notVoted.length}>
      <summary>{t('notVoted.title', { count: voters.notVoted.length })}</summary>
      {voters.notVoted.length === 0 ? (
        <p className="muted">{t('notVoted.none')}</p>
      ) : (
        <ul className={styles.vtNameList}>
          {voters.notVoted.map((id) => (
            <li key={id}>{participantName(view, id)}</li>
          ))}
        </ul>
      )}
    </details>
  );
}
