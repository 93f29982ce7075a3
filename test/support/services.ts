/**
 * The rule for a missing service binary in tests: skip with the reason, unless the run
 * demands the services (OPENCABINET_REQUIRE_SERVICES=1, as CI sets once it installs them).
 * The services themselves start from scripts/services/, shared with `npm run cluster`.
 */
export { freePort, waitFor } from '../../scripts/services/ports';

export function missingServiceReason(why: string): string {
  if (process.env.OPENCABINET_REQUIRE_SERVICES === '1') {
    throw new Error(`OPENCABINET_REQUIRE_SERVICES=1 but ${why}.`);
  }
  return why;
}
