// Injection corpus, both platforms: every hostile string is sent by a technician as device
// details, as the /camreset text and as thread text relayed to support, and by an agent as a
// question (form and thread reply) and as a reject reason. Everything the bot posted must be
// inert as the platform renders it, within the platform's limits, and the server must live on.
//
//   Slack: no `<`, `>` or `&` in any mrkdwn text except the bot's own tokens and entities; no
//          `<!…>`, `<@…>`, `<#…>` or link that user text produced. (The fake rejects oversize
//          Block Kit; SlackWorld.stop() fails the test if it ever had to.)
//   Teams: user text only in TextRuns (never markdown); TextBlocks escaped; no mention
//          entities but the bot's own, of known people with inert names; no links or images
//          to user-supplied addresses; every card parses and stays under 28 KB.

import { beforeAll, describe, expect, it } from 'vitest';
import { AGENT, FIELD, SUPPORT, SlackWorld, textOf as slackText, type Thread } from '../support/slack/harness.js';
import { messageEvent } from '../support/slack/requests.js';
import type { SlackMessage } from '../support/slack/fake.js';
import {
  cardAction,
  channelMessage,
  personalChat,
  personalMessage,
  SUPPORT_CHANNEL,
  type TeamsUser,
  users,
} from '../support/teams/activities.js';
import { cardsOf, textOf as teamsText } from '../support/teams/connector.js';
import { startTeams, type TeamsHarness } from '../support/teams/harness.js';
import { CODE, DETAILS, agentView, type Dialog, fill, type Submitted, requestIdIn, withButton } from '../support/teams/story.js';
import { allCardProblems } from '../support/teams/validate.js';
import { CORPUS, slackCallProblems, slackEscaped, teamsCardProblems, teamsSentProblems, textRuns } from '../support/hardening/inert.js';
import { REQUEST_ID } from '../support/request-id.js';

type Json = Record<string, unknown>;

/** Runs `work` over `items`, `n` at a time. */
async function inBatches<T>(items: T[], n: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map((item, j) => work(item, i + j)));
}

/** What the core sees of a Slack message text: Slack's three entities decoded. */
const plainOf = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('injection corpus · Slack', () => {
  let w: SlackWorld;
  beforeAll(async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    // Vitest runs what beforeAll returns after the suite: only a world that started is stopped.
    return () => w.stop();
  });

  /** Newest reply in a thread at or after `from` matching `pattern`. */
  const replyAfter = (t: Pick<Thread, 'channel' | 'thread'>, pattern: RegExp, from: number) => w.reply(t, pattern, from);

  /** Opens an agent form on the card and submits it, picking the modal of this request (flows run side by side). */
  async function agentForm(card: SlackMessage, id: string, action: string, callbackId: string, values: Record<string, string>) {
    await w.clickCard(card, action, AGENT);
    const view = await w.fake.waitFor(
      () =>
        w.fake
          .callsTo('views.open')
          .map((c) => c.args.view as Json | undefined)
          .find((v) => v?.callback_id === callbackId && String(v.private_metadata).includes(`"${id}"`) && !used.has(v)),
      `the ${callbackId} modal of ${id}`,
    );
    used.add(view);
    const res = await w.slack.submitView({ user: AGENT, view, values });
    expect(res.status).toBe(200);
  }
  const used = new Set<unknown>();

  it('posts every hostile string back inert, within Block Kit limits, and keeps serving', async () => {
    await inBatches(CORPUS, 6, async ({ text: s }, i) => {
      const tech = `UT${i + 1}`;
      // /camreset with the text, then the text as device details and as a plain answer.
      const t = await w.begin(tech, FIELD, s);
      await replyAfter(t, /./, 1);
      let n = w.replies(t).length;
      await w.say(t, `Model: ${s}\nSN ${s}\nMAC ${s}`);
      await replyAfter(t, /./, n);
      n = w.replies(t).length;
      await w.say(t, s);
      await replyAfter(t, /./, n);
      n = w.replies(t).length;
      await w.say(t, `${CODE}\n${DETAILS}`);
      await replyAfter(t, /Everything is here/, n);
      await w.click(t, 'submit', tech);
      const card = await w.cardOf(t.id);
      const cardThread = w.cardThread(card);

      // An agent's question, by form.
      n = w.replies(t).length;
      await agentForm(card, t.id, 'ask', 'camreset.ask', { question: s });
      const asked = await replyAfter(t, /Support asks/, n);
      // Form values arrive as typed (no Slack entities); thread text arrives Slack-escaped.
      expect(slackText(asked)).toContain(slackEscaped(s.trim()).slice(0, 60));

      // The technician's answer, relayed to the card thread.
      const m = w.replies(cardThread).length;
      await w.say(t, s);
      const relayed = await replyAfter(cardThread, /wrote:/, m);
      expect(slackText(relayed)).toContain(slackEscaped(plainOf(s).trim()).slice(0, 60));

      // An agent's reply in the card thread (not PUK-shaped): a question again.
      n = w.replies(t).length;
      await w.slack.event(messageEvent({ user: AGENT, channel: SUPPORT, thread_ts: card.ts, text: s }));
      await replyAfter(t, /Support asks/, n);

      // A reject reason: the technician reads it, the card shows it.
      n = w.replies(t).length;
      await agentForm(card, t.id, 'reject', 'camreset.reject', { reason: s });
      const declined = await replyAfter(t, /declined by support/, n);
      expect(slackText(declined)).toContain(slackEscaped(s.trim()).slice(0, 60));
      await w.cardWhen({ card }, /Rejected by/);
    });
    await w.fake.quiet(200);

    const problems = slackCallProblems(w.fake.calls);
    expect(problems).toEqual([]);
    // Each string really went out several times (relay, question, reason): the check had work to do.
    expect(w.fake.calls.filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThan(CORPUS.length * 8);
    expect(w.fake.malformed()).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${w.port}/healthz`)).status).toBe(200);
  });
});

describe('injection corpus · Teams', () => {
  let h: TeamsHarness;
  const responses: Json[] = [];
  beforeAll(async () => {
    h = await startTeams();
    // Vitest runs what beforeAll returns after the suite: only a world that started is stopped.
    return () => h.close();
  });

  /** A dialog's card, and the support card as an agent's refresh draws it, are checked like the posted ones. */
  const viewed = async (d: Dialog, sub?: Submitted) => {
    if (d.card) responses.push({ type: 'application/vnd.microsoft.card.adaptive', value: d.card });
    if (!sub) return;
    const view = await agentView(h, sub, users.agent);
    if (view) responses.push({ type: 'application/vnd.microsoft.card.adaptive', value: view });
  };
  const invokeCard = (body: Json) => (body.type === 'application/vnd.microsoft.card.adaptive' ? (body.value as Json) : undefined);

  it('posts every hostile string back inert, in plain TextRuns, within card limits, and keeps serving', async () => {
    await inBatches(CORPUS, 6, async ({ text: s }, i) => {
      // Hostile display names too: they are shown as @name in every mention.
      const tech: TeamsUser = {
        id: `29:1hostile-${i}`,
        name: `Tech <b>${i}</b> **x** <at>y</at>`,
        aadObjectId: `00000000-0000-4000-8000-0000000d${String(i).padStart(4, '0')}`,
      };
      const chat = personalChat(tech);
      const url = h.connector.url;
      await h.bot.send(personalMessage(url, tech, `camreset ${s}`));
      const welcome = await h.connector.waitFor(
        () => h.connector.in(chat).find((x) => REQUEST_ID.test(teamsText(x.activity))),
        3000,
        'the welcome',
      );
      const id = requestIdIn(teamsText(welcome.activity));
      await h.bot.send(personalMessage(url, tech, `Model: ${s}\nSN ${s}\nMAC ${s}`));
      await h.bot.send(personalMessage(url, tech, s));
      await h.bot.send(personalMessage(url, tech, `${CODE}\n${DETAILS}`));
      const summary = await h.connector.waitFor(() => withButton(h.connector.in(chat), 'submit'), 3000, 'the summary');
      await h.bot.send(cardAction(url, tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }));
      const created = await h.connector.waitFor(
        () =>
          h.connector.sent.find(
            (x) => x.kind === 'create' && x.conversationId.startsWith(`${SUPPORT_CHANNEL};`) && teamsText(x.activity).includes(id),
          ),
        3000,
        'the support card',
      );
      const sub = { id, cardConversation: created.conversationId, cardMessage: created.id };
      const expected = s.trim().slice(0, 3000).trim();

      await viewed(await fill(h, sub, users.agent, 'ask', { question: s }), sub);
      const asked = await h.connector.waitFor(
        () => h.connector.in(chat).find((x) => teamsText(x.activity).includes('Support asks')),
        3000,
        'the question',
      );
      expect(cardsOf(asked.activity).flatMap(textRuns)).toContain(expected);

      await h.bot.send(personalMessage(url, tech, s));
      const relay = await h.connector.waitFor(
        () => h.connector.in(sub.cardConversation).find((x) => x.kind === 'send' && teamsText(x.activity).includes(' wrote: ')),
        3000,
        'the relay',
      );
      expect(cardsOf(relay.activity).flatMap(textRuns)).toContain(expected);

      await h.bot.send(channelMessage(url, users.agent, s, { channel: SUPPORT_CHANNEL, root: sub.cardMessage }));
      await viewed(await fill(h, sub, users.agent, 'reject', { reason: s }));
      const declined = await h.connector.waitFor(
        () => h.connector.in(chat).find((x) => teamsText(x.activity).includes('declined by support')),
        3000,
        'the rejection',
      );
      expect(cardsOf(declined.activity).flatMap(textRuns)).toContain(expected);
    });

    expect(teamsSentProblems(h.connector.sent)).toEqual([]);
    const responseCards = responses.map(invokeCard).filter((c): c is Json => !!c);
    expect(responseCards.flatMap(teamsCardProblems)).toEqual([]);
    expect(allCardProblems([...h.connector.cards(), ...responseCards])).toEqual([]);
    expect(h.connector.sent.length).toBeGreaterThan(CORPUS.length * 8);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });
});
