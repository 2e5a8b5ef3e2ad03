// Picks the drivers for this process: the embedded memory store and timers when no REDIS_URL
// is configured, otherwise Redis for state and BullMQ for timers. The only place that knows both.

import type { Logger } from 'pino';
import type { Clock, RequestStore, Timers } from '../core/ports.js';
import { MemoryStore } from './memory/store.js';
import { MemoryTimers } from './memory/timers.js';
import { createCipher } from './redis/cipher.js';
import { createStoreConnection, waitForReady } from './redis/connection.js';
import { RedisStore } from './redis/store.js';
import { Resealer } from './redis/reseal.js';
import { BullTimers } from './redis/timers.js';

export interface DriversOptions {
  redisUrl?: string;
  prefix?: string;
  /** 32-byte base64 key; required with redisUrl. */
  dataKey?: string;
  /** Older data keys (DATA_KEY_PREVIOUS): read, never written with. */
  previousDataKeys?: string[];
  /**
   * Re-encrypt stored data under dataKey in the background (default true). Off for tools that
   * only read, like the audit export.
   */
  reseal?: boolean;
  clock: Clock;
  timeScale?: number;
  logger: Logger;
}

export interface Drivers {
  store: RequestStore;
  timers: Timers;
  /** False for the memory drivers: state and timers are lost on restart. */
  durable: boolean;
  /** Memory drivers only: forgets every request and timer (the playground's Reset). */
  clear?(): Promise<void>;
  close(): Promise<void>;
}

export async function createDrivers({
  redisUrl,
  prefix = 'camreset',
  dataKey,
  previousDataKeys = [],
  reseal = true,
  clock,
  timeScale = 1,
  logger,
}: DriversOptions): Promise<Drivers> {
  if (!redisUrl) {
    logger.warn('REDIS_URL is not set: using the in-process store and timers; every request and timer is lost on restart');
    return createMemoryDrivers({ clock, timeScale, logger });
  }

  if (!dataKey) throw new Error('DATA_KEY is required with REDIS_URL (32 bytes, base64)');
  const cipher = createCipher(dataKey, previousDataKeys);
  const redis = createStoreConnection(redisUrl, { logger });
  // Start even when Redis is down: requests are refused politely and /readyz says so until it returns.
  if (!(await waitForReady(redis))) logger.error('redis is not reachable yet; continuing and retrying in the background');
  const store = new RedisStore({ redis, prefix, cipher, clock, logger });
  const timers = new BullTimers({ connection: redisUrl, prefix, clock, timeScale, logger });
  logger.info({ dataKeyId: cipher.keyId, previousDataKeys: previousDataKeys.length }, 'data at rest sealed with DATA_KEY');
  const resealer = reseal ? new Resealer({ store, logger, previousKeys: previousDataKeys.length }) : undefined;
  resealer?.start();
  return {
    store,
    timers,
    durable: true,
    async close() {
      await resealer?.stop();
      await timers.close();
      await store.close();
    },
  };
}

/** The embedded store and timers, sharing nothing with any other instance (also the playground's own). */
export function createMemoryDrivers({ clock, timeScale = 1, logger }: Pick<DriversOptions, 'clock' | 'timeScale' | 'logger'>): Drivers & Required<Pick<Drivers, 'clear'>> {
  const store = new MemoryStore({ clock });
  const timers = new MemoryTimers({ clock, timeScale, logger });
  return {
    store,
    timers,
    durable: false,
    async clear() {
      timers.clear();
      store.clear();
    },
    async close() {
      await timers.close();
      await store.close();
    },
  };
}
