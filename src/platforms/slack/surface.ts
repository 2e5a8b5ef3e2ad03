// Where Slack shows what the core decided: the technician's thread, the DM with the bot for
// anything private (the PUK), the support card — posted once, then updated in place at each
// milestone — and its thread. The posting itself, in order and at Slack's pace, is the
// messenger's (messenger.ts). Files reach the card's thread through the relay (../files.ts),
// with this platform's side in files.ts.

import type { Logger } from 'pino';
import { cardModel } from '../../core/card.js';
import { addressedTo, addresseeOf, noticeMessage, readerLocale, threadOpening } from '../../core/copy.js';
import type { Notice } from '../../core/notices.js';
import { SupportNotConnectedError } from '../../core/ports.js';
import type { Actor, Conversation, ResetRequest } from '../../core/request.js';
import type { Surface, SurfaceDesk } from '../contract.js';
import { localeOf } from '../../core/languages.js';
import type { SlackFiles } from './files.js';
import { type SlackMessenger, cannotPost, slackErrorCode } from './messenger.js';
import { LIMITS, type SlackMessage, renderCardWithList, renderMessage, truncateMrkdwn, usergroupMention } from './render.js';

/** Where a site's card keeps the ts of its full camera list in the thread (Conversation.reference). */
const LIST_REFERENCE = 'cameraList';

/** How often the log repeats that the bot cannot post in the support channel. */
const NOT_IN_CHANNEL_REMINDER_MS = 5 * 60_000;

export interface SlackSurfaceOptions {
  messenger: SlackMessenger;
  desk: SurfaceDesk;
  supportChannel?: string;
  /** SLACK_SUPPORT_USERGROUP: called when a request nobody claimed gets its first warning. */
  supportUsergroup?: string;
  logger: Logger;
  /** Fetches files shared in Slack and uploads files into the card's thread, for the relay. */
  files?: SlackFiles;
}

export class SlackSurface implements Surface {
  readonly platform = 'slack' as const;
  readonly hasSupportChannel: boolean;
  private readonly messenger: SlackMessenger;
  private readonly desk: SurfaceDesk;
  /** When the log last said the bot cannot post in the support channel. */
  private saidNotInChannel: number | undefined;
  private readonly supportChannel: string | undefined;
  private readonly supportGroup: string | undefined;
  private readonly log: Logger;
  readonly files: SlackFiles | undefined;

  constructor(options: SlackSurfaceOptions) {
    this.messenger = options.messenger;
    this.desk = options.desk;
    this.supportChannel = options.supportChannel;
    this.supportGroup = usergroupMention(options.supportUsergroup);
    this.hasSupportChannel = !!options.supportChannel;
    this.log = options.logger;
    this.files = options.files;
  }

  async toRequester(request: ResetRequest, notice: Notice): Promise<void> {
    const message = noticeMessage(notice, request, this.desk.now(), this.desk.settings);
    if (!message) return;
    const rendered = renderMessage(message, request.id, readerLocale(notice, request, this.desk.settings));
    if (notice.audience === 'requester_private') {
      // The PUK: a real DM from the bot, which survives a reload and a switch to the phone.
      await this.messenger.post(await this.messenger.dm(request.requester.id), rendered);
      return;
    }
    const c = request.conversation;
    try {
      await this.messenger.post(c.channel, rendered, c.thread);
    } catch (err) {
      if (!cannotPost(err)) throw err;
      // The bot lost the thread (removed from the channel, channel archived): keep talking in the DM.
      this.log.warn({ requestId: request.id, error: slackErrorCode(err) }, 'request thread unreachable; using the DM');
      await this.messenger.post(await this.messenger.dm(request.requester.id), rendered);
    }
  }

  async toSupport(request: ResetRequest, notice: Notice): Promise<void> {
    const channel = request.supportCard?.channel ?? this.supportChannel;
    if (!channel) {
      this.log.error({ requestId: request.id, kind: notice.kind }, 'no Slack support channel configured (SLACK_SUPPORT_CHANNEL)');
      return;
    }
    if (notice.kind === 'card') {
      await this.messenger.inOrder(channel, () => this.putCard(request.id, channel));
      return;
    }
    const message = noticeMessage(notice, request, this.desk.now(), this.desk.settings);
    if (!message) return;
    // The agent handling it may not follow the card's thread (a Claim click does not subscribe
    // them): a mention makes sure Slack notifies them of a reply or the clock running out.
    const addressee = addresseeOf(notice, request);
    const shown =
      addressee?.platform === 'slack'
        ? { ...message, lines: [addressedTo(addressee, readerLocale(notice, request, this.desk.settings)), ...message.lines] }
        : message;
    const rendered = renderMessage(shown, request.id, readerLocale(notice, request, this.desk.settings));
    // Nobody claimed it and the clock is running out: the whole support group hears of it.
    if ((notice.kind === 'warning' || notice.kind === 'site_warning') && notice.unclaimed && this.supportGroup) {
      rendered.blocks.unshift({ type: 'section', text: { type: 'mrkdwn', text: this.supportGroup } });
      rendered.text = truncateMrkdwn(`${this.supportGroup} ${rendered.text}`, LIMITS.fallbackText);
    }
    await this.messenger.inOrder(channel, async () => {
      const card = await this.putCard(request.id, channel, { onlyIfMissing: true });
      if (card) await this.messenger.postNow(card.channel, rendered, card.thread);
    });
  }

  /** Posts the parent message of a new request; where the bot cannot, moves to the DM. */
  async openThread(id: string, requester: Actor, channel: string): Promise<{ conversation: Conversation; moved: boolean }> {
    try {
      const ts = await this.messenger.post(
        channel,
        renderMessage(threadOpening(id, requester, false, localeOf(requester)), id, requester.locale),
      );
      return { conversation: { platform: 'slack', channel, thread: ts }, moved: false };
    } catch (err) {
      if (!cannotPost(err)) throw err;
      const dm = await this.messenger.dm(requester.id);
      const ts = await this.messenger.post(
        dm,
        renderMessage(threadOpening(id, requester, true, localeOf(requester)), id, requester.locale),
      );
      return { conversation: { platform: 'slack', channel: dm, thread: ts }, moved: dm !== channel };
    }
  }

  /** Something only `user` should see: ephemeral where they are, or a DM where that is impossible. */
  tellPrivately(user: string, where: { channel?: string; thread?: string }, message: SlackMessage): Promise<void> {
    return this.messenger.tellPrivately(user, where, message);
  }

  /** Resolves when every queued post has gone out (tests, graceful stop). */
  idle(): Promise<void> {
    return this.messenger.idle();
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
    // The card is the support channel's, in its one language (SUPPORT_LANGUAGE); cardModel words it.
    const { card: rendered, list } = renderCardWithList(
      cardModel(current, this.desk.now(), this.desk.settings.supportLanguage),
      id,
      this.desk.settings.supportLanguage,
    );
    if (existing?.message) {
      const { channel: where, message: ts } = existing;
      await this.messenger.update(where, ts, rendered);
      await this.putList(id, existing, list);
      return existing;
    }
    let posted;
    try {
      posted = await this.messenger.postMessage(channel, rendered);
    } catch (err) {
      if (!cannotPost(err)) throw err;
      // Not a failed delivery: the card waits (the technician is told so) and is tried again.
      this.notInSupportChannel(channel, slackErrorCode(err));
      throw new SupportNotConnectedError('slack');
    }
    const card = { platform: 'slack' as const, channel: posted.channel, thread: posted.ts, message: posted.ts };
    await this.desk.attachSupportCard(id, card);
    await this.putList(id, card, list);
    return card;
  }

  /**
   * A site whose cameras do not all fit on its card lists every one in the card's thread: posted
   * once (the messages' ts kept with the card, so any replica updates the same ones), then
   * updated with the card. Once every row fits again the list stays as last updated.
   */
  private async putList(id: string, card: Conversation & { message?: string }, list: SlackMessage[] | undefined): Promise<void> {
    if (!list?.length || !card.thread) return;
    const given = card.reference?.[LIST_REFERENCE];
    const known = Array.isArray(given) ? given.filter((ts): ts is string => typeof ts === 'string') : [];
    const posted = [...known];
    for (const [i, message] of list.entries()) {
      const ts = known[i];
      if (ts) await this.messenger.update(card.channel, ts, message);
      else posted.push(await this.messenger.postNow(card.channel, message, card.thread));
    }
    if (posted.length > known.length)
      await this.desk.attachSupportCard(id, { ...card, reference: { ...card.reference, [LIST_REFERENCE]: posted } });
  }

  /**
   * The bot cannot post in the support channel (not invited, archived): said at most every few
   * minutes, however many requests wait, with the fix.
   */
  private notInSupportChannel(channel: string, error: string | undefined): void {
    const now = Date.now();
    if (this.saidNotInChannel !== undefined && now - this.saidNotInChannel < NOT_IN_CHANNEL_REMINDER_MS) return;
    this.saidNotInChannel = now;
    this.log.warn(
      { supportChannel: channel, error },
      'Slack support channel is not reachable: invite the camreset bot to SLACK_SUPPORT_CHANNEL (/invite @camreset in that channel). Until then submitted requests wait, and their technicians are told so.',
    );
  }
}
