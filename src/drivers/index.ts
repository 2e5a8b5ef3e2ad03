// Picks the drivers for this process: the embedded memory store and timers when no Redis is
// configured (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES), otherwise Redis for state and
// BullMQ for timers. The only place that knows both.

import type { Logger } from 'pino';
import type { Clock, KeyValueStore, RequestStore, Reservations, Timers } from '../core/ports.js';
import { MemoryKeyValues } from './memory/key-values.js';
import { MemoryReservations } from './memory/reservations.js';
import { MemoryStore } from './memory/store.js';
import { MemoryTimers } from './memory/timers.js';
import { createCipher } from './redis/cipher.js';
import { checkTarget, createQueueConnection, createStoreConnection, toTarget, waitForReady, type RedisTarget } from './redis/connection.js';
import { ConfigError } from '../config.js';
import { RedisKeyValues } from './redis/key-values.js';
import { RedisReservations } from './redis/reservations.js';
import { RedisStore } from './redis/store.js';
import { Resealer } from './redis/reseal.js';
import { BullTimers } from './redis/timers.js';

export interface DriversOptions {
  /** One Redis server (REDIS_URL); `redis` takes precedence. */
  redisUrl?: string;
  /** Any topology: one server, Sentinel or Cluster (Config.redis). */
  redis?: RedisTarget;
  /** How long a Sentinel or Cluster topology may take to answer at start (default 10 s). */
  checkTimeoutMs?: number;
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
  /** Beside the store, on the same backend: what platforms remember beyond a request. */
  keyValues: KeyValueStore;
  /** Beside the store, on the same backend: keys taken once across replicas. */
  reservations: Reservations;
  timers: Timers;
  /** False for the memory drivers: state and timers are lost on restart. */
  durable: boolean;
  /** Memory drivers only: forgets every request and timer (the playground's Reset). */
  clear?(): Promise<void>;
  close(): Promise<void>;
}

export async function createDrivers({
  redisUrl,
  redis: given,
  checkTimeoutMs = 10_000,
  prefix = 'camreset',
  dataKey,
  previousDataKeys = [],
  reseal = true,
  clock,
  timeScale = 1,
  logger,
}: DriversOptions): Promise<Drivers> {
  const target = given ?? (redisUrl ? toTarget(redisUrl) : undefined);
  if (!target) {
    logger.warn(
      'no Redis is configured (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES): using the in-process store and timers; every request and timer is lost on restart',
    );
    return createMemoryDrivers({ clock, timeScale, logger });
  }

  if (!dataKey) throw new Error('DATA_KEY is required with Redis (32 bytes, base64)');
  const cipher = createCipher(dataKey, previousDataKeys);
  // A Sentinel or Cluster setting that cannot work stops the start like any other bad setting.
  const problem = await checkTarget(target, checkTimeoutMs);
  if (problem) throw new ConfigError([problem]);
  if (target.kind !== 'url')
    logger.info(
      { topology: target.kind, nodes: (target.kind === 'sentinel' ? target.sentinels : target.nodes).length },
      `redis: ${target.kind}`,
    );
  const redis = createStoreConnection(target, { logger });
  // Start even when Redis is down: requests are refused politely and /readyz says so until it returns.
  if (!(await waitForReady(redis))) logger.error('redis is not reachable yet; continuing and retrying in the background');
  const store = new RedisStore({ redis, prefix, cipher, clock, logger });
  const timers = new BullTimers({
    connection: (role) => createQueueConnection(target, role, { logger }),
    prefix,
    clock,
    timeScale,
    logger,
  });
  logger.info({ dataKeyId: cipher.keyId, previousDataKeys: previousDataKeys.length }, 'data at rest sealed with DATA_KEY');
  const resealer = reseal ? new Resealer({ store, logger, previousKeys: previousDataKeys.length }) : undefined;
  resealer?.start();
  return {
    store,
    keyValues: new RedisKeyValues(redis, prefix),
    reservations: new RedisReservations(redis, prefix),
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
export function createMemoryDrivers({
  clock,
  timeScale = 1,
  logger,
}: Pick<DriversOptions, 'clock' | 'timeScale' | 'logger'>): Drivers & Required<Pick<Drivers, 'clear'>> {
  const store = new MemoryStore({ clock });
  const keyValues = new MemoryKeyValues();
  const reservations = new MemoryReservations({ clock });
  const timers = new MemoryTimers({ clock, timeScale, logger });
  return {
    store,
    keyValues,
    reservations,
    timers,
    durable: false,
    // eslint-disable-next-line @typescript-eslint/require-await -- async like the memory drivers it clears (see eslint.config.js): a throw reaches the caller as a rejection
    async clear() {
      timers.clear();
      store.clear();
      keyValues.clear();
      reservations.clear();
    },
    async close() {
      await timers.close();
      await store.close();
    },
  };
}
