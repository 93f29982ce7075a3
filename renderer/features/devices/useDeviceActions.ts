import { useCallback, useState } from 'react';
import type { DeviceView } from '../../../shared/api/devices';
import { useClient } from '../../app/connection';
import { useAction } from '../../app/useAction';

/**
 * The steps on one device, for any list of devices (one's own, or a user's the admin
 * looks at): sign it out, or mark it lost once the person confirmed. `done` reloads the list.
 */
export function useDeviceActions(done: () => Promise<void> | void) {
  const client = useClient();
  const { run: runAction, busy, error, clearError } = useAction();
  const [notice, setNotice] = useState<'signedOut' | 'marked' | null>(null);
  const [confirmLost, setConfirmLost] = useState<DeviceView | null>(null);

  const run = useCallback(
    (action: () => Promise<unknown>, after: 'signedOut' | 'marked' | null): Promise<boolean> => {
      setNotice(null);
      return runAction(async () => {
        await action();
        setNotice(after);
        await done();
      });
    },
    [done, runAction],
  );

  return {
    busy,
    error,
    notice,
    clearError,
    run,
    signOut: (d: DeviceView) => void run(() => client.devices.signOut({ deviceId: d.id }), 'signedOut'),
    confirmLost,
    askLost: (d: DeviceView) => setConfirmLost(d),
    cancelLost: () => setConfirmLost(null),
    markLost: async () => {
      const d = confirmLost;
      if (!d) return;
      if (await run(() => client.devices.markLost({ deviceId: d.id }), 'marked')) setConfirmLost(null);
    },
  };
}
