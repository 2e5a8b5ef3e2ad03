// Slack in Socket Mode, end to end: the real app started with SLACK_APP_TOKEN (as the Socket Mode
// steps of manifests/slack/README.md say) connects to the Socket Mode fake, and the same story
// the HTTP suites tell (story.ts) arrives as envelopes on that WebSocket: /camreset, the answers
// in the thread, the clicks, the PUK form and the PUK's DM. Every envelope must be acknowledged
// within Slack's 3 s (the world fails the test otherwise); Slack's refreshes, a dropped socket and
// an outage of apps.connections.open in the middle of a request lose nothing and repeat nothing.

// The stories are in test/support/slack/socket-mode-stories.ts; here on the memory driver, on Redis
// in socket-mode-redis.test.ts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { socketModeRetryPolicy } from '../../../src/platforms/slack/index.js';
import { SOCKET_MODE_ENV, SUPPORT } from '../../support/slack/harness.js';
import { SOCKET_APP_TOKEN } from '../../support/slack/socket.js';
import { socketModeStories } from '../../support/slack/socket-mode-stories.js';

describe('Slack in Socket Mode · memory', () => socketModeStories('memory'));

describe('Socket Mode reconnects', () => {
  it("for at least a challenge's validity before giving up, with quick first tries", () => {
    for (const validityMs of [60 * 60_000, 10 * 60_000, 3 * 60 * 60_000]) {
      const policy = socketModeRetryPolicy(validityMs);
      // Randomising multiplies each delay by 1 to 2: the shortest schedule is the plain one.
      let total = 0;
      for (let i = 0; i < policy.retries!; i++) total += Math.min(policy.minTimeout! * policy.factor! ** i, policy.maxTimeout!);
      expect(total).toBeGreaterThanOrEqual(validityMs);
      expect(policy.retries!).toBeGreaterThan(5);
      expect(policy.minTimeout!).toBeLessThanOrEqual(1000);
      expect(policy.maxTimeout!).toBeLessThanOrEqual(60_000);
    }
  });
});

describe('manifests/slack/README.md › Socket Mode', () => {
  const readme = readFileSync(new URL('../../../manifests/slack/README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Socket Mode'), readme.indexOf('\n## ', readme.indexOf('\n## Socket Mode') + 1));

  it('names the variables this suite sets and no others, and leaves out the signing secret as the suite does', () => {
    // Test plumbing, not setup: where the fake Slack is, and the fake's unpaced posting.
    const plumbing = new Set(['SLACK_API_URL', 'SLACK_POST_INTERVAL_MS']);
    const told = new Set([...section.matchAll(/`(SLACK_[A-Z_]+)`/g)].map((m) => m[1]!));
    const world = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SUPPORT_CHANNEL: SUPPORT,
      SLACK_SUPPORT_USERGROUP: 'SAGENTS',
      ...SOCKET_MODE_ENV,
    };
    const set = Object.entries(world)
      .filter(([k, v]) => v !== '' && !plumbing.has(k))
      .map(([k]) => k);
    for (const name of set) expect(told, `${name} is in the Socket Mode steps`).toContain(name);
    expect(SOCKET_MODE_ENV.SLACK_SIGNING_SECRET).toBe('');
    expect(section).toMatch(/`SLACK_SIGNING_SECRET` may be set too; Socket Mode does not\s+need it/);
    expect(section).toMatch(/`connections:write`/);
    expect(SOCKET_APP_TOKEN.startsWith('xapp-')).toBe(true);
    expect(section).toContain('`xapp-…`');
  });

  it('turns Socket Mode on in the manifest the way the manifest has the setting', () => {
    expect(section).toMatch(/set `socket_mode_enabled: true` under `settings`/);
    const manifest = parse(readFileSync(new URL('../../../manifests/slack/manifest.yml', import.meta.url), 'utf8')) as {
      settings: Record<string, unknown>;
    };
    expect(manifest.settings).toHaveProperty('socket_mode_enabled');
  });
});
