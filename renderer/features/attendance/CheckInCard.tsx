import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView, OutboxState } from '../../../shared/contract';
import { useClient } from '../../app/connection';
import { useAction } from '../../app/useAction';
import { errorText, useRefusalText } from '../../app/errors';
import { formatTime } from './format';
import { toneClass, type Tone } from '../../app/tone';
import styles from './attendance.module.css';
import { Panel } from '../../app/Panel';

type CheckInState = 'none' | 'pending' | 'sent' | 'refused';

/** The check-in line: on its way blue, received green, refused red; nothing to say yet, no colour. */
const STATE_TONE: Record<CheckInState, Tone | undefined> = { none: undefined, pending: 'blue', sent: 'green', refused: 'red' };

/**
 * A delegate checks in. The record is written on this device first and sent by the
 * outbox, so the state shown is honest: "đang gửi…" until the server's mark arrives.
 */
export function CheckInCard({ view }: { view: MeetingView }) {
  const { t } = useTranslation('seating');
  const { t: tc } = useTranslation();
  const refused = useRefusalText();
  const client = useClient();
  const [local, setLocal] = useState<OutboxState | null>(null);
  const { run, busy, error } = useAction();
  const refusal = error !== null ? errorText(tc, error) : null;
  const open = view.live.checkInOpen;
  const pending = view.attendance.pending[view.me];
  const mark = view.attendance.marks[view.me];

  // The published mark is the truth; a pending record means it is still on its way.
  let state: CheckInState = 'none';
  if (pending) state = 'pending';
  else if (local?.state === 'refused' || refusal) state = 'refused';
  else if (mark?.status === 'present') state = 'sent';
  else if (local) state = 'pending';

  function checkIn() {
    return run(async () => setLocal(await client.attendance.checkIn({ meetingId: view.id })));
  }

  const present = mark?.status === 'present' && !pending;
  return (
    <Panel title={t('checkin.title')} small className={styles.checkinCard}>
      <button
        type="button"
        className={`btn btn-primary ${styles.checkinButton}`}
        data-testid="checkin-button"
        disabled={!open || busy || state === 'pending' || present}
        aria-describedby="checkin-why"
        onClick={() => void checkIn()}
      >
        {present ? t('checkin.done') : t('checkin.button')}
      </button>
      {!present && (
        <p id="checkin-why" className="field-hint">
          {open ? t('checkin.openHint') : t('checkin.closed')}
        </p>
      )}
      {state !== 'none' && (
        <p className={`${styles.checkinState} ${toneClass(STATE_TONE[state])}`} data-testid="checkin-state" data-state={state} role="status">
          {state === 'pending' && (
            <>
              <span className="spinner" aria-hidden="true" /> {t('checkin.pending')}
            </>
          )}
          {state === 'sent' && t('checkin.sent', { time: formatTime(local?.receivedAt ?? mark?.at ?? '') })}
          {state === 'refused' && t('checkin.refused', { reason: local?.refusal ? refused(local) : (refusal ?? '') })}
        </p>
      )}
      {mark?.status === 'excused' && <p className="field-hint">{t('checkin.excused')}</p>}
    </Panel>
  );
}
