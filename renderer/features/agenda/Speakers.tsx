import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { canSpeak, runsMeeting } from '../../../shared/roles';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../seating/useAction';

/**
 * "Đăng ký phát biểu": a participant asks to speak and sees their place in the list; whoever
 * runs the meeting gives the floor and ends it. Everyone sees who has the floor.
 */
export function Speakers({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const client = useClient();
  const { run: act, busy, error, clearError } = useAction();
  const runs = runsMeeting(view.role);
  const list = view.speakers;
  const speaking = list.find((r) => r.status === 'speaking');
  const waiting = list.filter((r) => r.status === 'waiting');
  const mine = list.find((r) => r.userId === view.me);

  const meetingId = view.id;

  return (
    <div className="speakers" data-testid="speakers">
      <span className="speakers-floor" data-testid="speakers-floor">
        {speaking ? t('speakers.floor', { name: speaking.name }) : t('speakers.nobody')}
        {waiting.length > 0 && <span className="speakers-count"> · {t('speakers.waiting', { count: waiting.length })}</span>}
      </span>
      {canSpeak(view.role) && !runs && (
        <span className="speakers-mine">
          {!mine ? (
            <button type="button" className="btn btn-small btn-primary" data-testid="speak-request" disabled={busy} onClick={() => void act(() => client.speakers.request({ meetingId }))}>
              {t('speakers.request')}
            </button>
          ) : mine.status === 'speaking' ? (
            <strong data-testid="speak-mine" data-status="speaking">
              {t('speakers.youSpeak')}
            </strong>
          ) : (
            <>
              <span data-testid="speak-mine" data-status="waiting">
                {t('speakers.youWait', { place: waiting.findIndex((r) => r.id === mine.id) + 1 })}
              </span>
              <button type="button" className="btn btn-small" data-testid="speak-withdraw" disabled={busy} onClick={() => void act(() => client.speakers.withdraw({ meetingId, requestId: mine.id }))}>
                {t('speakers.withdraw')}
              </button>
            </>
          )}
        </span>
      )}
      {runs && list.length > 0 && (
        <ol className="speakers-list" aria-label={t('speakers.list')}>
          {list.map((r) => (
            <li key={r.id} data-testid="speaker-row" data-status={r.status}>
              <span className={r.status === 'speaking' ? 'speakers-name is-speaking' : 'speakers-name'}>{r.name}</span>
              {r.status === 'speaking' ? (
                <button type="button" className="btn btn-small" data-testid="speaker-finish" disabled={busy} onClick={() => void act(() => client.speakers.finish({ meetingId, requestId: r.id }))}>
                  {t('speakers.finish')}
                </button>
              ) : (
                <button type="button" className="btn btn-small" data-testid="speaker-grant" disabled={busy} onClick={() => void act(() => client.speakers.grant({ meetingId, requestId: r.id }))}>
                  {t('speakers.grant')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
    </div>
  );
}
