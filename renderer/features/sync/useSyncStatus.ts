import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/contract';
import { useClient, useCore, useCoreEvent } from '../../app/connection';

/** The core's link to the sync server: read once, then kept current by `sync.status` events. */
export function useSyncStatus(): SyncStatus | null {
  const client = useClient();
  const { epoch } = useCore();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let current = true;
    client.sync.status({}).then(
      (s) => current && setStatus(s),
      () => {
        /* the core is unreachable; the core banner says so */
      },
    );
    return () => {
      current = false;
    };
  }, [client, epoch]);
  useCoreEvent('sync.status', setStatus);
  return status;
}
