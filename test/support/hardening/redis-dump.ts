// Everything Redis holds under one test prefix, read key by key whatever its type (strings,
// hashes, lists, sets, sorted sets, streams — BullMQ's included), so a test can search it all
// for secrets in clear text.

import { Redis } from 'ioredis';
import { redisUrl } from '../redis.js';

export interface DumpedKey {
  key: string;
  type: string;
  /** Every member, field, value and stream entry of the key, as text. */
  text: string;
}

export async function dumpPrefix(prefix: string): Promise<DumpedKey[]> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const out: DumpedKey[] = [];
  try {
    const keys = new Set<string>();
    for (const pattern of [`{${prefix}}*`, `${prefix}*`]) {
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', pattern.replace(/[[\]?\\]/g, '\\$&'), 'COUNT', 1000);
        cursor = next;
        for (const k of batch) keys.add(k);
      } while (cursor !== '0');
    }
    for (const key of keys) {
      const type = await redis.type(key);
      let parts: unknown;
      switch (type) {
        case 'string':
          parts = await redis.get(key);
          break;
        case 'hash':
          parts = await redis.hgetall(key);
          break;
        case 'list':
          parts = await redis.lrange(key, 0, -1);
          break;
        case 'set':
          parts = await redis.smembers(key);
          break;
        case 'zset':
          parts = await redis.zrange(key, 0, '-1', 'WITHSCORES');
          break;
        case 'stream':
          parts = await redis.xrange(key, '-', '+');
          break;
        default:
          parts = `(unread type ${type})`;
      }
      out.push({ key, type, text: `${key}\n${JSON.stringify(parts)}` });
    }
  } finally {
    redis.disconnect();
  }
  return out;
}

/** Keys whose name or content holds any of `secrets` in clear text. */
export function keysHolding(dump: DumpedKey[], secrets: string[]): Array<{ key: string; type: string; secret: string }> {
  return dump.flatMap((d) => secrets.filter((s) => d.text.includes(s)).map((secret) => ({ key: d.key, type: d.type, secret })));
}
