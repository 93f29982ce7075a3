import { useNow } from '../../app/useNow';

/** "Now" for statuses, moved on each minute: a task turns overdue at midnight without a reload. */
export function useNowIso(): string {
  const ms = useNow(60_000);
  return new Date(ms).toISOString();
}
