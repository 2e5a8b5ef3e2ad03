// A Bot Connector emulation for the playground: the bot is given this as its `serviceUrl`, so
// everything it sends — replies, new messages, updates, new conversations, member look-ups —
// arrives here in the Bot Connector REST shape and is handed to the pane that shows the
// conversation, and the bytes of the files people dropped into a pane are served from its
// attachment store. It is served on the playground's own loopback-only port, never on the
// deployment's, and only the bot itself (on this machine) may call it.

import type { ServerResponse } from 'node:http';
import { send, type RouteHandler } from '../../http/server.js';
import { isLoopbackAddress } from '../../lib/loopback.js';
import { readPlaygroundJson, segments } from './body.js';
import type { PlaygroundHub } from './hub.js';

export const CONNECTOR_PREFIX = '/playground/connector';

export function connectorHandler(hub: PlaygroundHub): RouteHandler {
  return async (req, res, raw) => {
    if (!isLoopbackAddress(req.socket.remoteAddress))
      return fail(res, 403, 'Forbidden', 'the playground connector only talks to the bot on this machine');
    const parts = segments(req.url, CONNECTOR_PREFIX);
    if (!parts || parts[0] !== 'v3') return fail(res, 404, 'NotFound', 'no such connector resource');
    const method = req.method ?? 'GET';
    const [, collection, id, sub, activityId, ...rest] = parts;
    const body = async () => {
      const b = await readPlaygroundJson(req, raw);
      return b.ok ? b.value : undefined;
    };

    if (collection === 'teams' && id && method === 'GET') {
      const team = hub.supportTeam;
      if (id !== team.id) return fail(res, 404, 'NotFound', 'team not found');
      if (!sub) return send(res, 200, { id: team.id, name: team.name, aadGroupId: 'playground-team' });
      if (sub === 'conversations') return send(res, 200, { conversations: [{ id: team.id, name: 'General' }] });
      return fail(res, 404, 'NotFound', 'no such team resource');
    }
    // The connector's attachment store, where Teams keeps a pasted image: the bot fetches the
    // bytes of a file dropped into a pane from here, as it would from Teams.
    if (collection === 'attachments' && id && method === 'GET') {
      const file = hub.file(id);
      if (!file) return fail(res, 404, 'NotFound', 'attachment not found');
      if (!sub)
        return send(res, 200, { name: file.name, type: file.contentType, views: [{ viewId: 'original', size: file.bytes.length }] });
      if (sub !== 'views' || activityId !== 'original' || rest.length) return fail(res, 404, 'NotFound', 'no such attachment view');
      res.writeHead(200, { 'content-type': file.contentType || 'application/octet-stream', 'content-length': file.bytes.length });
      res.end(file.bytes);
      return;
    }
    if (collection !== 'conversations' || rest.length) return fail(res, 404, 'NotFound', 'no such connector resource');

    if (!id && method === 'POST') {
      const params = await body();
      if (!params) return fail(res, 400, 'BadArgument', 'expected ConversationParameters');
      const created = hub.createConversation(params);
      return created ? send(res, 201, created) : fail(res, 404, 'NotFound', 'the playground has no such channel or person');
    }
    if (!id) return fail(res, 404, 'NotFound', 'no such connector resource');

    if (sub === 'activities' && method === 'POST') {
      const activity = await body();
      if (!activity) return fail(res, 400, 'BadArgument', 'expected an activity');
      const sent = hub.fromBot(id, activity, activityId);
      return sent ? send(res, 200, { id: sent }) : fail(res, 404, 'NotFound', 'conversation not found');
    }
    if (sub === 'activities' && activityId && method === 'PUT') {
      const activity = await body();
      if (!activity) return fail(res, 400, 'BadArgument', 'expected an activity');
      return hub.update(activityId, activity) ? send(res, 200, { id: activityId }) : fail(res, 404, 'NotFound', 'activity not found');
    }
    if (sub === 'activities' && activityId && method === 'DELETE') {
      return hub.remove(activityId) ? send(res, 200, {}) : fail(res, 404, 'NotFound', 'activity not found');
    }
    if (method === 'GET' && (sub === 'members' || sub === 'pagedmembers')) {
      const members = hub.members(id);
      if (!members) return fail(res, 404, 'NotFound', 'conversation not found');
      if (sub === 'pagedmembers') return send(res, 200, { members });
      if (!activityId) return send(res, 200, members);
      const member = members.find((m) => m.id === activityId || m.aadObjectId === activityId);
      return member ? send(res, 200, member) : fail(res, 404, 'NotFound', 'member not found');
    }
    return fail(res, 404, 'NotFound', 'no such connector resource');
  };
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}
