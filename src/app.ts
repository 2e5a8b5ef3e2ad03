// Composition root as a function, so tests start exactly what production starts: config in,
// a running desk, drivers, platforms and HTTP server out.

import type { Logger } from 'pino';
import type { Config } from './config.js';
import { Desk } from './core/desk.js';
import { type Clock, systemClock } from './core/ports.js';
import { createDrivers } from './drivers/index.js';
import { HttpServer } from './http/server.js';
import { AgentDirectories } from './platforms/agents.js';
import { NoticeRouter } from './platforms/router.js';

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** Redis key prefix; tests give each app its own. */
  prefix?: string;
}

export interface App {
  desk: Desk;
  http: HttpServer;
  router: NoticeRouter;
  agents: AgentDirectories;
  durable: boolean;
  /** Starts timers and the HTTP server; resolves to the bound port. */
  start(port?: number): Promise<number>;
  /** Graceful: stop taking requests, finish in-flight timer work, close connections. */
  stop(): Promise<void>;
}

/** What a platform adds to the app: its routes and surfaces are registered in `attach`. */
export interface PlatformModule {
  name: string;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const drivers = await createDrivers({
    redisUrl: config.redisUrl,
    prefix: options.prefix ?? 'camreset',
    dataKey: config.dataKey,
    clock,
    timeScale: config.playground.enabled ? config.playground.timeScale : 1,
    logger,
  });
  const router = new NoticeRouter(logger);
  const agents = new AgentDirectories();
  const desk = new Desk({
    store: drivers.store,
    timers: drivers.timers,
    clock,
    outbox: router,
    agents,
    settings: config.settings,
    logger,
  });
  const http = new HttpServer({ logger, ready: () => drivers.store.ping() });
  const platforms: PlatformModule[] = [];

  let started = false;
  return {
    desk,
    http,
    router,
    agents,
    durable: drivers.durable,
    async start(port = config.port) {
      await drivers.timers.start((job) => desk.onTimer(job));
      for (const p of platforms) await p.start?.();
      const bound = await http.listen(port);
      started = true;
      return bound;
    },
    async stop() {
      if (started) await http.close();
      for (const p of platforms) await p.stop?.();
      await drivers.close();
    },
  };
}
