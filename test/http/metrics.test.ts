// /metrics from counts kept as requests change: the open-requests gauge follows a Slack story
// on every driver, a scrape reads (and decrypts) no request, replicas and restarts agree, and
// METRICS_PORT moves /metrics off the public port.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { MemoryStore } from '../../src/drivers/memory/store.js';
import { RedisStore } from '../../src/drivers/redis/store.js';
import { createLogger } from '../../src/logger.js';
import { AGENT, CODE, describeDrivers, SlackWorld } from '../support/slack/harness.js';

const logger = createLogger('silent');

/** The open-requests gauge as Prometheus would scrape it: state -> value (zeros included). */
async function scrapeOpen(port: number): Promise<Record<string, number>> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).not.toContain(CODE);
  return Object.fromEntries([...text.matchAll(/^camreset_requests\{state="(\w+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

const open = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

let world: SlackWorld | undefined;
let app: App | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await world?.stop();
  await app?.stop();
  world = app = undefined;
});

describeDrivers('the open-requests gauge', (driver) => {
  it('follows a request through its states, and a scrape reads no request', async () => {
    world = await SlackWorld.start({ driver });
    const w = world;
    // Whatever reads requests (and, on Redis, decrypts them): none of it may run on a scrape.
    const readers = [
      ...(['listOpen', 'listAll', 'get'] as const).flatMap((m) => [vi.spyOn(MemoryStore.prototype, m), vi.spyOn(RedisStore.prototype, m)]),
      vi.spyOn(RedisStore.prototype as unknown as { decode: () => unknown }, 'decode'),
    ];
    const scrape = async () => {
      // Let the work after each ack (its posts, its store writes) finish first.
      await w.fake.quiet(150);
      for (const r of readers) r.mockClear();
      const counts = await scrapeOpen(w.port);
      for (const r of readers) expect(r).not.toHaveBeenCalled();
      return open(counts);
    };
    expect(await scrape()).toEqual({});
    const first = await w.begin();
    expect(await scrape()).toEqual({ collecting: 1 });
    const second = await w.submitted();
    expect(await scrape()).toEqual({ collecting: 1, awaiting_support: 1 });
    await w.clickCard(second.card, 'claim', AGENT);
    await w.cardWhen(second, /Handled by <@UAGENT1>/);
    expect(await scrape()).toEqual({ collecting: 1, claimed: 1 });
    await w.slack.command({ user: first.user, channel: first.channel, text: `cancel ${first.id}` });
    await w.reply(first, /is cancelled/);
    expect(await scrape()).toEqual({ claimed: 1 });
  }, 30_000);

  if (driver === 'redis') {
    it('is the same on every replica and after a restart', async () => {
      world = await SlackWorld.start({ driver });
      await world.submitted();
      await world.begin();
      const replica = await world.replica();
      expect(open(await scrapeOpen((replica.app.http.server.address() as { port: number }).port))).toEqual({
        collecting: 1,
        awaiting_support: 1,
      });
      await world.restart();
      expect(open(await scrapeOpen(world.port))).toEqual({ collecting: 1, awaiting_support: 1 });
    }, 30_000);
  }
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own port only; the public port answers 404 for it', async () => {
    app = await createApp(loadConfig({ PLAYGROUND: 'off', METRICS_PORT: '0' }), { logger, platforms: [] });
    const port = await app.start(0);
    const metricsPort = app.metricsPort!;
    expect(metricsPort).not.toBe(port);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/camreset_requests\{state="collecting"\} 0/);
  });

  it('stops the start when it is not a port, or is the public port', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
    };
    expect(message({ METRICS_PORT: 'nine' })).toMatch(/METRICS_PORT: expected a port number/);
    expect(message({ PORT: '3000', METRICS_PORT: '3000' })).toMatch(/METRICS_PORT: must differ from PORT/);
    expect(loadConfig({ METRICS_PORT: '9100' }).metricsPort).toBe(9100);
    expect(loadConfig({}).metricsPort).toBeUndefined();
  });
});
