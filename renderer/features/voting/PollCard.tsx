import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { PollView } from '../../../shared/ydoc/live';
import { PollControls } from './PollControls';
import { PollProgress } from './PollProgress';
import { canManagePolls, mayVote } from './pollRules';
import { ResultPanel } from './ResultPanel';
import { SecretTallyPanel } from './SecretTallyPanel';
import { RuleSummary } from './RuleSummary';
import { useVoting } from './VotingProvider';
import { visibleText } from '../../app/visible-text';
import styles from './voting.module.css';

/** One poll in the list: what it asks, its rules, where it stands, and what one can do now. */
export function PollCard({ view, poll }: { view: MeetingView; poll: PollView }) {
  const { t } = useTranslation('voting');
  const { request } = useVoting();
  const manager = canManagePolls(view.role);
  const [expanded, setExpanded] = useState(poll.status !== 'draft' || manager);
  const item = poll.agendaItemId ? view.content.agenda.find((a) => a.id === poll.agendaItemId) : null;
  const ballot = view.myBallots[poll.id];
  const d = poll.definition;
  // Delegates see the result once the chair publishes it; those running the poll see it on close.
  const showResult = poll.result && (manager || poll.status === 'published');

  return (
    <li className={`${styles.vtCard} ${styles[`vt-status-${poll.status}`] ?? ''}`} data-testid="poll-row" data-poll-id={poll.id} data-status={poll.status}>
      <div className={styles.vtCardHead}>
        <div className={styles.vtCardTags}>
          <span className={`${styles.vtStatus} ${styles[`vt-status-badge-${poll.status}`] ?? ''}`}>{t(`status.${poll.status}`)}</span>
          <span className="tag tag-readonly">{t(`kind.${d.kind}`)}</span>
          {d.secret ? <span className={`tag ${styles.vtTagSecret}`}>{t('tags.secret')}</span> : <span className="tag tag-readonly">{t('tags.named')}</span>}
          {d.mode === 'written' && <span className={`tag ${styles.vtTagWritten}`}>{t('tags.written')}</span>}
          {item && <span className={styles.vtCardItem}>{t('tags.item', { number: item.number, title: visibleText(item.title) })}</span>}
        </div>
        <button type="button" className={styles.vtCardQuestion} aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
          {visibleText(d.question)}
        </button>
        <RuleSummary poll={poll} />
      </div>
      {expanded && (
        <div className={styles.vtCardBody}>
          {poll.status !== 'draft' && !showResult && <PollProgress poll={poll} />}
          {poll.status === 'closed' && !manager && <p className="muted">{t('card.awaitingPublish')}</p>}
          {showResult && poll.result && <ResultPanel poll={poll} result={poll.result} />}
          {d.secret && poll.tally && <SecretTallyPanel view={view} poll={poll} />}
          {manager && <PollControls view={view} poll={poll} />}
          {poll.status === 'open' && mayVote(view, poll) && (
            <div className={styles.vtCardVote}>
              <button type="button" className="btn btn-accent" data-testid="poll-vote" onClick={() => request({ meetingId: view.id, pollId: poll.id })}>
                {ballot && ballot.state !== 'refused' ? t('card.seeBallot') : t('card.vote')}
              </button>
            </div>
          )}
        </div>
      )}
    </li>
  );
}
