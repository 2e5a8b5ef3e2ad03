// The /camreset slash command: start a request (optionally with the code), list your open
// requests, cancel one, or read how the whole process works. Acks at once; answers privately
// through the command's response_url, which works even where the bot is not a member.

import type { App, RespondFn } from '@slack/bolt';
import { cancelChoice, cancelConfirmation, helpMessage, movedToDirectMessage, statusMessage } from '../../core/copy.js';
import { REQUEST_ID_PATTERN } from '../../core/ids.js';
import type { RichMessage } from '../../core/rich.js';
import { COMMAND, type SlackContext, afterAck, slackActor } from './context.js';
import { type SlackMessage, renderMessage, renderRefusal, slackTextToPlain } from './render.js';

/** What `/camreset <text>` asks for. Anything that is not a known word starts a request with the text. */
export type SlashCommand = { word: 'help' } | { word: 'status' } | { word: 'cancel'; id?: string } | { word: 'start'; text: string };

export function parseCommand(raw: unknown): SlashCommand {
  const text = slackTextToPlain(typeof raw === 'string' ? raw : '').trim();
  const [word = '', ...rest] = text.split(/\s+/);
  switch (word.toLowerCase()) {
    case 'help':
      return { word: 'help' };
    case 'status':
      return { word: 'status' };
    case 'cancel': {
      const id = REQUEST_ID_PATTERN.exec(rest.join(' '))?.[0]?.toUpperCase();
      return id ? { word: 'cancel', id } : { word: 'cancel' };
    }
    default:
      return { word: 'start', text };
  }
}

export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const actor = slackActor(command.user_id, command.user_name);
    const parsed = parseCommand(command.text);
    const where = { channel: command.channel_id };
    const reply = (m: SlackMessage) => respond({ response_type: 'ephemeral', ...m });
    await afterAck(ctx, command.user_id, where, 'command', async () => {
      switch (parsed.word) {
        case 'help':
          await reply(render(helpMessage(ctx.desk.settings, COMMAND)));
          return;
        case 'status':
          await reply(render(statusMessage(await ctx.desk.requestsOf(actor), ctx.desk.now(), COMMAND)));
          return;
        case 'cancel':
          await cancel(ctx, actor, parsed.id, reply);
          return;
        case 'start':
          await start(ctx, actor, command.channel_id, parsed.text, respond);
      }
    });
  });
}

const render = (m: RichMessage) => renderMessage(m, '');

async function start(ctx: SlackContext, actor: ReturnType<typeof slackActor>, channel: string, text: string, respond: RespondFn): Promise<void> {
  let moved = false;
  const outcome = await ctx.desk.start({
    requester: actor,
    ...(text ? { text } : {}),
    open: async (id) => {
      const opened = await ctx.surface.openThread(id, actor, channel);
      moved = opened.moved;
      return opened.conversation;
    },
  });
  if (!outcome.ok) await respond({ response_type: 'ephemeral', ...renderRefusal(outcome.refusal) });
  else if (moved) await respond({ response_type: 'ephemeral', ...render(movedToDirectMessage(outcome.request.id)) });
}

async function cancel(ctx: SlackContext, actor: ReturnType<typeof slackActor>, named: string | undefined, reply: (m: SlackMessage) => Promise<unknown>): Promise<void> {
  let id = named;
  if (!id) {
    const open = await ctx.desk.requestsOf(actor);
    if (open.length !== 1) {
      await reply(render(cancelChoice(open, COMMAND)));
      return;
    }
    id = open[0]!.id;
  }
  const outcome = await ctx.desk.cancel(id, actor);
  await reply(outcome.ok ? render(cancelConfirmation(id)) : renderRefusal(outcome.refusal));
}
