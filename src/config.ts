// The environment (names operators rely on), parsed once at start. This is the only place that reads
// process.env; a bad or missing value stops the process with one message naming every
// variable at fault and what it expects. So does a setting that would mean something other
// than the operator meant: a Teams setting without a Teams app id (Teams would stay
// anonymous), a name one edit away from a known one (the setting would be silently ignored),
// or a channel name, handle or e-mail address where an id belongs.

import { LOCALES, matchLocale } from './core/i18n/locale.js';
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseDuration, parseDurationList } from './core/deadlines.js';
import { type CoreSettings, MAX_BATCH } from './core/settings.js';
import { isLoopbackHost } from './lib/loopback.js';
import { strip } from './lib/strip.js';
import type { HostPort, RedisTarget } from './drivers/redis/connection.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * botbuilder's own authentication settings (ConfigurationBotFrameworkAuthentication), passed
 * through as given: other clouds, and the tests' local OpenID metadata and token issuer.
 */
export const BOT_FRAMEWORK_SETTINGS = [
  'ChannelService',
  'ValidateAuthority',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'OAuthUrl',
  'CallerId',
] as const;
/** Given one of these, botbuilder uses only what is given: all four, or it refuses every activity. */
const BOT_FRAMEWORK_TOGETHER = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
] as const;

/** A comma list's entries, trimmed, empty ones dropped. */
const commaList = (s: string | undefined): string[] =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

const optionalText = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

const duration = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      const raw = s?.trim() || fallback;
      const ms = parseDuration(raw);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `expected a duration like 90s, 15m or 1h (got "${raw}")` });
        return z.NEVER;
      }
      return ms;
    })
    .describe(name);

/** Slack's public or private channel id: C… (or G… for older private channels), upper case. */
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]+$/;
/** Slack's user group ("subteam") id. */
const SLACK_USERGROUP_ID = /^S[A-Z0-9]+$/;
/** A Teams channel's conversation id, as activities carry it. */
const TEAMS_CHANNEL_ID = /^19:[^\s@/]+@thread\.(tacv2|skype)$/;
/** An Entra ID (AAD) object id, the id Teams activities carry as from.aadObjectId. */
const AAD_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A comma list of `host:port` (IPv6 as `[::1]:26379`): the sentinels, or a Cluster's nodes.
 * A URL or a bare host is refused with the shape expected: the port is never guessed.
 */
const hostPortList = (what: string, example: string) =>
  optionalText.transform((s, ctx) => {
    if (!s) return undefined;
    const list: HostPort[] = [];
    for (const entry of commaList(s)) {
      const m = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)):(\d{1,5})$/i.exec(entry);
      const port = Number(m?.[3]);
      // The pattern matches exactly one of its two host forms: a bracketed IPv6 or a name.
      const host = m?.[1] ?? m?.[2];
      if (!m || !host || !(port >= 1 && port <= 65535) || (m[1] && isIP(m[1]) !== 6)) {
        ctx.addIssue({ code: 'custom', message: `expected ${what} as host:port, comma-separated, like ${example} (got "${entry}")` });
        return z.NEVER;
      }
      list.push({ host, port });
    }
    if (!list.length) {
      ctx.addIssue({ code: 'custom', message: `expected ${what} as host:port, comma-separated, like ${example}` });
      return z.NEVER;
    }
    return list;
  });

/** The three ways to say where Redis is; at most one may be set. */
const REDIS_TOPOLOGIES = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const;

/** Text that must be an id of the given shape; `problem` says what was given instead and where the id is. */
const idText = (pattern: RegExp, problem: (got: string) => string) =>
  optionalText.superRefine((s, ctx) => {
    if (s && !pattern.test(s)) ctx.addIssue({ code: 'custom', message: problem(s) });
  });

/**
 * A comma list of AAD object ids, lower-cased: Teams sends them in lower case, but the Entra
 * admin center and PowerShell may show them in upper case, and a GUID's case means nothing.
 */
const aadObjectIds = optionalText.transform((s, ctx) => {
  const ids = commaList(s);
  for (const id of ids) {
    if (AAD_OBJECT_ID.test(id)) continue;
    const message = id.includes('@')
      ? `"${id}" is an e-mail address: use the person's object id from Entra ID instead (Microsoft Entra admin center → Users → the person → Object ID, a GUID like 2b6b0e4d-1c2a-4f5e-9a8b-0c1d2e3f4a5b)`
      : `"${id}" is not an AAD object id: use the person's object id from Entra ID (a GUID like 2b6b0e4d-1c2a-4f5e-9a8b-0c1d2e3f4a5b; Microsoft Entra admin center → Users → the person → Object ID)`;
    ctx.addIssue({ code: 'custom', message });
  }
  return ids.map((id) => id.toLowerCase());
});

const schema = z
  .object({
    PORT: z
      .string()
      .optional()
      .transform((s, ctx) => {
        const n = Number(s?.trim() || '3000');
        if (!Number.isInteger(n) || n < 0 || n > 65535) {
          ctx.addIssue({ code: 'custom', message: `expected a port number 0-65535 (got "${s}")` });
          return z.NEVER;
        }
        return n;
      }),
    HOST: optionalText.refine(
      (s) => !s || isIP(s) !== 0 || /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i.test(s),
      'expected an address to listen on, like 127.0.0.1, ::1, 0.0.0.0 or localhost',
    ),
    METRICS_PORT: optionalText.refine(
      (s) => !s || (/^\d+$/.test(s) && Number(s) <= 65535),
      'expected a port number 0-65535 for /metrics, or nothing to serve it on PORT',
    ),
    SLACK_BOT_TOKEN: optionalText.refine((s) => !s || s.startsWith('xoxb-'), 'expected a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine((s) => !s || s.startsWith('xapp-'), 'expected an app-level token starting with xapp-'),
    SLACK_API_URL: optionalText.refine((s) => !s || isUrl(s, ['http:', 'https:']), 'expected an http(s) URL like https://slack.com/api/'),
    SLACK_SUPPORT_CHANNEL: idText(
      SLACK_CHANNEL_ID,
      (got) =>
        `not a channel id (got "${got}"): use the channel id C…, shown in the channel's details (click the channel's name; the id is at the bottom of About)`,
    ),
    SLACK_SUPPORT_USERGROUP: idText(
      SLACK_USERGROUP_ID,
      (got) =>
        `not a user group id (got "${got}"): use the user group's id S…, not its name or @handle (on the group's page in People → User groups)`,
    ),
    SLACK_POST_INTERVAL_MS: optionalText.refine(
      (s) => !s || (/^\d+$/.test(s) && Number(s) <= 10_000),
      'expected whole milliseconds from 0 to 10000 (Slack: 1000)',
    ),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: optionalText.refine(
      (s) => !s || ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(s),
      'expected MultiTenant, SingleTenant or UserAssignedMSI',
    ),
    MicrosoftAppTenantId: optionalText,
    TEAMS_TENANT_ID: optionalText.transform(commaList),
    TEAMS_SERVICE_URL_ALLOWLIST: optionalText
      .transform(commaList)
      .refine(
        (list) => list.every((u) => isUrl(u, ['https:', 'http:'])),
        'expected a comma-separated list of base URLs like https://smba.trafficmanager.net/',
      ),
    ...(Object.fromEntries(BOT_FRAMEWORK_SETTINGS.map((k) => [k, optionalText])) as Record<
      (typeof BOT_FRAMEWORK_SETTINGS)[number],
      typeof optionalText
    >),
    TEAMS_SUPPORT_CHANNEL: idText(
      TEAMS_CHANNEL_ID,
      (got) =>
        `not a Teams channel id (got "${got}"): use the id 19:…@thread.tacv2 (or …@thread.skype) from the channel's "Get link to channel": the part after /channel/, with %3a read as : and %40 as @`,
    ),
    TEAMS_SUPPORT_AGENTS: aadObjectIds,
    REDIS_URL: optionalText.refine((s) => !s || isUrl(s, ['redis:', 'rediss:']), 'expected a Redis URL like redis://127.0.0.1:6379'),
    REDIS_SENTINELS: hostPortList('the sentinels', 'sentinel-1:26379,sentinel-2:26379,sentinel-3:26379'),
    REDIS_SENTINEL_NAME: optionalText.refine(
      (s) => !s || /^[A-Za-z0-9._-]+$/.test(s),
      "expected the primary's name as the sentinels monitor it (sentinel monitor NAME …), like mymaster",
    ),
    REDIS_SENTINEL_PASSWORD: optionalText,
    REDIS_CLUSTER_NODES: hostPortList("some of the cluster's nodes", 'redis-1:6379,redis-2:6379,redis-3:6379'),
    REDIS_USERNAME: optionalText,
    REDIS_PASSWORD: optionalText,
    REDIS_TLS: optionalText.refine((s) => !s || ['on', 'off'].includes(s), 'expected on or off'),
    DATA_KEY: optionalText.refine(
      (s) => !s || Buffer.from(s, 'base64').length === 32,
      'expected 32 random bytes in base64 (make one with: openssl rand -base64 32)',
    ),
    DATA_KEY_PREVIOUS: optionalText
      .transform(commaList)
      .refine(
        (keys) => keys.every((k) => Buffer.from(k, 'base64').length === 32),
        'expected older DATA_KEYs, comma-separated, each 32 bytes in base64',
      ),
    CHALLENGE_VALIDITY: duration('CHALLENGE_VALIDITY', '60m'),
    WARN_BEFORE: z
      .string()
      .optional()
      .transform((s, ctx) => {
        const raw = s?.trim() || '15m,5m';
        const list = parseDurationList(raw);
        if (!list) {
          ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of durations like 15m,5m (got "${raw}")` });
          return z.NEVER;
        }
        return list;
      }),
    CHALLENGE_PAGE_HINT: optionalText,
    // A language we do not speak is refused at start, not quietly read as English: the operator meant
    // one. A regional tag (de-CH, fr_BE) is its language: the catalogs have no regions.
    BOSCH_SUPPORT_EMAIL: optionalText.refine(
      (s) => !s || z.email().safeParse(s).success,
      'expected an e-mail address, like support@example.com',
    ),
    SUPPORT_LANGUAGE: optionalText.transform((s, ctx) => {
      if (!s) return undefined;
      const locale = matchLocale(s);
      if (!locale) {
        ctx.addIssue({ code: 'custom', message: `expected one of ${LOCALES.join(', ')} (got "${s.slice(0, 40)}")` });
        return z.NEVER;
      }
      return locale;
    }),
    REQUEST_IDLE_CLOSE: duration('REQUEST_IDLE_CLOSE', '24h'),
    // How many cameras one site request holds. The platforms' cards and forms are checked up to
    // MAX_BATCH; beyond it a site is two requests.
    BATCH_MAX: optionalText.refine(
      (s) => !s || (/^\d{1,3}$/.test(s) && Number(s) >= 2 && Number(s) <= MAX_BATCH),
      `expected a whole number from 2 to ${MAX_BATCH} (cameras in one request)`,
    ),
    LOG_LEVEL: optionalText.refine((s) => !s || (LOG_LEVELS as readonly string[]).includes(s), `expected one of ${LOG_LEVELS.join(', ')}`),
    PLAYGROUND: optionalText.refine((s) => !s || ['on', 'off'].includes(s), 'expected on or off'),
    PLAYGROUND_TIME_SCALE: optionalText.refine((s) => !s || (Number(s) >= 1 && Number(s) <= 3600), 'expected a number from 1 to 3600'),
  })
  .superRefine((env, ctx) => {
    const need = (cond: boolean, path: string, message: string) => {
      if (cond) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    need(
      env.PLAYGROUND === 'on' && !!env.HOST && !isLoopbackHost(env.HOST),
      'HOST',
      `PLAYGROUND=on keeps the playground to this machine, but HOST=${env.HOST ?? ''} listens beyond it: set HOST=127.0.0.1 (or ::1), or unset PLAYGROUND`,
    );
    need(
      !!env.METRICS_PORT && Number(env.METRICS_PORT) !== 0 && Number(env.METRICS_PORT) === env.PORT,
      'METRICS_PORT',
      'must differ from PORT (it moves /metrics off the public port)',
    );
    const topologies = REDIS_TOPOLOGIES.filter((k) => env[k]);
    need(
      topologies.length > 1,
      topologies[1] ?? 'REDIS_URL',
      `only one of ${REDIS_TOPOLOGIES.join(', ')} may be set (got ${topologies.join(' and ')}): one server, Sentinel or a Cluster`,
    );
    need(
      topologies.length > 0 && !env.DATA_KEY,
      'DATA_KEY',
      `required with ${topologies[0]}: 32 random bytes in base64 (openssl rand -base64 32)`,
    );
    need(
      !!env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME,
      'REDIS_SENTINEL_NAME',
      "required with REDIS_SENTINELS: the primary's name as the sentinels monitor it (sentinel monitor NAME …)",
    );
    for (const k of ['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD'] as const)
      need(!!env[k] && !env.REDIS_SENTINELS, k, 'only means something with REDIS_SENTINELS');
    // With REDIS_URL the URL says it all; a second place for the same thing would leave one ignored.
    for (const k of ['REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS'] as const) {
      if (!env[k] || env.REDIS_SENTINELS || env.REDIS_CLUSTER_NODES) continue;
      need(
        true,
        k,
        env.REDIS_URL
          ? 'not read with REDIS_URL: put it in the URL (rediss://user:password@host:port for TLS and a password)'
          : 'only means something with REDIS_SENTINELS or REDIS_CLUSTER_NODES',
      );
    }
    need(
      env.DATA_KEY_PREVIOUS.length > 0 && !env.DATA_KEY,
      'DATA_KEY_PREVIOUS',
      'only means something beside DATA_KEY (the key to re-encrypt under)',
    );
    const slack = !!env.SLACK_BOT_TOKEN;
    need(
      slack && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN,
      'SLACK_SIGNING_SECRET',
      "required with SLACK_BOT_TOKEN (from the app's Basic Information page)",
    );
    need(
      !slack && !!(env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN),
      'SLACK_BOT_TOKEN',
      'required when other SLACK_ variables are set (xoxb-...)',
    );
    need(
      !!env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI',
      'MicrosoftAppPassword',
      'required with MicrosoftAppId',
    );
    need(
      env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId,
      'MicrosoftAppTenantId',
      'required with MicrosoftAppType=SingleTenant',
    );
    if (BOT_FRAMEWORK_TOGETHER.some((k) => env[k])) {
      for (const k of BOT_FRAMEWORK_TOGETHER)
        need(
          !env[k],
          k,
          `required with ${BOT_FRAMEWORK_TOGETHER.filter((o) => env[o]).join(', ')}: botbuilder then uses only these settings and would refuse every activity`,
        );
    }
    if (typeof env.CHALLENGE_VALIDITY === 'number' && Array.isArray(env.WARN_BEFORE)) {
      const tooLate = env.WARN_BEFORE.filter((w) => w >= env.CHALLENGE_VALIDITY);
      need(
        tooLate.length > 0,
        'WARN_BEFORE',
        'every warning must come before the challenge expires (each offset shorter than CHALLENGE_VALIDITY)',
      );
    }
  });

/** Every variable camreset reads: the schema's keys, so the rules below cover a variable as soon as it is added there. */
export const KNOWN_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** Settings that mean something only to a Bot Framework app, i.e. with MicrosoftAppId. */
const TEAMS_SETTING = /^(TEAMS_|MicrosoftApp|ToBotFrom|ToChannelFromBot)/;

const isSet = (v: string | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Without MicrosoftAppId the Bot Framework side runs anonymously (local mode: the playground and
 * the Emulator), so a Teams setting beside it protects nothing and restricts nothing: an
 * operator who set one meant Teams to be on. Each one set is named, with the fix.
 */
function teamsWithoutAppId(env: NodeJS.ProcessEnv): string[] {
  if (isSet(env.MicrosoftAppId)) return [];
  return KNOWN_VARIABLES.filter((name) => name !== 'MicrosoftAppId' && TEAMS_SETTING.test(name) && isSet(env[name])).map(
    (name) =>
      `${name}: set without MicrosoftAppId, so Teams would run anonymously (unsigned activities, nobody's identity checked) and ${name} would not hold: set MicrosoftAppId and MicrosoftAppPassword from the Azure Bot resource, or unset ${name}`,
  );
}

/**
 * Names shorter than this are never taken for a misspelling: the ordinary environment of a
 * machine is full of short names one edit away from each other and from ours (HOME and HOST,
 * PORT, PATH, PWD, CI, TERM, USER). Longer names one edit from ours are misspellings of ours
 * (SLACK_SUPORT_CHANNEL, MicrosoftAppID, LOGLEVEL); the ordinary environment (PATH, HOSTNAME,
 * npm_*, CI and runner variables) comes nowhere near them, which test/config.test.ts checks
 * against the environment the tests run in.
 */
export const NEAR_MISS_MIN_LENGTH = 8;

/**
 * A variable set (non-empty) whose name is not one camreset reads but is one edit away from one
 * that it does (one letter inserted, deleted, replaced or two neighbours swapped, ignoring
 * letter case): the operator meant the known one, and as written it would be ignored.
 */
export function nearMisses(env: NodeJS.ProcessEnv, known: readonly string[] = KNOWN_VARIABLES): string[] {
  const names = new Set(known);
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (names.has(name) || !isSet(value) || name.length < NEAR_MISS_MIN_LENGTH) continue;
    const meant = known.filter((k) => k.length >= NEAR_MISS_MIN_LENGTH && withinOneEdit(name.toLowerCase(), k.toLowerCase()));
    if (!meant.length) continue;
    const caseOnly = meant.some((k) => k.toLowerCase() === name.toLowerCase());
    problems.push(
      `${name}: not a camreset variable, so this setting would be ignored: did you mean ${meant.join(' or ')}? Rename it${caseOnly ? ' (names are case-sensitive)' : ''}`,
    );
  }
  return problems;
}

/** Whether two strings are at most one edit apart: a letter inserted, deleted or replaced, or two neighbours swapped. */
function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > 1) return false;
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  if (i === b.length) return true;
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
  return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
}

function isUrl(s: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

export type Env = z.output<typeof schema>;

export interface Config {
  port: number;
  /** The address the HTTP server listens on; unset: every interface (Node's default). */
  host?: string;
  /** Serves /metrics on a port of its own; the public port then answers 404 for it. */
  metricsPort?: number;
  logLevel: string;
  settings: CoreSettings;
  /** Where Redis is: one server, a Sentinel-managed primary or a Cluster; unset: in memory. */
  redis?: RedisTarget;
  dataKey?: string;
  /** DATA_KEY_PREVIOUS: older data keys, read while stored data is re-encrypted under dataKey. */
  previousDataKeys: string[];
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    supportChannel?: string;
    supportUsergroup?: string;
    /** Least time between two posts to one channel (Slack allows about one a second). */
    postIntervalMs?: number;
  };
  teams: {
    appId?: string;
    appPassword?: string;
    appType?: string;
    tenantId?: string;
    supportChannel?: string;
    agents: string[];
    /** TEAMS_TENANT_ID: activities from other tenants are refused; empty: any tenant. */
    allowedTenants: string[];
    /** TEAMS_SERVICE_URL_ALLOWLIST: replaces Microsoft's Bot Framework hosts; empty: those hosts. */
    serviceUrlAllowlist: string[];
    /** botbuilder's own settings (BOT_FRAMEWORK_SETTINGS) as given. */
    botFramework: Record<string, string>;
  };
  playground: {
    enabled: boolean;
    timeScale: number;
    /**
     * PLAYGROUND=on (the only way to have it beside Slack or Teams): the playground answers
     * clients on this machine only. On by default without platforms, it answers anyone who
     * reaches the port (a container's published port): it has nothing real to show.
     */
    loopbackOnly: boolean;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `camreset cannot start: fix ${problems.length === 1 ? 'this environment variable' : 'these environment variables'} (see .env.example):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  // Every problem in one message: the values, then the settings that would mean something else.
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`)),
    ...teamsWithoutAppId(env),
    ...nearMisses(env),
  ];
  if (!parsed.success || problems.length) throw new ConfigError([...new Set(problems)]);
  const e = parsed.data;
  const settings: CoreSettings = {
    validityMs: e.CHALLENGE_VALIDITY,
    warnBeforeMs: e.WARN_BEFORE,
    idleCloseMs: e.REQUEST_IDLE_CLOSE,
    supportLanguage: e.SUPPORT_LANGUAGE ?? 'en',
  };
  if (e.BATCH_MAX) settings.batchMax = Number(e.BATCH_MAX);
  if (e.CHALLENGE_PAGE_HINT) settings.challengePageHint = e.CHALLENGE_PAGE_HINT;
  if (e.BOSCH_SUPPORT_EMAIL) settings.boschSupportEmail = e.BOSCH_SUPPORT_EMAIL;
  const platformsConfigured = !!e.SLACK_BOT_TOKEN || !!e.MicrosoftAppId;
  const config: Config = {
    port: e.PORT,
    logLevel: e.LOG_LEVEL ?? 'info',
    settings,
    teams: {
      agents: e.TEAMS_SUPPORT_AGENTS,
      allowedTenants: e.TEAMS_TENANT_ID,
      serviceUrlAllowlist: e.TEAMS_SERVICE_URL_ALLOWLIST,
      botFramework: {},
    },
    previousDataKeys: e.DATA_KEY_PREVIOUS,
    playground: {
      enabled: e.PLAYGROUND ? e.PLAYGROUND === 'on' : !platformsConfigured,
      timeScale: e.PLAYGROUND_TIME_SCALE ? Number(e.PLAYGROUND_TIME_SCALE) : 1,
      loopbackOnly: e.PLAYGROUND === 'on',
    },
  };
  if (e.HOST) config.host = e.HOST;
  if (e.METRICS_PORT) config.metricsPort = Number(e.METRICS_PORT);
  if (e.REDIS_URL) config.redis = { kind: 'url', url: e.REDIS_URL };
  const redisAuth = strip({ username: e.REDIS_USERNAME, password: e.REDIS_PASSWORD });
  if (e.REDIS_SENTINELS && e.REDIS_SENTINEL_NAME) {
    config.redis = {
      kind: 'sentinel',
      sentinels: e.REDIS_SENTINELS,
      name: e.REDIS_SENTINEL_NAME,
      ...redisAuth,
      ...strip({ sentinelPassword: e.REDIS_SENTINEL_PASSWORD }),
      tls: e.REDIS_TLS === 'on',
    };
  }
  if (e.REDIS_CLUSTER_NODES) config.redis = { kind: 'cluster', nodes: e.REDIS_CLUSTER_NODES, ...redisAuth, tls: e.REDIS_TLS === 'on' };
  if (e.DATA_KEY) config.dataKey = e.DATA_KEY;
  if (e.SLACK_BOT_TOKEN) {
    config.slack = strip({
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      supportChannel: e.SLACK_SUPPORT_CHANNEL,
      supportUsergroup: e.SLACK_SUPPORT_USERGROUP,
      postIntervalMs: e.SLACK_POST_INTERVAL_MS ? Number(e.SLACK_POST_INTERVAL_MS) : undefined,
    });
  }
  config.teams = strip({
    appId: e.MicrosoftAppId,
    appPassword: e.MicrosoftAppPassword,
    appType: e.MicrosoftAppType,
    tenantId: e.MicrosoftAppTenantId,
    supportChannel: e.TEAMS_SUPPORT_CHANNEL,
    agents: e.TEAMS_SUPPORT_AGENTS,
    allowedTenants: e.TEAMS_TENANT_ID,
    serviceUrlAllowlist: e.TEAMS_SERVICE_URL_ALLOWLIST,
    botFramework: strip(Object.fromEntries(BOT_FRAMEWORK_SETTINGS.map((k) => [k, e[k]]))),
  });
  return config;
}
