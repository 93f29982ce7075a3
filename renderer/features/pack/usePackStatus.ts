import { useCallback, useEffect, useState } from 'react';
import type { PackStatus } from '../../../shared/contract';
import { useClient, useCore, useCoreEvent } from '../../app/connection';

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
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    client.pack.status({ meetingId }).then(
      (s) => {
        if (!current) return;
        setStatus(s);
        setError(null);
      },
      (err: unknown) => current && setError(err),
    );
    return () => {
      current = false;
    };
  }, [client, meetingId, epoch]);

  useCoreEvent('pack.progress', (s) => {
    if (s.meetingId === meetingId) {
      setStatus(s);
      setError(null);
    }
  });

  const retry = useCallback(async () => {
    await client.pack.retry({ meetingId });
  }, [client, meetingId]);

  return { status, error, retry };
}
