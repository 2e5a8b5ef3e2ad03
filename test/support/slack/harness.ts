// The real app, started in-process against the Slack fake, and the moves of a Slack story:
// a technician types /camreset and answers in the thread, an agent clicks on the card. Every
// move goes through POST /slack/events, signed, exactly as Slack would send it.

import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe } from 'vitest';
import { type App, createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { CODE, DETAILS } from '../desk.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from '../redis.js';
import { SlackFake, type SlackCall, type SlackMessage } from './fake.js';
import { SlackSender, messageEvent, type SlackFileShare, type SlackHttpResponse } from './requests.js';

export { CODE, CODE2, DETAILS } from '../desk.js';

export type Driver = 'memory' | 'redis';

export const TECH = 'UTECH1';
export const TECH2 = 'UTECH2';
export const AGENT = 'UAGENT1';
export const AGENT2 = 'UAGENT2';
export const STRANGER = 'USTRANGER';
export const FIELD = 'CFIELD';
export const SUPPORT = 'CSUPPORT';
export const AGENTS_GROUP = 'SAGENTS';
export const SIGNING_SECRET = 'slack-signing-secret-for-tests';

/** Runs the same stories on the memory driver and on Redis (skipped, or failed under CI, without Redis). */
export function describeDrivers(name: string, stories: (driver: Driver) => void): void {
  describe(`${name} · memory`, () => stories('memory'));
  describeRedis(`${name} · redis`, () => stories('redis'));
}

/** A request as the technician sees it: where its thread is. */
export interface Thread {
  id: string;
  user: string;
  channel: string;
  thread: string;
}

export interface WorldOptions {
  driver: Driver;
  /** Extra or overriding environment, e.g. CHALLENGE_VALIDITY. */
  env?: Record<string, string>;
  /** Set up the fake's workspace before the app starts. */
  fake?: (fake: SlackFake) => void;
  /** Capture the app's log lines at this level in `world.logs` (default: silent). */
  logLevel?: string;
}

export class SlackWorld {
  app!: App;
  port = 0;
  readonly prefix: string;
  private readonly env: Record<string, string>;
  private known = new Set<string>();
  private readonly replicas: App[] = [];

  /** Log lines the app wrote (only with `logLevel`). */
  readonly logs: string[] = [];
  private readonly logLevel: string;

  private constructor(readonly fake: SlackFake, readonly driver: Driver, env: Record<string, string>, logLevel = 'silent') {
    this.prefix = uniquePrefix('slack');
    this.env = env;
    this.logLevel = logLevel;
  }

  private logger() {
    const lines = this.logs;
    return createLogger(this.logLevel, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  }

  static async start(options: WorldOptions): Promise<SlackWorld> {
    const fake = await SlackFake.start();
    fake.usergroup(AGENTS_GROUP, [AGENT, AGENT2]).channelMembers(SUPPORT, [AGENT, AGENT2, fake.botUserId]);
    options.fake?.(fake);
    const env: Record<string, string> = {
      PORT: '0',
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      SLACK_SUPPORT_CHANNEL: SUPPORT,
      SLACK_SUPPORT_USERGROUP: AGENTS_GROUP,
      PLAYGROUND: 'off',
      ...(options.driver === 'redis' ? { REDIS_URL: redisUrl, DATA_KEY: randomBytes(32).toString('base64') } : {}),
      ...options.env,
    };
    for (const [k, v] of Object.entries(env)) if (v === '') delete env[k];
    const world = new SlackWorld(fake, options.driver, env, options.logLevel);
    await world.boot();
    return world;
  }

  private async boot(): Promise<void> {
    this.app = await createApp(loadConfig(this.env), { logger: this.logger(), prefix: this.prefix });
    this.port = await this.app.start(0);
  }

  /** Stops the app (as a crash or deploy would) and starts a new one on the same state. */
  async restart(): Promise<void> {
    await this.app.stop();
    await this.boot();
  }

  /** Stops everything; fails the test if the app ever sent Slack malformed Block Kit. */
  async stop(): Promise<void> {
    for (const r of this.replicas.splice(0)) await r.stop();
    await this.app.stop();
    await this.fake.close();
    if (this.driver === 'redis') await cleanupPrefix(this.prefix);
    const malformed = this.fake.malformed();
    if (malformed.length) throw new Error(`the app sent Slack malformed requests: ${JSON.stringify(malformed.map((c) => [c.method, c.response]))}`);
  }

  /** A second replica of the app on the same state (Redis) and the same Slack: its own port. */
  async replica(): Promise<{ app: App; slack: SlackSender }> {
    const app = await createApp(loadConfig(this.env), { logger: this.logger(), prefix: this.prefix });
    const port = await app.start(0);
    this.replicas.push(app);
    return { app, slack: new SlackSender({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, fake: this.fake }) };
  }

  get slack(): SlackSender {
    return new SlackSender({ endpoint: `http://127.0.0.1:${this.port}/slack/events`, signingSecret: SIGNING_SECRET, fake: this.fake });
  }

  // --- the technician -----------------------------------------------------------------

  /** `/camreset [text]` in `channel`; resolves to the new request's thread (wherever it landed). */
  async begin(user = TECH, channel = FIELD, text = ''): Promise<Thread> {
    const res = await this.slack.command({ user, channel, text });
    if (res.status !== 200) throw new Error(`/camreset answered ${res.status}`);
    const parent = await this.fake.waitFor(() => this.fake.messages().find((m) => !m.thread_ts && !this.known.has(m.ts) && /Camera password reset CR-/.test(m.text) && m.text.includes(`<@${user}>`)), 'the thread of a new request');
    this.known.add(parent.ts);
    const t = { id: /CR-[0-9A-Z]{4}/.exec(parent.text)![0], user, channel: parent.channel, thread: parent.ts };
    // The welcome follows once the request is stored and its thread indexed: a person answers after it.
    await this.reply(t, /Password reset CR-.* started/);
    return t;
  }

  /** A message in the request's thread (by the technician unless `user` says otherwise). */
  say(t: Thread, text: string, options: { user?: string; files?: SlackFileShare[] } = {}): Promise<SlackHttpResponse & { eventId: string }> {
    return this.slack.event(messageEvent({ user: options.user ?? t.user, channel: t.channel, thread_ts: t.thread, text, ...(options.files ? { files: options.files } : {}) }));
  }

  replies(t: Pick<Thread, 'channel' | 'thread'>): SlackMessage[] {
    return this.fake.thread(t.channel, t.thread);
  }

  /** Waits for a reply in the thread matching `pattern`, at index `from` or later. */
  reply(t: Pick<Thread, 'channel' | 'thread'>, pattern: RegExp, from = 0): Promise<SlackMessage> {
    return this.fake.waitFor(() => this.replies(t).slice(from).find((m) => pattern.test(textOf(m))), `a reply matching ${pattern} in ${t.channel}/${t.thread}`);
  }

  /** Clicks the newest button `action` in the thread (or in the DM for PUK buttons). */
  async click(t: Pick<Thread, 'channel' | 'thread'> & { id: string }, action: string, user: string, inChannel?: string): Promise<SlackHttpResponse> {
    const messages = inChannel ? this.fake.messages(inChannel) : this.replies(t);
    const message = [...messages].reverse().find((m) => hasButton(m, action));
    if (!message) throw new Error(`no ${action} button in ${inChannel ?? t.thread}`);
    return this.slack.click({ user, actionId: `camreset.${action}`, value: t.id, channel: message.channel, messageTs: message.ts, ...(message.thread_ts ? { threadTs: message.thread_ts } : {}) });
  }

  /** From /camreset to a request with support: code and details pasted, summary submitted, card posted. */
  async submitted(user = TECH, channel = FIELD): Promise<Thread & { card: SlackMessage }> {
    const t = await this.begin(user, channel);
    await this.say(t, `${CODE}\n${DETAILS}`);
    await this.reply(t, /Everything is here/);
    await this.click(t, 'submit', user);
    const card = await this.cardOf(t.id);
    await this.reply(t, /is with support now/);
    return { ...t, card };
  }

  // --- support ------------------------------------------------------------------------

  /** The request's card in the support channel (waits for it). */
  cardOf(id: string): Promise<SlackMessage> {
    return this.fake.waitFor(() => this.fake.messages(SUPPORT).find((m) => !m.thread_ts && m.text.startsWith(`${id} `)), `the card of ${id}`);
  }

  cardThread(card: SlackMessage): Thread {
    return { id: /CR-[0-9A-Z]{4}/.exec(card.text)![0], user: '', channel: card.channel, thread: card.ts };
  }

  clickCard(card: SlackMessage, action: string, user = AGENT): Promise<SlackHttpResponse> {
    const id = /CR-[0-9A-Z]{4}/.exec(card.text)![0];
    return this.slack.click({ user, actionId: `camreset.${action}`, value: id, channel: card.channel, messageTs: card.ts });
  }

  /** Waits until the request's card (as updated so far) matches `pattern`. */
  cardWhen(t: { card: SlackMessage }, pattern: RegExp): Promise<SlackMessage> {
    return this.fake.waitFor(() => {
      const card = this.fake.messages(t.card.channel).find((m) => m.ts === t.card.ts);
      return card && pattern.test(textOf(card)) ? card : undefined;
    }, `the card to match ${pattern}`);
  }

  /** The newest modal opened with `callbackId` (waits for it). */
  openedView(callbackId: string, after = 0): Promise<Record<string, unknown>> {
    return this.fake.waitFor(
      () => this.fake.callsTo('views.open').slice(after).reverse().find((c) => c.response.ok && (c.args.view as { callback_id?: string })?.callback_id === callbackId)?.args.view as Record<string, unknown> | undefined,
      `a ${callbackId} modal`,
    );
  }

  /** Opens a card form as `user` and submits it with `values`. */
  async submitForm(card: SlackMessage, action: string, callbackId: string, values: Record<string, string>, user = AGENT, selects?: string[]): Promise<SlackHttpResponse> {
    const before = this.fake.callsTo('views.open').length;
    await this.clickCard(card, action, user);
    const view = await this.openedView(callbackId, before);
    return this.slack.submitView({ user, view, values, ...(selects ? { selects } : {}) });
  }

  /** Ephemeral messages shown to `user` (waits for at least `count`). */
  ephemeralsFor(user: string, count = 1): Promise<SlackCall[]> {
    return this.fake.waitFor(() => {
      const list = this.fake.ephemerals(user);
      return list.length >= count ? list : undefined;
    }, `${count} ephemeral message(s) for ${user}`);
  }
}

export const textOf = (m: { text?: string; blocks?: unknown }): string => SlackFake.textOf({ text: m.text, blocks: m.blocks });

export function hasButton(m: SlackMessage, action: string): boolean {
  return JSON.stringify(m.blocks).includes(`"camreset.${action}"`);
}
