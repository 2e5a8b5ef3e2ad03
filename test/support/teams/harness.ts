// Starts the real app in-process with Teams pointed at a fake Bot Connector, and gives tests
// the vocabulary of a Teams conversation: who said what where, which cards the bot sent.
// Teams runs as in production (MicrosoftAppId set): every activity the harness POSTs carries a
// token signed by the fake identity (identity.ts), and the fake connector takes only calls with
// the bot's token. `signed: false` starts local mode (no credentials, unsigned activities).

import { pino, type Logger } from 'pino';
import type { Clock } from '../../../src/core/ports.js';
import { type App, createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { BotClient, SUPPORT_CHANNEL, TEAM, installedInTeam, type Signer, users } from './activities.js';
import { FakeConnector, cardsOf, type Sent, textOf } from './connector.js';
import { FakeIdentity } from './identity.js';

export interface TeamsHarness {
  app: App;
  connector: FakeConnector;
  /** The fake Bot Framework identity (undefined in local mode). */
  identity?: FakeIdentity;
  bot: BotClient;
  url: string;
  /** Stops the app (the fake connector stays up, for restart tests). */
  stopApp(): Promise<void>;
  /** Starts a fresh app on the same env and prefix (a restart), with `env` changed if given. */
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  prefix?: string;
  /** Installs the bot in the support team first (default true). */
  install?: boolean;
  connector?: FakeConnector;
  /** Agents' team membership as the connector reports it. */
  teamMembers?: Array<(typeof users)[keyof typeof users]>;
  /** Where the app logs (default: silent, or TEST_LOG_LEVEL). */
  logger?: Logger;
  /** The app's clock (default: the system clock); a ManualClock also drives the timers. */
  clock?: Clock;
  /** MicrosoftAppId set and signed activities (default), or local mode (false). */
  signed?: boolean;
}

export const BASE_ENV: Record<string, string> = {
  TEAMS_SUPPORT_CHANNEL: SUPPORT_CHANNEL,
  TEAMS_SUPPORT_AGENTS: `${users.agent.aadObjectId},${users.agent2.aadObjectId}`,
  LOG_LEVEL: 'silent',
  PLAYGROUND: 'off',
};

export async function startTeams(options: HarnessOptions = {}): Promise<TeamsHarness> {
  const connector = options.connector ?? (await new FakeConnector().start());
  connector.channels.set(TEAM.id, [
    { id: TEAM.id, name: 'General' },
    { id: SUPPORT_CHANNEL, name: 'Camera support' },
  ]);
  connector.members.set(TEAM.id, options.teamMembers ?? [users.agent, users.agent2]);
  const signed = options.signed ?? true;
  const identity = signed ? await new FakeIdentity().start() : undefined;
  if (identity) connector.authorize = (header) => identity.acceptsConnectorCall(header);
  // An empty value unsets a variable of BASE_ENV.
  const env = Object.fromEntries(
    Object.entries({ ...BASE_ENV, ...(identity ? signedTeamsEnv(identity, connector) : {}), ...options.env }).filter(([, v]) => v !== ''),
  );
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let app: App;
  let url = '';
  const boot = async () => {
    app = await createApp(loadConfig(env), {
      logger,
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    identity?.issueConnectorToken();
    const port = await app.start(0);
    url = `http://127.0.0.1:${port}`;
    harness.bot = new BotClient(url, {}, identity ? signerFor(identity) : undefined);
    harness.url = url;
    harness.app = app;
  };
  const harness: TeamsHarness = {
    app: undefined as unknown as App,
    connector,
    ...(identity ? { identity } : {}),
    bot: undefined as unknown as BotClient,
    url,
    async stopApp() {
      await app.stop();
    },
    async restart(changed) {
      if (changed) Object.assign(env, changed);
      await boot();
    },
    async close() {
      await app.stop();
      if (!options.connector) await connector.stop();
      await identity?.stop();
    },
  };
  await boot();
  if (options.install !== false) await harness.bot.send(installedInTeam(connector.url, users.agent));
  return harness;
}

/** What an operator sets for Teams, with botbuilder's settings and the allowlist pointing at the fakes. */
export function signedTeamsEnv(identity: FakeIdentity, connector: FakeConnector): Record<string, string> {
  return { ...identity.env(), TEAMS_SERVICE_URL_ALLOWLIST: connector.url };
}

/** Signs each activity for its own serviceUrl, as the Bot Connector does. */
export function signerFor(identity: FakeIdentity): Signer {
  return (activity) =>
    `Bearer ${identity.channelToken(typeof activity.serviceUrl === 'string' ? { serviceUrl: activity.serviceUrl } : {})}`;
}

/** The support card's thread root as the fake recorded it (the thread the bot created). */
export function supportThreads(connector: FakeConnector): Sent[] {
  return connector.sent.filter((s) => s.kind === 'create' && s.conversationId.startsWith(`${SUPPORT_CHANNEL};`));
}

/** The latest version of a message's card: its last update, else the message as created. */
export function latestCard(connector: FakeConnector, messageId: string): Record<string, unknown> | undefined {
  const versions = connector.sent.filter((s) => s.id === messageId);
  const last = versions.at(-1);
  return last ? cardsOf(last.activity)[0] : undefined;
}

export function latestText(connector: FakeConnector, messageId: string): string {
  const versions = connector.sent.filter((s) => s.id === messageId);
  const last = versions.at(-1);
  return last ? textOf(last.activity) : '';
}

export { textOf, cardsOf };
