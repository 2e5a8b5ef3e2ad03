// Where Slack shows what the core decided: the technician's thread, the DM with the bot for
// anything private (the PUK), the support card — posted once, then updated in place at each
// milestone — and its thread. The posting itself, in order and at Slack's pace, is the
// messenger's (messenger.ts). Files the technician shared are copied into the card's thread
// once the card is there (files.ts).

import type { Logger } from 'pino';
import { cardModel } from '../../core/card.js';
import { addressedTo, addresseeOf, noticeMessage, threadOpening } from '../../core/copy.js';
import type { Desk } from '../../core/desk.js';
import type { Notice } from '../../core/notices.js';
import type { Actor, Conversation, Photo, ResetRequest } from '../../core/request.js';
import type { Surface } from '../router.js';
import type { SlackFiles } from './files.js';
import { type SlackMessenger, cannotPost, slackErrorCode } from './messenger.js';
import { type SlackMessage, renderCard, renderMessage, usergroupMention } from './render.js';

export interface SlackSurfaceOptions {
  messenger: SlackMessenger;
  desk: Desk;
  supportChannel?: string;
  /** SLACK_SUPPORT_USERGROUP: called when a request nobody claimed gets its first warning. */
  supportUsergroup?: string;
  logger: Logger;
  /** Copies shared files into the card's thread; without it they stay links. */
  files?: SlackFiles;
}

export class SlackSurface implements Surface {
  readonly platform = 'slack' as const;
  readonly hasSupportChannel: boolean;
  private readonly messenger: SlackMessenger;
  private readonly desk: Desk;
  private readonly supportChannel: string | undefined;
  private readonly supportGroup: string | undefined;
  private readonly log: Logger;
  private readonly files: SlackFiles | undefined;
  /** Requests whose files are being copied now: one copier per request, in this process. */
  private readonly copying = new Set<string>();

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
    const rendered = renderMessage(message, request.id);
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
      await this.copyFiles(request.id);
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
    await this.messenger.inOrder(channel, async () => {
      const card = await this.putCard(request.id, channel, { onlyIfMissing: true });
      if (card) await this.messenger.postNow(card.channel, rendered, card.thread);
    });
  }

  /**
   * Copies every shared file still pending into the card's thread, one at a time, and tells the
   * desk how each went (the card then names it; a failure is told to the technician and to
   * support). Re-reads the request after each file, so files shared meanwhile are copied too;
   * a file is tried once per run, and the bytes are dropped as soon as they are uploaded.
   */
  private async copyFiles(id: string): Promise<void> {
    if (!this.files || this.copying.has(id)) return;
    this.copying.add(id);
    const tried = new Set<string>();
    try {
      for (;;) {
        const current = await this.desk.get(id);
        const card = current?.supportCard;
        if (!current || card?.platform !== 'slack' || !card.thread) return;
        const next = [...current.device.photos, ...current.device.documents].find((p) => p.copy === 'pending' && !tried.has(p.url));
        if (!next) return;
        tried.add(next.url);
        const ok = await this.copyFile(id, next, card.channel, card.thread);
        await this.desk.fileCopied(id, next.url, ok);
      }
    } finally {
      this.copying.delete(id);
    }
  }

  private async copyFile(id: string, file: Photo, channel: string, thread: string): Promise<boolean> {
    const files = this.files!;
    const fetched = await files.fetch(file.url);
    if (!fetched.ok) {
      this.log.warn({ requestId: id, problem: fetched.problem }, 'shared file could not be downloaded for support');
      return false;
    }
    try {
      await files.upload(fetched.bytes, file.name ?? `file.${fetched.type}`, channel, thread);
      return true;
    } catch (err) {
      this.log.warn({ requestId: id, error: slackErrorCode(err) ?? (err instanceof Error ? err.message : String(err)) }, 'shared file could not be uploaded to the support thread');
      return false;
    }
  }

  /** Posts the parent message of a new request; where the bot cannot, moves to the DM. */
  async openThread(id: string, requester: Actor, channel: string): Promise<{ conversation: Conversation; moved: boolean }> {
    try {
      const ts = await this.messenger.post(channel, renderMessage(threadOpening(id, requester, false), id));
      return { conversation: { platform: 'slack', channel, thread: ts }, moved: false };
    } catch (err) {
      if (!cannotPost(err)) throw err;
      const dm = await this.messenger.dm(requester.id);
      const ts = await this.messenger.post(dm, renderMessage(threadOpening(id, requester, true), id));
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
    const rendered = renderCard(cardModel(current, this.desk.now()), id);
    if (existing?.message) {
      const { channel: where, message: ts } = existing;
      await this.messenger.update(where, ts, rendered);
      return existing;
    }
    const posted = await this.messenger.postMessage(channel, rendered);
    const card = { platform: 'slack' as const, channel: posted.channel, thread: posted.ts, message: posted.ts };
    await this.desk.attachSupportCard(id, card);
    return card;
  }
}
