import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('configuration', () => {
  it('runs with no environment at all: in-memory state, 60-minute window, warnings at 15 and 5 minutes', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.redisUrl).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.settings).toEqual({ validityMs: 3_600_000, warnBeforeMs: [900_000, 300_000] });
  });

  it('reads durations written as 90s, 15m or 1h', () => {
    const c = loadConfig({ CHALLENGE_VALIDITY: '1h', WARN_BEFORE: '5m, 90s,15m' });
    expect(c.settings.validityMs).toBe(3_600_000);
    expect(c.settings.warnBeforeMs).toEqual([900_000, 300_000, 90_000]);
  });

  it('names every variable at fault in one message, with what it expects', () => {
    const problems = problemsOf({ CHALLENGE_VALIDITY: 'abc', REDIS_URL: 'notaurl', PORT: 'eighty' });
    expect(problems.some((p) => p.startsWith('CHALLENGE_VALIDITY:') && /90s, 15m or 1h/.test(p))).toBe(true);
    expect(problems.some((p) => p.startsWith('REDIS_URL:') && /redis:\/\//.test(p))).toBe(true);
    expect(problems.some((p) => p.startsWith('PORT:'))).toBe(true);
    const message = new ConfigError(problems).message;
    expect(message.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(3);
  });

  it('requires DATA_KEY with REDIS_URL, and a real 32-byte key', () => {
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([expect.stringMatching(/^DATA_KEY: required with REDIS_URL/)]);
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', DATA_KEY: 'c2hvcnQ=' })[0]).toMatch(/^DATA_KEY: expected 32 random bytes/);
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', DATA_KEY: Buffer.alloc(32, 7).toString('base64') })).toEqual([]);
  });

  it('refuses warnings that would come after the challenge expires', () => {
    expect(problemsOf({ CHALLENGE_VALIDITY: '10m', WARN_BEFORE: '15m,5m' })[0]).toMatch(/^WARN_BEFORE:/);
  });

  it('needs the Slack signing secret with a bot token (HTTP mode), but not in Socket Mode', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/^SLACK_SIGNING_SECRET:/);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' })[0]).toMatch(/^SLACK_BOT_TOKEN: expected a bot token/);
  });

  it("paces Slack posts at Slack's one a second per channel unless told otherwise, and refuses a pace that is not whole milliseconds", () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(loadConfig(slack).slack?.postIntervalMs).toBeUndefined();
    expect(loadConfig({ ...slack, SLACK_POST_INTERVAL_MS: '250' }).slack?.postIntervalMs).toBe(250);
    for (const bad of ['-1', '1.5', 'fast', '60000']) expect(problemsOf({ ...slack, SLACK_POST_INTERVAL_MS: bad })[0]).toMatch(/^SLACK_POST_INTERVAL_MS: expected whole milliseconds/);
  });

  it('needs the app password with a Microsoft app id', () => {
    expect(problemsOf({ MicrosoftAppId: 'abc' })[0]).toMatch(/^MicrosoftAppPassword:/);
    expect(problemsOf({ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' })[0]).toMatch(/^MicrosoftAppTenantId:/);
  });

  it('turns the playground on only when no platform is configured, unless asked', () => {
    expect(loadConfig({}).playground.enabled).toBe(true);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).playground.enabled).toBe(false);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PLAYGROUND: 'on' }).playground.enabled).toBe(true);
  });
});
