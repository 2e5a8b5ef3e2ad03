import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScaledClock } from '../../src/platforms/playground/clock.js';
import { MemoryTimers } from '../../src/drivers/memory/timers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the playground clock', () => {
  it('runs scale times faster than real time', () => {
    let real = 1_000_000;
    const clock = new ScaledClock({ scale: 60, realNow: () => real });
    const start = clock.now();
    real += 1000;
    expect(clock.now() - start).toBe(60_000);
  });

  it('changes speed without jumping: virtual time continues from where it was', () => {
    let real = 1_000_000;
    const clock = new ScaledClock({ scale: 1, realNow: () => real });
    const start = clock.now();
    real += 10_000;
    expect(clock.now() - start).toBe(10_000);
    clock.setScale(600);
    expect(clock.now() - start).toBe(10_000);
    real += 1000;
    expect(clock.now() - start).toBe(610_000);
    clock.setScale(1);
    real += 1000;
    expect(clock.now() - start).toBe(611_000);
  });

  it('ticks more often at high speed, so a timer is at most a few virtual seconds late', () => {
    const clock = new ScaledClock({ scale: 1 });
    expect(clock.tickMs).toBe(100);
    clock.setScale(600);
    expect(clock.tickMs).toBe(10);
    expect(clock.tickMs * clock.scale).toBeLessThanOrEqual(6000);
  });

  it('refuses a speed outside 1 to 3600', () => {
    const clock = new ScaledClock();
    expect(() => clock.setScale(0)).toThrow(RangeError);
    expect(() => clock.setScale(Number.NaN)).toThrow(RangeError);
    expect(() => new ScaledClock({ scale: 5000 })).toThrow(RangeError);
  });

  it('fires memory timers on its ticks, so a speed change also moves timers scheduled before it', async () => {
    vi.useFakeTimers();
    let real = 1_000_000;
    const clock = new ScaledClock({ scale: 1, tickMs: 50, realNow: () => real });
    const timers = new MemoryTimers({ clock });
    const fired: string[] = [];
    await timers.start(async (job) => void fired.push(job.id));
    await timers.schedule({ id: 'warn-15', requestId: 'CR-TEST', at: clock.now() + 45 * 60_000 });
    real += 1000;
    await vi.advanceTimersByTimeAsync(1000);
    expect(fired).toEqual([]);
    clock.setScale(3600); // 45 virtual minutes now take 0.75 s
    real += 800;
    await vi.advanceTimersByTimeAsync(100);
    expect(fired).toEqual(['warn-15']);
    await timers.close();
  });
});
