// The playground: with no Slack or Teams credentials (or PLAYGROUND=on), the bot serves a page
// at / with two Web Chat panes — a technician's 1:1 chat and the support channel — talking to
// the bot's real Teams path through a local Direct Line endpoint and a Bot Connector emulation.
// Also the challenge clock's speed control, the deadline read-out and Reset.

import { z } from 'zod';
import type { PlatformContext, PlatformFactory } from '../../app.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../core/ports.js';
import { send } from '../../http/server.js';
import { readJsonObject } from './body.js';
import { ScaledClock } from './clock.js';
import { CONNECTOR_PREFIX, connectorHandler } from './connector.js';
import { DIRECT_LINE_PREFIX, directLineHandler } from './directline.js';
import { type BotLink, PlaygroundHub } from './hub.js';
import { DEFAULT_SUPPORT_CHANNEL, playgroundConfig } from './identities.js';
import { serveFile, servePage, STATIC_PATHS } from './page.js';

export { ScaledClock } from './clock.js';
export { playgroundConfig } from './identities.js';

/**
 * What main (and the tests) start the app with in playground mode: the config with the
 * playground's Teams defaults, and a clock that runs at PLAYGROUND_TIME_SCALE and can be
 * sped up from the page. Outside playground mode: the config as is and the system clock.
 */
export function playgroundSetup(config: Config): { config: Config; clock?: ScaledClock } {
  if (!config.playground.enabled) return { config };
  return { config: playgroundConfig(config), clock: new ScaledClock({ scale: config.playground.timeScale }) };
}

const Scale = z.object({ scale: z.number().min(1).max(3600) });

/** The speed the page asked for; undefined for anything but { "scale": 1..3600 }. */
export function parseScale(body: unknown): number | undefined {
  const parsed = Scale.safeParse(body);
  return parsed.success ? parsed.data.scale : undefined;
}

export const playgroundPlatform: PlatformFactory = async (ctx) => {
  const { config } = ctx;
  if (!config.playground.enabled) return undefined;
  const log = ctx.logger.child({ platform: 'playground' });
  if (config.teams.appId) {
    log.error('PLAYGROUND=on is ignored: the playground talks to the Teams bot anonymously, which MicrosoftAppId forbids; unset MicrosoftAppId to use it');
    return undefined;
  }
  const supportChannel = config.teams.supportChannel ?? DEFAULT_SUPPORT_CHANNEL;
  const hub = new PlaygroundHub({ bot: selfLink(ctx), clock: ctx.clock, supportChannel, logger: log });
  const scaled = ctx.clock instanceof ScaledClock ? ctx.clock : undefined;
  // A live speed change and Reset need the embedded drivers: BullMQ delays are fixed when scheduled.
  const adjustable = !!scaled && !!ctx.resetState;

  ctx.http.route('GET', '/', (_req, res) => servePage(res));
  for (const path of STATIC_PATHS) {
    ctx.http.route('GET', path, async (_req, res) => {
      if (!(await serveFile(path, res))) send(res, 404, { error: 'not found' });
    });
  }
  ctx.http.route('GET', '/playground/session', async (_req, res) => send(res, 200, { panes: await hub.session(), adjustable }));
  ctx.http.route('GET', '/playground/status', async (_req, res) => send(res, 200, await status(ctx, ctx.clock, scaled, adjustable)));
  ctx.http.route('POST', '/playground/time-scale', async (req, res) => {
    const body = await readJsonObject(req);
    const scale = body.ok ? parseScale(body.value) : undefined;
    if (scale === undefined) return send(res, 400, { error: 'expected { "scale": 1..3600 }' });
    if (!adjustable || !scaled) return send(res, 409, { error: 'the speed can only change with the in-memory store (REDIS_URL unset)' });
    scaled.setScale(scale);
    log.info({ scale }, 'playground: time scale changed');
    return send(res, 200, await status(ctx, ctx.clock, scaled, adjustable));
  });
  ctx.http.route('POST', '/playground/reset', async (req, res) => {
    const body = await readJsonObject(req);
    if (!body.ok) return send(res, body.status, { error: body.reason });
    if (!ctx.resetState) return send(res, 409, { error: 'Reset clears the in-memory store only; with REDIS_URL set, nothing was cleared' });
    await ctx.resetState();
    hub.reset();
    log.info('playground: state cleared');
    return send(res, 200, { reset: true });
  });
  ctx.http.mount(`${DIRECT_LINE_PREFIX}/`, directLineHandler(hub, log));
  ctx.http.mount(`${CONNECTOR_PREFIX}/`, connectorHandler(hub));
  ctx.http.server.once('listening', () => {
    const port = listeningPort(ctx);
    log.info({ url: `http://localhost:${port}/` }, `playground: open http://localhost:${port}/ — a Technician chat and a Support channel chat on this machine (no Slack or Teams needed)`);
  });
  return { name: 'playground' };
};

async function status(ctx: PlatformContext, clock: Clock, scaled: ScaledClock | undefined, adjustable: boolean) {
  const open = await ctx.desk.openRequests();
  return {
    now: clock.now(),
    scale: scaled?.scale ?? 1,
    adjustable,
    requests: open.map((r) => ({ id: r.id, state: r.state, expiresAt: r.challenge?.expiresAt ?? null })),
  };
}

function listeningPort(ctx: PlatformContext): number {
  const address = ctx.http.server.address();
  if (!address || typeof address !== 'object') throw new Error('the HTTP server is not listening');
  return address.port;
}

/** The bot, reached over HTTP on its own port, exactly as Teams reaches it. */
function selfLink(ctx: PlatformContext): BotLink {
  return {
    serviceUrl: () => `http://127.0.0.1:${listeningPort(ctx)}${CONNECTOR_PREFIX}/`,
    async send(activity) {
      const res = await fetch(`http://127.0.0.1:${listeningPort(ctx)}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      return { status: res.status, body };
    },
  };
}
