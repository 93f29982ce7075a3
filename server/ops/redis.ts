/**
 * The node's Redis connection (issue 13): the readiness check, the per-document leases
 * (server/fanout/lease.ts) and publishing; pub/sub of Yjs updates and presence between
 * nodes subscribes on a second connection (server/fanout/redis.ts).
 */
import { Redis } from 'ioredis';
import { redactUrl, type Log } from '../log';

/**
 * Connects, or rejects with a sentence naming the address. Afterwards it reconnects by
 * itself; commands fail at once while it is away (no offline queue), so a readiness check
 * says "not ready" instead of waiting for Redis to come back.
 */
export async function connectRedis(url: string, log: Log): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    // One line when the link goes down, not one per retry.
    if (!down) log('warn', 'redis connection lost; reconnecting', { url: redactUrl(url), error: err.message });
    down = true;
  });
  redis.on('ready', () => {
    if (down) log('info', 'redis connection back', { url: redactUrl(url) });
    down = false;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(`Redis at ${redactUrl(url)} cannot be reached: ${(err as Error).message}`);
  }
  return redis;
}
