// Incoming Bot Framework activities as Teams sends them (message in a 1:1 chat or a channel,
// `adaptiveCard/action` invoke, conversationUpdate on installation), with `serviceUrl`
// pointing at the fake connector; and a client that POSTs them to the app's /api/messages.
// A person's client reports its time zone twice, as Teams does: `localTimezone` (IANA) with a
// `localTimestamp` carrying the zone's offset, and `timezone` in the `clientInfo` entity; and its
// language as the activity's `locale` (and clientInfo's), on messages and invokes alike.

import { randomUUID } from 'node:crypto';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:camreset-bot', name: 'camreset' };
export const TEAM = { id: '19:team-general@thread.tacv2', name: 'Field service', aadGroupId: 'a1b2c3d4-0000-4000-8000-000000000001' };
export const SUPPORT_CHANNEL = '19:support-channel@thread.tacv2';
export const FIELD_CHANNEL = '19:field-channel@thread.tacv2';

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
  /** The IANA zone the person's Teams client reports; absent: a client that reports none. */
  timeZone?: string;
  /** The client's language as Teams sends it ('fr-FR'); default 'en-US', '' for a client that sends none. */
  locale?: string;
}

export const users = {
  tech: { id: '29:1tech-bf-id', name: 'Tina Tech', aadObjectId: '00000000-0000-4000-8000-00000000a001', timeZone: 'Europe/Berlin' },
  agent: { id: '29:1agent-bf-id', name: 'Alex Agent', aadObjectId: '00000000-0000-4000-8000-00000000b001', timeZone: 'Europe/Berlin' },
  agent2: { id: '29:1agent2-bf-id', name: 'Ada Agent', aadObjectId: '00000000-0000-4000-8000-00000000b002', timeZone: 'America/New_York' },
  outsider: {
    id: '29:1outsider-bf-id',
    name: 'Olly Outsider',
    aadObjectId: '00000000-0000-4000-8000-00000000c001',
    timeZone: 'Europe/Berlin',
  },
} satisfies Record<string, TeamsUser>;

/** The same person on a client set to `locale` ('fr-FR'; '' for none). */
export function speaking(user: TeamsUser, locale: string): TeamsUser {
  return { ...user, locale };
}

/** The same person on a client that reports no time zone. */
export function withoutTimeZone(user: TeamsUser): TeamsUser {
  const { timeZone: _zone, ...rest } = user;
  return rest;
}

type Json = Record<string, unknown>;
let seq = 1_699_000_000_000;
const nextId = () => String(seq++);

const from = (u: TeamsUser) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId });

/** The id of a person's 1:1 chat with the bot. */
export const personalChat = (u: TeamsUser) => `a:1personal-${u.aadObjectId}`;

/** `2026-11-26T15:02:00.000+01:00`: the moment on the zone's clock, with its offset, as Teams writes it. */
export function localTimestamp(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  const ms = String(at.getUTCMilliseconds()).padStart(3, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${ms}${offset}`;
}

function base(serviceUrl: string, user: TeamsUser): Json {
  const now = new Date();
  const locale = user.locale ?? 'en-US';
  const clientInfo: Json = { type: 'clientInfo', country: 'US', platform: 'Web' };
  if (locale) clientInfo.locale = locale;
  const activity: Json = {
    id: nextId(),
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: from(user),
    recipient: BOT,
    entities: [clientInfo],
  };
  if (locale) activity.locale = locale;
  if (user.timeZone) {
    clientInfo.timezone = user.timeZone;
    activity.localTimezone = user.timeZone;
    activity.localTimestamp = localTimestamp(now, user.timeZone);
  }
  return activity;
}

export function personalMessage(serviceUrl: string, user: TeamsUser, text: string, attachments: Json[] = []): Json {
  return {
    ...base(serviceUrl, user),
    type: 'message',
    text,
    textFormat: 'plain',
    attachments,
    conversation: { conversationType: 'personal', tenantId: TENANT, id: personalChat(user) },
    channelData: { tenant: { id: TENANT } },
  };
}

export interface ChannelPlace {
  channel: string;
  /** The root message of the reply chain; absent for a new post (it is its own root). */
  root?: string;
}

/** A channel message; `mention` adds "<at>camreset</at> " and its mention entity, as Teams does. */
export function channelMessage(
  serviceUrl: string,
  user: TeamsUser,
  text: string,
  place: ChannelPlace,
  options: { mention?: boolean; attachments?: Json[] } = {},
): Json {
  const b = base(serviceUrl, user);
  const root = place.root ?? (b.id as string);
  const mention = options.mention ?? false;
  const entities = [...(b.entities as Json[])];
  if (mention) entities.push({ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT });
  return {
    ...b,
    type: 'message',
    text: mention ? `<at>${BOT.name}</at> ${text}` : text,
    textFormat: 'plain',
    attachments: options.attachments ?? [],
    entities,
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${place.channel};messageid=${root}` },
    channelData: {
      teamsChannelId: place.channel,
      teamsTeamId: TEAM.id,
      channel: { id: place.channel },
      team: { id: TEAM.id },
      tenant: { id: TENANT },
    },
  };
}

/** A press of an Action.Execute button: `data` is the button's data merged with the card's inputs. */
export function cardAction(serviceUrl: string, user: TeamsUser, conversationId: string, messageId: string, verb: string, data: Json): Json {
  const channel = conversationId.startsWith('19:');
  return {
    ...base(serviceUrl, user),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: messageId,
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
    conversation: channel
      ? { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: conversationId }
      : { conversationType: 'personal', tenantId: TENANT, id: conversationId },
    channelData: channel
      ? { channel: { id: conversationId.split(';')[0] }, team: { id: TEAM.id }, tenant: { id: TENANT }, source: { name: 'message' } }
      : { tenant: { id: TENANT }, source: { name: 'message' } },
  };
}

/**
 * A dialog invoke as Teams sends it: `task/fetch` when a person presses an Action.Submit whose
 * data has `msteams.type = 'task/fetch'` (value.data is that button's data), `task/submit` when
 * they submit the dialog's card (value.data is its Action.Submit data merged with the inputs).
 */
export function taskInvoke(
  serviceUrl: string,
  user: TeamsUser,
  name: 'task/fetch' | 'task/submit',
  conversationId: string,
  messageId: string | undefined,
  data: Json,
): Json {
  const a = cardAction(serviceUrl, user, conversationId, messageId ?? '', 'x', {});
  const activity: Json = { ...a, name, value: { data, context: { theme: 'default' } } };
  if (messageId === undefined) delete activity.replyToId;
  return activity;
}

/** The bot added to a team: what Teams sends when the app is installed there. */
export function installedInTeam(serviceUrl: string, by: TeamsUser): Json {
  return {
    ...base(serviceUrl, by),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: TEAM.id },
    channelData: {
      team: { id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId },
      eventType: 'teamMemberAdded',
      tenant: { id: TENANT },
    },
  };
}

export interface Posted {
  status: number;
  body: unknown;
}

/** The `Authorization` header the Bot Connector would put on an activity (a signed token). */
export type Signer = (activity: Json) => string;

/**
 * POSTs activities to the app as the Bot Connector would: with `sign`, each carries a token for
 * its serviceUrl. An `authorization` header given to `post` replaces it ('' sends none).
 */
export class BotClient {
  constructor(
    readonly url: string,
    private readonly headers: Record<string, string> = {},
    private readonly sign?: Signer,
  ) {}

  async post(activity: Json | string, headers: Record<string, string> = {}): Promise<Posted> {
    const all: Record<string, string> = { 'content-type': 'application/json', ...this.headers };
    if (this.sign && typeof activity !== 'string') all.authorization = this.sign(activity);
    Object.assign(all, headers);
    if (all.authorization === '') delete all.authorization;
    const res = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: all,
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  }

  /** POSTs and insists on a 2xx. */
  async send(activity: Json): Promise<Posted> {
    const r = await this.post(activity);
    if (r.status >= 300) throw new Error(`POST /api/messages answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r;
  }
}
