// A local fake of the Bot Connector service (the `serviceUrl` Teams gives a bot): it records
// every message the bot sends, replies, updates and conversation creations, and answers member
// and channel lists, with the response bodies the Bot Framework REST API documents. It also
// serves the bytes of files a technician sends: a pasted image at `/v3/attachments/{id}/views/original`
// (the bot's token required, as every connector call), and, standing in for OneDrive in local
// mode, a file's pre-authenticated `downloadUrl` (no token).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TeamsMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
}

/** One message the bot posted or changed. */
export interface Sent {
  kind: 'send' | 'reply' | 'update' | 'create';
  conversationId: string;
  /** The message's id (given by the fake on send, by the bot on update). */
  id: string;
  replyToId?: string;
  activity: Record<string, unknown>;
}

export interface Created {
  id: string;
  activityId?: string;
  parameters: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** A file the fake serves. */
export interface ServedFile {
  id: string;
  bytes: Buffer;
  /** Announce the size in Content-Length (default), or stream without it. */
  contentLength?: boolean;
  /** Answer this status instead of the bytes (a download that fails). */
  status?: number;
}

/** One download of a served file, with the Authorization header it came with. */
export interface Download {
  id: string;
  authorization: string | undefined;
  /** Bytes written before the client stopped reading (or all of them). */
  sent: number;
}

export class FakeConnector {
  readonly sent: Sent[] = [];
  readonly created: Created[] = [];
  readonly requests: Array<{ method: string; path: string }> = [];
  /** Members per conversation or team id. */
  readonly members = new Map<string, TeamsMember[]>();
  /** Channels per team id. */
  readonly channels = new Map<string, Array<{ id: string; name?: string }>>();
  /** Calls refused for want of a valid bot token (see `authorize`). */
  readonly unauthorized: Array<{ method: string; path: string }> = [];
  /**
   * Checks the bot's `Authorization` header on every call, as the Bot Connector does; unset
   * (local mode) takes any. A refused call answers 401 and is not recorded as sent.
   */
  authorize?: (authorization: string | undefined) => boolean;
  /** Conversations the bot cannot post into right now (403, as when it was removed): every try is refused. */
  readonly unreachable = new Set<string>();
  /** Posts refused because their conversation was unreachable. */
  readonly refused: Array<{ conversationId: string; activity: Json }> = [];
  readonly files = new Map<string, ServedFile>();
  readonly downloads: Download[] = [];
  private server?: Server;
  private nextId = 1_700_000_000_000;
  private waiters: Array<() => void> = [];
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /**
   * Serves `bytes` as a pasted image (Teams' `image/*` attachment): its `contentUrl` on this
   * connector, fetched with the bot's token.
   */
  image(bytes: Buffer, options: Omit<ServedFile, 'id' | 'bytes'> = {}): string {
    const id = `0-weu-d1-${this.files.size + 1}`;
    this.files.set(id, { id, bytes, ...options });
    return `${this.url}v3/attachments/${id}/views/original`;
  }

  /**
   * Serves `bytes` as the pre-authenticated `downloadUrl` of a file sent in a 1:1 chat (on
   * OneDrive in Teams; here, in local mode, on the connector's own host).
   */
  downloadUrl(bytes: Buffer, options: Omit<ServedFile, 'id' | 'bytes'> = {}): string {
    const id = `dl-${this.files.size + 1}`;
    this.files.set(id, { id, bytes, ...options });
    return `${this.url}personal/tina_contoso_com/_layouts/15/download.aspx?UniqueId=${id}&tempauth=v1.eyJhdWQiOiJ0ZXN0In0`;
  }

  /** Every Adaptive Card in what the bot sent, updated or created. */
  cards(filter: (s: Sent) => boolean = () => true): Json[] {
    return this.sent.filter(filter).flatMap((s) => cardsOf(s.activity));
  }

  /** Messages in one conversation (a chat, or any thread of a channel when given the channel id). */
  in(conversation: string): Sent[] {
    return this.sent.filter((s) => s.conversationId === conversation || s.conversationId.startsWith(`${conversation};messageid=`));
  }

  /** Resolves when `check` passes (checked after every recorded call), or fails after `ms`. */
  async waitFor<T>(check: () => T | undefined | false, ms = 5000, what = 'the expected Bot Connector call'): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = check();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; recorded: ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  describe(): string {
    return this.sent.map((s) => `${s.kind} ${s.conversationId} ${textOf(s.activity).slice(0, 80)}`).join('\n  ') || '(nothing)';
  }

  private id(): string {
    return String(this.nextId++);
  }

  private record(s: Sent): void {
    this.sent.push(s);
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname });
    const body = await readBody(req);
    if (this.authorize && !this.authorize(req.headers.authorization)) {
      this.unauthorized.push({ method, path: url.pathname });
      json(res, 401, { message: 'Authorization has been denied for this request.' });
      return;
    }
    // The bytes of a served file; the Bot Connector's attachments need the bot's token (checked above).
    if (parts[0] === 'v3' && parts[1] === 'attachments' && parts[3] === 'views' && method === 'GET') {
      this.serve(parts[2] ?? '', req, res);
      return;
    }
    if (url.pathname.endsWith('/_layouts/15/download.aspx') && method === 'GET') {
      this.serve(url.searchParams.get('UniqueId') ?? '', req, res);
      return;
    }
    // /v3/conversations[/{id}/activities[/{activityId}] | /{id}/members | /{id}/pagedmembers]
    if (parts[0] === 'v3' && parts[1] === 'conversations') {
      const [, , conversationId, resource, activityId] = parts;
      if (!conversationId && method === 'POST') {
        this.createConversation(body, res);
        return;
      }
      if (conversationId && resource === 'activities' && method === 'POST' && this.unreachable.has(conversationId)) {
        this.refused.push({ conversationId, activity: body });
        json(res, 403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
        return;
      }
      if (conversationId && resource === 'activities' && method === 'POST') {
        const id = this.id();
        const sent: Sent = { kind: activityId ? 'reply' : 'send', conversationId, id, activity: body };
        if (activityId) sent.replyToId = activityId;
        this.record(sent);
        json(res, 201, { id });
        return;
      }
      if (conversationId && resource === 'activities' && activityId && method === 'PUT') {
        this.record({ kind: 'update', conversationId, id: activityId, activity: body });
        json(res, 200, { id: activityId });
        return;
      }
      if (conversationId && resource === 'members' && method === 'GET') {
        const all = this.members.get(conversationId) ?? [];
        if (activityId) {
          const one = all.find((m) => m.id === activityId || m.aadObjectId === activityId);
          if (one) json(res, 200, one);
          else json(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'member not found' } });
          return;
        }
        json(res, 200, all);
        return;
      }
      if (conversationId && resource === 'pagedmembers' && method === 'GET') {
        const all = this.members.get(conversationId) ?? [];
        const size = Number(url.searchParams.get('pageSize') ?? '200') || 200;
        const start = Number(url.searchParams.get('continuationToken') ?? '0') || 0;
        const page = all.slice(start, start + size);
        const next = start + size < all.length ? String(start + size) : undefined;
        json(res, 200, next ? { continuationToken: next, members: page } : { members: page });
        return;
      }
    }
    // Teams: GET /v3/teams/{teamId}/conversations lists a team's channels.
    if (parts[0] === 'v3' && parts[1] === 'teams' && parts[3] === 'conversations' && method === 'GET') {
      const list = this.channels.get(parts[2] ?? '');
      if (!list) {
        json(res, 404, { error: { code: 'NotFound', message: 'team not found' } });
        return;
      }
      json(res, 200, { conversations: list });
      return;
    }
    json(res, 404, { error: { code: 'NotFound', message: `${method} ${url.pathname} is not part of this fake` } });
  }

  private serve(id: string, req: IncomingMessage, res: ServerResponse): void {
    const file = this.files.get(id);
    const download: Download = { id, authorization: req.headers.authorization, sent: 0 };
    this.downloads.push(download);
    if (!file) return json(res, 404, { error: { code: 'NotFound', message: 'attachment not found' } });
    if (file.status) return json(res, file.status, { error: { code: 'ServiceError', message: 'the attachment store failed' } });
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      ...(file.contentLength === false ? {} : { 'content-length': file.bytes.byteLength }),
    });
    // In 64 KB pieces, so a client that stops reading stops the transfer.
    const chunk = 64 * 1024;
    let at = 0;
    const pump = (): void => {
      while (at < file.bytes.byteLength) {
        const piece = file.bytes.subarray(at, at + chunk);
        at += piece.byteLength;
        download.sent = at;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  }

  private createConversation(parameters: Json, res: ServerResponse): void {
    const channel = (parameters.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
    const activity = parameters.activity as Json | undefined;
    if (parameters.isGroup && channel) {
      // A new thread in a channel: the id names the root message, which is the activity sent.
      const activityId = this.id();
      const id = `${channel};messageid=${activityId}`;
      this.created.push({ id, activityId, parameters });
      if (activity) this.record({ kind: 'create', conversationId: id, id: activityId, activity });
      return json(res, 201, { id, activityId });
    }
    const members = (parameters.members as Array<{ id: string }> | undefined) ?? [];
    const id = `a:1${members.map((m) => m.id).join('')}-${this.created.length}`;
    this.created.push({ id, parameters });
    if (activity) {
      const activityId = this.id();
      this.record({ kind: 'create', conversationId: id, id: activityId, activity });
      return json(res, 201, { id, activityId });
    }
    json(res, 201, { id });
  }
}

/** Adaptive Cards attached to an activity. */
export function cardsOf(activity: Json): Json[] {
  const attachments = (activity.attachments as Array<{ contentType?: string; content?: Json }> | undefined) ?? [];
  return attachments.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive' && a.content).map((a) => a.content!);
}

/** All the words of an activity's text and cards, for assertions. */
export function textOf(activity: Json): string {
  const parts: string[] = [];
  if (typeof activity.text === 'string') parts.push(activity.text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if ((o.type === 'TextRun' || o.type === 'TextBlock') && typeof o.text === 'string') parts.push(o.text);
    if (o.type === 'RichTextBlock' && Array.isArray(o.inlines)) {
      parts.push((o.inlines as Json[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join(''));
      return;
    }
    for (const v of Object.values(o)) walk(v);
  };
  for (const card of cardsOf(activity)) walk(card);
  return parts.join('\n');
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return { raw };
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
