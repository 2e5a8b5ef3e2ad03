// Redis goes away for 20 seconds in the middle of a request: people get a clear "temporarily
// unavailable", readiness says not ready, and afterwards every request and timer is intact.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { plainText } from '../../src/core/rich.js';
import { createLogger } from '../../src/logger.js';
import { CODE, DETAILS, agent, tech } from '../support/desk.js';
import { describeRedis } from '../support/redis.js';
import { RecordingSurface } from '../support/surface.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describeRedis('a Redis outage in the middle of a request', () => {
  const dir = mkdtempSync(join(tmpdir(), 'camreset-aof-'));
  let redis: ChildProcess | undefined;
  let app: App | undefined;
  afterAll(async () => {
    await app?.stop().catch(() => undefined);
    redis?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const startRedis = async (port: number) => {
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 50; i++) {
      // Node's types say string, but stdout is null when redis-cli could not be spawned at all.
      if ((spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout as string | null)?.includes('PONG')) return;
      await sleep(100);
    }
    throw new Error('redis-server did not start');
  };

  it.runIf(hasRedisServer || process.env.CI === 'true')(
    'refuses politely while Redis is down, then finishes the flow with each warning sent once',
    async () => {
      const port = await freePort();
      await startRedis(port);
      const config = loadConfig({
        REDIS_URL: `redis://127.0.0.1:${port}`,
        DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
        CHALLENGE_VALIDITY: '40s',
        WARN_BEFORE: '30s,10s',
      });
      const surface = new RecordingSurface();
      app = await createApp(config, { logger: createLogger('silent'), platforms: [] });
      app.router.add(surface);
      app.agents.set('slack', { isAgent: async (a) => a.id === agent.id });
      const httpPort = await app.start(0);
      const ready = async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status;

      const started = await app.desk.start({
        requester: tech,
        open: async () => ({ platform: 'slack', channel: 'C1', thread: '1.1' }),
        text: `${CODE}\n${DETAILS}`,
      });
      if (!started.ok) throw new Error('start refused');
      const id = started.request.id;
      expect((await app.desk.submit(id, tech)).ok).toBe(true);
      await app.desk.attachSupportCard(id, { platform: 'slack', channel: 'CSUP', thread: '2.2' });

      // Redis goes down (SIGTERM: it writes its AOF and exits), for 20 seconds.
      redis!.kill('SIGTERM');
      await new Promise((r) => redis!.once('exit', r));
      const downAt = Date.now();
      const claim = await app.desk.claim(id, agent);
      expect(claim.ok).toBe(false);
      if (!claim.ok) {
        expect(claim.refusal.code).toBe('unavailable');
        expect(plainText({ lines: claim.refusal.lines })).toMatch(/temporarily unavailable — your request is safe, try again in a moment/);
      }
      expect(Date.now() - downAt).toBeLessThan(5000);
      expect(await ready()).toBe(503);
      await sleep(20_000 - (Date.now() - downAt));

      await startRedis(port);
      for (let i = 0; i < 50 && (await ready()) !== 200; i++) await sleep(200);
      expect(await ready()).toBe(200);
      const back = await app.desk.get(id);
      expect(back?.state).toBe('awaiting_support');
      expect(back?.challenge?.code).toBe(CODE);
      expect((await app.desk.claim(id, agent)).ok).toBe(true);

      // The 30s-before warning fell in the outage and goes out late; the 10s one on time.
      const expiresAt = back!.challenge!.expiresAt;
      while (Date.now() < expiresAt - 9_000) await sleep(250);
      await sleep(1500);
      expect(surface.count('warning', 'requester')).toBe(2);
      expect(surface.count('warning', 'support')).toBe(2);
    },
    60_000,
  );
});
