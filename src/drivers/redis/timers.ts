// Durable timers as BullMQ delayed jobs: one queue (`timers`) and one worker per process.
// The timer id is the job id, so scheduling twice keeps one job and any replica's worker may
// fire it; delivery is at-least-once and the core's `firedTimers` makes effects exactly-once.

import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { z } from 'zod';
import { StoreUnavailableError, type Clock, type TimerHandler, type TimerJob, type Timers } from '../../core/ports.js';
import { closeConnection, createQueueConnection, type RedisClient, type RedisTarget } from './connection.js';

export const QUEUE_NAME = 'timers';

export interface BullTimersOptions {
  /**
   * A Redis URL or target, or a factory giving a fresh connection per role: the queue's should fail
   * fast (see createQueueConnection), the worker's must have maxRetriesPerRequest: null.
   * BullTimers closes the connections it obtained.
   */
  connection: string | RedisTarget | ((role: 'queue' | 'worker') => RedisClient);
  /**
   * Same prefix as the store; BullMQ keys become `{prefix}:timers:*`: BullMQ's scripts touch
   * several keys of a queue at once, so on a Cluster its prefix must carry a hash tag, and this
   * one is the store's, putting timers and requests in one slot.
   */
  prefix: string;
  clock: Clock;
  timeScale?: number;
  /** Timer handlers run in parallel up to this many per process. */
  concurrency?: number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

const jobData = z.object({ id: z.string(), requestId: z.string(), at: z.number() });

/**
 * BullMQ refuses custom job ids that are integers or contain ':'; the core builds ids from
 * `[A-Za-z0-9_.-]`. A bad id is a bug in the caller, so it throws rather than being mangled.
 */
export function assertTimerId(id: string): void {
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(id) || `${parseInt(id, 10)}` === id) {
    throw new Error(`timer id ${JSON.stringify(id)} is not a valid BullMQ job id`);
  }
}

export class BullTimers implements Timers {
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private readonly connections: RedisClient[] = [];
  private readonly options: Required<Omit<BullTimersOptions, 'logger'>> & Pick<BullTimersOptions, 'logger'>;
  private readonly bullPrefix: string;

  constructor({ connection, prefix, clock, timeScale = 1, concurrency = 50, logger }: BullTimersOptions) {
    if (!prefix || /[{}]/.test(prefix)) throw new Error('prefix must be non-empty and must not contain braces');
    if (!(timeScale > 0)) throw new Error('timeScale must be a positive number');
    this.options = { connection, prefix, clock, timeScale, concurrency, logger };
    this.bullPrefix = `{${prefix}}`;
    this.queue = new Queue(QUEUE_NAME, {
      connection: this.connect('queue'),
      prefix: this.bullPrefix,
      // Nobody consumes the event stream; BullMQ's default of 10,000 entries would cost Redis
      // about as much as 10,000 more timers. Keep a short tail for an operator's eyes.
      streams: { events: { maxLen: 500 } },
    });
    this.queue.on('error', (err) => logger?.error({ err }, 'timer queue error'));
  }

  async schedule(job: TimerJob): Promise<void> {
    assertTimerId(job.id);
    const { clock, timeScale } = this.options;
    const delay = Math.max(0, Math.round((job.at - clock.now()) / timeScale));
    try {
      await this.queue.add(
        'timer',
        { id: job.id, requestId: job.requestId, at: job.at },
        {
          jobId: job.id,
          delay,
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      );
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  async cancel(id: string): Promise<void> {
    assertTimerId(id);
    try {
      // 0 means not found or locked by a worker right now; either way nothing more to do.
      await this.queue.remove(id);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- the port is async; "already started" must reach the caller as a rejection, as from MemoryTimers
  async start(handler: TimerHandler): Promise<void> {
    if (this.worker) throw new Error('BullTimers already started');
    const { logger, concurrency } = this.options;
    this.worker = new Worker(
      QUEUE_NAME,
      async (job: Job) => {
        await handler(jobData.parse(job.data));
      },
      // A replica that dies holding a timer lets it go after 10 s (BullMQ's default is 30 s):
      // handlers take milliseconds, and a warning should not wait half a minute.
      {
        connection: this.connect('worker'),
        prefix: this.bullPrefix,
        concurrency,
        lockDuration: 10_000,
        stalledInterval: 5_000,
        maxStalledCount: 3,
      },
    );
    this.worker.on('error', (err) => logger?.error({ err }, 'timer worker error'));
    this.worker.on('failed', (job, err) => logger?.warn({ err, timer: job?.id, attempt: job?.attemptsMade }, 'timer handler failed'));
  }

  /** Closes the worker (waiting for handlers in flight), then the queue and the connections. */
  async close(): Promise<void> {
    const { logger } = this.options;
    try {
      // Closing BullMQ while its connection is still in its handshake leaves an ioredis
      // rejection nobody handles; a fresh instance gets a moment to finish connecting.
      const ready = [this.queue.waitUntilReady(), ...(this.worker ? [this.worker.waitUntilReady()] : [])];
      await Promise.race([Promise.all(ready.map((r) => r.catch(() => undefined))), sleep(1000)]);
      await this.worker?.close();
      await this.queue.close();
    } catch (err) {
      logger?.warn({ err }, 'closing timers');
    } finally {
      await Promise.all(this.connections.map((c) => closeConnection(c)));
    }
  }

  private connect(role: 'queue' | 'worker'): RedisClient {
    const { connection, logger } = this.options;
    const redis = typeof connection === 'function' ? connection(role) : createQueueConnection(connection, role, logger ? { logger } : {});
    this.connections.push(redis);
    return redis;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
