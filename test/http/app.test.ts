import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { CODE, DETAILS, tech } from '../support/desk.js';

const logger = createLogger('silent');
let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('the HTTP server', () => {
  it('answers health, readiness and Prometheus metrics that count transitions', async () => {
    app = await createApp(loadConfig({}), { logger, platforms: [] });
    const port = await app.start(0);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const r = await app.desk.start({
      requester: tech,
      open: async () => ({ platform: 'slack', channel: 'C1', thread: '1.1' }),
      text: `${CODE}\n${DETAILS}`,
    });
    expect(r.ok).toBe(true);
    if (r.ok) await app.desk.submit(r.request.id, tech);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/camreset_transitions_total\{state="awaiting_support"\} 1/);
    expect(metrics).toMatch(/camreset_requests\{state="awaiting_support"\} 1/);
    expect(metrics).not.toContain(CODE);
  });

  it('answers 404 for unknown paths and never shows a stack trace', async () => {
    app = await createApp(loadConfig({}), { logger, platforms: [] });
    const port = await app.start(0);
    const res = await fetch(`http://127.0.0.1:${port}/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/at .*\(/);
  });

  it('reports not ready while the state store cannot be reached', async () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', DATA_KEY: Buffer.alloc(32, 1).toString('base64') });
    app = await createApp(config, { logger, platforms: [], prefix: `camreset-test-ready-${process.pid}` });
    const port = await app.http.listen(0);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not ready' });
    await app.http.close();
    await app.stop().catch(() => undefined);
    app = undefined;
  });
});
