import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { playgroundAppConfig } from '../../src/platforms/playground/index.js';
import { DEFAULT_SUPPORT_CHANNEL } from '../../src/platforms/playground/identities.js';
import { echoBot } from '../support/playground/echo-bot.js';
import { type PlaygroundRig, startPlayground } from '../support/playground/directline.js';

let rig: PlaygroundRig | undefined;
let app: App | undefined;
afterEach(async () => {
  await rig?.app.stop();
  await app?.stop();
  rig = undefined;
  app = undefined;
});

const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

describe('the playground page', () => {
  it('is served with a Content-Security-Policy that allows scripts and connections from its own origin only', async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory);
    const res = await fetch(`${rig.base}/`);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy') ?? '');
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    // blob: only for the files a person attaches, which Direct Line reads from their blob: URL.
    expect(csp.get('connect-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // No other origin anywhere in the policy, and no inline script or eval.
    for (const [, values] of csp) for (const v of values) expect(v).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:)$/);
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/); // every script is a file from this origin
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(html).toContain('This is a local playground.');
    expect(html).toMatch(/href="\/playground\/docs\/slack\.md"/);
  });

  it('serves Web Chat, its own script and the README from the bot itself', async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory);
    const webchat = await fetch(`${rig.base}/playground/webchat.js`);
    expect(webchat.status).toBe(200);
    expect(webchat.headers.get('content-type')).toMatch(/javascript/);
    expect((await webchat.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
    const script = await (await fetch(`${rig.base}/playground/app.js`)).text();
    expect(script).not.toMatch(/https?:\/\/(?!\$\{)/);
    expect((await fetch(`${rig.base}/playground/docs/README.md`)).headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it("reports the virtual clock and each open request's deadline, and changes the speed on request", async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory);
    const status = async () =>
      (await (await fetch(`${rig!.base}/playground/status`)).json()) as {
        now: number;
        scale: number;
        adjustable: boolean;
        requests: unknown[];
      };
    expect(await status()).toMatchObject({ scale: 1, adjustable: true, requests: [] });
    const post = (body: string, type = 'application/json') =>
      fetch(`${rig!.base}/playground/time-scale`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('{"scale":600}')).status).toBe(200);
    expect((await status()).scale).toBe(600);
    expect((await post('{"scale":0}')).status).toBe(400);
    expect((await post('scale=60', 'application/x-www-form-urlencoded')).status).toBe(400);
    const before = (await status()).now;
    await new Promise((r) => setTimeout(r, 100));
    expect((await status()).now - before).toBeGreaterThanOrEqual(600 * 50);
  });

  it('turns off when Slack or Teams credentials are set, unless PLAYGROUND=on', async () => {
    const off = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(off.playground.enabled).toBe(false);
    app = await createApp(off, { logger: createLogger('silent'), platforms: [] });
    const port = await app.start(0);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/playground/status`)).status).toBe(404);
    expect(app.playground).toBeUndefined();
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PLAYGROUND: 'on' }).playground.enabled).toBe(true);
  });
});

describe("the playground's own app", () => {
  it("runs on a configuration of its own whatever the deployment's: no Slack, no Teams app id, no Redis, loopback only, the Support pane as its Teams support channel", () => {
    const deployment = loadConfig({
      PORT: '8080',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      MicrosoftAppId: 'id',
      MicrosoftAppPassword: 'pw',
      TEAMS_SUPPORT_CHANNEL: '19:real@thread.tacv2',
      TEAMS_SUPPORT_AGENTS: '2b6b0e4d-1c2a-4f5e-9a8b-0c1d2e3f4a5b',
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      CHALLENGE_VALIDITY: '30m',
      WARN_BEFORE: '10m',
      PLAYGROUND: 'on',
    });
    const own = playgroundAppConfig(deployment);
    expect(own).toMatchObject({ port: 0, host: '127.0.0.1', settings: deployment.settings, playground: { enabled: false } });
    expect(own.teams).toEqual({
      supportChannel: DEFAULT_SUPPORT_CHANNEL,
      agents: [],
      allowedTenants: [],
      serviceUrlAllowlist: [],
      botFramework: {},
    });
    expect(own.slack).toBeUndefined();
    expect(own.redis).toBeUndefined();
    expect(own.dataKey).toBeUndefined();
  });

  it('runs its clock at PLAYGROUND_TIME_SCALE, and the deployment keeps real time', async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory, { PLAYGROUND_TIME_SCALE: '60' });
    const status = (await (await fetch(`${rig.base}/playground/status`)).json()) as { scale: number };
    expect(status.scale).toBe(60);
    const before = { deployment: Date.now(), own: rig.own.desk.now() };
    await new Promise((r) => setTimeout(r, 200));
    expect(rig.own.desk.now() - before.own).toBeGreaterThanOrEqual(60 * 150);
    expect(Math.abs(rig.app.desk.now() - Date.now())).toBeLessThan(50);
  });
});
