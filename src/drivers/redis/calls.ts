// What every port kept on the store's Redis connection shares: the one hash tag all its keys
// live under (so each script and pipeline stays in one Cluster slot), and the way a call meets
// an outage (StoreUnavailableError, which the desk turns into a polite refusal).

import { StoreUnavailableError } from '../../core/ports.js';
import { waitForReady, type RedisClient } from './connection.js';

/** `{prefix}:`, the start of every key of one deployment. */
export function keyBase(prefix: string): string {
  if (!prefix || /[{}]/.test(prefix)) throw new Error('prefix must be non-empty and must not contain braces');
  return `{${prefix}}:`;
}

/** One grace per connection, however many ports share it. */
const graces = new WeakMap<RedisClient, Promise<boolean>>();

export type Calls = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Runs calls on `redis`, every failure (down, timeout, script error) turned into
 * StoreUnavailableError. Without an offline queue, a command sent before the first connect
 * fails; a fresh connection gets a short grace to come up. After that, an outage fails fast.
 */
export function guardedCalls(redis: RedisClient): Calls {
  const firstReady = graces.get(redis) ?? waitForReady(redis, 1000);
  graces.set(redis, firstReady);
  return async (fn) => {
    try {
      await firstReady;
      return await fn();
    } catch (err) {
      throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err);
    }
  };
}
