import { afterEach, expect, it } from 'vitest';
import { AGENT, CODE, DETAILS, FIELD, SUPPORT, SlackWorld, TECH, describeDrivers, textOf } from '../../support/slack/harness.js';
import { messageEvent, signature } from '../../support/slack/requests.js';

describeDrivers('Slack security and delivery', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const posts = () =>
    w!.fake.calls.filter((c) => c.method.startsWith('chat.') || c.method.startsWith('views.') || c.method === 'response_url');

  it('answers 401 to a forged signature and posts nothing', async () => {
    w = await SlackWorld.start({ driver });
    const ts = Math.floor(Date.now() / 1000);
    const forged = signature('not-the-secret', ts, 'anything');
    expect((await w.slack.command({ user: TECH, channel: FIELD }, { signature: forged })).status).toBe(401);
    expect(
      (await w.slack.event(messageEvent({ user: TECH, channel: FIELD, text: 'hi', thread_ts: '1.2' }), { signature: forged })).status,
    ).toBe(401);
    expect(
      (
        await w.slack.click(
          { user: AGENT, actionId: 'camreset.claim', value: 'CR-2345', channel: SUPPORT, messageTs: '1.2' },
          { signature: 'v0=00' },
        )
      ).status,
    ).toBe(401);
    await w.fake.quiet(200);
    expect(posts()).toEqual([]);
  });

  it('answers 401 to a correctly signed request with a stale timestamp and posts nothing', async () => {
    w = await SlackWorld.start({ driver });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await w.slack.command({ user: TECH, channel: FIELD, text: 'help' }, { timestamp: sixMinutesAgo });
    expect(res.status).toBe(401);
    await w.fake.quiet(200);
    expect(posts()).toEqual([]);
  });

  it("answers Slack's URL verification challenge", async () => {
    w = await SlackWorld.start({ driver });
    const res = await w.slack.send(JSON.stringify({ token: 't', challenge: 'abc123', type: 'url_verification' }), 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toContain('abc123');
  });

  it('acks a slash command at once, even while Slack makes it wait to post', async () => {
    w = await SlackWorld.start({ driver });
    w.fake.rateLimitOnce('chat.postMessage', { channel: FIELD, retryAfter: 2 });
    const started = Date.now();
    const res = await w.slack.command({ user: TECH, channel: FIELD });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    await w.fake.waitFor(() => w!.fake.messages(FIELD).length > 0, 'the thread', 8000);
  });

  it('posts once for an event Slack retries', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    const event = messageEvent({ user: TECH, channel: t.channel, thread_ts: t.thread, text: CODE });
    const first = await w.slack.event(event);
    await w.reply(t, /Got the challenge code/);
    await w.fake.quiet(300);
    const answered = w.replies(t).length;
    // A retry that got through would be read as the same code again and answered ("That is
    // the code I already have"): any reply after the first one means the retry was handled.
    await w.slack.event(event, { eventId: first.eventId, retryNum: 1, retryReason: 'http_timeout' });
    await w.slack.event(event, { eventId: first.eventId, retryNum: 2, retryReason: 'http_timeout' });
    await w.fake.quiet(300);
    expect(w.replies(t)).toHaveLength(answered);
    expect(w.replies(t).filter((m) => /Got the challenge code/.test(textOf(m)))).toHaveLength(1);
  });

  it('ignores messages from bots, its own included', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    const before = w.replies(t).length;
    await w.slack.event({
      ...messageEvent({ user: w.fake.botUserId, channel: t.channel, thread_ts: t.thread, text: CODE }),
      bot_id: w.fake.botId,
      subtype: 'bot_message',
    });
    await w.slack.event({ ...messageEvent({ user: 'UOTHERBOT', channel: t.channel, thread_ts: t.thread, text: CODE }), bot_id: 'BOTHER' });
    await w.fake.quiet(300);
    expect(w.replies(t)).toHaveLength(before);
    expect((await w.app.desk.get(t.id))!.challenge).toBeUndefined();
  });

  it('honours a 429 with Retry-After and loses nothing', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    await w.say(t, `${CODE}\n${DETAILS}`);
    await w.reply(t, /Everything is here/);
    w.fake.rateLimitOnce('chat.postMessage', { channel: SUPPORT, retryAfter: 1 });
    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    const attempts = w.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === SUPPORT);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(textOf(card)).toContain(CODE);
    await w.reply(t, /is with support now/);
    expect(w.fake.messages(SUPPORT)).toHaveLength(1);
  });

  it('keeps within Block Kit limits when a technician pastes a huge message full of markup', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    const huge = '<!channel> & <https://evil.example|click me> '.repeat(150);
    await w.say(t, huge);
    const relayed = await w.reply(w.cardThread(t.card), /wrote:/);
    const text = textOf(relayed);
    expect(text).not.toMatch(/<!channel>|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click me&gt;');
    // The fake rejects anything over Slack's limits; stop() fails the test if it ever did.
  });

  it('tells the person privately when camreset cannot do it right now, without any error details', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    w.fake.failOnce('usergroups.users.list', 'fatal_error');
    await w.clickCard(t.card, 'claim', AGENT);
    const [r] = await w.ephemeralsFor(AGENT);
    const text = textOf(r!.args);
    expect(text).toMatch(/temporarily unavailable/);
    expect(text).not.toMatch(/fatal_error|Error|at .*\.ts/);
    expect((await w.app.desk.get(t.id))!.state).toBe('awaiting_support');
  });

  it('keeps the PUK and the challenge code out of the logs', async () => {
    w = await SlackWorld.start({ driver, logLevel: 'trace' });
    const t = await w.submitted();
    await w.pukInThread(t.card, 'PUK: PUK7X2Q9M4K8');
    await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH)).length, 'the PUK DM');
    await w.fake.quiet(200);
    expect(w.logs.length).toBeGreaterThan(0);
    expect(w.logs.filter((l) => l.includes('PUK7X2Q9M4K8') || l.includes(CODE))).toEqual([]);
  });

  if (driver === 'redis') {
    it('drops a retry that reaches another replica', async () => {
      w = await SlackWorld.start({ driver });
      const t = await w.begin();
      const other = await w.replica();
      const event = messageEvent({ user: TECH, channel: t.channel, thread_ts: t.thread, text: CODE });
      const first = await w.slack.event(event);
      await other.slack.event(event, { eventId: first.eventId, retryNum: 1 });
      await w.reply(t, /Got the challenge code/);
      await w.fake.quiet(300);
      expect(w.replies(t).filter((m) => /Got the challenge code/.test(textOf(m)))).toHaveLength(1);
    });
  }
});
