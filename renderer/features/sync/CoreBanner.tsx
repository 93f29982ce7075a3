import { useTranslation } from 'react-i18next';
import { useCore } from '../../app/connection';

/** Browser mode only: the page is up but the desktop core behind the loopback socket is not. */
export function CoreBanner() {
  const { t } = useTranslation();
  const { health } = useCore();
  if (health !== 'down') return null;
  return (
    <div className="banner banner-core-down" data-testid="core-status" data-state="down" role="alert">
      <span className="round-mark banner-icon" aria-hidden="true">!</span>
      <span>{t('sync.coreDown')}</span>
    </div>
  );
}
