import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserDevices } from '../../../shared/api/devices';
import { ApiError } from '../../../shared/errors';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { ConfirmLost } from './ConfirmLost';
import { DeviceTable } from './DeviceTable';
import { useDeviceActions } from './useDeviceActions';
import styles from './devices.module.css';

/** The administrator's view of one user's devices: look up by user name, sign out, mark lost, disable. */
export function UserDevicesPanel() {
  const { t } = useTranslation('devices');
  const client = useClient();
  const [username, setUsername] = useState('');
  const [shown, setShown] = useState<UserDevices | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [notFound, setNotFound] = useState(false);
  const [count, setCount] = useState<number | null>(null);

  const reload = useCallback(async () => {
    if (!shown) return;
    setShown(await client.devices.ofUser({ user: shown.user.id }));
  }, [client, shown]);
  const actions = useDeviceActions(reload);

  async function lookUp(e: FormEvent) {
    e.preventDefault();
    setLookupError(null);
    setNotFound(false);
    setCount(null);
    try {
      setShown(await client.devices.ofUser({ user: username.trim() }));
    } catch (err) {
      setShown(null);
      if (err instanceof ApiError && err.code === 'not_found') setNotFound(true);
      else setLookupError(err);
    }
  }

  return (
    <section className="panel dv-admin" aria-labelledby="dv-admin-title" data-testid="user-devices">
      <h2 className="panel-title" id="dv-admin-title">
        {t('admin.title')}
      </h2>
      <p className="panel-subtitle">{t('admin.lead')}</p>
      <form className={styles.dvLookup} onSubmit={(e) => void lookUp(e)}>
        <label className="field">
          <span>{t('admin.username')}</span>
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} data-testid="user-devices-username" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={!username.trim()} data-testid="user-devices-show">
          {t('admin.show')}
        </button>
      </form>
      {notFound && <p className="muted" role="status">{t('admin.notFound')}</p>}
      <ErrorNotice error={lookupError ?? actions.error} onDismiss={actions.error ? actions.clearError : undefined} />
      {count !== null && (
        <div className="notice notice-info" role="status">
          {t('admin.signedOutCount', { count })}
        </div>
      )}
      {actions.notice && (
        <div className="notice notice-info" role="status">
          {t(actions.notice)}
        </div>
      )}
      {shown && (
        <div className="dv-user">
          <h3 className={styles.dvUserTitle}>{t('admin.of', { name: shown.user.displayName, username: shown.user.username })}</h3>
          {shown.disabled && <div className="notice notice-warn">{t('admin.disabled')}</div>}
          <DeviceTable devices={shown.devices} busy={actions.busy} onSignOut={actions.signOut} onMarkLost={actions.askLost} testId="user-devices-table" />
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-light"
              disabled={actions.busy}
              onClick={() => void actions.run(async () => setCount((await client.devices.signOutUser({ user: shown.user.id })).signedOut), null)}
            >
              {t('admin.signOutAll')}
            </button>
            <button
              type="button"
              className={shown.disabled ? 'btn btn-light' : 'btn btn-quiet-danger'}
              disabled={actions.busy}
              data-testid="user-devices-disable"
              onClick={() => void actions.run(async () => setShown(await client.devices.setDisabled({ user: shown.user.id, disabled: !shown.disabled })), null)}
            >
              {shown.disabled ? t('admin.enable') : t('admin.disable')}
            </button>
          </div>
        </div>
      )}
      <ConfirmLost actions={actions} />
    </section>
  );
}
