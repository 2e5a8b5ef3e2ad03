// The embedded drivers: the shared contract in real time, then what only they promise —
// driven by a ManualClock, due timers fire in order and `advance` waits for their handlers.

import { describe, expect, it } from 'vitest';
import { systemClock, type TimerJob } from '../../src/core/ports.js';
import { MemoryKeyValues } from '../../src/drivers/memory/key-values.js';
import { MemoryReservations } from '../../src/drivers/memory/reservations.js';
import { MemoryStore } from '../../src/drivers/memory/store.js';
import { MemoryTimers } from '../../src/drivers/memory/timers.js';
import { ManualClock } from '../support/clock.js';
import { sampleRequest, storeAndTimersContract } from './contract.js';

describe('memory drivers', () => {
  storeAndTimersContract('memory', async () => {
    const store = new MemoryStore({ clock: systemClock });
    const timers = new MemoryTimers({ clock: systemClock });
    return {
      store,
      keyValues: new MemoryKeyValues(),
      reservations: new MemoryReservations({ clock: systemClock }),
      timers,
      close: async () => {
        await timers.close();
        await store.close();
      },
    };
  });
});

const MIN = 60_000;

describe('memory timers on a manual clock', () => {
  const setup = (options: { attempts?: number; backoffMs?: number } = {}) => {
    const clock = new ManualClock();
    const timers = new MemoryTimers({ clock, ...options });
    const fired: Array<{ id: string; at: number; now: number }> = [];
    return { clock, timers, fired, t0: clock.now() };
  };

  it('fires the timers that fall due during an advance, in time order, before advance resolves', async () => {
    const { clock, timers, fired, t0 } = setup();
    await timers.start(async (job) => {
      await new Promise((resolve) => setTimeout(resolve, 5)); // a handler that really awaits
      fired.push({ id: job.id, at: job.at, now: clock.now() });
    });
    await timers.schedule({ id: 'CR-1.c1.exp', requestId: 'CR-1', at: t0 + 60 * MIN });
    await timers.schedule({ id: 'CR-1.c1.w5', requestId: 'CR-1', at: t0 + 55 * MIN });
    await timers.schedule({ id: 'CR-1.c1.w15', requestId: 'CR-1', at: t0 + 45 * MIN });

    await clock.advance(44 * MIN);
    expect(fired).toEqual([]);
    await clock.advance(12 * MIN);
    expect(fired.map((f) => f.id)).toEqual(['CR-1.c1.w15', 'CR-1.c1.w5']);
    await clock.advance(10 * MIN);
    expect(fired.map((f) => f.id)).toEqual(['CR-1.c1.w15', 'CR-1.c1.w5', 'CR-1.c1.exp']);
    expect(timers.size).toBe(0);
    await timers.close();
  });

  it('fires a timer scheduled in the past on the next advance, and one a handler schedules if it is due', async () => {
    const { clock, timers, fired, t0 } = setup();
    await timers.start(async (job) => {
      fired.push({ id: job.id, at: job.at, now: clock.now() });
      if (job.id === 'CR-2.c1.exp') await timers.schedule({ id: 'CR-2.c2.exp', requestId: 'CR-2', at: clock.now() });
    });
    // "the code was generated 70 minutes ago": its expiry is already behind us
    await timers.schedule({ id: 'CR-2.c1.exp', requestId: 'CR-2', at: t0 - 10 * MIN });
    await clock.advance(0);
    expect(fired.map((f) => f.id)).toEqual(['CR-2.c1.exp', 'CR-2.c2.exp']);
    await timers.close();
  });

  it('never fires a cancelled timer when the clock passes it', async () => {
    const { clock, timers, fired, t0 } = setup();
    await timers.start(async (job) => void fired.push({ id: job.id, at: job.at, now: clock.now() }));
    await timers.schedule({ id: 'CR-3.c1.w15', requestId: 'CR-3', at: t0 + 45 * MIN });
    await timers.cancel('CR-3.c1.w15');
    await clock.advance(60 * MIN);
    expect(fired).toEqual([]);
    await timers.close();
  });

  it('retries a failing handler with growing backoff, then gives up', async () => {
    const { clock, timers, t0 } = setup({ attempts: 3, backoffMs: 1000 });
    const tries: number[] = [];
    await timers.start(async () => {
      tries.push(clock.now() - t0);
      throw new Error('Slack is down');
    });
    await timers.schedule({ id: 'CR-4.c1.w5', requestId: 'CR-4', at: t0 + 1000 });
    await clock.advance(1000);
    await clock.advance(999);
    expect(tries).toEqual([1000]);
    await clock.advance(1); // first retry 1 s later
    await clock.advance(2000); // second retry 2 s after that
    await clock.advance(60 * MIN);
    expect(tries).toEqual([1000, 2000, 4000]);
    expect(timers.size).toBe(0);
    await timers.close();
  });

  it('holds timers until a handler starts, and stops firing once closed', async () => {
    const { clock, timers, fired, t0 } = setup();
    await timers.schedule({ id: 'CR-5.c1.w5', requestId: 'CR-5', at: t0 + MIN });
    await clock.advance(2 * MIN);
    await timers.start(async (job: TimerJob) => void fired.push({ id: job.id, at: job.at, now: clock.now() }));
    await clock.advance(0);
    expect(fired.map((f) => f.id)).toEqual(['CR-5.c1.w5']);
    await timers.schedule({ id: 'CR-5.c1.exp', requestId: 'CR-5', at: t0 + 5 * MIN });
    await timers.close();
    await clock.advance(10 * MIN);
    expect(fired).toHaveLength(1);
    await expect(timers.schedule({ id: 'CR-5.c2.exp', requestId: 'CR-5', at: t0 })).rejects.toThrow(/closed/);
  });

  it('scales clock time down to real time when asked (timeScale)', async () => {
    const timers = new MemoryTimers({ clock: systemClock, timeScale: 60 });
    const firedAt: number[] = [];
    await timers.start(async () => void firedAt.push(Date.now()));
    const start = Date.now();
    await timers.schedule({ id: 'CR-6.c1.w5', requestId: 'CR-6', at: start + 12_000 }); // 12 s of clock = 200 ms real
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(firedAt).toHaveLength(1);
    expect(firedAt[0]! - start).toBeGreaterThanOrEqual(190);
    expect(firedAt[0]! - start).toBeLessThan(450);
    await timers.close();
  });
});

describe('memory store', () => {
  it('forgets a once-key when the clock passes its TTL', async () => {
    const clock = new ManualClock();
    const reservations = new MemoryReservations({ clock });
    expect(await reservations.reserve('slack:event:Ev9', 5 * MIN)).toBe(true);
    await clock.advance(5 * MIN - 1);
    expect(await reservations.reserve('slack:event:Ev9', 5 * MIN)).toBe(false);
    await clock.advance(1);
    expect(await reservations.reserve('slack:event:Ev9', 5 * MIN)).toBe(true);
  });

  it('does not let a caller change stored state through the objects it passed in or got back', async () => {
    const store = new MemoryStore({ clock: new ManualClock() });
    const request = sampleRequest('CR-7', 1000);
    await store.create(request);
    request.device.photos.push({ url: 'https://evil.example/x.jpg' });
    const updated = await store.update('CR-7', (r) => {
      r.audit.push({ at: 2000, actor: 'test', action: 'poked' });
      return r;
    });
    updated!.audit.length = 0;
    const stored = await store.get('CR-7');
    expect(stored!.device.photos).toHaveLength(1);
    expect(stored!.audit.map((a) => a.action)).toEqual(['opened', 'poked']);
  });
});
