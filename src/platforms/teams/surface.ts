// Teams as a Surface for the notice router: the technician's notices go to the request's chat
// or reply chain (the PUK only to their 1:1 chat), support's to the support card's thread in
// TEAMS_SUPPORT_CHANNEL, which is posted once and then updated in place. The technician reads
// times on their own clock (the zone their Teams client reported); the support thread, read
// in many zones, gets {{TIME()}}, and @mentions that notify the agents it addresses.

import type { Logger } from 'pino';
import type { ConversationReference } from 'botbuilder';
import { type CardModel, cardModel } from '../../core/card.js';
import { addressedTo, addresseeOf, noticeMessage, readerLocale } from '../../core/copy.js';
import type { Notice } from '../../core/notices.js';
import { SupportNotConnectedError } from '../../core/ports.js';
import { type Actor, type ResetRequest, sameActor } from '../../core/request.js';
import { KeyedQueue } from '../../lib/keyed-queue.js';
import type { FileSide } from '../files.js';
import type { Surface, SurfaceDesk } from '../contract.js';
import { type RefreshFor, technicianView } from './actions.js';
import type { AddressBook } from './addresses.js';
import { type CardKind, drawSupportCard, noticeCards, siteListCard } from './cards.js';
import { asReference, storedReference } from './ids.js';
import type { Messenger } from './messenger.js';
import type { TimeZones } from './zones.js';
import { TEAMS_WORDS } from './words.js';

export interface TeamsSurfaceOptions {
  desk: SurfaceDesk;
  messenger: Messenger;
  addresses: AddressBook;
  zones: TimeZones;
  supportChannel?: string;
  /** Who gets the agents' view of the support card by automatic refresh. */
  refreshFor?: RefreshFor;
  logger: Logger;
  /** Fetches files sent in Teams and delivers files into the card's reply chain, for the relay (files.ts). */
  files?: FileSide;
}

export class TeamsSurface implements Surface {
  readonly platform = 'teams' as const;
  readonly hasSupportChannel: boolean;
  readonly files: FileSide | undefined;
  /** Card posts and updates of one request run one after another, so a card is posted once. */
  private readonly cardLocks = new KeyedQueue();

  constructor(private readonly options: TeamsSurfaceOptions) {
    this.hasSupportChannel = !!options.supportChannel;
    this.files = options.files;
  }

  async toRequester(request: ResetRequest, notice: Notice): Promise<void> {
    const { desk } = this.options;
    const inChat = isChat(request);
    // In a 1:1 chat the PUK itself arrives in the same chat: a note pointing elsewhere would mislead.
    if (notice.kind === 'puk_sent_note' && inChat) return;
    const message = noticeMessage(notice, request, desk.now(), desk.settings);
    if (!message) return;
    // Unknown zone: UTC, labelled as such, rather than a guess.
    const timeZone = (await this.options.zones.of(request.requester.id)) ?? 'UTC';
    // The words are the core's, in the reader's language; the few the card adds follow them.
    const locale = readerLocale(notice, request, desk.settings);
    const data = { requestId: request.id, card: cardKindOf(notice) };
    if (notice.audience === 'requester_private' && !inChat) {
      const chat = await this.privateChat(request);
      for (const card of noticeCards(message, data, { timeZone, locale })) await this.options.messenger.send(chat, card);
      return;
    }
    // In a reply chain everyone reads along: the buttons are the technician's view (actions.ts).
    const view = notice.audience === 'requester' ? technicianView(request) : undefined;
    const reference = asReference(request.conversation.reference);
    if (!reference) throw new Error(`request ${request.id} has no Teams conversation reference`);
    for (const card of noticeCards(message, data, { timeZone, locale }, view)) await this.options.messenger.send(reference, card);
  }

  async toSupport(request: ResetRequest, notice: Notice): Promise<void> {
    if (notice.kind === 'card') return this.withCardLock(request.id, () => this.postOrUpdateCard(request.id));
    const current = (await this.options.desk.get(request.id)) ?? request;
    const reference = asReference(current.supportCard?.reference);
    if (!reference) {
      this.options.logger.warn({ requestId: request.id, kind: notice.kind }, 'teams: no support card yet for this support notice');
      return;
    }
    const message = noticeMessage(notice, current, this.options.desk.now(), this.options.desk.settings);
    if (!message) return;
    // Agents are mentioned for real; the technician (often outside the support team) by name.
    const notify = (person: Actor) => !sameActor(person, current.requester);
    const addressee = addresseeOf(notice, current);
    let lines =
      addressee?.platform === 'teams'
        ? [addressedTo(addressee, readerLocale(notice, current, this.options.desk.settings)), ...message.lines]
        : message.lines;
    // Nobody claimed it and the clock is running out: a channel mention reaches the whole support channel.
    const channel = current.supportCard?.channel ?? this.options.supportChannel;
    const locale = this.options.desk.settings.supportLanguage;
    if (notice.kind === 'warning' && notice.unclaimed && channel)
      lines = [[{ mention: { platform: 'teams', id: channel, name: TEAMS_WORDS.word(locale, 'surface.support_channel') } }], ...lines];
    for (const card of noticeCards({ ...message, lines }, { requestId: request.id, card: 'notice' }, { notify, locale }))
      await this.options.messenger.send(reference, card);
  }

  /** The technician's 1:1 chat with the bot, started now if they began in a channel. */
  private async privateChat(request: ResetRequest) {
    const origin = asReference(request.conversation.reference);
    const user = origin?.user;
    if (!origin?.serviceUrl || !user) throw new Error(`request ${request.id} has no Teams user to reach privately`);
    return this.options.messenger.personalChat(request.requester.id, user, origin.serviceUrl, origin.conversation?.tenantId);
  }

  private async postOrUpdateCard(id: string): Promise<void> {
    const { desk, messenger } = this.options;
    // Draw the latest state: notices of several quick changes may arrive out of step.
    const request = await desk.get(id);
    if (!request) return;
    // Everyone in the channel sees the read-only view; agents' clients refresh it to theirs.
    const refreshFor = this.options.refreshFor ? await this.options.refreshFor(request) : [];
    const locale = desk.settings.supportLanguage;
    const model = cardModel(request, desk.now(), locale);
    const { card, leftOut } = drawSupportCard(model, request.id, { viewer: 'shared', refreshFor, locale });
    const existing = request.supportCard;
    if (existing?.platform === 'teams') {
      const reference = asReference(existing.reference);
      if (reference && existing.message) {
        await messenger.update(reference, existing.message, card);
        await this.siteList(request.id, reference, model, leftOut);
      }
      return;
    }
    const channel = this.options.supportChannel;
    if (!channel) throw new Error('TEAMS_SUPPORT_CHANNEL is not set');
    // Only where the support channel was learned: an installation in its team, or traffic in it.
    const place = await this.options.addresses.channel(channel);
    // The card waits (the desk tells the technician); SupportConnection says so in the log.
    if (!place) throw new SupportNotConnectedError('teams');
    const posted = await messenger.postThread(place, channel, card);
    await desk.attachSupportCard(id, {
      platform: 'teams',
      channel,
      thread: posted.activityId,
      message: posted.activityId,
      reference: storedReference(posted.reference),
    });
    await this.siteList(request.id, posted.reference, model, leftOut);
  }

  /**
   * Every camera of a site whose card has no room for them all, as one message in the card's
   * thread: posted the first time a row is left out, then redrawn with the card each time.
   */
  private async siteList(id: string, thread: Partial<ConversationReference>, model: CardModel, leftOut: number): Promise<void> {
    const { addresses, messenger, desk } = this.options;
    const known = await addresses.siteList(id);
    if (!known && leftOut <= 0) return;
    const list = siteListCard(model, id, desk.settings.supportLanguage);
    if (!list) return;
    if (known) {
      await messenger.update(thread, known, list);
      return;
    }
    const posted = await messenger.send(thread, list);
    if (posted) await addresses.rememberSiteList(id, posted);
  }

  private async withCardLock(id: string, work: () => Promise<void>): Promise<void> {
    await this.cardLocks.run(id, work);
  }
}

function isChat(request: ResetRequest): boolean {
  const reference = asReference(request.conversation.reference);
  return reference?.conversation?.conversationType === 'personal';
}

function cardKindOf(notice: Notice): CardKind {
  if (notice.kind === 'summary') return 'summary';
  if (notice.kind === 'puk' || notice.kind === 'puk_reminder') return 'puk';
  return 'notice';
}
