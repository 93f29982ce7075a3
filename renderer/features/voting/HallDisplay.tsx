import { useTranslation } from 'react-i18next';
import type { PollView } from '../../../shared/ydoc/live';
import { formatPct, resultRows } from './resultModel';
import { Countdown } from './PollProgress';
import { visibleText } from '../../app/visible-text';
import styles from './voting.module.css';
import { useModal } from '../../app/useModal';

interface Props {
  poll: PollView;
  meetingTitle: string;
  itemLabel: string | null;
  onClose(): void;
}

/**
 * What the chair puts on the hall's projector: large type, high contrast, nothing to
 * click. While the poll is open it shows the count; once closed, the result.
 */
export function HallDisplay({ poll, meetingTitle, itemLabel, onClose }: Props) {
  const { t, i18n } = useTranslation('voting');
  const { ref, close } = useModal(onClose, { fullscreen: true });

  const result = poll.result;
  const rows = result ? resultRows(poll, result, t) : [];
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <dialog
      ref={ref}
      className={styles.vtHall}
      data-testid="hall-display"
      data-poll-id={poll.id}
      aria-label={t('hall.title')}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
    >
      <header className={styles.vtHallHead}>
        <span className={styles.vtHallEmblem} aria-hidden="true" />
        <div>
          <p className={styles.vtHallMeeting}>{visibleText(meetingTitle)}</p>
          <p className={styles.vtHallKicker}>{result ? t('hall.result') : t('hall.voting')}</p>
        </div>
        <button type="button" className={styles.vtHallClose} aria-label={t('hall.close')} onClick={() => close()}>
          ×
        </button>
      </header>
      <main className={styles.vtHallMain}>
        {itemLabel && <p className={styles.vtHallItem}>{itemLabel}</p>}
        <h1 className={styles.vtHallQuestion}>{visibleText(poll.definition.question)}</h1>
        {!result ? (
          <div className={styles.vtHallLive}>
            <p className={styles.vtHallBig}>
              {poll.votedCount}
              <span>/{poll.eligibleCount}</span>
            </p>
            <p className={styles.vtHallSub}>{t('progress.voted')}</p>
            {poll.closesAt && poll.status === 'open' && (
              <p className={styles.vtHallTimer}>
                <Countdown closesAt={poll.closesAt} />
              </p>
            )}
          </div>
        ) : (
          <>
            <ul className={`${styles.vtHallRows}${poll.definition.kind === 'approve' ? '' : ` ${styles.isOptions}`}`}>
              {rows.map((r) => (
                <li key={r.id} className={`${styles.vtHallRow} ${styles[`vt-tone-${r.tone}`] ?? ''}${r.elected && poll.definition.kind !== 'approve' ? ` ${styles.isElected}` : ''}`}>
                  <span className={styles.vtHallLabel}>{visibleText(r.label)}</span>
                  <span className={styles.vtHallBar} aria-hidden="true">
                    <span style={{ width: `${(r.count / max) * 100}%` }} />
                  </span>
                  <span className={styles.vtHallCount}>{r.count}</span>
                  <span className={styles.vtHallPct}>{r.pct === null ? '' : formatPct(r.pct, i18n.language)}</span>
                </li>
              ))}
            </ul>
            <p className={`${styles.vtHallVerdict} ${result.passed ? styles.isPassed : styles.isFailed}`} data-passed={String(result.passed)}>
              {/* "THÔNG QUA" is the word for a motion; a choice or an election says what it decided. */}
              {poll.definition.kind === 'approve' ? (result.passed ? t('hall.passed') : t('hall.failed')) : t(`verdict.${result.passed ? 'passed' : 'failed'}.${poll.definition.kind}`)}
            </p>
            {!result.quorumMet && <p className={styles.vtHallNote}>{t('hall.noQuorum')}</p>}
            {result.tie && <p className={styles.vtHallNote}>{t('result.tie')}</p>}
          </>
        )}
      </main>
      {result && (
        <footer className={styles.vtHallFoot}>
          <span>
            {t('result.members')}: <strong>{result.members}</strong>
          </span>
          <span>
            {t('result.present')}: <strong>{result.present}</strong>
          </span>
          <span>
            {t('result.cast')}: <strong>{result.cast}</strong>
          </span>
          <span>
            {t('result.required')}: <strong>{result.required}</strong> ({t(`base.${result.base.kind}`)})
          </span>
          {poll.handCount > 0 && (
            <span>
              {t('result.hands')}: <strong>{poll.handCount}</strong>
            </span>
          )}
        </footer>
      )}
    </dialog>
  );
}
