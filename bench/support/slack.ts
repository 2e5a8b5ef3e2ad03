// The apps of the Slack benchmarks: the real camreset app on the Slack fake (as the e2e harness
// starts it, minus vitest) and a bare Bolt app for comparison.

import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App as BoltApp, HTTPReceiver, LogLevel } from '@slack/bolt';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { AGENTS_GROUP, BOT_TOKEN, SIGNING_SECRET, SUPPORT } from './slack-fake.js';

export * from './slack-fake.js';

/** The real app, silent, on the fake (memory driver unless extraEnv sets REDIS_URL); resolves with its /slack/events URL and its Redis key prefix. */
export async function startCamreset(
  fake: { url: string },
  extraEnv: Record<string, string> = {},
): Promise<{ app: App; url: string; prefix: string }> {
  const env: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    SLACK_SUPPORT_CHANNEL: SUPPORT,
    SLACK_SUPPORT_USERGROUP: AGENTS_GROUP,
    PLAYGROUND: 'off',
    ...extraEnv,
  };
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const app = await createApp(loadConfig(env), { logger: createLogger('silent'), prefix });
  const port = await app.start(0);
  return { app, url: `http://127.0.0.1:${port}/slack/events`, prefix };
}

/** Bolt 4 with an HTTPReceiver and a /camreset handler that only acks: the floor to compare with. */
export async function startBareBolt(fake: { url: string }): Promise<{ stop: () => Promise<void>; url: string }> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new BoltApp({
    token: BOT_TOKEN,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.url },
    deferInitialization: true,
  });
  app.command('/camreset', async ({ ack }) => {
    await ack();
  });
  await app.init();
  const server = (await app.start(0)) as Server;
  // Same keep-alive as camreset's HttpServer, so neither side pays for reconnects.
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  return { stop: () => app.stop() as Promise<void>, url: `http://127.0.0.1:${port}/slack/events` };
}
