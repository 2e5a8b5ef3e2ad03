// The /camreset slash command: its text goes to the desk as one `hear` call (the command's words
// are read in the core: start, status, cancel [id], help), and what the desk says back is answered
// privately through the command's response_url, which works even where the bot is not a member.

import type { App } from '@slack/bolt';
import { movedToDirectMessage } from '../../core/copy.js';
import { localeOf } from '../../core/languages.js';
import { type Command, commandAfter } from '../../core/reading.js';
import { COMMAND, type SlackContext, afterAck, whoActs } from './context.js';
import { type SlackMessage, renderMessage, renderRefusal, slackTextToPlain } from './render.js';

/** What `/camreset <text>` asks for (the core's rule, read from Slack's escaped text). */
export type SlashCommand = Command;

export function parseCommand(raw: unknown): SlashCommand {
  return commandAfter(commandText(raw));
}

/** The command's text as the person wrote it: Slack's escaping undone, nothing for a missing one. */
const commandText = (raw: unknown): string => slackTextToPlain(typeof raw === 'string' ? raw : '');

export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const where = { channel: command.channel_id };
    const reply = (m: SlackMessage) => respond({ response_type: 'ephemeral', ...m });
    await afterAck(ctx, command.user_id, where, 'command', async () => {
      const actor = await whoActs(ctx, command.user_id, command.user_name, where, reply);
      // An object, not a `let`: the flag is set inside `open`, which TypeScript's narrowing cannot see.
      const thread = { moved: false };
      const heard = await ctx.desk.hear({
        where: { platform: 'slack', channel: command.channel_id, explicit: true },
        by: actor,
        text: commandText(command.text),
        command: COMMAND,
        open: async (id) => {
          const opened = await ctx.surface.openThread(id, actor, command.channel_id);
          thread.moved = opened.moved;
          return opened.conversation;
        },
      });
      if (heard.refusal) await reply(renderRefusal(heard.refusal, actor.locale));
      if (heard.reply) await reply(renderMessage(heard.reply, heard.requestId ?? '', actor.locale));
      if (thread.moved && heard.requestId)
        await reply(renderMessage(movedToDirectMessage(heard.requestId, localeOf(actor)), '', actor.locale));
    });
  });
}
