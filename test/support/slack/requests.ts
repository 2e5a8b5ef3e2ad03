// Requests exactly as Slack sends them to an app's Request URL: slash commands as a
// form-encoded body, Events API `event_callback` JSON (with X-Slack-Retry-Num on retries), and
// interactivity (`block_actions`, `view_submission`) as form-encoded `payload=`. Each is signed
// with the app's signing secret: v0 HMAC-SHA256 over `v0:timestamp:body`.
//
//   const slack = new SlackSender({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret, fake });
//   await slack.command({ user: 'UTECH1', channel: 'CFIELD', text: 'help' });
//   await slack.event(messageEvent({ user: 'UTECH1', channel: 'CFIELD', thread_ts, text: 'hi' }));
//   await slack.click({ user: 'UAGENT1', actionId: 'camreset.claim', value: 'CR-7K3M', channel: 'CSUPPORT', messageTs });
//   await slack.submitView({ user: 'UAGENT1', view: openedView, values: { puk: 'ABCD1234' } });
//
// With a `transport` (Socket Mode: socket.ts) the same payloads go to the app that way instead,
// unsigned, as Socket Mode envelopes of the kind named here.

import { createHmac, randomBytes } from 'node:crypto';
import type { SlackFake, SlackFileObject } from './fake.js';

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. Older than 5 minutes is "stale". */
  timestamp?: number;
  /** Replaces the computed signature (a forgery). */
  signature?: string;
  retryNum?: number;
  retryReason?: string;
}

export interface SlackHttpResponse {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON (e.g. a view_submission's response_action). */
  json: unknown;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(secret: string, body: string, contentType: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? signature(secret, timestamp, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return headers;
}

let seq = 0;
const next = () => ++seq;

/** Like Slack's trigger ids (`<number>.<number>.<hex>`); the first part is when it was issued (ms), so the fake can expire it after 3 s. */
export function triggerId(): string {
  return `${Date.now()}.${next()}.${randomBytes(8).toString('hex')}`;
}

export function eventId(): string {
  return `Ev${Date.now().toString(36).toUpperCase()}${next()}`;
}

/** A message ts as Slack writes them: seconds.microseconds, increasing. */
export function messageTs(): string {
  return `1700001000.${String(next()).padStart(6, '0')}`;
}

/** A file on a message: one the fake serves (fake.file()), or only named (its URLs lead nowhere). */
export type SlackFileShare = SlackFileObject | { id?: string; name: string; mimetype?: string };

/**
 * A `message` event as it arrives for a person's message (in a thread when thread_ts is set).
 * `team` is the person's own workspace when it is not the app's: an external member writing in a
 * Slack Connect channel (Slack then adds user_team and source_team).
 */
export function messageEvent(m: {
  user: string;
  channel: string;
  text: string;
  thread_ts?: string;
  files?: SlackFileShare[];
  channel_type?: string;
  ts?: string;
  team?: string;
}): Record<string, unknown> {
  const ts = m.ts ?? messageTs();
  const event: Record<string, unknown> = {
    type: 'message',
    channel: m.channel,
    user: m.user,
    text: m.text,
    ts,
    event_ts: ts,
    team: m.team ?? 'T0001',
    channel_type: m.channel_type ?? (m.channel.startsWith('D') ? 'im' : 'channel'),
  };
  if (m.team) Object.assign(event, { user_team: m.team, source_team: m.team });
  if (m.thread_ts) event.thread_ts = m.thread_ts;
  if (m.files?.length) {
    event.subtype = 'file_share';
    event.upload = false;
    event.files = m.files.map((f) => {
      if ('url_private' in f) return { ...f, user: m.user };
      const id = f.id ?? `F${next()}`;
      return {
        id,
        name: f.name,
        title: f.name,
        mimetype: f.mimetype ?? 'image/jpeg',
        filetype: 'jpg',
        user: m.user,
        url_private: `https://files.slack.com/files-pri/T0001-${id}/${encodeURIComponent(f.name)}`,
        permalink: `https://camreset-test.slack.com/files/${m.user}/${id}/${encodeURIComponent(f.name)}`,
      };
    });
  }
  return event;
}

/** What Slack delivers, by its Socket Mode envelope type: slash commands, Events API callbacks, interactivity. */
export type DeliveryKind = 'slash_commands' | 'events_api' | 'interactive';

/** Another way to the app than signed HTTP: hands over the payload, answers as the HTTP answer would read. */
export type Transport = (kind: DeliveryKind, payload: Record<string, unknown>, options: SignOptions) => Promise<SlackHttpResponse>;

export interface SenderOptions {
  endpoint: string;
  signingSecret: string;
  /** Gives response_urls that lead to the fake, and the bot's ids for authorizations. */
  fake: SlackFake;
  /** Delivers payloads some other way than signed POSTs to `endpoint` (Socket Mode). */
  transport?: Transport;
}

export class SlackSender {
  constructor(private readonly options: SenderOptions) {}

  /** Any body, signed (or forged, or stale) as told. */
  async send(body: string, contentType: string, sign: SignOptions = {}): Promise<SlackHttpResponse> {
    const res = await fetch(this.options.endpoint, {
      method: 'POST',
      headers: signedHeaders(this.options.signingSecret, body, contentType, sign),
      body,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body: text, json };
  }

  /** A payload as Slack delivers it: over the transport when there is one, else signed in the HTTP body Slack uses for its kind. */
  private deliver(kind: DeliveryKind, payload: Record<string, unknown>, sign: SignOptions): Promise<SlackHttpResponse> {
    if (this.options.transport) return this.options.transport(kind, payload, sign);
    switch (kind) {
      case 'slash_commands':
        return this.send(new URLSearchParams(payload as Record<string, string>).toString(), 'application/x-www-form-urlencoded', sign);
      case 'events_api':
        return this.send(JSON.stringify(payload), 'application/json', sign);
      case 'interactive':
        return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', sign);
    }
  }

  /** A slash command (`/camreset ...`). */
  command(
    c: { user: string; userName?: string; channel: string; channelName?: string; text?: string; command?: string },
    sign: SignOptions = {},
  ): Promise<SlackHttpResponse> {
    const fields: Record<string, string> = {
      token: 'verification-token-unused',
      team_id: this.options.fake.teamId,
      team_domain: 'camreset-test',
      channel_id: c.channel,
      channel_name: c.channelName ?? (c.channel.startsWith('D') ? 'directmessage' : 'field-team'),
      user_id: c.user,
      user_name: c.userName ?? c.user.toLowerCase(),
      command: c.command ?? '/camreset',
      text: c.text ?? '',
      api_app_id: 'A0CAMRESET',
      is_enterprise_install: 'false',
      response_url: this.options.fake.responseUrl(),
      trigger_id: triggerId(),
    };
    return this.deliver('slash_commands', fields, sign);
  }

  /** An Events API event_callback; returns the event_id so a retry can repeat it. */
  async event(
    event: Record<string, unknown>,
    options: SignOptions & { eventId?: string } = {},
  ): Promise<SlackHttpResponse & { eventId: string }> {
    const id = options.eventId ?? eventId();
    const body = {
      token: 'verification-token-unused',
      team_id: this.options.fake.teamId,
      api_app_id: 'A0CAMRESET',
      event,
      type: 'event_callback',
      event_id: id,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.options.fake.teamId,
          user_id: this.options.fake.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${id}`,
    };
    return { ...(await this.deliver('events_api', body, options)), eventId: id };
  }

  /** A button click (block_actions) on a message, or on the Home tab when `channel` is omitted. */
  /** `userTeam`: the clicking person's own workspace, when it is not the app's (Slack Connect). */
  click(
    c: {
      user: string;
      actionId: string;
      value: string;
      channel?: string;
      messageTs?: string;
      threadTs?: string;
      label?: string;
      userTeam?: string;
    },
    sign: SignOptions = {},
  ): Promise<SlackHttpResponse> {
    const action = {
      type: 'button',
      action_id: c.actionId,
      block_id: 'camreset.actions',
      text: { type: 'plain_text', text: c.label ?? c.actionId, emoji: true },
      value: c.value,
      action_ts: `${Date.now() / 1000}`,
    };
    const team = { id: this.options.fake.teamId, domain: 'camreset-test' };
    const user = { id: c.user, username: c.user.toLowerCase(), name: c.user.toLowerCase(), team_id: c.userTeam ?? team.id };
    const payload: Record<string, unknown> = c.channel
      ? {
          type: 'block_actions',
          user,
          api_app_id: 'A0CAMRESET',
          token: 'verification-token-unused',
          container: {
            type: 'message',
            message_ts: c.messageTs,
            channel_id: c.channel,
            is_ephemeral: false,
            ...(c.threadTs ? { thread_ts: c.threadTs } : {}),
          },
          trigger_id: triggerId(),
          team,
          enterprise: null,
          is_enterprise_install: false,
          channel: { id: c.channel, name: 'channel' },
          message: {
            type: 'message',
            user: this.options.fake.botUserId,
            ts: c.messageTs,
            ...(c.threadTs ? { thread_ts: c.threadTs } : {}),
            text: '',
          },
          state: { values: {} },
          response_url: this.options.fake.responseUrl(),
          actions: [action],
        }
      : {
          type: 'block_actions',
          user,
          api_app_id: 'A0CAMRESET',
          token: 'verification-token-unused',
          container: { type: 'view', view_id: 'VHOME' },
          trigger_id: triggerId(),
          team,
          view: { id: 'VHOME', type: 'home', blocks: [], state: { values: {} } },
          actions: [action],
        };
    return this.deliver('interactive', payload, sign);
  }

  /**
   * A modal's submission. `view` is the view the app opened (from the fake's views.open call);
   * `values` maps block_id to the typed text (or, for selects, the chosen option's value).
   */
  submitView(
    s: {
      user: string;
      view: Record<string, unknown>;
      values: Record<string, string>;
      selects?: string[];
      files?: Record<string, SlackFileObject[]>;
      userTeam?: string;
    },
    sign: SignOptions = {},
  ): Promise<SlackHttpResponse> {
    const values: Record<string, Record<string, unknown>> = {};
    // A file_input's state: the files the person picked, as Slack file objects.
    for (const [block, files] of Object.entries(s.files ?? {})) values[block] = { value: { type: 'file_input', files } };
    for (const [block, value] of Object.entries(s.values)) {
      values[block] = s.selects?.includes(block)
        ? { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } }
        : { value: { type: 'plain_text_input', value } };
    }
    const team = { id: this.options.fake.teamId, domain: 'camreset-test' };
    const payload = {
      type: 'view_submission',
      team,
      user: { id: s.user, username: s.user.toLowerCase(), name: s.user.toLowerCase(), team_id: s.userTeam ?? team.id },
      api_app_id: 'A0CAMRESET',
      token: 'verification-token-unused',
      trigger_id: triggerId(),
      view: {
        id: 'V0MODAL',
        team_id: team.id,
        app_id: 'A0CAMRESET',
        bot_id: this.options.fake.botId,
        hash: `${Date.now()}.abc`,
        ...s.view,
        state: { values },
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    return this.deliver('interactive', payload, sign);
  }
}
