// The one HTTP server of the process: platform endpoints are mounted as routes, next to the
// health, readiness and metrics endpoints that operators and orchestrators poll.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  logger: Logger;
  /** Resolves when the state store answers; rejects or times out when it does not. */
  ready: () => Promise<void>;
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

const READY_TIMEOUT_MS = 1500;

export class HttpServer {
  readonly server: Server;
  private readonly routes = new Map<string, RouteHandler>();
  private readonly prefixes: Array<[string, RouteHandler]> = [];

  constructor(private readonly options: HttpServerOptions) {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Slack and Bot Framework keep connections alive; don't let idle sockets pile up.
    this.server.keepAliveTimeout = 65_000;
  }

  /** Mounts a handler on an exact "METHOD /path". */
  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** Mounts a handler for every path under a prefix (any method). */
  mount(prefix: string, handler: RouteHandler): void {
    this.prefixes.push([prefix, handler]);
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
      if (req.method === 'GET' && path === '/healthz') return send(res, 200, { status: 'ok' });
      if (req.method === 'GET' && path === '/readyz') {
        try {
          await withTimeout(this.options.ready(), READY_TIMEOUT_MS);
          return send(res, 200, { status: 'ready' });
        } catch {
          return send(res, 503, { status: 'not ready', reason: 'state store unreachable' });
        }
      }
      if (req.method === 'GET' && path === '/metrics' && this.options.metrics) {
        const m = await this.options.metrics();
        res.writeHead(200, { 'content-type': m.contentType });
        res.end(m.body);
        return;
      }
      const handler = this.routes.get(`${req.method} ${path}`) ?? this.prefixes.find(([p]) => path.startsWith(p))?.[1];
      if (handler) return await handler(req, res);
      send(res, 404, { error: 'not found' });
    } catch (err) {
      // Never leak a stack trace to a caller.
      this.options.logger.error({ err, path }, 'http handler failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
    }
  }
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
