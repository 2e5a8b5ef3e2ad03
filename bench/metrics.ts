// How long a Prometheus scrape of /metrics takes with 10,000 open requests on Redis: the real
// app (no platform), its requests written through the real store (challenge codes encrypted),
// GET /metrics over loopback. Prints the median, p95 and slowest of 20 scrapes after two
// warm-ups. Its own key prefix, removed afterwards (also on failure).
// Run: npm run bench:metrics   (REDIS_URL or TEST_REDIS_URL, default redis://127.0.0.1:6379)

import { randomBytes } from 'node:crypto';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/ports.js';
import type { ResetRequest, State } from '../src/core/request.js';
import { createDrivers } from '../src/drivers/index.js';
import { createLogger } from '../src/logger.js';
import { cleanupPrefix } from '../test/support/redis-keys.js';

const REQUESTS = 10_000;
const SCRAPES = 20;
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-metrics-${randomBytes(4).toString('hex')}`;
const dataKey = randomBytes(32).toString('base64');
const OPEN_STATES: State[] = ['collecting', 'awaiting_support', 'claimed', 'needs_info', 'puk_delivered', 'expired'];

const hex = (n: number) => randomBytes(n).toString('hex').toUpperCase();

/** An open request the size of a real one: device, label photo, a challenge code, an audit. */
function openRequest(i: number, now: number): ResetRequest {
  const createdAt = now - 30 * 60_000 + i;
  const ts = `${Math.floor(createdAt / 1000)}.${String(100000 + i).slice(0, 6)}`;
  const state = OPEN_STATES[i % OPEN_STATES.length]!;
  const request: ResetRequest = {
    id: `CR-${hex(2)}${i}`,
    state,
    requester: { platform: 'slack', id: `U0${hex(4)}`, name: 'Tina Technician' },
    conversation: { platform: 'slack', channel: 'C07FIELDOPS', thread: ts },
    device: {
      model: 'NDE-5503-AL',
      mac: `00:07:5F:${hex(1)}:${hex(1)}:${hex(1)}`,
      firmware: '7.80.0128',
      serial: `4047547340010${String(50000 + i).padStart(5, '0')}`,
      photos: [{ url: `https://files.slack.com/files-pri/T0ABC/F0${hex(4)}/label.jpg`, name: 'label.jpg' }],
      documents: [],
    },
    previousChallenges: [],
    firedTimers: [],
    audit: [
      { at: createdAt, actor: 'slack:U0TECH', action: 'opened' },
      { at: createdAt + 60_000, actor: 'slack:U0TECH', action: 'submitted' },
    ],
    createdAt,
    updatedAt: createdAt + 60_000,
  };
  if (state !== 'collecting')
    request.challenge = { seq: 1, code: hex(16), receivedAt: createdAt + 60_000, expiresAt: createdAt + 61 * 60_000 };
  return request;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const logger = createLogger('silent');
  const drivers = await createDrivers({ redisUrl, prefix, dataKey, clock: systemClock, logger });
  const app = await createApp(loadConfig({ REDIS_URL: redisUrl, DATA_KEY: dataKey, PLAYGROUND: 'off', LOG_LEVEL: 'silent' }), {
    logger,
    prefix,
    platforms: [],
  });
  try {
    const now = Date.now();
    for (let i = 0; i < REQUESTS; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, REQUESTS - i) }, (_, j) => drivers.store.create(openRequest(i + j, now))));
    }
    const port = await app.start(0);
    const scrape = async () => {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      const text = await res.text();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      const open = [...text.matchAll(/^camreset_requests\{state="\w+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      if (open !== REQUESTS) throw new Error(`/metrics counted ${open} open requests, expected ${REQUESTS}`);
      return ms;
    };
    for (let i = 0; i < 2; i++) await scrape();
    const times: number[] = [];
    for (let i = 0; i < SCRAPES; i++) times.push(await scrape());
    times.sort((a, b) => a - b);
    const f = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(
      `/metrics with ${REQUESTS.toLocaleString('en')} open requests on Redis, ${SCRAPES} scrapes: median ${f(percentile(times, 50))}, p95 ${f(percentile(times, 95))}, slowest ${f(times.at(-1)!)}`,
    );
  } finally {
    await app.stop();
    await drivers.close();
    await cleanupPrefix(prefix, redisUrl);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
