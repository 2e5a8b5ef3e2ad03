import { afterEach, expect, it } from 'vitest';
import { CODE, DETAILS, SUPPORT, SlackWorld, type Thread, describeDrivers } from '../../support/slack/harness.js';

describeDrivers('Slack under a burst', (driver) => {
  let w: SlackWorld;
  afterEach(async () => w?.stop());

  it('brings a burst of 50 requests in 10 seconds to the support channel, complete and in order', async () => {
    w = await SlackWorld.start({ driver });
    // Fifty technicians, each in their own channel, each with a request ready to submit.
    const ready: Thread[] = [];
    for (let batch = 0; batch < 5; batch++) {
      ready.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            const n = String(batch * 10 + i + 1).padStart(3, '0');
            const t = await w.begin(`UT${n}`, `CSITE${n}`);
            await w.say(t, `${CODE}\n${DETAILS}`);
            await w.reply(t, /Everything is here/);
            return t;
          }),
        )),
      );
    }
    // Slack's posting limit in the support channel: about one a second after a burst allowance.
    w.fake.limitPostsPerChannel({ perSecond: 2, burst: 28 });
    const started = Date.now();
    for (const [i, t] of ready.entries()) {
      const res = await w.click(t, 'submit', t.user);
      expect(res.status).toBe(200);
      const wait = started + (i + 1) * 200 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    expect(Date.now() - started).toBeLessThan(10_500);

    const cards = await w.fake.waitFor(() => {
      const c = w.fake.messages(SUPPORT).filter((m) => !m.thread_ts);
      return c.length === 50 ? c : undefined;
    }, '50 cards', 25_000);
    expect(cards.map((c) => /CR-\w{4}/.exec(c.text)![0])).toEqual(ready.map((t) => t.id));
    expect(w.fake.callsTo('chat.postMessage').some((c) => c.status === 429)).toBe(true);
  }, 60_000);
});
