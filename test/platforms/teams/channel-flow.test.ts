// Requests started in a channel live in that message's reply chain; the PUK goes to a 1:1 chat
// the bot opens. Also: who counts as an agent, the JWT check, timers, and bad bodies.

import { afterEach, describe, expect, it } from 'vitest';
import { smallPng } from '../../support/files.js';
import {
  cardAction,
  channelMessage,
  FIELD_CHANNEL,
  personalChat,
  SUPPORT_CHANNEL,
  type TeamsUser,
  users,
} from '../../support/teams/activities.js';
import { textOf } from '../../support/teams/connector.js';
import { latestCard, latestText, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  CODE,
  DETAILS,
  PUK,
  actionButtons,
  agentView,
  buttons,
  fill,
  fillOnCard,
  press,
  requestIdIn,
  submitInChat,
  supportChannelText,
  verbs,
} from '../../support/teams/story.js';
import { allCardProblems } from '../../support/teams/validate.js';

let h: TeamsHarness | undefined;

/** A card as `by`'s client shows it after Teams refreshes it (the card's own refresh data). */
async function refreshAs(
  by: TeamsUser,
  conversation: string,
  messageId: string,
  data: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  const body = (await h!.bot.send(cardAction(h!.connector.url, by, conversation, messageId, 'refresh', data))).body as {
    type?: string;
    value?: Record<string, unknown>;
  };
  return body.type === 'application/vnd.microsoft.card.adaptive' ? body.value : undefined;
}
afterEach(async () => {
  if (h) expect(allCardProblems(h.connector.cards())).toEqual([]);
  await h?.close();
  h = undefined;
});

describe('a reset started in a channel', () => {
  it('runs in the command message reply chain and sends the PUK to a new 1:1 chat', async () => {
    h = await startTeams();
    const start = channelMessage(h.connector.url, users.tech, 'camreset', { channel: FIELD_CHANNEL }, { mention: true });
    await h.bot.send(start);
    const thread = `${FIELD_CHANNEL};messageid=${start.id as string}`;
    const welcome = await h.connector.waitFor(() => h!.connector.in(thread).at(-1));
    const id = requestIdIn(textOf(welcome.activity));

    // Replies in the chain need no @mention; they are the intake, with a label photo attached.
    // Pasted into the reply: Teams serves it from the Bot Connector (the fake here), for the bot's token.
    const photo = { contentType: 'image/png', contentUrl: h.connector.image(await smallPng()), name: 'label.png' };
    await h.bot.send(
      channelMessage(
        h.connector.url,
        users.tech,
        `${CODE}\n${DETAILS}`,
        { channel: FIELD_CHANNEL, root: start.id as string },
        { attachments: [photo] },
      ),
    );
    const summary = await h.connector.waitFor(() => h!.connector.in(thread).find((s) => textOf(s.activity).includes('Everything is here')));
    expect(textOf(summary.activity)).toContain('label.png');
    // Everyone in the chain reads the summary; only the technician's client refreshes it to the buttons.
    const posted = latestCard(h.connector, summary.id)!;
    expect(actionButtons(posted)).toEqual([]);
    expect(posted.refresh).toMatchObject({
      action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: id, card: 'summary' } },
      userIds: [users.tech.id],
    });
    const refreshData = (posted.refresh as { action: { data: Record<string, unknown> } }).action.data;
    const techView = await refreshAs(users.tech, thread, summary.id, refreshData);
    expect([...buttons(techView)].sort()).toEqual(['cancel', 'details', 'refresh', 'submit']);
    expect(JSON.stringify(techView)).toContain('NDE-5503-AL');
    // Another member refreshing the same card: the same words, no action buttons.
    const otherView = await refreshAs(users.outsider, thread, summary.id, refreshData);
    expect(actionButtons(otherView)).toEqual([]);
    expect(JSON.stringify(otherView)).toContain('NDE-5503-AL');
    // A refresh without the card's words (forged, or from an older card) is answered, not drawn.
    const bare = (
      await h.bot.send(cardAction(h.connector.url, users.outsider, thread, summary.id, 'refresh', { requestId: id, card: 'summary' }))
    ).body as { type: string; value: string };
    expect(bare).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'That card is from an older version; its buttons are on the newest card.',
    });
    // So was the welcome before it: read-only as posted, the technician's by refresh.
    const welcomeCard = latestCard(h.connector, welcome.id)!;
    expect(actionButtons(welcomeCard)).toEqual([]);
    const welcomeData = (welcomeCard.refresh as { action: { data: Record<string, unknown> } }).action.data;
    expect([...actionButtons(await refreshAs(users.tech, thread, welcome.id, welcomeData))].sort()).toEqual(['cancel', 'details']);
    expect(actionButtons(await refreshAs(users.outsider, thread, welcome.id, welcomeData))).toEqual([]);
    // Another person in the thread cannot submit it (a forged press: the core refuses it).
    const other = await h.bot.send(
      cardAction(h.connector.url, users.outsider, thread, summary.id, 'submit', { requestId: id, card: 'summary' }),
    );
    expect((other.body as { value: string }).value).toContain('Only @Tina Tech who started');
    await h.bot.send(cardAction(h.connector.url, users.tech, thread, summary.id, 'submit', { requestId: id, card: 'summary' }));
    const card = await h.connector.waitFor(() =>
      h!.connector.sent.find((s) => s.kind === 'create' && s.conversationId.startsWith(SUPPORT_CHANNEL)),
    );
    expect(latestText(h.connector, card.id)).toContain('label.png');

    await fill(h, { id, cardConversation: card.conversationId, cardMessage: card.id }, users.agent, 'send_puk', { puk: PUK });
    // The bot opened a 1:1 chat with the technician (by their Bot Framework id) for the PUK.
    const created = h.connector.created.find((c) => !c.parameters.isGroup);
    expect(created?.parameters.members).toEqual([{ id: users.tech.id, name: users.tech.name }]);
    const pukMessage = await h.connector.waitFor(() => h!.connector.in(created!.id).find((s) => textOf(s.activity).includes(PUK)));
    expect(buttons(latestCard(h.connector, pukMessage.id))).toEqual(['done', 'failed']);
    // The thread gets only the note that the PUK was sent privately; the PUK is nowhere else.
    expect(
      h.connector
        .in(thread)
        .map((s) => textOf(s.activity))
        .join('\n'),
    ).toContain('sent to you in a private message');
    expect(
      h.connector
        .in(thread)
        .map((s) => JSON.stringify(s.activity))
        .join('\n'),
    ).not.toContain(PUK);
    expect(supportChannelText(h)).not.toContain(PUK);

    // "It did not work" with a note sends it back to support.
    const failed = await fillOnCard(h, users.tech, pukMessage, 'failed', 'failed', { note: 'Page said invalid' });
    expect(failed.message).toContain('Support has been told');
    await h.connector.waitFor(() => h!.connector.in(card.conversationId).find((s) => textOf(s.activity).includes('did not work')));
    expect(verbs(await agentView(h, { id, cardConversation: card.conversationId, cardMessage: card.id }, users.agent))).toContain('claim');
  });

  it('ignores channel chatter that is not for the bot', async () => {
    h = await startTeams();
    const before = h.connector.sent.length;
    await h.bot.send(channelMessage(h.connector.url, users.outsider, 'lunch anyone?', { channel: FIELD_CHANNEL }));
    expect(h.connector.sent.length).toBe(before);
  });
});

describe('support agents', () => {
  it('are the members of the team that owns the support channel when TEAMS_SUPPORT_AGENTS is unset', async () => {
    h = await startTeams({ env: { TEAMS_SUPPORT_AGENTS: '' }, teamMembers: [users.tech, users.agent2] });
    const s = await submitInChat(h);
    const refused = await press(h, s, users.agent, 'claim');
    expect(refused.value).toContain('Only support agents');
    const ok = await press(h, s, users.agent2, 'claim');
    expect(ok.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(h.connector.requests.some((r) => r.path.includes('/pagedmembers'))).toBe(true);
  });
});

describe('the expiry clock', () => {
  it('warns both sides before the challenge expires, then asks for a new code', async () => {
    h = await startTeams({ env: { CHALLENGE_VALIDITY: '4s', WARN_BEFORE: '3s,2s' } });
    const s = await submitInChat(h);
    const chat = personalChat(users.tech);
    const said = () => h!.connector.in(chat).map((x) => textOf(x.activity));
    await h.connector.waitFor(() => said().some((t) => t.includes('has expired')), 8000, 'the expiry notice');
    expect(said().filter((t) => t.includes('Heads up')).length).toBe(2);
    const support = () => h!.connector.in(s.cardConversation).map((x) => textOf(x.activity));
    await h.connector.waitFor(() => latestText(h!.connector, s.cardMessage).includes('challenge expired'), 3000, 'the expired card');
    expect(support().filter((t) => t.includes('the challenge expires in')).length).toBe(2);
    expect(support().some((t) => t.includes('the challenge code expired'))).toBe(true);
    // The agent can no longer send a PUK for the dead code.
    const late = await fill(h, s, users.agent, 'send_puk', { puk: PUK });
    expect(late.message).toContain('has expired');
  }, 20_000);
});

describe('the HTTP entry point', () => {
  it('rejects an unauthenticated request when an app id is set', async () => {
    h = await startTeams({ install: false });
    const r = await h.bot.post(channelMessage(h.connector.url, users.tech, 'camreset', { channel: FIELD_CHANNEL }, { mention: true }), {
      authorization: '',
    });
    expect(r.status).toBe(401);
    const forged = await h.bot.post(
      channelMessage(h.connector.url, users.tech, 'camreset', { channel: FIELD_CHANNEL }, { mention: true }),
      { authorization: 'Bearer not.a.jwt' },
    );
    expect(forged.status).toBe(401);
    expect(h.connector.sent).toEqual([]);
  });

  it('answers 400 to a body that is not an activity, and keeps serving', async () => {
    h = await startTeams({ install: false });
    expect((await h.bot.post('{not json')).status).toBe(400);
    expect((await h.bot.post('[1,2]')).status).toBe(400);
    expect((await h.bot.post({ text: 'no type' })).status).toBe(400);
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
