import { useSyncStatus } from '../features/sync';
import { useNow } from './useNow';

/**
 * The server's time, refreshed every `ms` while `active`: this device's clock plus the
 * offset the core estimated from the server's replies (main/core/server-clock.ts). A
 * countdown drawn from the server's instants with a device clock minutes off would be
 * minutes off too. The window and its core share one machine, hence one clock.
 */
export function useServerNow(ms: number, active = true): number {
  const now = useNow(ms, active);
  return now + (useSyncStatus()?.clockOffsetMs ?? 0);
}
