// A Direct Line client for tests that does what Web Chat's DirectLineJS does with polling:
// resume the conversation with its token, post activities, read after the watermark.

import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../../src/app.js';
import type { PlatformFactory } from '../../../src/platforms/contract.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';

export type Json = Record<string, unknown>;

export interface PaneInfo {
  key: 'technician' | 'support';
  conversationId: string;
  token: string;
  userID: string;
  username: string;
}

export class DirectLinePane {
  watermark = '';
  readonly seen: Json[] = [];
  constructor(
    readonly base: string,
    readonly info: PaneInfo,
  ) {}

  private headers(json = false): Record<string, string> {
    return { authorization: `Bearer ${this.info.token}`, ...(json ? { 'content-type': 'application/json' } : {}) };
  }

  async post(activity: Json): Promise<Response> {
    return fetch(`${this.base}/v3/directline/conversations/${this.info.conversationId}/activities`, {
      method: 'POST',
      headers: this.headers(true),
      body: JSON.stringify({
        from: { id: this.info.userID, name: this.info.username, role: 'user' },
        channelData: { clientActivityID: `c${Math.random()}` },
        ...activity,
      }),
    });
  }

  async say(text: string): Promise<string> {
    const res = await this.post({ type: 'message', text });
    if (res.status !== 200) throw new Error(`post failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  }

  /** New activities since the last poll (and remembers them). */
  async poll(): Promise<Json[]> {
    const res = await fetch(`${this.base}/v3/directline/conversations/${this.info.conversationId}/activities?watermark=${this.watermark}`, {
      headers: this.headers(),
    });
    if (res.status !== 200) throw new Error(`poll failed: ${res.status}`);
    const body = (await res.json()) as { activities: Json[]; watermark: string };
    this.watermark = body.watermark;
    this.seen.push(...body.activities);
    return body.activities;
  }

  /** Polls until an activity satisfies `match` (the bot answers within the POST, timers later). */
  async waitFor(match: (a: Json) => boolean, timeoutMs = 5000): Promise<Json> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.poll();
      const found = [...this.shown()].reverse().find(match);
      if (found) return found;
      if (Date.now() > until)
        throw new Error(`no such activity in ${this.info.key}: ${JSON.stringify(this.shown().map((a) => a.text ?? a.type))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Presses a card button as Web Chat does: a postBack with the button's data and the inputs. */
  async press(card: Json, verb: string, inputs: Json = {}): Promise<void> {
    const action = findAction(card, verb);
    if (!action) throw new Error(`no button ${verb} on the card`);
    const res = await this.post({ type: 'message', channelData: { postBack: true }, value: { ...(action.data as Json), ...inputs } });
    if (res.status !== 200) throw new Error(`press failed: ${res.status}`);
  }

  /**
   * Presses a card's dialog button (an Action.Submit with `msteams.type: 'task/fetch'` and
   * `data.dialog`), as Web Chat does, and waits for the dialog the page would draw.
   */
  async openDialog(card: Json, dialog: string): Promise<ShownDialog> {
    const button = findDialogButton(card, dialog);
    if (!button) throw new Error(`no ${dialog} dialog button on the card`);
    const from = this.seen.length;
    const res = await this.post({ type: 'message', channelData: { postBack: true }, value: button.data });
    if (res.status !== 200) throw new Error(`press failed: ${res.status}`);
    const answer = await this.dialogAnswer(from);
    if (answer.kind !== 'dialog') throw new Error(`the ${dialog} dialog did not open: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** Submits a dialog as the page does (the submit button's data with the inputs); the bot's answer. */
  async submitDialog(dialog: ShownDialog, inputs: Json, title?: string): Promise<DialogAnswer> {
    const action = findSubmit(dialog.card, title);
    if (!action) throw new Error(`no submit button ${title ?? ''} in the dialog`);
    const from = this.seen.length;
    const res = await this.post({
      type: 'event',
      name: 'playground/dialog-submit',
      value: { dialogId: dialog.dialogId, data: { ...(action.data as Json), ...inputs } },
    });
    if (res.status !== 200) throw new Error(`submit failed: ${res.status}`);
    return this.dialogAnswer(from);
  }

  /** The first dialog event after position `from`: the dialog (again), or its closing. */
  private async dialogAnswer(from: number): Promise<DialogAnswer> {
    const until = Date.now() + 5000;
    for (;;) {
      await this.poll();
      const event = this.seen
        .slice(from)
        .find((a) => a.type === 'event' && (a.from as Json).role === 'bot' && String(a.name).startsWith('playground/dialog'));
      if (event?.name === 'playground/dialog')
        return { kind: 'dialog', ...(event.value as { dialogId: string; title: string; card: Json }) };
      if (event) return { kind: 'closed', dialogId: String((event.value as Json).dialogId) };
      if (Date.now() > until) throw new Error('no dialog answer');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Activities as Web Chat shows them: the last version of each id. */
  shown(): Json[] {
    const byId = new Map<string, Json>();
    for (const a of this.seen) byId.set(String(a.id), a);
    return [...byId.values()];
  }
}

export interface ShownDialog {
  kind: 'dialog';
  dialogId: string;
  title: string;
  card: Json;
}
export type DialogAnswer = ShownDialog | { kind: 'closed'; dialogId: string };

function walk(node: unknown, match: (o: Json) => boolean): Json | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = walk(n, match);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  const o = node as Json;
  if (match(o)) return o;
  for (const v of Object.values(o)) {
    const found = walk(v, match);
    if (found) return found;
  }
  return undefined;
}

/** A card's button that opens the named dialog. */
export function findDialogButton(card: Json, dialog: string): Json | undefined {
  return walk(
    card,
    (o) =>
      o.type === 'Action.Submit' &&
      (o.data as Json | undefined)?.dialog === dialog &&
      ((o.data as Json).msteams as Json | undefined)?.type === 'task/fetch',
  );
}

/** A dialog card's submit button, by title, or its first. */
function findSubmit(card: Json, title?: string): Json | undefined {
  return walk(card, (o) => o.type === 'Action.Submit' && (title === undefined || o.title === title));
}

export interface PlaygroundRig {
  app: App;
  /** The playground's own app (its desk, store and clock), beside the deployment's `app`. */
  own: App;
  base: string;
  /** The Bot Connector emulation, on the playground app's own loopback-only port. */
  connector: string;
  technician: DirectLinePane;
  support: DirectLinePane;
  session(): Promise<{ technician: DirectLinePane; support: DirectLinePane }>;
}

/** The app with the playground on, its panes talking to `bot` instead of the playground's own Teams bot when given. */
export async function startPlayground(bot?: PlatformFactory, env: Record<string, string> = {}): Promise<PlaygroundRig> {
  const app = await createApp(loadConfig(env), { logger: createLogger('silent'), ...(bot ? { playgroundBot: bot } : {}) });
  if (!app.playground) throw new Error('the playground is off with this environment');
  const port = await app.start(0);
  const base = `http://127.0.0.1:${port}`;
  const rig: PlaygroundRig = {
    app,
    own: app.playground,
    base,
    connector: `http://127.0.0.1:${(app.playground.http.server.address() as AddressInfo).port}/playground/connector`,
    technician: undefined as never,
    support: undefined as never,
    async session() {
      const body = (await (await fetch(`${base}/playground/session`)).json()) as { panes: PaneInfo[] };
      const pane = (key: string) =>
        new DirectLinePane(
          base,
          body.panes.find((p) => p.key === key)!,
        );
      rig.technician = pane('technician');
      rig.support = pane('support');
      return { technician: rig.technician, support: rig.support };
    },
  };
  await rig.session();
  return rig;
}

/** The (rewritten) button for a verb anywhere in an activity's cards, ShowCards included. */
export function findAction(node: unknown, verb: string): Json | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findAction(n, verb);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  const o = node as Json;
  const marker = (o.data as Json | undefined)?.__playground as Json | undefined;
  if (o.type === 'Action.Submit' && marker?.verb === verb) return o;
  for (const v of Object.values(o)) {
    const found = findAction(v, verb);
    if (found) return found;
  }
  return undefined;
}

/** Everything a person would read in an activity: its text and its cards' text. */
export function readable(a: Json): string {
  return JSON.stringify([a.text ?? '', a.attachments ?? []]);
}
