// Everything the bot says in Slack goes through here: posts in one channel keep their order
// under a burst (one queue per channel), at Slack's pace for that channel, and a 429 makes only
// that channel wait (pacing.ts); ephemeral answers, DMs (opened once, then remembered) and card
// updates go the same way. What to say and where is the surface's business (surface.ts).

import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { KeyedQueue } from '../../lib/keyed-queue.js';
import { ChannelPacing } from './pacing.js';
import type { SlackMessage } from './render.js';

type WebClient = webApi.WebClient;

/** Errors that mean "the bot cannot post in this conversation", as opposed to "Slack is down". */
const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'user_not_in_channel',
  'cannot_dm_bot',
]);

export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export const cannotPost = (err: unknown): boolean => CANNOT_POST.has(slackErrorCode(err) ?? '');

export interface SlackMessengerOptions {
  /** Made with `rejectRateLimitedCalls`: a 429 comes back here, to wait for its own channel. */
  client: WebClient;
  logger: Logger;
  /** Resolves when requests still waiting for their ack have had it: every call waits for it. */
  acksFirst?: () => Promise<void>;
  /** Least time between two posts to one channel; Slack's pace when unset. */
  postIntervalMs?: number;
}

export class SlackMessenger {
  private readonly client: WebClient;
  /** Posts to one channel keep their order while the channel waits for its turn or out a 429. */
  private readonly queue = new KeyedQueue();
  private readonly pacing: ChannelPacing;
  private readonly dms = new Map<string, string>();

  constructor(options: SlackMessengerOptions) {
    this.client = options.client;
    const log = options.logger;
    this.pacing = new ChannelPacing({
      onRateLimited: ({ channel, waitMs }) => log.info({ channel, waitMs }, 'slack rate limit; this channel waits, the others go on'),
      ...(options.acksFirst ? { beforeCall: options.acksFirst } : {}),
      ...(options.postIntervalMs !== undefined ? { interval: options.postIntervalMs } : {}),
    });
  }

  /** Runs `work` in the channel's queue: nothing else posts there meanwhile (e.g. a card and its first reply). */
  inOrder<T>(channel: string, work: () => Promise<T>): Promise<T> {
    return this.queue.run(channel, work);
  }

  /** Posts in order with everything else queued for the channel; resolves to the message ts. */
  post(channel: string, message: SlackMessage, thread?: string): Promise<string> {
    return this.queue.run(channel, () => this.postNow(channel, message, thread));
  }

  /** Posts at the channel's pace without queueing: only from inside `inOrder` for that channel. */
  async postNow(channel: string, message: SlackMessage, thread?: string): Promise<string> {
    return (await this.postMessage(channel, message, thread)).ts;
  }

  /** Posts as postNow; also says in which channel Slack put it (a DM's id may differ from the one asked for). */
  async postMessage(channel: string, message: SlackMessage, thread?: string): Promise<{ ts: string; channel: string }> {
    const result = await this.pacing.post(channel, () =>
      this.client.chat.postMessage({
        channel,
        ...message,
        ...(thread ? { thread_ts: thread } : {}),
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (!result.ts) throw new Error('chat.postMessage returned no ts');
    return { ts: result.ts, channel: result.channel ?? channel };
  }

  /** Replaces a message the bot posted. */
  async update(channel: string, ts: string, message: SlackMessage): Promise<void> {
    await this.pacing.call(channel, () => this.client.chat.update({ channel, ts, ...message }));
  }

  /** Something only `user` should see: ephemeral where they are, or a DM where that is impossible. */
  async tellPrivately(user: string, where: { channel?: string; thread?: string }, message: SlackMessage): Promise<void> {
    if (where.channel) {
      try {
        const channel = where.channel;
        await this.pacing.call(channel, () =>
          this.client.chat.postEphemeral({ channel, user, ...message, ...(where.thread ? { thread_ts: where.thread } : {}) }),
        );
        return;
      } catch (err) {
        if (!cannotPost(err)) throw err;
      }
    }
    await this.post(await this.dm(user), message);
  }

  /** The bot's DM channel with a person (opened once, then remembered). */
  async dm(user: string): Promise<string> {
    const known = this.dms.get(user);
    if (known) return known;
    const opened = await this.pacing.call(undefined, () => this.client.conversations.open({ users: user }));
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    this.dms.set(user, id);
    return id;
  }

  /** Resolves when every queued post has gone out (tests, graceful stop). */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}
