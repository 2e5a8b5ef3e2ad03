// A local fake of the Slack Web API for end-to-end tests. It listens on 127.0.0.1, records every
// call (method, parsed arguments, time, answer), answers like Slack's documented responses, and
// is strict where Slack is: malformed Block Kit and views are rejected with Slack's error shape,
// the bot cannot post where it is not a member, and it can rate-limit with 429 + Retry-After.
//
//   const fake = await SlackFake.start();
//   env.SLACK_API_URL = fake.url;                 // http://127.0.0.1:PORT/api/
//   fake.usergroup('SAGENTS', ['UAGENT1']);       // who is support
//   fake.externalMember('UEXT1');                 // a person of another organisation (Slack Connect)
//   fake.user('UDE1', 'jonas', { locale: 'de-DE' }); // users.info with include_locale says de-DE (else en-US)
//   fake.botNotIn('CPRIVATE');                    // chat.postMessage there -> not_in_channel
//   fake.rateLimitOnce('chat.postMessage');       // the next call gets 429, Retry-After: 1
//   fake.limitPostsPerChannel({ perSecond: 1, burst: 5 });
//   fake.failHttp('apps.connections.open', 3);   // the next 3 calls get HTTP 503 (an outage)
//   const end = fake.outage('users.info', { user: 'UDE1' }); // HTTP 500 for every call until end()
//   const held = fake.hold('chat.postMessage');  // the next call waits for held.release()
//   fake.answerWith('apps.connections.open', fn); // another fake serves a method (socket.ts)
//   ... drive the app ...
//   fake.messages('CSUPPORT'); fake.calls; fake.readableText(...); await fake.close();
//
// `response_url`s the app is given (see responseUrl()) point here too and are recorded as calls
// with method 'response_url'.
//
// Files: fake.file({ name, bytes }) is a file a person shared, served at its url_private and
// url_private_download only with a bot token (otherwise the HTML sign-in page, as Slack does);
// each download is recorded as a call with method 'file_download' and the bytes it sent.
// files.getUploadURLExternal, the POST to its upload_url and files.completeUploadExternal work as
// Slack documents them; fake.uploads holds what was shared where, with its bytes.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** Epoch ms when the call arrived. */
  at: number;
  /** HTTP status of the answer (200, or 429 when rate limited). */
  status: number;
  response: Record<string, unknown>;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
  /** How many times chat.update changed it. */
  updates: number;
}

/** A file a person shared, as Slack's file object has it (the fields camreset reads). */
export interface SlackFileObject {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
  permalink: string;
}

/** A file the app uploaded and shared (files.completeUploadExternal), with its bytes. */
export interface SlackUpload {
  id: string;
  filename: string;
  title?: string;
  channel?: string;
  thread_ts?: string;
  bytes: Buffer;
}

export interface SlackFakeOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

/** A person as users.info knows them: their home workspace, and for Enterprise Grid the org's workspaces they belong to. */
export interface SlackPerson {
  name: string;
  team: string;
  enterpriseTeams?: string[];
  bot?: boolean;
  /** Their Slack language (IETF tag, as Slack writes it: 'de-DE'); Slack's default is en-US. */
  locale?: string;
}

/** The workspace of the people externalMember() adds by default: another organisation's. */
export const EXTERNAL_TEAM = 'T0EXTERN';

interface Bucket {
  tokens: number;
  at: number;
}

/** Keys of Block Kit JSON that hold ids and types rather than words a person reads. */
const NOT_WORDS = new Set(['type', 'style', 'action_id', 'block_id', 'callback_id', 'private_metadata', 'value']);

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url']);

export class SlackFake {
  readonly calls: SlackCall[] = [];
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  private readonly server: Server;
  private origin = '';
  private readonly store = new Map<string, SlackMessage[]>();
  private readonly notMember = new Set<string>();
  private readonly botDms = new Map<string, string>();
  private readonly members = new Map<string, string[]>();
  private readonly groups = new Map<string, string[]>();
  private readonly users = new Map<string, SlackPerson>();
  private readonly onceLimits: Array<{ method: string; retryAfter: number; channel?: string }> = [];
  private readonly failures: Array<{ method: string; error: string }> = [];
  private readonly down = new Set<string>();
  private readonly httpFailures: Array<{ method: string; status: number }> = [];
  private readonly outages = new Set<{ method: string; user?: string; status: number }>();
  private readonly holds: Array<{ method: string; arrived: () => void; released: Promise<void> }> = [];
  private readonly answers = new Map<string, (args: Record<string, unknown>) => Record<string, unknown>>();
  private channelLimit: { perSecond: number; burst: number; retryAfter: number } | undefined;
  private readonly buckets = new Map<string, Bucket>();
  private seq = 0;
  private responseSeq = 0;
  private readonly shared = new Map<string, { file: SlackFileObject; bytes: Buffer; contentLength: boolean }>();
  /** Upload URLs handed out: key -> the file being uploaded and, once POSTed, its bytes. */
  private readonly uploadUrls = new Map<string, { id: string; filename: string; length: number; bytes?: Buffer }>();
  private readonly uploadFailures: number[] = [];
  /** Files the app shared with files.completeUploadExternal, in order. */
  readonly uploads: SlackUpload[] = [];

  private constructor(options: SlackFakeOptions) {
    this.botUserId = options.botUserId ?? 'UBOT';
    this.botId = options.botId ?? 'BBOT';
    this.teamId = options.teamId ?? 'T0001';
    this.users.set(this.botUserId, { name: 'camreset', team: this.teamId, bot: true });
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(options: SlackFakeOptions = {}): Promise<SlackFake> {
    const fake = new SlackFake(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    fake.origin = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** Base URL of the Web API, for SLACK_API_URL. */
  get url(): string {
    return `${this.origin}/api/`;
  }

  /** A fresh response_url, as Slack puts in slash commands and block actions. */
  responseUrl(): string {
    return `${this.origin}/response/${++this.responseSeq}`;
  }

  // --- the workspace ------------------------------------------------------------------

  /** A person of the app's own workspace (or, with `team`, of another). */
  user(id: string, name: string, options: { team?: string; enterpriseTeams?: string[]; locale?: string } = {}): this {
    this.users.set(id, {
      name,
      team: options.team ?? this.teamId,
      ...(options.enterpriseTeams ? { enterpriseTeams: [...options.enterpriseTeams] } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
    });
    return this;
  }

  /**
   * A person of another organisation, met through a Slack Connect channel: users.info gives
   * their own workspace's team_id. Add them to a channel or group with channelMembers()/usergroup().
   */
  externalMember(id: string, options: { name?: string; team?: string } = {}): this {
    return this.user(id, options.name ?? id.toLowerCase(), { team: options.team ?? EXTERNAL_TEAM });
  }

  usergroup(id: string, users: string[]): this {
    this.groups.set(id, [...users]);
    this.knowAll(users);
    return this;
  }

  /** Members of a channel, as conversations.members lists them. */
  channelMembers(channel: string, users: string[]): this {
    this.members.set(channel, [...users]);
    this.knowAll(users);
    return this;
  }

  /** Members named without user() or externalMember() are people of the app's own workspace. */
  private knowAll(users: string[]): void {
    for (const id of users) if (!this.users.has(id)) this.users.set(id, { name: id.toLowerCase(), team: this.teamId });
  }

  /** The bot is not a member: posting there fails with not_in_channel. */
  botNotIn(channel: string): this {
    this.notMember.add(channel);
    return this;
  }

  /** The bot was invited after all: posting there works from now on. */
  botJoins(channel: string): this {
    this.notMember.delete(channel);
    return this;
  }

  /** The next call of `method` (to `channel`, when given) gets a 429 with Retry-After. */
  rateLimitOnce(method: string, options: { retryAfter?: number; channel?: string } = {}): this {
    this.onceLimits.push({ method, retryAfter: options.retryAfter ?? 1, ...(options.channel ? { channel: options.channel } : {}) });
    return this;
  }

  /** Every post into `channel` fails (`service_unavailable`) until `reachable(channel)`: an outage for that conversation. */
  unreachable(channel: string): this {
    this.down.add(channel);
    return this;
  }

  reachable(channel: string): this {
    this.down.delete(channel);
    return this;
  }

  /** The next call of `method` fails with Slack's `{ ok: false, error }`. */
  failOnce(method: string, error = 'internal_error'): this {
    this.failures.push({ method, error });
    return this;
  }

  /** The next `times` calls of `method` get HTTP `status` with no Slack answer: an outage, which the client retries. */
  failHttp(method: string, times = 1, status = 503): this {
    for (let i = 0; i < times; i++) this.httpFailures.push({ method, status });
    return this;
  }

  /**
   * Every call of `method` (about `user`, when given: its `user` argument) gets HTTP `status`
   * until the returned function is called: an outage that lasts, whoever retries.
   */
  outage(method: string, options: { user?: string; status?: number } = {}): () => void {
    const outage = { method, status: options.status ?? 500, ...(options.user ? { user: options.user } : {}) };
    this.outages.add(outage);
    return () => this.outages.delete(outage);
  }

  /**
   * The next call of `method` is held unanswered until `release()`: the app is then in the middle
   * of that request. `arrived` resolves when the call has come in.
   */
  hold(method: string): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const arrival = new Promise<void>((r) => (arrived = r));
    this.holds.push({ method, arrived, released });
    return { arrived: arrival, release };
  }

  /** `method` is answered by `answer` (a method another fake serves: apps.connections.open by the Socket Mode fake). */
  answerWith(method: string, answer: (args: Record<string, unknown>) => Record<string, unknown>): this {
    this.answers.set(method, answer);
    return this;
  }

  /**
   * A file a person shared: served at its url_private(_download) to the bot token. `url` puts
   * another address in the file object instead (a payload naming a host that is not Slack's);
   * `contentLength: false` streams it without a Content-Length, so only counting can stop it.
   */
  file(f: { name: string; bytes: Buffer; mimetype?: string; filetype?: string; url?: string; contentLength?: boolean }): SlackFileObject {
    const id = `F${String(++this.seq).padStart(8, '0')}`;
    const name = encodeURIComponent(f.name);
    const base = `${this.origin}/files-pri/${this.teamId}-${id}`;
    const file: SlackFileObject = {
      id,
      name: f.name,
      title: f.name,
      mimetype: f.mimetype ?? 'image/jpeg',
      filetype: f.filetype ?? f.name.split('.').pop() ?? 'binary',
      size: f.bytes.byteLength,
      url_private: f.url ?? `${base}/${name}`,
      url_private_download: f.url ? `${f.url}?download=1` : `${base}/download/${name}`,
      permalink: `https://camreset-test.slack.com/files/${this.botUserId}/${id}/${name}`,
    };
    this.shared.set(id, { file, bytes: f.bytes, contentLength: f.contentLength ?? true });
    return file;
  }

  /** The next POST to an upload URL answers `status` (and stores nothing). */
  failUploadOnce(status = 500): this {
    this.uploadFailures.push(status);
    return this;
  }

  /** Bytes the fake sent for downloads of file `id` (each download's count). */
  downloads(id?: string): SlackCall[] {
    return this.callsTo('file_download').filter((c) => !id || c.args.file === id);
  }

  /** chat.postMessage's special limit: `perSecond` per channel after a `burst` (token bucket). */
  limitPostsPerChannel(limit: { perSecond: number; burst?: number; retryAfter?: number } | undefined): this {
    this.channelLimit = limit && { perSecond: limit.perSecond, burst: limit.burst ?? 1, retryAfter: limit.retryAfter ?? 1 };
    this.buckets.clear();
    return this;
  }

  /** The bot's DM channel with a user, as conversations.open returns it. */
  dmOf(user: string): string {
    let id = this.botDms.get(user);
    if (!id) {
      id = `D${user.replace(/^[UW]/, '')}`;
      this.botDms.set(user, id);
    }
    return id;
  }

  // --- what happened --------------------------------------------------------------------

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot has in a channel (as they look now, after updates), oldest first. */
  messages(channel?: string): SlackMessage[] {
    if (channel) return [...(this.store.get(channel) ?? [])];
    return [...this.store.values()].flat().sort((a, b) => a.ts.localeCompare(b.ts));
  }

  /** Every copy after the first of a message posted more than once (same words, same thread or channel). */
  postedTwice(): SlackMessage[] {
    const seen = new Set<string>();
    return this.messages().filter((m) => {
      const key = JSON.stringify([m.channel, m.thread_ts ?? '', m.text]);
      if (seen.has(key)) return true;
      seen.add(key);
      return false;
    });
  }

  /** Replies in one thread, oldest first. */
  thread(channel: string, ts: string): SlackMessage[] {
    return this.messages(channel).filter((m) => m.thread_ts === ts);
  }

  /** Ephemeral messages (chat.postEphemeral) shown to `user`, or to anyone. */
  ephemerals(user?: string): SlackCall[] {
    return this.callsTo('chat.postEphemeral').filter((c) => c.response.ok && (!user || c.args.user === user));
  }

  /** Answers the app sent to response_urls (private replies to slash commands). */
  responses(): SlackCall[] {
    return this.callsTo('response_url');
  }

  /** Calls Slack refused as malformed (bad Block Kit, bad view): a bug in the app, always. */
  malformed(): SlackCall[] {
    return this.calls.filter(
      (c) =>
        c.response.error === 'invalid_blocks' ||
        c.response.error === 'invalid_arguments' ||
        c.response.error === 'msg_too_long' ||
        c.response.error === 'no_text',
    );
  }

  /** Calls that carry words to people: posts, updates, ephemerals, response_url answers, views. */
  wordCalls(): SlackCall[] {
    return this.calls.filter((c) => MESSAGE_METHODS.has(c.method) || c.method.startsWith('views.'));
  }

  /** Everything a person could read from one call, flattened to text. */
  static textOf(value: unknown): string {
    const out: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') out.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!NOT_WORDS.has(k)) walk(x);
    };
    walk(value);
    return out.join('\n');
  }

  /** Polls until `probe` returns something truthy; fails with `what` after `timeoutMs`. */
  async waitFor<T>(probe: () => T | undefined | null | false, what = 'a condition', timeoutMs = 5000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Resolves once no call has arrived for `quietMs`: for "and nothing else was posted". */
  async quiet(quietMs = 300, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let seen = this.calls.length;
    let since = Date.now();
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      if (this.calls.length !== seen) {
        seen = this.calls.length;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) return;
    }
    throw new Error('Slack fake never went quiet');
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // --- the HTTP side --------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const raw = body.toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    const at = Date.now();
    if (path.startsWith('/files-pri/')) {
      this.serveFile(req, res, path, at);
      return;
    }
    if (path.startsWith('/upload/v1/')) {
      this.receiveUpload(req, res, path, body, at);
      return;
    }
    if (path.startsWith('/response/')) {
      const args = safeJson(raw) as Record<string, unknown> | undefined;
      const invalid = args && Array.isArray(args.blocks) ? validateBlocks(args.blocks, 50, '/blocks') : [];
      const response = invalid.length ? blocksError(invalid) : { ok: true };
      this.calls.push({ method: 'response_url', args: { ...args, url: path }, at, status: 200, response });
      reply(res, invalid.length ? 400 : 200, response);
      return;
    }
    if (!path.startsWith('/api/')) {
      reply(res, 404, { ok: false, error: 'unknown_method' });
      return;
    }
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ')) args.token = auth.slice(7);
    const held = this.holds.findIndex((h) => h.method === method);
    if (held !== -1) {
      const hold = this.holds.splice(held, 1)[0]!;
      hold.arrived();
      await hold.released;
    }
    const lasting = [...this.outages].find((o) => o.method === method && (!o.user || o.user === args.user));
    const down = lasting ? -1 : this.httpFailures.findIndex((f) => f.method === method);
    if (lasting || down !== -1) {
      const { status } = lasting ?? this.httpFailures.splice(down, 1)[0]!;
      this.calls.push({ method, args, at, status, response: {} });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end('service unavailable');
      return;
    }
    const limited = this.rateLimited(method, args);
    if (limited) {
      const response = { ok: false, error: 'ratelimited' };
      this.calls.push({ method, args, at, status: 429, response });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limited) });
      res.end(JSON.stringify(response));
      return;
    }
    const failure = this.failures.findIndex((f) => f.method === method);
    const response =
      method === 'chat.postMessage' && typeof args.channel === 'string' && this.down.has(args.channel)
        ? { ok: false, error: 'service_unavailable' }
        : failure !== -1
          ? { ok: false, error: this.failures.splice(failure, 1)[0]!.error }
          : typeof args.token === 'string' && args.token
            ? this.answer(method, args)
            : { ok: false, error: 'not_authed' };
    this.calls.push({ method, args, at, status: 200, response });
    reply(res, 200, response);
  }

  /**
   * url_private(_download): the bytes, to a request with a bot token; anything else gets the
   * sign-in page (HTML, 200), as Slack answers a request without a valid token.
   */
  private serveFile(req: IncomingMessage, res: ServerResponse, path: string, at: number): void {
    const id = /^\/files-pri\/[^/]+-(F[0-9A-Z]+)\//.exec(path)?.[1] ?? '';
    const entry = this.shared.get(id);
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const call: SlackCall = {
      method: 'file_download',
      args: { file: id, path, token, sent: 0 },
      at,
      status: 200,
      response: { ok: !!entry && token.startsWith('xoxb-') },
    };
    this.calls.push(call);
    if (!entry) {
      call.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found');
      return;
    }
    if (!token.startsWith('xoxb-')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><head><title>Sign in | Slack</title></head><body></body></html>');
      return;
    }
    res.writeHead(200, {
      'content-type': entry.file.mimetype,
      ...(entry.contentLength ? { 'content-length': String(entry.bytes.byteLength) } : {}),
    });
    // In 64 KB pieces, each after the last was taken: `sent` is what the client read, so a
    // client that stops early is seen to have stopped.
    const piece = 64 * 1024;
    let offset = 0;
    const pump = (): void => {
      while (offset < entry.bytes.byteLength) {
        const chunk = entry.bytes.subarray(offset, offset + piece);
        offset += chunk.byteLength;
        call.args.sent = offset;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => res.destroy());
    pump();
  }

  /** The POST of a file's bytes to an upload URL (raw bytes, or a multipart form's one file). */
  private receiveUpload(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer, at: number): void {
    const key = path.slice('/upload/v1/'.length);
    const pending = this.uploadUrls.get(key);
    const fail = this.uploadFailures.shift();
    const status = !pending || req.method !== 'POST' ? 404 : (fail ?? 200);
    const bytes = status === 200 ? fileFromBody(body, req.headers['content-type']) : undefined;
    if (pending && bytes) pending.bytes = bytes;
    this.calls.push({ method: 'upload_url', args: { key, length: body.byteLength }, at, status, response: { ok: status === 200 } });
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status === 200 ? `OK - ${bytes!.byteLength}` : 'upload failed');
  }

  private rateLimited(method: string, args: Record<string, unknown>): number | undefined {
    const i = this.onceLimits.findIndex((l) => l.method === method && (!l.channel || l.channel === args.channel));
    if (i !== -1) return this.onceLimits.splice(i, 1)[0]!.retryAfter;
    if (method !== 'chat.postMessage' || !this.channelLimit || typeof args.channel !== 'string') return undefined;
    const { perSecond, burst, retryAfter } = this.channelLimit;
    const now = Date.now();
    const bucket = this.buckets.get(args.channel) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(args.channel, bucket);
    if (bucket.tokens < 1) return retryAfter;
    bucket.tokens -= 1;
    return undefined;
  }

  private canPost(channel: string): string | undefined {
    if (this.notMember.has(channel)) return 'not_in_channel';
    // A D… channel the bot did not open is a DM between people: the bot cannot see it.
    if (channel.startsWith('D') && ![...this.botDms.values()].includes(channel)) return 'channel_not_found';
    return undefined;
  }

  private answer(method: string, a: Record<string, unknown>): Record<string, unknown> {
    const str = (k: string) => (typeof a[k] === 'string' ? a[k] : undefined);
    const served = this.answers.get(method);
    if (served) return served(a);
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://camreset-test.slack.com/',
          team: 'Test',
          user: 'camreset',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        let channel = str('channel');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (/^[UW]/.test(channel)) channel = this.dmOf(channel);
        const problem = this.canPost(channel);
        if (problem) return { ok: false, error: problem };
        const text = str('text') ?? '';
        const blocks = a.blocks === undefined ? [] : a.blocks;
        if (!text && !(Array.isArray(blocks) && blocks.length)) return { ok: false, error: 'no_text' };
        if (text.length > 40_000) return { ok: false, error: 'msg_too_long' };
        const invalid = validateBlocks(blocks, 50, '/blocks');
        if (invalid.length) return blocksError(invalid);
        const ts = this.nextTs();
        const thread = str('thread_ts');
        const message: SlackMessage = {
          channel,
          ts,
          text,
          blocks: blocks as unknown[],
          updates: 0,
          ...(thread ? { thread_ts: thread } : {}),
        };
        this.store.set(channel, [...(this.store.get(channel) ?? []), message]);
        return {
          ok: true,
          channel,
          ts,
          message: {
            type: 'message',
            subtype: 'bot_message',
            text,
            user: this.botUserId,
            bot_id: this.botId,
            ts,
            blocks,
            ...(thread ? { thread_ts: thread } : {}),
          },
        };
      }
      case 'chat.update': {
        const channel = str('channel') ?? '';
        const message = this.store.get(channel)?.find((m) => m.ts === str('ts'));
        if (!message) return { ok: false, error: this.store.has(channel) ? 'message_not_found' : 'channel_not_found' };
        if (a.blocks !== undefined) {
          const invalid = validateBlocks(a.blocks, 50, '/blocks');
          if (invalid.length) return blocksError(invalid);
          message.blocks = a.blocks as unknown[];
        }
        if (str('text') !== undefined) message.text = str('text')!;
        message.updates++;
        return {
          ok: true,
          channel,
          ts: message.ts,
          text: message.text,
          message: { text: message.text, blocks: message.blocks, user: this.botUserId, bot_id: this.botId },
        };
      }
      case 'chat.postEphemeral': {
        const channel = str('channel') ?? '';
        const problem = this.canPost(channel);
        if (problem) return { ok: false, error: problem };
        if (!str('user')) return { ok: false, error: 'user_not_found' };
        if (!str('text') && !(Array.isArray(a.blocks) && a.blocks.length)) return { ok: false, error: 'no_text' };
        const invalid = validateBlocks(a.blocks ?? [], 50, '/blocks');
        if (invalid.length) return blocksError(invalid);
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: str('channel'),
          permalink: `https://camreset-test.slack.com/archives/${str('channel')}/p${(str('message_ts') ?? '').replace('.', '')}`,
        };
      case 'conversations.open': {
        const users = (str('users') ?? '').split(',').filter(Boolean);
        if (users.length !== 1) return { ok: false, error: users.length ? 'not_implemented' : 'users_list_not_supplied' };
        return { ok: true, channel: { id: this.dmOf(users[0]!) } };
      }
      case 'conversations.members': {
        const channel = str('channel') ?? '';
        if (this.notMember.has(channel)) return { ok: false, error: 'channel_not_found' };
        const all = this.members.get(channel) ?? [];
        const limit = Number(a.limit ?? 100) || 100;
        const from = Number(str('cursor') ?? 0) || 0;
        const page = all.slice(from, from + limit);
        const next = from + limit < all.length ? String(from + limit) : '';
        return { ok: true, members: page, response_metadata: { next_cursor: next } };
      }
      case 'usergroups.users.list': {
        const users = this.groups.get(str('usergroup') ?? '');
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.info': {
        // Slack's user object: team_id is the person's own workspace (another organisation's for
        // an external member of a Slack Connect channel); Enterprise Grid adds enterprise_user.
        const id = str('user') ?? '';
        const user = this.users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            team_id: user.team,
            name: user.name,
            deleted: false,
            real_name: user.name,
            is_admin: false,
            is_owner: false,
            is_bot: !!user.bot,
            is_app_user: false,
            is_restricted: false,
            is_ultra_restricted: false,
            is_stranger: false,
            profile: { real_name: user.name, display_name: user.name, team: user.team },
            // Slack adds the person's locale only when asked with include_locale.
            ...(a.include_locale === true || a.include_locale === 'true' ? { locale: user.locale ?? 'en-US' } : {}),
            ...(user.enterpriseTeams
              ? {
                  enterprise_user: {
                    id,
                    enterprise_id: 'E0001',
                    enterprise_name: 'Test Org',
                    is_admin: false,
                    is_owner: false,
                    teams: user.enterpriseTeams,
                  },
                }
              : {}),
          },
        };
      }
      case 'files.getUploadURLExternal': {
        const filename = str('filename');
        const length = Number(a.length);
        if (!filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'missing_argument' };
        const id = `F${String(++this.seq).padStart(8, '0')}`;
        const key = `${this.teamId}/${id}/${Math.random().toString(36).slice(2)}`;
        this.uploadUrls.set(key, { id, filename, length });
        return { ok: true, upload_url: `${this.origin}/upload/v1/${key}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(a.files) ? (a.files as Array<{ id?: unknown; title?: unknown }>) : undefined;
        if (!files?.length) return { ok: false, error: 'invalid_arguments' };
        const channel = str('channel_id');
        const thread = str('thread_ts');
        if (thread && !channel) return { ok: false, error: 'invalid_arguments' };
        if (channel) {
          const problem = this.canPost(channel);
          if (problem) return { ok: false, error: problem };
        }
        const found = files.map((f) => [...this.uploadUrls.entries()].find(([, u]) => u.id === f.id));
        // A file id never handed out, or whose bytes never arrived (or not as many as announced), is not there.
        if (found.some((e) => !e || !e[1].bytes || e[1].bytes.byteLength !== e[1].length)) return { ok: false, error: 'file_not_found' };
        const done = found.map((entry, i) => {
          const [key, u] = entry!;
          this.uploadUrls.delete(key);
          const title = typeof files[i]!.title === 'string' ? files[i]!.title : undefined;
          const upload: SlackUpload = {
            id: u.id,
            filename: u.filename,
            bytes: u.bytes!,
            ...(title ? { title } : {}),
            ...(channel ? { channel } : {}),
            ...(thread ? { thread_ts: thread } : {}),
          };
          this.uploads.push(upload);
          return upload;
        });
        if (channel) {
          const ts = this.nextTs();
          const text = done.map((u) => u.title ?? u.filename).join(', ');
          const message: SlackMessage = { channel, ts, text, blocks: [], updates: 0, ...(thread ? { thread_ts: thread } : {}) };
          this.store.set(channel, [...(this.store.get(channel) ?? []), message]);
        }
        return {
          ok: true,
          files: done.map((u) => ({ id: u.id, title: u.title ?? u.filename, name: u.filename, size: u.bytes.byteLength })),
        };
      }
      case 'views.open':
      case 'views.push': {
        const trigger = str('trigger_id') ?? '';
        const issued = Number(trigger.split('.')[0]);
        if (!trigger || !Number.isFinite(issued)) return { ok: false, error: 'invalid_trigger_id' };
        if (Date.now() - issued > 3000) return { ok: false, error: 'expired_trigger_id' };
        return this.view(a.view, 'modal');
      }
      case 'views.update':
        return this.view(a.view, 'modal');
      case 'views.publish':
        if (!str('user_id')) return { ok: false, error: 'invalid_arguments' };
        return this.view(a.view, 'home');
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private view(view: unknown, expected: 'modal' | 'home'): Record<string, unknown> {
    const problems = validateView(view, expected);
    if (problems.length)
      return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
    return { ok: true, view: { ...(view as object), id: `V${++this.seq}` } };
  }

  private nextTs(): string {
    return `1700000000.${String(++this.seq).padStart(6, '0')}`;
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The file in an upload POST: the raw body, or the one file part of a multipart form. */
function fileFromBody(body: Buffer, contentType: string | undefined): Buffer {
  const boundary = /multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2];
  if (!boundary) return body;
  const marker = Buffer.from(`--${boundary}`);
  let from = body.indexOf(marker);
  while (from !== -1) {
    const next = body.indexOf(marker, from + marker.length);
    if (next === -1) break;
    const part = body.subarray(from + marker.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1 && /filename=/i.test(part.subarray(0, split).toString('utf8'))) return Buffer.from(part.subarray(split + 4));
    from = next;
  }
  return body;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The Web API client sends form fields, with objects (blocks, views) as JSON strings. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return (safeJson(raw) as Record<string, unknown> | null | undefined) ?? {};
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] = /^[[{]/.test(v) ? (safeJson(v) ?? v) : v;
  }
  return args;
}

function blocksError(problems: string[]): Record<string, unknown> {
  return { ok: false, error: 'invalid_blocks', errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
}

// --- Block Kit rules (the subset camreset uses, with Slack's documented limits) ---------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function textObject(v: unknown, at: string, max: number, problems: string[], plainOnly = false): void {
  if (!isObj(v) || (v.type !== 'plain_text' && v.type !== 'mrkdwn') || typeof v.text !== 'string') {
    problems.push(`must provide a text object [json-pointer:${at}]`);
    return;
  }
  if (plainOnly && v.type !== 'plain_text') problems.push(`must be a plain_text object [json-pointer:${at}/type]`);
  if (v.text.length === 0) problems.push(`must be more than 0 characters [json-pointer:${at}/text]`);
  if (v.text.length > max) problems.push(`must be less than ${max + 1} characters [json-pointer:${at}/text]`);
}

function element(e: unknown, at: string, problems: string[], actionIds: Set<string>): void {
  if (!isObj(e)) return void problems.push(`must be an object [json-pointer:${at}]`);
  if (typeof e.action_id === 'string') {
    if (e.action_id.length > 255) problems.push(`must be less than 256 characters [json-pointer:${at}/action_id]`);
    if (actionIds.has(e.action_id)) problems.push(`duplicate action_id "${e.action_id}" [json-pointer:${at}/action_id]`);
    actionIds.add(e.action_id);
  }
  switch (e.type) {
    case 'button':
      textObject(e.text, `${at}/text`, 75, problems, true);
      if (typeof e.value === 'string' && e.value.length > 2000)
        problems.push(`must be less than 2001 characters [json-pointer:${at}/value]`);
      if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') problems.push(`invalid style [json-pointer:${at}/style]`);
      return;
    case 'plain_text_input':
      if (typeof e.initial_value === 'string' && e.initial_value.length > 3000)
        problems.push(`must be less than 3001 characters [json-pointer:${at}/initial_value]`);
      if (typeof e.max_length === 'number' && (e.max_length < 1 || e.max_length > 3000))
        problems.push(`max_length out of range [json-pointer:${at}/max_length]`);
      return;
    case 'static_select': {
      const options = Array.isArray(e.options) ? e.options : [];
      if (!options.length || options.length > 100) problems.push(`must provide 1 to 100 options [json-pointer:${at}/options]`);
      options.forEach((o, i) => {
        textObject(isObj(o) ? o.text : undefined, `${at}/options/${i}/text`, 75, problems, true);
        if (!isObj(o) || typeof o.value !== 'string' || o.value.length > 150)
          problems.push(`invalid option value [json-pointer:${at}/options/${i}/value]`);
      });
      return;
    }
    case 'file_input':
      if (e.filetypes !== undefined && (!Array.isArray(e.filetypes) || e.filetypes.some((t) => typeof t !== 'string')))
        problems.push(`must be an array of strings [json-pointer:${at}/filetypes]`);
      if (e.max_files !== undefined && (typeof e.max_files !== 'number' || e.max_files < 1 || e.max_files > 10))
        problems.push(`max_files out of range [json-pointer:${at}/max_files]`);
      return;
    case 'mrkdwn':
    case 'plain_text':
      textObject(e, at, 3000, problems);
      return;
    default:
      problems.push(`unsupported element type "${String(e.type)}" [json-pointer:${at}/type]`);
  }
}

/** Problems with a list of blocks, in Slack's words and json-pointer style; empty when valid. */
export function validateBlocks(blocks: unknown, maxBlocks: number, at: string): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${at}]`];
  if (blocks.length > maxBlocks) problems.push(`no more than ${maxBlocks} items allowed [json-pointer:${at}]`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const p = `${at}/${i}`;
    // Slack: an action_id must be unique within its containing block; a block_id within the message or view.
    const actionIds = new Set<string>();
    if (!isObj(b)) return void problems.push(`must be an object [json-pointer:${p}]`);
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > 255) problems.push(`must be less than 256 characters [json-pointer:${p}/block_id]`);
      if (blockIds.has(b.block_id)) problems.push(`duplicate block_id "${b.block_id}" [json-pointer:${p}/block_id]`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'section':
        if (b.text === undefined && b.fields === undefined) problems.push(`must provide text or fields [json-pointer:${p}]`);
        if (b.text !== undefined) textObject(b.text, `${p}/text`, 3000, problems);
        if (b.fields !== undefined) {
          const fields = Array.isArray(b.fields) ? b.fields : [];
          if (fields.length > 10) problems.push(`no more than 10 items allowed [json-pointer:${p}/fields]`);
          fields.forEach((f, j) => textObject(f, `${p}/fields/${j}`, 2000, problems));
        }
        if (b.accessory !== undefined) element(b.accessory, `${p}/accessory`, problems, actionIds);
        return;
      case 'header':
        textObject(b.text, `${p}/text`, 150, problems, true);
        return;
      case 'divider':
        return;
      case 'context': {
        const elements = Array.isArray(b.elements) ? b.elements : [];
        if (!elements.length || elements.length > 10) problems.push(`must provide 1 to 10 elements [json-pointer:${p}/elements]`);
        elements.forEach((e, j) => element(e, `${p}/elements/${j}`, problems, actionIds));
        return;
      }
      case 'actions': {
        const elements = Array.isArray(b.elements) ? b.elements : [];
        if (!elements.length || elements.length > 25) problems.push(`must provide 1 to 25 elements [json-pointer:${p}/elements]`);
        elements.forEach((e, j) => element(e, `${p}/elements/${j}`, problems, actionIds));
        return;
      }
      case 'input':
        textObject(b.label, `${p}/label`, 2000, problems, true);
        if (b.hint !== undefined) textObject(b.hint, `${p}/hint`, 2000, problems, true);
        element(b.element, `${p}/element`, problems, actionIds);
        return;
      default:
        problems.push(`unsupported block type "${String(b.type)}" [json-pointer:${p}/type]`);
    }
  });
  return problems;
}

/** Problems with a modal or Home tab view; empty when valid. */
export function validateView(view: unknown, expected: 'modal' | 'home'): string[] {
  if (!isObj(view)) return ['must provide a view [json-pointer:/view]'];
  const problems: string[] = [];
  if (view.type !== expected) problems.push(`must be "${expected}" [json-pointer:/view/type]`);
  if (expected === 'modal') {
    textObject(view.title, '/view/title', 24, problems, true);
    if (view.submit !== undefined) textObject(view.submit, '/view/submit', 24, problems, true);
    if (view.close !== undefined) textObject(view.close, '/view/close', 24, problems, true);
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000)
    problems.push('must be less than 3001 characters [json-pointer:/view/private_metadata]');
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255)
    problems.push('must be less than 256 characters [json-pointer:/view/callback_id]');
  problems.push(...validateBlocks(view.blocks, 100, '/view/blocks'));
  return problems;
}
