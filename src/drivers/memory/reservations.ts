// The embedded reservations: keys taken for a while (a Slack event being handled, a request id
// being given out, a notice being redelivered), on the process's clock, so that a ManualClock
// lets them lapse in tests and the playground's speed-up shortens them.

import type { Clock, Reservations } from '../../core/ports.js';

export class MemoryReservations implements Reservations {
  private readonly clock: Clock;
  /** Key -> until when it is taken. */
  private readonly taken = new Map<string, number>();
  private writes = 0;

  constructor({ clock }: { clock: Clock }) {
    this.clock = clock;
  }

  async reserve(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const until = this.taken.get(key);
    if (until !== undefined && until > now) return false;
    this.taken.set(key, now + ttlMs);
    // Forget lapsed keys now and then so a long-running process does not grow without bound.
    if (++this.writes % 1000 === 0) this.sweep(now);
    return true;
  }

  /** Forgets every reservation (the playground's Reset). */
  clear(): void {
    this.taken.clear();
  }

  private sweep(now: number): void {
    for (const [key, until] of this.taken) if (until <= now) this.taken.delete(key);
  }
}
