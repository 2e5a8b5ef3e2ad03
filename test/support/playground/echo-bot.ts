// A tiny Bot Framework bot on botbuilder's CloudAdapter (anonymous, like the Teams bot without
// an app id), mounted at POST /api/messages, for testing the playground's Direct Line and
// Bot Connector emulation against the protocol rather than against our own Teams code. It
// records what it received and answers with the calls a Teams bot makes: reply, card with
// Action.Execute and Action.Submit, invoke response with a refreshed card, update, and a new
// conversation in a channel.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { PlatformFactory } from '../../../src/platforms/contract.js';

export interface EchoBot {
  received: Array<Record<string, unknown>>;
  factory: PlatformFactory;
}

export function card(title: string) {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: title }, { type: 'Input.Text', id: 'puk', label: 'PUK' }],
    actions: [
      { type: 'Action.Execute', title: 'Send', verb: 'send_puk', data: { requestId: 'CR-TEST' } },
      { type: 'Action.Submit', title: 'Submit', data: { requestId: 'CR-TEST', kind: 'submit' } },
      { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [], actions: [{ type: 'Action.Execute', title: 'Inner', verb: 'inner' }] } },
    ],
  };
}

export function echoBot(channel: string): EchoBot {
  const received: Array<Record<string, unknown>> = [];
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const logic = async (turn: TurnContext) => {
    const a = turn.activity;
    received.push(JSON.parse(JSON.stringify(a)) as Record<string, unknown>);
    if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
      const value = a.value as { action: { verb: string; data: Record<string, unknown> } };
      const body = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `done ${value.action.verb} ${String(value.action.data.puk)}` }] } };
      await turn.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
      return;
    }
    if (a.type !== 'message') return;
    if (a.value) {
      await turn.sendActivity(`submitted ${JSON.stringify(a.value)}`);
      return;
    }
    const text = (a.text ?? '').replace(/<at>[^<]*<\/at>\s*/g, '').trim();
    if (text === 'card') {
      await turn.sendActivity({ attachments: [CardFactory.adaptiveCard(card('A card'))] });
    } else if (text === 'update') {
      const sent = await turn.sendActivity('first version');
      await turn.updateActivity({ id: sent!.id, type: 'message', text: 'second version', conversation: a.conversation });
    } else if (text === 'post') {
      await adapter.createConversationAsync('', 'msteams', a.serviceUrl, '', {
        isGroup: true,
        channelData: { channel: { id: channel } },
        activity: { type: 'message', attachments: [CardFactory.adaptiveCard(card('Support card'))] },
      } as never, async () => undefined);
      await turn.sendActivity('posted');
    } else {
      await turn.sendActivity(`you said ${text}`);
    }
  };
  const factory: PlatformFactory = async (ctx) => {
    ctx.http.route('POST', '/api/messages', async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
      let payload: string | undefined;
      await adapter.process({ body: JSON.parse(body.toString('utf8')), headers: req.headers, method: 'POST' }, {
        socket: res.socket,
        status: (code: number) => void (res.statusCode = code),
        header: (name: string, value: unknown) => void res.setHeader(name, String(value)),
        send: (body: unknown) => void (payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)),
        end: () => void res.end(payload),
      } as never, logic);
      if (!res.writableEnded) res.end();
    }, { maxBodyBytes: 1024 * 1024 });
    return { name: 'echo' };
  };
  return { received, factory };
}
