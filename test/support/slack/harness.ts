// The real app, started in-process against the Slack fake, with the moves of a Slack story
// (story.ts) sent to its POST /slack/events, signed, exactly as Slack would send them; or, with
// `socketMode`, the app in Socket Mode and the same moves delivered as envelopes over the
// WebSocket it opens to the Socket Mode fake (socket.ts).

import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe } from 'vitest';
import { type App, createApp } from '../../../src/app.js';
import type { Clock } from '../../../src/core/ports.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from '../redis.js';
import { SlackFake } from './fake.js';
import { AGENT, AGENT2, AGENTS_GROUP, SUPPORT, SlackStory } from './story.js';
import { SlackSender, type Transport } from './requests.js';
import { SOCKET_APP_TOKEN, SlackSocketMode } from './socket.js';

export { CODE, CODE2, DETAILS, FORM_DETAILS } from '../desk.js';
export {
  AGENT,
  AGENT2,
  AGENTS_GROUP,
  FIELD,
  STRANGER,
  SUPPORT,
  TECH,
  TECH2,
  SlackStory,
  count,
  hasButton,
  textOf,
  type Thread,
} from './story.js';

export type Driver = 'memory' | 'redis';

export const SIGNING_SECRET = 'slack-signing-secret-for-tests';

/** Runs the same stories on the memory driver and on Redis (skipped, or failed under CI, without Redis). */
export function describeDrivers(name: string, stories: (driver: Driver) => void): void {
  describe(`${name} · memory`, () => stories('memory'));
  describeRedis(`${name} · redis`, () => stories('redis'));
}

/** A request as the technician sees it: where its thread is. */

export interface WorldOptions {
  driver: Driver;
  /** Extra or overriding environment, e.g. CHALLENGE_VALIDITY. */
  env?: Record<string, string>;
  /** Set up the fake's workspace before the app starts. */
  fake?: (fake: SlackFake) => void;
  /** Capture the app's log lines at this level in `world.logs` (default: silent). */
  logLevel?: string;
  /** The app's clock (default: the system clock); a ManualClock also drives the memory timers. */
  clock?: Clock;
  /**
   * Slack in Socket Mode, set up as manifests/slack/README.md › Socket Mode says (SLACK_APP_TOKEN,
   * no SLACK_SIGNING_SECRET): the app must connect to the Socket Mode fake (`world.socket`), and
   * every move is an envelope on that connection.
   */
  socketMode?: boolean;
}

/** The variables the Socket Mode steps of manifests/slack/README.md set (and SLACK_SIGNING_SECRET, which they leave out). */
export const SOCKET_MODE_ENV = { SLACK_APP_TOKEN: SOCKET_APP_TOKEN, SLACK_SIGNING_SECRET: '' };

/** Slack's own pace (one post a second per channel) instead of the harness's unpaced default. */
export const SLACK_PACE = { SLACK_POST_INTERVAL_MS: '' };

export class SlackWorld extends SlackStory {
  protected readonly signingSecret = SIGNING_SECRET;
  app!: App;
  port = 0;
  readonly prefix: string;
  private env: Record<string, string>;
  private readonly replicas: App[] = [];

  /** Log lines the app wrote (only with `logLevel`). */
  readonly logs: string[] = [];
  private readonly logLevel: string;

  private constructor(
    readonly fake: SlackFake,
    readonly driver: Driver,
    env: Record<string, string>,
    logLevel = 'silent',
    private readonly clock?: Clock,
    /** Socket Mode's side of Slack (with `socketMode`). */
    readonly socket?: SlackSocketMode,
  ) {
    super();
    this.prefix = uniquePrefix('slack');
    this.env = env;
    this.logLevel = logLevel;
  }

  private logger() {
    const lines = this.logs;
    return createLogger(
      this.logLevel,
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
  }

  static async start(options: WorldOptions): Promise<SlackWorld> {
    const fake = await SlackFake.start();
    fake.usergroup(AGENTS_GROUP, [AGENT, AGENT2]).channelMembers(SUPPORT, [AGENT, AGENT2, fake.botUserId]);
    options.fake?.(fake);
    const socket = options.socketMode ? await SlackSocketMode.start(fake) : undefined;
    const given: Record<string, string> = {
      PORT: '0',
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      SLACK_SUPPORT_CHANNEL: SUPPORT,
      SLACK_SUPPORT_USERGROUP: AGENTS_GROUP,
      PLAYGROUND: 'off',
      // The fake enforces no per-channel pace unless a test asks it to, and a story posts dozens
      // of messages into one channel: unpaced here. The suites about pace (rate-limits, burst)
      // run at Slack's own (env: SLACK_PACE).
      SLACK_POST_INTERVAL_MS: '0',
      ...(options.driver === 'redis' ? { REDIS_URL: redisUrl, DATA_KEY: randomBytes(32).toString('base64') } : {}),
      ...(socket ? SOCKET_MODE_ENV : {}),
      ...options.env,
    };
    const env = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== ''));
    const world = new SlackWorld(fake, options.driver, env, options.logLevel, options.clock, socket);
    try {
      await world.boot();
    } catch (err) {
      // boot may have failed before the app existed
      await (world.app as App | undefined)?.stop();
      await socket?.close();
      await fake.close();
      if (options.driver === 'redis') await cleanupPrefix(world.prefix);
      throw err;
    }
    return world;
  }

  private async boot(): Promise<void> {
    const connections = this.socket?.connections.length ?? 0;
    this.app = await createApp(loadConfig(this.env), {
      logger: this.logger(),
      prefix: this.prefix,
      ...(this.clock ? { clock: this.clock } : {}),
    });
    this.port = await this.app.start(0);
    // In Socket Mode the app is started once it is connected (Slack's hello): none is HTTP mode.
    if (this.socket && this.socket.connections.length === connections) {
      throw new Error('the app opened no Socket Mode connection: it started in HTTP mode (is SLACK_APP_TOKEN read?)');
    }
  }

  protected override transport(): Transport | undefined {
    return this.socket?.transport;
  }

  /**
   * Stops the app (as a crash or deploy would) and starts a new one on the same state, with
   * `env` changed from then on (a deploy with new settings; '' removes a variable).
   */
  async restart(env: Record<string, string> = {}): Promise<void> {
    await this.app.stop();
    this.env = Object.fromEntries(Object.entries({ ...this.env, ...env }).filter(([, v]) => v !== ''));
    await this.boot();
  }

  /** Stops everything; fails the test if the app ever sent Slack malformed Block Kit, or (Socket Mode) left an envelope without its ack for over 3 s. */
  async stop(): Promise<void> {
    for (const r of this.replicas.splice(0)) await r.stop();
    await this.app.stop();
    await this.socket?.close();
    await this.fake.close();
    if (this.driver === 'redis') await cleanupPrefix(this.prefix);
    const malformed = this.fake.malformed();
    if (malformed.length)
      throw new Error(`the app sent Slack malformed requests: ${JSON.stringify(malformed.map((c) => [c.method, c.response]))}`);
    const late = this.socket?.late() ?? [];
    if (late.length)
      throw new Error(
        `the app did not acknowledge Socket Mode envelopes within 3 s: ${JSON.stringify(late.map((e) => [e.type, e.payload.type ?? e.payload.command, SlackSocketMode.ackMs(e) ?? 'never']))}`,
      );
    const strays = this.socket?.strays ?? [];
    if (strays.length) throw new Error(`the app sent Socket Mode messages that acknowledge nothing (or twice): ${JSON.stringify(strays)}`);
  }

  /** A second replica of the app on the same state (Redis) and the same Slack: its own port. */
  async replica(): Promise<{ app: App; slack: SlackSender }> {
    const app = await createApp(loadConfig(this.env), { logger: this.logger(), prefix: this.prefix });
    const port = await app.start(0);
    this.replicas.push(app);
    // In Socket Mode the replica opens a connection of its own; envelopes go to the newest one.
    const transport = this.transport();
    return {
      app,
      slack: new SlackSender({
        endpoint: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SIGNING_SECRET,
        fake: this.fake,
        ...(transport ? { transport } : {}),
      }),
    };
  }

  protected endpoint(): string {
    return `http://127.0.0.1:${this.port}/slack/events`;
  }
}
