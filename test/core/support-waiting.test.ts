// Support that cannot be reached yet, as the core sees it: the platform says so
// (SupportNotConnectedError) when the card cannot be posted, the technician is told the request
// waits (its own words, never "with support now"), and supportConnected delivers the card and
// then "with support now". A request that ended meanwhile sends support nothing.

import { afterEach, describe, expect, it } from 'vitest';
import { noticeMessage } from '../../src/core/copy.js';
import { Desk } from '../../src/core/desk.js';
import type { Notice } from '../../src/core/notices.js';
import { SupportNotConnectedError } from '../../src/core/ports.js';
import type { ResetRequest } from '../../src/core/request.js';
import { plainText } from '../../src/core/rich.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { MemoryReservations } from '../../src/drivers/memory/reservations.js';
import { MemoryStore } from '../../src/drivers/memory/store.js';
import { MemoryTimers } from '../../src/drivers/memory/timers.js';
import { ManualClock } from '../support/clock.js';
import { CODE, DETAILS, RecordingOutbox, agent, tech } from '../support/desk.js';

/** An outbox whose support channel is unreachable until `connected` is set. */
class UnconnectedOutbox extends RecordingOutbox {
  connected = false;
  override async deliver(request: ResetRequest, notices: Notice[]): Promise<void> {
    if (!this.connected && !request.supportCard && notices.some((n) => n.kind === 'card')) throw new SupportNotConnectedError('teams');
    await super.deliver(request, notices);
  }
}

function setup() {
  const clock = new ManualClock();
  const settings = DEFAULT_SETTINGS;
  const store = new MemoryStore({ clock });
  const timers = new MemoryTimers({ clock });
  const outbox = new UnconnectedOutbox(clock, settings);
  const desk = new Desk({
    store,
    reservations: new MemoryReservations({ clock }),
    timers,
    clock,
    outbox,
    agents: { isAgent: async (a) => a.id === agent.id },
    settings,
  });
  const open = async () => ({ platform: 'teams' as const, channel: 'a:1personal', thread: undefined });
  return {
    desk,
    outbox,
    clock,
    store,
    close: () => timers.close(),
    async submit() {
      const started = await desk.start({ requester: tech, open, text: `${CODE}\n${DETAILS}` });
      if (!started.ok) throw new Error(started.refusal.code);
      const submitted = await desk.submit(started.request.id, tech);
      if (!submitted.ok) throw new Error(submitted.refusal.code);
      return submitted.request;
    },
  };
}

let t: ReturnType<typeof setup> | undefined;
afterEach(() => t?.close());

describe('the technician is told their request waits for support to connect', () => {
  it('in words of its own: the id, that it waits, the deadline; never "with support now"', () => {
    const request = {
      id: 'CR-7K3M',
      requester: { platform: 'teams', id: '29:tech' },
      conversation: { platform: 'teams', channel: 'a:1personal' },
      challenge: { code: CODE, receivedAt: 0, expiresAt: 3_600_000 },
    } as unknown as ResetRequest;
    const waiting = plainText(noticeMessage({ audience: 'requester', kind: 'support_waiting' }, request, 0, DEFAULT_SETTINGS)!);
    expect(waiting).toContain('CR-7K3M is ready, but support is not connected yet');
    expect(waiting).toContain('goes to support as soon as they connect');
    expect(waiting).not.toContain('with support now');
    const submitted = plainText(noticeMessage({ audience: 'requester', kind: 'submitted' }, request, 0, DEFAULT_SETTINGS)!);
    expect(submitted).toContain('with support now');
    expect(waiting).not.toBe(submitted);
  });

  it('instead of "with support now"; once support connects the card goes out first, then "with support now"', async () => {
    t = setup();
    const r = await t.submit();
    expect(t.outbox.technicianKinds()).toEqual(['welcome', 'summary', 'support_waiting']);
    expect(t.outbox.technicianKinds()).not.toContain('submitted');
    expect(t.outbox.kinds('card')).toEqual([]);

    // Tried again while still unreachable (the sweep, another connect): told once only.
    expect(await t.desk.supportConnected()).toBe(1);
    await t.desk.redeliver({ olderThanMs: 0 });
    expect(t.outbox.technicianKinds().filter((k) => k === 'support_waiting')).toHaveLength(1);

    t.outbox.clear();
    t.outbox.connected = true;
    await t.clock.advance(10_000);
    expect(await t.desk.supportConnected()).toBe(1);
    expect(t.outbox.sent.map((s) => s.notice.kind)).toEqual(['card', 'submitted']);
    const stored = await t.desk.get(r.id);
    expect(stored?.pendingNotices).toBeUndefined();
    // Nothing is left to send twice.
    expect(await t.desk.supportConnected()).toBe(0);
  });

  it('sends support nothing for a request cancelled while it waited, and never says "with support now"', async () => {
    t = setup();
    const r = await t.submit();
    await t.desk.cancel(r.id, tech);
    expect(t.outbox.technicianKinds()).toContain('cancelled');
    t.outbox.clear();
    t.outbox.connected = true;
    await t.desk.supportConnected();
    await t.desk.redeliver({ olderThanMs: 0 });
    expect(t.outbox.sent.map((s) => s.notice.kind)).toEqual([]);
    expect((await t.desk.get(r.id))?.pendingNotices).toBeUndefined();
  });
});
