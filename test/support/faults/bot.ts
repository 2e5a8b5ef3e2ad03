// Fault-test kit: a redis-server of the test's own (spare port, temp dir, append-only file),
// the real bot (src/main.ts) as its own process, a proxy in front of the Slack fake that can
// hold or slow chosen Web API calls (to catch the bot in the middle of one), and the moves of
// a Slack story sent to whichever bot process is alive now.
//
//   const redis = await RedisServer.start();           // redis.url, redis.kill('SIGKILL'), redis.start()
//   const fake = await SlackFake.start();
//   const proxy = await SlackProxy.start(fake);        // SLACK_API_URL = proxy.url
//   const bot = await BotProcess.start(botEnv({ redis, proxy, dataKey }));
//   const story = new ProcessStory(fake, () => bot.port);
//   bot.kill('SIGKILL'); await bot.exited;

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, it } from 'vitest';
import type { RequestStore } from '../../../src/core/ports.js';
import { systemClock } from '../../../src/core/ports.js';
import type { ResetRequest } from '../../../src/core/request.js';
import { createDrivers, type Drivers } from '../../../src/drivers/index.js';
import { createLogger } from '../../../src/logger.js';
import { SlackFake } from '../slack/fake.js';
import { signedHeaders, triggerId } from '../slack/requests.js';
import { AGENT, AGENTS_GROUP, SUPPORT, SlackStory } from '../slack/story.js';
import type { Topology } from './topology.js';

export { AGENT, AGENTS_GROUP, FIELD, SUPPORT, TECH, count, hasButton, textOf, type Thread } from '../slack/story.js';
export const SIGNING_SECRET = 'slack-signing-secret-for-fault-tests';

const root = new URL('../../..', import.meta.url).pathname;
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/**
 * `it` for tests that start their own redis-server: runs when the binary is on PATH, fails
 * under CI when it is not (the spawn fails), and is skipped with a reason otherwise.
 */
export function itWithRedisServer(name: string, fn: () => Promise<void>, timeout: number): void {
  const run = hasRedisServer || process.env.CI === 'true';
  if (!run) console.warn(`[camreset tests] skipping "${name}": no redis-server on PATH (install redis, e.g. apt-get install redis-server)`);
  it.runIf(run)(name, fn, timeout);
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

// --- redis-server -----------------------------------------------------------------------

/** A redis-server of the test's own, append-only with fsync on every write, in a temp dir. */
export class RedisServer {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'camreset-faults-')));
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts (or restarts) the server on the same port and dir; resolves once it answers PING. */
  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    const failed = new Promise<never>((_, reject) => child.once('error', reject));
    failed.catch(() => undefined);
    for (let i = 0; i < 100; i++) {
      if (this.cli('ping').includes('PONG')) return;
      await Promise.race([sleep(100), failed]);
    }
    throw new Error('redis-server did not start');
  }

  /** Runs redis-cli against this server; returns its stdout. */
  cli(...args: string[]): string {
    // stdout is null when redis-cli could not be started at all.
    const run = spawnSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8' }) as { stdout: string | null };
    return run.stdout ?? '';
  }

  /** Sends `signal` and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await gone;
  }

  async stop(): Promise<void> {
    await this.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// --- the bot process --------------------------------------------------------------------

export interface BotEnvOptions {
  /** One server; or `redis`, the REDIS_* variables of another topology (see topology.ts). */
  redisUrl?: string;
  redis?: Record<string, string>;
  dataKey: string;
  slackApiUrl: string;
  validity: string;
  warnBefore: string;
}

/** The environment an operator would give the bot: Redis, the key, Slack in HTTP mode. */
export function botEnv(o: BotEnvOptions): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...(o.redis ?? { REDIS_URL: o.redisUrl ?? '' }),
    DATA_KEY: o.dataKey,
    SLACK_BOT_TOKEN: 'xoxb-fault-tests',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: o.slackApiUrl,
    SLACK_SUPPORT_CHANNEL: SUPPORT,
    SLACK_SUPPORT_USERGROUP: AGENTS_GROUP,
    CHALLENGE_VALIDITY: o.validity,
    WARN_BEFORE: o.warnBefore,
    PLAYGROUND: 'off',
  };
}

/**
 * src/main.ts as its own process: node with tsx's loader, so `pid` is the bot's own; `args`
 * (node's arguments) and `cwd` start another entry instead, e.g. a compiled build's main.js.
 */
export class BotProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Everything the process wrote (pino JSON lines on stdout, anything else on stderr). */
  output = '';
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode, at: Date.now() });
      else child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
    });
  }

  static start(env: Record<string, string>, args = ['--import', 'tsx', 'src/main.ts'], cwd = root): Promise<BotProcess> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      let bot: BotProcess | undefined;
      const take = (d: Buffer) => {
        output += d.toString();
        if (bot) bot.output = output;
        const port = /listening on http:\/\/(?:\[[^\]]*\]|[^/:\s]+):(\d+)/.exec(output)?.[1];
        if (port && !bot) {
          bot = new BotProcess(child, Number(port));
          bot.output = output;
          resolve(bot);
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.once('exit', (code, signal) => {
        if (!bot) reject(new Error(`the bot exited (${code ?? signal}) before listening:\n${output}`));
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGKILL, and wait until the process is gone. */
  async crash(): Promise<void> {
    this.kill('SIGKILL');
    await this.exited;
  }
}

// --- a proxy in front of the Slack fake ----------------------------------------------------

export interface ProxiedCall {
  method: string;
  args: Record<string, unknown>;
}

type Rule = { match: (call: ProxiedCall) => boolean; action: 'hold' | { delayMs: number }; once: boolean; hit?: () => void };

/**
 * Sits between the bot and the Slack fake. `hold(match)` keeps the first matching call from
 * ever reaching Slack (the bot is left waiting on it, as on a slow network) and resolves once
 * it has arrived; `delay(match, ms)` slows every matching call down.
 */
export class SlackProxy {
  private readonly rules: Rule[] = [];
  private readonly server: Server;
  private origin = '';
  /** Calls held and never forwarded. */
  readonly held: ProxiedCall[] = [];
  /** Every call the bot made, in order of arrival. */
  readonly calls: ProxiedCall[] = [];
  private readonly watchers: Array<{ match: (call: ProxiedCall) => boolean; resolve: (call: ProxiedCall) => void }> = [];

  private constructor(private readonly fake: SlackFake) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(fake: SlackFake): Promise<SlackProxy> {
    const proxy = new SlackProxy(fake);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.origin = `http://127.0.0.1:${(proxy.server.address() as { port: number }).port}`;
    return proxy;
  }

  get url(): string {
    return `${this.origin}/api/`;
  }

  /** Holds the next matching call for good; resolves when the bot has made it. */
  hold(match: (call: ProxiedCall) => boolean): Promise<ProxiedCall> {
    return new Promise((resolve) => {
      const rule: Rule = { match, action: 'hold', once: true };
      rule.hit = () => resolve(this.held.at(-1)!);
      this.rules.push(rule);
    });
  }

  /** Resolves with the first call (made so far or later) that matches. */
  seen(match: (call: ProxiedCall) => boolean, timeoutMs = 10_000): Promise<ProxiedCall> {
    const earlier = this.calls.find(match);
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a call to Slack')), timeoutMs);
      this.watchers.push({
        match,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      });
    });
  }

  delay(match: (call: ProxiedCall) => boolean, delayMs: number): void {
    this.rules.push({ match, action: { delayMs }, once: false });
  }

  clear(): void {
    this.rules.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const call: ProxiedCall = {
      method: path.replace(/^\/api\//, '').split('?')[0]!,
      args: parseArgs(raw.toString('utf8'), req.headers['content-type']),
    };
    this.calls.push(call);
    for (const w of this.watchers.filter((w) => w.match(call))) {
      this.watchers.splice(this.watchers.indexOf(w), 1);
      w.resolve(call);
    }
    const i = this.rules.findIndex((r) => r.match(call));
    const rule = i === -1 ? undefined : this.rules[i]!;
    if (rule?.once) this.rules.splice(i, 1);
    if (rule?.action === 'hold') {
      this.held.push(call);
      rule.hit?.();
      return; // never answered: the bot waits until it dies (or its client times out)
    }
    if (rule) await sleep(rule.action.delayMs);
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'authorization']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
    try {
      const answer = await fetch(new URL(path, this.fake.url).toString(), {
        method: req.method ?? 'POST',
        headers,
        body: raw.length ? raw : undefined,
      });
      const out: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/json' };
      const retryAfter = answer.headers.get('retry-after');
      if (retryAfter) out['retry-after'] = retryAfter;
      res.writeHead(answer.status, out);
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.destroy();
    }
  }
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  return out;
}

// --- the story's moves --------------------------------------------------------------------

/** The moves of a Slack story, each signed and sent to whichever bot `port()` names now. */
export class ProcessStory extends SlackStory {
  protected readonly signingSecret = SIGNING_SECRET;
  // A bot process may be starting up or catching up after a kill.
  protected override readonly timeoutMs = 10_000;
  constructor(
    readonly fake: SlackFake,
    private readonly port: () => number,
  ) {
    super();
  }

  protected endpoint(): string {
    return `http://127.0.0.1:${this.port()}/slack/events`;
  }

  /**
   * A signed `/camreset` whose body arrives in two parts, on a keep-alive connection: the bot
   * holds a request in flight until `finish()` sends the rest. Resolves to the HTTP status
   * (undefined when the connection failed).
   */
  slowCommand(user: string, channel: string): { finish: () => void; status: Promise<number | undefined> } {
    const body = new URLSearchParams({
      team_id: this.fake.teamId,
      channel_id: channel,
      channel_name: 'field-team',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/camreset',
      text: '',
      api_app_id: 'A0CAMRESET',
      response_url: this.fake.responseUrl(),
      trigger_id: triggerId(),
    }).toString();
    const headers = {
      ...signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'),
      'content-length': String(Buffer.byteLength(body)),
    };
    const agent = new Agent({ keepAlive: true });
    const req = request({ host: '127.0.0.1', port: this.port(), path: '/slack/events', method: 'POST', headers, agent });
    const status = new Promise<number | undefined>((resolve) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve(undefined));
    });
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    req.flushHeaders();
    return { finish: () => req.end(body.slice(half)), status };
  }
}

// --- one suite's world --------------------------------------------------------------------

/**
 * The world of one fault suite, with its hooks registered: a redis-server of its own for the
 * suite, and per test a Slack fake behind a proxy (`setup()`), bot processes (`startBot()`,
 * all SIGKILLed after the test) and a read-only view of the bot's store (`stored(id)`).
 */
export function faultKit(o: { validity: string; warnBefore: string; prefix?: string; topology?: () => Promise<Topology> }) {
  const dataKey = randomBytes(32).toString('base64');
  const bots: BotProcess[] = [];
  let drivers: Drivers | undefined;
  const kit = {
    redis: undefined as RedisServer | undefined,
    /** The suite's Sentinel or Cluster topology, when `o.topology` starts one instead of a server. */
    topology: undefined as Topology | undefined,
    fake: undefined as unknown as SlackFake,
    proxy: undefined as unknown as SlackProxy,
    dataKey,
    /** A fresh Slack workspace (agents in the user group, the bot in the support channel) behind the proxy. */
    async setup(): Promise<void> {
      kit.fake = await SlackFake.start();
      kit.fake.usergroup(AGENTS_GROUP, [AGENT]).channelMembers(SUPPORT, [AGENT, kit.fake.botUserId]);
      kit.proxy = await SlackProxy.start(kit.fake);
    },
    env: (): Record<string, string> =>
      botEnv({
        ...(kit.topology ? { redis: kit.topology.env } : { redisUrl: kit.redis!.url }),
        dataKey,
        slackApiUrl: kit.proxy.url,
        validity: o.validity,
        warnBefore: o.warnBefore,
      }),
    async startBot(): Promise<BotProcess> {
      const bot = await BotProcess.start(kit.env());
      bots.push(bot);
      return bot;
    },
    /** The store as the bot sees it (read-only use). */
    async store(): Promise<RequestStore> {
      drivers ??= await createDrivers({
        redis: kit.topology?.target ?? { kind: 'url', url: kit.redis!.url },
        prefix: o.prefix ?? 'camreset',
        dataKey,
        clock: systemClock,
        logger: createLogger('silent'),
      });
      return drivers.store;
    },
    async stored(id: string): Promise<ResetRequest> {
      const r = await (await kit.store()).get(id);
      if (!r) throw new Error(`${id} is not in Redis`);
      return r;
    },
  };
  beforeAll(async () => {
    // Without the binary the tests are skipped (or fail under CI); don't fail the hook.
    const spare = (err: unknown) => {
      if (process.env.CI === 'true') throw err;
      return undefined;
    };
    if (o.topology) kit.topology = await o.topology().catch(spare);
    else kit.redis = await RedisServer.start().catch(spare);
  }, 60_000);
  afterEach(async () => {
    for (const b of bots.splice(0)) b.kill('SIGKILL');
    await drivers?.close();
    drivers = undefined;
    // Both are still unset when setup() failed before starting them.
    await (kit.proxy as SlackProxy | undefined)?.close();
    await (kit.fake as SlackFake | undefined)?.close();
    kit.redis?.cli('flushall');
    kit.topology?.flush();
  });
  afterAll(async () => {
    await kit.redis?.stop();
    await kit.topology?.stop();
  });
  return kit;
}
