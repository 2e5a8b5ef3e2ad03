// Bounded requests: every route refuses a body over its limit with 413 before reading it (by
// Content-Length, or by counting a chunked body), routes without a body read nothing, and slow
// clients are cut off. Through the real endpoints of the real app.

import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { HttpServer, HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { bigPost, slowClient } from '../support/http/bodies.js';
import { SIGNING_SECRET, SlackWorld, TECH, FIELD } from '../support/slack/harness.js';
import { signedHeaders, triggerId } from '../support/slack/requests.js';

const MiB = 1024 * 1024;
const logger = createLogger('silent');

let world: SlackWorld | undefined;
let app: App | undefined;
let server: HttpServer | undefined;
afterEach(async () => {
  await world?.stop();
  await app?.stop();
  await server?.close();
  world = app = server = undefined;
});

/** A signed slash command padded to `bytes`: only its size is wrong. */
function signedCommand(world: SlackWorld, bytes: number): { body: Buffer; headers: Record<string, string> } {
  const form = new URLSearchParams({
    team_id: world.fake.teamId,
    channel_id: FIELD,
    user_id: TECH,
    command: '/camreset',
    text: '',
    api_app_id: 'A0CAMRESET',
    response_url: world.fake.responseUrl(),
    trigger_id: triggerId(),
  }).toString();
  const text = `${form}&padding=${'x'.repeat(Math.max(0, bytes - form.length - 9))}`;
  return { body: Buffer.from(text), headers: signedHeaders(SIGNING_SECRET, text, 'application/x-www-form-urlencoded') };
}

describe('bounded request bodies', () => {
  it('refuses a Slack request over 1 MiB with 413, signed or not, declared or chunked, and acts on none of them', async () => {
    world = await SlackWorld.start({ driver: 'memory' });
    const port = world.port;
    const before = world.fake.calls.length;
    for (const contentLength of [true, false]) {
      const unsigned = await bigPost({ port, path: '/slack/events', bytes: 2 * MiB, contentLength });
      expect(unsigned).toMatchObject({ status: 413, closed: true });
      const signed = signedCommand(world, MiB + 1);
      expect(await bigPost({ port, path: '/slack/events', body: signed.body, headers: signed.headers, contentLength })).toMatchObject({
        status: 413,
      });
    }
    // Declared too large: refused before a byte of the body is read (the client barely started).
    const declared = await bigPost({ port, path: '/slack/events', bytes: 64 * MiB, contentLength: true });
    expect(declared.status).toBe(413);
    expect(declared.sent).toBeLessThan(16 * MiB);
    expect(world.fake.calls.length).toBe(before);
    // A signed command within the limit still goes through, chunked or not.
    for (const contentLength of [true, false]) {
      const ok = signedCommand(world, 900 * 1024);
      expect((await bigPost({ port, path: '/slack/events', body: ok.body, headers: ok.headers, contentLength })).status).toBe(200);
    }
    await world.fake.waitFor(
      () => world!.fake.messages().filter((m) => /Camera password reset CR-/.test(m.text)).length === 2,
      'a request from each command',
    );
  });

  it('refuses a Bot Framework activity over 1 MiB with 413 and a body sent to a route that takes none', async () => {
    app = await createApp(loadConfig({ PLAYGROUND: 'off' }), { logger });
    const port = await app.start(0);
    for (const contentLength of [true, false]) {
      expect((await bigPost({ port, path: '/api/messages', bytes: MiB + 1, contentLength })).status).toBe(413);
      // GET routes and unknown paths read nothing: the body is refused, or the path unknown, and the connection closed.
      const health = await rawRequest(
        port,
        `GET /healthz HTTP/1.1\r\nHost: x\r\n${contentLength ? 'Content-Length: 5\r\n\r\nhello' : 'Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'}`,
      );
      expect(health).toMatch(/^HTTP\/1\.1 413/);
      expect(health).toMatch(/connection: close/i);
      expect(await rawRequest(port, `POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 67108864\r\n\r\nabc`)).toMatch(
        /^HTTP\/1\.1 404[^]*connection: close/i,
      );
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('cuts off a client that sends its headers or its body too slowly', async () => {
    server = new HttpServer({ logger, ready: async () => undefined, headersTimeoutMs: 600, requestTimeoutMs: 1200 });
    let reached = 0;
    server.route('POST', '/in', (_req, res) => void (reached++, res.end('ok')), { maxBodyBytes: 1024 });
    const port = await server.listen(0, '127.0.0.1');
    const head = 'POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nX-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n';
    const slowHeaders = await slowClient({ port, head, everyMs: 100, giveUpMs: 8000 });
    expect(slowHeaders.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(slowHeaders.closedAfterMs).toBeLessThan(4000);
    const slowBody = await slowClient({ port, head, body: 'x'.repeat(100), headAtOnce: true, everyMs: 100, giveUpMs: 8000 });
    expect(slowBody.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(slowBody.closedAfterMs).toBeLessThan(5000);
    expect(reached).toBe(0);
  });

  it("runs the app with header and request timeouts far below Node's defaults", async () => {
    app = await createApp(loadConfig({ PLAYGROUND: 'off' }), { logger, platforms: [] });
    await app.start(0);
    expect(app.http.server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(app.http.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
  });
});

/** Writes `text` on a fresh connection and returns everything the server answered before closing. */
function rawRequest(port: number, text: string): Promise<string> {
  return slowClient({ port, head: text, headAtOnce: true, everyMs: 10, giveUpMs: 3000 }).then((r) => r.answer);
}
