// Teams dialogs (task modules): every form the bot offers opens in a dialog, because inputs on
// a card (in an Action.ShowCard next to an Action.Execute) break on the Teams phone clients.
// Cards carry buttons only; the dialog's card holds the inputs; the core checks and applies
// what comes back, exactly as it would a chat message or a card button.
//
// The contract (the playground renders these dialogs itself and relies on it):
//
// - The button on a card, an Action.Submit:
//     data = { msteams: { type: 'task/fetch' }, dialog: DialogKind, requestId, card: CardKind }
//   DialogKind: 'details' | 'failed' | 'send_puk' | 'ask' | 'reject' | 'paperwork'.
//   `details` from the summary's Edit button also carries `verb: 'edit'` (the desk reopens the
//   request for editing when the dialog opens); from "Use a form instead", no verb.
// - Teams sends an invoke `task/fetch` whose value.data is that data. The answer:
//     { task: { type: 'continue', value: { title, width, height, card: <Adaptive Card attachment> } } }
//   or, when the person may not open it (not an agent, request ended, …):
//     { task: { type: 'message', value: '<the core\'s refusal, storedReference text>' } }
// - The dialog's card has Input.* elements and Action.Submit buttons whose
//     data = { dialog, verb, requestId, card, stamp }
//   verb is the core action: details: 'set_fields' (or 'cancel'); failed: 'failed';
//   send_puk: 'send_puk'; ask: 'ask'; reject: 'reject'; paperwork: 'request_document' or
//   'record_ticket'. Input ids: details: challenge, model, mac, firmware, serial; failed: note;
//   send_puk: puk; ask: question; reject: reason; paperwork: document (invoice |
//   proof_of_ownership | authorization_letter | label_photo), note, ticket.
// - Teams sends an invoke `task/submit` whose value.data is that data merged with the inputs'
//   values (input id -> string). `stamp` is stampOf(request) when the dialog opened. The answer:
//     done:                      { task: { type: 'message', value: '<what happened>' } }
//     a value the rules refuse:  { task: { type: 'continue', value: { …, card: the same form, values kept, the core's words shown } } }
//     stale (the request's stamp changed since the dialog opened: another agent claimed, it
//     ended, the PUK was sent…) or refused (not an agent…):
//                                { task: { type: 'message', value: '<why nothing was done>' } }
//   `stamp` is only a "has it changed" check; who may do what is decided by the core, always.

import { CardFactory, type TaskModuleResponse } from 'botbuilder';
import { z } from 'zod';
import { DOCUMENT_LABELS, FORMS, STATE_LABELS } from '../../core/copy.js';
import type { Outcome } from '../../core/desk.js';
import type { HandlerDesk } from '../contract.js';
import { FIELD_LABELS, type FieldName, MAX_FIELD_INPUT } from '../../core/fields.js';
import { DOCUMENT_KINDS, type DocumentKind, MAX_RELAY_CHARS } from '../../core/notices.js';
import { type Actor, type ResetRequest, sameActor } from '../../core/request.js';
import { refuse } from '../../core/refusals.js';
import type { Paragraph } from '../../core/rich.js';
import { type CardElement, CardText, heading, plainLines } from './render.js';

export type DialogKind = 'details' | 'failed' | 'send_puk' | 'ask' | 'reject' | 'paperwork';

/**
 * Which card a button sat on, so the answer can redraw that card. Defined here, not in cards.ts,
 * because cards.ts imports this module; cards.ts re-exports the type.
 */
export const CARD_KINDS = ['notice', 'summary', 'puk', 'form', 'support'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

export interface DialogOpen {
  dialog: DialogKind;
  requestId: string;
  card: CardKind;
  verb?: 'edit';
}

/**
 * What a dialog was opened against: the things an agent's or technician's form depends on. A
 * warning or a relayed message does not change it, so such traffic never voids an open form.
 */
export function stampOf(request: ResetRequest): string {
  return [request.state, request.claimedBy?.id ?? '-', request.challenge?.seq ?? 0, request.puk?.sentAt ?? 0].join('.');
}

/** The button on a card that opens a dialog (Action.Submit with task/fetch, as Teams documents it). */
export function dialogButton(title: string, open: DialogOpen, style?: 'primary' | 'danger'): CardElement {
  const b: CardElement = { type: 'Action.Submit', title, data: { msteams: { type: 'task/fetch' }, ...open } };
  if (style) b.style = style === 'primary' ? 'positive' : 'destructive';
  return b;
}

const DialogData = z.object({
  dialog: z.enum(['details', 'failed', 'send_puk', 'ask', 'reject', 'paperwork']),
  requestId: z.string().min(1).max(40),
  card: z.enum(CARD_KINDS).catch('notice'),
  stamp: z.string().max(200).optional(),
  verb: z.string().max(40).optional(),
});

const input = z.string().max(20_000).optional().catch(undefined);
const Inputs = z.object({
  challenge: input,
  model: input,
  mac: input,
  firmware: input,
  serial: input,
  note: input,
  puk: input,
  question: input,
  reason: input,
  ticket: input,
  document: z.enum(DOCUMENT_KINDS).optional().catch(undefined),
});
type Inputs = z.infer<typeof Inputs>;

const OUTDATED = 'That form is from an older version of this card; please open it again.';

/** Which verbs each dialog may submit: a forged verb in a dialog's data is refused, not run. */
const VERBS: Record<DialogKind, string[]> = {
  details: ['set_fields', 'cancel'],
  failed: ['failed'],
  send_puk: ['send_puk'],
  ask: ['ask'],
  reject: ['reject'],
  paperwork: ['request_document', 'record_ticket'],
};

/** The `task/fetch` answer: the dialog's card, or why it cannot open. */
export async function fetchDialog(desk: HandlerDesk, by: Actor, raw: unknown): Promise<TaskModuleResponse> {
  const parsed = DialogData.safeParse(raw);
  if (!parsed.success) return closeWith(OUTDATED);
  const { dialog, requestId: id } = parsed.data;
  if (dialog === 'details') {
    if (parsed.data.verb === 'edit') {
      const edited = await desk.edit(id, by);
      if (!edited.ok) return refusedWith(edited);
    }
    const may = await desk.mayOpenForm(id, by, 'details', 'edit');
    if (!may.ok) return refusedWith(may);
    return show(dialog, may.request, parsed.data.card);
  }
  // The technician's "It did not work": only theirs to open; the core checks the rest on submit.
  if (dialog === 'failed') {
    const request = await desk.get(id);
    if (!request) return closeWith(OUTDATED);
    if (!sameActor(request.requester, by)) return closeWith(plainLines(refuse('not_requester', { request, what: 'failed' }).lines));
    return show(dialog, request, parsed.data.card);
  }
  const may = await desk.mayOpenForm(id, by, 'support', dialog === 'paperwork' ? 'request_document' : dialog);
  if (!may.ok) return refusedWith(may);
  return show(dialog, may.request, parsed.data.card);
}

/** The `task/submit` answer: the core applied it (close), refused a value (the form again), or it is stale. */
export async function submitDialog(desk: HandlerDesk, by: Actor, raw: unknown): Promise<TaskModuleResponse> {
  const parsed = DialogData.safeParse(raw);
  const values = Inputs.safeParse(raw);
  if (!parsed.success || !values.success) return closeWith(OUTDATED);
  const { dialog, requestId: id, stamp, card } = parsed.data;
  const verb = parsed.data.verb ?? '';
  if (!VERBS[dialog].includes(verb)) return closeWith(OUTDATED);
  const request = await desk.get(id);
  if (!request) return closeWith(OUTDATED);
  if (stamp !== stampOf(request)) {
    return closeWith(
      plainLines([
        [
          `${request.id} changed while this form was open: it is now ${STATE_LABELS[request.state]}${request.claimedBy ? `, held by @${request.claimedBy.name ?? request.claimedBy.id}` : ''}.`,
        ],
        ['Nothing was done. Look at the card and open the form again if it still applies.'],
      ]),
    );
  }
  const outcome = await perform(desk, by, verb, id, values.data);
  if (outcome.ok) return closeWith(plainLines([DONE[verb] ?? ['Done.']]));
  if (FIXABLE.has(outcome.refusal.code)) {
    const error = plainLines(outcome.refusal.lines);
    return continueWith(dialog, request, card, { values: values.data, error, fieldErrors: outcome.refusal.fieldErrors ?? {} });
  }
  return refusedWith(outcome);
}

/** Refusals the person can fix in the form itself: shown in the dialog next to what they typed. */
const FIXABLE = new Set(['invalid_field', 'invalid_fields', 'reason_required', 'empty', 'incomplete']);

const DONE: Record<string, Paragraph> = {
  set_fields: ['Details checked; see the summary in the chat.'],
  cancel: ['Cancelled.'],
  failed: ['Support has been told that it did not work.'],
  send_puk: ['Sent the PUK privately to the technician.'],
  ask: ['Your question is on its way to the technician.'],
  reject: ['Rejected; the technician has been told why.'],
  request_document: ['The technician has been asked for the document.'],
  record_ticket: ['Bosch ticket number saved on the card.'],
};

function perform(desk: HandlerDesk, by: Actor, verb: string, id: string, d: Inputs): Promise<Outcome> {
  switch (verb) {
    case 'set_fields': {
      const values: Partial<Record<FieldName, string>> = {};
      for (const f of FORM_FIELDS) if (d[f]?.trim()) values[f] = d[f];
      return desk.setFields(id, by, values);
    }
    case 'cancel':
      return desk.cancel(id, by);
    case 'failed':
      return desk.failed(id, by, d.note?.trim() || undefined);
    case 'send_puk':
      return desk.sendPuk(id, by, d.puk ?? '');
    case 'ask':
      return desk.ask(id, by, d.question ?? '');
    case 'reject':
      return desk.reject(id, by, d.reason ?? '');
    case 'request_document':
      return desk.requestDocument(id, by, d.document ?? 'invoice', d.note?.trim() || undefined);
    default:
      return desk.recordTicket(id, by, d.ticket ?? '');
  }
}

function closeWith(text: string): TaskModuleResponse {
  return { task: { type: 'message', value: text } };
}

function refusedWith(outcome: Outcome): TaskModuleResponse {
  return closeWith(outcome.ok ? 'Done.' : plainLines(outcome.refusal.lines));
}

function show(dialog: DialogKind, request: ResetRequest, card: CardKind): TaskModuleResponse {
  return continueWith(dialog, request, card, {});
}

interface Shown {
  values?: Inputs;
  error?: string;
  fieldErrors?: Partial<Record<FieldName, string>>;
}

function continueWith(dialog: DialogKind, request: ResetRequest, card: CardKind, shown: Shown): TaskModuleResponse {
  const c = dialogCard(dialog, request, card, shown);
  return {
    task: {
      type: 'continue',
      value: {
        title: TITLES[dialog],
        width: 'medium',
        height: dialog === 'details' ? 'large' : 'medium',
        card: CardFactory.adaptiveCard(c),
      },
    },
  };
}

const TITLES: Record<DialogKind, string> = {
  details: FORMS.details.title,
  failed: 'It did not work',
  send_puk: FORMS.puk.title,
  ask: FORMS.ask.title,
  reject: FORMS.reject.title,
  paperwork: 'Paperwork',
};

const FORM_FIELDS: FieldName[] = ['challenge', 'model', 'mac', 'firmware', 'serial'];
const PLACEHOLDERS: Record<FieldName, string> = {
  challenge: '32 letters and digits from the reset page',
  model: 'e.g. NDE-5503-AL',
  mac: 'e.g. 00:07:5F:12:34:56',
  firmware: 'e.g. 7.80.0128',
  serial: 'e.g. 404754734001050102',
};
const DOCUMENT_CHOICES = (Object.keys(DOCUMENT_LABELS) as DocumentKind[]).map((k) => ({ title: DOCUMENT_LABELS[k], value: k }));

const text = (id: string, label: string, extra: Record<string, unknown> = {}): CardElement => ({ type: 'Input.Text', id, label, ...extra });

function attention(message: string): CardElement[] {
  return new CardText().lines([[message]], { color: 'Attention' });
}

/** The card inside a dialog: inputs (with what was typed and the core's words when refused) and Action.Submit buttons. */
export function dialogCard(dialog: DialogKind, request: ResetRequest, from: CardKind, shown: Shown = {}): Record<string, unknown> {
  const typed = shown.values ?? {};
  const base = { dialog, requestId: request.id, card: from, stamp: stampOf(request) };
  const submit = (verb: string, title: string, style?: 'positive' | 'destructive'): CardElement => {
    const a: CardElement = { type: 'Action.Submit', title, data: { ...base, verb } };
    if (style) a.style = style;
    return a;
  };
  const keep = (id: keyof Inputs, extra: Record<string, unknown>) => (typed[id] !== undefined ? { ...extra, value: typed[id] } : extra);
  const body: CardElement[] = [heading(`${request.id}: ${TITLES[dialog].toLowerCase()}`)];
  const fieldErrors = shown.fieldErrors ?? {};
  // A refusal that names fields is shown next to each field; any other under the heading.
  if (shown.error && !Object.keys(fieldErrors).length) body.push(...attention(shown.error));
  let actions: CardElement[];
  switch (dialog) {
    case 'details': {
      body.push(...new CardText().lines([[FORMS.details.hint]]));
      for (const f of FORM_FIELDS) {
        const extra: Record<string, unknown> = { placeholder: PLACEHOLDERS[f], maxLength: MAX_FIELD_INPUT };
        if (f === 'challenge') {
          if (request.challenge?.code) extra.placeholder = 'received; leave empty to keep it, or paste a new one';
        } else if (request.device[f]) extra.value = request.device[f];
        body.push(text(f, capital(FIELD_LABELS[f]), keep(f, extra)));
        const error = fieldErrors[f];
        if (error) body.push(...attention(error));
      }
      actions = [submit('set_fields', 'Check details', 'positive'), submit('cancel', 'Cancel request', 'destructive')];
      break;
    }
    case 'failed':
      body.push(text('note', 'What happened? (optional)', keep('note', { isMultiline: true, maxLength: MAX_RELAY_CHARS })));
      actions = [submit('failed', 'Tell support', 'destructive')];
      break;
    case 'send_puk':
      body.push(...new CardText().lines([[FORMS.puk.hint]]), text('puk', FORMS.puk.label, keep('puk', { maxLength: MAX_FIELD_INPUT })));
      actions = [submit('send_puk', FORMS.puk.submit, 'positive')];
      break;
    case 'ask':
      body.push(
        ...new CardText().lines([[FORMS.ask.hint]]),
        text('question', FORMS.ask.label, keep('question', { isMultiline: true, maxLength: MAX_RELAY_CHARS })),
      );
      actions = [submit('ask', FORMS.ask.submit)];
      break;
    case 'reject':
      body.push(
        ...new CardText().lines([[FORMS.reject.hint]]),
        text('reason', FORMS.reject.label, keep('reason', { isMultiline: true, maxLength: MAX_RELAY_CHARS })),
      );
      actions = [submit('reject', FORMS.reject.submit, 'destructive')];
      break;
    case 'paperwork': {
      const open = ['awaiting_support', 'claimed', 'needs_info'].includes(request.state);
      actions = [];
      if (open) {
        body.push(
          {
            type: 'Input.ChoiceSet',
            id: 'document',
            label: FORMS.document.label,
            choices: DOCUMENT_CHOICES,
            value: typed.document ?? 'invoice',
          },
          text('note', FORMS.document.noteLabel, keep('note', { isMultiline: true, maxLength: MAX_RELAY_CHARS })),
          { type: 'ActionSet', actions: [submit('request_document', FORMS.document.submit)] },
        );
      }
      body.push(
        text(
          'ticket',
          FORMS.ticket.label,
          keep('ticket', { placeholder: FORMS.ticket.hint, maxLength: 40, value: typed.ticket ?? request.boschTicket ?? '' }),
        ),
        {
          type: 'ActionSet',
          actions: [submit('record_ticket', FORMS.ticket.submit)],
        },
      );
      break;
    }
  }
  const c: Record<string, unknown> = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
  };
  if (actions.length) c.actions = actions;
  return c;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
