// Reading a request body as one JSON object, bounded in size, for the endpoints that parse
// JSON themselves (Bot Framework activities, the playground's Direct Line).

import type { IncomingMessage } from 'node:http';

export type JsonObjectBody = { ok: true; value: Record<string, unknown> } | { ok: false; status: number; reason: string };

export async function readJsonObject(req: IncomingMessage, maxBytes: number): Promise<JsonObjectBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) return { ok: false, status: 413, reason: 'body too large' };
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The client went away or the connection broke mid-body: a bad request, not a server fault.
    return { ok: false, status: 400, reason: 'body could not be read' };
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, status: 400, reason: 'expected a JSON object' };
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false, status: 400, reason: 'body is not valid JSON' };
  }
}
