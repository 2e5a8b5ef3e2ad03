// The key-value store on the request store's Redis connection: `{p}:kv:<key>`, one string per
// key, no expiry. Values written before this store had keys of its own sit among the request
// links, at `{p}:link:<key>`; they are read where no `kv:` value exists yet, and left alone
// otherwise (the next write of that key puts its value under `kv:`, which wins from then on).

import type { KeyValueStore } from '../../core/ports.js';
import { guardedCalls, keyBase, type Calls } from './calls.js';
import type { RedisClient } from './connection.js';

export class RedisKeyValues implements KeyValueStore {
  private readonly base: string;
  private readonly call: Calls;

  /** `redis` is the store's connection: the store closes it. */
  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.base = keyBase(prefix);
    this.call = guardedCalls(redis);
  }

  async get(key: string): Promise<string | undefined> {
    // One slot (the hash tag), so one round trip on a Cluster too.
    const [value, earlier] = await this.call(() => this.redis.mget(`${this.base}kv:${key}`, `${this.base}link:${key}`));
    return value ?? earlier ?? undefined;
  }

  async set(key: string, value: string): Promise<void> {
    await this.call(() => this.redis.set(`${this.base}kv:${key}`, value));
  }
}
