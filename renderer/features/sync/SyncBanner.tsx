import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/contract';

/**
 * The long explanation for the two states where a person must know what is going on:
 * working from the local copy, or needing to sign in again.
 */
export function SyncBanner({ status, onSignInAgain }: { status: SyncStatus | null; onSignInAgain?: () => void }) {
  const { t } = useTranslation();
  if (status?.state === 'offline') {
    return (
      <div className="banner banner-offline" data-testid="sync-banner" data-state="offline" role="status">
        <span className="round-mark banner-icon" aria-hidden="true">!</span>
        <span>{t('sync.offlineBanner')}</span>
      </div>
    );
  }
  if (status?.state === 'signed_out' && onSignInAgain) {
    return (
      <div className="banner banner-signed-out" data-testid="sync-banner" data-state="signed_out" role="status">
        <span className="round-mark banner-icon" aria-hidden="true">i</span>
        <span>{t('sync.signedOutBanner')}</span>
        <button type="button" className="btn btn-small btn-light" data-testid="sync-signin" onClick={onSignInAgain}>
          {t('sync.signInAgain')}
        </button>
      </div>
    );
  }
  return null;
}
