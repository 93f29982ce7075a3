import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { RequestKind } from '../../../shared/domain/speaking';
import { memberRights } from '../../../shared/domain/site-rights';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import styles from './speakers.module.css';

/**
 * A participant's side: ask to speak, reply to whoever has the floor, or raise a point of
 * order (it goes to the top); then their place in the list, and withdraw while waiting.
 */
export function AskToSpeak({ view }: { view: MeetingView }) {
  const { t } = useTranslation('room');
  const client = useClient();
  const { run, busy, error, clearError } = useAction();
  const meetingId = view.id;
  const waiting = view.speakers.filter((r) => r.status === 'waiting');
  const mine = view.speakers.find((r) => r.userId === view.me);
  const someoneElse = view.speakers.some((r) => r.status === 'speaking' && r.userId !== view.me);
  const ask = (kind: RequestKind) => void run(() => client.speakers.request({ meetingId, kind }));
  // A site the secretariat set to follow without speaking (issue 17).
  if (!memberRights(view.content, view.me).speak) {
    return (
      <span className={styles.speakersMine} data-testid="speak-not-at-site">
        {t('ask.siteObserves')}
      </span>
    );
  }

  return (
    <span className={styles.speakersMine}>
      {!mine ? (
        <>
          <button type="button" className="btn btn-small btn-primary" data-testid="speak-request" disabled={busy} onClick={() => ask('speak')}>
            {t('ask.speak')}
          </button>
          {someoneElse && (
            <button type="button" className="btn btn-small" data-testid="speak-reply" disabled={busy} onClick={() => ask('reply')}>
              {t('ask.reply')}
            </button>
          )}
          <button type="button" className="btn btn-small" data-testid="speak-point-of-order" disabled={busy} onClick={() => ask('point_of_order')}>
            {t('ask.pointOfOrder')}
          </button>
        </>
      ) : mine.status === 'speaking' ? (
        <strong data-testid="speak-mine" data-status="speaking">
          {t('ask.youSpeak')}
        </strong>
      ) : (
        <>
          <span data-testid="speak-mine" data-status="waiting" data-kind={mine.kind}>
            {t('ask.youWait', { place: waiting.findIndex((r) => r.id === mine.id) + 1 })}
          </span>
          <button type="button" className="btn btn-small" data-testid="speak-withdraw" disabled={busy} onClick={() => void run(() => client.speakers.withdraw({ meetingId, requestId: mine.id }))}>
            {t('ask.withdraw')}
          </button>
        </>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
    </span>
  );
}
