// Who may speak to the bot on POST /api/messages, and where the bot may speak back. Three modes:
// `local` (no Slack or Teams credentials: the Bot Framework Emulator and the playground, unsigned
// activities accepted), `signed` (MicrosoftAppId set: botbuilder checks the Bot Framework JWT of
// every activity, then our own rules: channel msteams, an allowed tenant, a Microsoft serviceUrl)
// and `off` (another platform is configured but Teams is not: no route at all). Every refusal is
// decided before the bot runs, so a refused activity changes nothing and calls no serviceUrl.

import { type Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Config } from '../../config.js';
import type { ServiceUrlAllowlist } from './service-urls.js';
import { errorText } from '../../core/error-text.js';

export type TeamsMode = 'local' | 'signed' | 'off';

/** The mode the config puts Teams in; unsigned activities only when nothing real is configured. */
export function teamsMode(config: Config): TeamsMode {
  const t = config.teams;
  if (t.appId) return 'signed';
  // Credentials without an app id are a mistake, never a reason to listen anonymously.
  if (config.slack || t.appPassword || t.appType || t.tenantId) return 'off';
  return 'local';
}

/** botbuilder's GovernmentConstants.ChannelService. */
const US_GOVERNMENT_CHANNEL_SERVICE = 'https://botframework.azure.us';

type AuthResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;

/** An outbound call the allowlist refused. */
export class ServiceUrlRefused extends Error {
  constructor(readonly serviceUrl: string) {
    super(`refused to call ${serviceUrl}: not a Bot Framework service URL (see TEAMS_SERVICE_URL_ALLOWLIST)`);
    this.name = 'ServiceUrlRefused';
  }
}

/**
 * botbuilder's own authentication, with every Bot Connector client it makes (for replies in a
 * turn, proactive sends from stored references, new conversations) held to the allowlist.
 */
export class GuardedAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly audience: string;

  constructor(
    settings: Record<string, string>,
    private readonly allowlist: ServiceUrlAllowlist | undefined,
  ) {
    super(settings);
    // botbuilder's configuration wrapper does not implement this; its scopes per cloud are these.
    this.audience =
      settings.ToChannelFromBotOAuthScope ||
      (settings.ChannelService === US_GOVERNMENT_CHANNEL_SERVICE ? 'https://api.botframework.us' : 'https://api.botframework.com');
  }

  /** The audience of the bot's tokens for the Bot Connector in this cloud. */
  override getOriginatingAudience(): string {
    return this.audience;
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.guard(result.connectorFactory) } : result;
  }

  override createConnectorFactory(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>
  ): ConnectorFactory {
    return this.guard(super.createConnectorFactory(...args));
  }

  private guard(factory: ConnectorFactory): ConnectorFactory {
    const allowlist = this.allowlist;
    if (!allowlist) return factory;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- ConnectorFactory is an abstract class with no state and one method, create(), all botbuilder calls; the class lives in botframework-connector, which production code does not depend on (a devDependency), so it cannot be extended here
    return {
      create: async (serviceUrl: string, audience?: string) => {
        if (!allowlist.allows(serviceUrl)) throw new ServiceUrlRefused(serviceUrl);
        return factory.create(serviceUrl, audience);
      },
    };
  }
}

export interface AdmissionRules {
  /** Outside local mode: only activities from Teams itself. */
  requireTeamsChannel: boolean;
  /** TEAMS_TENANT_ID; empty: any tenant. */
  tenants: string[];
  /** Outside local mode: the activity's serviceUrl must be on it. */
  allowlist?: ServiceUrlAllowlist;
}

/** Why an authenticated activity is still not for this bot; undefined when it is. */
export function refusalOf(activity: Partial<Activity>, rules: AdmissionRules): string | undefined {
  if (rules.requireTeamsChannel && activity.channelId !== 'msteams') return `channel ${String(activity.channelId)} is not msteams`;
  if (rules.tenants.length) {
    const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
    const ids = [data?.tenant?.id, activity.conversation?.tenantId].filter((x): x is string => typeof x === 'string' && x !== '');
    const allowed = new Set(rules.tenants.map((t) => t.toLowerCase()));
    // Both places Teams names the tenant must agree, and name an allowed one.
    if (!ids.length || !ids.every((id) => allowed.has(id.toLowerCase()))) return 'tenant not in TEAMS_TENANT_ID';
  }
  if (rules.allowlist && !rules.allowlist.allows(activity.serviceUrl)) return 'serviceUrl not on the Bot Framework allowlist';
  return undefined;
}

export type Received = { ok: true; response: InvokeResponse | undefined } | { ok: false; status: 401 | 403; reason: string };

/**
 * CloudAdapter with the order made explicit: authenticate (any failure, whatever botbuilder
 * throws, is a 401), then admit (403), and only then run the bot.
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(
    auth: GuardedAuthentication,
    private readonly rules: AdmissionRules,
  ) {
    super(auth);
  }

  async receive(activity: Activity, authHeader: string, logic: (turn: TurnContext) => Promise<void>): Promise<Received> {
    let auth: AuthResult;
    try {
      auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (err) {
      // botbuilder answers 500 to a token whose signature does not verify; it is still no token.
      return { ok: false, status: 401, reason: errorText(err) };
    }
    const refusal = refusalOf(activity, this.rules);
    if (refusal) return { ok: false, status: 403, reason: refusal };
    return { ok: true, response: await this.processActivity(auth, activity, logic) };
  }
}
