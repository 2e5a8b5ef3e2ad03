// The environment of SPEC section 7, parsed once at start. This is the only place that reads
// process.env; a bad or missing value stops the process with one message naming every
// variable at fault and what it expects.

import { isIP } from 'node:net';
import { z } from 'zod';
import { parseDuration, parseDurationList } from './core/deadlines.js';
import type { CoreSettings } from './core/settings.js';
import { isLoopbackHost } from './lib/loopback.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

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
    HOST: optionalText.refine((s) => !s || isIP(s) !== 0 || /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i.test(s), 'expected an address to listen on, like 127.0.0.1, ::1, 0.0.0.0 or localhost'),
    SLACK_BOT_TOKEN: optionalText.refine((s) => !s || s.startsWith('xoxb-'), 'expected a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine((s) => !s || s.startsWith('xapp-'), 'expected an app-level token starting with xapp-'),
    SLACK_API_URL: optionalText.refine((s) => !s || isUrl(s, ['http:', 'https:']), 'expected an http(s) URL like https://slack.com/api/'),
    SLACK_SUPPORT_CHANNEL: optionalText,
    SLACK_SUPPORT_USERGROUP: optionalText,
    SLACK_POST_INTERVAL_MS: optionalText.refine((s) => !s || (/^\d+$/.test(s) && Number(s) <= 10_000), 'expected whole milliseconds from 0 to 10000 (Slack: 1000)'),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: optionalText.refine(
      (s) => !s || ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(s),
      'expected MultiTenant, SingleTenant or UserAssignedMSI',
    ),
    MicrosoftAppTenantId: optionalText,
    TEAMS_SUPPORT_CHANNEL: optionalText,
    TEAMS_SUPPORT_AGENTS: optionalText.transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [])),
    REDIS_URL: optionalText.refine((s) => !s || isUrl(s, ['redis:', 'rediss:']), 'expected a Redis URL like redis://127.0.0.1:6379'),
    DATA_KEY: optionalText.refine(
      (s) => !s || Buffer.from(s, 'base64').length === 32,
      'expected 32 random bytes in base64 (make one with: openssl rand -base64 32)',
    ),
    DATA_KEY_PREVIOUS: optionalText
      .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
      .refine((keys) => keys.every((k) => Buffer.from(k, 'base64').length === 32), 'expected older DATA_KEYs, comma-separated, each 32 bytes in base64'),
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
    need(!!env.REDIS_URL && !env.DATA_KEY, 'DATA_KEY', 'required with REDIS_URL: 32 random bytes in base64 (openssl rand -base64 32)');
    need(env.DATA_KEY_PREVIOUS.length > 0 && !env.DATA_KEY, 'DATA_KEY_PREVIOUS', 'only means something beside DATA_KEY (the key to re-encrypt under)');
    const slack = !!env.SLACK_BOT_TOKEN;
    need(slack && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN, 'SLACK_SIGNING_SECRET', 'required with SLACK_BOT_TOKEN (from the app\'s Basic Information page)');
    need(!slack && !!(env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN), 'SLACK_BOT_TOKEN', 'required when other SLACK_ variables are set (xoxb-...)');
    need(!!env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI', 'MicrosoftAppPassword', 'required with MicrosoftAppId');
    need(env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId, 'MicrosoftAppTenantId', 'required with MicrosoftAppType=SingleTenant');
    if (typeof env.CHALLENGE_VALIDITY === 'number' && Array.isArray(env.WARN_BEFORE)) {
      const tooLate = env.WARN_BEFORE.filter((w) => w >= env.CHALLENGE_VALIDITY);
      need(tooLate.length > 0, 'WARN_BEFORE', 'every warning must come before the challenge expires (each offset shorter than CHALLENGE_VALIDITY)');
    }
  });

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
  logLevel: string;
  settings: CoreSettings;
  redisUrl?: string;
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
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`);
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  const settings: CoreSettings = { validityMs: e.CHALLENGE_VALIDITY, warnBeforeMs: e.WARN_BEFORE };
  if (e.CHALLENGE_PAGE_HINT) settings.challengePageHint = e.CHALLENGE_PAGE_HINT;
  const platformsConfigured = !!e.SLACK_BOT_TOKEN || !!e.MicrosoftAppId;
  const config: Config = {
    port: e.PORT,
    logLevel: e.LOG_LEVEL ?? 'info',
    settings,
    previousDataKeys: e.DATA_KEY_PREVIOUS,
    teams: { agents: e.TEAMS_SUPPORT_AGENTS },
    playground: {
      enabled: e.PLAYGROUND ? e.PLAYGROUND === 'on' : !platformsConfigured,
      timeScale: e.PLAYGROUND_TIME_SCALE ? Number(e.PLAYGROUND_TIME_SCALE) : 1,
      loopbackOnly: e.PLAYGROUND === 'on',
    },
  };
  if (e.HOST) config.host = e.HOST;
  if (e.REDIS_URL) config.redisUrl = e.REDIS_URL;
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
  });
  return config;
}

/** Drops undefined members so optional properties stay truly absent. */
function strip<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
