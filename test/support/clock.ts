// A clock that only moves when a test says so. `advance` also runs whatever the observers
// (MemoryTimers) have due, and resolves only once their handlers have finished, so a test can
// write `await clock.advance(minutes(45))` and then assert on the warnings that went out.

import type { AdvanceListener, ObservableClock } from '../../src/core/ports.js';

export class ManualClock implements ObservableClock {
  private current: number;
  private readonly listeners = new Set<AdvanceListener>();

  constructor(start = Date.parse('2026-11-26T14:00:00Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Jumps to `ms` without running timers; `await advance(0)` afterwards runs what is due. */
  set(ms: number): void {
    this.current = ms;
  }

  /** Moves time forward and waits until every timer that became due has been handled. */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new Error('ManualClock cannot go back in time; use set()');
    this.current += ms;
    for (const listener of [...this.listeners]) await listener(this.current);
  }

  onAdvance(listener: AdvanceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
