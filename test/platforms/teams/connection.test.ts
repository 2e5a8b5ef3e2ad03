// How often the operator hears that the Teams support channel is not reachable: at start, then
// every 5 minutes while it stays so, never per request; silent once the channel is known, on
// this replica or another (the place is in the shared store).

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Desk } from '../../../src/core/desk.js';
import { createLogger } from '../../../src/logger.js';
import { MemoryKeyValues } from '../../../src/drivers/memory/key-values.js';
import { AddressBook } from '../../../src/platforms/teams/addresses.js';
import { NOT_CONNECTED_REMINDER_MS, SupportConnection } from '../../../src/platforms/teams/connection.js';

const CHANNEL = '19:support-channel@thread.tacv2';
const PLACE = { serviceUrl: 'https://smba.trafficmanager.net/emea/', teamId: '19:team@thread.tacv2' };

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const logs: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const store = new MemoryKeyValues();
  const flushed: number[] = [];
  const desk = { supportConnected: async () => (flushed.push(Date.now()), 0) } as unknown as Desk;
  const connection = new SupportConnection({ desk, addresses: new AddressBook(store), channel: CHANNEL, logger, warn: true });
  const said = () => logs.filter((l) => l.includes('Teams support channel is not reachable yet')).length;
  return { connection, store, logs, flushed, said };
}

describe('the "support channel not reachable" reminder', () => {
  it('is said at start and every 5 minutes while nothing is learned, then stops once the channel is', async () => {
    vi.useFakeTimers();
    const t = setup();
    await t.connection.start();
    expect(t.said()).toBe(1);
    await vi.advanceTimersByTimeAsync(NOT_CONNECTED_REMINDER_MS - 1000);
    expect(t.said()).toBe(1);
    await vi.advanceTimersByTimeAsync(2 * NOT_CONNECTED_REMINDER_MS);
    expect(t.said()).toBe(3);
    await t.connection.learned(PLACE);
    expect(t.flushed).toHaveLength(1);
    expect(t.logs.some((l) => l.includes('Teams support channel connected'))).toBe(true);
    await vi.advanceTimersByTimeAsync(3 * NOT_CONNECTED_REMINDER_MS);
    expect(t.said()).toBe(3);
    // Traffic in the channel later changes nothing: delivered once, on the transition.
    await t.connection.learned(PLACE);
    expect(t.flushed).toHaveLength(1);
    t.connection.stop();
  });

  it('stops when another replica learned the channel, and is silent at a start where it is known', async () => {
    vi.useFakeTimers();
    const t = setup();
    await t.connection.start();
    await new AddressBook(t.store).rememberChannel(CHANNEL, PLACE);
    await vi.advanceTimersByTimeAsync(3 * NOT_CONNECTED_REMINDER_MS);
    expect(t.said()).toBe(1);
    expect(await t.connection.connected()).toBe(true);
    t.connection.stop();

    const again = setup();
    await new AddressBook(again.store).rememberChannel(CHANNEL, PLACE);
    await again.connection.start();
    expect(again.said()).toBe(0);
    // What a process stopped before delivering is sent at start.
    expect(again.flushed).toHaveLength(1);
    again.connection.stop();
  });
});
