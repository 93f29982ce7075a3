import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalBallot, MeetingView } from '../../../shared/contract';
import type { PollView } from '../../../shared/ydoc/live';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { BallotState } from './BallotState';
import { Countdown } from './PollProgress';
import { ballotOptions, optionLabel } from './pollRules';
import { visibleText } from '../../app/visible-text';
import { useAction } from '../../app/useAction';
import styles from './voting.module.css';
import { useModal } from '../../app/useModal';

interface Props {
  view: MeetingView;
  poll: PollView;
  /** "Later": the ballot folds into a bar at the bottom of the screen. */
  onLater(): void;
  onClose(): void;
}

/**
 * The delegate's ballot. One tap chooses, one more confirms; then it shows where the ballot
 * is (sending, received with its receipt, refused with the reason). A modal `<dialog>` sits
 * in the top layer, above the reader or any other screen.
 */
export function BallotDialog({ view, poll, onLater, onClose }: Props) {
  const { t } = useTranslation('voting');
  const client = useClient();
  const { ref } = useModal(onClose);
  const titleId = useId();
  const [cast, setCast] = useState<LocalBallot | null>(null);
  const stored = view.myBallots[poll.id] ?? null;
  // The view is the truth once it has the ballot; the call's answer bridges the moment before.
  const ballot = stored && (!cast || stored.castAt >= cast.castAt) ? stored : cast;
  const [changing, setChanging] = useState(false);
  const [selection, setSelection] = useState<string[]>([]);
  const { run, error, busy, clearError } = useAction();
  const d = poll.definition;
  const options = ballotOptions(poll, t);
  const multi = d.kind === 'multiple' || d.kind === 'election';
  const isOpen = poll.status === 'open';
  const choosing = isOpen && (!ballot || changing);

  function choose(id: string) {
    clearError();
    if (!multi) return setSelection((s) => (s[0] === id ? [] : [id]));
    setSelection((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length >= d.maxChoices ? s : [...s, id]));
  }

  async function confirm() {
    await run(async () => {
      setCast(await client.polls.cast({ meetingId: view.id, pollId: poll.id, choices: selection }));
      setChanging(false);
    });
  }

  const tooFew = multi && selection.length < Math.max(1, d.minChoices);
  const canConfirm = selection.length > 0 && !tooFew && !busy;

  return (
    <dialog
      ref={ref}
      className={`dialog ${styles.vtBallot}`}
      aria-labelledby={titleId}
      data-testid="ballot-dialog"
      data-poll-id={poll.id}
      onCancel={(e) => {
        // Escape folds the ballot away; it never throws a choice away.
        e.preventDefault();
        onLater();
      }}
    >
      <div className={styles.vtBallotHead}>
        <div className={styles.vtBallotKicker}>
          <span>{d.mode === 'written' ? t('ballot.writtenTitle') : t('ballot.title')}</span>
          {poll.closesAt && isOpen && <Countdown closesAt={poll.closesAt} />}
        </div>
        <h2 id={titleId} className={styles.vtBallotQuestion}>
          {visibleText(d.question)}
        </h2>
        <p className={styles.vtBallotMeeting}>
          {visibleText(view.content.meta.title)}
          {d.mode === 'written' && d.deadline && <> · {t('ballot.deadline', { when: formatDateTime(d.deadline, currentLanguage()) })}</>}
        </p>
      </div>

      <div className={styles.vtBallotBody}>
        {d.secret ? (
          <p className={`row ${styles.vtSecretNote}`}>
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2M3.5 7h9v7h-9z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
            </svg>
            {t('ballot.secretNote')}
          </p>
        ) : <p className={`row ${styles.vtNamedNote}`}>{t('ballot.namedNote')}</p>}
        {!isOpen && !ballot && <p className="notice notice-info">{t('ballot.closed')}</p>}

        {choosing ? (
          <>
            <p className={styles.vtBallotInstruction} id={`${titleId}-how`}>
              {multi ? t('ballot.pickMany', { min: Math.max(1, d.minChoices), max: d.maxChoices }) : t('ballot.pickOne')}
            </p>
            <div className={`${styles.vtBallotOptions}${d.kind === 'approve' ? ` ${styles.isApprove}` : ''}`} role="group" aria-describedby={`${titleId}-how`}>
              {options.map((o) => {
                const picked = selection.includes(o.id);
                return (
                  <button
                    key={o.id}
                    type="button"
                    className={`${styles.vtBallotOption} ${styles[`vt-tone-${o.tone}`] ?? ''}${picked ? ` ${styles.isPicked}` : ''}`}
                    data-testid="ballot-option"
                    data-option-id={o.id}
                    aria-pressed={picked}
                    onClick={() => choose(o.id)}
                  >
                    <span className={styles.vtOptionBox} aria-hidden="true">
                      {picked ? '✓' : ''}
                    </span>
                    <span>{visibleText(o.label)}</span>
                  </button>
                );
              })}
            </div>
            {multi && <p className={styles.vtSelectionCount}>{t('ballot.selected', { count: selection.length, max: d.maxChoices })}</p>}
            <ErrorNotice error={error} />
          </>
        ) : (
          ballot && (
            <div className={styles.vtBallotDone}>
              {ballot.tracker ? (
                // A secret ballot was encrypted before it was stored: the device no longer knows the choice.
                <p className={styles.vtMyChoice}>{t('ballot.secretCast')}</p>
              ) : (
                <p className={styles.vtMyChoice}>
                  {t('ballot.yourChoice')}{' '}
                  <strong>{ballot.choices.length ? ballot.choices.map((c) => optionLabel(poll, c, t)).join(', ') : t('ballot.blank')}</strong>
                </p>
              )}
              <BallotState ballot={ballot} />
            </div>
          )
        )}
      </div>

      <div className={styles.vtBallotFoot}>
        {choosing ? (
          <>
            <button type="button" className="btn" onClick={() => (changing ? setChanging(false) : onLater())}>
              {changing ? t('ballot.keep') : t('ballot.later')}
            </button>
            <button type="button" className={`btn btn-primary ${styles.vtConfirm}`} data-testid="ballot-confirm" disabled={!canConfirm} onClick={() => void confirm()}>
              {busy ? t('ballot.sending') : t('ballot.confirm')}
            </button>
          </>
        ) : (
          <>
            {ballot && isOpen && ballot.state === 'refused' && (
              <button type="button" className="btn" data-testid="ballot-retry" onClick={() => setChanging(true)}>
                {t('ballot.retry')}
              </button>
            )}
            {ballot && isOpen && d.allowChange && ballot.state !== 'refused' && (
              <button
                type="button"
                className="btn"
                data-testid="ballot-change"
                onClick={() => {
                  setSelection(ballot.choices);
                  setChanging(true);
                }}
              >
                {t('ballot.change')}
              </button>
            )}
            <button type="button" className="btn btn-primary" data-testid="ballot-close" onClick={onClose}>
              {t('ballot.close')}
            </button>
          </>
        )}
      </div>
    </dialog>
  );
}
