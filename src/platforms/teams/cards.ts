// The Adaptive Cards the bot sends, one pure function per card, built from core data. Buttons
// are Universal Actions (Action.Execute) carrying a verb and { requestId, card }; inputs an
// action needs sit in an Action.ShowCard next to it, so each button sends only its own value.
// The support card (read by agents in many time zones) shows times with {{TIME()}} and agents
// as real @mentions; a notice for one person takes that person's zone in RenderOptions.

import { CardFactory, type Attachment } from 'botbuilder';
import type { CardModel } from '../../core/card.js';
import { DOCUMENT_LABELS, FORMS } from '../../core/copy.js';
import { FIELD_LABELS, type FieldName } from '../../core/fields.js';
import type { DocumentKind } from '../../core/notices.js';
import { type Actor, type ResetRequest, sameActor } from '../../core/request.js';
import type { Action, ActionId, Line, RichMessage } from '../../core/rich.js';
import { type CardElement, CardText, codeElement, heading, type MentionEntity, type RenderOptions } from './render.js';

/** Which card a button sat on, so the invoke response can redraw that card. */
export type CardKind = 'notice' | 'summary' | 'puk' | 'form' | 'support';

export interface ActionData {
  requestId: string;
  card: CardKind;
  /** What a question's button hands back (Action.arg). */
  arg?: string;
}

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; body: CardElement[] };

/** Action.Execute needs 1.4; Teams renders 1.5. */
const VERSION = '1.5';

function card(body: CardElement[], actions: CardElement[] = [], full = false, mentions: MentionEntity[] = []): AdaptiveCard {
  const c: AdaptiveCard = { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: VERSION, body };
  if (actions.length) c.actions = actions;
  const msteams: Record<string, unknown> = {};
  if (full) msteams.width = 'Full';
  // Teams turns `<at>Name</at>` in a TextBlock into a mention only with its entity listed here.
  if (mentions.length) msteams.entities = mentions;
  if (Object.keys(msteams).length) c.msteams = msteams;
  return c;
}

export function attachment(c: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(c);
}

function execute(verb: ActionId | 'set_fields', title: string, data: ActionData, style?: Action['style']): CardElement {
  const a: CardElement = { type: 'Action.Execute', title, verb, data: { ...data } };
  if (style) a.style = style === 'primary' ? 'positive' : 'destructive';
  return a;
}

/** A button that opens a small form (one input) and sends it with the verb. */
function withInput(action: Action, data: ActionData, inputs: CardElement[], submitTitle: string): CardElement {
  return {
    type: 'Action.ShowCard',
    title: action.label,
    card: card(inputs, [execute(action.id, submitTitle, data, action.style)]),
  };
}

const text = (id: string, label: string, extra: Record<string, unknown> = {}): CardElement => ({ type: 'Input.Text', id, label, ...extra });

/** Buttons of a notice (summary, intake, PUK) for the technician. */
function noticeActions(actions: Action[], data: ActionData): CardElement[] {
  return actions.map((a) =>
    a.id === 'failed'
      ? withInput(a, data, [text('note', 'What happened? (optional)', { isMultiline: true, maxLength: 1000 })], 'Tell support')
      : execute(a.id, a.label, a.arg === undefined ? data : { ...data, arg: a.arg }, a.style),
  );
}

/** Any notice as a card; its buttons (if any) act on the request. */
export function noticeCard(message: RichMessage, data: ActionData, options: RenderOptions = {}): AdaptiveCard {
  const words = new CardText(options);
  const body = words.body(message);
  return card(body, noticeActions(message.actions ?? [], data), false, words.mentions);
}

/** A card whose buttons were used: the same words, no buttons, and what happened. */
export function settledCard(message: RichMessage, outcome: Line, options: RenderOptions = {}): AdaptiveCard {
  const words = new CardText(options);
  const body = words.body(message);
  const done = words.line(outcome, { separator: true });
  if (done) body.push(done);
  return card(body, [], false, words.mentions);
}

const FORM_FIELDS: FieldName[] = ['challenge', 'model', 'mac', 'firmware', 'serial'];
const PLACEHOLDERS: Record<FieldName, string> = {
  challenge: '32 letters and digits from the reset page',
  model: 'e.g. NDE-5503-AL',
  mac: 'e.g. 00:07:5F:12:34:56',
  firmware: 'e.g. 7.80.0128',
  serial: 'e.g. 404754734001050102',
};

/** The card form: every field at once, as an alternative to typing them one by one. */
export function formCard(request: ResetRequest, errors: Partial<Record<FieldName, string>> = {}): AdaptiveCard {
  const data: ActionData = { requestId: request.id, card: 'form' };
  const body: CardElement[] = [heading(`${request.id}: device details`)];
  for (const f of FORM_FIELDS) {
    const input = text(f, capital(FIELD_LABELS[f]), { placeholder: PLACEHOLDERS[f], maxLength: 200 });
    if (f === 'challenge') {
      if (request.challenge?.code) input.placeholder = 'received; leave empty to keep it, or paste a new one';
    } else {
      const value = request.device[f];
      if (value) input.value = value;
    }
    body.push(input);
    const error = errors[f];
    if (error) body.push(...new CardText().lines([[error]], { color: 'Attention' }));
  }
  return card(body, [execute('set_fields', 'Check details', data, 'primary'), execute('cancel', 'Cancel request', data, 'danger')]);
}

const DOCUMENT_CHOICES = (Object.keys(DOCUMENT_LABELS) as DocumentKind[]).map((k) => ({ title: DOCUMENT_LABELS[k], value: k }));

/**
 * Who the support card @mentions for real: the agents named on it while it still has work on it
 * (the one handling it, who sent the PUK). Not the technician, who is often not in the support
 * team; and nobody on a finished card, where there is no one left to reach (and where an
 * agent's name sits next to free text, the reason of a rejection, which stays in a TextRun).
 */
function cardMentions(model: CardModel): RenderOptions['notify'] {
  const requester = model.requester.find((p): p is { mention: Actor } => typeof p === 'object' && 'mention' in p)?.mention;
  const inProgress = model.actions.length > 0;
  return (person) => inProgress && !sameActor(person, requester);
}

/** The support card in the support channel: what an agent needs, and what they can do now. */
export function supportCard(model: CardModel, requestId: string): AdaptiveCard {
  const data: ActionData = { requestId, card: 'support' };
  // No time zone: the card is read by every agent, each on their own clock ({{TIME()}}).
  const words = new CardText({ notify: cardMentions(model) });
  const body: CardElement[] = [heading(model.title), ...words.lines([model.requester]), ...words.lines(model.status)];
  const device = words.lines(model.device);
  if (device[0]) device[0].separator = true;
  body.push(...device);
  if (model.code) body.push(codeElement(model.code));
  if (model.deadline) body.push(...words.lines([model.deadline]));
  body.push(...words.lines(model.extra));
  // Clients draw at most five buttons: the two paperwork actions share one "Paperwork" button,
  // Release and Take over one "Claimed" button.
  const actions: CardElement[] = [];
  const paperwork: CardElement[] = [];
  const claim: CardElement[] = [];
  for (const a of model.actions) {
    switch (a.id) {
      case 'release':
      case 'take_over':
        claim.push(execute(a.id, a.label, data, a.style));
        break;
      case 'send_puk':
        actions.push(withInput(a, data, [text('puk', FORMS.puk.label, { maxLength: 200, isRequired: true, errorMessage: 'Paste the PUK' })], FORMS.puk.submit));
        break;
      case 'ask':
        actions.push(withInput(a, data, [text('question', FORMS.ask.label, { isMultiline: true, maxLength: 3000 })], FORMS.ask.submit));
        break;
      case 'reject':
        actions.push(withInput(a, data, [text('reason', FORMS.reject.label, { isMultiline: true, maxLength: 3000 })], FORMS.reject.submit));
        break;
      case 'request_document':
        paperwork.push(
          { type: 'Input.ChoiceSet', id: 'document', label: FORMS.document.label, choices: DOCUMENT_CHOICES, value: 'invoice' },
          text('note', FORMS.document.noteLabel, { isMultiline: true, maxLength: 1000 }),
          { type: 'ActionSet', actions: [execute(a.id, FORMS.document.submit, data)] },
        );
        break;
      case 'record_ticket':
        paperwork.push(text('ticket', FORMS.ticket.label, { placeholder: FORMS.ticket.hint, maxLength: 40 }), {
          type: 'ActionSet',
          actions: [execute(a.id, a.label, data)],
        });
        break;
      default:
        actions.push(execute(a.id, a.label, data, a.style));
    }
  }
  if (paperwork.length) actions.splice(Math.min(actions.length, 3), 0, { type: 'Action.ShowCard', title: 'Paperwork', card: card(paperwork) });
  if (claim.length) actions.push({ type: 'Action.ShowCard', title: FORMS.claimed.title, card: card(new CardText().lines([[FORMS.claimed.hint]]), claim) });
  return card(body, actions, true, words.mentions);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
