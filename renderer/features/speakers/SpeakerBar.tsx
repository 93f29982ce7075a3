import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { formatCountdown, speechClock } from '../../../shared/domain/speaking';
import { runsMeeting } from '../../../shared/roles';
import type { SpeakerRequest } from '../../../shared/ydoc/live';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import { useServerNow } from '../../app/useServerNow';
import { SpeakerHall } from './SpeakerHall';
import styles from './speakers.module.css';
import { visibleText } from '../../app/visible-text';

/**
 * Who has the floor, from which site, and the countdown: every device draws it from the
 * server's instants in `live/<id>` with its own clock corrected to the server's (twice a
 * second, locally; nothing is sent per second). Amber in the last minute, red when over. Whoever runs the meeting
 * pauses, resumes, adds a minute, ends the speech, or puts it on the hall display.
 */
export function SpeakerBar({ view }: { view: MeetingView }) {
  const { t } = useTranslation('room');
  const client = useClient();
  const { run, busy, error, clearError } = useAction();
  const [hall, setHall] = useState(false);
  const speaking = view.speakers.find((r) => r.status === 'speaking');
  const now = useServerNow(500, !!speaking && !speaking.pausedAt);
  const runs = runsMeeting(view.role);
  const item = view.content.agenda.find((i) => i.id === view.live.currentItemId);
  const clock = speaking ? speechClock(speaking, now) : null;
  const meetingId = view.id;

  // The item's budget: ended speeches (published) plus the one under way on this item.
  const used = item ? (view.itemSpeaking[item.id] ?? 0) + (speaking && clock && speaking.agendaItemId === item.id ? clock.spokenMs : 0) : 0;
  const budget = item?.speakingBudgetMin ?? null;

  return (
    <div className={styles.spBar} data-testid="speaker-bar">
      {speaking && clock ? (
        <>
          <span className={styles.spNow} data-testid="speakers-floor">
            <span className={styles.spNowLabel}>{t('floor.label')}</span>
            <strong className="sp-now-name">{visibleText(speaking.name)}</strong>
            <KindBadge r={speaking} />
            {speaking.siteName && (
              <span className={speaking.remote ? `${styles.spSite} ${styles.isRemote}` : styles.spSite} data-testid="speaker-site">
                {t('floor.from', { site: speaking.siteName })}
              </span>
            )}
          </span>
          <span
            className={styles.spClock}
            data-testid="speaker-clock"
            data-tone={clock.tone}
            data-paused={clock.paused ? 'true' : 'false'}
            role="timer"
            aria-label={clock.remainingMs === null ? t('clock.elapsedLabel') : t('clock.remainingLabel')}
          >
            {clock.remainingMs === null ? formatCountdown(clock.spokenMs) : formatCountdown(clock.remainingMs)}
            {clock.paused && <span className={styles.spPaused}> · {t('clock.paused')}</span>}
            {clock.tone === 'red' && <span className={styles.spOver}> · {t('clock.over')}</span>}
          </span>
          {runs && (
            <span className={styles.spActions}>
              {clock.paused ? (
                <button type="button" className="btn btn-small" data-testid="speaker-resume" disabled={busy} onClick={() => void run(() => client.speakers.time({ meetingId, requestId: speaking.id, action: { kind: 'resume' } }))}>
                  {t('clock.resume')}
                </button>
              ) : (
                <button type="button" className="btn btn-small" data-testid="speaker-pause" disabled={busy} onClick={() => void run(() => client.speakers.time({ meetingId, requestId: speaking.id, action: { kind: 'pause' } }))}>
                  {t('clock.pause')}
                </button>
              )}
              <button type="button" className="btn btn-small" data-testid="speaker-add-minute" disabled={busy} onClick={() => void run(() => client.speakers.time({ meetingId, requestId: speaking.id, action: { kind: 'add', seconds: 60 } }))}>
                {t('clock.addMinute')}
              </button>
              <button type="button" className="btn btn-small" data-testid="speaker-finish" disabled={busy} onClick={() => void run(() => client.speakers.finish({ meetingId, requestId: speaking.id }))}>
                {t('clock.end')}
              </button>
              <button type="button" className="btn btn-small" data-testid="speaker-hall" onClick={() => setHall(true)}>
                {t('hall.show')}
              </button>
            </span>
          )}
        </>
      ) : (
        <span className={styles.spNow} data-testid="speakers-floor">
          {t('floor.nobody')}
        </span>
      )}
      {view.speakers.some((r) => r.status === 'waiting') && (
        <span className={styles.speakersCount} data-testid="speakers-waiting">
          {t('floor.waiting', { count: view.speakers.filter((r) => r.status === 'waiting').length })}
        </span>
      )}
      {budget !== null && (
        <span className={used > budget * 60_000 ? `${styles.spBudget} is-over` : styles.spBudget} data-testid="speaking-budget">
          {t('budget.used', { used: Math.floor(used / 60_000), budget })}
        </span>
      )}
      {hall && speaking && <SpeakerHall speaker={speaking} meetingTitle={view.content.meta.title} itemLabel={item ? `${item.number}. ${visibleText(item.title)}` : null} onClose={() => setHall(false)} />}
      <ErrorNotice error={error} onDismiss={clearError} />
    </div>
  );
}

/** "Tranh luận" / "Kiến nghị về thủ tục": how a request is marked wherever it is shown. */
export function KindBadge({ r }: { r: SpeakerRequest }) {
  const { t } = useTranslation('room');
  if (r.kind === 'speak') return null;
  return (
    <span className={`${styles.spKind} ${styles[`sp-kind-${r.kind}`] ?? ''}`} data-testid="speaker-kind" data-kind={r.kind}>
      {t(`kind.${r.kind}`)}
    </span>
  );
}
