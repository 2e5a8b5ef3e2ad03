// Microsoft Teams: CloudAdapter behind POST /api/messages (JWT-checked with an app id,
// anonymous for the Bot Framework Emulator and tests without one), the bot, the surface that
// delivers notices, and the agent directory. Always on: Teams needs no token to listen.

import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { PlatformFactory } from '../../app.js';
import { AddressBook } from './addresses.js';
import { TeamsAgents } from './agents.js';
import { CamresetBot } from './bot.js';
import { messagesHandler } from './http.js';
import type { TurnContext } from 'botbuilder';
import { Messenger } from './messenger.js';
import { TeamsSurface } from './surface.js';
import { TimeZones } from './zones.js';

export const teamsPlatform: PlatformFactory = async (ctx) => {
  const { config, logger } = ctx;
  const teams = config.teams;
  const log = logger.child({ platform: 'teams' });
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppType: teams.appType ?? '',
    MicrosoftAppTenantId: teams.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (turn, err) => {
    // The turn's change (if any) is committed; report, and let Teams retry nothing.
    log.error({ err: err instanceof Error ? `${err.name}: ${err.message}` : String(err), type: turn.activity.type }, 'teams: turn failed');
  };
  const appId = teams.appId ?? '';
  const addresses = new AddressBook(ctx.store);
  const messenger = new Messenger({ adapter, appId, addresses });
  const zones = new TimeZones(ctx.store);
  const surfaceOptions = { desk: ctx.desk, messenger, addresses, zones, logger: log };
  ctx.router.add(new TeamsSurface(teams.supportChannel ? { ...surfaceOptions, supportChannel: teams.supportChannel } : surfaceOptions));
  const agentOptions = { agents: teams.agents, adapter, appId, addresses, clock: ctx.clock, logger: log };
  ctx.agents.set('teams', new TeamsAgents(teams.supportChannel ? { ...agentOptions, supportChannel: teams.supportChannel } : agentOptions));
  const bot = new CamresetBot({ desk: ctx.desk, messenger, addresses, zones, logger: log });
  // The bot's own activities (an echo, a message it sent in a channel) are never a person acting.
  const fromSelf = (turn: TurnContext) => !!turn.activity.from?.id && turn.activity.from.id === turn.activity.recipient?.id;
  const ignore = async (turn: TurnContext) => {
    if (turn.activity.type === 'invoke') await turn.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
  };
  ctx.http.route('POST', '/api/messages', messagesHandler(adapter, (turn) => (fromSelf(turn) ? ignore(turn) : bot.run(turn)), log));
  return { name: 'teams' };
};
