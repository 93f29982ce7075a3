import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/contract';
import type { DeviceView } from '../../../shared/api/devices';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { ConfirmLost, DeviceConfirm } from './ConfirmLost';
import { DeviceTable } from './DeviceTable';
import { UserDevicesPanel } from './UserDevicesPanel';
import { useDeviceActions } from './useDeviceActions';
import styles from './devices.module.css';
import { PageHead } from '../../app/PageHead';

/**
 * "Thiết bị": where the person is signed in, and the ways out — this device, another one,
 * a lost one (it wipes itself), or all of them. Administrators also look up someone else.
 */
export function DevicesScreen({ session, onSignOutThis }: { session: SessionInfo; onSignOutThis(): void }) {
  const { t } = useTranslation('devices');
  const client = useClient();
  const [devices, setDevices] = useState<DeviceView[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [confirmAll, setConfirmAll] = useState(false);

  const load = useCallback(async () => {
    try {
      setDevices(await client.devices.list());
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  const actions = useDeviceActions(load);

  return (
    <div className={`page ${styles.dvPage}`} data-testid="devices-screen">
      <PageHead title={t('title')} subtitle={t('lead')}>
        <div className="page-head-tools">
          <button type="button" className="btn btn-danger" disabled={actions.busy} data-testid="sign-out-everywhere" onClick={() => setConfirmAll(true)}>
            {t('signOutEverywhere')}
          </button>
        </div>
      </PageHead>
      <ErrorNotice error={loadError ?? actions.error} onDismiss={actions.error ? actions.clearError : undefined} testId="devices-error" />
      {actions.notice && (
        <div className="notice notice-info" role="status" data-testid="devices-notice">
          {t(actions.notice)}
        </div>
      )}
      <section className="panel">
        {devices === null ? (
          <p className="loading">{t('loading')}</p>
        ) : (
          <DeviceTable devices={devices} busy={actions.busy} onSignOutThis={onSignOutThis} onSignOut={actions.signOut} onMarkLost={actions.askLost} testId="my-devices" />
        )}
      </section>
      {session.user.globalRole === 'admin' && <UserDevicesPanel />}

      <ConfirmLost actions={actions} testId="confirm-lost" />
      {confirmAll && (
        <DeviceConfirm
          step="confirmEverywhere"
          body={t('confirmEverywhere.body')}
          actions={actions}
          // The core signs this device out too; the app goes to the sign-in screen.
          onConfirm={() => actions.run(() => client.devices.signOutEverywhere(), null).then(() => setConfirmAll(false))}
          onClose={() => setConfirmAll(false)}
          testId="confirm-everywhere"
        />
      )}
    </div>
  );
}
