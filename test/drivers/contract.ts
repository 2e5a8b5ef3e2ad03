// The one behaviour every store-and-timers driver pair must show, run against the memory
// drivers and against Redis + BullMQ with the same cases, in real time with short delays.

import { expect, it } from 'vitest';
import type { KeyValueStore, RequestStore, Reservations, TimerJob, Timers } from '../../src/core/ports.js';
import type { ResetRequest, State } from '../../src/core/request.js';
import { Desk } from '../../src/core/desk.js';
import { systemClock } from '../../src/core/ports.js';
import { RecordingOutbox } from '../support/desk.js';

export interface DriverPair {
  store: RequestStore;
  /** On the store's backend, as the drivers wire them. */
  keyValues: KeyValueStore;
  reservations: Reservations;
  timers: Timers;
  /** Closes this pair; may be called more than once. */
  close: () => Promise<void>;
  /** Another process over the same backend (a replica, or the same service after a restart). */
  makeSecond?: () => Promise<Omit<DriverPair, 'makeSecond'>>;
}

export interface ContractOptions {
  /** The backend outlives an instance and is shared between instances (Redis: yes; memory: no). */
  shared: boolean;
}

export const CODE = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';
export const PUK = 'PUK-8842-1177-ZZQ';

export function sampleRequest(id: string, createdAt: number, state: State = 'collecting'): ResetRequest {
  return {
    id,
    state,
    requester: { platform: 'slack', id: 'U0TECH1', name: 'Tina Tech' },
    conversation: { platform: 'slack', channel: 'C0FIELD', thread: `${createdAt / 1000}.000100` },
    device: {
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
      photos: [{ url: 'https://files.slack.com/files-pri/T0/F0/label.jpg', name: 'label.jpg' }],
      documents: [],
    },
    previousChallenges: [],
    firedTimers: [],
    audit: [{ at: createdAt, actor: 'slack:U0TECH1', action: 'opened' }],
    createdAt,
    updatedAt: createdAt,
  };
}

/** Counts without the states at zero (a driver may keep a state it once counted at 0). */
export function nonZero(counts: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter((e): e is [string, number] => !!e[1]));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Records every delivery so a test can check what fired, when, and how often. */
function recorder() {
  const fired: Array<TimerJob & { firedAt: number; by: string }> = [];
  const handler = (by: string) => async (job: TimerJob) => {
    fired.push({ ...job, firedAt: Date.now(), by });
  };
  const count = (id: string) => fired.filter((f) => f.id === id).length;
  return { fired, handler, count };
}

export function storeAndTimersContract(
  name: string,
  make: () => Promise<DriverPair>,
  { shared }: ContractOptions = { shared: false },
): void {
  const withPair = async (test: (pair: DriverPair) => Promise<void>) => {
    const pair = await make();
    try {
      await test(pair);
    } finally {
      await pair.close();
    }
  };
  const story = (title: string, test: (pair: DriverPair) => Promise<void>, timeout = 15_000) =>
    it(`${name}: ${title}`, () => withPair(test), timeout);
  const sharedStory = (title: string, test: (pair: DriverPair) => Promise<void>, timeout = 20_000) =>
    it.runIf(shared)(`${name}: ${title}`, () => withPair(test), timeout);

  story('keeps a request through its whole lifecycle, with links and the open list', async ({ store }) => {
    const t0 = Date.parse('2026-11-26T14:00:00Z');
    // Created out of order on purpose: the open list is ordered by createdAt, not by arrival.
    await store.create(sampleRequest('CR-LATE', t0 + 2000));
    await store.create(sampleRequest('CR-MAIN', t0));
    await store.create(sampleRequest('CR-MID', t0 + 1000));
    await expect(store.create(sampleRequest('CR-MAIN', t0))).rejects.toThrow(/exists/);

    const original = sampleRequest('CR-MAIN', t0);
    expect(await store.get('CR-MAIN')).toEqual(original);
    expect(await store.get('CR-NOPE')).toBeUndefined();

    const submitted = await store.update('CR-MAIN', (r) => ({
      ...r,
      state: 'awaiting_support',
      challenge: { seq: 1, code: CODE, receivedAt: t0 + 60_000, expiresAt: t0 + 3_660_000 },
      audit: [...r.audit, { at: t0 + 60_000, actor: 'slack:U0TECH1', action: 'submitted' }],
      updatedAt: t0 + 60_000,
    }));
    expect(submitted?.challenge?.code).toBe(CODE);

    const returned = await store.get('CR-MAIN');
    returned!.device.model = 'tampered by caller';
    expect((await store.get('CR-MAIN'))?.device.model).toBe('NDE-5503-AL');

    await store.update('CR-MAIN', (r) => ({ ...r, state: 'claimed', claimedBy: { platform: 'slack', id: 'U0AGENT' } }));
    const delivered = await store.update('CR-MAIN', (r) => ({
      ...r,
      state: 'puk_delivered',
      puk: { value: PUK, sentBy: { platform: 'slack', id: 'U0AGENT' }, sentAt: t0 + 120_000 },
    }));
    expect(delivered?.puk?.value).toBe(PUK);
    expect(await store.get('CR-MAIN')).toEqual(delivered);

    await store.link('slack:C0FIELD:1', 'CR-MAIN');
    await store.link('slack:C0FIELD:1', 'CR-MAIN'); // idempotent
    await store.link('slack:C0SUPPORT:9', 'CR-MAIN');
    await store.link('slack:C0FIELD:2', 'CR-MID');
    expect(await store.resolve('slack:C0FIELD:1')).toBe('CR-MAIN');
    expect(await store.resolve('slack:C0SUPPORT:9')).toBe('CR-MAIN');
    expect(await store.resolve('slack:C0FIELD:unknown')).toBeUndefined();
    await store.link('slack:C0FIELD:2', 'CR-LATE'); // a key points at one request at a time
    expect(await store.resolve('slack:C0FIELD:2')).toBe('CR-LATE');

    expect((await store.listOpen()).map((r) => r.id)).toEqual(['CR-MAIN', 'CR-MID', 'CR-LATE']);

    const done = await store.update('CR-MAIN', (r) => ({
      ...r,
      state: 'completed',
      audit: [...r.audit, { at: t0 + 300_000, actor: 'slack:U0TECH1', action: 'completed' }],
    }));
    expect(done?.state).toBe('completed');
    await store.update('CR-MID', (r) => ({ ...r, state: 'expired' })); // expired is still open
    expect((await store.listOpen()).map((r) => r.id)).toEqual(['CR-MID', 'CR-LATE']);
    // The audit trail of an ended request stays readable, and so do its links.
    expect((await store.get('CR-MAIN'))?.audit.map((a) => a.action)).toEqual(['opened', 'submitted', 'completed']);
    expect(await store.resolve('slack:C0FIELD:1')).toBe('CR-MAIN');
  });

  story('counts open requests by state, moved by every create and update, ended ones not at all', async ({ store }) => {
    const t0 = Date.now();
    expect(nonZero(await store.countOpen())).toEqual({});
    for (let i = 0; i < 4; i++) await store.create(sampleRequest(`CR-C${i}`, t0 + i));
    await store.create(sampleRequest('CR-CGONE', t0, 'cancelled'));
    expect(nonZero(await store.countOpen())).toEqual({ collecting: 4 });
    await store.update('CR-C0', (r) => ({ ...r, state: 'awaiting_support' }));
    await store.update('CR-C1', (r) => ({ ...r, state: 'awaiting_support' }));
    await store.update('CR-C1', (r) => ({ ...r, state: 'claimed' }));
    await store.update('CR-C1', (r) => ({ ...r, audit: [...r.audit, { at: t0, actor: 'test', action: 'noted' }] })); // same state
    await store.update('CR-C2', () => undefined); // no change
    await store.update('CR-C3', (r) => ({ ...r, state: 'expired' })); // expired is still open
    expect(nonZero(await store.countOpen())).toEqual({ collecting: 1, awaiting_support: 1, claimed: 1, expired: 1 });
    await store.update('CR-C1', (r) => ({ ...r, state: 'completed' }));
    await store.update('CR-C3', (r) => ({ ...r, state: 'cancelled' }));
    await store.update('CR-CGONE', (r) => ({ ...r, state: 'rejected' })); // ended to ended
    expect(nonZero(await store.countOpen())).toEqual({ collecting: 1, awaiting_support: 1 });
    // The same figures as counting the open list itself.
    const open = await store.listOpen();
    expect(nonZero(await store.countOpen())).toEqual(
      nonZero(Object.fromEntries(['collecting', 'awaiting_support'].map((s) => [s, open.filter((r) => r.state === s).length]))),
    );
  });

  story('never loses one of 50 changes appending to the audit at the same time', async ({ store }) => {
    const t0 = Date.now();
    await store.create(sampleRequest('CR-BUSY', t0));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.update('CR-BUSY', (r) => ({ ...r, audit: [...r.audit, { at: t0 + i, actor: 'test', action: `a${i}` }] })),
      ),
    );
    const audit = (await store.get('CR-BUSY'))!.audit.map((a) => a.action);
    expect(audit).toHaveLength(51);
    expect(new Set(audit).size).toBe(51);
  });

  story('resolves undefined when asked to change a request that does not exist', async ({ store }) => {
    let called = false;
    const result = await store.update('CR-GHOST', (r) => {
      called = true;
      return r;
    });
    expect(result).toBeUndefined();
    expect(called).toBe(false);
  });

  story('leaves a request as it was when the change decides there is nothing to do', async ({ store }) => {
    await store.create(sampleRequest('CR-SAME', 1000));
    const result = await store.update('CR-SAME', () => undefined);
    expect(result).toEqual(sampleRequest('CR-SAME', 1000));
  });

  story('remembers an event key once, and forgets it after its TTL', async ({ store, reservations }) => {
    expect(await reservations.reserve('slack:event:Ev01', 60_000)).toBe(true);
    expect(await reservations.reserve('slack:event:Ev01', 60_000)).toBe(false);
    expect(await reservations.reserve('slack:event:Ev02', 150)).toBe(true);
    expect(await reservations.reserve('slack:event:Ev02', 150)).toBe(false);
    await sleep(300);
    expect(await reservations.reserve('slack:event:Ev02', 150)).toBe(true);
    await store.ping();
  });

  story('keeps what platforms remember beside the requests: one value per key, the last one written', async ({ store, keyValues }) => {
    const reference = JSON.stringify({ conversation: { id: 'a:1TECH' }, serviceUrl: 'https://smba.trafficmanager.net/emea/' });
    expect(await keyValues.get('teams:timezone:aad-tech')).toBeUndefined();
    await keyValues.set('teams:timezone:aad-tech', 'Europe/Berlin');
    await keyValues.set('teams:personal:aad-tech', reference);
    await keyValues.set('teams:timezone:aad-tech', 'America/Chicago');
    expect(await keyValues.get('teams:timezone:aad-tech')).toBe('America/Chicago');
    expect(await keyValues.get('teams:personal:aad-tech')).toBe(reference);
    expect(await keyValues.get('teams:timezone:aad-other')).toBeUndefined();
    // A request's link under the same key is another thing, and changes no value.
    await store.create(sampleRequest('CR-KV', 1000));
    await store.link('teams:timezone:aad-tech', 'CR-KV');
    expect(await store.resolve('teams:timezone:aad-tech')).toBe('CR-KV');
    expect(await keyValues.get('teams:timezone:aad-tech')).toBe('America/Chicago');
  });

  sharedStory('shows a remembered value to every replica, and still after a restart', async (first) => {
    const second = await first.makeSecond!();
    try {
      await first.keyValues.set('teams:channel:19:support@thread.tacv2', '{"teamId":"19:team"}');
      expect(await second.keyValues.get('teams:channel:19:support@thread.tacv2')).toBe('{"teamId":"19:team"}');
      await second.keyValues.set('teams:channel:19:support@thread.tacv2', '{"teamId":"19:moved"}');
      expect(await first.keyValues.get('teams:channel:19:support@thread.tacv2')).toBe('{"teamId":"19:moved"}');
    } finally {
      await second.close();
    }
    await first.close();
    const third = await first.makeSecond!();
    try {
      expect(await third.keyValues.get('teams:channel:19:support@thread.tacv2')).toBe('{"teamId":"19:moved"}');
    } finally {
      await third.close();
    }
  });

  sharedStory('lets one replica alone take a key, whichever asks first', async (first) => {
    const second = await first.makeSecond!();
    try {
      const keys = Array.from({ length: 20 }, (_, i) => `request-id:CR-K${i}`);
      const taken = await Promise.all(
        keys.flatMap((key) => [first.reservations.reserve(key, 60_000), second.reservations.reserve(key, 60_000)]),
      );
      for (let i = 0; i < keys.length; i++) expect([taken[2 * i], taken[2 * i + 1]].filter(Boolean)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  story('knows which replicas are alive: each for the ttl it gave, renewed by saying so again', async ({ store }) => {
    await store.markAlive!('replica-a', 250);
    await store.markAlive!('replica-b', 60_000);
    expect([...(await store.aliveReplicas!(['replica-a', 'replica-b', 'replica-c']))].sort()).toEqual(['replica-a', 'replica-b']);
    await sleep(150);
    await store.markAlive!('replica-a', 250);
    await sleep(150);
    expect(await store.aliveReplicas!(['replica-a'])).toEqual(new Set(['replica-a']));
    await sleep(300);
    expect(await store.aliveReplicas!(['replica-a', 'replica-b'])).toEqual(new Set(['replica-b']));
    expect(await store.aliveReplicas!([])).toEqual(new Set());
  });

  story('fires timers at their time, earliest first', async ({ timers }) => {
    const rec = recorder();
    await timers.start(rec.handler('one'));
    const now = Date.now();
    await timers.schedule({ id: 'CR-T.c1.w5', requestId: 'CR-T', at: now + 400 });
    await timers.schedule({ id: 'CR-T.c1.w15', requestId: 'CR-T', at: now + 200 });
    await timers.schedule({ id: 'CR-T.c1.exp', requestId: 'CR-T', at: now + 600 });
    await waitFor(() => rec.fired.length === 3);
    expect(rec.fired.map((f) => f.id)).toEqual(['CR-T.c1.w15', 'CR-T.c1.w5', 'CR-T.c1.exp']);
    for (const f of rec.fired) {
      expect(f.requestId).toBe('CR-T');
      expect(f.firedAt).toBeGreaterThanOrEqual(f.at - 20);
      expect(f.firedAt - f.at).toBeLessThan(1000);
    }
  });

  story('never fires a cancelled timer, and fires one scheduled again after the cancel', async ({ timers }) => {
    const rec = recorder();
    await timers.start(rec.handler('one'));
    const now = Date.now();
    await timers.schedule({ id: 'CR-C.c1.w15', requestId: 'CR-C', at: now + 200 });
    await timers.schedule({ id: 'CR-C.c1.exp', requestId: 'CR-C', at: now + 300 });
    await timers.cancel('CR-C.c1.w15');
    await timers.cancel('CR-C.never-scheduled'); // not found is fine
    await timers.cancel('CR-C.c1.exp');
    await timers.schedule({ id: 'CR-C.c1.exp', requestId: 'CR-C', at: now + 350 });
    await waitFor(() => rec.count('CR-C.c1.exp') === 1);
    await sleep(300);
    expect(rec.count('CR-C.c1.w15')).toBe(0);
    expect(rec.count('CR-C.c1.exp')).toBe(1);
  });

  story('fires a timer scheduled twice only once', async ({ timers }) => {
    const rec = recorder();
    await timers.start(rec.handler('one'));
    const at = Date.now() + 200;
    await timers.schedule({ id: 'CR-D.c1.w5', requestId: 'CR-D', at });
    await timers.schedule({ id: 'CR-D.c1.w5', requestId: 'CR-D', at });
    await timers.schedule({ id: 'CR-D.c1.w5', requestId: 'CR-D', at: at + 100 });
    await waitFor(() => rec.count('CR-D.c1.w5') === 1);
    await sleep(400);
    expect(rec.count('CR-D.c1.w5')).toBe(1);
  });

  story('tries a timer again when its handler fails', async ({ timers }) => {
    const attempts: number[] = [];
    await timers.start(async (job) => {
      attempts.push(Date.now());
      if (attempts.length === 1) throw new Error(`Slack is down for ${job.id}`);
    });
    await timers.schedule({ id: 'CR-R.c1.w5', requestId: 'CR-R', at: Date.now() + 100 });
    await waitFor(() => attempts.length === 2, 5000);
    await sleep(200);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(900); // backed off about 1 s
  });

  sharedStory('never loses an update when two replicas change the same request at once', async (first) => {
    const second = await first.makeSecond!();
    try {
      await first.store.create(sampleRequest('CR-RACE', 1000));
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? first.store : second.store).update('CR-RACE', (r) => ({
            ...r,
            firedTimers: [...r.firedTimers, `t${i}`],
          })),
        ),
      );
      const seen = await second.store.get('CR-RACE');
      expect(new Set(seen!.firedTimers).size).toBe(40);
    } finally {
      await second.close();
    }
  });

  sharedStory('keeps the counts by state exact while two replicas move the same requests, and after a restart', async (first) => {
    const second = await first.makeSecond!();
    try {
      const ids = Array.from({ length: 10 }, (_, i) => `CR-N${i}`);
      for (const [i, id] of ids.entries()) await (i % 2 ? first : second).store.create(sampleRequest(id, 1000 + i));
      const steps: State[] = ['collecting', 'awaiting_support', 'claimed', 'needs_info', 'puk_delivered'];
      // Both replicas race to move every request one step further, several times over.
      await Promise.all(
        ids.flatMap((id) =>
          Array.from({ length: 8 }, (_, k) =>
            (k % 2 ? first : second).store.update(id, (r) => {
              const at = steps.indexOf(r.state);
              return at === steps.length - 1 ? undefined : { ...r, state: steps[at + 1]! };
            }),
          ),
        ),
      );
      await second.store.update('CR-N0', (r) => ({ ...r, state: 'completed' }));
      expect(nonZero(await first.store.countOpen())).toEqual({ puk_delivered: 9 });
    } finally {
      await second.close();
    }
    await first.close();
    const third = await first.makeSecond!();
    try {
      expect(nonZero(await third.store.countOpen())).toEqual({ puk_delivered: 9 });
    } finally {
      await third.close();
    }
  });

  sharedStory('fires a timer once even when two workers listen on the same queue', async (first) => {
    const second = await first.makeSecond!();
    try {
      const rec = recorder();
      await first.timers.start(rec.handler('first'));
      await second.timers.start(rec.handler('second'));
      const now = Date.now();
      const ids = Array.from({ length: 20 }, (_, i) => `CR-W${i}.c1.w5`);
      await Promise.all(
        ids.map((id, i) => (i % 2 ? first : second).timers.schedule({ id, requestId: id.slice(0, 5), at: now + 300 + i * 10 })),
      );
      await waitFor(() => rec.fired.length >= ids.length);
      await sleep(500);
      expect(rec.fired).toHaveLength(ids.length);
      for (const id of ids) expect(rec.count(id)).toBe(1);
    } finally {
      await second.close();
    }
  });

  sharedStory('after a restart, sees every open request and still fires the timers scheduled before it', async (first) => {
    const rec = recorder();
    await first.timers.start(rec.handler('first'));
    const now = Date.now();
    for (let i = 0; i < 5; i++) {
      await first.store.create(sampleRequest(`CR-P${i}`, now + i));
      await first.timers.schedule({ id: `CR-P${i}.c1.exp`, requestId: `CR-P${i}`, at: now + 1200 + i * 50 });
    }
    await first.store.create(sampleRequest('CR-PDONE', now - 1, 'cancelled'));
    await first.close(); // the process goes away well before its timers are due

    const second = await first.makeSecond!();
    try {
      expect((await second.store.listOpen()).map((r) => r.id)).toEqual(['CR-P0', 'CR-P1', 'CR-P2', 'CR-P3', 'CR-P4']);
      await second.timers.start(rec.handler('second'));
      await waitFor(() => rec.fired.length === 5, 8000);
      await sleep(300);
      expect(rec.fired.map((f) => f.by)).toEqual(Array(5).fill('second'));
      expect(rec.fired.map((f) => f.id).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `CR-P${i}.c1.exp`));
    } finally {
      await second.close();
    }
  });

  story('lets ended requests leave the open list, and lists only the requests with notices still to deliver', async ({ store }) => {
    const t0 = Date.parse('2026-11-26T14:00:00Z');
    const pending = [{ key: 'act.submit.1', at: t0, notices: [{ audience: 'card' as const, kind: 'card' as const }] }];
    await store.create(sampleRequest('CR-IDLE', t0));
    await store.create({ ...sampleRequest('CR-OWES', t0 + 1), pendingNotices: pending });
    await store.create(sampleRequest('CR-EXPD', t0 + 2, 'expired'));
    expect((await store.listUndelivered()).map((r) => r.id)).toEqual(['CR-OWES']);

    // The new end states leave the open list; one that still owes its last words stays listed as owing them.
    await store.update('CR-IDLE', (r) => ({ ...r, state: 'abandoned', pendingNotices: pending }));
    await store.update('CR-EXPD', (r) => ({ ...r, state: 'unconfirmed' }));
    expect((await store.listOpen()).map((r) => r.id)).toEqual(['CR-OWES']);
    expect((await store.listUndelivered()).map((r) => r.id)).toEqual(['CR-IDLE', 'CR-OWES']);

    // Delivered: off the list, open or ended.
    for (const id of ['CR-IDLE', 'CR-OWES']) {
      await store.update(id, (r) => {
        const { pendingNotices: _done, ...rest } = r;
        return rest;
      });
    }
    expect(await store.listUndelivered()).toEqual([]);
    expect((await store.listOpen()).map((r) => r.id)).toEqual(['CR-OWES']);
  });

  story(
    're-arms a request whose deadline moved: the timer made for the old moment fires no warning',
    async ({ store, reservations, timers }) => {
      // A code arrives; a second later the technician says it was generated a minute ago. With
      // warnings 3 s and 6 s after arrival, both moments are already behind the new deadline's.
      const settings = {
        validityMs: 60 * 60_000,
        warnBeforeMs: [60 * 60_000 - 3000, 60 * 60_000 - 6000],
        idleCloseMs: 24 * 60 * 60_000,
        supportLanguage: 'en' as const,
      };
      const outbox = new RecordingOutbox(systemClock, settings);
      const desk = new Desk({ store, reservations, timers, clock: systemClock, outbox, agents: { isAgent: async () => false }, settings });
      await timers.start((job) => desk.onTimer(job));
      const tech = { platform: 'slack' as const, id: 'U0TECH1' };
      let n = 0;
      const started = await desk.start({
        requester: tech,
        open: async () => ({ platform: 'slack', channel: 'C0FIELD', thread: `1.${++n}` }),
        text: CODE,
      });
      expect(started.ok).toBe(true);
      const id = started.ok ? started.request.id : '';
      const firstDeadline = (await store.get(id))!.challenge!.expiresAt;
      await sleep(1000);
      await desk.message(id, tech, 'it was generated 1 minute ago');
      const moved = (await store.get(id))!.challenge!.expiresAt;
      expect(firstDeadline - moved).toBeGreaterThan(55_000);
      await sleep(6500);
      expect(outbox.kinds().filter((k) => k === 'warning')).toEqual([]);
      expect((await store.get(id))!.audit.map((a) => a.action)).not.toContain('warned');
    },
    20_000,
  );

  story("keeps the technician's language through a save and a load, and no agent's", async ({ store }) => {
    const t0 = Date.parse('2026-11-26T14:00:00Z');
    const base = sampleRequest('CR-LANG', t0);
    await store.create({ ...base, requester: { ...base.requester, locale: 'de' } });
    expect((await store.get('CR-LANG'))?.requester.locale).toBe('de');
    // An agent acts in French; support reads SUPPORT_LANGUAGE, so the request keeps no agent's language.
    const agent = { platform: 'slack' as const, id: 'U0AGENT', locale: 'fr' as const };
    const claimed = await store.update('CR-LANG', (r) => ({
      ...r,
      state: 'claimed',
      claimedBy: agent,
      question: { text: 'Is the camera online?', askedBy: agent, at: t0 + 1 },
      requester: { ...r.requester, locale: 'nl' },
    }));
    expect(claimed?.requester.locale).toBe('nl');
    expect(claimed?.claimedBy).toEqual({ platform: 'slack', id: 'U0AGENT' });
    const loaded = await store.get('CR-LANG');
    expect(loaded).toEqual(claimed);
    expect(loaded?.question?.askedBy).toEqual({ platform: 'slack', id: 'U0AGENT' });
    expect((await store.listOpen()).find((r) => r.id === 'CR-LANG')?.requester.locale).toBe('nl');
  });

  sharedStory("shows the technician's language to another replica, and after a restart", async (first) => {
    const base = sampleRequest('CR-LANG2', Date.parse('2026-11-26T14:00:00Z'));
    await first.store.create({ ...base, requester: { ...base.requester, locale: 'es' } });
    const second = await first.makeSecond!();
    try {
      expect((await second.store.get('CR-LANG2'))?.requester.locale).toBe('es');
      await second.store.update('CR-LANG2', (r) => ({ ...r, requester: { ...r.requester, locale: 'it' } }));
    } finally {
      await second.close();
    }
    expect((await first.store.get('CR-LANG2'))?.requester.locale).toBe('it');
  });
}
