// Requests an attacker would send to the HTTP server: a body of any size streamed without ever
// being held in the test's own memory (with or without Content-Length), and a client that
// dribbles its headers or body a few bytes at a time.

import { request } from 'node:http';
import { connect } from 'node:net';

export interface BigPost {
  port: number;
  path: string;
  /** How much to send: `bytes` of filler, or this exact body. */
  bytes?: number;
  body?: Buffer;
  /** Declares the size up front; without it the body goes chunked. */
  contentLength: boolean;
  headers?: Record<string, string>;
}

export interface BigPostResult {
  /** The status the server answered, undefined when it answered nothing. */
  status: number | undefined;
  /** How much of the body the client got onto the wire before the server stopped it. */
  sent: number;
  /** The server closed the connection rather than keep it alive. */
  closed: boolean;
  /** Why the client stopped without an answer (a reset, say). */
  error?: string;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** POSTs `bytes` of body, writing as fast as the server takes it, until it answers or hangs up. */
export function bigPost(o: BigPost): Promise<BigPostResult> {
  return new Promise((resolve) => {
    const total = o.body?.length ?? o.bytes ?? 0;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
    if (o.contentLength) headers['content-length'] = String(total);
    const req = request({ host: '127.0.0.1', port: o.port, path: o.path, method: 'POST', headers, agent: false });
    let sent = 0;
    let status: number | undefined;
    let closed = false;
    let settled = false;
    let error: string | undefined;
    const settle = () => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve({ status, sent, closed, ...(error && status === undefined ? { error } : {}) });
    };
    req.on('response', (res) => {
      status = res.statusCode;
      closed = res.headers.connection === 'close';
      res.resume();
      res.on('end', settle);
      res.on('error', settle);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
      settle();
    });
    req.on('close', () => setTimeout(settle, 50));
    const pump = () => {
      while (sent < total && status === undefined && !req.destroyed) {
        const n = Math.min(CHUNK.length, total - sent);
        const piece = o.body ? o.body.subarray(sent, sent + n) : CHUNK.subarray(0, n);
        sent += n;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (sent >= total) req.end();
    };
    pump();
  });
}

export interface SlowClient {
  /** What the server sent back before it closed the connection ('' when nothing). */
  answer: string;
  /** Milliseconds from the first byte to the server closing the connection. */
  closedAfterMs: number;
}

/**
 * Sends `head` (request line and headers, CRLF-separated) and then `body` one byte every
 * `everyMs`, the way a slowloris client holds a connection; resolves when the server closes it
 * or after `giveUpMs`.
 */
export function slowClient(o: {
  port: number;
  head: string;
  body?: string;
  everyMs: number;
  headAtOnce?: boolean;
  giveUpMs: number;
}): Promise<SlowClient> {
  return new Promise((resolve) => {
    const socket = connect(o.port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    // One write per character (code point), so the server sees the slowest possible sender.
    const chars = (s: string) => Array.from(s);
    const bytes = o.headAtOnce ? [o.head, ...chars(o.body ?? '')] : [...chars(o.head), ...chars(o.body ?? '')];
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ answer, closedAfterMs: Date.now() - started });
    };
    const giveUp = setTimeout(finish, o.giveUpMs);
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', finish);
    socket.on('error', () => undefined);
    const next = () => {
      const piece = bytes.shift();
      if (piece === undefined || socket.destroyed) return;
      socket.write(piece);
      timer = setTimeout(next, o.everyMs);
    };
    socket.on('connect', next);
  });
}
