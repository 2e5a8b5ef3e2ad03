// POST /api/messages on node:http: read and parse the JSON body ourselves, answer 400 to a body
// that is not an activity, then hand it to the TeamsAdapter, which authenticates and admits it
// before the bot runs. A refusal is 401 (no valid Bot Framework token) or 403 (a valid token, but
// not for this deployment), with nothing processed; the reason goes to the log, not the caller.

import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { send, type RouteHandler } from '../../http/server.js';
import { readJsonObject, type JsonObjectBody } from '../../http/body.js';
import type { TeamsAdapter } from './auth.js';

/** Bot Framework activities are small; a card with a long relay is still far below this. */
export const MESSAGES_MAX_BODY_BYTES = 1024 * 1024;

export function messagesHandler(adapter: TeamsAdapter, logic: (ctx: TurnContext) => Promise<void>, logger: Logger): RouteHandler {
  return async (req, res, raw) => {
    const body = await readJson(raw);
    if (!body.ok) {
      logger.warn({ reason: body.reason }, 'teams: bad request to /api/messages');
      send(res, body.status, { error: body.reason });
      return;
    }
    const activity = asActivity(body.value);
    const header = req.headers.authorization ?? '';
    const received = await adapter.receive(activity, header, logic);
    if (!received.ok) {
      logger.warn(
        { status: received.status, reason: received.reason, type: activity.type, channelId: activity.channelId, signed: header !== '' },
        'teams: activity refused',
      );
      send(res, received.status, { error: received.status === 401 ? 'unauthorized' : 'forbidden' });
      return;
    }
    const response = received.response;
    if (response?.body === undefined) {
      res.writeHead(response?.status ?? 200);
      res.end();
      return;
    }
    send(res, response.status, response.body);
  };
}

async function readJson(raw: Buffer): Promise<JsonObjectBody> {
  const body = await readJsonObject(raw, MESSAGES_MAX_BODY_BYTES);
  if (!body.ok) return body;
  if (typeof body.value.type !== 'string') return { ok: false, status: 400, reason: 'the activity has no type' };
  return body;
}

/** As CloudAdapter.process prepares a body: the time stamps as Dates, their text kept beside them. */
function asActivity(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}
