// Proactive messaging through the Bot Connector: send to a stored conversation reference,
// update a message in place, open a new thread in a channel, open a 1:1 chat with a person.
// Everything the bot says after the incoming turn is over goes through here.

import {
  type Activity,
  type Attachment,
  type ChannelAccount,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import type { AddressBook, TeamPlace } from './addresses.js';
import { type AdaptiveCard, attachment } from './cards.js';
import { splitThread } from './ids.js';

export interface MessengerOptions {
  adapter: CloudAdapter;
  /** '' in anonymous local mode. */
  appId: string;
  addresses: AddressBook;
  /** The token audience for calls to the Bot Connector (botbuilder's ToChannelFromBotOAuthScope for this cloud). */
  audience: string;
}

export interface PostedThread {
  /** The thread's conversation id (`19:...;messageid=<root>`). */
  conversationId: string;
  /** The root message's id: the card to update later. */
  activityId: string;
  reference: Partial<ConversationReference>;
}

export class Messenger {
  constructor(private readonly options: MessengerOptions) {}

  /** The bot's own account: `28:<app id>` in Teams. */
  get bot(): ChannelAccount {
    return { id: this.options.appId ? `28:${this.options.appId}` : 'camreset-bot', name: 'camreset' };
  }

  /**
   * Posts a card into a conversation (chat, or a channel thread), with `extra` attachments after
   * it (an image); resolves to the new message's id.
   */
  async send(reference: Partial<ConversationReference>, card: AdaptiveCard, extra: Attachment[] = []): Promise<string | undefined> {
    let id: string | undefined;
    await this.continueConversation(reference, async (ctx) => {
      // Straight to the adapter: TurnContext.sendActivity would make it a reply to the
      // continuation's made-up activity id.
      const activity: Partial<Activity> = {
        type: 'message',
        channelId: reference.channelId ?? 'msteams',
        serviceUrl: reference.serviceUrl ?? ctx.activity.serviceUrl,
        conversation: ctx.activity.conversation,
        from: ctx.activity.recipient,
        attachments: [attachment(card), ...extra],
      };
      // The continuation's activity is built from a stored reference, which may name no user.
      const { from } = ctx.activity as Partial<Activity>;
      if (from?.id) activity.recipient = from;
      const [sent] = await ctx.adapter.sendActivities(ctx, [activity]);
      id = sent?.id;
    });
    return id;
  }

  /**
   * The bot's bearer token for the Bot Connector of `reference` (the one it posts with), for
   * downloading a pasted image from the connector; undefined in local mode (no app id).
   */
  async connectorToken(reference: Partial<ConversationReference>): Promise<string | undefined> {
    if (!this.options.appId) return undefined;
    let token: string | undefined;
    await this.continueConversation(reference, async (ctx) => {
      const client = ctx.turnState.get<{ credentials?: { getToken?: () => Promise<string> } } | undefined>(ctx.adapter.ConnectorClientKey);
      token = await client?.credentials?.getToken?.();
    });
    return token || undefined;
  }

  async update(reference: Partial<ConversationReference>, activityId: string, card: AdaptiveCard): Promise<void> {
    await this.continueConversation(reference, async (ctx) => {
      await ctx.updateActivity({ type: 'message', id: activityId, attachments: [attachment(card)] });
    });
  }

  /**
   * The adapter hands an error thrown inside a proactive turn to its onTurnError, which logs it
   * and returns: the caller would take an undelivered message for a delivered one. Caught here
   * and thrown again, so the notice stays pending and is tried again.
   */
  private async continueConversation(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    await this.options.adapter.continueConversationAsync(this.options.appId, reference, async (ctx) => {
      try {
        await logic(ctx);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }

  /** Starts a new thread in a channel with the card as its root message. */
  async postThread(place: TeamPlace, channelId: string, card: AdaptiveCard): Promise<PostedThread> {
    const parameters: ConversationParameters = {
      isGroup: true,
      bot: this.bot,
      channelData: { channel: { id: channelId }, ...(place.tenantId ? { tenant: { id: place.tenantId } } : {}) },
      activity: { type: 'message', attachments: [attachment(card)] } as Activity,
    };
    if (place.tenantId) parameters.tenantId = place.tenantId;
    let conversationId = '';
    await this.options.adapter.createConversationAsync(
      this.options.appId,
      'msteams',
      place.serviceUrl,
      this.options.audience,
      parameters,
      (ctx) => {
        conversationId = ctx.activity.conversation.id;
        return Promise.resolve();
      },
    );
    const activityId = splitThread(conversationId).thread;
    if (!activityId) throw new Error(`the Bot Connector created ${conversationId} without a message id`);
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: place.serviceUrl,
      bot: this.bot,
      conversation: {
        id: conversationId,
        isGroup: true,
        conversationType: 'channel',
        name: '',
        ...(place.tenantId ? { tenantId: place.tenantId } : {}),
      },
    };
    return { conversationId, activityId, reference };
  }

  /**
   * The 1:1 chat with a person: the one they already have with the bot, or a new one (Teams
   * allows it once the app is installed in a team the person is in). Kept in the address book.
   * `user` comes from an activity or a stored reference, which may carry no name.
   */
  async personalChat(
    userKey: string,
    user: Pick<ChannelAccount, 'id'> & Partial<ChannelAccount>,
    serviceUrl: string,
    tenantId?: string,
  ): Promise<Partial<ConversationReference>> {
    const known = await this.options.addresses.personal(userKey);
    if (known) return known;
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: this.bot,
      members: [{ id: user.id, name: user.name ?? '' }],
      channelData: tenantId ? { tenant: { id: tenantId } } : {},
    };
    if (tenantId) parameters.tenantId = tenantId;
    let reference: Partial<ConversationReference> | undefined;
    await this.options.adapter.createConversationAsync(
      this.options.appId,
      'msteams',
      serviceUrl,
      this.options.audience,
      parameters,
      (ctx) => {
        reference = TurnContext.getConversationReference(ctx.activity);
        return Promise.resolve();
      },
    );
    if (!reference?.conversation?.id) throw new Error('the Bot Connector did not create the 1:1 chat');
    reference = {
      ...reference,
      user: { id: user.id, name: user.name ?? '' },
      conversation: { ...reference.conversation, conversationType: 'personal' },
    };
    delete reference.activityId;
    await this.options.addresses.rememberPersonal(userKey, reference);
    return reference;
  }
}
