import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { PendingRequests } from '../../src/lib/pending-requests.js';

const response = () => new EventEmitter() as unknown as ServerResponse;
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('work that waits for the requests still waiting for their answer', () => {
  it('goes at once when no request is waiting', async () => {
    const pending = new PendingRequests();
    let ran = false;
    await pending.quiet(1000).then(() => (ran = true));
    expect(ran).toBe(true);
  });

  it('waits while a request waits for its answer, and goes once it is answered', async () => {
    const pending = new PendingRequests();
    const res = response();
    pending.track(res);
    let ran = false;
    void pending.quiet(10_000).then(() => (ran = true));
    for (let i = 0; i < 5; i++) await turn();
    expect(ran).toBe(false);
    res.emit('finish');
    res.emit('close'); // both come for one response; it is counted once
    for (let i = 0; i < 3; i++) await turn();
    expect(ran).toBe(true);
  });

  it('counts a dropped connection as answered', async () => {
    const pending = new PendingRequests();
    const res = response();
    pending.track(res);
    const done = pending.quiet(10_000);
    res.emit('close');
    await expect(done).resolves.toBeUndefined();
  });

  it('lets waiting work go one piece per turn, and stops as soon as a new request comes in', async () => {
    const pending = new PendingRequests();
    const first = response();
    pending.track(first);
    const ran: number[] = [];
    for (let i = 0; i < 5; i++) void pending.quiet(10_000).then(() => ran.push(i));
    first.emit('finish');
    await turn();
    await turn();
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.length).toBeLessThan(5);
    const second = response();
    pending.track(second);
    const before = ran.length;
    for (let i = 0; i < 5; i++) await turn();
    expect(ran.length).toBe(before);
    second.emit('finish');
    for (let i = 0; i < 10; i++) await turn();
    expect(ran).toEqual([0, 1, 2, 3, 4]);
  });

  it('never waits longer than it was told to, however busy it stays', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const pending = new PendingRequests();
      pending.track(response()); // never answered
      let ran = 0;
      for (let i = 0; i < 3; i++) void pending.quiet(200).then(() => ran++);
      await vi.advanceTimersByTimeAsync(199);
      expect(ran).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      for (let i = 0; i < 5; i++) await turn();
      expect(ran).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
