// A tiny Bot Framework bot on botbuilder's CloudAdapter (anonymous, like the Teams bot without
// an app id), mounted at POST /api/messages, for testing the playground's Direct Line and
// Bot Connector emulation against the protocol rather than against our own Teams code. It
// records what it received and answers with the calls a Teams bot makes: reply, card with
// Action.Execute and Action.Submit, invoke response with a refreshed card, update, a new
// conversation in a channel, a dialog (task/fetch and task/submit answered as Teams documents
// them), a card with Universal Actions' refresh for the sender, and fetching a pasted image.

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
    body: [
      { type: 'TextBlock', text: title },
      { type: 'Input.Text', id: 'puk', label: 'PUK' },
    ],
    actions: [
      { type: 'Action.Execute', title: 'Send', verb: 'send_puk', data: { requestId: 'CR-TEST' } },
      { type: 'Action.Submit', title: 'Submit', data: { requestId: 'CR-TEST', kind: 'submit' } },
      {
        type: 'Action.ShowCard',
        title: 'More',
        card: { type: 'AdaptiveCard', body: [], actions: [{ type: 'Action.Execute', title: 'Inner', verb: 'inner' }] },
      },
    ],
  };
}

/** The card the echo bot's dialog shows; `error` is the validation message of a refused submit. */
export function dialogCard(error?: string) {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [...(error ? [{ type: 'TextBlock', text: error, color: 'attention' }] : []), { type: 'Input.Text', id: 'puk', label: 'PUK' }],
    actions: [{ type: 'Action.Submit', title: 'Send to technician', data: { requestId: 'CR-TEST', form: 'puk' } }],
  };
}

const continueWith = (title: string, content: unknown) => ({
  task: { type: 'continue', value: { title, card: { contentType: 'application/vnd.microsoft.card.adaptive', content } } },
});

export function echoBot(channel: string): EchoBot {
  const received: Array<Record<string, unknown>> = [];
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const logic = async (turn: TurnContext) => {
    const a = turn.activity;
    received.push(JSON.parse(JSON.stringify(a)) as Record<string, unknown>);
    if (a.type === 'invoke' && a.name === 'task/fetch') {
      await turn.sendActivity({ type: 'invokeResponse', value: { status: 200, body: continueWith('Send PUK', dialogCard()) } });
      return;
    }
    if (a.type === 'invoke' && a.name === 'task/submit') {
      const puk = (a.value as { data: { puk?: string } }).data.puk ?? '';
      if (puk === 'bad') {
        await turn.sendActivity({
          type: 'invokeResponse',
          value: { status: 200, body: continueWith('Send PUK', dialogCard('That is not a PUK.')) },
        });
        return;
      }
      if (puk === 'say') {
        await turn.sendActivity({
          type: 'invokeResponse',
          value: { status: 200, body: { task: { type: 'message', value: 'PUK sent.' } } },
        });
        return;
      }
      await turn.sendActivity(`dialog sent ${puk}`);
      await turn.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
      return;
    }
    if (a.type === 'invoke' && a.name === 'adaptiveCard/action' && (a.value as { action: { verb: string } }).action.verb === 'refresh') {
      const trigger = String((a.value as { trigger?: unknown }).trigger);
      const body = {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `the view of ${a.from.name} (${trigger})` }] },
      };
      await turn.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
      return;
    }
    if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
      const value = a.value as { action: { verb: string; data: Record<string, unknown> } };
      const body = {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: `done ${value.action.verb} ${String(value.action.data.puk)}` }],
        },
      };
      await turn.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
      return;
    }
    if (a.type !== 'message') return;
    if (a.value) {
      await turn.sendActivity(`submitted ${JSON.stringify(a.value)}`);
      return;
    }
    const image = (a.attachments ?? []).find((x) => x.contentType === 'image/*');
    if (image?.contentUrl) {
      // What a Teams bot does with a pasted image: fetch its bytes from the connector.
      const res = await fetch(image.contentUrl);
      const bytes = Buffer.from(await res.arrayBuffer());
      await turn.sendActivity(
        `got ${res.headers.get('content-type')} ${bytes.length} bytes starting ${bytes.subarray(0, 4).toString('hex')}`,
      );
      return;
    }
    // An invoke or event carries no text, whatever the type says.
    const text = ((a.text as string | undefined) ?? '').replace(/<at>[^<]*<\/at>\s*/g, '').trim();
    if (text === 'card') {
      await turn.sendActivity({ attachments: [CardFactory.adaptiveCard(card('A card'))] });
    } else if (text === 'dialog card') {
      const opener = {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'A card with a dialog' }],
        actions: [
          { type: 'Action.Submit', title: 'Send PUK', data: { msteams: { type: 'task/fetch' }, requestId: 'CR-TEST', form: 'puk' } },
        ],
      };
      await turn.sendActivity({ attachments: [CardFactory.adaptiveCard(opener)] });
    } else if (text.startsWith('refresh card')) {
      // "refresh card": refreshed for the sender; "refresh card for nobody": for someone else.
      const userIds = text.endsWith('for nobody') ? ['29:somebody-else'] : [a.from.id];
      const shared = {
        type: 'AdaptiveCard',
        version: '1.5',
        refresh: { action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: 'CR-TEST' } }, userIds },
        body: [{ type: 'TextBlock', text: 'the shared view' }],
      };
      await turn.sendActivity({ attachments: [CardFactory.adaptiveCard(shared)] });
    } else if (text === 'update') {
      const sent = await turn.sendActivity('first version');
      await turn.updateActivity({ id: sent!.id, type: 'message', text: 'second version', conversation: a.conversation });
    } else if (text === 'post') {
      await adapter.createConversationAsync(
        '',
        'msteams',
        a.serviceUrl,
        '',
        {
          isGroup: true,
          channelData: { channel: { id: channel } },
          activity: { type: 'message', attachments: [CardFactory.adaptiveCard(card('Support card'))] },
        } as never,
        async () => undefined,
      );
      await turn.sendActivity('posted');
    } else {
      await turn.sendActivity(`you said ${text}`);
    }
  };
  const factory: PlatformFactory = async (ctx) => {
    ctx.http.route(
      'POST',
      '/api/messages',
      async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
        let payload: string | undefined;
        await adapter.process(
          { body: JSON.parse(body.toString('utf8')) as Record<string, unknown>, headers: req.headers, method: 'POST' },
          {
            socket: res.socket,
            status: (code: number) => void (res.statusCode = code),
            header: (name: string, value: unknown) => void res.setHeader(name, String(value)),
            send: (body: unknown) =>
              void (payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)),
            end: () => void res.end(payload),
          } as never,
          logic,
        );
        if (!res.writableEnded) res.end();
      },
      { maxBodyBytes: 1024 * 1024 },
    );
    return { name: 'echo' };
  };
  return { received, factory };
}
