// Where Slack shows what the core decided: the technician's thread, the DM with the bot for
// anything private (the PUK), the support card — posted once, then updated in place at each
// milestone — and its thread. Posts to one channel keep their order under a burst, at Slack's
// pace for that channel, and a 429 makes only that channel wait (pacing.ts). Files reach the
// card's thread through the relay (../files.ts), with this platform's side in files.ts.

import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { cardModel } from '../../core/card.js';
import { addressedTo, addresseeOf, noticeMessage, threadOpening } from '../../core/copy.js';
import type { Notice } from '../../core/notices.js';
import { SupportNotConnectedError } from '../../core/ports.js';
import type { Actor, Conversation, ResetRequest } from '../../core/request.js';
import type { Surface, SurfaceDesk } from '../contract.js';
import { KeyedQueue } from '../../lib/keyed-queue.js';
import type { SlackFiles } from './files.js';
import { ChannelPacing } from './pacing.js';
import { type SlackMessage, renderCard, renderMessage, usergroupMention } from './render.js';

type WebClient = webApi.WebClient;

/** Errors that mean "the bot cannot post in this conversation", as opposed to "Slack is down". */
/** How often the log repeats that the bot cannot post in the support channel. */
const NOT_IN_CHANNEL_REMINDER_MS = 5 * 60_000;

const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'user_not_in_channel', 'cannot_dm_bot']);

export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export const cannotPost = (err: unknown): boolean => CANNOT_POST.has(slackErrorCode(err) ?? '');

export interface SlackSurfaceOptions {
  /** Made with `rejectRateLimitedCalls`: a 429 comes back here, to wait for its own channel. */
  client: WebClient;
  desk: SurfaceDesk;
  supportChannel?: string;
  /** SLACK_SUPPORT_USERGROUP: called when a request nobody claimed gets its first warning. */
  supportUsergroup?: string;
  logger: Logger;
  /** Resolves when requests still waiting for their ack have had it: every call waits for it. */
  acksFirst?: () => Promise<void>;
  /** Least time between two posts to one channel; Slack's pace when unset. */
  postIntervalMs?: number;
  /** Fetches files shared in Slack and uploads files into the card's thread, for the relay. */
  files?: SlackFiles;
}

export class SlackSurface implements Surface {
  readonly platform = 'slack' as const;
  readonly hasSupportChannel: boolean;
  private readonly client: WebClient;
  private readonly desk: SurfaceDesk;
  private readonly supportChannel: string | undefined;
  private readonly supportGroup: string | undefined;
  private readonly log: Logger;
  /** When the log last said the bot cannot post in the support channel. */
  private saidNotInChannel: number | undefined;
  /** Posts to one channel keep their order while the channel waits for its turn or out a 429. */
  private readonly queue = new KeyedQueue();
  private readonly pacing: ChannelPacing;
  private readonly dms = new Map<string, string>();
  readonly files: SlackFiles | undefined;

  constructor(options: SlackSurfaceOptions) {
    this.client = options.client;
    this.desk = options.desk;
    this.supportChannel = options.supportChannel;
    this.supportGroup = usergroupMention(options.supportUsergroup);
    this.hasSupportChannel = !!options.supportChannel;
    this.log = options.logger;
    this.files = options.files;
    this.pacing = new ChannelPacing({
      onRateLimited: ({ channel, waitMs }) => this.log.info({ channel, waitMs }, 'slack rate limit; this channel waits, the others go on'),
      ...(options.acksFirst ? { beforeCall: options.acksFirst } : {}),
      ...(options.postIntervalMs !== undefined ? { interval: options.postIntervalMs } : {}),
    });
  }

  async toRequester(request: ResetRequest, notice: Notice): Promise<void> {
    const message = noticeMessage(notice, request, this.desk.now(), this.desk.settings);
    if (!message) return;
    const rendered = renderMessage(message, request.id);
    if (notice.audience === 'requester_private') {
      // The PUK: a real DM from the bot, which survives a reload and a switch to the phone.
      await this.post(await this.dm(request.requester.id), rendered);
      return;
    }
    const c = request.conversation;
    try {
      await this.post(c.channel, rendered, c.thread);
    } catch (err) {
      if (!cannotPost(err)) throw err;
      // The bot lost the thread (removed from the channel, channel archived): keep talking in the DM.
      this.log.warn({ requestId: request.id, error: slackErrorCode(err) }, 'request thread unreachable; using the DM');
      await this.post(await this.dm(request.requester.id), rendered);
    }
  }

  async toSupport(request: ResetRequest, notice: Notice): Promise<void> {
    const channel = request.supportCard?.channel ?? this.supportChannel;
    if (!channel) {
      this.log.error({ requestId: request.id, kind: notice.kind }, 'no Slack support channel configured (SLACK_SUPPORT_CHANNEL)');
      return;
    }
    if (notice.kind === 'card') {
      await this.queue.run(channel, () => this.putCard(request.id, channel));
      return;
    }
    const message = noticeMessage(notice, request, this.desk.now(), this.desk.settings);
    if (!message) return;
    // The agent handling it may not follow the card's thread (a Claim click does not subscribe
    // them): a mention makes sure Slack notifies them of a reply or the clock running out.
    const addressee = addresseeOf(notice, request);
    const shown = addressee?.platform === 'slack' ? { ...message, lines: [addressedTo(addressee), ...message.lines] } : message;
    const rendered = renderMessage(shown, request.id);
    // Nobody claimed it and the clock is running out: the whole support group hears of it.
    if (notice.kind === 'warning' && notice.unclaimed && this.supportGroup) {
      rendered.blocks.unshift({ type: 'section', text: { type: 'mrkdwn', text: this.supportGroup } });
      rendered.text = `${this.supportGroup} ${rendered.text}`;
    }
    await this.queue.run(channel, async () => {
      const card = await this.putCard(request.id, channel, { onlyIfMissing: true });
      if (card) await this.send(card.channel, rendered, card.thread);
    });
  }

  /** Posts the parent message of a new request; where the bot cannot, moves to the DM. */
  async openThread(id: string, requester: Actor, channel: string): Promise<{ conversation: Conversation; moved: boolean }> {
    try {
      const ts = await this.post(channel, renderMessage(threadOpening(id, requester, false), id));
      return { conversation: { platform: 'slack', channel, thread: ts }, moved: false };
    } catch (err) {
      if (!cannotPost(err)) throw err;
      const dm = await this.dm(requester.id);
      const ts = await this.post(dm, renderMessage(threadOpening(id, requester, true), id));
      return { conversation: { platform: 'slack', channel: dm, thread: ts }, moved: dm !== channel };
    }
  }

  /** Something only `user` should see: ephemeral where they are, or a DM where that is impossible. */
  async tellPrivately(user: string, where: { channel?: string; thread?: string }, message: SlackMessage): Promise<void> {
    if (where.channel) {
      try {
        const channel = where.channel;
        await this.pacing.call(channel, () => this.client.chat.postEphemeral({ channel, user, ...message, ...(where.thread ? { thread_ts: where.thread } : {}) }));
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

  /** Posts in order with everything else queued for the channel; resolves to the message ts. */
  post(channel: string, message: SlackMessage, thread?: string): Promise<string> {
    return this.queue.run(channel, () => this.send(channel, message, thread));
  }

  /** Resolves when every queued post has gone out (tests, graceful stop). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async send(channel: string, message: SlackMessage, thread?: string): Promise<string> {
    const result = await this.pacing.post(channel, () => this.client.chat.postMessage({ channel, ...message, ...(thread ? { thread_ts: thread } : {}), unfurl_links: false, unfurl_media: false }));
    if (!result.ts) throw new Error('chat.postMessage returned no ts');
    return result.ts;
  }

  /**
   * The bot cannot post in the support channel (not invited, archived): said at most every few
   * minutes, however many requests wait, with the fix.
   */
  private notInSupportChannel(channel: string, error: string | undefined): void {
    const now = Date.now();
    if (this.saidNotInChannel !== undefined && now - this.saidNotInChannel < NOT_IN_CHANNEL_REMINDER_MS) return;
    this.saidNotInChannel = now;
    this.log.warn({ supportChannel: channel, error }, 'Slack support channel is not reachable: invite the camreset bot to SLACK_SUPPORT_CHANNEL (/invite @camreset in that channel). Until then submitted requests wait, and their technicians are told so.');
  }

  /**
   * Posts the card, or updates it in place, from the request as stored now (not as it was when
   * the notice was made), so a late update never shows an older state. Runs inside the
   * support channel's queue, so two milestones in quick succession cannot post two cards.
   */
  private async putCard(id: string, channel: string, options: { onlyIfMissing?: boolean } = {}): Promise<Conversation | undefined> {
    const current = await this.desk.get(id);
    if (!current) return undefined;
    const existing = current.supportCard;
    if (existing && options.onlyIfMissing) return existing;
    const rendered = renderCard(cardModel(current, this.desk.now()), id);
    if (existing?.message) {
      const { channel: where, message: ts } = existing;
      await this.pacing.call(where, () => this.client.chat.update({ channel: where, ts, ...rendered }));
      return existing;
    }
    let posted;
    try {
      posted = await this.pacing.post(channel, () => this.client.chat.postMessage({ channel, ...rendered, unfurl_links: false, unfurl_media: false }));
    } catch (err) {
      if (!cannotPost(err)) throw err;
      // Not a failed delivery: the card waits (the technician is told so) and is tried again.
      this.notInSupportChannel(channel, slackErrorCode(err));
      throw new SupportNotConnectedError('slack');
    }
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    const card = { platform: 'slack' as const, channel: posted.channel ?? channel, thread: posted.ts, message: posted.ts };
    await this.desk.attachSupportCard(id, card);
    return card;
  }
}
