// POST /api/messages on node:http: read and parse the JSON body ourselves (CloudAdapter wants
// `req.body`), answer 400 to a body that is not a JSON object, and give CloudAdapter the small
// express-like response it writes to. CloudAdapter checks the JWT and answers 401 itself.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { send, type RouteHandler } from '../../http/server.js';
import { readJsonObject, type JsonObjectBody } from '../../http/body.js';

/** Bot Framework activities are small; a card with a long relay is still far below this. */
const MAX_BODY = 1024 * 1024;

export function messagesHandler(adapter: CloudAdapter, logic: (ctx: TurnContext) => Promise<void>, logger: Logger): RouteHandler {
  return async (req, res) => {
    const body = await readJson(req);
    if (!body.ok) {
      logger.warn({ reason: body.reason }, 'teams: bad request to /api/messages');
      return send(res, body.status, { error: body.reason });
    }
    await adapter.process({ body: body.value, headers: req.headers, method: req.method ?? 'POST' }, expressLike(res), logic);
    if (!res.writableEnded) res.end();
  };
}

async function readJson(req: IncomingMessage): Promise<JsonObjectBody> {
  const body = await readJsonObject(req, MAX_BODY);
  if (!body.ok) return body;
  if (typeof body.value.type !== 'string') return { ok: false, status: 400, reason: 'the activity has no type' };
  return body;
}

/** The part of an express response CloudAdapter calls: status, header, send, end. */
function expressLike(res: ServerResponse) {
  let payload: string | undefined;
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body: unknown) {
      if (body === undefined) return;
      if (typeof body === 'string') {
        // CloudAdapter sends error messages as strings; never echo internals to the caller.
        payload = JSON.stringify({ error: res.statusCode === 401 ? 'unauthorized' : res.statusCode >= 500 ? 'internal error' : body });
      } else payload = JSON.stringify(body);
      res.setHeader('content-type', 'application/json; charset=utf-8');
    },
    end() {
      if (res.writableEnded) return;
      res.end(payload);
    },
  };
}
