/** Redis for tests (scripts/services/redis.ts), skipped with the reason when it cannot run here. */
import { redisUnavailable } from '../../scripts/services/redis';
import { missingServiceReason } from './services';

export { startRedis, redisServerBin, type LocalRedis as TestRedis } from '../../scripts/services/redis';

/** Why Redis tests cannot run here, or null when they can. */
export function redisMissing(): string | null {
  const why = redisUnavailable();
  return why ? missingServiceReason(why) : null;
}
