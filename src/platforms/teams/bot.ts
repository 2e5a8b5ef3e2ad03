// The Teams bot: each message goes to the desk (commands.ts: the core reads commands — `camreset`,
// `help`, `status`, `cancel [id]` — answers and agent replies), card buttons, dialogs
// (task/fetch, task/submit); and learning where the bot lives (the team behind each channel,
// each person's 1:1 chat) and each person's time zone, so it can speak up later with times on
// their own clock. Activities reach it through the middleware (middleware.ts) in the order
// TEAMS_MIDDLEWARE_ORDER (index.ts) gives. Everyone who acts (a message, a button, a dialog) is
// worded to in their own language: the LanguageBook resolves it from the activity's locale
// (Teams sends the client's on messages and invokes) before the turn is handled (language.ts).

import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  TeamsActivityHandler,
  type TaskModuleRequest,
  type TaskModuleResponse,
  type TeamsChannelData,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { HandlerDesk } from '../contract.js';
import type { FileRelay } from '../files.js';
import { hearMessage } from './commands.js';
import type { LanguageBook } from '../../core/languages.js';
import type { RichMessage } from '../../core/rich.js';
import { handleCardAction, type RefreshFor } from './actions.js';
import type { AddressBook, TeamPlace } from './addresses.js';
import { attachment, noticeCards } from './cards.js';
import type { SupportConnection } from './connection.js';
import { fetchDialog, submitDialog } from './dialogs.js';
import { actorOf, conversationOf, isPersonal } from './ids.js';
import type { Messenger } from './messenger.js';
import { resolveSpeaker, speakerOf } from './language.js';
import { localizeTimes } from './render.js';
import { type TimeZones, timeZoneOf } from './zones.js';

export interface CamresetBotOptions {
  desk: HandlerDesk;
  messenger: Messenger;
  addresses: AddressBook;
  /** Where people's time zones are remembered, for what the bot says to them later. */
  zones: TimeZones;
  /** TEAMS_SUPPORT_CHANNEL: the one channel whose team the bot must know to post support cards. */
  supportChannel?: string;
  /** Keeps where the support channel lives, and delivers what waited for it (with supportChannel). */
  supportConnection?: SupportConnection;
  /** Who gets the agents' view of the support card by automatic refresh. */
  refreshFor?: RefreshFor;
  logger: Logger;
  /** Checks files as they are sent and copies them to support (../files.ts); without it they stay links. */
  files?: FileRelay;
  /** Each person's language (core/languages.ts); without it everyone reads English. */
  languages?: LanguageBook;
}

export class CamresetBot extends TeamsActivityHandler {
  constructor(private readonly options: CamresetBotOptions) {
    super();
    this.onTurn(async (ctx, next) => {
      await this.learn(ctx);
      await this.meet(ctx);
      await next();
    });
    this.onMessage(async (ctx, next) => {
      await hearMessage(ctx, {
        ...this.options,
        speaker: speakerOf(ctx),
        privately: (turn, message, requestId) => this.privately(turn, message, requestId),
      });
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const added = ctx.activity.membersAdded ?? [];
      if (added.some((m) => m.id === ctx.activity.recipient.id)) await this.installed(ctx);
      await next();
    });
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.installed(ctx);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const a = ctx.activity;
    const timeZone = await this.timeZone(ctx);
    const response = await handleCardAction(
      this.options.desk,
      speakerOf(ctx),
      timeZone,
      value.action.verb,
      value.action.data,
      () => Promise.resolve(conversationOf(a, TurnContext.getConversationReference(a))),
      this.options.refreshFor,
    );
    // A redrawn technician card is seen by the one person who pressed it: their clock. The
    // support card keeps {{TIME()}}, since every agent in the channel sees the new version.
    const pressed = (value.action.data as { card?: unknown } | undefined)?.card;
    if (response.type === 'application/vnd.microsoft.card.adaptive' && pressed !== 'support') {
      return { ...response, value: localizeTimes(response.value, timeZone) };
    }
    return response;
  }

  /** A form button pressed: the dialog to show (dialogs.ts). */
  protected override async handleTeamsTaskModuleFetch(ctx: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    // The invoke's value is untrusted: botbuilder passes it on unchecked, and it may be absent.
    return fetchDialog(
      this.options.desk,
      speakerOf(ctx),
      await this.timeZone(ctx),
      (request as Partial<TaskModuleRequest> | undefined)?.data,
    );
  }

  /** A dialog submitted: the core applies it, or the dialog says why not. */
  protected override async handleTeamsTaskModuleSubmit(ctx: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    return submitDialog(
      this.options.desk,
      speakerOf(ctx),
      await this.timeZone(ctx),
      (request as Partial<TaskModuleRequest> | undefined)?.data,
    );
  }

  /** The zone of the person behind this activity: what it says, else what they said before, else UTC. */
  private async timeZone(ctx: TurnContext): Promise<string> {
    return timeZoneOf(ctx.activity) ?? (await this.options.zones.of(actorOf(ctx.activity).id)) ?? 'UTC';
  }

  /** Keeps what later proactive messages need: the team behind a channel, a person's 1:1 chat. */
  private async learn(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    // An activity is untrusted input: a forged one may lack the fields Teams always sends.
    const { serviceUrl, conversation, from } = a as Partial<Activity>;
    const data = a.channelData as TeamsChannelData | undefined;
    const tenantId = tenantOf(a);
    // The support channel's address comes only from traffic in that channel (this turn passed
    // authentication and admission), never from an activity elsewhere that names it.
    const support = this.options.supportChannel;
    if (support && data?.team?.id && data.channel?.id === support && serviceUrl) {
      await this.rememberSupport({ serviceUrl, teamId: data.team.id, ...(tenantId ? { tenantId } : {}) });
    }
    if (a.type === 'message' && conversation && isPersonal({ conversation }) && from) {
      const { activityId: _id, ...reference } = TurnContext.getConversationReference(a);
      await this.options.addresses.rememberPersonal(actorOf({ from }).id, reference);
    }
    // What the person's client says now wins: a technician who flew to another site reads
    // the next warning on the local clock there.
    const zone = (a.type === 'message' || a.type === 'invoke') && from?.id ? timeZoneOf(a) : undefined;
    if (zone && from) await this.options.zones.remember(actorOf({ from }).id, zone);
  }

  /**
   * The language of the person acting now: resolved once per turn, and when we do not speak their
   * client's language they are told so once, in English, before anything else we say to them.
   * Only turns that answer someone: a message, a button or a dialog (an installation says nothing).
   * A client now set to another language moves the person's open requests to it.
   */
  private async meet(ctx: TurnContext): Promise<void> {
    const a = ctx.activity as Partial<Activity>;
    if ((a.type !== 'message' && a.type !== 'invoke') || !a.from?.id || !this.options.languages) return;
    const speaker = await resolveSpeaker(ctx, this.options.languages);
    if (speaker.fallbackNote) await this.privately(ctx, speaker.fallbackNote);
    // A client switched to another language: what timers tell them later follows it, even when
    // this turn changes nothing on a request (`status`, a refresh).
    if (speaker.changed) await this.options.desk.followLanguage(speaker.actor);
  }

  /** Added to a team: remember the team's service URL, and which channels belong to it. */
  private async installed(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const data = a.channelData as TeamsChannelData | undefined;
    const teamId = data?.team?.id;
    if (!teamId) return;
    const tenantId = tenantOf(a);
    const place = { serviceUrl: a.serviceUrl, teamId, ...(tenantId ? { tenantId } : {}) };
    this.options.logger.info({ teamId }, 'teams: installed in a team');
    const support = this.options.supportChannel;
    if (!support) return;
    // The team owns the support channel when it is the team's General channel (the team's id),
    // the channel chosen at installation, or one of the channels the Bot Connector lists for it.
    const selected = (data as { settings?: { selectedChannel?: { id?: unknown } } } | undefined)?.settings?.selectedChannel?.id;
    let owns = support === teamId || support === selected;
    if (!owns) {
      try {
        owns = (await TeamsInfo.getTeamChannels(ctx, teamId)).some((c) => c.id === support);
      } catch (err) {
        this.options.logger.warn(
          { err: String(err), teamId },
          'teams: could not list the channels of the team; the support channel is learned when someone writes to the bot there',
        );
      }
    }
    if (owns) await this.rememberSupport(place);
  }

  private async rememberSupport(place: TeamPlace): Promise<void> {
    if (this.options.supportConnection) await this.options.supportConnection.learned(place);
    else if (this.options.supportChannel) await this.options.addresses.rememberChannel(this.options.supportChannel, place);
  }

  /** In the 1:1 chat: here when this is it, else proactively; times on the person's clock. */
  private async privately(ctx: TurnContext, message: RichMessage, requestId = ''): Promise<void> {
    const a = ctx.activity;
    const locale = speakerOf(ctx).locale;
    const timeZone = await this.timeZone(ctx);
    // A long answer (the confirmation of a site's PUKs) may take more than one card.
    const cards = noticeCards(message, { requestId, card: 'notice' }, locale ? { timeZone, locale } : { timeZone });
    if (isPersonal(a)) {
      for (const card of cards) await ctx.sendActivity({ type: 'message', attachments: [attachment(card)] });
      return;
    }
    const reference = await this.options.messenger.personalChat(actorOf(a).id, a.from, a.serviceUrl, tenantOf(a));
    for (const card of cards) await this.options.messenger.send(reference, card);
  }
}

/** The tenant Teams names for an activity: in its channelData, else on its conversation. */
function tenantOf(a: Partial<Activity>): string | undefined {
  return (a.channelData as TeamsChannelData | undefined)?.tenant?.id ?? a.conversation?.tenantId;
}
