// The playground: a page at / with two Web Chat panes — a technician's 1:1 chat and the support
// channel — on an app of its own: its own desk on memory drivers, its own clock (which the page
// can speed up), and its own Teams bot in anonymous local mode, reached through a local Direct
// Line endpoint and a Bot Connector emulation on a port that listens on loopback only. Nothing
// here can see or change a request of the deployment's Slack or Teams. Without platforms it is
// on by default; PLAYGROUND=on (the only way beside Slack or Teams) keeps it to this machine.

import { LANGUAGE_NAMES, LOCALES } from '../../core/i18n/locale.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type Config, loadConfig } from '../../config.js';
import type { Desk } from '../../core/desk.js';
import { type HttpServer, type RouteHandler, type RouteOptions, send } from '../../http/server.js';
import { isLoopbackAddress, isLoopbackHostHeader } from '../../lib/loopback.js';
import type { PlatformFactory, PlatformModule } from '../contract.js';
import { PLAYGROUND_MAX_BODY_BYTES, PLAYGROUND_MAX_UPLOAD_BYTES, readPlaygroundJson } from './body.js';
import { ScaledClock } from './clock.js';
import { CONNECTOR_PREFIX, connectorHandler } from './connector.js';
import { DIRECT_LINE_PREFIX, directLineHandler } from './directline.js';
import { type BotLink, PlaygroundHub } from './hub.js';
import { DEFAULT_SUPPORT_CHANNEL } from './identities.js';
import { serveFile, servePage, STATIC_PATHS } from './page.js';

export { ScaledClock } from './clock.js';

/** The speed and Reset requests carry a few bytes of JSON. */
const SMALL_BODY = { maxBodyBytes: 4096 };

const Scale = z.object({ scale: z.number().min(1).max(3600) });

/** The speed the page asked for; undefined for anything but { "scale": 1..3600 }. */
export function parseScale(body: unknown): number | undefined {
  const parsed = Scale.safeParse(body);
  return parsed.success ? parsed.data.scale : undefined;
}

/**
 * The configuration of the playground's own app: that of a bot started with no environment at
 * all (no Slack, no Teams app id, no Redis), listening on loopback only, on any free port, with
 * the Support pane's channel as its Teams support channel and its people as the team. Only the
 * deployment's challenge rules (validity, warnings, page hint) and log level carry over.
 */
export function playgroundAppConfig(config: Config): Config {
  const bare = loadConfig({});
  return {
    ...bare,
    port: 0,
    host: '127.0.0.1',
    logLevel: config.logLevel,
    // Its own copy: the Support pane's language picker changes the playground's support language, never the deployment's.
    settings: { ...config.settings },
    teams: { ...bare.teams, supportChannel: DEFAULT_SUPPORT_CHANNEL },
    playground: { ...bare.playground, enabled: false },
  };
}

const SupportLanguage = z.object({ locale: z.enum(LOCALES) });

/** Slack or Teams credentials: there are real requests beside the playground. */
const realPlatforms = (config: Config): string[] => [...(config.slack ? ['Slack'] : []), ...(config.teams.appId ? ['Teams'] : [])];

/** What the playground needs of its own app, which the composition root builds: to run it, and its open requests. */
export interface OwnApp {
  desk: Pick<Desk, 'openRequests'>;
  /** Resolves to the port it listens on. */
  start(): Promise<number>;
  stop(): Promise<void>;
}

export interface PlaygroundOptions<A extends OwnApp> {
  /** The deployment's configuration: whether it is on, whom it answers, its speed. */
  config: Config;
  /** The deployment's server, where the page and Direct Line are served. */
  http: HttpServer;
  logger: Logger;
  /** The bot the panes talk to, wired onto the playground's own desk (the Teams bot). */
  bot: PlatformFactory;
  /**
   * Builds the playground's own app on memory drivers of its own with this clock (the composition
   * root does it), and how to forget everything in them (Reset).
   */
  isolate(config: Config, clock: ScaledClock, platforms: PlatformFactory[]): Promise<{ app: A; reset: () => Promise<void> }>;
}

export async function createPlayground<A extends OwnApp>(options: PlaygroundOptions<A>): Promise<PlatformModule & { app: A }> {
  const { config, http } = options;
  const log = options.logger.child({ platform: 'playground' });
  const beside = realPlatforms(config);
  // The same rule twice over: config turns it on for PLAYGROUND=on, and real platforms imply it.
  const loopbackOnly = config.playground.loopbackOnly || beside.length > 0;
  const clock = new ScaledClock({ scale: config.playground.timeScale });
  let ownPort = 0;
  const hub = new PlaygroundHub({ bot: ownBot(() => ownPort), clock, supportChannel: DEFAULT_SUPPORT_CHANNEL, logger: log });
  const connector: PlatformFactory = (ctx) => {
    ctx.http.mount(`${CONNECTOR_PREFIX}/`, connectorHandler(hub), { maxBodyBytes: PLAYGROUND_MAX_BODY_BYTES });
    return Promise.resolve({ name: 'playground-connector' });
  };
  const ownConfig = playgroundAppConfig(config);
  const { app: own, reset } = await options.isolate(ownConfig, clock, [options.bot, connector]);

  const guard = (handler: RouteHandler): RouteHandler =>
    loopbackOnly
      ? (...args) => (fromThisMachine(args[0]) ? handler(...args) : refuseRemote(args[1], listeningPort(http, config)))
      : handler;
  const route = (method: string, path: string, handler: RouteHandler, options?: RouteOptions) =>
    http.route(method, path, guard(handler), options);

  route('GET', '/', (_req, res) => servePage(res));
  for (const path of STATIC_PATHS) {
    route('GET', path, async (_req, res) => {
      if (!(await serveFile(path, res))) send(res, 404, { error: 'not found' });
    });
  }
  route('GET', '/playground/session', async (_req, res) =>
    send(res, 200, {
      panes: await hub.session(),
      adjustable: true,
      languages: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
      supportLanguage: ownConfig.settings.supportLanguage,
    }),
  );
  // The Support pane's language picker: the playground's one support channel reads in it from the next card
  // update on (SUPPORT_LANGUAGE of a deployment); the agent's own replies follow the pane's Web Chat locale.
  route(
    'POST',
    '/playground/support-language',
    async (req, res, raw) => {
      const body = await readPlaygroundJson(req, raw);
      const wanted = body.ok ? SupportLanguage.safeParse(body.value) : undefined;
      if (!wanted?.success) return send(res, 400, { error: `expected { "locale": one of ${LOCALES.join(', ')} }` });
      ownConfig.settings.supportLanguage = wanted.data.locale;
      log.info({ locale: wanted.data.locale }, 'playground: support language changed');
      return send(res, 200, { supportLanguage: wanted.data.locale });
    },
    SMALL_BODY,
  );
  route('GET', '/playground/status', async (_req, res) => send(res, 200, await status(own, clock)));
  route(
    'POST',
    '/playground/time-scale',
    async (req, res, raw) => {
      const body = await readPlaygroundJson(req, raw);
      const scale = body.ok ? parseScale(body.value) : undefined;
      if (scale === undefined) return send(res, 400, { error: 'expected { "scale": 1..3600 }' });
      clock.setScale(scale);
      log.info({ scale }, 'playground: time scale changed');
      return send(res, 200, await status(own, clock));
    },
    SMALL_BODY,
  );
  route(
    'POST',
    '/playground/reset',
    async (req, res, raw) => {
      const body = await readPlaygroundJson(req, raw);
      if (!body.ok) return send(res, body.status, { error: body.reason });
      await reset();
      hub.reset();
      log.info('playground: state cleared');
      return send(res, 200, { reset: true });
    },
    SMALL_BODY,
  );
  // Uploads carry files; every JSON body is still held to PLAYGROUND_MAX_BODY_BYTES by the handler.
  http.mount(`${DIRECT_LINE_PREFIX}/`, guard(directLineHandler(hub, log)), { maxBodyBytes: PLAYGROUND_MAX_UPLOAD_BYTES });

  if (beside.length) {
    log.warn(
      { beside, loopbackOnly },
      `PLAYGROUND=on beside ${beside.join(' and ')}: the playground runs on its own in-memory desk and clock, cannot see or change their requests, and answers only clients on this machine (loopback)`,
    );
  }
  http.server.once('listening', () => {
    const port = listeningPort(http, config);
    log.info(
      { url: `http://localhost:${port}/`, loopbackOnly },
      `playground: open http://localhost:${port}/ — a Technician chat and a Support channel chat on a desk of their own${loopbackOnly ? ', for this machine only' : ''}`,
    );
  });

  return {
    name: 'playground',
    app: own,
    async start() {
      ownPort = await own.start();
    },
    stop: () => own.stop(),
  };
}

async function status(own: OwnApp, clock: ScaledClock) {
  const open = await own.desk.openRequests();
  return {
    now: clock.now(),
    scale: clock.scale,
    adjustable: true,
    requests: open.map((r) => ({ id: r.id, state: r.state, expiresAt: r.challenge?.expiresAt ?? null })),
  };
}

/**
 * A client on this machine, asking for this machine: a loopback peer, a loopback Host (a page of
 * another site that points its name at 127.0.0.1 sends its own), and no proxy header (a
 * reverse proxy on this machine would make every client look local).
 */
export function fromThisMachine(req: IncomingMessage): boolean {
  const h = req.headers;
  const proxied = h.forwarded !== undefined || h['x-forwarded-for'] !== undefined || h['x-real-ip'] !== undefined;
  return isLoopbackAddress(req.socket.remoteAddress) && isLoopbackHostHeader(h.host) && !proxied;
}

function refuseRemote(res: ServerResponse, port: number): void {
  send(res, 403, { error: `the playground answers only on the machine it runs on (PLAYGROUND=on): open http://localhost:${port}/ there` });
}

function listeningPort(http: HttpServer, config: Config): number {
  const address = http.server.address();
  return address && typeof address === 'object' ? address.port : config.port;
}

/** The playground's own bot, reached over HTTP on its loopback-only port, exactly as Teams reaches a bot. */
function ownBot(port: () => number): BotLink {
  const base = () => {
    if (!port()) throw new Error('the playground app is not listening yet');
    return `http://127.0.0.1:${port()}`;
  };
  return {
    serviceUrl: () => `${base()}${CONNECTOR_PREFIX}/`,
    async send(activity) {
      const res = await fetch(`${base()}/api/messages`, {
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
