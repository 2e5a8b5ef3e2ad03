import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { SLACK_CLIENT_POLICY } from '../../../src/platforms/slack/index.js';
import { SlackFake } from '../../support/slack/fake.js';

describe('Slack wiring', () => {
  let app: App | undefined;
  let fake: SlackFake | undefined;
  afterEach(async () => {
    await app?.stop();
    await fake?.close();
    app = fake = undefined;
  });

  const post = async (port: number) => (await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' })).status;

  it('mounts POST /slack/events in the one HTTP server only in HTTP mode', async () => {
    fake = await SlackFake.start();
    app = await createApp(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-t', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.url, PLAYGROUND: 'off' }),
      { logger: createLogger('silent') },
    );
    const port = await app.start(0);
    expect(await post(port)).toBe(401);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('runs in Socket Mode, with no HTTP endpoint, when SLACK_APP_TOKEN is set', async () => {
    fake = await SlackFake.start();
    app = await createApp(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-t', SLACK_APP_TOKEN: 'xapp-1-t', SLACK_API_URL: fake.url, PLAYGROUND: 'off' }),
      { logger: createLogger('silent') },
    );
    const port = await app.http.listen(0);
    expect(await post(port)).toBe(404);
    await app.http.close();
  });

  it('leaves Slack off without SLACK_BOT_TOKEN', async () => {
    app = await createApp(loadConfig({ PLAYGROUND: 'off' }), { logger: createLogger('silent') });
    const port = await app.start(0);
    expect(await post(port)).toBe(404);
  });

  it('gives up on Slack within minutes, not the client default of half an hour', () => {
    const { retries, factor, minTimeout, maxTimeout } = SLACK_CLIENT_POLICY.retryConfig;
    let backoff = 0;
    for (let i = 0; i < retries; i++) backoff += Math.min(maxTimeout, minTimeout * factor ** i) * 2; // randomize: up to 2x
    const worst = backoff + (retries + 1) * SLACK_CLIENT_POLICY.timeout;
    expect(worst).toBeLessThan(5 * 60_000);
  });
});
