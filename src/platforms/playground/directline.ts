// The Direct Line 3.0 subset Web Chat uses with polling (`webSocket: false`), served locally:
// start or resume a conversation, refresh the token, post an activity, upload files with an
// activity, and get activities after a watermark. Each token belongs to one pane; a conversation is only reachable with its
// pane's token. Errors follow Direct Line's shape ({ error: { code, message } }) and statuses
// (403 for a token that is not valid, which DirectLineJS treats as expired).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { send, type RouteHandler } from '../../http/server.js';
import { query, readPlaygroundJson, segments } from './body.js';
import type { KeptFile, PaneInfo, PlaygroundHub } from './hub.js';
import { errorText } from '../../core/error-text.js';

export const DIRECT_LINE_PREFIX = '/v3/directline';
const TOKEN_LIFETIME_S = 3600;

export function directLineHandler(hub: PlaygroundHub, logger: Pick<Logger, 'error'>): RouteHandler {
  return async (req, res, body) => {
    const parts = segments(req.url, DIRECT_LINE_PREFIX);
    if (!parts) return fail(res, 400, 'BadArgument', 'malformed path');
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const pane = hub.paneByToken(auth);
    if (!pane) return fail(res, 403, 'TokenExpired', 'token is not valid (did the playground reset? reload the page)');
    const method = req.method ?? 'GET';
    const [first, id, sub, ...rest] = parts;

    if (first === 'tokens' && (id === 'refresh' || id === 'generate') && !sub && method === 'POST')
      return send(res, 200, conversation(pane));
    if (first !== 'conversations' || rest.length) return fail(res, 404, 'NotFound', 'no such Direct Line resource');
    if (!id && method === 'POST') return send(res, 201, conversation(pane));
    if (!id) return fail(res, 405, 'BadArgument', 'method not allowed');
    if (id !== pane.conversationId) return fail(res, 404, 'NotFound', 'conversation not found for this token');
    if (!sub && method === 'GET') return send(res, 200, conversation(pane));
    if (sub === 'activities' && method === 'GET') return send(res, 200, hub.activities(pane.key, query(req.url, 'watermark')));
    if (sub === 'activities' && method === 'POST') {
      const json = await readPlaygroundJson(req, body);
      if (!json.ok) return fail(res, json.status, 'BadArgument', json.reason);
      try {
        return send(res, 200, { id: await hub.fromWebChat(pane.key, json.value) });
      } catch (err) {
        logger.error({ err: errorText(err) }, 'playground: could not hand an activity to the bot');
        return fail(res, 502, 'BotError', 'the bot could not be reached');
      }
    }
    if (sub === 'upload' && method === 'POST') {
      const upload = await readUpload(req, body);
      if (!upload.ok) return fail(res, 400, 'BadArgument', upload.reason);
      try {
        return send(res, 200, { id: await hub.fromWebChatUpload(pane.key, upload.activity, upload.files) });
      } catch (err) {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'playground: could not hand an upload to the bot');
        return fail(res, 502, 'BotError', 'the bot could not be reached');
      }
    }
    return fail(res, 404, 'NotFound', 'no such Direct Line resource');
  };
}

type Upload = { ok: true; activity: Record<string, unknown>; files: KeptFile[] } | { ok: false; reason: string };

/**
 * A Direct Line upload as DirectLineJS sends it: multipart/form-data with the activity as a part
 * of type application/vnd.microsoft.activity and each file as a part named `file`. Node's own
 * fetch implementation parses the multipart body.
 */
async function readUpload(req: IncomingMessage, body: Buffer): Promise<Upload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) return { ok: false, reason: 'expected multipart/form-data' };
  let form: FormData;
  try {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- undici's multipart parser is enough for the playground: loopback only, the body already capped by the route's maxBodyBytes; a parser library would not earn its place
    form = await new Response(body, { headers: { 'content-type': type } }).formData();
  } catch {
    return { ok: false, reason: 'the upload is not valid multipart/form-data' };
  }
  const activityPart = form.get('activity');
  let activity: unknown;
  try {
    activity = activityPart instanceof Blob ? JSON.parse(await activityPart.text()) : undefined;
  } catch {
    activity = undefined;
  }
  if (!activity || typeof activity !== 'object' || Array.isArray(activity)) return { ok: false, reason: 'the upload has no activity part' };
  const files: KeptFile[] = [];
  for (const part of form.getAll('file')) {
    if (!(part instanceof Blob)) continue;
    const name = part instanceof File && part.name ? part.name : 'file';
    files.push({ name, contentType: part.type || 'application/octet-stream', bytes: Buffer.from(await part.arrayBuffer()) });
  }
  if (!files.length) return { ok: false, reason: 'the upload has no file' };
  return { ok: true, activity: activity as Record<string, unknown>, files };
}

function conversation(pane: PaneInfo) {
  return { conversationId: pane.conversationId, token: pane.token, expires_in: TOKEN_LIFETIME_S };
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}
