// Universal Actions: an `adaptiveCard/action` invoke becomes one desk call, and the answer is
// the card redrawn for its new state (Teams replaces the pressed card with it) or, when the
// desk refused, a message Teams shows only to the person who pressed the button.

import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import { cardModel } from '../../core/card.js';
import { noticeMessage } from '../../core/copy.js';
import { ANSWERS as ANSWER_LIST, type Answer, type Desk, type Outcome } from '../../core/desk.js';
import type { FieldName } from '../../core/fields.js';
import type { DocumentKind } from '../../core/notices.js';
import type { Actor, Conversation, ResetRequest } from '../../core/request.js';
import type { Line, RichMessage } from '../../core/rich.js';
import { type AdaptiveCard, formCard, settledCard, supportCard } from './cards.js';
import { plainLines } from './render.js';

const text = z.string().max(20_000).optional();

const ActionData = z.object({
  requestId: z.string().min(1).max(40),
  card: z.enum(['notice', 'summary', 'puk', 'form', 'support']),
  puk: text,
  question: text,
  reason: text,
  ticket: text,
  note: text,
  document: z.enum(['invoice', 'proof_of_ownership', 'authorization_letter', 'label_photo']).optional(),
  challenge: text,
  model: text,
  mac: text,
  firmware: text,
  serial: text,
  /** What a question's button hands back (a PUK to confirm, a new code): see core/reading.ts. */
  arg: text,
});
type ActionData = z.infer<typeof ActionData>;

const FIELDS: FieldName[] = ['challenge', 'model', 'mac', 'firmware', 'serial'];

/** What the pressed card says once its buttons have done their work. */
const SETTLED: Record<string, (now: number) => Line> = {
  submit: (now) => ['Sent to support at ', { time: now }, '.'],
  cancel: () => ['Cancelled.'],
  done: () => ['You confirmed that the reset worked.'],
  failed: () => ['You reported that it did not work; support has been told.'],
  set_fields: () => ['Details checked; see the summary below.'],
  puk_confirm: () => ['Sent as the PUK, privately to the technician.'],
  code_confirm: () => ['You confirmed the new challenge code.'],
  start_new: () => ['Started a new request; the questions follow below.'],
};

/** Buttons of a question the bot asked one person: the desk reads the answer. */
const ANSWERS = new Set<string>(ANSWER_LIST);

export async function handleCardAction(desk: Desk, by: Actor, verb: string, rawData: unknown, open?: () => Promise<Conversation>): Promise<AdaptiveCardInvokeResponse> {
  const parsed = ActionData.safeParse(rawData);
  if (!parsed.success) return message('That button is from an older version of this card; please start again with camreset.');
  const data = parsed.data;
  const id = data.requestId;

  if (ANSWERS.has(verb)) {
    const heard = await desk.answer(id, by, verb as Answer, data.arg, open);
    if (heard.refusal) return message(plainLines(heard.refusal.lines));
    if (heard.reply) return card(settledCard(heard.reply, []));
    const started = verb === 'start_new' && heard.requestId ? heard.requestId : undefined;
    return card(settledCard({ lines: [[{ bold: started ?? id }]] }, (SETTLED[verb] ?? (() => ['Done.']))(desk.now())));
  }

  if (verb === 'use_form' || verb === 'edit') {
    if (verb === 'edit') {
      const outcome = await desk.edit(id, by);
      if (!outcome.ok) return refused(outcome);
    }
    const may = await desk.mayOpenForm(id, by, 'details', 'edit');
    if (!may.ok) return refused(may);
    return card(formCard(may.request));
  }

  const outcome = await perform(desk, by, verb, data);
  if (!outcome) return message(`I do not know the action "${verb}".`);
  if (!outcome.ok) {
    if (verb === 'set_fields' && outcome.refusal.fieldErrors) {
      const request = await desk.get(id);
      if (request) return card(formCard(request, outcome.refusal.fieldErrors));
    }
    return refused(outcome);
  }
  return card(redraw(desk, outcome.request, data.card, verb));
}

function perform(desk: Desk, by: Actor, verb: string, d: ActionData): Promise<Outcome> | undefined {
  const id = d.requestId;
  switch (verb) {
    case 'submit':
      return desk.submit(id, by);
    case 'cancel':
      return desk.cancel(id, by);
    case 'set_fields': {
      const values: Partial<Record<FieldName, string>> = {};
      for (const f of FIELDS) if (d[f]?.trim()) values[f] = d[f];
      return desk.setFields(id, by, values);
    }
    case 'done':
      return desk.done(id, by);
    case 'failed':
      return desk.failed(id, by, d.note?.trim() || undefined);
    case 'claim':
      return desk.claim(id, by);
    case 'release':
      return desk.release(id, by);
    case 'take_over':
      return desk.takeOver(id, by);
    case 'send_puk':
      return desk.sendPuk(id, by, d.puk ?? '');
    case 'ask':
      return desk.ask(id, by, d.question ?? '');
    case 'request_document':
      return desk.requestDocument(id, by, (d.document ?? 'invoice') as DocumentKind, d.note?.trim() || undefined);
    case 'record_ticket':
      return desk.recordTicket(id, by, d.ticket ?? '');
    case 'reject':
      return desk.reject(id, by, d.reason ?? '');
    default:
      return undefined;
  }
}

/** The pressed card in the request's new state. */
function redraw(desk: Desk, request: ResetRequest, kind: ActionData['card'], verb: string): AdaptiveCard {
  const now = desk.now();
  if (kind === 'support') return supportCard(cardModel(request, now), request.id);
  const outcome = (SETTLED[verb] ?? (() => ['Done.']))(now);
  if (kind === 'summary') {
    const summary = noticeMessage({ audience: 'requester', kind: 'summary', warnings: [] }, request, now, desk.settings);
    const { actions: _actions, ...words }: RichMessage = summary ?? { lines: [] };
    return settledCard(words, outcome);
  }
  return settledCard({ lines: [[{ bold: request.id }]] }, outcome);
}

function card(value: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value };
}

function message(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as AdaptiveCardInvokeResponse['value'] };
}

function refused(outcome: Outcome): AdaptiveCardInvokeResponse {
  return outcome.ok ? message('Done.') : message(plainLines(outcome.refusal.lines));
}
