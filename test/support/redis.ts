// Real-Redis test helpers: where Redis is, a unique key prefix per suite, cleanup of exactly
// that prefix, and the gate that runs Redis suites when Redis answers, fails them under CI
// when it does not, and skips them with a reason on a developer machine without Redis.

import { Redis } from 'ioredis';
import { describe, it } from 'vitest';
import { redisUrl } from './redis-keys.js';

export { cleanupPrefix, redisUrl, uniquePrefix } from './redis-keys.js';

const START_HINT = 'start one with `docker run --rm -p 6379:6379 redis:7` or set TEST_REDIS_URL';

async function probe(): Promise<boolean> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    // Typed as 'PONG', but what a server on that port answers is known only at run time.
    const answer: string = await redis.ping();
    return answer === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const available = await probe();
const underCi = process.env.CI === 'true';

/** Resolves true when Redis answers; throws under CI when it does not. */
export async function requireRedis(): Promise<boolean> {
  if (available) return true;
  if (underCi) throw new Error(`Redis is required under CI but ${redisUrl} does not answer; ${START_HINT}`);
  return false;
}

/** `describe` for suites that need a real Redis (see the module comment for the rules). */
export function describeRedis(name: string, fn: () => void): void {
  if (available) {
    describe(name, fn);
    return;
  }
  if (underCi) {
    describe(name, () => {
      it('needs Redis, which is required under CI', () => {
        throw new Error(`Redis is required under CI but ${redisUrl} does not answer; ${START_HINT}`);
      });
    });
    return;
  }
  console.warn(`[camreset tests] skipping "${name}": no Redis at ${redisUrl}; ${START_HINT}`);
  describe.skipIf(true)(name, fn);
}
