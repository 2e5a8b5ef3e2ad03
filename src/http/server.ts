// The one HTTP server of the process: platform endpoints are mounted as routes, next to the
// health, readiness and metrics endpoints that operators and orchestrators poll. Every route
// states the largest body it takes where it is mounted; the server reads that much and no more,
// so no handler can be handed (or buffer) an unbounded body, and slow clients are cut off.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { hasBody, readBody } from './body.js';

/** `body` is the whole request body, already read within the route's limit (empty when none). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

export interface RouteOptions {
  /**
   * The largest body the route takes, in bytes. Absent means none: a request with a body is
   * refused with 413 unread. A larger declared Content-Length is refused before reading; a
   * body without one (chunked) is counted as it arrives and refused once it passes the limit.
   */
  maxBodyBytes?: number;
}

export interface HttpServerOptions {
  logger: Logger;
  /** Resolves when the state store answers; rejects or times out when it does not. */
  ready: () => Promise<void>;
  /** Serves GET /metrics; without it /metrics is an unknown path (METRICS_PORT moves it away). */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** A client must send all its headers within this time (slow-header clients). */
  headersTimeoutMs?: number;
  /** A client must send its whole request, body included, within this time (slow-body clients). */
  requestTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 1500;
/** How long a refused request's connection stays open (unread) after its answer. */
const REFUSED_LINGER_MS = 500;
/** Slack and Bot Framework send their headers at once; 10 s leaves room for a slow network. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Our largest body is 1 MiB: 30 s is a very slow link, and far below Node's 300 s default. */
export const REQUEST_TIMEOUT_MS = 30_000;

interface Route {
  handler: RouteHandler;
  maxBodyBytes: number;
}

export class HttpServer {
  readonly server: Server;
  private readonly routes = new Map<string, Route>();
  private readonly prefixes: Array<[string, Route]> = [];

  constructor(private readonly options: HttpServerOptions) {
    const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
    const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.server = createServer(
      {
        headersTimeout,
        requestTimeout,
        // Node checks those timeouts every 30 s by default, which would let a slow client hold
        // a connection up to 30 s past them.
        connectionsCheckingInterval: Math.min(1000, headersTimeout),
      },
      (req, res) => void this.handle(req, res),
    );
    // Slack and Bot Framework keep connections alive; don't let idle sockets pile up.
    this.server.keepAliveTimeout = 65_000;
  }

  /** Mounts a handler on an exact "METHOD /path". */
  route(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): void {
    this.routes.set(`${method} ${path}`, { handler, maxBodyBytes: options.maxBodyBytes ?? 0 });
  }

  /** Mounts a handler for every path under a prefix (any method). */
  mount(prefix: string, handler: RouteHandler, options: RouteOptions = {}): void {
    this.prefixes.push([prefix, { handler, maxBodyBytes: options.maxBodyBytes ?? 0 }]);
  }

  listen(port: number, host?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /**
   * Stops taking connections and resolves once every open one is gone. Requests in flight get
   * their answers; a keep-alive connection is closed as soon as it goes idle. (closeIdleConnections
   * only closes those idle right now: one still busy at close time would otherwise stay open
   * until the client drops it or keepAliveTimeout passes, which is longer than any grace period.)
   */
  close(): Promise<void> {
    return new Promise((resolve) => {
      const sweep = setInterval(() => this.server.closeIdleConnections(), 50);
      this.server.close(() => {
        clearInterval(sweep);
        resolve();
      });
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      const route = this.find(req.method ?? 'GET', path);
      if (!route) {
        // Never read what an unknown path was sent; don't let its body reach the next request.
        if (hasBody(req)) refuseAndClose(req, res, 404, 'not found');
        else send(res, 404, { error: 'not found' });
        return;
      }
      const body = await readBody(req, route.maxBodyBytes);
      if (!body.ok) {
        refuseAndClose(req, res, body.status, body.reason);
        return;
      }
      await route.handler(req, res, body.value);
    } catch (err) {
      // Never leak a stack trace to a caller.
      this.options.logger.error({ err, path }, 'http handler failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
    }
  }

  /** The built-in endpoints first, then exact routes, then prefixes. */
  private find(method: string, path: string): Route | undefined {
    if (method === 'GET' && path === '/healthz') return { maxBodyBytes: 0, handler: (_req, res) => send(res, 200, { status: 'ok' }) };
    if (method === 'GET' && path === '/readyz') return { maxBodyBytes: 0, handler: (_req, res) => this.readiness(res) };
    const metrics = this.options.metrics;
    if (method === 'GET' && path === '/metrics' && metrics) {
      return {
        maxBodyBytes: 0,
        handler: async (_req, res) => {
          const m = await metrics();
          res.writeHead(200, { 'content-type': m.contentType });
          res.end(m.body);
        },
      };
    }
    return this.routes.get(`${method} ${path}`) ?? this.prefixes.find(([p]) => path.startsWith(p))?.[1];
  }

  private async readiness(res: ServerResponse): Promise<void> {
    try {
      await withTimeout(this.options.ready(), READY_TIMEOUT_MS);
      send(res, 200, { status: 'ready' });
    } catch {
      send(res, 503, { status: 'not ready', reason: 'state store unreachable' });
    }
  }
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Answers a request whose body was not (fully) read, then drops the connection: the rest of
 * the body is never read, and it cannot be taken for the next request on a kept-alive socket.
 * Node would otherwise read and discard the rest once the answer is sent (IncomingMessage's
 * dump); a read(0) marks the body as taken by us, so the socket stays paused once the stream's
 * small buffer is full. A `connection: close` answer makes Node destroy the socket as soon as
 * the response ends, and closing a socket with unread bytes resets it, which can reach a client
 * still busy sending before it has read the answer: so the whole answer is written at once and
 * the response ended (the socket destroyed) a moment later.
 */
function refuseAndClose(req: IncomingMessage, res: ServerResponse, status: number, reason: string): void {
  req.pause();
  req.read(0);
  const text = JSON.stringify({ error: reason });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
  });
  res.write(text);
  const linger = setTimeout(() => res.end(), REFUSED_LINGER_MS);
  res.once('close', () => clearTimeout(linger));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.finally(() => clearTimeout(t)).then(resolve, reject);
  });
}
