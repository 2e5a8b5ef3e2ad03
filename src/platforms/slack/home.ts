// The App Home tab: a technician sees their open requests with their countdowns; a support
// agent also sees the open queue. Drawn when the tab is opened, from the store as it is then.

import type { App, types } from '@slack/bolt';
import { queueMessage, statusMessage } from '../../core/copy.js';
import { COMMAND, type SlackContext, afterAck, slackActor } from './context.js';
import { LIMITS, capBlocks, sections } from './render.js';

export async function homeView(ctx: SlackContext, user: string): Promise<types.HomeView> {
  const actor = slackActor(user);
  const now = ctx.desk.now();
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Camera password resets' } },
    ...sections(statusMessage(await ctx.desk.requestsOf(actor), now, COMMAND).lines),
  ];
  if (await ctx.desk.isAgent(actor)) {
    blocks.push({ type: 'divider' }, ...sections(queueMessage(await ctx.desk.openRequests(), now).lines));
  }
  return { type: 'home', blocks: capBlocks(blocks, LIMITS.viewBlocks) };
}

export function registerHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if ((event.tab && event.tab !== 'home') || typeof event.user !== 'string' || !event.user) return;
    await afterAck(ctx, undefined, {}, 'home', async () => {
      await ctx.client.views.publish({ user_id: event.user, view: await homeView(ctx, event.user) });
    });
  });
}
