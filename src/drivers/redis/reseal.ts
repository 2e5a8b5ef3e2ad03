// Re-encryption in the background: after DATA_KEY is rotated (the old key moved to
// DATA_KEY_PREVIOUS), or with requests stored before people's words were sealed, this walks
// every stored request in small steps and rewrites what is not yet sealed with DATA_KEY in the
// current format. Safe beside live traffic and other replicas (each rewrite is a version check,
// see RedisStore.reseal), resumable (a pass started over skips what is done), and it says when
// it is done, which is the operator's signal that the old key may go.

import type { Logger } from 'pino';
import { StoreUnavailableError } from '../../core/ports.js';
import type { RedisStore } from './store.js';
import { errorText } from '../../core/error-text.js';

export interface ResealReport {
  resealed: number;
  current: number;
  unreadable: Array<{ id: string; keyId?: string }>;
  corrupt: string[];
}

export interface ResealerOptions {
  store: RedisStore;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** How many DATA_KEY_PREVIOUS keys are configured: while there are any, passes repeat. */
  previousKeys: number;
  /** Requests looked at per step (one SCAN batch). */
  batch?: number;
  /** Pause between two steps, so a pass never crowds out live traffic. */
  pauseMs?: number;
  /**
   * While old keys are configured, a pass runs again after this long: a replica still on the
   * old settings during a rolling deploy may have written with the old key since.
   */
  repeatMs?: number;
}

export class Resealer {
  private stopped = false;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly batch: number;
  private readonly pauseMs: number;
  private readonly repeatMs: number;

  constructor(private readonly options: ResealerOptions) {
    this.batch = options.batch ?? 100;
    this.pauseMs = options.pauseMs ?? 20;
    this.repeatMs = options.repeatMs ?? 15 * 60_000;
  }

  /** Starts the first pass now, in the background. */
  start(): void {
    this.schedule(0);
  }

  /** Stops after the step in progress (a rewrite is never cut in half). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One whole pass over every stored request; undefined when stopped part-way. */
  async pass(): Promise<ResealReport | undefined> {
    const report: ResealReport = { resealed: 0, current: 0, unreadable: [], corrupt: [] };
    let cursor = '0';
    do {
      if (this.stopped) return undefined;
      const step = await this.options.store.reseal(cursor, this.batch);
      cursor = step.cursor;
      report.resealed += step.resealed;
      report.current += step.current;
      report.unreadable.push(...step.unreadable);
      report.corrupt.push(...step.corrupt);
      if (cursor !== '0' && this.pauseMs > 0) await sleep(this.pauseMs);
    } while (cursor !== '0');
    return report;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    const { logger, previousKeys } = this.options;
    const dataKeyId = this.options.store.keyId;
    try {
      const report = await this.pass();
      if (!report) return;
      const { resealed, current, unreadable, corrupt } = report;
      if (corrupt.length)
        logger.warn({ corrupt: corrupt.length, requestIds: corrupt.slice(0, 20) }, 'stored values that are not requests, left as they are');
      if (unreadable.length) {
        logger.error(
          {
            unreadable: unreadable.length,
            requestIds: unreadable.slice(0, 20).map((u) => u.id),
            keyIds: [...new Set(unreadable.map((u) => u.keyId ?? 'none (sealed before key ids)'))],
            dataKeyId,
          },
          'stored requests no configured key opens: set DATA_KEY_PREVIOUS to the key they were sealed with (they stay as they are until then)',
        );
      }
      const outcome = { resealed, current, unreadable: unreadable.length, dataKeyId, previousKeys };
      if (resealed || previousKeys) {
        logger.info(
          outcome,
          unreadable.length
            ? 're-encryption pass done, but some requests could not be read (see the error above)'
            : `re-encryption done: every stored request is sealed with DATA_KEY (key id ${dataKeyId})`,
        );
      } else logger.debug(outcome, 're-encryption pass: nothing to do');
      if (previousKeys) this.schedule(this.repeatMs);
    } catch (err) {
      // Never fatal: the data stays readable as it is, and the next pass starts over.
      const reason = errorText(err);
      if (err instanceof StoreUnavailableError)
        logger.warn({ err: reason }, 're-encryption pass interrupted: Redis unavailable; trying again in a minute');
      else logger.error({ err: reason }, 're-encryption pass failed; trying again in a minute');
      this.schedule(60_000);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
