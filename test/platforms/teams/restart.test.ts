// Durability: the conversation references, the team's service URL and the request live in
// Redis, so a restart between submission and PUK loses nothing.

import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { channelMessage, FIELD_CHANNEL, users } from '../../support/teams/activities.js';
import { textOf } from '../../support/teams/connector.js';
import { latestText, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from '../../support/redis.js';
import { CODE, DETAILS, PUK, fill, requestIdIn, supportChannelText } from '../../support/teams/story.js';
import { cardAction, SUPPORT_CHANNEL } from '../../support/teams/activities.js';

describeRedis('Teams across a restart', () => {
  const prefix = uniquePrefix('teams-restart');
  const env = { REDIS_URL: redisUrl, DATA_KEY: randomBytes(32).toString('base64') };
  let h: TeamsHarness | undefined;
  afterAll(async () => {
    await h?.close();
    await cleanupPrefix(prefix);
  });

  it('still delivers the PUK to the technician after the app restarts between submission and PUK', async () => {
    h = await startTeams({ env, prefix });
    const start = channelMessage(h.connector.url, users.tech, 'camreset', { channel: FIELD_CHANNEL }, { mention: true });
    await h.bot.send(start);
    const root = start.id as string;
    const thread = `${FIELD_CHANNEL};messageid=${root}`;
    const id = requestIdIn(textOf((await h.connector.waitFor(() => h!.connector.in(thread).at(-1))).activity));
    await h.bot.send(channelMessage(h.connector.url, users.tech, `${CODE}\n${DETAILS}`, { channel: FIELD_CHANNEL, root }));
    // In a reply chain the summary is read-only as posted (the technician's buttons come by refresh).
    const summary = await h.connector.waitFor(() => h!.connector.in(thread).find((s) => textOf(s.activity).includes('Everything is here')));
    await h.bot.send(cardAction(h.connector.url, users.tech, thread, summary.id, 'submit', { requestId: id, card: 'summary' }));
    const card = await h.connector.waitFor(() =>
      h!.connector.sent.find((s) => s.kind === 'create' && s.conversationId.startsWith(SUPPORT_CHANNEL)),
    );

    // A new process: nothing in memory, only what is in Redis.
    await h.stopApp();
    await h.restart();

    await fill(h, { id, cardConversation: card.conversationId, cardMessage: card.id }, users.agent, 'send_puk', { puk: PUK });
    const chat = h.connector.created.find((c) => !c.parameters.isGroup);
    expect(chat).toBeDefined();
    await h.connector.waitFor(() => h!.connector.in(chat!.id).find((s) => textOf(s.activity).includes(PUK)));
    await h.connector.waitFor(() => h!.connector.in(thread).find((s) => textOf(s.activity).includes('sent to you in a private message')));
    expect(latestText(h.connector, card.id)).toContain('PUK sent by <at>Alex Agent</at>');
    expect(supportChannelText(h)).not.toContain(PUK);
  });
});
