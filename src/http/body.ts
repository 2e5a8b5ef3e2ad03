// The request body as the HTTP server read it (within the route's limit, see server.ts), and
// parsing it as one JSON object for the endpoints that parse JSON themselves (Bot Framework
// activities, the playground's Direct Line).

import type { IncomingMessage } from 'node:http';

export type JsonObjectBody = { ok: true; value: Record<string, unknown> } | { ok: false; status: number; reason: string };

const bodies = new WeakMap<IncomingMessage, Buffer>();

/** Called by the server once it has read a body within its route's limit. */
export function keepBody(req: IncomingMessage, body: Buffer): void {
  bodies.set(req, body);
}

/** The body the server read for this request; empty when there was none. */
export function bodyOf(req: IncomingMessage): Buffer {
  return bodies.get(req) ?? Buffer.alloc(0);
}

/** The body as a JSON object; `maxBytes` may narrow the route's limit further. */
export async function readJsonObject(req: IncomingMessage, maxBytes: number): Promise<JsonObjectBody> {
  const body = bodyOf(req);
  if (body.length > maxBytes) return { ok: false, status: 413, reason: 'body too large' };
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, status: 400, reason: 'expected a JSON object' };
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false, status: 400, reason: 'body is not valid JSON' };
  }
}
