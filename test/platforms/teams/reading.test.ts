// What a message means, told as Teams conversations through POST /api/messages (the technician
// in their 1:1 chat, agents in the support channel): the same stories as
// test/platforms/slack/reading.test.ts, so both platforms keep one set of rules.

import { afterEach, describe, expect, it } from 'vitest';
import { formatClockTime } from '../../../src/core/deadlines.js';
import { ManualClock } from '../../support/clock.js';
import { SUPPORT_CHANNEL, channelMessage, personalChat, personalMessage, users } from '../../support/teams/activities.js';
import { textOf } from '../../support/teams/connector.js';
import { startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import { CODE, DETAILS, PUK, answerPrivately, pukInThread, requestIdIn, submitInChat, verbs } from '../../support/teams/story.js';
import { cardsOf } from '../../support/teams/connector.js';

const CODE2 = 'Z9Y8X7W6V5U4T3S2R1Q0P9N8M7L6K5J4';
const minutes = (n: number) => n * 60_000;
const chat = personalChat(users.tech);
const berlin = (ms: number) => formatClockTime(ms, users.tech.timeZone);

describe('Teams: one reader for what people write', () => {
  let h: TeamsHarness;
  // A test whose startTeams failed leaves `h` unassigned.
  afterEach(async () => (h as TeamsHarness | undefined)?.close());

  const stored = async (id: string) => (await h.app.desk.get(id))!;
  const say = (text: string) => h.bot.send(personalMessage(h.connector.url, users.tech, text));
  /** The first message in the technician's chat after `from` whose words match. */
  const reply = (pattern: RegExp, from = 0) =>
    h.connector.waitFor(
      () =>
        h.connector
          .in(chat)
          .slice(from)
          .find((s) => pattern.test(textOf(s.activity))),
      3000,
      `a reply matching ${pattern}`,
    );
  const mark = () => h.connector.in(chat).length;
  async function begin(text = 'camreset'): Promise<string> {
    const from = mark();
    await say(text);
    return requestIdIn(textOf((await reply(/Password reset CR-\w+ started/, from)).activity));
  }

  it('keeps the clock when the whole block is pasted again with one correction, and a different code replaces it and says so', async () => {
    const clock = new ManualClock();
    h = await startTeams({ clock });
    const id = await begin();
    await say(`${CODE}\n${DETAILS}`);
    await reply(/Everything is here/);
    const first = (await stored(id)).challenge!.expiresAt;

    await clock.advance(minutes(40));
    let from = mark();
    await say(`${CODE}\n${DETAILS.replace('FW 7.80.0128', 'FW 7.80.0129')}`);
    const summary = textOf((await reply(/Everything is here/, from)).activity);
    expect(summary).toContain(`That is the code I already have; it expires at ${berlin(first)}`);
    expect(summary).toContain('7.80.0129');
    expect((await stored(id)).challenge!.expiresAt).toBe(first);

    from = mark();
    await say(CODE2);
    const replaced = textOf((await reply(/Replaced the challenge code with the new one/, from)).activity);
    expect(replaced).toContain(berlin(clock.now() + minutes(60)));
    expect((await stored(id)).challenge).toMatchObject({ code: CODE2, expiresAt: clock.now() + minutes(60) });
  });

  it('after the PUK, relays a 32-character token inside a sentence and asks before a message that is only a new code replaces the old one', async () => {
    h = await startTeams();
    const s = await submitInChat(h);
    await pukInThread(h, s, `PUK: ${PUK}`);
    await reply(new RegExp(PUK));

    await say('the page says: error id 3f2a9c0e1b7d4a6f8e2c5b9a0d3e7f1c');
    await h.connector.waitFor(
      () => h.connector.in(s.cardConversation).find((x) => textOf(x.activity).includes('error id 3f2a9c0e1b7d4a6f8e2c5b9a0d3e7f1c')),
      3000,
      'the relay',
    );
    expect(await stored(s.id)).toMatchObject({ state: 'puk_delivered', challenge: { code: CODE }, puk: { value: PUK } });

    let from = mark();
    await say(CODE);
    await reply(/That is the code I already have; it expires at/, from);

    from = mark();
    await say(CODE2);
    const asked = await reply(/Is this a new challenge code\? The PUK support sent is for the old one\./, from);
    expect(verbs(cardsOf(asked.activity)[0])).toEqual(['code_confirm', 'code_keep']);
    expect(await stored(s.id)).toMatchObject({ state: 'puk_delivered', challenge: { code: CODE }, puk: { value: PUK } });

    await answerPrivately(h, users.tech, 'code_confirm', h.connector.sent.indexOf(asked));
    await reply(/New challenge code received/, from);
    const after = await stored(s.id);
    expect(after).toMatchObject({ state: 'awaiting_support', challenge: { code: CODE2 } });
    expect(after.puk).toBeUndefined();
  });

  it('"Is this a new challenge code?" answered by typing, in any language: "Oui" does what Yes does, then "nee" is words for support', async () => {
    h = await startTeams();
    const s = await submitInChat(h);
    let from = mark();
    await say(CODE2);
    await reply(/Is this a new challenge code\?/, from);
    from = mark();
    await say('Oui');
    await reply(/New challenge code received/, from);
    expect(await stored(s.id)).toMatchObject({ state: 'awaiting_support', challenge: { code: CODE2 } });

    // Answered: a later "nee" is no answer to anything, so it reaches support as words.
    await say('nee');
    await h.connector.waitFor(() => h.connector.in(s.cardConversation).find((x) => /\bnee\b/.test(textOf(x.activity))), 3000, 'the relay');
    expect(await stored(s.id)).toMatchObject({ challenge: { code: CODE2 } });
  });

  it('reads an answer first as the field it asked for: a 32-character serial is the serial, not a new code', async () => {
    h = await startTeams();
    const id = await begin(`camreset ${CODE}`);
    let from = mark();
    await say('NDE-5503-AL\n00:07:5F:12:34:56\n7.80.0128');
    await reply(/serial number/, from);
    const serial = '40475473400105010240475473400105';
    from = mark();
    await say(serial);
    const summary = textOf((await reply(/Everything is here/, from)).activity);
    expect(summary).toContain(`Serial: ${serial}`);
    expect(summary).toContain(CODE);
    expect((await stored(id)).challenge!.code).toBe(CODE);
  });

  it("relays an agent's words in the card's thread, and sends a PUK-shaped reply only once the agent confirms it in their 1:1 chat", async () => {
    h = await startTeams();
    const s = await submitInChat(h);
    const agentSays = (text: string) =>
      h.bot.send(channelMessage(h.connector.url, users.agent, text, { channel: SUPPORT_CHANNEL, root: s.cardMessage }));
    for (const text of ['PUK will follow shortly', '8712345678', '404754734001050102', 'NDE-5503-AL']) {
      const from = mark();
      await agentSays(text);
      await reply(new RegExp(`Support asks: ${text}`), from);
    }
    expect((await stored(s.id)).puk).toBeUndefined();

    const before = h.connector.sent.length;
    await agentSays(`PUK: ${PUK}`);
    const question = await h.connector.waitFor(
      () => h.connector.sent.slice(before).find((x) => textOf(x.activity).includes('as the PUK')),
      3000,
      'the question',
    );
    expect(textOf(question.activity)).toContain('Send PUK7… to @Tina Tech as the PUK');
    expect(question.conversationId.startsWith('19:')).toBe(false);
    expect((await stored(s.id)).puk).toBeUndefined();
    expect(h.connector.in(chat).filter((x) => textOf(x.activity).includes(PUK))).toEqual([]);

    await answerPrivately(h, users.agent, 'puk_confirm', before);
    await reply(new RegExp(PUK));
    expect((await stored(s.id)).state).toBe('puk_delivered');
  });

  it('never takes a command word inside a sentence for a command, and asks before "camreset" re-points the chat to a new request', async () => {
    h = await startTeams();
    const id = await begin(`camreset ${CODE}`);
    let from = mark();
    await say('Cancel my last message, the MAC is 00:07:5F:12:34:56');
    await reply(/Got it: MAC address 00:07:5F:12:34:56/, from);
    expect((await stored(id)).state).toBe('collecting');

    from = mark();
    await say('camreset');
    await reply(new RegExp(`Continue ${id} or start a new one\\?`), from);
    expect((await h.app.desk.find(`conv:teams:${chat}:`))!.id).toBe(id);
    const continued = await answerPrivately(h, users.tech, 'continue_request', h.connector.sent.length - 1);
    // A value (the id) is its own TextRun beside the words around it: read the runs together.
    const runs = JSON.stringify(continued).replace(/"\},\{"type":"TextRun","text":"/g, '');
    expect(runs).toContain(`Carrying on with ${id}`);
    // The chat still belongs to the first request: an answer goes there.
    from = mark();
    await say('FW 7.80.0128');
    await reply(/Got it: firmware version 7.80.0128/, from);
    expect((await stored(id)).device.firmware).toBe('7.80.0128');
  });

  it('reads firmware written "6.51 build 26" as 6.51.0026, and a MAC on the same line as the code', async () => {
    h = await startTeams();
    await begin();
    let from = mark();
    await say(`${CODE} 00:07:5F:12:34:56`);
    const got = textOf((await reply(/Got the challenge code/, from)).activity);
    expect(got).toContain('MAC address 00:07:5F:12:34:56');
    from = mark();
    await say('Model NDE-5503-AL\nFW 6.51 build 26\nSN 404754734001050102');
    const summary = textOf((await reply(/Everything is here/, from)).activity);
    expect(summary).toContain('Firmware: 6.51.0026');
  });
});
