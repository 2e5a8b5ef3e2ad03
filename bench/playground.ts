// Playground page load: how long Debian's Chromium takes, from navigation start, to reach
// DOMContentLoaded and to have both Web Chat panes rendered. First visit = a fresh browser
// profile that has only opened /healthz (nothing cached: Web Chat's 3.9 MB bundle is fetched and
// compiled); repeat = the same page again (HTTP cache, and V8 reuses its compiled code).
// Prints each run and the medians.
// Run: npm run bench:playground   (RUNS=5 for more runs; needs /usr/bin/chromium)

import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { launchChromium, measureLoad, type LoadTimes } from '../test/support/playground/browser.js';

const RUNS = Number(process.env.RUNS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const row = (label: string, t: LoadTimes) =>
  console.log(
    `${label.padEnd(9)} DOMContentLoaded ${String(t.domContentLoaded).padStart(5)} ms   Web Chat rendered ${String(t.rendered).padStart(5)} ms`,
  );

async function main(): Promise<void> {
  const app = await createApp(loadConfig({}), { logger: createLogger('silent') });
  const url = `http://127.0.0.1:${await app.start(0)}/`;
  console.log(`playground page load, ${RUNS} runs, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)}`);
  const cold: LoadTimes[] = [];
  const warm: LoadTimes[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const profile = await mkdtemp(join(tmpdir(), 'camreset-bench-'));
      const browser = await launchChromium(profile);
      try {
        await browser.page.goto(`${url}healthz`);
        cold.push(await measureLoad(browser.page, url));
        row(`first ${i + 1}`, cold.at(-1)!);
        warm.push(await measureLoad(browser.page, url));
        row(`repeat ${i + 1}`, warm.at(-1)!);
      } finally {
        await browser.close();
        await rm(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await app.stop();
  }
  const summary = (label: string, ts: LoadTimes[]) =>
    console.log(
      `median ${label}: DOMContentLoaded ${median(ts.map((t) => t.domContentLoaded))} ms, Web Chat rendered ${median(ts.map((t) => t.rendered))} ms`,
    );
  summary('first visit', cold);
  summary('repeat visit', warm);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
