// Load check for the durable drivers: 10,000 open requests with three timers each, all due
// within 20-40 s, fired through BullMQ into a handler that updates the request like the real
// one. Prints timer lateness, fired vs scheduled (and duplicates), and Redis bytes per request.
// Run: npx tsx bench/timers.ts   (REDIS_URL or TEST_REDIS_URL, default redis://127.0.0.1:6379)

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { systemClock, type TimerJob } from '../src/core/ports.js';
import type { ResetRequest } from '../src/core/request.js';
import { createCipher } from '../src/drivers/redis/cipher.js';
import { createStoreConnection } from '../src/drivers/redis/connection.js';
import { RedisStore } from '../src/drivers/redis/store.js';
import { BullTimers } from '../src/drivers/redis/timers.js';

const REQUESTS = 10_000;
const WINDOW_START_MS = 20_000;
const WINDOW_SPREAD_MS = 15_000; // first warnings spread over this; the expiry comes 5 s after
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-${randomBytes(4).toString('hex')}`;

const CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789';
const pick = (n: number) => Array.from({ length: n }, () => CHARS[Math.floor(Math.random() * CHARS.length)]).join('');
const hex = () => randomBytes(1).toString('hex').toUpperCase();

function realisticRequest(i: number, start: number): ResetRequest {
  const id = `CR-${pick(4).toUpperCase()}${i}`;
  const createdAt = start - 30 * 60_000 + i;
  const ts = `${Math.floor(createdAt / 1000)}.${String(100000 + (i % 899999)).slice(0, 6)}`;
  const tech = { platform: 'slack' as const, id: `U0${pick(9).toUpperCase()}`, name: 'Tina Technician' };
  const agent = { platform: 'slack' as const, id: `U0${pick(9).toUpperCase()}`, name: 'Sam Support' };
  return {
    id,
    state: i % 3 === 0 ? 'claimed' : 'awaiting_support',
    requester: tech,
    conversation: { platform: 'slack', channel: 'C07FIELDOPS', thread: ts },
    device: {
      model: ['NDE-5503-AL', 'NBN-80052-BA', 'MIC-7502-Z30B', 'NIN-73023-A10AS'][i % 4],
      mac: `00:07:5F:${hex()}:${hex()}:${hex()}`,
      firmware: ['7.80.0128', '6.51.0026', '9.00.0210'][i % 3],
      serial: `4047547340010${String(50000 + i).padStart(5, '0')}`,
      photos: [{ url: `https://files.slack.com/files-pri/T0ABC/F0${pick(8).toUpperCase()}/label.jpg`, name: 'label.jpg' }],
      documents: [],
    },
    challenge: { seq: 1, code: pick(32), receivedAt: createdAt + 60_000, expiresAt: createdAt + 3_660_000 },
    previousChallenges: [],
    supportCard: { platform: 'slack', channel: 'C07SUPPORT', thread: ts, message: ts },
    ...(i % 3 === 0 ? { claimedBy: agent } : {}),
    firedTimers: [],
    audit: [
      { at: createdAt, actor: `slack:${tech.id}`, action: 'opened' },
      { at: createdAt + 60_000, actor: `slack:${tech.id}`, action: 'submitted' },
      ...(i % 3 === 0 ? [{ at: createdAt + 120_000, actor: `slack:${agent.id}`, action: 'claimed' }] : []),
    ],
    createdAt,
    updatedAt: createdAt + 60_000,
  };
}

async function scanKeys(redis: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `{${prefix}}:*`, 'COUNT', 2000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** MEMORY USAGE of every key under the prefix, summed per kind of key. */
async function bytesUnderPrefix(redis: Redis): Promise<{ keys: number; bytes: number; byKind: Record<string, number> }> {
  const keys = await scanKeys(redis);
  const byKind: Record<string, number> = {};
  const kindOf = (key: string) => {
    const rest = key.slice(`{${prefix}}:`.length);
    if (rest.startsWith('req:')) return 'request hashes';
    if (rest.startsWith('link:')) return 'link keys';
    if (/^timers:[^:]+\.(w\d+|exp)$/.test(rest)) return 'timer job hashes';
    return 'indexes, queues and streams';
  };
  let bytes = 0;
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    const pipeline = redis.pipeline();
    for (const key of chunk) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    ((await pipeline.exec()) ?? []).forEach(([err, size], j) => {
      if (err) return;
      bytes += Number(size);
      const kind = kindOf(chunk[j]!);
      byKind[kind] = (byKind[kind] ?? 0) + Number(size);
    });
  }
  return { keys: keys.length, bytes, byKind };
}

const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

async function main() {
  const admin = new Redis(redisUrl);
  const cipher = createCipher(randomBytes(32).toString('base64'));
  const store = new RedisStore({ redis: createStoreConnection(redisUrl), prefix, cipher, clock: systemClock });
  const timers = new BullTimers({ connection: redisUrl, prefix, clock: systemClock, concurrency: CONCURRENCY });

  const lateness: number[] = [];
  const seen = new Map<string, number>();
  let handlerErrors = 0;

  try {
    const memBefore = await usedMemory(admin);
    const start = Date.now();
    const requests = Array.from({ length: REQUESTS }, (_, i) => realisticRequest(i, start));
    const jobs: TimerJob[] = [];
    requests.forEach((r, i) => {
      const first = start + WINDOW_START_MS + (i / REQUESTS) * WINDOW_SPREAD_MS;
      jobs.push({ id: `${r.id}.c1.w15`, requestId: r.id, at: Math.round(first) });
      jobs.push({ id: `${r.id}.c1.w5`, requestId: r.id, at: Math.round(first + 2500) });
      jobs.push({ id: `${r.id}.c1.exp`, requestId: r.id, at: Math.round(first + 5000) });
    });

    await inBatches(requests, 200, async (r) => {
      await store.create(r);
      await store.link(`slack:${r.conversation.channel}:${r.conversation.thread}`, r.id);
      await store.link(`slack:${r.supportCard!.channel}:${r.supportCard!.message}`, r.id);
    });
    await inBatches(jobs, 500, (job) => timers.schedule(job));
    const setupMs = Date.now() - start;

    const usage = await bytesUnderPrefix(admin);
    const memAfter = await usedMemory(admin);

    await timers.start(async (job) => {
      lateness.push(Date.now() - job.at);
      seen.set(job.id, (seen.get(job.id) ?? 0) + 1);
      try {
        await store.update(job.requestId, (r) =>
          r.firedTimers.includes(job.id) ? undefined : { ...r, firedTimers: [...r.firedTimers, job.id], updatedAt: Date.now() },
        );
      } catch (err) {
        handlerErrors++;
        throw err;
      }
    });

    const deadline = start + WINDOW_START_MS + WINDOW_SPREAD_MS + 5000 + 20_000;
    while (seen.size < jobs.length && Date.now() < deadline) await sleep(250);
    await sleep(1500); // a late duplicate would show up here

    const open = await store.listOpen();
    const effects = open.reduce((n, r) => n + r.firedTimers.length, 0);
    const sorted = [...lateness].sort((a, b) => a - b);
    const duplicates = [...seen.values()].reduce((n, c) => n + (c - 1), 0);

    console.log(`camreset timers bench — ${REQUESTS} open requests, ${jobs.length} timers, worker concurrency ${CONCURRENCY}`);
    console.log(`setup (create + 2 links + 3 timers per request): ${(setupMs / 1000).toFixed(1)} s`);
    console.log(`timers scheduled: ${jobs.length}; fired: ${seen.size}; duplicate deliveries: ${duplicates}; handler errors: ${handlerErrors}`);
    console.log(`effects recorded on requests (firedTimers): ${effects} of ${jobs.length}; open requests listed: ${open.length}`);
    console.log(`lateness ms (fire time - at): p50 ${percentile(sorted, 50)}, p99 ${percentile(sorted, 99)}, max ${sorted.at(-1)}, min ${sorted[0]}`);
    console.log(
      `redis bytes per open request (MEMORY USAGE summed over the prefix's ${usage.keys} keys, incl. its 3 delayed jobs): ${Math.round(usage.bytes / REQUESTS)}`,
    );
    console.log(
      `  of which: ${Object.entries(usage.byKind)
        .map(([kind, b]) => `${kind} ${Math.round(b / REQUESTS)}`)
        .join(', ')}`,
    );
    console.log(
      `redis bytes per open request (INFO used_memory delta; noisy if others share this Redis): ${Math.round((memAfter - memBefore) / REQUESTS)}`,
    );
    const ok = seen.size === jobs.length && duplicates === 0 && effects === jobs.length;
    if (!ok) process.exitCode = 1;
  } finally {
    await timers.close();
    await store.close();
    const keys = await scanKeys(admin);
    for (let i = 0; i < keys.length; i += 1000) await admin.del(...keys.slice(i, i + 1000));
    admin.disconnect();
  }
}

await main();
