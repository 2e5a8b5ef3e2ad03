// Small HTTP helpers shared by the playground's endpoints: read a JSON object body (bounded),
// and refuse cross-site form posts by requiring a JSON content type on every POST that has a body.

import type { IncomingMessage } from 'node:http';
import { type JsonObjectBody, readJsonObject } from '../../http/body.js';

/** The largest body a playground endpoint takes (a Web Chat activity with a card). */
export const PLAYGROUND_MAX_BODY_BYTES = 512 * 1024;

/**
 * The largest Direct Line upload (a dropped file and its activity): above the bot's own 10 MB
 * limit for files, so a too-large photo reaches the bot and gets the bot's own answer.
 */
export const PLAYGROUND_MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

export async function readPlaygroundJson(req: IncomingMessage, body: Buffer): Promise<JsonObjectBody> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type))
    return { ok: false, status: 415, reason: 'expected content-type application/json' };
  // http/body.ts already refuses anything but a JSON object (400).
  return readJsonObject(body, PLAYGROUND_MAX_BODY_BYTES);
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
