// A local fake of Slack's Socket Mode for end-to-end tests. The Web API fake answers
// apps.connections.open (only with an app-level xapp- token) with a one-time
// ws://127.0.0.1:PORT/link/?ticket=… URL on a WebSocket server here, which speaks Slack's
// documented protocol (docs.slack.dev › Using Socket Mode):
//
//   Slack -> app   {type:'hello', num_connections, debug_info, connection_info:{app_id}} on connect
//                  {envelope_id, type:'slash_commands'|'interactive'|'events_api', payload,
//                   accepts_response_payload[, retry_attempt, retry_reason]}
//                  {type:'disconnect', reason:'warning'|'refresh_requested'|'link_disabled', debug_info}
//   app -> Slack   {envelope_id[, payload]}: the ack, due within 3 seconds
//
// It records every connection and envelope (when it was sent, when and on which connection its
// ack came), and behaves as Slack does when an app is not there: an Events API envelope left
// without an ack (for 3 s, or because its connection went away) is sent again with
// retry_attempt + 1 and retry_reason 'timeout' (up to 3 retries), over whatever connection is
// open; a slash command or a click with no connection open, or no ack in time, is an error the
// person sees and is not sent again.
//
//   const socket = await SlackSocketMode.start(fake);      // fake.url serves apps.connections.open
//   env.SLACK_APP_TOKEN = SOCKET_APP_TOKEN;
//   await socket.opened();                                   // the app is connected (hello sent)
//   const ack = await socket.deliver('slash_commands', {...});
//   socket.disconnect('refresh_requested'); socket.drop();  // Slack refreshes, the network drops
//   socket.dropAfterNextEnvelope();                          // ... with an envelope on its way
//   socket.late();                                           // envelopes not acked within 3 s

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SlackFake } from './fake.js';
import type { DeliveryKind, SignOptions, SlackHttpResponse, Transport } from './requests.js';

/** An app-level token as Slack issues them (xapp-<n>-<app id>-<n>-<secret>). */
export const SOCKET_APP_TOKEN = 'xapp-1-A0CAMRESET-1-0123456789abcdef';

/** Slack's deadline for an ack. */
export const ACK_DEADLINE_MS = 3000;

/** How many times Slack sends an Events API envelope again that was not acknowledged. */
const EVENT_RETRIES = 3;

export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

export interface SocketConnection {
  id: number;
  ticket: string;
  openedAt: number;
  /** When Slack sent `disconnect` on it (new envelopes then go to another connection). */
  retiredAt?: number;
  reason?: DisconnectReason;
  closedAt?: number;
  /** Closed with a close frame (either side), or dropped without one. */
  ended?: 'closed' | 'dropped';
  ws: WebSocket;
}

export interface Envelope {
  envelope_id: string;
  type: DeliveryKind;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
  /** The connection it was sent on, and when. */
  connection: number;
  sentAt: number;
  /** When its ack arrived, on which connection, and what it carried (a response payload). */
  ackedAt?: number;
  ackConnection?: number;
  ack?: Record<string, unknown>;
  /** Not acknowledged before its connection went away or its deadline passed. */
  missed?: boolean;
  /** A later envelope carrying the same payload again (Slack's retry). */
  retriedAs?: string;
}

interface Waiting {
  resolve: (res: SlackHttpResponse) => void;
  timer: NodeJS.Timeout;
}

export class SlackSocketMode {
  readonly connections: SocketConnection[] = [];
  readonly envelopes: Envelope[] = [];
  /** Messages from the app that were not the ack of an envelope sent and not yet acked. */
  readonly strays: unknown[] = [];
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly tickets = new Set<string>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly pings: NodeJS.Timeout;
  private origin = '';
  private closing = false;
  private dropAfterNext = false;

  private constructor(
    private readonly fake: SlackFake,
    private readonly appId: string,
  ) {
    this.server = createServer((_req, res) => {
      res.writeHead(426).end();
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'ws://fake');
      const ticket = url.searchParams.get('ticket') ?? '';
      // A ticket is good for one connection: a client must call apps.connections.open again.
      if (url.pathname !== '/link/' || !this.tickets.delete(ticket) || this.closing) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, ticket));
    });
    // Slack pings its end of each connection; clients watch for them (serverPingTimeout).
    this.pings = setInterval(() => {
      for (const c of this.open()) c.ws.ping();
    }, 5000);
    this.pings.unref();
  }

  static async start(fake: SlackFake, options: { appId?: string } = {}): Promise<SlackSocketMode> {
    const socket = new SlackSocketMode(fake, options.appId ?? 'A0CAMRESET');
    await new Promise<void>((resolve) => socket.server.listen(0, '127.0.0.1', resolve));
    socket.origin = `ws://127.0.0.1:${(socket.server.address() as AddressInfo).port}`;
    fake.answerWith('apps.connections.open', (args) => socket.connectionsOpen(args));
    return socket;
  }

  /** Slack's apps.connections.open: a fresh WebSocket URL, for an app-level token only. */
  private connectionsOpen(args: Record<string, unknown>): Record<string, unknown> {
    const token = typeof args.token === 'string' ? args.token : '';
    if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return { ok: true, url: `${this.origin}/link/?ticket=${ticket}&app_id=${this.appId}` };
  }

  // --- the app's connections ---------------------------------------------------------------

  private connected(ws: WebSocket, ticket: string): void {
    const c: SocketConnection = { id: this.connections.length + 1, ticket, openedAt: Date.now(), ws };
    this.connections.push(c);
    // A text frame comes as one Buffer (ws's default binaryType, 'nodebuffer').
    ws.on('message', (data, isBinary) => this.received(c, isBinary ? undefined : (data as Buffer).toString('utf8')));
    ws.on('close', () => this.ended(c, c.ended ?? 'closed'));
    ws.on('error', () => this.ended(c, 'dropped'));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.open().length,
        debug_info: { host: `applink-fake-${c.id}`, build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
    // Events that waited for a connection go out on this one.
    for (const e of this.envelopes.filter((x) => x.missed && !x.retriedAs && x.type === 'events_api')) this.retry(e);
  }

  private ended(c: SocketConnection, how: 'closed' | 'dropped'): void {
    if (c.closedAt) return;
    c.closedAt = Date.now();
    c.ended = how;
    // What it carried and was not acknowledged is missed: Slack sends events again.
    for (const e of this.envelopes) if (e.connection === c.id && !e.ackedAt && !e.missed) this.miss(e);
  }

  /** Connections open now that Slack still sends envelopes to (no `disconnect` sent on them). */
  open(): SocketConnection[] {
    return this.connections.filter((c) => !c.closedAt && !c.retiredAt && c.ws.readyState === c.ws.OPEN);
  }

  /** Waits until the app has opened its `count`-th connection (1 = the first) and got its hello. */
  opened(count = 1, timeoutMs = 20_000): Promise<SocketConnection> {
    return this.fake.waitFor(
      () => (this.connections.length >= count ? this.open().at(-1) : undefined),
      `Socket Mode connection #${count} from the app`,
      timeoutMs,
    );
  }

  /** Slack's `disconnect` on the current connection: the app should connect again; no new envelope goes to this one. */
  disconnect(reason: DisconnectReason = 'refresh_requested'): SocketConnection {
    const c = this.current();
    c.retiredAt = Date.now();
    c.reason = reason;
    c.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: `applink-fake-${c.id}` } }));
    // Slack closes the old connection itself a little later if the app has not.
    setTimeout(() => c.ws.readyState === c.ws.OPEN && c.ws.close(1000), 10_000).unref();
    return c;
  }

  /** The network drops the current connection: no close frame, no `disconnect`. */
  drop(): SocketConnection {
    const c = this.current();
    c.ended = 'dropped';
    c.ws.terminate();
    return c;
  }

  /** The network drops the connection right after the next envelope is written to it, before any ack can come back. */
  dropAfterNextEnvelope(): this {
    this.dropAfterNext = true;
    return this;
  }

  private current(): SocketConnection {
    const c = this.open().at(-1);
    if (!c) throw new Error('no Socket Mode connection is open');
    return c;
  }

  // --- envelopes -------------------------------------------------------------------------

  /**
   * Sends a payload to the app as Slack does, and resolves with what its ack said, read as the
   * HTTP answer would be (200 with the ack's payload as the body; an empty ack is an empty body).
   * A slash command or click with no connection open fails at once (Slack: dispatch_failed); an
   * event waits for one. No ack within 3 s: 504 for a command or click, Slack's retry for an event.
   */
  async deliver(type: DeliveryKind, payload: Record<string, unknown>, options: SignOptions = {}): Promise<SlackHttpResponse> {
    if (type === 'events_api')
      await this.fake.waitFor(() => this.open().length > 0, 'a Socket Mode connection to deliver an event on', 30_000);
    else if (!this.open().length) return { status: 503, body: 'dispatch_failed', json: undefined };
    const e = this.send(
      type,
      payload,
      type === 'events_api'
        ? { retry_attempt: options.retryNum ?? 0, retry_reason: options.retryReason ?? (options.retryNum ? 'timeout' : '') }
        : {},
    );
    return this.answer(e);
  }

  /** A transport for SlackSender: the story's moves as Socket Mode envelopes. */
  get transport(): Transport {
    return (kind, payload, options) => this.deliver(kind, payload, options);
  }

  private send(type: DeliveryKind, payload: Record<string, unknown>, retry: { retry_attempt?: number; retry_reason?: string }): Envelope {
    const c = this.current();
    const e: Envelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      // Slack accepts a response in the ack of a slash command (a message) and of a view submission (response_action).
      accepts_response_payload: type === 'slash_commands' || (type === 'interactive' && payload.type === 'view_submission'),
      ...retry,
      connection: c.id,
      sentAt: Date.now(),
    };
    this.envelopes.push(e);
    const { connection: _c, sentAt: _s, ...wire } = e;
    c.ws.send(JSON.stringify(wire));
    if (this.dropAfterNext) {
      this.dropAfterNext = false;
      c.ended = 'dropped';
      c.ws.terminate();
    }
    return e;
  }

  /** Resolves with the ack of `e`, or of the retry that finally got one. */
  private answer(e: Envelope): Promise<SlackHttpResponse> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.miss(e), ACK_DEADLINE_MS);
      timer.unref();
      this.waiting.set(e.envelope_id, { resolve, timer });
    });
  }

  private miss(e: Envelope): void {
    if (e.ackedAt || e.missed) return;
    e.missed = true;
    const waiting = this.waiting.get(e.envelope_id);
    if (e.type !== 'events_api' || (e.retry_attempt ?? 0) >= EVENT_RETRIES) {
      if (waiting) clearTimeout(waiting.timer);
      this.waiting.delete(e.envelope_id);
      waiting?.resolve({ status: 504, body: 'operation_timeout', json: undefined });
      return;
    }
    if (this.open().length && !this.closing) this.retry(e);
  }

  private retry(e: Envelope): void {
    if (this.closing) return;
    const again = this.send('events_api', e.payload, { retry_attempt: (e.retry_attempt ?? 0) + 1, retry_reason: 'timeout' });
    e.retriedAs = again.envelope_id;
    const waiting = this.waiting.get(e.envelope_id);
    this.waiting.delete(e.envelope_id);
    if (waiting) clearTimeout(waiting.timer);
    const timer = setTimeout(() => this.miss(again), ACK_DEADLINE_MS);
    timer.unref();
    this.waiting.set(again.envelope_id, { resolve: waiting?.resolve ?? (() => {}), timer });
  }

  private received(c: SocketConnection, text: string | undefined): void {
    let message: unknown;
    try {
      message = text === undefined ? undefined : JSON.parse(text);
    } catch {
      message = text;
    }
    const id = (message as { envelope_id?: unknown } | undefined)?.envelope_id;
    const e = typeof id === 'string' ? this.envelopes.find((x) => x.envelope_id === id) : undefined;
    if (!e || e.ackedAt) {
      this.strays.push(message);
      return;
    }
    e.ackedAt = Date.now();
    e.ackConnection = c.id;
    const payload = (message as { payload?: unknown }).payload;
    if (payload && typeof payload === 'object') e.ack = payload as Record<string, unknown>;
    const waiting = this.waiting.get(e.envelope_id);
    this.waiting.delete(e.envelope_id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    const empty = !e.ack || !Object.keys(e.ack).length;
    waiting.resolve({ status: 200, body: empty ? '' : JSON.stringify(e.ack), json: empty ? undefined : e.ack });
  }

  // --- what happened ---------------------------------------------------------------------

  /** How long the app took to acknowledge `e` (undefined: never). */
  static ackMs(e: Envelope): number | undefined {
    return e.ackedAt === undefined ? undefined : e.ackedAt - e.sentAt;
  }

  /**
   * Envelopes the app failed: acknowledged after Slack's 3 seconds, or never while their
   * connection was open. One missed because the network dropped it is the network's doing, and
   * fine once its retry was acknowledged in time.
   */
  late(): Envelope[] {
    return this.envelopes.filter((e) => {
      const ms = SlackSocketMode.ackMs(e);
      if (ms !== undefined) return ms > ACK_DEADLINE_MS;
      if (!e.missed && Date.now() - e.sentAt <= ACK_DEADLINE_MS) return false; // still has time
      const connection = this.connections.find((c) => c.id === e.connection);
      const goneFirst = !!connection?.closedAt && connection.closedAt - e.sentAt <= ACK_DEADLINE_MS;
      return !(goneFirst && e.retriedAs);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.pings);
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    for (const c of this.connections) if (!c.closedAt) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
