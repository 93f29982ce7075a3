/** HAProxy for tests (scripts/services/haproxy.ts), skipped with the reason when it cannot run here. */
import { haproxyUnavailable } from '../../scripts/services/haproxy';
import { missingServiceReason } from './services';

export { startHaproxy, haproxyBin, type LocalHaproxy as TestHaproxy } from '../../scripts/services/haproxy';

export function haproxyMissing(): string | null {
  const why = haproxyUnavailable();
  return why ? missingServiceReason(why) : null;
}
