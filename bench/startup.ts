// Start-up time and idle memory of the bot, run through tsx (how production ran before the
// build) against compiled (`node dist/main.js`, how it runs now), in the same run: each start
// is timed from spawn to the first 200 of GET /healthz, then RSS is read from /proc after a
// short idle. No platform credentials (memory state, playground on), a free loopback port each.
// Run: npm run bench:startup   (BENCH_ROUNDS=3 starts of each, alternating; BENCH_IDLE_MS=3000)

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

const root = new URL('..', import.meta.url).pathname;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 3000);
const MODES = {
  tsx: ['--import', 'tsx', 'src/main.ts'],
  compiled: ['dist/main.js'],
} as const;
type Mode = keyof typeof MODES;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak) of `pid`, in MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function once(mode: Mode): Promise<{ startMs: number; rss: number; peak: number }> {
  const port = await freePort();
  // A clean environment: nothing of the caller's (no SLACK_*, Microsoft*, REDIS_URL) reaches the bot.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  const started = performance.now();
  const child = spawn(process.execPath, [...MODES[mode]], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let startMs: number | undefined;
    while (startMs === undefined) {
      if (child.exitCode !== null) throw new Error(`${mode}: the bot exited (${child.exitCode}) before answering /healthz:\n${stderr}`);
      if (performance.now() - started > 60_000) throw new Error(`${mode}: no /healthz after 60 s`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) startMs = performance.now() - started;
      } catch {
        await sleep(10); // not listening yet
      }
    }
    await sleep(IDLE_MS);
    return { startMs, ...memory(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
  }
}

// The compiled side runs what `npm start` runs: build first when dist/ is missing or stale (not timed).
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const results: Record<Mode, Array<{ startMs: number; rss: number; peak: number }>> = { tsx: [], compiled: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternating (and swapping who goes first) so neither side has the warmer file cache throughout.
  const order: Mode[] = round % 2 === 0 ? ['tsx', 'compiled'] : ['compiled', 'tsx'];
  for (const mode of order) results[mode].push(await once(mode));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(
  `start-up to /healthz and RSS after ${IDLE_MS / 1000} s idle, ${ROUNDS} start(s) each, Node ${process.version}, load average ${load}`,
);
for (const mode of Object.keys(MODES) as Mode[]) {
  const r = results[mode];
  const all = r.map((x) => `${(x.startMs / 1000).toFixed(2)} s/${x.rss.toFixed(0)} MB`).join(', ');
  console.log(
    `${mode.padEnd(9)} start-up median ${(median(r.map((x) => x.startMs)) / 1000).toFixed(2)} s  idle RSS median ${median(r.map((x) => x.rss)).toFixed(0)} MB  peak ${median(r.map((x) => x.peak)).toFixed(0)} MB  (${all})`,
  );
}
const ratio = median(results.compiled.map((x) => x.startMs)) / median(results.tsx.map((x) => x.startMs));
const saved = median(results.tsx.map((x) => x.rss)) - median(results.compiled.map((x) => x.rss));
console.log(`compiled: ${(ratio * 100).toFixed(0)}% of tsx's start-up time, ${saved.toFixed(0)} MB less RSS`);
