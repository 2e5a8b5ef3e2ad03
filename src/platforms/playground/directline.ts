// The Direct Line 3.0 subset Web Chat uses with polling (`webSocket: false`), served locally:
// start or resume a conversation, refresh the token, post an activity, and get activities
// after a watermark. Each token belongs to one pane; a conversation is only reachable with its
// pane's token. Errors follow Direct Line's shape ({ error: { code, message } }) and statuses
// (403 for a token that is not valid, which DirectLineJS treats as expired).

import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { send, type RouteHandler } from '../../http/server.js';
import { query, readJsonObject, segments } from './body.js';
import type { PaneInfo, PlaygroundHub } from './hub.js';
import { errorText } from '../../lib/error-text.js';

export const DIRECT_LINE_PREFIX = '/v3/directline';
const TOKEN_LIFETIME_S = 3600;

export function directLineHandler(hub: PlaygroundHub, logger: Pick<Logger, 'error'>): RouteHandler {
  return async (req, res) => {
    const parts = segments(req.url, DIRECT_LINE_PREFIX);
    if (!parts) return fail(res, 400, 'BadArgument', 'malformed path');
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const pane = hub.paneByToken(auth);
    if (!pane) return fail(res, 403, 'TokenExpired', 'token is not valid (did the playground reset? reload the page)');
    const method = req.method ?? 'GET';
    const [first, id, sub, ...rest] = parts;

    if (first === 'tokens' && (id === 'refresh' || id === 'generate') && !sub && method === 'POST') return send(res, 200, conversation(pane));
    if (first !== 'conversations' || rest.length) return fail(res, 404, 'NotFound', 'no such Direct Line resource');
    if (!id && method === 'POST') return send(res, 201, conversation(pane));
    if (!id) return fail(res, 405, 'BadArgument', 'method not allowed');
    if (id !== pane.conversationId) return fail(res, 404, 'NotFound', 'conversation not found for this token');
    if (!sub && method === 'GET') return send(res, 200, conversation(pane));
    if (sub === 'activities' && method === 'GET') return send(res, 200, hub.activities(pane.key, query(req.url, 'watermark')));
    if (sub === 'activities' && method === 'POST') {
      const body = await readJsonObject(req);
      if (!body.ok) return fail(res, body.status, 'BadArgument', body.reason);
      try {
        return send(res, 200, { id: await hub.fromWebChat(pane.key, body.value) });
      } catch (err) {
        logger.error({ err: errorText(err) }, 'playground: could not hand an activity to the bot');
        return fail(res, 502, 'BotError', 'the bot could not be reached');
      }
    }
    if (sub === 'upload') return fail(res, 400, 'BadArgument', 'file uploads are not available in the playground');
    return fail(res, 404, 'NotFound', 'no such Direct Line resource');
  };
}

function conversation(pane: PaneInfo) {
  return { conversationId: pane.conversationId, token: pane.token, expires_in: TOKEN_LIFETIME_S };
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}
