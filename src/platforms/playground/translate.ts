// Web Chat activities <-> the activities Microsoft Teams exchanges with a bot. Pure functions:
// what a pane's user did becomes exactly what Teams would POST to /api/messages (a message, a
// message with `value` for Action.Submit, an `adaptiveCard/action` invoke for Action.Execute,
// a `task/fetch` invoke for an Action.Submit whose data says `msteams.type: 'task/fetch'` and a
// `task/submit` invoke for a dialog's submit, an inline image for a dropped file), and what the
// bot sent through the Bot Connector becomes something Web Chat can show.
//
// Web Chat 4.18 renders Adaptive Cards but does not run Action.Execute (it logs "unknown
// action"), so cards are shown with each Action.Execute turned into an Action.Submit whose data
// carries a marker (the verb and the card's activity id); a postBack with that marker comes
// back here and is turned into the invoke Teams would have sent. Teams mentions in a card's
// TextBlocks (`<at>Name</at>`, which Web Chat would strip to a bare name) are shown as bold
// @names; {{TIME()}} needs nothing, since Web Chat's renderer shows it on the browser's clock.

import { z } from 'zod';
import { BOT, type Member, TEAM_NAME, TENANT_ID } from './identities.js';

export type Json = Record<string, unknown>;

/** The part of an activity Web Chat posts that the playground reads; everything else is ignored. */
export const WebChatActivity = z.object({
  type: z.string(),
  name: z.string().optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  locale: z.string().optional(),
  localTimezone: z.string().max(100).optional(),
});
export type WebChatActivity = z.infer<typeof WebChatActivity>;

export const MARKER = '__playground';

const Marker = z.object({
  type: z.enum(['Action.Execute', 'Action.Submit']),
  /** The activity that holds the card. */
  activityId: z.string(),
  verb: z.string().optional(),
  id: z.string().optional(),
});
export type Marker = z.infer<typeof Marker>;

/** A card button press as Web Chat reported it: which action, and the data with the inputs. */
export interface CardAction {
  marker: Marker;
  data: Json;
}

/** Finds a playground card action in a Web Chat postBack; undefined for anything else. */
export function cardActionOf(activity: WebChatActivity): CardAction | undefined {
  if (activity.type !== 'message' || !isObject(activity.value)) return undefined;
  const { [MARKER]: raw, ...data } = activity.value;
  const marker = Marker.safeParse(raw);
  return marker.success ? { marker: marker.data, data } : undefined;
}

/** Where an activity goes in Teams terms. */
export interface TeamsPlace {
  /** Full conversation id, with `;messageid=` for a channel reply chain. */
  conversationId: string;
  kind: 'personal' | 'channel';
  /** The channel (no reply chain) for channel conversations. */
  channel?: string;
  teamId?: string;
  user: Member;
  serviceUrl: string;
}

/** What a person's client says about them with each activity: Teams sends both, and so does Web Chat. */
export interface ClientInfo {
  locale?: string | undefined;
  localTimezone?: string | undefined;
}

function base(place: TeamsPlace, id: string, timestamp: string, client: ClientInfo = {}): Json {
  const conversation: Json =
    place.kind === 'personal'
      ? { conversationType: 'personal', tenantId: TENANT_ID, id: place.conversationId }
      : { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: place.conversationId };
  const channelData: Json =
    place.kind === 'personal'
      ? { tenant: { id: TENANT_ID } }
      : {
          teamsChannelId: place.channel,
          teamsTeamId: place.teamId,
          channel: { id: place.channel },
          team: { id: place.teamId },
          tenant: { id: TENANT_ID },
        };
  return {
    id,
    timestamp,
    localTimestamp: timestamp,
    channelId: 'msteams',
    serviceUrl: place.serviceUrl,
    from: { ...place.user },
    recipient: { ...BOT },
    conversation,
    channelData,
    locale: client.locale ?? 'en-US',
    ...(client.localTimezone ? { localTimezone: client.localTimezone } : {}),
  };
}

/**
 * A typed message as Teams delivers it. In a channel the bot only hears messages that
 * @mention it, so the text starts with the mention Teams would put there.
 */
export function teamsMessage(place: TeamsPlace, text: string, id: string, timestamp: string, client?: ClientInfo): Json {
  const activity: Json = { ...base(place, id, timestamp, client), type: 'message', textFormat: 'plain', text };
  if (place.kind === 'channel') {
    const mention = `<at>${BOT.name}</at>`;
    activity.text = `${mention} ${text}`;
    activity.entities = [{ type: 'mention', text: mention, mentioned: { ...BOT } }];
  }
  return activity;
}

/** Action.Submit in Teams: a message with the card's data and inputs as `value`, replying to the card. */
export function teamsSubmit(place: TeamsPlace, action: CardAction, id: string, timestamp: string, client?: ClientInfo): Json {
  return { ...base(place, id, timestamp, client), type: 'message', replyToId: action.marker.activityId, value: action.data };
}

/** Action.Execute in Teams: the Universal Actions invoke, replying to the card. */
export function teamsInvoke(
  place: TeamsPlace,
  action: CardAction,
  id: string,
  timestamp: string,
  client?: ClientInfo,
  trigger: 'manual' | 'automatic' = 'manual',
): Json {
  const executed: Json = { type: 'Action.Execute', verb: action.marker.verb ?? '', data: action.data };
  if (action.marker.id) executed.id = action.marker.id;
  return {
    ...base(place, id, timestamp, client),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: action.marker.activityId,
    value: { action: executed, trigger },
  };
}

/** An Action.Submit that opens a dialog in Teams: its data carries `msteams: { type: 'task/fetch' }`. */
export function opensDialog(data: Json): boolean {
  return isObject(data.msteams) && data.msteams.type === 'task/fetch';
}

/**
 * The invokes of Teams dialogs (task modules): `task/fetch` when a dialog button on a card is
 * pressed (its value is the button's data), `task/submit` when the dialog's card is submitted
 * (the submit button's data with the inputs' values). Both reply to the card the button was on.
 */
export function teamsTask(
  name: 'task/fetch' | 'task/submit',
  place: TeamsPlace,
  cardActivityId: string | undefined,
  data: Json,
  id: string,
  timestamp: string,
  client?: ClientInfo,
): Json {
  const activity: Json = { ...base(place, id, timestamp, client), type: 'invoke', name, value: { data, context: { theme: 'default' } } };
  if (cardActivityId) activity.replyToId = cardActivityId;
  return activity;
}

/** What the bot answered a `task/fetch` or `task/submit` with, as the page shows it. */
export type TaskAnswer =
  { kind: 'dialog'; title: string; card: Json } | { kind: 'message'; text: string } | { kind: 'close' } | { kind: 'error'; text: string };

const TaskResponse = z.object({
  task: z
    .object({
      type: z.string(),
      value: z.unknown().optional(),
    })
    .optional(),
});

/**
 * Reads a task module response: `continue` with an Adaptive Card is a dialog to show, `message`
 * a line to show after closing, and an empty 200 closes the dialog (Teams does the same).
 */
export function taskAnswerOf(status: number, body: unknown): TaskAnswer {
  if (status >= 400) return { kind: 'error', text: `The bot answered the dialog with an error (HTTP ${status}).` };
  if (body === undefined || body === null || body === '') return { kind: 'close' };
  const parsed = TaskResponse.safeParse(body);
  const task = parsed.success ? parsed.data.task : undefined;
  if (!task) return { kind: 'close' };
  if (task.type === 'message')
    return typeof task.value === 'string' && task.value.trim() ? { kind: 'message', text: task.value } : { kind: 'close' };
  if (task.type === 'continue' && isObject(task.value)) {
    const { title, card } = task.value;
    if (isObject(card) && card.contentType === CARD && isObject(card.content)) {
      return { kind: 'dialog', title: typeof title === 'string' ? title : '', card: card.content };
    }
    return {
      kind: 'error',
      text: 'The bot answered the dialog with something other than an Adaptive Card (the playground shows only those).',
    };
  }
  return { kind: 'error', text: `The bot answered the dialog with "${task.type}", which the playground does not show.` };
}

/**
 * A file a pane's person dropped, as Teams delivers a pasted inline image in a chat: an
 * `image/*` attachment whose `contentUrl` is on the Bot Connector (the bot fetches it with its
 * token), beside the message's HTML with the <img>. Anything that is not an image arrives as
 * Teams sends a file shared in a 1:1 chat: `file.download.info` with a `downloadUrl`.
 */
export interface DroppedFile {
  name: string;
  contentType: string;
  /** Where the connector emulation serves its bytes. */
  url: string;
  /** The connector's attachment id. */
  id: string;
}

export function teamsFileMessage(
  place: TeamsPlace,
  text: string,
  files: DroppedFile[],
  id: string,
  timestamp: string,
  client?: ClientInfo,
): Json {
  const activity = teamsMessage(place, text, id, timestamp, client);
  const attachments: Json[] = [];
  const images = files.filter((f) => f.contentType.startsWith('image/'));
  for (const f of images) attachments.push({ contentType: 'image/*', contentUrl: f.url });
  for (const f of files.filter((f) => !f.contentType.startsWith('image/'))) {
    const fileType = /\.([A-Za-z0-9]{1,8})$/.exec(f.name)?.[1]?.toLowerCase() ?? '';
    attachments.push({
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      contentUrl: f.url,
      name: f.name,
      content: { downloadUrl: f.url, uniqueId: f.id, fileType },
    });
  }
  if (images.length) {
    const html = images.map((f) => `<img alt="image" src="${f.url}" itemscope="" itemtype="http://schema.skype.com/AMSImage">`).join('');
    attachments.push({ contentType: 'text/html', content: `<div><div>${html}</div>${escapeHtml(text)}</div>` });
  }
  activity.attachments = attachments;
  return activity;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/**
 * The Universal Actions refresh a Teams client sends when it shows a card to a person named in
 * its `refresh.userIds`; undefined when the card asks for no refresh for them.
 */
export function refreshFor(card: Json, userId: string): { verb: string; data: Json; id?: string } | undefined {
  const refresh = card.refresh;
  if (!isObject(refresh) || !isObject(refresh.action) || refresh.action.type !== 'Action.Execute') return undefined;
  if (!Array.isArray(refresh.userIds) || !refresh.userIds.includes(userId)) return undefined;
  const { verb, data, id } = refresh.action;
  const out: { verb: string; data: Json; id?: string } = { verb: typeof verb === 'string' ? verb : '', data: isObject(data) ? data : {} };
  if (typeof id === 'string') out.id = id;
  return out;
}

/** The installation events Teams sends: the bot added to the support team, and to a person's chats. */
export function teamsInstall(place: TeamsPlace, id: string, timestamp: string): Json {
  const activity: Json = { ...base(place, id, timestamp), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
  if (place.kind === 'channel') {
    // Installation arrives on the team's General channel, whose id is the team's id.
    activity.conversation = { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: place.teamId };
    activity.channelData = {
      team: { id: place.teamId, name: TEAM_NAME },
      eventType: 'teamMemberAdded',
      tenant: { id: TENANT_ID },
      settings: { selectedChannel: { id: place.channel } },
    };
  }
  return activity;
}

const CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * A bot activity made ready for a Web Chat pane: the pane's conversation, the bot as sender,
 * Teams mentions as bold names, and every Action.Execute shown as a marked Action.Submit.
 */
export function forWebChat(activity: Json, opts: { id: string; timestamp: string; conversationId: string; keepReplyTo: boolean }): Json {
  const out: Json = {
    ...activity,
    id: opts.id,
    timestamp: opts.timestamp,
    channelId: 'directline',
    conversation: { id: opts.conversationId },
  };
  out.from = { id: BOT.id, name: BOT.name, role: 'bot' };
  delete out.recipient;
  delete out.serviceUrl;
  if (!opts.keepReplyTo) delete out.replyToId;
  if (typeof out.text === 'string') out.text = out.text.replace(/<at>([^<]*)<\/at>/g, '**@$1**');
  if (Array.isArray(out.attachments)) {
    out.attachments = out.attachments.map((a: unknown) =>
      isObject(a) && a.contentType === CARD && isObject(a.content) ? { ...a, content: showableCard(a.content, opts.id) } : a,
    );
  }
  return out;
}

/** Rewrites every Action.Execute in a card (buttons, ShowCard sub-cards, selectActions) and every Teams mention. */
export function showableCard(card: Json, activityId: string): Json {
  // The playground sends the refresh itself (see hub.ts), as a Teams client would; the card as
  // shown does not need it.
  const { refresh: _refresh, ...rest } = card;
  return rewrite(rest, activityId) as Json;
}

function rewrite(node: unknown, activityId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, activityId));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = rewrite(v, activityId);
  // The bot puts only clean names (letters, digits, spaces, name punctuation) inside <at>.
  if (node.type === 'TextBlock' && typeof node.text === 'string') out.text = node.text.replace(/<at>([^<*]*)<\/at>/g, '**@$1**');
  if (node.type === 'Action.Execute' || node.type === 'Action.Submit') {
    const marker: Marker = { type: node.type, activityId };
    if (typeof node.verb === 'string') marker.verb = node.verb;
    if (typeof node.id === 'string') marker.id = node.id;
    const data = isObject(node.data) ? node.data : {};
    out.type = 'Action.Submit';
    out.data = { ...data, [MARKER]: marker };
    delete out.verb;
  }
  return out;
}

/** Universal Actions' invoke response: a refreshed card, a message, or an error. */
export const InvokeResponse = z.object({
  statusCode: z.number().optional(),
  type: z.string().optional(),
  value: z.unknown().optional(),
});
export type InvokeResponse = z.infer<typeof InvokeResponse>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const ADAPTIVE_CARD = CARD;
