// Thread messages from the Events API: each becomes one `desk.hear` call (where, who, the words
// and files), and what the desk says back is shown to the one who wrote. Files the technician
// shares in their request's thread are checked first (../files.ts); one that is refused is
// explained to them and never reaches the desk. Slack's retries of an event are dropped
// before they reach here (dropRetriedEvents, middleware.ts).

import type { App } from '@slack/bolt';
import { z } from 'zod';
import { fileRefused } from '../../core/copy.js';
import { cardKey, conversationKey } from '../../core/desk.js';
import { type RequestFile, sameActor } from '../../core/request.js';
import { COMMAND, type SlackContext, afterAck, slackActor, tellHeard, whoActs } from './context.js';
import type { Locale } from '../../core/i18n/locale.js';
import { localeOf } from '../../core/languages.js';
import { SLACK } from './words.js';
import { SlackFileObject, sharedFile } from './files.js';
import { renderMessage, slackTextToPlain } from './render.js';

const ThreadMessage = z.object({
  type: z.literal('message'),
  channel: z.string(),
  user: z.string().optional(),
  text: z.string().optional().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  channel_type: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  files: z.array(SlackFileObject).optional(),
});

/** Message subtypes a person produces; edits, joins, bot posts and the rest are not answers. */
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

export function registerEvents(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event }) => {
    const m = parseThreadReply(event) ?? parseDirectMessage(event);
    if (!m) return;
    const where = { channel: m.channel, thread: m.thread };
    await afterAck(ctx, m.user, where, 'message', async () => {
      // Only someone camreset may answer has their language looked up (and is told, once, that
      // theirs is not one we have): not everyone chatting in a thread of a channel the bot is in.
      const actor = (await mayAnswer(ctx, m))
        ? await whoActs(ctx, m.user, undefined, where)
        : { ...slackActor(m.user), locale: await ctx.languages.recorded(slackActor(m.user)) };
      const files = await checkedFiles(ctx, m, localeOf(actor));
      if (m.files.length && !files.length && !m.text.trim()) return;
      const heard = await ctx.desk.hear({
        where: { platform: 'slack', channel: m.channel, ...(m.thread ? { thread: m.thread } : {}), direct: m.direct },
        by: actor,
        text: m.text,
        files,
        command: COMMAND,
        open: async (id) => (await ctx.surface.openThread(id, actor, m.channel)).conversation,
      });
      await tellHeard(ctx, m.user, where, heard, actor.locale);
    });
  });
}

/** A message camreset may answer: in a DM with the bot, a request's thread or a card's (the core's places). */
async function mayAnswer(ctx: SlackContext, m: ThreadReply | DirectMessage): Promise<boolean> {
  if (m.direct || !m.thread) return true;
  const at = { platform: 'slack' as const, channel: m.channel, thread: m.thread };
  return !!(await ctx.desk.find(conversationKey(at))) || !!(await ctx.desk.find(cardKey(at)));
}

/**
 * The files of a message that may go to support: only the technician's, in their request's
 * thread or DM, and only those that pass the check (Slack's host, size, an image or PDF by its
 * bytes). Each refused file is explained to them privately; the bytes are not kept.
 */
async function checkedFiles(ctx: SlackContext, m: ThreadReply | DirectMessage, locale: Locale): Promise<RequestFile[]> {
  if (!m.files.length) return [];
  const request = m.thread ? await ctx.desk.find(conversationKey({ platform: 'slack', channel: m.channel, thread: m.thread })) : undefined;
  if (!request || !sameActor(request.requester, slackActor(m.user))) return [];
  const { taken, refused } = await ctx.files.check(request, m.files);
  for (const { file, problem } of refused) {
    ctx.logger.info({ requestId: request.id, problem }, 'shared file refused');
    await ctx.surface.tellPrivately(
      m.user,
      { channel: m.channel, thread: m.thread },
      renderMessage(
        fileRefused(file.name ?? SLACK.word(locale, 'file.unnamed'), problem, ctx.files.maxBytes / (1024 * 1024), locale),
        request.id,
        locale,
      ),
    );
  }
  return taken;
}

/** A person's reply in a thread: the words as plain text and the files, to be copied for support. */
export interface ThreadReply {
  user: string;
  channel: string;
  thread: string;
  text: string;
  files: RequestFile[];
  /** Written in the person's DM with the bot. */
  direct: boolean;
}

/** A person's message in their DM with the bot, outside any thread ("status", "camreset"). */
export type DirectMessage = Omit<ThreadReply, 'thread'> & { thread?: undefined; direct: true };

/** Reads a `message` event; undefined for anything that is not a person's reply in a thread. */
export function parseThreadReply(event: unknown): ThreadReply | undefined {
  const m = personMessage(event);
  if (!m) return undefined;
  if (!m.thread_ts || m.thread_ts === m.ts) return undefined;
  return {
    user: m.user,
    channel: m.channel,
    thread: m.thread_ts,
    text: slackTextToPlain(m.text),
    files: filesOf(m),
    direct: m.channel_type === 'im',
  };
}

/** Reads a `message` event; undefined for anything that is not a person's top-level message in their DM with the bot. */
export function parseDirectMessage(event: unknown): DirectMessage | undefined {
  const m = personMessage(event);
  if (!m) return undefined;
  if (m.channel_type !== 'im' || (m.thread_ts && m.thread_ts !== m.ts)) return undefined;
  return { user: m.user, channel: m.channel, text: slackTextToPlain(m.text), files: filesOf(m), direct: true };
}

/** A `message` event a person wrote (not a bot, an edit or a join), with its user; else undefined. */
function personMessage(event: unknown): (z.infer<typeof ThreadMessage> & { user: string }) | undefined {
  const parsed = ThreadMessage.safeParse(event);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  if (!m.user || m.bot_id || !PERSON_SUBTYPES.has(m.subtype)) return undefined;
  return { ...m, user: m.user };
}

function filesOf(m: z.infer<typeof ThreadMessage>): RequestFile[] {
  return (m.files ?? []).flatMap((f) => sharedFile(f) ?? []);
}
