// ioredis connections for the two kinds of Redis users: the request store, which must fail
// fast so a chat user hears "temporarily unavailable" at once, and BullMQ, whose workers
// must wait out an outage (BullMQ requires maxRetriesPerRequest: null for them).

import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export type ConnectionLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface ConnectionOptions {
  logger?: ConnectionLogger;
  /** Shown in CLIENT LIST, handy when an operator wonders who holds which connection. */
  name?: string;
}

/** Reconnect forever, backing off to at most 5 s between tries. */
const reconnectForever = (times: number): number => Math.min(100 * 2 ** Math.min(times, 6), 5000);

/** Connection for the request store: no offline queue, one retry, 2 s per command. */
export function createStoreConnection(url: string, options: ConnectionOptions = {}): Redis {
  return watch(
    new Redis(url, {
      connectionName: options.name ?? 'camreset-store',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      connectTimeout: 2000,
      retryStrategy: reconnectForever,
    }),
    options,
  );
}

/**
 * Connection for BullMQ. `role: 'queue'` (adding and removing timers) fails fast like the
 * store; `role: 'worker'` waits for Redis to come back, as BullMQ's blocking reads require.
 */
export function createQueueConnection(
  url: string,
  role: 'queue' | 'worker',
  options: ConnectionOptions = {},
): Redis {
  const common: RedisOptions = {
    connectionName: options.name ?? `camreset-timers-${role}`,
    connectTimeout: 2000,
    retryStrategy: reconnectForever,
  };
  const redis =
    role === 'worker'
      ? new Redis(url, { ...common, maxRetriesPerRequest: null })
      : new Redis(url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  return watch(redis, options);
}

/**
 * Resolves once the connection is ready, or after `timeoutMs` (false) so a process can start
 * while Redis is down and recover when it returns; readiness is reported by ping instead.
 */
export function waitForReady(redis: Redis, timeoutMs = 3000): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

/** Closes politely when connected, at once otherwise (QUIT cannot be sent without a connection). */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  // Cutting a connection whose ready check is in flight makes ioredis reject that check with
  // nobody listening (seen with BullMQ); let the handshake finish first.
  if (redis.status === 'connect') await waitForReady(redis, 1000);
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // fall through to a hard disconnect
    }
  }
  redis.disconnect();
}

/**
 * An ioredis client without an 'error' listener crashes the process on the first network
 * error. Log the first error of an outage and the recovery, not every reconnect attempt.
 */
function watch(redis: Redis, { logger, name }: ConnectionOptions): Redis {
  let down = false;
  const label = name ?? redis.options.connectionName;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.error({ err, connection: label }, 'redis connection error; reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ connection: label }, 'redis connection restored');
  });
  return redis;
}
