// The build as production runs it: `npm run build` into an outDir of the test's own, then the
// compiled bot started with plain node (no tsx loader, from another working directory, no
// platform credentials) answers /healthz and serves the playground with its files, and the
// compiled audit command runs, reading a Redis store through the scripts the build copied. Also:
// the staleness check `npm start` relies on.

import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.js';
import { createCipher } from '../../src/drivers/redis/cipher.js';
import { createStoreConnection } from '../../src/drivers/redis/connection.js';
import { RedisStore } from '../../src/drivers/redis/store.js';
import { sampleRequest } from '../drivers/contract.js';
import { BotProcess } from '../support/faults/bot.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from '../support/redis.js';

const root = new URL('../..', import.meta.url).pathname;
// Inside the project, like dist/: the compiled code finds node_modules by walking up from itself.
const outDir = mkdtempSync(join(root, 'dist-test-'));
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1' };
let bot: BotProcess | undefined;
let build: { stdout: string; stderr: string };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  build = await promisify(execFile)('npm', ['run', 'build', '--', '--outDir', basename(outDir)], { cwd: root, encoding: 'utf8' });
  bot = await BotProcess.start(env, [join(outDir, 'main.js')], tmpdir());
}, 90_000);

afterAll(async () => {
  if (bot) {
    bot.kill('SIGTERM');
    await bot.exited;
  }
  rmSync(outDir, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('compiles src/ to JavaScript with the files src/ reads at run time beside it, and no TypeScript', () => {
    expect(build.stderr).toMatch(/build: \d+ files in dist-test-/);
    const files = filesUnder(outDir).map((f) => f.slice(outDir.length + 1));
    expect(files).toEqual(
      expect.arrayContaining([
        'main.js',
        'app.js',
        'audit/cli.js',
        'platforms/playground/public/app.js',
        'platforms/playground/public/app.css',
        '.build.json',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('says a build is due once a source is newer than it, and not before', () => {
    const check = () =>
      spawnSync(process.execPath, ['scripts/build.mjs', '--check', '--outDir', basename(outDir)], { cwd: root, encoding: 'utf8' });
    expect(check().status).toBe(0);
    const marker = join(outDir, '.build.json');
    utimesSync(marker, new Date('2020-01-01'), new Date('2020-01-01'));
    const stale = check();
    expect(stale.status).toBe(1);
    expect(stale.stdout).toMatch(/changed after the last build: npm run build is due/);
    rmSync(marker);
    expect(check().stdout).toMatch(/has no complete build/);
  });
});

describe('the compiled bot (node main.js, no tsx)', () => {
  it('answers /healthz and /readyz', async () => {
    expect(bot!.output).toMatch(/camreset listening on http:\/\/127\.0\.0\.1:\d+/);
    expect((await fetch(`http://127.0.0.1:${bot!.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${bot!.port}/readyz`)).status).toBe(200);
  });

  it('serves the playground page, its own script and style, Web Chat and the README it links to', async () => {
    const get = (path: string) => fetch(`http://127.0.0.1:${bot!.port}${path}`);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>camreset playground</title>');
    const script = await get('/playground/app.js');
    expect(script.status).toBe(200);
    expect(await script.text()).toBe(readFileSync(join(root, 'src/platforms/playground/public/app.js'), 'utf8'));
    expect((await get('/playground/app.css')).status).toBe(200);
    const webchat = await get('/playground/webchat.js');
    expect(webchat.status).toBe(200);
    expect(Number(webchat.headers.get('content-length'))).toBeGreaterThan(1_000_000);
    const readme = await get('/playground/docs/README.md');
    expect(readme.status).toBe(200);
    expect(await readme.text()).toMatch(/^# camreset/);
  });

  it('runs the audit command compiled: a bad option and a missing REDIS_URL are told plainly', () => {
    const cli = join(outDir, 'audit', 'cli.js');
    expect(existsSync(cli)).toBe(true);
    const bad = spawnSync(process.execPath, [cli, '--format', 'xml'], { cwd: tmpdir(), env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format: expected csv or json/);
    const noRedis = spawnSync(process.execPath, [cli], { cwd: tmpdir(), env, encoding: 'utf8' });
    expect(noRedis.status).toBe(2);
    expect(noRedis.stderr).toMatch(/The audit trail lives in Redis: set REDIS_URL/);
  });
});

describeRedis('the compiled store (node, no tsx)', () => {
  const prefix = uniquePrefix('compiled');
  afterAll(() => cleanupPrefix(prefix));

  it('reads a Redis store with the Lua scripts the build copied beside it (commands/*.lua)', async () => {
    const dataKey = randomBytes(32).toString('base64');
    const store = new RedisStore({ redis: createStoreConnection(redisUrl), prefix, cipher: createCipher(dataKey), clock: systemClock });
    try {
      await store.create(sampleRequest('CR-BUILT', Date.now()));
    } finally {
      await store.close();
    }
    expect(filesUnder(join(outDir, 'drivers/redis/commands')).map((f) => basename(f))).toEqual(
      expect.arrayContaining(['saveRequest-4.lua', 'scanRequests-1.lua', 'openCounts.lua']),
    );
    const cli = join(outDir, 'audit', 'cli.js');
    const audit = spawnSync(process.execPath, [cli, '--since', '1h', '--prefix', prefix], {
      cwd: tmpdir(),
      env: { ...env, REDIS_URL: redisUrl, DATA_KEY: dataKey },
      encoding: 'utf8',
    });
    expect(audit.stderr).toMatch(/1 request\(s\) since/);
    expect(audit.status).toBe(0);
    expect(audit.stdout).toContain('CR-BUILT');
  });
});
