// The real bot as its own process under a flood of oversized bodies: 20 parallel 64 MB POSTs to
// /slack/events, with Content-Length and chunked, each refused with 413, while the process's
// resident memory (from /proc) grows by less than 32 MB.

import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BotProcess, botEnv, sleep } from '../support/faults/bot.js';
import { bigPost } from '../support/http/bodies.js';
import { SlackFake } from '../support/slack/fake.js';

const MB = 1024 * 1024;
const PARALLEL = 20;

/** A /proc/PID/status field in bytes (VmRSS: resident now, VmHWM: the peak since the last reset). */
function procBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

let bot: BotProcess | undefined;
let fake: SlackFake | undefined;
afterEach(async () => {
  bot?.kill('SIGKILL');
  await bot?.exited;
  await fake?.close();
  bot = fake = undefined;
});

describe.runIf(process.platform === 'linux')('a flood of oversized bodies', () => {
  it('answers 20 parallel 64 MB POSTs with 413 each, with and without Content-Length, growing by less than 32 MB', async () => {
    fake = await SlackFake.start();
    const env = botEnv({ redisUrl: '', dataKey: '', slackApiUrl: fake.url, validity: '60m', warnBefore: '15m,5m' });
    delete env.REDIS_URL;
    delete env.DATA_KEY;
    bot = await BotProcess.start(env);
    const { port, pid } = bot;
    // Warm up each path once (code loaded, sockets and buffers allocated) before the baseline.
    for (const contentLength of [true, false]) await bigPost({ port, path: '/slack/events', bytes: 2 * MB, contentLength });
    await sleep(200);
    const baseline = procBytes(pid, 'VmRSS');
    // Reset the peak so VmHWM is the most the flood ever made resident.
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, procBytes(pid, 'VmRSS'))), 10);
    try {
      for (const contentLength of [true, false]) {
        const results = await Promise.all(
          Array.from({ length: PARALLEL }, () => bigPost({ port, path: '/slack/events', bytes: 64 * MB, contentLength })),
        );
        console.log(
          `[bodies] content-length ${contentLength}: peak so far ${((Math.max(peak, procBytes(pid, 'VmHWM')) - baseline) / MB).toFixed(1)} MB over the baseline`,
        );
        expect(results.map((r) => r.status)).toEqual(Array(PARALLEL).fill(413));
      }
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, procBytes(pid, 'VmHWM'));
    const growth = peak - baseline;
    console.log(
      `[bodies] baseline RSS ${(baseline / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB, growth ${(growth / MB).toFixed(1)} MB`,
    );
    expect(growth).toBeLessThan(32 * MB);
    // Still serving.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 120_000);
});
