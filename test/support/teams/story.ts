// Steps of a Teams conversation that many tests share: a technician starting and submitting a
// request, the support card that appears, an agent pressing its buttons.

import { expect } from 'vitest';
import {
  cardAction,
  channelMessage,
  personalChat,
  personalMessage,
  SUPPORT_CHANNEL,
  taskInvoke,
  type TeamsUser,
  users,
} from './activities.js';
import { cardsOf, type Sent, textOf } from './connector.js';
import type { TeamsHarness } from './harness.js';
import { REQUEST_ID } from '../request-id.js';

export const CODE = 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6';
export const DETAILS = 'Model: NDE-5503-AL\nMAC 00-07-5f-12-34-56\nFW 7.80.0128\nSN 404754734001050102';
export const PUK = 'PUK7K3M9Q2X8';

type Json = Record<string, unknown>;

/** Buttons (Action.Execute, also inside ShowCards) of a card, by verb. */
export function verbs(card: Json | undefined): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (o.type === 'Action.Execute' && typeof o.verb === 'string') found.push(o.verb);
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return found;
}

/** Buttons that open a dialog (Action.Submit with msteams.type task/fetch), by dialog kind. */
export function dialogs(card: Json | undefined): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    const data = o.data as Json | undefined;
    if (o.type === 'Action.Submit' && (data?.msteams as Json | undefined)?.type === 'task/fetch' && typeof data?.dialog === 'string')
      found.push(data.dialog);
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return found;
}

/** Every button of a card: Action.Execute verbs and dialog kinds. */
export function buttons(card: Json | undefined): string[] {
  return [...verbs(card), ...dialogs(card)];
}

/**
 * The buttons that act on a request: every verb and dialog of a card except its `refresh` (the
 * automatic refresh, and the "Show my actions" button that asks for the viewer's own view).
 */
export function actionButtons(card: Json | undefined): string[] {
  if (!card) return [];
  const { refresh: _refresh, ...rest } = card;
  return buttons(rest).filter((b) => b !== 'refresh');
}

/** Input elements anywhere in a card (a card the bot posts must have none). */
export function inputsIn(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) found.push(`${o.type}#${String(o.id)}`);
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return found;
}

/** The data of the dialog button `dialog` on a card (what Teams hands back in task/fetch). */
export function dialogButtonData(card: unknown, dialog: string): Json | undefined {
  let found: Json | undefined;
  const walk = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Json;
    const data = o.data as Json | undefined;
    if (o.type === 'Action.Submit' && (data?.msteams as Json | undefined)?.type === 'task/fetch' && data?.dialog === dialog) found = data;
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

export interface Dialog {
  /** The task/fetch answer as Teams got it. */
  response: Json;
  /** The dialog's Adaptive Card (undefined when the dialog did not open). */
  card?: Json;
  /** The message shown instead (task type message). */
  message?: string;
}

export function dialogOf(response: Json): Dialog {
  const task = response.task as Json | undefined;
  if (task?.type === 'message') return { response, message: String(task.value) };
  const value = task?.value as Json | undefined;
  const card = (value?.card as Json | undefined)?.content as Json | undefined;
  return card ? { response, card } : { response };
}

/** The data of a dialog card's Action.Submit with `verb`, merged with `inputs`: what task/submit carries. */
export function submitData(card: Json, verb: string, inputs: Json): Json {
  let found: Json | undefined;
  const walk = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Json;
    if (o.type === 'Action.Submit' && (o.data as Json | undefined)?.verb === verb) found = o.data as Json;
    Object.values(o).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no submit ${verb} in the dialog: ${JSON.stringify(card).slice(0, 300)}`);
  // Teams sends every input's value, '' for an empty one.
  const values: Json = {};
  const walkInputs = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walkInputs);
    const o = n as Json;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string')
      values[o.id] = typeof o.value === 'string' ? o.value : '';
    Object.values(o).forEach(walkInputs);
  };
  walkInputs(card.body);
  return { ...values, ...inputs, ...found };
}

/** The part of a harness a dialog needs: the app's endpoint and the connector (any app that runs Teams). */
export type TeamsEnds = Pick<TeamsHarness, 'bot' | 'connector'>;

/** Opens a dialog from a button on a message: task/fetch with that button's data. */
export async function openDialog(
  h: TeamsEnds,
  by: TeamsUser,
  conversationId: string,
  messageId: string,
  buttonData: Json,
): Promise<Dialog> {
  const r = await h.bot.send(taskInvoke(h.connector.url, by, 'task/fetch', conversationId, messageId, buttonData));
  return dialogOf(r.body as Json);
}

/** Submits a dialog's card with `inputs`: task/submit, as Teams sends it. */
export async function submitDialog(
  h: TeamsEnds,
  by: TeamsUser,
  conversationId: string,
  messageId: string,
  card: Json,
  verb: string,
  inputs: Json = {},
): Promise<Dialog> {
  const r = await h.bot.send(taskInvoke(h.connector.url, by, 'task/submit', conversationId, messageId, submitData(card, verb, inputs)));
  return dialogOf(r.body as Json);
}

/**
 * An agent fills a support form: opens `dialog` from the support card (the agent's view, as a
 * refresh gives it), submits `verb` with `inputs`; resolves to what the dialog answered.
 */
export async function supportForm(
  h: TeamsHarness,
  s: Submitted,
  by: TeamsUser,
  dialog: string,
  verb: string,
  inputs: Json,
): Promise<Dialog> {
  const view = await agentView(h, s, by);
  const data = dialogButtonData(view, dialog) ?? { msteams: { type: 'task/fetch' }, dialog, requestId: s.id, card: 'support' };
  const opened = await openDialog(h, by, s.cardConversation, s.cardMessage, data);
  if (!opened.card) return opened;
  return submitDialog(h, by, s.cardConversation, s.cardMessage, opened.card, verb, inputs);
}

const DIALOG_OF: Record<string, string> = {
  send_puk: 'send_puk',
  ask: 'ask',
  reject: 'reject',
  request_document: 'paperwork',
  record_ticket: 'paperwork',
};

/** An agent does a support action that takes input (send_puk, ask, reject, request_document, record_ticket) through its dialog. */
export async function fill(h: TeamsHarness, s: Submitted, by: TeamsUser, verb: string, inputs: Json): Promise<Dialog> {
  const dialog = DIALOG_OF[verb];
  if (!dialog) throw new Error(`${verb} has no dialog`);
  return supportForm(h, s, by, dialog, verb, inputs);
}

/** The technician fills a dialog opened from a card in their conversation (e.g. "It did not work"). */
export async function fillOnCard(
  h: TeamsHarness,
  by: TeamsUser,
  message: Sent,
  dialog: string,
  verb: string,
  inputs: Json = {},
): Promise<Dialog> {
  const data = dialogButtonData(cardsOf(message.activity), dialog);
  if (!data) throw new Error(`no ${dialog} dialog button on that card`);
  const opened = await openDialog(h, by, message.conversationId, message.id, data);
  if (!opened.card) return opened;
  return submitDialog(h, by, message.conversationId, message.id, opened.card, verb, inputs);
}

/** The support card as `by`'s client shows it after a refresh (Universal Actions `refresh`). */
export async function agentView(h: TeamsHarness, s: Submitted, by: TeamsUser): Promise<Json | undefined> {
  const r = await h.bot.send(
    cardAction(h.connector.url, by, s.cardConversation, s.cardMessage, 'refresh', { requestId: s.id, card: 'support' }),
  );
  const body = r.body as Json;
  return body.type === 'application/vnd.microsoft.card.adaptive' ? (body.value as Json) : undefined;
}

export function requestIdIn(text: string): string {
  const id = REQUEST_ID.exec(text)?.[0];
  if (!id) throw new Error(`no request id in: ${text}`);
  return id;
}

/** The last message in a conversation whose card has a button with `verb` (or opening dialog `verb`). */
export function withButton(sent: Sent[], verb: string): Sent | undefined {
  return [...sent].reverse().find((s) => cardsOf(s.activity).some((c) => buttons(c).includes(verb)));
}

export interface Submitted {
  id: string;
  /** The support card's thread conversation id and root message id. */
  cardConversation: string;
  cardMessage: string;
}

/** A technician in their 1:1 chat: camreset, code and details, Submit. */
export async function submitInChat(h: TeamsHarness, tech: TeamsUser = users.tech): Promise<Submitted> {
  const chat = personalChat(tech);
  await h.bot.send(personalMessage(h.connector.url, tech, 'camreset'));
  const welcome = await h.connector.waitFor(() => h.connector.in(chat).at(-1), 3000, 'the welcome');
  const id = requestIdIn(textOf(welcome.activity));
  await h.bot.send(personalMessage(h.connector.url, tech, `${CODE}\n${DETAILS}`));
  const summary = await h.connector.waitFor(() => withButton(h.connector.in(chat), 'submit'), 3000, 'the summary');
  const before = h.connector.sent.length;
  const response = await h.bot.send(cardAction(h.connector.url, tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }));
  expect((response.body as Json).type).toBe('application/vnd.microsoft.card.adaptive');
  const card = await h.connector.waitFor(
    () => h.connector.sent.slice(before).find((s) => s.kind === 'create' && s.conversationId.startsWith(`${SUPPORT_CHANNEL};`)),
    3000,
    'the support card',
  );
  return { id, cardConversation: card.conversationId, cardMessage: card.id };
}

/** An agent presses a button on the support card; resolves to the invoke response body. */
export async function press(h: TeamsHarness, s: Submitted, by: TeamsUser, verb: string, inputs: Json = {}): Promise<Json> {
  const r = await h.bot.send(
    cardAction(h.connector.url, by, s.cardConversation, s.cardMessage, verb, { requestId: s.id, card: 'support', ...inputs }),
  );
  return r.body as Json;
}

/** Everything the bot posted in the support channel, as text. */
export function supportChannelText(h: TeamsHarness): string {
  return h.connector
    .in(SUPPORT_CHANNEL)
    .map((s) => JSON.stringify(s.activity))
    .join('\n');
}

/**
 * The newest card sent to `user`'s 1:1 chat (or anywhere, when the fake named the chat itself)
 * with a button `verb` — a question the bot asked them alone — pressed as `user`.
 */
export async function answerPrivately(h: TeamsHarness, user: TeamsUser, verb: string, after = 0): Promise<Json> {
  const asked = await h.connector.waitFor(
    () =>
      [...h.connector.sent.slice(after)]
        .reverse()
        .find((s) => !s.conversationId.startsWith('19:') && cardsOf(s.activity).some((c) => verbs(c).includes(verb))),
    3000,
    `a private question with ${verb} for ${user.name}`,
  );
  const data = executeData(cardsOf(asked.activity), verb) ?? {};
  const r = await h.bot.send(cardAction(h.connector.url, user, asked.conversationId, asked.id, verb, data));
  return r.body as Json;
}

/** The Execute data of the first button `verb` anywhere in `node` (a card, a list of cards). */
export function executeData(node: unknown, verb: string): Json | undefined {
  let found: Json | undefined;
  const walk = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Json;
    if (o.type === 'Action.Execute' && o.verb === verb) found = o.data as Json;
    Object.values(o).forEach(walk);
  };
  walk(node);
  return found;
}

/** An agent's reply in the card's thread taken as the PUK: they write it, then confirm it in their 1:1 chat. */
export async function pukInThread(h: TeamsHarness, s: Submitted, text: string, by: TeamsUser = users.agent): Promise<Json> {
  const before = h.connector.sent.length;
  await h.bot.send(channelMessage(h.connector.url, by, text, { channel: SUPPORT_CHANNEL, root: s.cardMessage }));
  return answerPrivately(h, by, 'puk_confirm', before);
}
