// The embedded timer driver: expiry and warning timers kept in process memory, fired by one
// real setTimeout armed for the earliest job. Lost on restart, which is why the Redis driver
// exists; also drives tests, where a ManualClock decides when "later" is.

import type { Logger } from 'pino';
import { type Clock, isObservableClock, type TimerHandler, type TimerJob, type Timers } from '../../core/ports.js';

export interface MemoryTimersOptions {
  clock: Clock;
  /** Real time runs this many times faster than clock time (demos, end-to-end tests). */
  timeScale?: number;
  /** Total tries of a job whose handler throws, like BullMQ's `attempts`. */
  attempts?: number;
  /** First retry delay in real ms, doubled per further attempt. */
  backoffMs?: number;
  logger?: Pick<Logger, 'warn' | 'error'>;
}

interface Entry {
  job: TimerJob;
  /** When it is due in clock time: `job.at`, or later while backing off after a failure. */
  dueAt: number;
  /**
   * The same moment on the real clock (Date.now), fixed when (re)scheduled: with a timeScale
   * a real-time clock never reaches `dueAt` by the time the job should fire.
   */
  realDueAt: number;
  attempt: number;
  /** Insertion order, to keep ties stable. */
  seq: number;
  running: boolean;
}

// setTimeout overflows to an immediate fire above this; re-arming after the clamp is harmless.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class MemoryTimers implements Timers {
  private readonly clock: Clock;
  private readonly timeScale: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly logger: Pick<Logger, 'warn' | 'error'> | undefined;
  private readonly entries = new Map<string, Entry>();
  private handler: TimerHandler | undefined;
  private timeout: NodeJS.Timeout | undefined;
  /** Drains run one after another, so a job is never handled by two drains at once. */
  private draining: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private seq = 0;
  private closed = false;

  constructor({ clock, timeScale = 1, attempts = 5, backoffMs = 1000, logger }: MemoryTimersOptions) {
    if (!(timeScale > 0)) throw new Error('timeScale must be a positive number');
    this.clock = clock;
    this.timeScale = timeScale;
    this.attempts = Math.max(1, attempts);
    this.backoffMs = backoffMs;
    this.logger = logger;
  }

  async schedule(job: TimerJob): Promise<void> {
    if (this.closed) throw new Error('MemoryTimers is closed');
    // Same id while pending or running: keep the one we have, as BullMQ does with a jobId.
    if (this.entries.has(job.id)) return;
    this.entries.set(job.id, {
      job: { ...job },
      dueAt: job.at,
      realDueAt: this.realTimeOf(job.at),
      attempt: 0,
      seq: this.seq++,
      running: false,
    });
    this.arm();
  }

  async cancel(id: string): Promise<void> {
    // A running job finishes its current attempt but will not be retried.
    this.entries.delete(id);
    this.arm();
  }

  async start(handler: TimerHandler): Promise<void> {
    if (this.closed) throw new Error('MemoryTimers is closed');
    if (this.handler) throw new Error('MemoryTimers already started');
    this.handler = handler;
    if (isObservableClock(this.clock)) this.unsubscribe = this.clock.onAdvance(() => this.drain());
    this.arm();
  }

  /**
   * Stops firing, forgets every job, and waits for a handler that is running right now
   * (so do not await it from inside a handler).
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    this.unsubscribe?.();
    this.entries.clear();
    await this.draining;
  }

  /** Forgets every job (the playground's Reset); a handler running right now still finishes. */
  clear(): void {
    this.entries.clear();
    this.arm();
  }

  /** Number of jobs waiting or running; for tests and metrics. */
  get size(): number {
    return this.entries.size;
  }

  private drain(): Promise<void> {
    this.draining = this.draining.then(
      () => this.runDue(),
      () => this.runDue(),
    );
    return this.draining;
  }

  private async runDue(): Promise<void> {
    try {
      for (;;) {
        const handler = this.handler;
        if (this.closed || !handler) return;
        const entry = this.nextDue();
        if (!entry) return;
        entry.running = true;
        entry.attempt += 1;
        try {
          await handler({ ...entry.job });
          if (this.entries.get(entry.job.id) === entry) this.entries.delete(entry.job.id);
        } catch (err) {
          entry.running = false;
          if (this.entries.get(entry.job.id) !== entry) continue; // cancelled meanwhile
          if (entry.attempt >= this.attempts) {
            this.entries.delete(entry.job.id);
            this.logger?.error({ err, timer: entry.job.id, attempts: entry.attempt }, 'timer handler failed; giving up');
          } else {
            const backoff = this.backoffMs * 2 ** (entry.attempt - 1);
            entry.dueAt = this.clock.now() + backoff * this.timeScale;
            entry.realDueAt = Date.now() + backoff;
            this.logger?.warn({ err, timer: entry.job.id, attempt: entry.attempt }, 'timer handler failed; will retry');
          }
        }
      }
    } finally {
      this.arm();
    }
  }

  private realTimeOf(clockTime: number): number {
    return Date.now() + (clockTime - this.clock.now()) / this.timeScale;
  }

  /** Real ms until the entry is due; on an observable clock only the clock decides. */
  private dueIn(e: Entry): number {
    return isObservableClock(this.clock) ? (e.dueAt - this.clock.now()) / this.timeScale : e.realDueAt - Date.now();
  }

  private nextDue(): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.entries.values()) {
      if (e.running || this.dueIn(e) > 0) continue;
      if (!best || e.dueAt < best.dueAt || (e.dueAt === best.dueAt && e.seq < best.seq)) best = e;
    }
    return best;
  }

  private arm(): void {
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    if (this.closed || !this.handler) return;
    let earliest = Infinity;
    for (const e of this.entries.values()) if (!e.running) earliest = Math.min(earliest, this.dueIn(e));
    if (earliest === Infinity) return;
    const delay = Math.min(MAX_TIMEOUT_MS, Math.max(0, Math.ceil(earliest)));
    // On an observable clock time only moves through advance(), which drains by itself; a real
    // timeout is needed only for jobs that are already due (scheduled in the past, or after set()).
    if (delay > 0 && isObservableClock(this.clock)) return;
    this.timeout = setTimeout(() => {
      this.timeout = undefined;
      void this.drain();
    }, delay);
  }
}
