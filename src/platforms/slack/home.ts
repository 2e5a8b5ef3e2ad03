// The App Home tab: a technician sees their open requests with their countdowns; a support
// agent also sees the open queue. Drawn when the tab is opened, from the store as it is then,
// in the language of the one who opened it.

import type { App, types } from '@slack/bolt';
import { queueMessage, statusMessage } from '../../core/copy.js';
import { fallbackNote, localeOf } from '../../core/languages.js';
import type { Actor } from '../../core/request.js';
import { COMMAND, type SlackContext, afterAck, slackActor } from './context.js';
import { LIMITS, capBlocks, sections } from './render.js';
import { SLACK } from './words.js';

/**
 * `note`: the one-time English note that their Slack's language is not one we have, shown first,
 * naming it (`reported`: their profile's tag) as the message version does.
 */
export async function homeView(ctx: SlackContext, user: string | Actor, note?: { reported?: string }): Promise<types.HomeView> {
  const actor = typeof user === 'string' ? slackActor(user) : user;
  const now = ctx.desk.now();
  const blocks: types.KnownBlock[] = [
    ...(note ? sections(fallbackNote(COMMAND, note.reported).lines) : []),
    { type: 'header', text: { type: 'plain_text', text: SLACK.word(actor.locale, 'home.header') } },
    ...sections(statusMessage(await ctx.desk.requestsOf(actor), now, COMMAND, localeOf(actor)).lines),
  ];
  if (await ctx.desk.isAgent(actor)) {
    blocks.push({ type: 'divider' }, ...sections(queueMessage(await ctx.desk.openRequests(), now, localeOf(actor)).lines));
  }
  return { type: 'home', blocks: capBlocks(blocks, LIMITS.viewBlocks, actor.locale) };
}

export function registerHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if ((event.tab && event.tab !== 'home') || typeof event.user !== 'string' || !event.user) return;
    await afterAck(ctx, undefined, {}, 'home', async () => {
      // The Home tab is private: a note it owes the person goes at its top, not in a message.
      const { actor, fallbackNote: note, reported } = await ctx.languages.resolve(slackActor(event.user));
      await ctx.client.views.publish({ user_id: event.user, view: await homeView(ctx, actor, note ? { reported } : undefined) });
    });
  });
}
