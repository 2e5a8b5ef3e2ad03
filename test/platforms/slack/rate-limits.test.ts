import { afterEach, expect, it } from 'vitest';
import {
  AGENT,
  CODE2,
  DETAILS,
  SLACK_PACE,
  STRANGER,
  SUPPORT,
  SlackWorld,
  TECH,
  TECH2,
  describeDrivers,
  textOf,
} from '../../support/slack/harness.js';

const PUK = 'PUK7X2Q9M4K8';

describeDrivers('Slack rate limits', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const posts = (channel: string) => w!.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
  const pukDm = () => posts(w!.fake.dmOf(TECH)).find((c) => c.response.ok && JSON.stringify(c.args).includes(PUK));
  const unavailable = () =>
    w!.fake.calls.filter((c) => /temporarily unavailable/.test(textOf(c.args as { text?: string; blocks?: unknown })));

  it('sends the PUK to the technician while the support channel waits out a 429', async () => {
    w = await SlackWorld.start({ driver, env: SLACK_PACE });
    const t = await w.submitted();
    // A second request, ready to submit: its card is the post Slack holds back.
    const other = await w.begin(TECH2, 'CFIELD2');
    await w.say(other, `${CODE2}\n${DETAILS}`);
    await w.reply(other, /Everything is here/);
    w.fake.rateLimitOnce('chat.postMessage', { channel: SUPPORT, retryAfter: 4 });
    await w.click(other, 'submit', TECH2);
    const limited = await w.fake.waitFor(() => posts(SUPPORT).find((c) => c.status === 429), 'the 429 in the support channel');

    await w.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
    const dm = await w.fake.waitFor(pukDm, "the PUK's DM");
    expect(dm.at - limited.at).toBeLessThan(4000);
    expect(
      posts(SUPPORT).filter((c) => c.at > limited.at && c.at <= dm.at),
      'the support channel was still waiting',
    ).toEqual([]);

    // The held-back card goes out, once, when Slack said it could; then the PUK's note on the card.
    await w.fake.waitFor(() => w!.cards(other.id)[0], 'the held-back card', 10_000);
    const attempts = posts(SUPPORT).filter((c) => !c.args.thread_ts && String(c.args.text).startsWith(`${other.id} `));
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(4000);
    await w.reply(t, /PUK has been sent to you in a private message/);
    await w.fake.waitFor(
      () => /PUK sent by <@UAGENT1>/.test(textOf(w!.fake.messages(SUPPORT).find((m) => m.ts === t.card.ts)!)),
      'the card to say the PUK was sent',
      10_000,
    );
    await w.fake.quiet(300);
    expect(w.cards(other.id)).toHaveLength(1);
    expect(w.fake.postedTwice()).toEqual([]);
    expect(unavailable()).toEqual([]);
  }, 30_000);

  it('waits out a 429 on a card update, a private answer and opening a DM, and tells no one it failed', async () => {
    w = await SlackWorld.start({ driver, env: SLACK_PACE });
    const t = await w.submitted();

    w.fake.rateLimitOnce('chat.update', { retryAfter: 1 });
    await w.clickCard(t.card, 'claim', AGENT);
    await w.cardWhen(t, /Handled by <@UAGENT1>/);

    w.fake.rateLimitOnce('chat.postEphemeral', { retryAfter: 1 });
    await w.clickCard(t.card, 'claim', STRANGER);
    const [refusal] = await w.ephemeralsFor(STRANGER);
    expect(textOf(refusal!.args)).toMatch(/Only support agents can claim/);

    w.fake.rateLimitOnce('conversations.open', { retryAfter: 1 });
    await w.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
    await w.fake.waitFor(pukDm, "the PUK's DM");
    await w.cardWhen(t, /PUK sent by <@UAGENT1>/);

    await w.fake.quiet(300);
    for (const method of ['chat.update', 'chat.postEphemeral', 'conversations.open']) {
      const [first, second] = w.fake.callsTo(method);
      expect([first?.status, second?.status], method).toEqual([429, 200]);
      expect(second!.at - first!.at, method).toBeGreaterThanOrEqual(1000);
    }
    expect(w.fake.postedTwice()).toEqual([]);
    expect(unavailable()).toEqual([]);
  }, 30_000);

  it("waits out a 429 on the Home tab, which is not the posting client's", async () => {
    w = await SlackWorld.start({ driver, env: SLACK_PACE });
    w.fake.rateLimitOnce('views.publish', { retryAfter: 1 });
    await w.slack.event({ type: 'app_home_opened', user: TECH, channel: w.fake.dmOf(TECH), tab: 'home', event_ts: `${Date.now() / 1000}` });
    await w.fake.waitFor(() => w!.fake.callsTo('views.publish').find((c) => c.response.ok), 'the Home tab', 10_000);
    expect(w.fake.callsTo('views.publish').map((c) => c.status)).toEqual([429, 200]);
  });
});
