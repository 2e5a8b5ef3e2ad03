// Thread messages from the Events API: each becomes one `desk.hear` call (where, who, the words
// and files), and what the desk says back is shown to the one who wrote. Slack retries an event it thinks was missed; each event_id is handled
// once, across replicas, through the store.

import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Photo } from '../../core/request.js';
import { COMMAND, type SlackContext, afterAck, slackActor, tellHeard } from './context.js';
import { slackTextToPlain } from './render.js';

/** Slack retries at once, after 1 and after 5 minutes; two hours is well past the last one. */
export const EVENT_DEDUPE_MS = 2 * 60 * 60_000;

const SlackFile = z.object({
  name: z.string().optional(),
  title: z.string().optional(),
  permalink: z.string().optional(),
  url_private: z.string().optional(),
});

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
  files: z.array(SlackFile).optional(),
});

/** Message subtypes a person produces; edits, joins, bot posts and the rest are not answers. */
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

export function registerEvents(app: App, ctx: SlackContext): void {
  // Bolt acks Events API requests before any middleware runs; this drops the retries.
  app.use(async ({ body, next }) => {
    const eventId = (body as { type?: unknown; event_id?: unknown }).event_id;
    if ((body as { type?: unknown }).type === 'event_callback' && typeof eventId === 'string') {
      if (!(await ctx.store.once(`slack:event:${eventId}`, EVENT_DEDUPE_MS))) {
        ctx.logger.debug({ eventId }, 'slack event already handled');
        return;
      }
    }
    await next();
  });

  app.event('message', async ({ event }) => {
    const m = parseThreadReply(event) ?? parseDirectMessage(event);
    if (!m) return;
    const actor = slackActor(m.user);
    const where = { channel: m.channel, thread: m.thread };
    await afterAck(ctx, m.user, where, 'message', async () => {
      const heard = await ctx.desk.hear({
        where: { platform: 'slack', channel: m.channel, ...(m.thread ? { thread: m.thread } : {}), direct: m.direct },
        by: actor,
        text: m.text,
        files: m.files,
        command: COMMAND,
        open: async (id) => (await ctx.surface.openThread(id, actor, m.channel)).conversation,
      });
      await tellHeard(ctx, m.user, where, heard);
    });
  });
}

/** A person's reply in a thread: the words as plain text and the files as links. */
export interface ThreadReply {
  user: string;
  channel: string;
  thread: string;
  text: string;
  files: Photo[];
  /** Written in the person's DM with the bot. */
  direct: boolean;
}

/** A person's message in their DM with the bot, outside any thread ("status", "camreset"). */
export type DirectMessage = Omit<ThreadReply, 'thread'> & { thread?: undefined; direct: true };

/** Reads a `message` event; undefined for anything that is not a person's reply in a thread. */
export function parseThreadReply(event: unknown): ThreadReply | undefined {
  const parsed = ThreadMessage.safeParse(event);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  if (!m.user || m.bot_id || !PERSON_SUBTYPES.has(m.subtype)) return undefined;
  if (!m.thread_ts || m.thread_ts === m.ts) return undefined;
  return { user: m.user, channel: m.channel, thread: m.thread_ts, text: slackTextToPlain(m.text), files: filesOf(m), direct: m.channel_type === 'im' };
}

/** Reads a `message` event; undefined for anything that is not a person's top-level message in their DM with the bot. */
export function parseDirectMessage(event: unknown): DirectMessage | undefined {
  const parsed = ThreadMessage.safeParse(event);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  if (!m.user || m.bot_id || !PERSON_SUBTYPES.has(m.subtype)) return undefined;
  if (m.channel_type !== 'im' || (m.thread_ts && m.thread_ts !== m.ts)) return undefined;
  return { user: m.user, channel: m.channel, text: slackTextToPlain(m.text), files: filesOf(m), direct: true };
}

function filesOf(m: z.infer<typeof ThreadMessage>): Photo[] {
  return (m.files ?? []).flatMap((f): Photo[] => {
    const url = f.permalink ?? f.url_private;
    if (!url) return [];
    const name = f.title ?? f.name;
    return [name ? { url, name } : { url }];
  });
}
