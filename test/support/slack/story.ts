// The moves of a Slack story, shared by every harness that drives a camreset: a technician types
// /camreset and answers in the thread, an agent clicks on the card. Each move is signed and sent
// to whatever `endpoint()` names now (the in-process app, or a bot process), or, when the
// harness gives a `transport()`, delivered that way (Socket Mode envelopes: socket.ts).

import { CODE, DETAILS } from '../desk.js';
import { SlackFake, type SlackCall, type SlackMessage } from './fake.js';
import { SlackSender, messageEvent, type SlackFileShare, type SlackHttpResponse, type Transport } from './requests.js';
import { REQUEST_ID } from '../request-id.js';

export const TECH = 'UTECH1';
export const TECH2 = 'UTECH2';
export const AGENT = 'UAGENT1';
export const AGENT2 = 'UAGENT2';
export const STRANGER = 'USTRANGER';
export const FIELD = 'CFIELD';
export const SUPPORT = 'CSUPPORT';
export const AGENTS_GROUP = 'SAGENTS';

export interface Thread {
  id: string;
  user: string;
  channel: string;
  thread: string;
}

export const textOf = (m: { text?: string; blocks?: unknown }): string => SlackFake.textOf({ text: m.text, blocks: m.blocks });

export function hasButton(m: SlackMessage, action: string): boolean {
  return JSON.stringify(m.blocks).includes(`"camreset.${action}"`);
}

/** How many of `messages` match `pattern`. */
export const count = (messages: SlackMessage[], pattern: RegExp): number => messages.filter((m) => pattern.test(textOf(m))).length;

const requestIdOf = (text: string): string => REQUEST_ID.exec(text)![0];

export abstract class SlackStory {
  private readonly known = new Set<string>();
  abstract readonly fake: SlackFake;
  /** Where signed requests go now (`http://127.0.0.1:<port>/slack/events`). */
  protected abstract endpoint(): string;
  protected abstract readonly signingSecret: string;
  /** How long each wait may take (the fake's default when unset). */
  protected readonly timeoutMs: number | undefined = undefined;

  /** How moves reach the app when not as signed HTTP requests to `endpoint()` (Socket Mode). */
  protected transport(): Transport | undefined {
    return undefined;
  }

  get slack(): SlackSender {
    const transport = this.transport();
    return new SlackSender({
      endpoint: this.endpoint(),
      signingSecret: this.signingSecret,
      fake: this.fake,
      ...(transport ? { transport } : {}),
    });
  }

  protected waitFor<T>(probe: () => T | undefined | null | false, what: string): Promise<T> {
    return this.fake.waitFor(probe, what, this.timeoutMs);
  }

  // --- the technician -----------------------------------------------------------------

  /** `/camreset [text]` in `channel`; resolves to the new request's thread (wherever it landed). */
  async begin(user = TECH, channel = FIELD, text = ''): Promise<Thread> {
    const res = await this.slack.command({ user, channel, text });
    if (res.status !== 200) throw new Error(`/camreset answered ${res.status}`);
    const parent = await this.waitFor(
      () =>
        this.fake
          .messages()
          // In any language: a new top-level message naming the person and a request id (a card
          // opens with its id; a thread's opening names it after the title).
          .find(
            (m) =>
              !m.thread_ts &&
              !this.known.has(m.ts) &&
              REQUEST_ID.test(m.text) &&
              !m.text.startsWith('CR-') &&
              m.text.includes(`<@${user}>`),
          ),
      'the thread of a new request',
    );
    this.known.add(parent.ts);
    const t = { id: requestIdOf(parent.text), user, channel: parent.channel, thread: parent.ts };
    // The welcome (the first reply naming the request) follows once the request is stored and its
    // thread indexed: a person answers after it.
    await this.reply(t, new RegExp(t.id));
    return t;
  }

  /** A message in the request's thread (by the technician unless `user` says otherwise). */
  say(
    t: Thread,
    text: string,
    options: { user?: string; files?: SlackFileShare[] } = {},
  ): Promise<SlackHttpResponse & { eventId: string }> {
    return this.slack.event(
      messageEvent({
        user: options.user ?? t.user,
        channel: t.channel,
        thread_ts: t.thread,
        text,
        ...(options.files ? { files: options.files } : {}),
      }),
    );
  }

  replies(t: Pick<Thread, 'channel' | 'thread'>): SlackMessage[] {
    return this.fake.thread(t.channel, t.thread);
  }

  /** Waits for a reply in the thread matching `pattern`, at index `from` or later. */
  reply(t: Pick<Thread, 'channel' | 'thread'>, pattern: RegExp, from = 0): Promise<SlackMessage> {
    return this.waitFor(
      () =>
        this.replies(t)
          .slice(from)
          .find((m) => pattern.test(textOf(m))),
      `a reply matching ${pattern} in ${t.channel}/${t.thread}`,
    );
  }

  /** Clicks the newest button `action` in the thread (or in `inChannel`, e.g. the DM for PUK buttons). */
  async click(
    t: Pick<Thread, 'channel' | 'thread'> & { id: string },
    action: string,
    user: string,
    inChannel?: string,
  ): Promise<SlackHttpResponse> {
    const messages = inChannel ? this.fake.messages(inChannel) : this.replies(t);
    const message = [...messages].reverse().find((m) => hasButton(m, action));
    if (!message) throw new Error(`no ${action} button in ${inChannel ?? t.thread}`);
    // The button's own value: the request id, and for a question's buttons what they hand back.
    const button = (message.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === `camreset.${action}`);
    return this.slack.click({
      user,
      actionId: `camreset.${action}`,
      value: button?.value ?? t.id,
      channel: message.channel,
      messageTs: message.ts,
      ...(message.thread_ts ? { threadTs: message.thread_ts } : {}),
    });
  }

  /** From /camreset to a request with support: code and details pasted, summary submitted, card posted. */
  async submitted(user = TECH, channel = FIELD): Promise<Thread & { card: SlackMessage }> {
    const t = await this.begin(user, channel);
    await this.say(t, `${CODE}\n${DETAILS}`);
    await this.reply(t, /Everything is here/);
    await this.click(t, 'submit', user);
    const card = await this.cardOf(t.id);
    await this.reply(t, /is with support now/);
    return { ...t, card };
  }

  // --- support ------------------------------------------------------------------------

  /** Every card of request `id` in the support channel (there must be exactly one). */
  cards(id: string): SlackMessage[] {
    return this.fake.messages(SUPPORT).filter((m) => !m.thread_ts && m.text.startsWith(`${id} `));
  }

  /** The request's card in the support channel (waits for it). */
  cardOf(id: string): Promise<SlackMessage> {
    return this.waitFor(() => this.cards(id)[0], `the card of ${id}`);
  }

  cardThread(card: SlackMessage): Thread {
    return { id: requestIdOf(card.text), user: '', channel: card.channel, thread: card.ts };
  }

  clickCard(card: SlackMessage, action: string, user = AGENT): Promise<SlackHttpResponse> {
    return this.slack.click({
      user,
      actionId: `camreset.${action}`,
      value: requestIdOf(card.text),
      channel: card.channel,
      messageTs: card.ts,
    });
  }

  /** Waits until the card (as updated so far) matches `pattern`. */
  cardWhen(of: SlackMessage | { card: SlackMessage }, pattern: RegExp): Promise<SlackMessage> {
    const card = 'card' in of ? of.card : of;
    return this.waitFor(() => {
      const now = this.fake.messages(card.channel).find((m) => m.ts === card.ts);
      return now && pattern.test(textOf(now)) ? now : undefined;
    }, `the card to match ${pattern}`);
  }

  /** The newest modal opened with `callbackId` (waits for it). */
  openedView(callbackId: string, after = 0): Promise<Record<string, unknown>> {
    return this.waitFor(
      () =>
        this.fake
          .callsTo('views.open')
          .slice(after)
          .reverse()
          .find((c) => c.response.ok && (c.args.view as { callback_id?: string } | undefined)?.callback_id === callbackId)?.args.view as
          Record<string, unknown> | undefined,
      `a ${callbackId} modal`,
    );
  }

  /** Opens a card form as `user` and submits it with `values`. */
  async submitForm(
    card: SlackMessage,
    action: string,
    callbackId: string,
    values: Record<string, string>,
    user = AGENT,
    selects?: string[],
  ): Promise<SlackHttpResponse> {
    const before = this.fake.callsTo('views.open').length;
    await this.clickCard(card, action, user);
    const view = await this.openedView(callbackId, before);
    return this.slack.submitView({ user, view, values, ...(selects ? { selects } : {}) });
  }

  /**
   * Waits for an ephemeral message to `user` with button `action` (a question the bot asked them
   * alone, e.g. "Send ABCD… as the PUK?") and clicks it, as Slack sends a click on an ephemeral.
   */
  async answerPrivately(user: string, action: string, after = 0): Promise<SlackHttpResponse> {
    const call = await this.waitFor(
      () =>
        [...this.fake.ephemerals(user).slice(after)]
          .reverse()
          .find((c) => JSON.stringify(c.args.blocks ?? []).includes(`"camreset.${action}"`)),
      `an ephemeral with ${action} for ${user}`,
    );
    const blocks = (call.args.blocks ?? []) as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>;
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === `camreset.${action}`)!;
    const channel = String(call.args.channel);
    return this.slack.click({
      user,
      actionId: button.action_id!,
      value: button.value ?? '',
      channel,
      messageTs: `${Date.now() / 1000}`,
      ...(typeof call.args.thread_ts === 'string' && call.args.thread_ts ? { threadTs: call.args.thread_ts } : {}),
    });
  }

  /** An agent's reply in the card's thread taken as the PUK: they write it, then confirm it privately. */
  async pukInThread(card: SlackMessage, text: string, user = AGENT): Promise<void> {
    const before = this.fake.ephemerals(user).length;
    await this.slack.event(messageEvent({ user, channel: card.channel, thread_ts: card.ts, text }));
    await this.answerPrivately(user, 'puk_confirm', before);
  }

  /** Ephemeral messages shown to `user` (waits for at least `count`). */
  ephemeralsFor(user: string, count = 1): Promise<SlackCall[]> {
    return this.waitFor(() => {
      const list = this.fake.ephemerals(user);
      return list.length >= count ? list : undefined;
    }, `${count} ephemeral message(s) for ${user}`);
  }
}
