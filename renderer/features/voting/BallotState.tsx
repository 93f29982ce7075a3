import { useTranslation } from 'react-i18next';
import type { LocalBallot } from '../../../shared/contract';
import { formatClock } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { useSyncStatus } from '../sync';
import { useRefusalText } from '../../app/errors';
import styles from './voting.module.css';

/** "09:41:07", in the meeting's time like every time in the app. */
const clockTime = (iso: string | null): string => formatClock(iso, currentLanguage(), { seconds: true });

/**
 * Where the person's ballot is: saved here and on its way, received (with the receipt), or
 * refused with the server's reason. Announced politely so a screen reader hears the receipt.
 */
export function BallotState({ ballot }: { ballot: LocalBallot }) {
  const { t } = useTranslation('voting');
  const refused = useRefusalText();
  const sync = useSyncStatus();
  const offline = sync !== null && sync.state !== 'online';
  return (
    <div className={`${styles.vtBallotState} ${styles[`is-${ballot.state}`] ?? ''}`} data-testid="ballot-state" data-state={ballot.state} role="status" aria-live="polite">
      <span className={styles.vtStateIcon} aria-hidden="true">
        {ballot.state === 'sent' ? '✓' : ballot.state === 'refused' ? '!' : ''}
      </span>
      <div>
        {ballot.state === 'pending' && (
          <>
            <strong>{t('ballot.pending')}</strong>
            <span>{offline ? t('ballot.pendingOffline') : t('ballot.pendingSaved')}</span>
            {ballot.tracker && <span>{t('ballot.encrypted')}</span>}
          </>
        )}
        {ballot.state === 'sent' && (
          <>
            <strong>{t('ballot.sent', { time: clockTime(ballot.receivedAt) })}</strong>
            {ballot.receipt && (
              <span>
                {t('ballot.receipt')} <code className={styles.vtReceipt}>{ballot.receipt}</code>
              </span>
            )}
            {ballot.tracker && (
              <span data-testid="ballot-tracker">
                {t('ballot.tracker')} <code className={styles.vtReceipt}>{ballot.tracker}</code>
              </span>
            )}
          </>
        )}
        {ballot.state === 'refused' && (
          <>
            <strong>{t('ballot.refused', { reason: ballot.refusal ? refused(ballot) : t('ballot.noReason') })}</strong>
          </>
        )}
      </div>
    </div>
  );
}
