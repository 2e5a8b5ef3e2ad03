// Small HTTP helpers shared by the playground's endpoints: read a JSON object body (bounded),
// and refuse cross-site form posts by requiring a JSON content type on every POST that has a body.

import type { IncomingMessage } from 'node:http';
import { isObject, type Json } from './translate.js';

const MAX_BODY = 512 * 1024;

export type JsonBody = { ok: true; value: Json } | { ok: false; status: number; reason: string };

export async function readJsonObject(req: IncomingMessage): Promise<JsonBody> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return { ok: false, status: 415, reason: 'expected content-type application/json' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return { ok: false, status: 413, reason: 'body too large' };
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return isObject(value) ? { ok: true, value } : { ok: false, status: 400, reason: 'expected a JSON object' };
  } catch {
    return { ok: false, status: 400, reason: 'body is not valid JSON' };
  }
}

/** Path segments after `prefix`, decoded; undefined when a segment is not valid percent-encoding. */
export function segments(url: string | undefined, prefix: string): string[] | undefined {
  const path = (url ?? '/').split('?')[0] ?? '/';
  try {
    return path
      .slice(prefix.length)
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

export function query(url: string | undefined, name: string): string | undefined {
  return new URL(url ?? '/', 'http://x').searchParams.get(name) ?? undefined;
}
