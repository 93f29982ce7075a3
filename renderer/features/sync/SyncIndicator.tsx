import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/contract';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../app/format';
import styles from './sync.module.css';

/** Compact light + label for the header; the details are in its tooltip. */
export function SyncIndicator({ status }: { status: SyncStatus | null }) {
  const { t } = useTranslation();
  const state = status?.state ?? 'connecting';
  const last = formatDateTime(status?.lastOnlineAt ?? null, currentLanguage());
  const details = [
    status?.serverUrl ? t('sync.server', { url: status.serverUrl }) : null,
    state !== 'online' && last ? t('sync.lastOnline', { time: last }) : null,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div className={`${styles.syncIndicator} ${styles[`sync-${state}`] ?? ''}`} data-testid="sync-status" data-state={state} role="status" aria-live="polite" title={details || undefined}>
      <span className={styles.syncDot} aria-hidden="true" />
      <span className="sync-label">
        <span className="visually-hidden">{t('sync.label')}: </span>
        {t(`sync.${state}`)}
      </span>
    </div>
  );
}
