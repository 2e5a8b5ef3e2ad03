// The playground's switchboard between two Web Chat panes and the bot. Each pane is one Direct
// Line conversation with an activity queue (the watermark is the queue position). What a pane's
// person does becomes the activity Teams would send and is POSTed to the /api/messages of the
// playground's own Teams bot; what the bot sends through the (emulated) Bot Connector lands in the queue of
// the pane its Teams conversation belongs to. The Technician pane is a 1:1 chat; the Support
// pane is the support channel, where every reply chain (one per request card) is shown in line.

import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../core/ports.js';
import { AGENT, type Member, PERSONAL_CONVERSATION, TEAM_NAME, TECHNICIAN } from './identities.js';
import {
  ADAPTIVE_CARD,
  type CardAction,
  cardActionOf,
  type ClientInfo,
  forWebChat,
  InvokeResponse,
  isObject,
  type Json,
  type TeamsPlace,
  teamsInstall,
  teamsInvoke,
  teamsMessage,
  teamsSubmit,
  WebChatActivity,
} from './translate.js';
import { errorText } from '../../lib/error-text.js';

export type PaneKey = 'technician' | 'support';

/** How the playground reaches its bot: one POST of an activity to the bot's /api/messages. */
export interface BotLink {
  send(activity: Json): Promise<{ status: number; body: unknown }>;
  /** The Bot Connector emulation's base URL, given to the bot as `serviceUrl`. */
  serviceUrl(): string;
}

export interface PaneInfo {
  key: PaneKey;
  title: string;
  conversationId: string;
  token: string;
  userID: string;
  username: string;
}

interface Pane {
  key: PaneKey;
  title: string;
  member: Member;
  kind: 'personal' | 'channel';
  /** The Teams conversation this pane shows: the 1:1 chat id, or the channel id. */
  teamsConversation: string;
  conversationId: string;
  token: string;
  queue: Json[];
  /** Ids in the queue, so replies to unknown activities are not held back by Web Chat. */
  ids: Set<string>;
  /** The newest reply chain in the channel; typed messages in the Support pane go there. */
  latestThread?: string;
}

interface Stored {
  pane: Pane;
  /** Full Teams conversation id of the activity (with `;messageid=` in a reply chain). */
  teamsConversation: string;
  /** The version Web Chat last got, to build updates from. */
  shown: Json;
}

export interface PlaygroundHubOptions {
  bot: BotLink;
  clock: Clock;
  supportChannel: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
}

const THREAD = /;messageid=([^;]+)$/;

const info = (p: Pane): PaneInfo => ({ key: p.key, title: p.title, conversationId: p.conversationId, token: p.token, userID: p.member.id, username: p.member.name });

export class PlaygroundHub {
  private readonly bot: BotLink;
  private readonly clock: Clock;
  private readonly supportChannel: string;
  private readonly log: PlaygroundHubOptions['logger'];
  private panes = new Map<PaneKey, Pane>();
  private stored = new Map<string, Stored>();
  private installed: Promise<void> | undefined;
  private generation = 0;
  private seq = 0;

  constructor(options: PlaygroundHubOptions) {
    this.bot = options.bot;
    this.clock = options.clock;
    this.supportChannel = options.supportChannel;
    this.log = options.logger;
    this.fresh();
  }

  /** The panes for the page, after making sure the bot has been "installed" in both places. */
  async session(): Promise<PaneInfo[]> {
    await this.install();
    return [...this.panes.values()].map(info);
  }

  paneByToken(token: string | undefined): PaneInfo | undefined {
    const pane = [...this.panes.values()].find((p) => p.token === token);
    return pane && info(pane);
  }

  /** Activities from `watermark` on; the new watermark is the queue length. */
  activities(key: PaneKey, watermark: string | undefined): { activities: Json[]; watermark: string } {
    const pane = this.pane(key);
    const from = Math.min(Math.max(0, Number.parseInt(watermark ?? '0', 10) || 0), pane.queue.length);
    return { activities: pane.queue.slice(from), watermark: String(pane.queue.length) };
  }

  /** A pane's person did something: echo it to Web Chat, then hand it to the bot as Teams would. */
  async fromWebChat(key: PaneKey, raw: Json): Promise<string> {
    const pane = this.pane(key);
    const parsed = WebChatActivity.safeParse(raw);
    const id = this.newId();
    // Web Chat waits for its own activity to come back with an id before it counts as sent.
    this.enqueue(pane, { ...raw, id, timestamp: new Date().toISOString(), conversation: { id: pane.conversationId }, from: { id: pane.member.id, name: pane.member.name, role: 'user' } });
    if (!parsed.success) return id;
    const activity = parsed.data;
    await this.install();
    const at = new Date(this.clock.now()).toISOString();
    const action = cardActionOf(activity);
    // The browser's time zone travels as Teams' own client would send it, so times read locally.
    const client = { locale: activity.locale, localTimezone: activity.localTimezone };
    if (action) {
      await this.cardAction(pane, action, id, at, client);
    } else if (activity.type === 'message' && activity.text?.trim()) {
      const place = this.place(pane, this.typingTarget(pane));
      await this.deliver(teamsMessage(place, activity.text, id, at, client));
    }
    return id;
  }

  // ---- the Bot Connector side: what the bot sends ----

  /** A new activity from the bot in a conversation; undefined when no pane shows it. */
  fromBot(teamsConversation: string, activity: Json, replyToId?: string): string | undefined {
    const pane = this.paneOf(teamsConversation);
    if (!pane) {
      this.log.warn({ conversation: teamsConversation }, 'playground: the bot wrote to a conversation no pane shows');
      return undefined;
    }
    const id = this.newId();
    const withReply = replyToId ? { ...activity, replyToId } : activity;
    this.show(pane, teamsConversation, withReply, id, new Date().toISOString());
    return id;
  }

  /**
   * The bot starts a conversation: a new post in the support channel (its reply chain is
   * `channel;messageid=<post id>`), or a 1:1 chat with a person.
   */
  createConversation(params: Json): { id: string; activityId?: string } | undefined {
    const channelData = isObject(params.channelData) ? params.channelData : {};
    const channel = isObject(channelData.channel) && typeof channelData.channel.id === 'string' ? channelData.channel.id : undefined;
    const activity = isObject(params.activity) ? params.activity : undefined;
    if (channel) {
      const pane = this.paneOf(channel);
      if (!pane) return undefined;
      const rootId = this.newId();
      const conversation = `${channel};messageid=${rootId}`;
      pane.latestThread = rootId;
      if (activity) this.show(pane, conversation, activity, rootId, new Date().toISOString());
      return { id: conversation, activityId: rootId };
    }
    const members = Array.isArray(params.members) ? params.members.filter(isObject) : [];
    const pane = [...this.panes.values()].find((p) => members.some((m) => m.id === p.member.id || m.aadObjectId === p.member.aadObjectId) && p.kind === 'personal');
    if (!pane) return undefined;
    const result: { id: string; activityId?: string } = { id: pane.teamsConversation };
    if (activity) result.activityId = this.fromBot(pane.teamsConversation, activity);
    return result;
  }

  /** The bot updates an activity in place: Web Chat replaces an activity that comes again with the same id. */
  update(activityId: string, activity: Json): boolean {
    const stored = this.stored.get(activityId);
    if (!stored) return false;
    const timestamp = typeof stored.shown.timestamp === 'string' ? stored.shown.timestamp : new Date().toISOString();
    const replyToId = typeof stored.shown.replyToId === 'string' ? stored.shown.replyToId : undefined;
    // An update keeps the original's place in the reply chain.
    const next: Json = { ...activity };
    delete next.replyToId;
    if (replyToId) next.replyToId = replyToId;
    this.show(stored.pane, stored.teamsConversation, next, activityId, timestamp);
    return true;
  }

  /** Web Chat cannot remove an activity, so a deleted one is replaced by a note. */
  remove(activityId: string): boolean {
    return this.update(activityId, { type: 'message', text: '_(message deleted)_' });
  }

  /** Members of a Teams conversation or team: the people of the pane showing it. */
  members(conversationOrTeam: string): Member[] | undefined {
    const pane = this.paneOf(conversationOrTeam);
    return pane ? [{ ...pane.member }] : undefined;
  }

  get supportTeam(): { id: string; name: string } {
    return { id: this.supportChannel, name: TEAM_NAME };
  }

  /** Forgets both conversations; open pages must reload (their tokens stop working). */
  reset(): void {
    this.fresh();
  }

  // ---- internals ----

  private fresh(): void {
    this.generation += 1;
    this.stored = new Map();
    this.installed = undefined;
    const g = this.generation;
    const pane = (key: PaneKey, title: string, member: Member, kind: Pane['kind'], teamsConversation: string): Pane => ({
      key,
      title,
      member,
      kind,
      teamsConversation,
      conversationId: `playground-${g}-${key}`,
      token: randomBytes(18).toString('base64url'),
      queue: [],
      ids: new Set(),
    });
    this.panes = new Map([
      ['technician', pane('technician', 'Technician', TECHNICIAN, 'personal', PERSONAL_CONVERSATION)],
      ['support', pane('support', 'Support channel', AGENT, 'channel', this.supportChannel)],
    ]);
  }

  private pane(key: PaneKey): Pane {
    const pane = this.panes.get(key);
    if (!pane) throw new Error(`no pane ${key}`);
    return pane;
  }

  private paneOf(teamsConversation: string): Pane | undefined {
    const baseId = teamsConversation.replace(THREAD, '');
    return [...this.panes.values()].find((p) => p.teamsConversation === baseId);
  }

  private place(pane: Pane, conversationId: string): TeamsPlace {
    const place: TeamsPlace = { conversationId, kind: pane.kind, user: { ...pane.member }, serviceUrl: this.bot.serviceUrl() };
    if (pane.kind === 'channel') {
      place.channel = pane.teamsConversation;
      place.teamId = this.supportChannel;
    }
    return place;
  }

  /** Where a typed message goes: the chat, or in the channel the newest request's reply chain. */
  private typingTarget(pane: Pane): string {
    return pane.kind === 'channel' && pane.latestThread ? `${pane.teamsConversation};messageid=${pane.latestThread}` : pane.teamsConversation;
  }

  private async cardAction(pane: Pane, action: CardAction, id: string, at: string, client: ClientInfo): Promise<void> {
    const card = this.stored.get(action.marker.activityId);
    const place = this.place(pane, card?.teamsConversation ?? pane.teamsConversation);
    if (action.marker.type === 'Action.Submit') {
      await this.deliver(teamsSubmit(place, action, id, at, client));
      return;
    }
    const { status, body } = await this.deliver(teamsInvoke(place, action, id, at, client));
    const response = InvokeResponse.safeParse(body);
    if (!response.success) {
      if (status >= 400) this.note(pane, card?.teamsConversation, `The bot answered the button with an error (HTTP ${status}).`);
      return;
    }
    const { type, value } = response.data;
    // Teams replaces the card the button was on with the card in the invoke response.
    if (type === ADAPTIVE_CARD && isObject(value) && card) {
      this.update(action.marker.activityId, { ...card.shown, attachments: [{ contentType: ADAPTIVE_CARD, content: value }] });
    } else if (type === 'application/vnd.microsoft.activity.message' && typeof value === 'string') {
      this.note(pane, card?.teamsConversation, value);
    } else if (type === 'application/vnd.microsoft.error' || (response.data.statusCode ?? status) >= 400) {
      const message = isObject(value) && typeof value.message === 'string' ? value.message : `HTTP ${response.data.statusCode ?? status}`;
      this.note(pane, card?.teamsConversation, `The bot refused the button: ${message}`);
    }
  }

  /** What Teams shows under a card after an invoke (a message or an error), as a line in the pane. */
  private note(pane: Pane, teamsConversation: string | undefined, text: string): void {
    this.show(pane, teamsConversation ?? pane.teamsConversation, { type: 'message', text }, this.newId(), new Date().toISOString());
  }

  private async install(): Promise<void> {
    this.installed ??= (async () => {
      const at = new Date(this.clock.now()).toISOString();
      for (const pane of this.panes.values()) {
        const { status } = await this.bot.send(teamsInstall(this.place(pane, pane.teamsConversation), this.newId(), at));
        if (status >= 400) throw new Error(`the bot answered the installation event with HTTP ${status}`);
      }
    })().catch((err: unknown) => {
      this.installed = undefined;
      this.log.error({ err: errorText(err) }, 'playground: could not introduce the panes to the bot');
    });
    return this.installed;
  }

  private async deliver(activity: Json): Promise<{ status: number; body: unknown }> {
    const result = await this.bot.send(activity);
    if (result.status >= 400) this.log.warn({ status: result.status, type: activity.type }, 'playground: the bot refused an activity');
    return result;
  }

  private show(pane: Pane, teamsConversation: string, activity: Json, id: string, timestamp: string): void {
    const replyToId = typeof activity.replyToId === 'string' ? activity.replyToId : undefined;
    const shown = forWebChat(activity, { id, timestamp, conversationId: pane.conversationId, keepReplyTo: !!replyToId && pane.ids.has(replyToId) });
    this.stored.set(id, { pane, teamsConversation, shown: { ...activity, id, timestamp } });
    this.enqueue(pane, shown);
  }

  private enqueue(pane: Pane, activity: Json): void {
    pane.queue.push(activity);
    if (typeof activity.id === 'string') pane.ids.add(activity.id);
  }

  private newId(): string {
    this.seq += 1;
    return `${Date.now()}${String(this.seq).padStart(4, '0')}`;
  }
}
