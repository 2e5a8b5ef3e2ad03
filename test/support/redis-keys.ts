// Where the test Redis is, a key prefix no other run uses, and cleanup of exactly that prefix.
// Free of vitest, so the benches use it too.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other test run uses: `t-<name>-<random>`. */
export function uniquePrefix(name: string): string {
  return `t-${name.replace(/[^A-Za-z0-9_-]/g, '-')}-${randomBytes(4).toString('hex')}`;
}

/** Deletes the keys of one prefix (store keys `{p}:*`, any plain `p:*`) with SCAN + DEL. */
export async function cleanupPrefix(prefix: string, url = redisUrl): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    for (const pattern of [`{${prefix}}:*`, `${prefix}:*`]) {
      // SCAN's MATCH treats `{` `}` literally, but escape glob characters a prefix might hold.
      const match = pattern.replace(/[[\]?\\]/g, '\\$&');
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        if (keys.length) deleted += await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
