// Composition root as a function, so tests start exactly what production starts: config in,
// a running desk, drivers, platforms and HTTP server out.

import { LanguageBook } from './core/languages.js';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { Desk } from './core/desk.js';
import { type Clock, systemClock } from './core/ports.js';
import { createDrivers, createMemoryDrivers, type Drivers } from './drivers/index.js';
import { HttpServer } from './http/server.js';
import { Metrics } from './http/metrics.js';
import { AgentDirectories } from './platforms/agents.js';
import { FileRelay } from './platforms/files.js';
import type { PlatformContext, PlatformFactory, PlatformModule } from './platforms/contract.js';
import { NoticeRouter } from './platforms/router.js';
import { slackPlatform } from './platforms/slack/index.js';
import { teamsPlatform } from './platforms/teams/index.js';
import { createPlayground } from './platforms/playground/index.js';

// Each platform module decides from the config whether it is on; see src/platforms/*/index.ts.
// The playground is not among them: it is an app of its own, beside this one (see createApp).
const PLATFORMS: PlatformFactory[] = [slackPlatform, teamsPlatform];

/**
 * The sweep looks for messages of a replica that died (taken over within a few seconds) and
 * for messages that could not be delivered (tried again after 30 s); it reads only requests
 * with something pending, so running it every second costs little.
 */
const REDELIVERY_SWEEP_MS = 1000;
/** Each process says it is alive this often, for this long (RequestStore.markAlive). */
const LIVENESS_EVERY_MS = 500;
const LIVENESS_TTL_MS = 2000;

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** Redis key prefix; tests give each app its own. */
  prefix?: string;
  /** Defaults to every platform the product has. */
  platforms?: PlatformFactory[];
  /** The bot the playground's panes talk to, on the playground's own desk; by default the Teams bot. */
  playgroundBot?: PlatformFactory;
}

export interface App {
  desk: Desk;
  http: HttpServer;
  /** With METRICS_PORT: the server of /metrics (and health), apart from the public one. */
  metricsHttp?: HttpServer;
  /** The port /metrics is bound to once started (METRICS_PORT, or PORT without it). */
  readonly metricsPort: number | undefined;
  router: NoticeRouter;
  agents: AgentDirectories;
  durable: boolean;
  /** When the playground is on: its own app (memory drivers, its own clock), never this one's state. */
  playground?: App;
  /** Starts timers and the HTTP server; resolves to the bound port. */
  start(port?: number): Promise<number>;
  /** Graceful: stop taking requests, finish in-flight timer work, close connections. */
  stop(): Promise<void>;
}

export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const drivers = await createDrivers({
    redis: config.redis,
    prefix: options.prefix ?? 'camreset',
    dataKey: config.dataKey,
    previousDataKeys: config.previousDataKeys,
    clock,
    logger: options.logger,
  });
  return assemble(config, options, clock, drivers);
}

/** One desk on its drivers, its platforms and its HTTP server: the deployment's, or the playground's. */
async function assemble(config: Config, options: AppOptions, clock: Clock, drivers: Drivers): Promise<App> {
  const { logger } = options;
  const router = new NoticeRouter(logger);
  const agents = new AgentDirectories();
  const metrics = new Metrics(drivers.store);
  // This process among the replicas: its pid for an operator's eyes, and a random part.
  const replica = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const languages = new LanguageBook(drivers.keyValues);
  const desk = new Desk({
    replica,
    languages,
    store: drivers.store,
    reservations: drivers.reservations,
    timers: drivers.timers,
    clock,
    outbox: router,
    agents,
    settings: config.settings,
    logger,
    observer: metrics,
  });
  const files = new FileRelay({ desk, sides: router, logger });
  router.files = files;
  const ready = () => drivers.store.ping();
  const serveMetrics = () => metrics.render();
  // METRICS_PORT moves /metrics off the public port: the public server then has no /metrics.
  const separateMetrics = config.metricsPort !== undefined;
  const http = new HttpServer(separateMetrics ? { logger, ready } : { logger, ready, metrics: serveMetrics });
  const metricsHttp = separateMetrics ? new HttpServer({ logger, ready, metrics: serveMetrics }) : undefined;
  const platforms: PlatformModule[] = [];
  const ctx: PlatformContext = {
    config,
    desk,
    http,
    router,
    agents,
    keyValues: drivers.keyValues,
    reservations: drivers.reservations,
    clock,
    logger,
    metrics,
    files,
    languages,
  };
  for (const factory of options.platforms ?? PLATFORMS) {
    const platform = await factory(ctx);
    if (platform) platforms.push(platform);
  }
  // The playground gets an app of its own, built here like this one but always on memory
  // drivers and its own clock; only its page and Direct Line are mounted on this server.
  let playground: App | undefined;
  if (config.playground.enabled) {
    const module = await createPlayground({
      config,
      http,
      logger,
      bot: options.playgroundBot ?? teamsPlatform,
      isolate: async (own, ownClock, ownPlatforms) => {
        // Its lines say whose they are: "Teams runs in local mode" there is not the deployment's Teams.
        const ownLogger = logger.child({ app: 'playground' }, { msgPrefix: "playground's own app: " });
        const ownDrivers = createMemoryDrivers({ clock: ownClock, logger: ownLogger });
        return {
          app: await assemble(own, { logger: ownLogger, platforms: ownPlatforms }, ownClock, ownDrivers),
          reset: () => ownDrivers.clear(),
        };
      },
    });
    playground = module.app;
    platforms.push(module);
  }

  let started = false;
  let sweep: NodeJS.Timeout | undefined;
  let liveness: NodeJS.Timeout | undefined;
  let metricsPort: number | undefined;
  return {
    desk,
    http,
    ...(metricsHttp ? { metricsHttp } : {}),
    get metricsPort() {
      return metricsPort;
    },
    router,
    agents,
    durable: drivers.durable,
    ...(playground ? { playground } : {}),
    async start(port = config.port) {
      // Alive before anything is committed under this replica's name; renewed until stop.
      const beat = () => drivers.store.markAlive?.(replica, LIVENESS_TTL_MS).catch(() => undefined);
      await beat();
      liveness = setInterval(() => void beat(), LIVENESS_EVERY_MS);
      liveness.unref();
      // Platforms first: timers and redelivery may speak as soon as they run.
      for (const p of platforms) await p.start?.();
      await drivers.timers.start((job) => desk.onTimer(job));
      const recovered = await desk.recover();
      if (recovered) logger.info({ recovered }, 'timers of open requests re-armed');
      // Messages a crashed process committed but did not get out, or that could not be
      // delivered yet (ended requests too: their last words): now, then every second.
      const redelivered = await desk.redeliver();
      if (redelivered) logger.info({ redelivered }, 'undelivered messages sent');
      sweep = setInterval(() => {
        desk.redeliver().catch((err: unknown) => logger.warn({ err: String(err) }, 'redelivery sweep failed'));
      }, REDELIVERY_SWEEP_MS);
      sweep.unref();
      const bound = await http.listen(port, config.host);
      started = true;
      metricsPort = metricsHttp ? await metricsHttp.listen(config.metricsPort ?? 0, config.host) : bound;
      return bound;
    },
    async stop() {
      if (sweep) clearInterval(sweep);
      if (liveness) clearInterval(liveness);
      if (started) await Promise.all([http.close(), metricsHttp?.close()]);
      for (const p of platforms) await p.stop?.();
      await drivers.close();
    },
  };
}
