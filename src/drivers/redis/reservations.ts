// Reservations on the request store's Redis connection: `{p}:once:<key>`, SET NX with a PX
// lifetime, so that of all replicas exactly one takes a key until it lapses, on Redis's clock.

import type { Reservations } from '../../core/ports.js';
import { guardedCalls, keyBase, type Calls } from './calls.js';
import type { RedisClient } from './connection.js';

export class RedisReservations implements Reservations {
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

  async reserve(key: string, ttlMs: number): Promise<boolean> {
    const ok = await this.call(() => this.redis.set(`${this.base}once:${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'));
    return ok === 'OK';
  }
}
