import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo, SyncStatus } from '../../shared/contract';
import { SyncIndicator } from '../features/sync';
import { LanguageSwitch } from './LanguageSwitch';
import styles from './Header.module.css';

interface Props {
  session: SessionInfo | null;
  sync: SyncStatus | null;
  onHome(): void;
  onLogout(): void;
  /** Links to screens outside any meeting (task follow-up), shown when signed in. */
  nav?: ReactNode;
  /** Opens the list of devices signed in to this account (features/devices). */
  onDevices?(): void;
}

export function Header({ session, sync, onHome, onLogout, nav, onDevices }: Props) {
  const { t } = useTranslation();
  const { t: td } = useTranslation('devices');
  return (
    <header className={styles.appHeader}>
      <button type="button" className={styles.brand} onClick={onHome} disabled={!session}>
        <span className={styles.brandMark} aria-hidden="true" />
        <span className={styles.brandText}>
          <span className={styles.brandName}>{t('app.name')}</span>
          <span className={styles.brandTagline}>{t('app.tagline')}</span>
        </span>
      </button>
      {session && nav}
      <div className={styles.headerTools}>
        <SyncIndicator status={sync} />
        <LanguageSwitch />
        {session && (
          <div className={styles.userBox}>
            <span className={styles.userAvatar} aria-hidden="true">
              {initials(session.user.displayName)}
            </span>
            <span className={styles.userName} data-testid="user-name" title={t('header.signedInAs', { name: session.user.displayName })}>
              {session.user.displayName}
            </span>
            {onDevices && (
              <button type="button" className="btn btn-ghost btn-small" data-testid="open-devices" title={td('openTitle')} onClick={onDevices}>
                {td('open')}
              </button>
            )}
            <button type="button" className="btn btn-ghost btn-small" data-testid="logout" onClick={onLogout}>
              {t('header.logout')}
            </button>
          </div>
        )}
      </div>
    </header>
  );
}

/** Vietnamese names put the given name last: "Nguyễn Văn An" → "NA". */
function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0]!.charAt(0);
  const last = parts.length > 1 ? parts[parts.length - 1]!.charAt(0) : '';
  return (first + last).toUpperCase();
}
