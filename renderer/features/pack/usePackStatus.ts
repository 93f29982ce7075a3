import { useCallback, useState } from 'react';
import type { PackStatus } from '../../../shared/contract';
import { useClient, useCore, useCoreEvent } from '../../app/connection';
import { useLoad } from '../../app/useLoad';

export interface PackState {
  status: PackStatus | null;
  error: unknown;
  retry(): Promise<void>;
}

/** The meeting pack's download state: read once, then kept current by `pack.progress`. */
export function usePackStatus(meetingId: string): PackState {
  const client = useClient();
  const { epoch } = useCore();
  const [status, setStatus] = useState<PackStatus | null>(null);
  const { error, clearError } = useLoad(() => client.pack.status({ meetingId }), setStatus, [client, meetingId, epoch]);

  useCoreEvent('pack.progress', (s) => {
    if (s.meetingId === meetingId) {
      setStatus(s);
      clearError();
    }
  });

  const retry = useCallback(async () => {
    await client.pack.retry({ meetingId });
  }, [client, meetingId]);

  return { status, error, retry };
}
