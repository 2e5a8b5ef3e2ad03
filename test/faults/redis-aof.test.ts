// Redis killed outright (SIGKILL: no shutdown save, no final AOF rewrite) and started again on
// the same append-only file. With appendfsync always every write Redis acknowledged is on disk,
// so every request (its code still decrypts), every pending timer job and the last change made
// just before the kill come back, and the warnings then fire once each.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, expect } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { ResetRequest } from '../../src/core/request.js';
import { createLogger } from '../../src/logger.js';
import { CODE, DETAILS, agent, tech } from '../support/desk.js';
import { RedisServer, itWithRedisServer, sleep } from '../support/faults/bot.js';
import { describeRedis } from '../support/redis.js';
import { RecordingSurface } from '../support/surface.js';

const REQUESTS = 20;
const PREFIX = 'aof';

describeRedis('Redis restarted after SIGKILL, with AOF', () => {
  let redis: RedisServer | undefined;
  let app: App | undefined;
  let client: Redis | undefined;
  afterAll(async () => {
    await app?.stop().catch(() => undefined);
    client?.disconnect();
    await redis?.stop();
  });

  itWithRedisServer(
    'loses nothing: every request with its code, every timer job, the last change; then each warning fires once',
    async () => {
      redis = await RedisServer.start();
      const config = loadConfig({
        REDIS_URL: redis.url,
        DATA_KEY: randomBytes(32).toString('base64'),
        CHALLENGE_VALIDITY: '20s',
        WARN_BEFORE: '12s,6s',
      });
      const surface = new RecordingSurface();
      app = await createApp(config, { logger: createLogger('silent'), prefix: PREFIX, platforms: [] });
      app.router.add(surface);
      app.agents.set('slack', { isAgent: async (a) => a.id === agent.id });
      await app.start(0);
      const desk = app.desk;

      // Requests with support (their first warning 8 s away), one still collecting its details.
      const ids = await Promise.all(
        Array.from({ length: REQUESTS }, async (_, i) => {
          const started = await desk.start({
            requester: tech,
            open: async () => ({ platform: 'slack', channel: 'C1', thread: `${i}.1` }),
            text: i === 0 ? CODE : `${CODE}\n${DETAILS}`,
          });
          if (!started.ok) throw new Error('start refused');
          if (i > 0) {
            expect((await desk.submit(started.request.id, tech)).ok).toBe(true);
            await desk.attachSupportCard(started.request.id, { platform: 'slack', channel: 'CSUP', thread: `${i}.2`, message: `${i}.2` });
          }
          return started.request.id;
        }),
      );
      const before = new Map<string, ResetRequest>();
      for (const id of ids) before.set(id, (await desk.get(id))!);
      client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 200 });
      client.on('error', () => {});
      const delayedKey = `{${PREFIX}}:timers:delayed`;
      // Every key but BullMQ's event stream and its short-lived bookkeeping (stalled-check, marker).
      const durableKeys = async () =>
        (await client!.keys(`{${PREFIX}}:*`)).filter((k) => !/:timers:(events|stalled-check|marker)$/.test(k)).sort();
      const timersBefore = await client.zrange(delayedKey, 0, '-1', 'WITHSCORES');
      // Job ids carry the deadline they were made for (`.d<base 36>`).
      expect(
        timersBefore
          .filter((_, i) => i % 2 === 0)
          .map((j) => j.replace(/\.d[0-9a-z]+$/, ''))
          .sort(),
      ).toEqual(ids.map((id) => `${id}.c1.warn-12s`).sort());
      const keysBefore = await durableKeys();

      // The last change, acknowledged a moment before Redis dies: nobody reads it back first.
      const last = ids[1]!;
      const claimed = await desk.claim(last, agent);
      if (!claimed.ok) throw new Error('claim refused');
      const killedAt = Date.now();
      await redis.kill('SIGKILL');
      await redis.start();
      const downMs = Date.now() - killedAt;

      // Everything is there again, byte for byte where it matters.
      for (let i = 0; i < 50 && (await desk.get(ids[0]!).catch(() => undefined)) === undefined; i++) await sleep(100);
      for (const id of ids) {
        const r = await desk.get(id);
        expect(r, id).toBeDefined();
        expect(r!.challenge?.code, `${id}'s code decrypts`).toBe(CODE);
        // Messages of a change are struck off once delivered; the change itself must be intact.
        const settled = (x: ResetRequest | undefined) => x && { ...x, pendingNotices: undefined };
        expect(settled(r)).toEqual(settled(id === last ? claimed.request : before.get(id)));
      }
      expect(await client.zrange(delayedKey, 0, '-1', 'WITHSCORES')).toEqual(timersBefore);
      const keysAfter = await durableKeys();
      expect(keysAfter).toEqual(keysBefore);
      const raw = await Promise.all(keysAfter.map(async (k) => ((await client!.dumpBuffer(k)) as Buffer | null)?.toString('latin1') ?? ''));
      expect(
        raw.filter((v) => v.includes(CODE)),
        'a code in clear text',
      ).toEqual([]);

      // The warnings then fire, once each: both to the technician; to support where it has the request.
      const expiresAt = Math.max(...[...before.values()].map((r) => r.challenge!.expiresAt));
      while (Date.now() < expiresAt - 6000 + 1500) await sleep(250);
      await sleep(1000);
      const warnings = surface.delivered.filter((d) => d.notice.kind === 'warning');
      const per = new Map<string, number>();
      for (const w of warnings) {
        const label = w.notice.kind === 'warning' ? w.notice.label : '';
        const key = `${w.requestId}|${w.notice.audience}|${label}`;
        per.set(key, (per.get(key) ?? 0) + 1);
      }
      const expected = ids.length * 2 + (ids.length - 1) * 2; // 2 warnings each; support only after submit
      console.log(
        `redis-aof: Redis SIGKILLed and back in ${downMs} ms; ${REQUESTS} requests and ${timersBefore.length / 2} timers back, ${per.size} of ${expected} warnings delivered, ${[...per.values()].filter((n) => n > 1).length} duplicated`,
      );
      expect(per.size).toBe(expected);
      expect([...per.values()].every((n) => n === 1)).toBe(true);
      for (const id of ids)
        expect((await desk.get(id))!.audit.filter((a) => a.action === 'warned').map((a) => a.detail)).toEqual(['12s', '6s']);
    },
    60_000,
  );
});
