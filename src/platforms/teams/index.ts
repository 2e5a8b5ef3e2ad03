// Microsoft Teams: the TeamsAdapter behind POST /api/messages, the bot, the surface that delivers
// notices, and the agent directory. Which activities are accepted depends on the mode (auth.ts):
// signed with MicrosoftAppId, unsigned only in local mode, and no route at all when another
// platform is configured without Teams.

import { MiddlewareSet } from 'botbuilder';
import type { PlatformFactory } from '../contract.js';
import type { RefreshFor } from './actions.js';
import { AddressBook } from './addresses.js';
import { TeamsAgents } from './agents.js';
import { GuardedAuthentication, TeamsAdapter, teamsMode } from './auth.js';
import { CamresetBot } from './bot.js';
import { MAX_REFRESH_USERS } from './cards.js';
import { SupportConnection } from './connection.js';
import { MESSAGES_MAX_BODY_BYTES, messagesHandler } from './http.js';
import { TeamsFiles } from './files.js';
import { Messenger } from './messenger.js';
import { ignoreOwnActivities, stripMentions } from './middleware.js';
import { ServiceUrlAllowlist } from './service-urls.js';
import { TeamsSurface } from './surface.js';
import { TimeZones } from './zones.js';
import { errorText } from '../../core/error-text.js';

// Not async: nothing here waits (start and stop do); app.ts awaits the factory, so a throw here still fails startup.
export const teamsPlatform: PlatformFactory = (ctx) => {
  const { config, logger } = ctx;
  const teams = config.teams;
  const log = logger.child({ platform: 'teams' });
  const mode = teamsMode(config);
  if (mode === 'off') {
    if (teams.appPassword || teams.appType || teams.tenantId) {
      log.warn(
        'Teams is off: MicrosoftAppPassword, MicrosoftAppType or MicrosoftAppTenantId is set without MicrosoftAppId; POST /api/messages answers 404. Set MicrosoftAppId to turn Teams on.',
      );
    } else {
      log.info(
        'Teams is off (Slack is configured, MicrosoftAppId is not): POST /api/messages answers 404. Set MicrosoftAppId and MicrosoftAppPassword to add Teams.',
      );
    }
    return Promise.resolve(undefined);
  }
  // Outside local mode the bot speaks only to Microsoft's Bot Connector hosts (or the override).
  const allowlist = mode === 'signed' ? new ServiceUrlAllowlist(teams.serviceUrlAllowlist) : undefined;
  const auth = new GuardedAuthentication(
    {
      ...teams.botFramework,
      MicrosoftAppId: teams.appId ?? '',
      MicrosoftAppPassword: teams.appPassword ?? '',
      MicrosoftAppType: teams.appType ?? '',
      MicrosoftAppTenantId: teams.tenantId ?? '',
    },
    allowlist,
  );
  const adapter = new TeamsAdapter(auth, {
    requireTeamsChannel: mode === 'signed',
    tenants: teams.allowedTenants,
    ...(allowlist ? { allowlist } : {}),
  });
  adapter.onTurnError = (turn, err) => {
    // The turn's change (if any) is committed; report, and let Teams retry nothing.
    log.error({ err: errorText(err), type: turn.activity.type }, 'teams: turn failed');
    return Promise.resolve();
  };
  // The allowlist exists exactly in signed mode.
  if (allowlist) {
    log.info(
      {
        serviceUrls: allowlist.describe(),
        tenants: teams.allowedTenants.length ? teams.allowedTenants : 'any',
        customAuthority: Object.keys(teams.botFramework).length > 0,
      },
      'Teams is on: every activity must carry a valid Bot Framework token',
    );
  } else {
    log.warn(
      'Teams runs in local mode: /api/messages accepts UNSIGNED activities (Bot Framework Emulator, playground). Set MicrosoftAppId, MicrosoftAppPassword and TEAMS_SUPPORT_CHANNEL to connect Microsoft Teams.',
    );
  }
  const appId = teams.appId ?? '';
  const addresses = new AddressBook(ctx.keyValues);
  const messenger = new Messenger({ adapter, appId, addresses, audience: auth.getOriginatingAudience() });
  const zones = new TimeZones(ctx.keyValues);
  const supportLanguage = ctx.desk.settings.supportLanguage;
  const files = new TeamsFiles(allowlist ? { messenger, allowlist, supportLanguage } : { messenger, supportLanguage });
  const agentOptions = { agents: teams.agents, adapter, appId, addresses, clock: ctx.clock, logger: log };
  const agents = new TeamsAgents(teams.supportChannel ? { ...agentOptions, supportChannel: teams.supportChannel } : agentOptions);
  ctx.agents.set('teams', agents);
  const refreshFor: RefreshFor = (request) => agents.refreshIds(request.claimedBy, MAX_REFRESH_USERS);
  const surfaceOptions = { desk: ctx.desk, messenger, addresses, zones, refreshFor, logger: log, files };
  ctx.router.add(new TeamsSurface(teams.supportChannel ? { ...surfaceOptions, supportChannel: teams.supportChannel } : surfaceOptions));
  const connection = teams.supportChannel
    ? new SupportConnection({ desk: ctx.desk, addresses, channel: teams.supportChannel, logger: log, warn: mode === 'signed' })
    : undefined;
  if (connection) ctx.metrics.watchSupportChannel('teams', () => connection.connected());
  const botOptions = { desk: ctx.desk, messenger, addresses, zones, refreshFor, logger: log, files: ctx.files, languages: ctx.languages };
  const bot = new CamresetBot(
    teams.supportChannel && connection
      ? { ...botOptions, supportChannel: teams.supportChannel, supportConnection: connection }
      : botOptions,
  );
  // Before the bot's handlers, in this order: the bot's own echoes go, then the bot's mention
  // is taken out of a message's words (middleware.ts).
  const TEAMS_MIDDLEWARE_ORDER = [ignoreOwnActivities(), stripMentions()];
  const middleware = new MiddlewareSet(...TEAMS_MIDDLEWARE_ORDER);
  ctx.http.route(
    'POST',
    '/api/messages',
    messagesHandler(adapter, (turn) => middleware.run(turn, () => bot.run(turn)), log),
    { maxBodyBytes: MESSAGES_MAX_BODY_BYTES },
  );
  return Promise.resolve({
    name: 'teams',
    start: async () => connection?.start(),
    stop: () => {
      connection?.stop();
      return Promise.resolve();
    },
  });
};
