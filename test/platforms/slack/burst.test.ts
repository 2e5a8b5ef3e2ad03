import { afterEach, expect, it } from 'vitest';
import { CODE, DETAILS, SLACK_PACE, SUPPORT, SlackWorld, type Thread, describeDrivers } from '../../support/slack/harness.js';
import { REQUEST_ID } from '../../support/request-id.js';

const BURST = 20;

describeDrivers('Slack under a burst', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  it(`brings a burst of ${BURST} requests in 4 seconds to the support channel at Slack's pace: complete, in order, once each, with no 429`, async () => {
    w = await SlackWorld.start({ driver, env: SLACK_PACE });
    // Technicians, each in their own channel, each with a request ready to submit.
    const ready: Thread[] = [];
    for (let batch = 0; batch < BURST / 10; batch++) {
      ready.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            const n = String(batch * 10 + i + 1).padStart(3, '0');
            const t = await w!.begin(`UT${n}`, `CSITE${n}`);
            await w!.say(t, `${CODE}\n${DETAILS}`);
            await w!.reply(t, /Everything is here/);
            return t;
          }),
        )),
      );
    }
    // Slack's posting limit, one a second per channel, with no burst allowance to lean on.
    w.fake.limitPostsPerChannel({ perSecond: 1, burst: 1 });
    const started = Date.now();
    for (const [i, t] of ready.entries()) {
      const res = await w.click(t, 'submit', t.user);
      expect(res.status).toBe(200);
      const wait = started + (i + 1) * 200 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }

    const cards = await w.fake.waitFor(
      () => {
        const c = w!.fake.messages(SUPPORT).filter((m) => !m.thread_ts);
        return c.length === BURST ? c : undefined;
      },
      `${BURST} cards`,
      BURST * 1500 + 5000,
    );
    expect(cards.map((c) => REQUEST_ID.exec(c.text)![0])).toEqual(ready.map((t) => t.id));

    const posts = w.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === SUPPORT);
    expect(posts.filter((c) => c.status === 429)).toEqual([]);
    const at = posts.map((c) => c.at);
    // The channel was quiet: the first card is not held back.
    expect(at[0]! - started).toBeLessThan(1000);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(1000);
    // ...and the backlog drains at close to Slack's rate.
    expect(at.at(-1)! - at[0]!).toBeLessThan((BURST - 1) * 1250);

    await Promise.all(ready.map((t) => w!.reply(t, /is with support now/)));
    await w.fake.quiet(500);
    expect(w.fake.postedTwice()).toEqual([]);
  }, 90_000);
});
