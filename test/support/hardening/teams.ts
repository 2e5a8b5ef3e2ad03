// The Teams harness of test/support/teams, started with a logger that writes into an array (so
// a test can read every log line at LOG_LEVEL=trace) and optionally on Redis. Same fake Bot
// Connector, same activities, same story helpers: the result is a TeamsHarness.

import { Writable } from 'node:stream';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { BotClient, SUPPORT_CHANNEL, TEAM, installedInTeam, users } from '../teams/activities.js';
import { FakeConnector } from '../teams/connector.js';
import { BASE_ENV, type TeamsHarness } from '../teams/harness.js';

export interface LoggedTeams extends TeamsHarness {
  logs: string[];
}

export async function startTeamsLogged(options: { env?: Record<string, string>; prefix?: string; logLevel?: string; install?: boolean } = {}): Promise<LoggedTeams> {
  const connector = await new FakeConnector().start();
  connector.channels.set(TEAM.id, [{ id: TEAM.id, name: 'General' }, { id: SUPPORT_CHANNEL, name: 'Camera support' }]);
  connector.members.set(TEAM.id, [users.agent, users.agent2]);
  const env = { ...BASE_ENV, ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === '') delete env[k];
  const logs: string[] = [];
  const logger = createLogger(options.logLevel ?? 'silent', new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } }));
  let app: App;
  const boot = async () => {
    app = await createApp(loadConfig(env), options.prefix ? { logger, prefix: options.prefix } : { logger });
    const port = await app.start(0);
    harness.url = `http://127.0.0.1:${port}`;
    harness.bot = new BotClient(harness.url);
    harness.app = app;
  };
  const harness: LoggedTeams = {
    logs,
    app: undefined as unknown as App,
    connector,
    bot: undefined as unknown as BotClient,
    url: '',
    async stopApp() {
      await app.stop();
    },
    async restart() {
      await boot();
    },
    async close() {
      await app.stop();
      await connector.stop();
    },
  };
  await boot();
  if (options.install !== false) await harness.bot.send(installedInTeam(connector.url, users.agent));
  return harness;
}
