// The playground's clock: virtual time that runs `scale` times faster than real time, so the
// challenge's 15- and 5-minute warnings and its expiry can be watched in a minute. The scale
// can change while the bot runs without time jumping: each change re-bases the clock at the
// current virtual moment. It is an ObservableClock, so the memory timers fire due jobs from
// its ticks rather than from real timeouts computed with a scale that may since have changed.

import type { AdvanceListener, ObservableClock } from '../../core/ports.js';

export interface ScaledClockOptions {
  scale?: number;
  /**
   * Real ms between ticks while timers listen (a timer fires at most this late); by default
   * 100 ms, shorter at high speed so that a timer is at most about 6 virtual seconds late.
   */
  tickMs?: number;
  /** Real time source; tests pass a fake. */
  realNow?: () => number;
}

export const MIN_SCALE = 1;
export const MAX_SCALE = 3600;

export class ScaledClock implements ObservableClock {
  private readonly realNow: () => number;
  private readonly fixedTickMs: number | undefined;
  private readonly listeners = new Set<AdvanceListener>();
  private baseVirtual: number;
  private baseReal: number;
  private currentScale: number;
  private ticker: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor({ scale = 1, tickMs, realNow = Date.now }: ScaledClockOptions = {}) {
    this.realNow = realNow;
    this.fixedTickMs = tickMs;
    this.currentScale = checkScale(scale);
    this.baseReal = realNow();
    this.baseVirtual = this.baseReal;
  }

  now(): number {
    return Math.floor(this.baseVirtual + (this.realNow() - this.baseReal) * this.currentScale);
  }

  get scale(): number {
    return this.currentScale;
  }

  /** Changes the speed from this moment on; virtual time continues from where it is. */
  setScale(scale: number): void {
    const next = checkScale(scale);
    const real = this.realNow();
    this.baseVirtual = this.baseVirtual + (real - this.baseReal) * this.currentScale;
    this.baseReal = real;
    this.currentScale = next;
    if (this.ticker) this.startTicking();
    void this.tick().catch(() => undefined);
  }

  /** Real ms between ticks at the current speed. */
  get tickMs(): number {
    return this.fixedTickMs ?? Math.max(10, Math.min(100, Math.round(6000 / this.currentScale)));
  }

  onAdvance(listener: AdvanceListener): () => void {
    this.listeners.add(listener);
    if (!this.ticker) this.startTicking();
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size && this.ticker) {
        clearInterval(this.ticker);
        this.ticker = undefined;
      }
    };
  }

  private startTicking(): void {
    if (this.ticker) clearInterval(this.ticker);
    // A failing listener is its own business (MemoryTimers logs and retries); keep ticking.
    this.ticker = setInterval(() => void this.tick().catch(() => undefined), this.tickMs);
    this.ticker.unref();
  }

  /** Tells the listeners what time it is; a tick waits for the previous one to finish. */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = (async () => {
      try {
        const now = this.now();
        for (const listener of [...this.listeners]) await listener(now);
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }
}

function checkScale(scale: number): number {
  if (!Number.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE)
    throw new RangeError(`time scale must be a number from ${MIN_SCALE} to ${MAX_SCALE}`);
  return scale;
}
