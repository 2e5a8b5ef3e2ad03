import { afterEach, describe, expect, it, vi } from 'vitest';
import { Later } from '../../src/lib/later.js';
import { systemClock } from '../../src/core/ports.js';
import { ManualClock } from '../support/clock.js';

describe('Later', () => {
  afterEach(() => vi.useRealTimers());

  it('on a clock that announces its moves, runs work once it is moved past the moment, and the move waits for it', async () => {
    const clock = new ManualClock();
    const later = new Later(clock, () => {});
    const ran: string[] = [];
    later.after(5_000, async () => {
      await Promise.resolve();
      ran.push('five');
    });
    later.after(60_000, async () => {
      ran.push('sixty');
    });
    await clock.advance(4_999);
    expect(ran).toEqual([]);
    await clock.advance(1);
    expect(ran).toEqual(['five']);
    expect(later.size).toBe(1);
    await later.close();
    await clock.advance(60_000);
    expect(ran).toEqual(['five']);
  });

  it('on the system clock, runs work after a real timeout, and close() drops what has not started', async () => {
    vi.useFakeTimers();
    const failed: unknown[] = [];
    const later = new Later(systemClock, (err) => failed.push(err));
    const ran: string[] = [];
    later.after(1_000, () => Promise.reject(new Error('boom')));
    later.after(2_000, async () => {
      ran.push('late');
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(failed).toHaveLength(1);
    await later.close();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ran).toEqual([]);
    expect(later.size).toBe(0);
  });
});
