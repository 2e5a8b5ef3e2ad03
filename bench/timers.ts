// Load check for durable timers, through the real desk: 10,000 open requests on Redis, each
// with two warnings due within 20-45 s; the desk arms each request's next timer (BullMQ
// delayed job), honours it, and arms the one after. Prints warning lateness, warnings sent vs
// expected (and duplicates), and Redis bytes per open request.
// Run: npx tsx bench/timers.ts   (REDIS_URL or TEST_REDIS_URL, default redis://127.0.0.1:6379)
//
// `--sites 1000x10 [--span 120]`: instead, 1,000 open sites of 10 cameras each (issue 15), each camera with
// its own code and clock, a site's codes seconds to a minute or so apart. A site keeps one
// pending job like any request (its next timer); honouring it handles every due timer of the
// site and coalesces the warnings due within COALESCE_MS into one message. Prints, per camera
// warning, how long after its planned moment its site's message went out (negative: sent
// early with an earlier camera's), per message the same from its earliest planned warning,
// expiry lateness, messages per site, and Redis bytes per camera.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Desk, cardKey, conversationKey } from '../src/core/desk.js';
import type { Notice } from '../src/core/notices.js';
import { type RequestStore, systemClock } from '../src/core/ports.js';
import type { ResetRequest } from '../src/core/request.js';
import type { CoreSettings } from '../src/core/settings.js';
import { createDrivers } from '../src/drivers/index.js';
import { SiteLedger, realisticSite, siteExpiries } from './support/sites.js';

const REQUESTS = 10_000;
const WINDOW_START_MS = 20_000;
const WINDOW_SPREAD_MS = 15_000; // first warnings spread over this
// Short offsets so both warnings fall inside the run; the mechanism is the same as 15m/5m.
const SETTINGS: CoreSettings = {
  validityMs: 60 * 60_000,
  warnBeforeMs: [60_000, 50_000],
  idleCloseMs: 24 * 60 * 60_000,
  supportLanguage: 'en' as const,
};
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-${randomBytes(4).toString('hex')}`;

const CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789';
const pick = (n: number) => Array.from({ length: n }, () => CHARS[Math.floor(Math.random() * CHARS.length)]).join('');
const hex = () => randomBytes(1).toString('hex').toUpperCase();

function realisticRequest(i: number, start: number, expiresAt: number): ResetRequest {
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
    challenge: { seq: 1, code: pick(32), receivedAt: expiresAt - SETTINGS.validityMs, expiresAt },
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
    if (/^timers:[^:]+\.(c\d+\.(warn-[^:.]+|remind|expire)|idle)\.d[0-9a-z]+$/.test(rest)) return 'timer job hashes';
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

/** A request stored as the desk would keep it: the request, and the links its conversation and card find it by. */
async function stored(store: RequestStore, r: ResetRequest): Promise<void> {
  await store.create(r);
  await store.link(conversationKey(r.conversation), r.id);
  if (r.supportCard) await store.link(cardKey(r.supportCard), r.id);
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

async function main() {
  const admin = new Redis(redisUrl);
  const logger = pino({ level: 'warn' });
  const drivers = await createDrivers({ redisUrl, prefix, dataKey: randomBytes(32).toString('base64'), clock: systemClock, logger });
  const { store, timers } = drivers;

  const lateness: number[] = [];
  const warnings = new Map<string, number>();
  const outbox = {
    async deliver(request: ResetRequest, notices: Notice[]) {
      for (const n of notices) {
        if (n.kind !== 'warning' || n.audience !== 'requester') continue;
        const key = `${request.id}:${Math.round(n.remainingMs / 10_000)}`;
        warnings.set(key, (warnings.get(key) ?? 0) + 1);
      }
    },
  };
  const desk = new Desk({
    store,
    reservations: drivers.reservations,
    timers,
    clock: systemClock,
    outbox,
    agents: { isAgent: async () => false },
    settings: SETTINGS,
    observer: { changed() {}, timerFired: (kind, ms) => kind === 'warn' && lateness.push(ms) },
  });

  try {
    const memBefore = await usedMemory(admin);
    const start = Date.now();
    const requests = Array.from({ length: REQUESTS }, (_, i) => {
      const firstWarning = start + WINDOW_START_MS + Math.round((i / REQUESTS) * WINDOW_SPREAD_MS);
      return realisticRequest(i, start, firstWarning + SETTINGS.warnBeforeMs[0]!);
    });
    await inBatches(requests, 200, (r) => stored(store, r));
    // What a (re)start does: arm the next timer of every open request.
    const armed = await desk.recover();
    const setupMs = Date.now() - start;

    const usage = await bytesUnderPrefix(admin);
    const memAfter = await usedMemory(admin);

    await timers.start((job) => desk.onTimer(job));
    const expected = REQUESTS * SETTINGS.warnBeforeMs.length;
    const deadline = start + WINDOW_START_MS + WINDOW_SPREAD_MS + 10_000 + 30_000;
    while (warnings.size < expected && Date.now() < deadline) await sleep(250);
    await sleep(1500); // a late duplicate would show up here

    const sorted = [...lateness].sort((a, b) => a - b);
    const duplicates = [...warnings.values()].reduce((n, c) => n + (c - 1), 0);

    console.log(
      `camreset timers bench — ${REQUESTS} open requests, ${SETTINGS.warnBeforeMs.length} warnings each, through the desk on Redis`,
    );
    console.log(`setup (create + 2 links per request, then recover() armed ${armed} next timers): ${(setupMs / 1000).toFixed(1)} s`);
    console.log(`warnings expected: ${expected}; sent: ${warnings.size}; duplicates: ${duplicates}`);
    console.log(`warning lateness ms (sent - planned): p50 ${percentile(sorted, 50)}, p99 ${percentile(sorted, 99)}, max ${sorted.at(-1)}`);
    console.log(
      `redis bytes per open request (MEMORY USAGE summed over the prefix's ${usage.keys} keys, incl. its pending timer): ${Math.round(usage.bytes / REQUESTS)}`,
    );
    console.log(
      `  of which: ${Object.entries(usage.byKind)
        .map(([kind, b]) => `${kind} ${Math.round(b / REQUESTS)}`)
        .join(', ')}`,
    );
    console.log(
      `redis bytes per open request (INFO used_memory delta; noisy if others share this Redis): ${Math.round((memAfter - memBefore) / REQUESTS)}`,
    );
    if (warnings.size !== expected || duplicates !== 0) process.exitCode = 1;
  } finally {
    await drivers.close();
    const keys = await scanKeys(admin);
    for (let i = 0; i < keys.length; i += 1000) await admin.del(...keys.slice(i, i + 1000));
    admin.disconnect();
  }
}

/** `--sites 1000x10` → { sites: 1000, cameras: 10 }. */
function sitesOption(argv: readonly string[]): { sites: number; cameras: number } | undefined {
  const i = argv.indexOf('--sites');
  if (i === -1) return undefined;
  const m = /^(\d+)x(\d+)$/.exec(argv[i + 1] ?? '');
  if (!m) throw new Error('--sites takes SITESxCAMERAS, e.g. --sites 1000x10');
  return { sites: Number(m[1]), cameras: Number(m[2]) };
}

const SITE_WINDOW_START_MS = 30_000; // setup of 1,000 sites must be done before the first warning
const SITE_WINDOW_SPREAD_MS = 30_000; // sites' first warnings spread over this
/** A site's first to last code: 2 minutes, or `--span SECONDS` (the gaps between codes scale with it). */
function spanOption(argv: readonly string[]): number {
  const i = argv.indexOf('--span');
  if (i === -1) return 120_000;
  const seconds = Number(argv[i + 1]);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error('--span takes seconds, e.g. --span 360');
  return seconds * 1000;
}
const SITE_MAX_SPAN_MS = spanOption(process.argv.slice(2));
const SITE_SETTINGS: CoreSettings = {
  validityMs: 60 * 60_000,
  warnBeforeMs: [60_000, 30_000],
  idleCloseMs: 24 * 60 * 60_000,
  supportLanguage: 'en' as const,
};

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50)}, p95 ${percentile(sorted, 95)}, p99 ${percentile(sorted, 99)}, max ${sorted.at(-1)}`;
};

async function sitesMain(shape: { sites: number; cameras: number }) {
  const admin = new Redis(redisUrl);
  const logger = pino({ level: 'warn' });
  const drivers = await createDrivers({ redisUrl, prefix, dataKey: randomBytes(32).toString('base64'), clock: systemClock, logger });
  const { store, timers } = drivers;
  const settings = SITE_SETTINGS;
  const ledger = new SiteLedger(settings.warnBeforeMs);
  const jobLateness: Record<string, number[]> = {};
  const desk = new Desk({
    store,
    reservations: drivers.reservations,
    timers,
    clock: systemClock,
    outbox: { deliver: async (request: ResetRequest, notices: Notice[]) => ledger.deliver(request, notices, Date.now()) },
    agents: { isAgent: async () => false },
    settings,
    observer: {
      changed: (_before, after) => ledger.committed(after, Date.now()),
      timerFired: (kind, ms) => (jobLateness[kind] ??= []).push(ms),
    },
  });
  const cameras = shape.sites * shape.cameras;
  try {
    const memBefore = await usedMemory(admin);
    const start = Date.now();
    const sites = Array.from({ length: shape.sites }, (_, i) => {
      const firstWarning = start + SITE_WINDOW_START_MS + Math.round((i / shape.sites) * SITE_WINDOW_SPREAD_MS);
      const expiries = siteExpiries(firstWarning + settings.warnBeforeMs[0]!, shape.cameras, SITE_MAX_SPAN_MS);
      return realisticSite(i, start, expiries, settings.validityMs);
    });
    for (const s of sites) ledger.add(s);
    await inBatches(sites, 100, (r) => stored(store, r));
    const armed = await desk.recover();
    const setupMs = Date.now() - start;
    const usage = await bytesUnderPrefix(admin);
    const memAfter = await usedMemory(admin);

    const loadBefore = (await import('node:os')).loadavg()[0]!;
    await timers.start((job) => desk.onTimer(job));
    const deadline = start + SITE_WINDOW_START_MS + SITE_WINDOW_SPREAD_MS + settings.warnBeforeMs[0]! + SITE_MAX_SPAN_MS + 60_000;
    while (!ledger.complete() && Date.now() < deadline) await sleep(500);
    await sleep(1500); // a late duplicate would show up here
    const loadAfter = (await import('node:os')).loadavg()[0]!;
    const r = ledger.report();
    const perSite = [...r.messagesPerSite].sort((a, b) => a - b);

    console.log(
      `camreset timers bench, sites — ${shape.sites} open sites × ${shape.cameras} cameras (${cameras} cameras; a site's codes within ${SITE_MAX_SPAN_MS / 1000} s), ${settings.warnBeforeMs.length} warnings per camera (60 s and 30 s before its own expiry), through the desk on Redis`,
    );
    console.log(`load average (1 min) before/after the run: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`);
    console.log(`setup (create + 2 links per site, then recover() armed ${armed} next timers): ${(setupMs / 1000).toFixed(1)} s`);
    console.log(
      `camera warnings planned: ${r.planned}; sent: ${r.sent}; not sent because the site was told once to renew those codes: ${r.planned - r.sent - r.missing} (${r.regenerateCameras} cameras on ${r.regenerateSites} unclaimed sites); missing: ${r.missing}; duplicates: ${r.duplicates}`,
    );
    console.log(
      `warning messages to technicians: ${r.messages} (${(r.messages / shape.sites).toFixed(1)} per site; per site p50 ${percentile(perSite, 50)}, max ${perSite.at(-1)}; ${(r.sent / r.messages).toFixed(1)} camera warnings per message)`,
    );
    console.log(`warning message lateness ms (sent - earliest planned warning it carries): ${stats(r.messageLateness)}`);
    console.log(
      `camera warning lateness ms (its message sent - its own planned moment; ${r.early} of ${r.cameraLateness.length} negative = sent early with an earlier camera's, COALESCE_MS): ${stats(r.cameraLateness)}`,
    );
    console.log(`  of those not sent early: ${stats(r.cameraLateness.filter((x) => x >= 0))}`);
    console.log(
      `warning message ms from its timer's change committed to the outbox (the desk rearms the site's timers, then delivers): ${stats(ledger.commitToMessage)}`,
    );
    console.log(
      `expiry message lateness ms (sent - the code's expiry), ${r.expiryLateness.length} of ${cameras} cameras: ${stats(r.expiryLateness)}`,
    );
    console.log(
      `timer job lateness ms (BullMQ job honoured - its moment), per kind: ${Object.entries(jobLateness)
        .map(([k, v]) => `${k} (${v.length} jobs) ${stats(v)}`)
        .join('; ')}`,
    );
    console.log(
      `redis bytes per camera (MEMORY USAGE summed over the prefix's ${usage.keys} keys, incl. each site's pending timer, / ${cameras} cameras): ${Math.round(usage.bytes / cameras)}; per site ${Math.round(usage.bytes / shape.sites)}`,
    );
    console.log(
      `  of which, per camera: ${Object.entries(usage.byKind)
        .map(([kind, b]) => `${kind} ${Math.round(b / cameras)}`)
        .join(', ')}`,
    );
    console.log(
      `redis bytes per camera (INFO used_memory delta / cameras; noisy if others share this Redis): ${Math.round((memAfter - memBefore) / cameras)}`,
    );
    if (r.missing !== 0 || r.duplicates !== 0 || r.expiryLateness.length !== cameras) process.exitCode = 1;
  } finally {
    await drivers.close();
    const keys = await scanKeys(admin);
    for (let i = 0; i < keys.length; i += 1000) await admin.del(...keys.slice(i, i + 1000));
    admin.disconnect();
  }
}

const shape = sitesOption(process.argv.slice(2));
if (shape) await sitesMain(shape);
else await main();
