// Request bodies: reading one within its route's limit (the HTTP server does this for every
// route and hands the body to the route's handler, see server.ts), and parsing it as one JSON
// object for the endpoints that parse JSON themselves (Bot Framework activities, the
// playground's Direct Line).

import type { IncomingMessage } from 'node:http';

export type BodyRead = { ok: true; value: Buffer } | { ok: false; status: number; reason: string };
export type JsonObjectBody = { ok: true; value: Record<string, unknown> } | { ok: false; status: number; reason: string };

const EMPTY = Buffer.alloc(0);

/** Whether the request says a body follows (a positive Content-Length, or Transfer-Encoding). */
export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * The body, read only when it fits in `limit` bytes: a declared length over the limit is
 * refused unread, an undeclared one (chunked) is counted as it arrives and reading stops at the
 * first chunk over it. A request without a body reads nothing. (Node's parser has already
 * refused a Content-Length that is not a number, or one sent with Transfer-Encoding.)
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> | BodyRead {
  if (!hasBody(req)) return { ok: true, value: EMPTY };
  const tooLarge: BodyRead = { ok: false, status: 413, reason: limit ? `body larger than ${limit} bytes` : 'this endpoint takes no body' };
  const declared = req.headers['content-length'];
  if (limit === 0 || (declared !== undefined && Number(declared) > limit)) return tooLarge;
  return readWithin(req, limit, tooLarge);
}

async function readWithin(req: IncomingMessage, limit: number, tooLarge: BodyRead): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // Pulled one chunk at a time, so nothing is read ahead past the limit; leaving the loop
    // must not destroy the request: the server still answers on its socket.
    for await (const chunk of req.iterator({ destroyOnReturn: false })) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        // Stop pulling bytes off the wire; the server closes the connection after its answer
        // (a reset from the client meanwhile is expected, not an error to raise).
        req.pause();
        req.on('error', () => undefined);
        return tooLarge;
      }
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The client went away or the connection broke mid-body: a bad request, not a server fault.
    return { ok: false, status: 400, reason: 'body could not be read' };
  }
  return { ok: true, value: Buffer.concat(chunks, size) };
}

/**
 * The body the server read (its handler's argument), as a JSON object; `maxBytes` may narrow the
 * route's limit. Nothing is left to wait for, but the handlers await it: a promise keeps their
 * code unchanged.
 */
export function readJsonObject(body: Buffer, maxBytes: number): Promise<JsonObjectBody> {
  if (body.length > maxBytes) return Promise.resolve({ ok: false, status: 413, reason: 'body too large' });
  return Promise.resolve(parseJsonObject(body));
}

export function parseJsonObject(body: Buffer): JsonObjectBody {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, status: 400, reason: 'expected a JSON object' };
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false, status: 400, reason: 'body is not valid JSON' };
  }
}
