// The playground's switchboard between two Web Chat panes and the bot. Each pane is one Direct
// Line conversation with an activity queue (the watermark is the queue position). What a pane's
// person does becomes the activity Teams would send and is POSTed to the /api/messages of the
// playground's own Teams bot; what the bot sends through the (emulated) Bot Connector lands in the queue of
// the pane its Teams conversation belongs to. The Technician pane is a 1:1 chat; the Support
// pane is the support channel, where every reply chain (one per request card) is shown in line.
//
// Three things a Teams client does and Web Chat does not are done here, for the pane's person:
// dialogs (a `task/fetch` button's invoke; the answer reaches the page as a `playground/dialog`
// event, which the page draws in an overlay and submits back as `playground/dialog-submit`),
// files (a dropped file is kept here, served by the connector emulation, and handed to the bot
// as Teams hands it a pasted image), and Universal Actions' automatic refresh (a card whose
// `refresh.userIds` names the pane's person is shown as the bot's refresh answer for them).

import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../../core/ports.js';
import { AGENT, BOT, type Member, PERSONAL_CONVERSATION, TEAM_NAME, TECHNICIAN } from './identities.js';
import {
  ADAPTIVE_CARD,
  type CardAction,
  cardActionOf,
  type ClientInfo,
  type DroppedFile,
  forWebChat,
  InvokeResponse,
  isObject,
  type Json,
  opensDialog,
  refreshFor,
  type TaskAnswer,
  taskAnswerOf,
  type TeamsPlace,
  teamsFileMessage,
  teamsInstall,
  teamsInvoke,
  teamsMessage,
  teamsSubmit,
  teamsTask,
  WebChatActivity,
} from './translate.js';
import { errorText } from '../../core/error-text.js';

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
  /** The version the bot last sent (before any refresh for the viewer), to build updates from. */
  shown: Json;
  /** Counts the bot's versions, so a refresh answered after a newer version is dropped. */
  version: number;
}

/** An open dialog: which pane shows it, and the card whose button opened it. */
interface Dialog {
  pane: PaneKey;
  teamsConversation: string;
  cardActivityId?: string;
}

/** A file a pane's person dropped, kept for the bot to fetch from the connector emulation. */
export interface KeptFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** Events the page reads from a pane's activities (never shown by Web Chat, which skips events). */
export const DIALOG_EVENT = 'playground/dialog';
export const DIALOG_CLOSED_EVENT = 'playground/dialog-closed';
/** Events the page posts for a dialog. */
export const DIALOG_SUBMIT_EVENT = 'playground/dialog-submit';
export const DIALOG_DISMISS_EVENT = 'playground/dialog-dismiss';

/** Kept files are dropped oldest first past these: the playground holds a few photos, not an archive. */
const MAX_KEPT_FILES = 20;
const MAX_KEPT_BYTES = 64 * 1024 * 1024;
const MAX_OPEN_DIALOGS = 50;
/** Larger pictures are echoed to their own pane by name only, not as a data: URI in every poll. */
const MAX_ECHOED_IMAGE_BYTES = 2 * 1024 * 1024;

const DialogSubmit = z.object({ dialogId: z.string().max(100), data: z.record(z.string(), z.unknown()).optional() });

export interface PlaygroundHubOptions {
  bot: BotLink;
  clock: Clock;
  supportChannel: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
}

const THREAD = /;messageid=([^;]+)$/;

const info = (p: Pane): PaneInfo => ({
  key: p.key,
  title: p.title,
  conversationId: p.conversationId,
  token: p.token,
  userID: p.member.id,
  username: p.member.name,
});

export class PlaygroundHub {
  private readonly bot: BotLink;
  private readonly clock: Clock;
  private readonly supportChannel: string;
  private readonly log: PlaygroundHubOptions['logger'];
  private panes = new Map<PaneKey, Pane>();
  private stored = new Map<string, Stored>();
  private dialogs = new Map<string, Dialog>();
  private files = new Map<string, KeptFile>();
  /** Refresh invokes under way, so tests (and Reset) can wait for the views they bring. */
  private refreshing = new Set<Promise<void>>();
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
    this.enqueue(pane, {
      ...raw,
      id,
      timestamp: new Date().toISOString(),
      conversation: { id: pane.conversationId },
      from: { id: pane.member.id, name: pane.member.name, role: 'user' },
    });
    if (!parsed.success) return id;
    const activity = parsed.data;
    await this.install();
    const at = new Date(this.clock.now()).toISOString();
    const action = cardActionOf(activity);
    // The browser's time zone travels as Teams' own client would send it, so times read locally.
    const client = { locale: activity.locale, localTimezone: activity.localTimezone };
    if (action) {
      await this.cardAction(pane, action, id, at, client);
    } else if (activity.type === 'event' && activity.name === DIALOG_SUBMIT_EVENT) {
      await this.dialogSubmit(pane, activity.value, id, at, client);
    } else if (activity.type === 'event' && activity.name === DIALOG_DISMISS_EVENT) {
      // Closing a dialog tells the bot nothing, in Teams as here; the page just stops showing it.
      const dialogId = isObject(activity.value) && typeof activity.value.dialogId === 'string' ? activity.value.dialogId : undefined;
      if (dialogId && this.dialogs.get(dialogId)?.pane === pane.key) this.closeDialog(pane, dialogId);
    } else if (activity.type === 'message' && activity.text?.trim()) {
      const place = this.place(pane, this.typingTarget(pane));
      await this.deliver(teamsMessage(place, activity.text, id, at, client));
    }
    return id;
  }

  /**
   * A pane's person sent files (Web Chat's attach button, or a drop on the pane): the files are
   * kept for the connector emulation to serve, the pane shows the message with the pictures,
   * and the bot gets what Teams sends for a pasted image (or a file shared in a 1:1 chat).
   */
  async fromWebChatUpload(key: PaneKey, raw: Json, files: KeptFile[]): Promise<string> {
    const pane = this.pane(key);
    const parsed = WebChatActivity.safeParse(raw);
    const id = this.newId();
    const kept = files.map((file) => ({ file, id: this.keep(file) }));
    const echoed = files.map((f) => {
      // The pane shows its own picture from the bytes it sent (Web Chat draws a person's image
      // from its thumbnail); the page can reach no other host.
      const picture =
        f.contentType.startsWith('image/') && f.bytes.length <= MAX_ECHOED_IMAGE_BYTES
          ? `data:${f.contentType};base64,${f.bytes.toString('base64')}`
          : undefined;
      return { contentType: f.contentType, name: f.name, ...(picture ? { contentUrl: picture, thumbnailUrl: picture } : {}) };
    });
    this.enqueue(pane, {
      ...raw,
      attachments: echoed,
      id,
      timestamp: new Date().toISOString(),
      conversation: { id: pane.conversationId },
      from: { id: pane.member.id, name: pane.member.name, role: 'user' },
    });
    if (!parsed.success || !files.length) return id;
    await this.install();
    const at = new Date(this.clock.now()).toISOString();
    const place = this.place(pane, this.typingTarget(pane));
    const dropped: DroppedFile[] = kept.map(({ file, id: keptId }) => ({
      name: file.name,
      contentType: file.contentType,
      id: keptId,
      url: this.attachmentUrl(keptId),
    }));
    await this.deliver(
      teamsFileMessage(place, parsed.data.text ?? '', dropped, id, at, {
        locale: parsed.data.locale,
        localTimezone: parsed.data.localTimezone,
      }),
    );
    return id;
  }

  /** A kept file, for the connector's `GET /v3/attachments/{id}/views/original`. */
  file(attachmentId: string): KeptFile | undefined {
    return this.files.get(attachmentId);
  }

  /** Resolves once every automatic refresh under way has been answered and shown. */
  async settled(): Promise<void> {
    while (this.refreshing.size) await Promise.all([...this.refreshing]);
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
    const pane = [...this.panes.values()].find(
      (p) => members.some((m) => m.id === p.member.id || m.aadObjectId === p.member.aadObjectId) && p.kind === 'personal',
    );
    if (!pane) return undefined;
    const result: { id: string; activityId?: string } = { id: pane.teamsConversation };
    if (activity) result.activityId = this.fromBot(pane.teamsConversation, activity);
    return result;
  }

  /** The bot updates an activity in place: Web Chat replaces an activity that comes again with the same id. */
  update(activityId: string, activity: Json, refresh = true): boolean {
    const stored = this.stored.get(activityId);
    if (!stored) return false;
    const timestamp = typeof stored.shown.timestamp === 'string' ? stored.shown.timestamp : new Date().toISOString();
    const replyToId = typeof stored.shown.replyToId === 'string' ? stored.shown.replyToId : undefined;
    // An update keeps the original's place in the reply chain.
    const next: Json = { ...activity };
    delete next.replyToId;
    if (replyToId) next.replyToId = replyToId;
    this.show(stored.pane, stored.teamsConversation, next, activityId, timestamp, refresh);
    return true;
  }

  /** The connector URL of a kept file, on the host the bot was given as `serviceUrl`. */
  private attachmentUrl(attachmentId: string): string {
    return `${this.bot.serviceUrl()}v3/attachments/${encodeURIComponent(attachmentId)}/views/original`;
  }

  private keep(file: KeptFile): string {
    const id = `0-playground-${randomBytes(12).toString('base64url')}`;
    this.files.set(id, file);
    let total = [...this.files.values()].reduce((n, f) => n + f.bytes.length, 0);
    for (const [old, f] of this.files) {
      if (this.files.size <= MAX_KEPT_FILES && total <= MAX_KEPT_BYTES) break;
      if (old === id) continue;
      this.files.delete(old);
      total -= f.bytes.length;
    }
    return id;
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
    this.dialogs = new Map();
    this.files = new Map();
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
    return pane.kind === 'channel' && pane.latestThread
      ? `${pane.teamsConversation};messageid=${pane.latestThread}`
      : pane.teamsConversation;
  }

  private async cardAction(pane: Pane, action: CardAction, id: string, at: string, client: ClientInfo): Promise<void> {
    const card = this.stored.get(action.marker.activityId);
    const place = this.place(pane, card?.teamsConversation ?? pane.teamsConversation);
    if (action.marker.type === 'Action.Submit' && opensDialog(action.data)) {
      const { status, body } = await this.deliver(teamsTask('task/fetch', place, action.marker.activityId, action.data, id, at, client));
      const dialog: Dialog = { pane: pane.key, teamsConversation: place.conversationId, cardActivityId: action.marker.activityId };
      this.answerDialog(pane, this.newDialogId(dialog), taskAnswerOf(status, body));
      return;
    }
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
    // Teams replaces the card the button was on with the card in the invoke response, for the
    // person who pressed it, and sends no refresh for that answer.
    if (type === ADAPTIVE_CARD && isObject(value) && card) {
      this.update(action.marker.activityId, { ...card.shown, attachments: [{ contentType: ADAPTIVE_CARD, content: value }] }, false);
    } else if (type === 'application/vnd.microsoft.activity.message' && typeof value === 'string') {
      this.note(pane, card?.teamsConversation, value);
    } else if (type === 'application/vnd.microsoft.error' || (response.data.statusCode ?? status) >= 400) {
      const message = isObject(value) && typeof value.message === 'string' ? value.message : `HTTP ${response.data.statusCode ?? status}`;
      this.note(pane, card?.teamsConversation, `The bot refused the button: ${message}`);
    }
  }

  /** The page submitted a dialog: Teams' `task/submit`, answered in the same dialog or by closing it. */
  private async dialogSubmit(pane: Pane, value: unknown, id: string, at: string, client: ClientInfo): Promise<void> {
    const submit = DialogSubmit.safeParse(value);
    if (!submit.success) return;
    const dialogId = submit.data.dialogId;
    const dialog = this.dialogs.get(dialogId);
    if (!dialog || dialog.pane !== pane.key) {
      this.closeDialog(pane, dialogId);
      this.note(pane, undefined, 'That dialog is no longer open (did the playground reset?); press the button on the card again.');
      return;
    }
    const place = this.place(pane, dialog.teamsConversation);
    const { status, body } = await this.deliver(
      teamsTask('task/submit', place, dialog.cardActivityId, submit.data.data ?? {}, id, at, client),
    );
    this.answerDialog(pane, dialogId, taskAnswerOf(status, body));
  }

  /** Shows a task module answer: the dialog (again), or closes it with the message, if any, under the card. */
  private answerDialog(pane: Pane, dialogId: string, answer: TaskAnswer): void {
    if (answer.kind === 'dialog') {
      this.toPage(pane, DIALOG_EVENT, { dialogId, title: answer.title, card: answer.card });
      return;
    }
    const dialog = this.dialogs.get(dialogId);
    this.closeDialog(pane, dialogId);
    if (answer.kind === 'message' || answer.kind === 'error') this.note(pane, dialog?.teamsConversation, answer.text);
  }

  private closeDialog(pane: Pane, dialogId: string): void {
    this.dialogs.delete(dialogId);
    this.toPage(pane, DIALOG_CLOSED_EVENT, { dialogId });
  }

  private newDialogId(dialog: Dialog): string {
    const id = `dialog-${randomBytes(9).toString('base64url')}`;
    this.dialogs.set(id, dialog);
    // A dialog closed with the browser gone never says so: the oldest are forgotten.
    for (const old of this.dialogs.keys()) {
      if (this.dialogs.size <= MAX_OPEN_DIALOGS) break;
      this.dialogs.delete(old);
    }
    return id;
  }

  /** An event for the page only (Web Chat does not draw events). */
  private toPage(pane: Pane, name: string, value: Json): void {
    this.enqueue(pane, {
      type: 'event',
      name,
      value,
      id: this.newId(),
      timestamp: new Date().toISOString(),
      channelId: 'directline',
      conversation: { id: pane.conversationId },
      from: { id: BOT.id, name: BOT.name, role: 'bot' },
    });
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

  private show(pane: Pane, teamsConversation: string, activity: Json, id: string, timestamp: string, refresh = true): void {
    const version = (this.stored.get(id)?.version ?? 0) + 1;
    this.stored.set(id, { pane, teamsConversation, shown: { ...activity, id, timestamp }, version });
    this.enqueue(pane, this.forPane(pane, activity, id, timestamp));
    if (refresh) this.refresh(pane, id, version);
  }

  private forPane(pane: Pane, activity: Json, id: string, timestamp: string): Json {
    const replyToId = typeof activity.replyToId === 'string' ? activity.replyToId : undefined;
    return forWebChat(activity, {
      id,
      timestamp,
      conversationId: pane.conversationId,
      keepReplyTo: !!replyToId && pane.ids.has(replyToId),
    });
  }

  /**
   * Universal Actions' automatic refresh, as the pane's person's Teams client sends it when it
   * shows a card whose `refresh.userIds` names them: the bot's answer is what this pane shows
   * (the card the bot posted stays the one everybody else would see). Teams sends it again each
   * time the card changes; so does the playground, and an answer to an older version is dropped.
   */
  private refresh(pane: Pane, activityId: string, version: number): void {
    const stored = this.stored.get(activityId);
    const attachments: unknown[] = Array.isArray(stored?.shown.attachments) ? stored.shown.attachments : [];
    const index = attachments.findIndex(
      (a: unknown) => isObject(a) && a.contentType === ADAPTIVE_CARD && isObject(a.content) && refreshFor(a.content, pane.member.id),
    );
    if (!stored || index < 0) return;
    const card = (attachments[index] as { content: Json }).content;
    const asked = refreshFor(card, pane.member.id);
    if (!asked) return; // not reached: findIndex chose this card for its refresh
    const action: CardAction = {
      marker: { type: 'Action.Execute', activityId, verb: asked.verb, ...(asked.id ? { id: asked.id } : {}) },
      data: asked.data,
    };
    const at = new Date(this.clock.now()).toISOString();
    const generation = this.generation;
    const run = (async () => {
      const { status, body } = await this.deliver(
        teamsInvoke(this.place(pane, stored.teamsConversation), action, this.newId(), at, {}, 'automatic'),
      );
      const response = InvokeResponse.safeParse(body);
      const now = this.stored.get(activityId);
      if (generation !== this.generation || !now || now.version !== version) return;
      if (status >= 400 || !response.success || response.data.type !== ADAPTIVE_CARD || !isObject(response.data.value)) return;
      const next = [...attachments];
      next[index] = { contentType: ADAPTIVE_CARD, content: response.data.value };
      const timestamp = typeof now.shown.timestamp === 'string' ? now.shown.timestamp : new Date().toISOString();
      this.enqueue(pane, this.forPane(pane, { ...now.shown, attachments: next }, activityId, timestamp));
    })()
      .catch((err: unknown) =>
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'playground: the automatic refresh of a card failed'),
      )
      .finally(() => this.refreshing.delete(run));
    this.refreshing.add(run);
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
