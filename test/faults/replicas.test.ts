// Two replicas on one Redis share the timers of 1,000 requests; one is killed with SIGKILL
// halfway through the warnings. Every warning must still arrive exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { Desk } from '../../src/core/desk.js';
import { systemClock } from '../../src/core/ports.js';
import { createDrivers } from '../../src/drivers/index.js';
import { createLogger } from '../../src/logger.js';
import { loadConfig } from '../../src/config.js';
import { CODE, DETAILS, agent, tech } from '../support/desk.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from '../support/redis.js';

const REQUESTS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = new URL('../..', import.meta.url).pathname;

describeRedis('two replicas, one killed halfway', () => {
  const prefix = uniquePrefix('replicas');
  const env = {
    ...process.env,
    REDIS_URL: redisUrl,
    DATA_KEY: randomBytes(32).toString('base64'),
    CHALLENGE_VALIDITY: '120s',
    WARN_BEFORE: '105s,95s',
    REPLICA_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  };
  const replicas: ChildProcess[] = [];
  afterAll(async () => {
    for (const r of replicas) r.kill('SIGKILL');
    await cleanupPrefix(prefix);
  });

  const startReplica = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      // node itself (not the tsx CLI, which would stand between us and the replica's pid).
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/replica.ts'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      replicas.push(child);
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
      child.once('exit', (code) => reject(new Error(`replica exited with ${code}`)));
    });

  it('delivers every warning of 1,000 requests once, with 0 missed and 0 duplicated, and every request stays answerable', async () => {
    const [a] = await Promise.all([startReplica(), startReplica()]);
    const config = loadConfig(env);
    const drivers = await createDrivers({ redisUrl, prefix, dataKey: env.DATA_KEY, clock: systemClock, logger: createLogger('silent') });
    // The test's own desk only creates requests and answers them; the replicas run the timers.
    const desk = new Desk({
      ...drivers,
      clock: systemClock,
      outbox: { deliver: async () => {} },
      agents: { isAgent: async () => true },
      settings: config.settings,
    });
    const ids: string[] = [];
    for (let i = 0; i < REQUESTS; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, j) => {
          const o = await desk.start({
            requester: tech,
            open: async () => ({ platform: 'slack', channel: 'C1', thread: `${i + j}.1` }),
            text: `${CODE}\n${DETAILS}`,
          });
          if (!o.ok) throw new Error('start refused');
          await desk.submit(o.request.id, tech);
          ids.push(o.request.id);
        }),
      );
    }
    const counter = new Redis(redisUrl);
    const key = `{${prefix}}:test:deliveries`;
    const warningCounts = async () => {
      const all = await counter.hgetall(key);
      return Object.entries(all).filter(([k]) => k.includes('|warning|'));
    };
    const expected = REQUESTS * 2 * 2; // two warnings, to the technician and to support
    const deadline = Date.now() + 90_000;
    let killed = false;
    let seen: Array<[string, string]>;
    while (Date.now() < deadline) {
      seen = await warningCounts();
      if (!killed && seen.length >= expected / 2) {
        a.kill('SIGKILL');
        await new Promise((r) => a.once('exit', r));
        killed = a.signalCode === 'SIGKILL';
      }
      if (seen.length >= expected) break;
      await sleep(250);
    }
    await sleep(2000); // a late duplicate would show up here
    seen = await warningCounts();
    const duplicated = seen.filter(([, n]) => Number(n) > 1).length;
    console.log(
      `replicas: ${seen.length} of ${expected} warnings delivered, ${duplicated} duplicated, killed one replica halfway: ${killed}`,
    );
    expect(killed).toBe(true);
    expect(seen.length).toBe(expected);
    expect(duplicated).toBe(0);

    const answered = await Promise.all(ids.map((id) => desk.sendPuk(id, agent, 'ABCD1234EFGH')));
    expect(answered.filter((o) => o.ok)).toHaveLength(REQUESTS);
    counter.disconnect();
    await drivers.close();
  }, 150_000);
});
