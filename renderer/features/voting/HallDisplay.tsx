import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PollView } from '../../../shared/ydoc/live';
import { formatPct, resultRows } from './resultModel';
import { Countdown } from './PollProgress';
import { visibleText } from '../../app/visible-text';

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
  const ref = useRef<HTMLDialogElement>(null);
  const latestClose = useRef(onClose);
  latestClose.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // Full screen where the shell allows it; the dialog already covers the window otherwise.
    dialog.requestFullscreen?.().catch(() => undefined);
    return () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  const result = poll.result;
  const rows = result ? resultRows(poll, result, t) : [];
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <dialog
      ref={ref}
      className="vt-hall"
      data-testid="hall-display"
      data-poll-id={poll.id}
      aria-label={t('hall.title')}
      onCancel={(e) => {
        e.preventDefault();
        latestClose.current();
      }}
    >
      <header className="vt-hall-head">
        <span className="vt-hall-emblem" aria-hidden="true" />
        <div>
          <p className="vt-hall-meeting">{visibleText(meetingTitle)}</p>
          <p className="vt-hall-kicker">{result ? t('hall.result') : t('hall.voting')}</p>
        </div>
        <button type="button" className="vt-hall-close" aria-label={t('hall.close')} onClick={() => latestClose.current()}>
          ×
        </button>
      </header>
      <main className="vt-hall-main">
        {itemLabel && <p className="vt-hall-item">{itemLabel}</p>}
        <h1 className="vt-hall-question">{visibleText(poll.definition.question)}</h1>
        {!result ? (
          <div className="vt-hall-live">
            <p className="vt-hall-big">
              {poll.votedCount}
              <span>/{poll.eligibleCount}</span>
            </p>
            <p className="vt-hall-sub">{t('progress.voted')}</p>
            {poll.closesAt && poll.status === 'open' && (
              <p className="vt-hall-timer">
                <Countdown closesAt={poll.closesAt} />
              </p>
            )}
          </div>
        ) : (
          <>
            <ul className={`vt-hall-rows${poll.definition.kind === 'approve' ? '' : ' is-options'}`}>
              {rows.map((r) => (
                <li key={r.id} className={`vt-hall-row vt-tone-${r.tone}${r.elected && poll.definition.kind !== 'approve' ? ' is-elected' : ''}`}>
                  <span className="vt-hall-label">{visibleText(r.label)}</span>
                  <span className="vt-hall-bar" aria-hidden="true">
                    <span style={{ width: `${(r.count / max) * 100}%` }} />
                  </span>
                  <span className="vt-hall-count">{r.count}</span>
                  <span className="vt-hall-pct">{r.pct === null ? '' : formatPct(r.pct, i18n.language)}</span>
                </li>
              ))}
            </ul>
            <p className={`vt-hall-verdict ${result.passed ? 'is-passed' : 'is-failed'}`} data-passed={String(result.passed)}>
              {/* "THÔNG QUA" is the word for a motion; a choice or an election says what it decided. */}
              {poll.definition.kind === 'approve' ? (result.passed ? t('hall.passed') : t('hall.failed')) : t(`verdict.${result.passed ? 'passed' : 'failed'}.${poll.definition.kind}`)}
            </p>
            {!result.quorumMet && <p className="vt-hall-note">{t('hall.noQuorum')}</p>}
            {result.tie && <p className="vt-hall-note">{t('result.tie')}</p>}
          </>
        )}
      </main>
      {result && (
        <footer className="vt-hall-foot">
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
