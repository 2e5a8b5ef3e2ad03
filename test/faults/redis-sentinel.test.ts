// Redis behind Sentinel, on a topology of the test's own (a primary with one replica, three
// sentinels; settings in test/support/faults/topology.ts): the start refuses settings that
// cannot work, and the primary SIGKILLed while 200 requests are open and 400 warnings fall due
// in the next 30 s costs nothing: while no primary answers people are refused politely and
// /readyz says 503, nothing refused is kept and nothing acknowledged is lost; afterwards every
// warning arrives once, in order, and every request is answerable.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { parseDuration } from '../../src/core/deadlines.js';
import type { Outcome } from '../../src/core/desk.js';
import { systemClock } from '../../src/core/ports.js';
import { plainText } from '../../src/core/rich.js';
import { createDrivers } from '../../src/drivers/index.js';
import { createLogger } from '../../src/logger.js';
import { CODE, DETAILS, agent, tech } from '../support/desk.js';
import { BotProcess, botEnv, freePort, itWithRedisServer, sleep } from '../support/faults/bot.js';
import { SENTINEL_NAME, SentinelTopology } from '../support/faults/topology.js';
import { SlackFake } from '../support/slack/fake.js';
import { RecordingSurface } from '../support/surface.js';

const REQUESTS = 200;
// Warnings 15 s and 25 s after the code; the primary dies a second before the first falls due.
const VALIDITY = '60s';
const WARN_BEFORE = '45s,35s';
const PREFIX = 'sentinel';

describe('Redis behind Sentinel', () => {
  let ha: SentinelTopology | undefined;
  let app: App | undefined;
  let fake: SlackFake | undefined;
  afterAll(async () => {
    await fake?.close();
    await app?.stop().catch(() => undefined);
    await ha?.stop();
  });
  const dataKey = randomBytes(32).toString('base64');

  itWithRedisServer(
    'a wrong primary name, or sentinels nobody answers on, stop the start with one message naming the variable',
    async () => {
      ha = await SentinelTopology.start();
      fake = await SlackFake.start();
      const env = (redis: Record<string, string>) =>
        botEnv({ redis, dataKey, slackApiUrl: new URL('/api/', fake!.url).toString(), validity: VALIDITY, warnBefore: WARN_BEFORE });
      const refused = async (redis: Record<string, string>) => {
        const started = Date.now();
        const err = await BotProcess.start(env(redis)).then(
          (bot) => (bot.kill('SIGKILL'), new Error('the bot started')),
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
        const problems = err.message.split('\n').filter((l) => l.startsWith('  - '));
        return { message: err.message, problems, ms: Date.now() - started };
      };

      // Each start on its own, side by side: a wrong name, nobody listening, the primary given as
      // a sentinel, and the right settings (which start, saying which topology they use).
      const [a, b] = [await freePort(), await freePort()];
      const [wrongName, nobody, notSentinel, bot] = await Promise.all([
        refused({ ...ha.env, REDIS_SENTINEL_NAME: 'mymaster' }),
        refused({ REDIS_SENTINELS: `127.0.0.1:${a},127.0.0.1:${b}`, REDIS_SENTINEL_NAME: SENTINEL_NAME }),
        refused({ REDIS_SENTINELS: `127.0.0.1:${ha.primary().port}`, REDIS_SENTINEL_NAME: SENTINEL_NAME }),
        BotProcess.start(env(ha.env)),
      ]);
      expect(wrongName.message).toMatch(/exited \(1\)/);
      expect(wrongName.problems).toEqual([
        `  - REDIS_SENTINEL_NAME: the sentinels do not monitor a primary named "mymaster" (they monitor "${SENTINEL_NAME}")`,
      ]);
      expect(nobody.problems).toEqual([
        expect.stringMatching(new RegExp(`^  - REDIS_SENTINELS: none of 127.0.0.1:${a}, 127.0.0.1:${b} answered within 10 s`)),
      ]);
      // Bounded: 10 s of asking, plus starting node and tsx (slow on a loaded machine); not forever.
      expect(nobody.ms, 'a bounded wait').toBeLessThan(60_000);
      expect(notSentinel.problems).toEqual([expect.stringMatching(/^ {2}- REDIS_SENTINELS: 127\.0\.0\.1:\d+ is not a sentinel/)]);
      expect(bot.output).toMatch(/"topology":"sentinel"/);
      await bot.crash();
    },
    90_000,
  );

  itWithRedisServer(
    `the primary SIGKILLed with ${REQUESTS} requests open and ${REQUESTS * 2} warnings due within 30 s: refused politely meanwhile, then every warning once and in order`,
    async () => {
      ha ??= await SentinelTopology.start();
      const config = loadConfig({ ...ha.env, DATA_KEY: dataKey, CHALLENGE_VALIDITY: VALIDITY, WARN_BEFORE: WARN_BEFORE });
      const surface = new RecordingSurface();
      app = await createApp(config, { logger: createLogger('silent'), prefix: PREFIX, platforms: [] });
      app.router.add(surface);
      app.agents.set('slack', { isAgent: async (a) => a.id === agent.id });
      const httpPort = await app.start(0);
      const desk = app.desk;
      const readyz = async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`).catch(() => undefined))?.status;
      const open = (thread: string) => async () => ({ platform: 'slack' as const, channel: 'C1', thread });

      const ids: string[] = [];
      for (let i = 0; i < REQUESTS; i += 50) {
        await Promise.all(
          Array.from({ length: 50 }, async (_, j) => {
            const started = await desk.start({ requester: tech, open: open(`${i + j}.1`), text: `${CODE}\n${DETAILS}` });
            if (!started.ok) throw new Error('start refused');
            expect((await desk.submit(started.request.id, tech)).ok).toBe(true);
            await desk.attachSupportCard(started.request.id, {
              platform: 'slack',
              channel: 'CSUP',
              thread: `${i + j}.2`,
              message: `${i + j}.2`,
            });
            ids.push(started.request.id);
          }),
        );
      }
      const offsets = WARN_BEFORE.split(',').map((w) => [w, parseDuration(w)!] as const);
      const due = new Map<string, number>(); // `${id}|${label}` -> when the warning is due
      for (const id of ids) {
        const { expiresAt } = (await desk.get(id))!.challenge!;
        for (const [label, ms] of offsets) due.set(`${id}|${label}`, expiresAt - ms);
      }
      const firstDue = Math.min(...due.values());
      const lastDue = Math.max(...due.values());
      expect(await readyz()).toBe(200);

      // The primary dies a second before the first warning falls due.
      await sleep(Math.max(0, firstDue - 1000 - Date.now()));
      const primary = ha.primary();
      const killedAt = Date.now();
      await primary.kill('SIGKILL');
      expect(lastDue - killedAt, 'every warning due within 30 s of the kill').toBeLessThanOrEqual(30_000);
      expect(firstDue, 'no warning due before the kill').toBeGreaterThan(killedAt);

      // Meanwhile: a new request every 100 ms, and /readyz, until a write succeeds again.
      const tried: Outcome[] = [];
      const statuses: Array<number | undefined> = [];
      let firstWriteMs: number | undefined;
      for (let n = 0; firstWriteMs === undefined && Date.now() - killedAt < 30_000; n++) {
        const [outcome, status] = await Promise.all([desk.start({ requester: tech, open: open(`during.${n}`), text: CODE }), readyz()]);
        tried.push(outcome);
        statuses.push(status);
        if (outcome.ok) firstWriteMs = Date.now() - killedAt;
        else await sleep(100);
      }
      expect(firstWriteMs, 'a write succeeds again').toBeDefined();
      const refused = tried.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
      expect(refused.length, 'requests refused while no primary answered').toBeGreaterThan(0);
      for (const o of refused) {
        expect(o.refusal.code).toBe('unavailable');
        expect(plainText({ lines: o.refusal.lines })).toMatch(/temporarily unavailable — your request is safe/);
      }
      expect(statuses.slice(0, refused.length), '/readyz while no primary answered').toContain(503);
      expect(ha.primary().port, 'the replica is the primary now').not.toBe(primary.port);
      expect(await readyz()).toBe(200);

      // Every warning arrives, once to each reader, in order; how late each was is measured.
      const warnings = () => surface.delivered.filter((d) => d.notice.kind === 'warning');
      const deadline = lastDue + 20_000;
      while (
        Date.now() < deadline &&
        new Set(warnings().map((w) => `${w.requestId}|${w.notice.audience}|${label(w.notice)}`)).size < due.size * 2
      )
        await sleep(250);
      await sleep(2000); // a late duplicate would show up here
      const per = new Map<string, number[]>();
      for (const w of warnings()) {
        const key = `${w.requestId}|${w.notice.audience}|${label(w.notice)}`;
        per.set(key, [...(per.get(key) ?? []), w.at]);
      }
      const duplicated = [...per.values()].filter((ats) => ats.length > 1).length;
      const delays = [...per.entries()].map(([key, ats]) => {
        const [id, , l] = key.split('|');
        return ats[0]! - due.get(`${id}|${l}`)!;
      });
      const longest = Math.max(...delays);
      const duringFailover = [...due.values()].filter((at) => at < killedAt + firstWriteMs!).length;
      console.log(
        `redis-sentinel: primary SIGKILLed with ${REQUESTS} requests open and ${due.size} warnings due within ${Math.round((lastDue - killedAt) / 1000)} s (${duringFailover} of them before the first write succeeded); ` +
          `first successful write ${firstWriteMs} ms after the kill (${refused.length} requests refused politely meanwhile); ` +
          `${per.size} of ${due.size * 2} warning messages delivered, ${duplicated} duplicated; longest warning delay ${longest} ms`,
      );
      expect(per.size).toBe(due.size * 2);
      expect(duplicated).toBe(0);
      for (const id of ids) {
        for (const audience of ['requester', 'support'] as const) {
          const order = warnings()
            .filter((w) => w.requestId === id && w.notice.audience === audience)
            .map((w) => label(w.notice));
          expect(order, `${id} ${audience}`).toEqual(offsets.map(([l]) => l));
        }
        expect((await desk.get(id))!.audit.filter((a) => a.action === 'warned').map((a) => a.detail)).toEqual(offsets.map(([l]) => l));
      }

      // Every request is answerable, and the request acknowledged just after the failover is kept.
      const claimed = await Promise.all(ids.map((id) => desk.claim(id, agent)));
      expect(claimed.filter((o) => o.ok)).toHaveLength(REQUESTS);
      const acknowledged = tried.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
      for (const o of acknowledged) expect(await desk.get(o.request.id), o.request.id).toBeDefined();
      // Nothing refused was kept: the open requests are the 200 and those acknowledged since.
      const drivers = await createDrivers({
        redis: ha.target,
        prefix: PREFIX,
        dataKey,
        reseal: false,
        clock: systemClock,
        logger: createLogger('silent'),
      });
      const openNow = (await drivers.store.listOpen()).map((r) => r.id).sort();
      await drivers.close();
      expect(openNow).toEqual([...ids, ...acknowledged.map((o) => o.request.id)].sort());
    },
    110_000,
  );
});

const label = (n: { kind: string } & Partial<{ label: string }>) => n.label ?? '';
