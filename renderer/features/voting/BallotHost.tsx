import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { PollView } from '../../../shared/ydoc/live';
import { BallotDialog } from './BallotDialog';
import { mayVote } from './pollRules';
import { useMeetingView, useVoting } from './VotingProvider';
import styles from './voting.module.css';
import { visibleText } from '../../app/visible-text';

interface Target {
  meetingId: string;
  pollId: string;
}
const keyOf = (t: Target) => `${t.meetingId}/${t.pollId}`;

/** An open poll this person may vote in and has not voted in yet from this device. */
function awaiting(view: MeetingView): PollView[] {
  return view.polls.filter((p) => p.status === 'open' && p.definition.mode === 'meeting' && mayVote(view, p) && !view.myBallots[p.id]);
}

/**
 * Mounted in the app shell: when a poll opens in the meeting on screen, the ballot comes up
 * over whatever the person is doing (agenda, reader, participants). "Later" folds it into a
 * bar at the bottom; it never disappears while the poll is open and unanswered.
 */
export function BallotHost() {
  const { t } = useTranslation('voting');
  const { openMeetingId, requested, request } = useVoting();
  const openView = useMeetingView(openMeetingId);
  const requestedView = useMeetingView(requested?.meetingId ?? null);
  // The ballot on screen stays there after casting, to show its receipt, until closed.
  const [pinned, setPinned] = useState<Target | null>(null);
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());

  const pending = openView ? awaiting(openView) : [];
  const next = pending.find((p) => !folded.has(keyOf({ meetingId: openView!.id, pollId: p.id })));

  useEffect(() => {
    if (!pinned && !requested && next && openView) setPinned({ meetingId: openView.id, pollId: next.id });
  }, [pinned, requested, next, openView]);

  // Leaving a meeting takes its in-meeting ballot away with it; the bar of the next meeting shows instead.
  useEffect(() => {
    if (pinned && pinned.meetingId !== openMeetingId) setPinned(null);
  }, [pinned, openMeetingId]);

  const target = requested ?? pinned;
  const view = requested ? requestedView : openView;
  const poll = target && view ? view.polls.find((p) => p.id === target.pollId) : undefined;

  function fold() {
    if (target) setFolded((f) => new Set(f).add(keyOf(target)));
    setPinned(null);
    request(null);
  }

  const foldedHere = openView ? pending.filter((p) => folded.has(keyOf({ meetingId: openView.id, pollId: p.id }))) : [];
  return (
    <>
      {target && view && poll && <BallotDialog key={keyOf(target)} view={view} poll={poll} onLater={fold} onClose={fold} />}
      {/* Kept under the modal ballot too, so "Later" (Escape) returns focus to its button. */}
      {foldedHere.length > 0 && openView && (
        <div className={styles.vtBallotBar} role="region" aria-label={t('bar.label')} data-testid="ballot-bar">
          <span className={styles.vtBarPulse} aria-hidden="true" />
          <span className={styles.vtBarText}>
            <strong>{t('bar.title')}</strong> {visibleText(foldedHere[0]!.definition.question)}
          </span>
          <button type="button" className="btn btn-accent" data-testid="ballot-bar-open" onClick={() => request({ meetingId: openView.id, pollId: foldedHere[0]!.id })}>
            {t('bar.vote')}
          </button>
        </div>
      )}
    </>
  );
}
