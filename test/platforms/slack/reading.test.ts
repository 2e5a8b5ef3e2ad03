// What a message means, told as Slack conversations through POST /slack/events: one story per
// rule of issue 11's "one place that reads what people say". The same stories run through Teams'
// /api/messages in test/platforms/teams/reading.test.ts; the rules themselves are tabled in
// test/core/reading.test.ts.

import { afterEach, describe, expect, it } from 'vitest';
import { AGENT, CODE, CODE2, DETAILS, FIELD, SlackWorld, TECH, hasButton, textOf } from '../../support/slack/harness.js';
import { messageEvent } from '../../support/slack/requests.js';
import { ManualClock } from '../../support/clock.js';

const PUK = 'PUK7K3M9Q2X8';
const minutes = (n: number) => n * 60_000;
const slackTime = (ms: number) => `<!date^${Math.floor(ms / 1000)}^{time}|`;

describe('Slack: one reader for what people write', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const stored = async (id: string) => (await w!.app.desk.get(id))!;
  const agentSays = (card: { channel: string; ts: string }, text: string) =>
    w!.slack.event(messageEvent({ user: AGENT, channel: card.channel, thread_ts: card.ts, text }));

  it('keeps the clock when the whole block is pasted again with one correction, and a different code replaces it and says so', async () => {
    const clock = new ManualClock();
    w = await SlackWorld.start({ driver: 'memory', clock });
    const t = await w.begin();
    await w.say(t, `${CODE}\n${DETAILS}`);
    await w.reply(t, /Everything is here/);
    const first = (await stored(t.id)).challenge!.expiresAt;

    await clock.advance(minutes(40));
    let from = w.replies(t).length;
    await w.say(t, `${CODE}\n${DETAILS.replace('FW 7.80.0128', 'FW 7.80.0129')}`);
    const summary = await w.reply(t, /Everything is here/, from);
    expect(textOf(summary)).toContain(`That is the code I already have; it expires at ${slackTime(first)}`);
    expect(textOf(summary)).toContain('7.80.0129');
    expect((await stored(t.id)).challenge!.expiresAt).toBe(first);

    from = w.replies(t).length;
    await w.say(t, CODE2);
    const replaced = await w.reply(t, /Replaced the challenge code with the new one/, from);
    expect(textOf(replaced)).toContain(slackTime(clock.now() + minutes(60)));
    expect((await stored(t.id)).challenge).toMatchObject({ code: CODE2, expiresAt: clock.now() + minutes(60) });
  });

  it('after the PUK, relays a 32-character token inside a sentence and asks before a message that is only a new code replaces the old one', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.submitted();
    await w.pukInThread(t.card, `PUK: ${PUK}`);
    await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => textOf(m).includes(PUK)), 'the PUK DM');

    await w.say(t, 'the page says: error id 3f2a9c0e1b7d4a6f8e2c5b9a0d3e7f1c');
    await w.reply(w.cardThread(t.card), /error id 3f2a9c0e1b7d4a6f8e2c5b9a0d3e7f1c/);
    expect(await stored(t.id)).toMatchObject({ state: 'puk_delivered', challenge: { code: CODE }, puk: { value: PUK } });

    let from = w.replies(t).length;
    await w.say(t, CODE);
    await w.reply(t, /That is the code I already have; it expires at/, from);

    from = w.replies(t).length;
    await w.say(t, CODE2);
    const asked = await w.reply(t, /Is this a new challenge code\?\* The PUK support sent is for the old one\./, from);
    expect(hasButton(asked, 'code_confirm') && hasButton(asked, 'code_keep')).toBe(true);
    expect(await stored(t.id)).toMatchObject({ state: 'puk_delivered', challenge: { code: CODE }, puk: { value: PUK } });

    await w.click(t, 'code_confirm', TECH);
    await w.reply(t, /New challenge code received/, from);
    const after = await stored(t.id);
    expect(after).toMatchObject({ state: 'awaiting_support', challenge: { code: CODE2 } });
    expect(after.puk).toBeUndefined();
  });

  it('a German technician answers "Ist das ein neuer Challenge-Code?" by typing: "ja" does what the button does, a later "ja" is words for support', async () => {
    w = await SlackWorld.start({ driver: 'memory', fake: (f) => f.user(TECH, 'jonas', { locale: 'de-DE' }) });
    const world = w;
    const started = await w.begin();
    await w.say(started, `${CODE}\n${DETAILS}`);
    await w.fake.waitFor(() => world.replies(started).find((m) => hasButton(m, 'submit')), 'the German summary');
    await w.click(started, 'submit', TECH);
    const t = { ...started, card: await w.cardOf(started.id) };
    await w.pukInThread(t.card, `PUK: ${PUK}`);
    await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => textOf(m).includes(PUK)), 'the PUK DM');

    let from = w.replies(t).length;
    await w.say(t, CODE2);
    await w.reply(t, /Ist das ein neuer Challenge-Code\?/, from);
    from = w.replies(t).length;
    await w.say(t, 'Ja!');
    const reopened = await w.reply(t, /./, from);
    expect(textOf(reopened)).not.toMatch(/Ist das ein neuer Challenge-Code/);
    expect(await stored(t.id)).toMatchObject({ state: 'awaiting_support', challenge: { code: CODE2 } });
    expect((await stored(t.id)).puk).toBeUndefined();

    // The question is answered: the next "ja" is for support, and replaces nothing.
    const card = w.cardThread(t.card);
    const cardFrom = w.replies(card).length;
    await w.say(t, 'ja');
    await w.reply(card, /\bja\b/, cardFrom);
    expect(await stored(t.id)).toMatchObject({ challenge: { code: CODE2 } });
  });

  it('a typed "no" keeps the code support is working on, and nothing reaches support', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.submitted();
    const from = w.replies(t).length;
    await w.say(t, CODE2);
    await w.reply(t, /Is this a new challenge code\?/, from);
    const cardBefore = w.replies(w.cardThread(t.card)).length;
    const privately = w.fake.ephemerals(TECH).length;
    await w.say(t, 'no');
    const [kept] = (await w.ephemeralsFor(TECH, privately + 1)).slice(privately);
    expect(JSON.stringify(kept!.args)).toMatch(/Kept the challenge code CR-\w+ already has; nothing changed/);
    expect(await stored(t.id)).toMatchObject({ state: 'awaiting_support', challenge: { code: CODE } });
    expect((await stored(t.id)).offeredCode).toBeUndefined();
    expect(w.replies(w.cardThread(t.card)).length).toBe(cardBefore);
  });

  it('reads an answer first as the field it asked for: a 32-character serial is the serial, not a new code', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.begin(TECH, FIELD, CODE);
    await w.say(t, 'NDE-5503-AL\n00:07:5F:12:34:56\n7.80.0128');
    await w.reply(t, /serial number/);
    const serial = '40475473400105010240475473400105';
    await w.say(t, serial);
    const summary = await w.reply(t, /Everything is here/);
    expect(textOf(summary)).toContain(`*Serial:* ${serial}`);
    expect(textOf(summary)).toContain('```' + CODE + '```');
    expect((await stored(t.id)).challenge!.code).toBe(CODE);
  });

  it("relays an agent's words in the card's thread, and sends a PUK-shaped reply only once the agent confirms it privately", async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.submitted();
    for (const text of ['PUK will follow shortly', '8712345678', '404754734001050102', 'NDE-5503-AL']) {
      const from = w.replies(t).length;
      await agentSays(t.card, text);
      await w.reply(t, new RegExp(`Support asks:\\* ${text}`), from);
    }
    expect((await stored(t.id)).puk).toBeUndefined();

    const before = w.fake.ephemerals(AGENT).length;
    await agentSays(t.card, `PUK: ${PUK}`);
    const [question] = (await w.ephemeralsFor(AGENT, before + 1)).slice(before);
    expect(textOf(question!.args)).toContain('Send `PUK7…` to <@UTECH1> as the PUK');
    expect(question!.args.thread_ts).toBe(t.card.ts);
    await w.fake.quiet(100);
    expect((await stored(t.id)).puk).toBeUndefined();
    expect(w.fake.messages(w.fake.dmOf(TECH)).filter((m) => textOf(m).includes(PUK))).toEqual([]);

    await w.answerPrivately(AGENT, 'puk_confirm', before);
    await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => textOf(m).includes(PUK)), 'the PUK DM');
    expect((await stored(t.id)).state).toBe('puk_delivered');
  });

  it('never takes a command word inside a sentence for a command, and asks before starting another request in an open one', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.begin(TECH, FIELD, CODE);
    await w.say(t, 'Cancel my last message, the MAC is 00:07:5F:12:34:56');
    await w.reply(t, /Got it: MAC address 00:07:5F:12:34:56/);
    expect((await stored(t.id)).state).toBe('collecting');

    const before = w.fake.ephemerals(TECH).length;
    await w.say(t, 'camreset');
    const [asked] = (await w.ephemeralsFor(TECH, before + 1)).slice(before);
    expect(textOf(asked!.args)).toContain(`Continue ${t.id} or start a new one?`);
    await w.answerPrivately(TECH, 'continue_request', before);
    await w.fake.waitFor(
      () =>
        w!.fake
          .ephemerals(TECH)
          .slice(before)
          .find((c) => textOf(c.args).includes(`Carrying on with ${t.id}`)),
      'carrying on',
    );
    const parents = () => w!.fake.messages(FIELD).filter((m) => !m.thread_ts && /Camera password reset CR-/.test(m.text));
    expect(parents()).toHaveLength(1);

    await w.answerPrivately(TECH, 'start_new', before);
    await w.fake.waitFor(() => parents().length === 2, 'a second request thread');
    expect((await stored(t.id)).state).toBe('collecting');
  });

  it('answers commands typed in the DM with the bot, and takes no command word inside a sentence there for one', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.begin(TECH, FIELD, CODE);
    const dm = w.fake.dmOf(TECH);
    let before = w.fake.ephemerals(TECH).length;
    await w.slack.event(messageEvent({ user: TECH, channel: dm, text: 'status' }));
    const [status] = (await w.ephemeralsFor(TECH, before + 1)).slice(before);
    expect(textOf(status!.args)).toContain(`${t.id}* — details being entered`);

    before = w.fake.ephemerals(TECH).length;
    await w.slack.event(messageEvent({ user: TECH, channel: dm, text: `Cancel ${t.id} once support calls me back` }));
    const [help] = (await w.ephemeralsFor(TECH, before + 1)).slice(before);
    expect(textOf(help!.args)).toContain('/camreset cancel [id]');
    expect((await stored(t.id)).state).toBe('collecting');

    await w.slack.event(messageEvent({ user: TECH, channel: dm, text: `cancel ${t.id}` }));
    await w.reply(t, new RegExp(`${t.id} is cancelled`));
  });

  it('reads firmware written "6.51 build 26" as 6.51.0026, and a MAC on the same line as the code', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.begin();
    await w.say(t, `${CODE} 00:07:5F:12:34:56`);
    const got = await w.reply(t, /Got the challenge code/);
    expect(textOf(got)).toContain('MAC address 00:07:5F:12:34:56');
    await w.say(t, 'Model NDE-5503-AL\nFW 6.51 build 26\nSN 404754734001050102');
    const summary = await w.reply(t, /Everything is here/);
    expect(textOf(summary)).toContain('*Firmware:* 6.51.0026');
  });
});
