// Replicas say they are alive (a short-lived key each); the messages a dead one was sending
// are taken over by another's sweep within seconds, each once and in order, while those of a
// live one, however slow, wait for the 30 s rule as before.
import { afterEach, describe, expect, it } from 'vitest';
import { Desk } from '../../src/core/desk.js';
import { RecordingOutbox, agent, createTestDesk } from '../support/desk.js';

const TTL = 2000;

describe('replica liveness and the redelivery sweep', () => {
  let t: ReturnType<typeof createTestDesk> | undefined;
  afterEach(async () => {
    await t?.timers.close();
  });

  /** Replica A commits a PUK and hangs while sending it (as a process SIGKILLed mid-send); B sweeps. */
  async function stuckOnA() {
    t = createTestDesk({ replica: 'A' });
    const r = await t.submitted();
    await t.store.markAlive('A', TTL);
    await t.store.markAlive('B', TTL);
    t.outbox.deliver = () => new Promise(() => undefined); // never returns: A is gone mid-send
    void t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    await new Promise((resolve) => setImmediate(resolve));
    const pending = (await t.desk.get(r.id))!.pendingNotices!;
    expect(pending.map((p) => p.by)).toEqual(['A']);
    const outboxB = new RecordingOutbox(t.clock, t.settings);
    const b = new Desk({
      store: t.store,
      reservations: t.reservations,
      timers: t.timers,
      clock: t.clock,
      outbox: outboxB,
      agents: t.agents,
      settings: t.settings,
      replica: 'B',
    });
    return { r, b, outboxB, t };
  }

  it("takes over a dead replica's messages at the second sweep after its key lapsed, each once and in order", async () => {
    const { r, b, outboxB, t } = await stuckOnA();
    expect(await b.redeliver()).toBe(0); // A is alive
    // A stops renewing (dead); B keeps renewing. Its key lapses after TTL.
    t.clock.set(t.clock.now() + TTL + 1);
    await t.store.markAlive('B', TTL);
    expect(await b.redeliver(), 'first sweep without A: not yet (A may be renewing after an outage)').toBe(0);
    t.clock.set(t.clock.now() + 1000);
    expect(await b.redeliver(), 'second sweep, a second later: taken over').toBe(1);
    expect(await b.redeliver()).toBe(0);
    expect(outboxB.technicianKinds()).toEqual(['puk', 'puk_sent_note']);
    expect(outboxB.kinds('card')).toEqual(['card']);
    const after = (await t.desk.get(r.id))!;
    expect(after.pendingNotices).toBeUndefined();
  });

  it("leaves a live replica's messages alone until the 30 s rule, and a replica back before the second sweep keeps its own", async () => {
    const { b, t } = await stuckOnA();
    for (let i = 0; i < 20; i++) {
      t.clock.set(t.clock.now() + 1000);
      await t.store.markAlive('A', TTL);
      expect(await b.redeliver(), `${i + 1} s on, A alive`).toBe(0);
    }
    // A's key lapses (a store outage, say) and A renews it before B looks a second time.
    t.clock.set(t.clock.now() + TTL + 1);
    expect(await b.redeliver()).toBe(0);
    await t.store.markAlive('A', TTL);
    t.clock.set(t.clock.now() + 1000);
    expect(await b.redeliver(), 'A said it is alive again').toBe(0);
    // 30 s after its last sign of life, even a live replica's messages are sent by the sweep.
    t.clock.set(t.clock.now() + 30_000);
    await t.store.markAlive('A', TTL);
    expect(await b.redeliver()).toBe(1);
  });
});
