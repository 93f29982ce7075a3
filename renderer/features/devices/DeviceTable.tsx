import { useTranslation } from 'react-i18next';
import type { DeviceView } from '../../../shared/api/devices';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import styles from './devices.module.css';
import { DataTable } from '../../app/DataTable';

interface Props {
  devices: DeviceView[];
  busy: boolean;
  /** The row of the device in use: signing it out is signing out here. */
  onSignOutThis?(): void;
  onSignOut(device: DeviceView): void;
  onMarkLost(device: DeviceView): void;
  testId?: string;
}

/**
 * Signed-in devices, most recently seen first. Times are Vietnam time whatever the
 * machine's own zone, like every time in the app (app/format.ts).
 */
export function DeviceTable({ devices, busy, onSignOutThis, onSignOut, onMarkLost, testId }: Props) {
  const { t } = useTranslation('devices');
  const lang = currentLanguage();
  if (devices.length === 0) return <p className="muted">{t('empty')}</p>;
  return (
    <DataTable columns={[t('columns.device'), t('columns.lastSeen'), t('columns.address'), t('columns.since'), t('columns.expires'), t('columns.actions')]} className={styles.dvTable} testId={testId}>
      {devices.map((d) => (
        <tr key={d.id} className={d.lostAt ? styles.isLost : d.current ? 'is-current' : undefined} data-testid="device-row" data-device-id={d.id}>
          <th scope="row">
            <span className={styles.dvName}>{d.name || t('unnamed')}</span>
            {d.current && <span className={`badge ${styles.dvBadgeCurrent}`}>{t('thisDevice')}</span>}
            {d.lostAt && (
              <span className={`badge ${styles.dvBadgeLost}`} title={t('lostHint')}>
                {t('lost')}
              </span>
            )}
          </th>
          <td>{formatDateTime(d.lastSeenAt, lang)}</td>
          <td className={styles.dvAddress}>{d.lastSeenIp ?? t('unknownAddress')}</td>
          <td>{formatDateTime(d.createdAt, lang)}</td>
          <td>{d.lostAt ? '—' : formatDateTime(d.expiresAt, lang)}</td>
          <td className={styles.dvActions}>
            {d.lostAt ? null : d.current ? (
              onSignOutThis && (
                <button type="button" className="btn btn-light btn-small" disabled={busy} data-testid="device-sign-out-this" onClick={onSignOutThis}>
                  {t('signOutThis')}
                </button>
              )
            ) : (
              <>
                <button type="button" className="btn btn-light btn-small" disabled={busy} data-testid="device-sign-out" onClick={() => onSignOut(d)}>
                  {t('signOut')}
                </button>
                <button type="button" className="btn btn-quiet-danger btn-small" disabled={busy} data-testid="device-mark-lost" onClick={() => onMarkLost(d)}>
                  {t('markLost')}
                </button>
              </>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
