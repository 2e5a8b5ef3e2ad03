// Teams dialogs (task modules): every form the bot offers opens in a dialog, because inputs on
// a card (in an Action.ShowCard next to an Action.Execute) break on the Teams phone clients.
// Cards carry buttons only; the dialog's card holds the inputs; the core checks and applies
// what comes back, exactly as it would a chat message or a card button.
//
// The contract (the playground renders these dialogs itself and relies on it):
//
// - The button on a card, an Action.Submit:
//     data = { msteams: { type: 'task/fetch' }, dialog: DialogKind, requestId, card: CardKind }
//   DialogKind: 'details' | 'failed' | 'send_puk' | 'ask' | 'reject' | 'paperwork' | 'bosch_email'.
//   `details` from the summary's Edit button also carries `verb: 'edit'` (the desk reopens the
//   request for editing when the dialog opens); from "Use a form instead", no verb.
// - Teams sends an invoke `task/fetch` whose value.data is that data. The answer:
//     { task: { type: 'continue', value: { title, width, height, card: <Adaptive Card attachment> } } }
//   `bosch_email` is read-only: its card has no input to submit and no Action.Submit, only the
//   e-mail to Bosch for that agent alone (the desk's answer: its lines, the text to copy in an
//   Input.Text#email, and an Action.OpenUrl with the mailto: link); it holds the challenge code,
//   so it is only ever this private dialog, never a message in the channel.
//   or, when the person may not open it (not an agent, request ended, …):
//     { task: { type: 'message', value: '<the core\'s refusal, storedReference text>' } }
// - The dialog's card has Input.* elements and Action.Submit buttons whose
//     data = { dialog, verb, requestId, card, stamp }
//   verb is the core action: details: 'set_fields' (or 'cancel'); failed: 'failed';
//   send_puk: 'send_puk'; ask: 'ask'; reject: 'reject'; paperwork: 'request_document' or
//   'record_ticket'. Input ids: details: challenge, model, mac, firmware, serial; failed: note;
//   send_puk: puk; ask: question; reject: reason; paperwork: document (invoice |
//   proof_of_ownership | authorization_letter | label_photo), note, ticket. The details dialog
//   also has `language` (an Input.ChoiceSet of LOCALES, set to the person's current language):
//   a different one is remembered as their choice before the fields are applied.
// - Every word of a dialog is in the language of the person who opened or submitted it (the
//   activity's locale through the LanguageBook, or their choice); a submit that changes the
//   language answers in the new one.
// - Teams sends an invoke `task/submit` whose value.data is that data merged with the inputs'
//   values (input id -> string). `stamp` is stampOf(request) when the dialog opened. The answer:
//     done:                      { task: { type: 'message', value: '<what happened>' } }
//     a value the rules refuse:  { task: { type: 'continue', value: { …, card: the same form, values kept, the core's words shown } } }
//     stale (the request's stamp changed since the dialog opened: another agent claimed, it
//     ended, the PUK was sent…) or refused (not an agent…):
//                                { task: { type: 'message', value: '<why nothing was done>' } }
//   `stamp` is only a "has it changed" check; who may do what is decided by the core, always.
// - A site (several cameras): `failed` from a camera's PUK message also carries `camera` (its
//   number, as a string) in the button's data and the dialog's submits. `send_puk` on a site's
//   card (titled "Send PUKs") has an Input.Text `puk_<n>` per camera still waiting for a PUK and
//   a multiline `reply` (Bosch's reply pasted whole), and one submit, verb 'send_puks'. A typed
//   PUK the rules refuse shows the core's words after its input, and nothing is read or sent.
//   Typed PUKs alone are sent (all or none). With a reply, the answer is `continue`: a card with
//   what the reply matched and what it did not, and the typed ones (which count over the reply's),
//   no inputs, and one submit, verb 'puks_confirm' with `arg` = what to send ("3=PUK;7=PUK").
//   Nothing is sent from a reply before 'puks_confirm'.

import { createHash } from 'node:crypto';
import { CardFactory, type TaskModuleResponse } from 'botbuilder';
import { z } from 'zod';
import { documentLabels, forms, stateLabels } from '../../core/copy.js';
import type { Outcome } from '../../core/desk.js';
import type { Paragraph, RichMessage } from '../../core/rich.js';
import type { HandlerDesk } from '../contract.js';
import { type FieldName, MAX_FIELD_INPUT, fieldLabels } from '../../core/fields.js';
import { LANGUAGE_NAMES, LOCALES, type Locale, isLocale } from '../../core/i18n/locale.js';
import { DOCUMENT_KINDS, type DocumentKind, MAX_RELAY_CHARS } from '../../core/notices.js';
import { type Actor, type ResetRequest, sameActor } from '../../core/request.js';
import { FORM_VALUE_REFUSALS, refuse } from '../../core/refusals.js';
import { localeOf } from '../../core/languages.js';
import { type CardElement, CardText, heading, plainLines } from './render.js';
import { CARD_BUDGET_BYTES } from './site-card.js';
import { SITE } from '../../core/i18n/catalog.js';
import { awaitingPuk, cameraOf } from '../../core/site/cameras.js';
import { cameraName, pukMatchArg, sitePukConfirmation } from '../../core/site/copy.js';
import { withTypedPuks } from '../../core/bosch-reply.js';
import { TEAMS_WORDS, type TeamsWord } from './words.js';

export type DialogKind = 'details' | 'failed' | 'send_puk' | 'ask' | 'reject' | 'paperwork' | 'bosch_email';

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
  /** Which camera of a site the button is about (its PUK message's "It did not work"). */
  camera?: string;
}

/**
 * What a dialog was opened against: the things an agent's or technician's form depends on. A
 * warning or a relayed message does not change it, so such traffic never voids an open form.
 */
export function stampOf(request: ResetRequest): string {
  const stamp = [request.state, request.claimedBy?.id ?? '-', request.challenge?.seq ?? 0, request.puk?.sentAt ?? 0].join('.');
  // A site's PUKs and codes are its cameras': a camera answered or given a new code voids the form too.
  if (!request.cameras) return stamp;
  const cameras = request.cameras.map((c) => `${c.n}${c.state.charAt(0)}${c.challenge?.seq ?? 0}`).join(',');
  return `${stamp}:${createHash('sha256').update(cameras).digest('base64url').slice(0, 16)}`;
}

/** The button on a card that opens a dialog (Action.Submit with task/fetch, as Teams documents it). */
export function dialogButton(title: string, open: DialogOpen, style?: 'primary' | 'danger'): CardElement {
  const b: CardElement = { type: 'Action.Submit', title, data: { msteams: { type: 'task/fetch' }, ...open } };
  if (style) b.style = style === 'primary' ? 'positive' : 'destructive';
  return b;
}

const DialogData = z.object({
  dialog: z.enum(['details', 'failed', 'send_puk', 'ask', 'reject', 'paperwork', 'bosch_email']),
  requestId: z.string().min(1).max(40),
  card: z.enum(CARD_KINDS).catch('notice'),
  stamp: z.string().max(200).optional(),
  verb: z.string().max(40).optional(),
  camera: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional()
    .catch(undefined),
  /** What the confirmation of Bosch's reply sends: "3=PUK;7=PUK" (the core reads and checks it). */
  arg: z.string().max(8_000).optional().catch(undefined),
});

/** As much of Bosch's reply as the core reads. */
const MAX_BOSCH_REPLY = 100_000;

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
  language: z.string().max(10).optional().catch(undefined),
  /** Bosch's reply pasted whole (the Send PUKs dialog of a site). */
  reply: z.string().max(MAX_BOSCH_REPLY).optional().catch(undefined),
});
type Inputs = z.infer<typeof Inputs>;

/** The Send PUKs dialog's input of camera n. */
const pukInput = (n: number) => `puk_${n}`;

/** The PUKs typed per camera in a site's Send PUKs dialog: input id puk_<n> -> value. */
function typedPuks(raw: unknown): Record<number, string> {
  const out: Record<number, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const m = /^puk_(\d{1,3})$/.exec(k);
    if (m && typeof v === 'string' && v.length <= MAX_FIELD_INPUT) out[Number(m[1])] = v;
  }
  return out;
}

const outdated = (locale: Locale) => closeWith(TEAMS_WORDS.word(locale, 'dialog.outdated'));

/** Which verbs each dialog may submit: a forged verb in a dialog's data is refused, not run. */
const VERBS: Record<DialogKind, string[]> = {
  details: ['set_fields', 'cancel'],
  failed: ['failed'],
  // A site's: the typed PUKs, Bosch's reply to read, and the PUKs read from it once confirmed.
  send_puk: ['send_puk', 'send_puks', 'puks_confirm'],
  ask: ['ask'],
  reject: ['reject'],
  paperwork: ['request_document', 'record_ticket'],
  bosch_email: [],
};

/** The `task/fetch` answer: the dialog's card, or why it cannot open; in the language of `by`. */
export async function fetchDialog(desk: HandlerDesk, by: Actor, timeZone: string, raw: unknown): Promise<TaskModuleResponse> {
  const parsed = DialogData.safeParse(raw);
  if (!parsed.success) return outdated(localeOf(by));
  const { dialog, requestId: id } = parsed.data;
  if (dialog === 'details') {
    if (parsed.data.verb === 'edit') {
      const edited = await desk.edit(id, by);
      if (!edited.ok) return refusedWith(edited, localeOf(by), timeZone);
    }
    const may = await desk.mayOpenForm(id, by, 'details', 'edit');
    if (!may.ok) return refusedWith(may, localeOf(by), timeZone);
    return show(dialog, may.request, parsed.data.card, localeOf(by));
  }
  // The technician's "It did not work": only theirs to open; the core checks the rest on submit.
  if (dialog === 'failed') {
    const request = await desk.get(id);
    if (!request) return outdated(localeOf(by));
    if (!sameActor(request.requester, by))
      return closeWith(plainLines(refuse('not_requester', { request, what: 'failed', locale: localeOf(by) }).lines, timeZone));
    const camera = parsed.data.camera;
    return continueWith(dialog, request, parsed.data.card, localeOf(by), camera ? { camera } : {});
  }
  // The e-mail is the desk's answer for this agent alone: it opens only when the desk gives it.
  if (dialog === 'bosch_email') {
    const email = await desk.boschEmail(id, by);
    if (!email.ok || !email.reply) return refusedWith(email, localeOf(by), timeZone);
    return continueWith(dialog, email.request, parsed.data.card, localeOf(by), { reply: email.reply });
  }
  const may = await desk.mayOpenForm(id, by, 'support', dialog);
  if (!may.ok) return refusedWith(may, localeOf(by), timeZone);
  return show(dialog, may.request, parsed.data.card, localeOf(by));
}

/**
 * The `task/submit` answer: the core applied it (close), refused a value (the form again), or it
 * is stale. A language chosen in the details dialog is remembered first, and from then on (this
 * answer included) `by` reads that language.
 */
export async function submitDialog(desk: HandlerDesk, by: Actor, timeZone: string, raw: unknown): Promise<TaskModuleResponse> {
  const parsed = DialogData.safeParse(raw);
  const values = Inputs.safeParse(raw);
  if (!parsed.success || !values.success) return outdated(localeOf(by));
  const { dialog, requestId: id, stamp, card } = parsed.data;
  const verb = parsed.data.verb ?? '';
  if (!VERBS[dialog].includes(verb)) return outdated(localeOf(by));
  const chosen = dialog === 'details' && verb === 'set_fields' ? values.data.language : undefined;
  // Only a change is a choice: leaving the list as it was keeps following the client's language.
  if (isLocale(chosen) && chosen !== localeOf(by)) {
    await desk.chooseLanguage(by, chosen);
    by = { ...by, locale: chosen };
  }
  const locale = localeOf(by);
  const request = await desk.get(id);
  if (!request) return outdated(locale);
  if (stamp !== stampOf(request)) {
    const state = stateLabels(locale)[request.state];
    const changed = request.claimedBy
      ? TEAMS_WORDS.say(locale, 'dialog.changed_held', { id: request.id, state, agent: { mention: request.claimedBy } })
      : TEAMS_WORDS.say(locale, 'dialog.changed', { id: request.id, state });
    return closeWith(plainLines([changed, TEAMS_WORDS.say(locale, 'dialog.nothing_done')], timeZone));
  }
  const camera = parsed.data.camera;
  if (request.cameras && dialog === 'send_puk')
    return submitSitePuks(desk, by, timeZone, request, card, verb, raw, values.data, parsed.data.arg);
  const outcome = await perform(desk, by, verb, id, values.data, camera);
  if (outcome.ok) return closeWith(TEAMS_WORDS.word(locale, DONE[verb] ?? 'dialog.done.other'));
  if (FORM_VALUE_REFUSALS.has(outcome.refusal.code)) {
    const error = plainLines(outcome.refusal.lines, timeZone);
    return continueWith(dialog, request, card, locale, {
      values: values.data,
      error,
      fieldErrors: outcome.refusal.fieldErrors ?? {},
      ...(camera ? { camera } : {}),
    });
  }
  return refusedWith(outcome, locale, timeZone);
}

/**
 * A site's Send PUKs dialog: the PUKs typed per camera go as they are (all or none); Bosch's
 * reply is read first and the dialog shows what it matched and what it did not, with one button
 * that sends exactly those. Nothing goes out before that button, or the typed PUKs' own.
 */
async function submitSitePuks(
  desk: HandlerDesk,
  by: Actor,
  timeZone: string,
  request: ResetRequest,
  card: CardKind,
  verb: string,
  raw: unknown,
  inputs: Inputs,
  arg: string | undefined,
): Promise<TaskModuleResponse> {
  const locale = localeOf(by);
  const typedValues = typedPuks(raw);
  const again = (shown: Shown) => continueWith('send_puk', request, card, locale, { values: inputs, typed: typedValues, ...shown });
  if (verb === 'puks_confirm') {
    const heard = await desk.answer(request.id, by, 'puks_confirm', arg);
    if (heard.refusal) return closeWith(plainLines(heard.refusal.lines, timeZone));
    return closeWith(TEAMS_WORDS.word(locale, 'dialog.done.send_puks'));
  }
  const typed = Object.entries(typedValues)
    .filter(([, puk]) => puk.trim())
    .map(([n, puk]) => ({ camera: Number(n), puk: puk.trim() }));
  const reply = inputs.reply?.trim() ?? '';
  if (!typed.length && !reply) return again({ error: TEAMS_WORDS.word(locale, 'dialog.site.nothing_given') });
  // A typed PUK the rules refuse shows beside its camera before anything is read or sent.
  if (typed.length) {
    const refusal = await desk.checkPuks(request.id, by, typed);
    if (refusal?.cameraErrors && Object.keys(refusal.cameraErrors).length)
      return again({ error: TEAMS_WORDS.word(locale, 'dialog.site.nothing_sent'), cameraErrors: refusal.cameraErrors });
    if (refusal)
      return FORM_VALUE_REFUSALS.has(refusal.code)
        ? again({ error: plainLines(refusal.lines, timeZone) })
        : refusedWith({ ok: false, refusal }, locale, timeZone);
  }
  if (!reply) {
    const outcome = await desk.sendPuks(request.id, by, typed);
    if (outcome.ok) return closeWith(TEAMS_WORDS.word(locale, 'dialog.done.send_puks'));
    return FORM_VALUE_REFUSALS.has(outcome.refusal.code)
      ? again({ error: plainLines(outcome.refusal.lines, timeZone) })
      : refusedWith(outcome, locale, timeZone);
  }
  const read = await desk.readBoschReply(request.id, by, reply);
  if (!read.ok)
    return FORM_VALUE_REFUSALS.has(read.refusal.code)
      ? again({ error: plainLines(read.refusal.lines, timeZone) })
      : refusedWith(read, locale, timeZone);
  const { reading: fromReply, send } = withTypedPuks(read.puks ?? { matched: [], missing: [], conflicting: [], unplaced: 0 }, typed);
  const words = sitePukConfirmation(read.request, fromReply, locale);
  // Nothing found and nothing typed: the form again, with what the reading says, to type or paste again.
  if (!send.length) return again({ error: plainLines(words.lines, timeZone) });
  const confirmation: RichMessage = {
    lines: [
      ...words.lines,
      ...(typed.length ? [TEAMS_WORDS.say(locale, 'dialog.site.typed_heading')] : []),
      ...typed.map((t): Paragraph => [cameraName(cameraOf(read.request, t.camera), t.camera, locale, true), ': ', { code: t.puk }]),
    ],
    actions: [
      {
        id: 'puks_confirm',
        label: SITE.word(locale, 'site.confirm.send', { count: send.length }),
        style: 'primary',
        arg: pukMatchArg(send.map((s) => ({ n: s.camera, puk: s.puk }))),
      },
    ],
  };
  return continueWith('send_puk', read.request, card, locale, { confirmation });
}

const DONE: Partial<Record<string, TeamsWord>> = {
  set_fields: 'dialog.done.set_fields',
  cancel: 'dialog.done.cancel',
  failed: 'dialog.done.failed',
  send_puk: 'dialog.done.send_puk',
  ask: 'dialog.done.ask',
  reject: 'dialog.done.reject',
  request_document: 'dialog.done.request_document',
  record_ticket: 'dialog.done.record_ticket',
};

function perform(desk: HandlerDesk, by: Actor, verb: string, id: string, d: Inputs, camera?: string): Promise<Outcome> {
  switch (verb) {
    case 'set_fields': {
      const values: Partial<Record<FieldName, string>> = {};
      for (const f of FORM_FIELDS) if (d[f]?.trim()) values[f] = d[f];
      return desk.setFields(id, by, values);
    }
    case 'cancel':
      return desk.cancel(id, by);
    case 'failed':
      // A site camera's "It did not work" keeps its camera.
      return desk.failed(id, by, d.note?.trim() || undefined, camera === undefined ? undefined : Number(camera));
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

function refusedWith(outcome: Outcome, locale: Locale, timeZone: string): TaskModuleResponse {
  return closeWith(outcome.ok ? TEAMS_WORDS.word(locale, 'dialog.done.other') : plainLines(outcome.refusal.lines, timeZone));
}

function show(dialog: DialogKind, request: ResetRequest, card: CardKind, locale: Locale): TaskModuleResponse {
  return continueWith(dialog, request, card, locale, {});
}

interface Shown {
  /** The desk's answer a read-only dialog shows (bosch_email). */
  reply?: RichMessage;
  values?: Inputs;
  error?: string;
  fieldErrors?: Partial<Record<FieldName, string>>;
  /** The camera of a site the dialog is about (failed). */
  camera?: string;
  /** A site's Send PUKs: what was typed per camera, and the core's words per camera when refused. */
  typed?: Record<number, string>;
  cameraErrors?: Record<number, string>;
  /** A site's Send PUKs: what Bosch's reply matched, to confirm (the core's words and its one button). */
  confirmation?: RichMessage;
}

function continueWith(dialog: DialogKind, request: ResetRequest, card: CardKind, locale: Locale, shown: Shown): TaskModuleResponse {
  const c = dialogCard(dialog, request, card, shown, locale);
  return {
    task: {
      type: 'continue',
      value: {
        title: request.cameras && dialog === 'send_puk' ? SITE.word(locale, 'site.action.send_puks') : dialogTitle(dialog, locale),
        width: 'medium',
        height: dialog === 'details' || dialog === 'bosch_email' || (dialog === 'send_puk' && request.cameras) ? 'large' : 'medium',
        card: CardFactory.adaptiveCard(c),
      },
    },
  };
}

/** A dialog's title (Teams shows it in the dialog's frame). */
export function dialogTitle(dialog: DialogKind, locale: Locale): string {
  const f = forms(locale);
  switch (dialog) {
    case 'details':
      return f.details.title;
    case 'failed':
      return TEAMS_WORDS.word(locale, 'dialog.title.failed');
    case 'send_puk':
      return f.puk.title;
    case 'ask':
      return f.ask.title;
    case 'reject':
      return f.reject.title;
    case 'paperwork':
      return TEAMS_WORDS.word(locale, 'dialog.title.paperwork');
    case 'bosch_email':
      return TEAMS_WORDS.word(locale, 'dialog.title.bosch_email');
  }
}

const FORM_FIELDS: FieldName[] = ['challenge', 'model', 'mac', 'firmware', 'serial'];
/** What a valid value looks like: the same in every language (Bosch's own formats). */
const EXAMPLES: Record<Exclude<FieldName, 'challenge'>, string> = {
  model: 'NDE-5503-AL',
  mac: '00:07:5F:12:34:56',
  firmware: '7.80.0128',
  serial: '404754734001050102',
};

const text = (id: string, label: string, extra: Record<string, unknown> = {}): CardElement => ({ type: 'Input.Text', id, label, ...extra });

function attention(message: string): CardElement[] {
  return new CardText().lines([[message]], { color: 'Attention' });
}

/**
 * The card inside a dialog, in `locale`: inputs (with what was typed and the core's words when
 * refused) and Action.Submit buttons.
 */
export function dialogCard(
  dialog: DialogKind,
  request: ResetRequest,
  from: CardKind,
  shown: Shown = {},
  locale: Locale = 'en',
): Record<string, unknown> {
  const say = (key: TeamsWord, values?: Record<string, string>) => TEAMS_WORDS.word(locale, key, values);
  const f = forms(locale);
  const typed = shown.values ?? {};
  const base = { dialog, requestId: request.id, card: from, stamp: stampOf(request), ...(shown.camera ? { camera: shown.camera } : {}) };
  const submit = (verb: string, title: string, style?: 'positive' | 'destructive', extra: Record<string, unknown> = {}): CardElement => {
    const a: CardElement = { type: 'Action.Submit', title, data: { ...base, ...extra, verb } };
    if (style) a.style = style;
    return a;
  };
  const keep = (id: keyof Inputs, extra: Record<string, unknown>) => (typed[id] !== undefined ? { ...extra, value: typed[id] } : extra);
  const title = request.cameras && dialog === 'send_puk' ? SITE.word(locale, 'site.action.send_puks') : dialogTitle(dialog, locale);
  const body: CardElement[] = [heading(say('dialog.heading', { id: request.id, title }))];
  const fieldErrors = shown.fieldErrors ?? {};
  // A refusal that names fields is shown next to each field; any other under the heading.
  if (shown.error && !Object.keys(fieldErrors).length) body.push(...attention(shown.error));
  if (dialog === 'failed' && shown.camera && request.cameras) {
    const n = Number(shown.camera);
    body.push(...new CardText().lines([[cameraName(cameraOf(request, n), n, locale, true)]]));
  }
  let actions: CardElement[];
  switch (dialog) {
    case 'details': {
      body.push(...new CardText().lines([[f.details.hint]]));
      const labels = fieldLabels(locale);
      for (const field of FORM_FIELDS) {
        const extra: Record<string, unknown> = {
          placeholder:
            field === 'challenge'
              ? say(request.challenge?.code ? 'dialog.placeholder.challenge_received' : 'dialog.placeholder.challenge')
              : say('dialog.placeholder.example', { example: EXAMPLES[field] }),
          maxLength: MAX_FIELD_INPUT,
        };
        if (field !== 'challenge' && request.device[field]) extra.value = request.device[field];
        body.push(text(field, capital(labels[field], locale), keep(field, extra)));
        const error = fieldErrors[field];
        if (error) body.push(...attention(error));
      }
      // Each language named in itself, so a person finds theirs whatever the dialog is in now.
      body.push({
        type: 'Input.ChoiceSet',
        id: 'language',
        label: say('dialog.language'),
        choices: LOCALES.map((l) => ({ title: LANGUAGE_NAMES[l], value: l })),
        value: isLocale(typed.language) ? typed.language : locale,
      });
      actions = [
        submit('set_fields', say('dialog.check_details'), 'positive'),
        submit('cancel', say('dialog.cancel_request'), 'destructive'),
      ];
      break;
    }
    case 'failed':
      body.push(text('note', say('dialog.failed_note'), keep('note', { isMultiline: true, maxLength: MAX_RELAY_CHARS })));
      actions = [submit('failed', say('dialog.tell_support'), 'destructive')];
      break;
    case 'send_puk':
      if (request.cameras) {
        actions = sitePukForm(request, shown, locale, body, submit);
        break;
      }
      body.push(...new CardText().lines([[f.puk.hint]]), text('puk', f.puk.label, keep('puk', { maxLength: MAX_FIELD_INPUT })));
      actions = [submit('send_puk', f.puk.submit, 'positive')];
      break;
    case 'ask':
      body.push(
        ...new CardText().lines([[f.ask.hint]]),
        text('question', f.ask.label, keep('question', { isMultiline: true, maxLength: MAX_RELAY_CHARS })),
      );
      actions = [submit('ask', f.ask.submit)];
      break;
    case 'reject':
      body.push(
        ...new CardText().lines([[f.reject.hint]]),
        text('reason', f.reject.label, keep('reason', { isMultiline: true, maxLength: MAX_RELAY_CHARS })),
      );
      actions = [submit('reject', f.reject.submit, 'destructive')];
      break;
    case 'paperwork': {
      const open = ['awaiting_support', 'claimed', 'needs_info'].includes(request.state);
      actions = [];
      if (open) {
        const documents = documentLabels(locale);
        body.push(
          {
            type: 'Input.ChoiceSet',
            id: 'document',
            label: f.document.label,
            choices: (Object.keys(documents) as DocumentKind[]).map((k) => ({ title: documents[k], value: k })),
            value: typed.document ?? 'invoice',
          },
          text('note', f.document.noteLabel, keep('note', { isMultiline: true, maxLength: MAX_RELAY_CHARS })),
          { type: 'ActionSet', actions: [submit('request_document', f.document.submit)] },
        );
      }
      body.push(
        text(
          'ticket',
          f.ticket.label,
          keep('ticket', { placeholder: f.ticket.hint, maxLength: 40, value: typed.ticket ?? request.boschTicket ?? '' }),
        ),
        {
          type: 'ActionSet',
          actions: [submit('record_ticket', f.ticket.submit)],
        },
      );
      break;
    }
    case 'bosch_email':
      actions = [];
      if (shown.reply) {
        body.push(...new CardText({ locale }).lines(shown.reply.lines));
        // A text field: on every client (the phone too) it selects whole and copies as typed.
        if (shown.reply.code) body.push(text('email', say('dialog.bosch_email.text'), { isMultiline: true, value: shown.reply.code }));
        actions = (shown.reply.footer ?? []).flatMap((line) =>
          line.flatMap((p) => (typeof p === 'object' && 'link' in p ? [{ type: 'Action.OpenUrl', title: p.label, url: p.link }] : [])),
        );
        // A site's e-mail carries its text twice (to copy, and in the mailto: link, encoded): past
        // Teams' limit the link keeps its address and subject, and the text is pasted from the field.
        if (Buffer.byteLength(JSON.stringify([body, actions])) > CARD_BUDGET_BYTES)
          actions = actions.map((a) => ({ ...a, url: String(a.url).replace(/[?&]body=[^&]*/, '') }));
      }
      break;
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

/**
 * A site's Send PUKs dialog: a PUK input per camera still waiting for one (named as the
 * technician names it: number, model, MAC), and Bosch's reply pasted whole; or, once the reply
 * was read, what it matched (the core's words) with the one button that sends exactly that.
 */
function sitePukForm(
  request: ResetRequest,
  shown: Shown,
  locale: Locale,
  body: CardElement[],
  submit: (verb: string, title: string, style?: 'positive' | 'destructive', extra?: Record<string, unknown>) => CardElement,
): CardElement[] {
  const say = (key: TeamsWord) => TEAMS_WORDS.word(locale, key);
  const confirm = shown.confirmation?.actions?.find((a) => a.id === 'puks_confirm');
  if (shown.confirmation && confirm) {
    body.push(...new CardText({ locale }).lines(shown.confirmation.lines));
    return [submit('puks_confirm', confirm.label, 'positive', { arg: confirm.arg ?? '' })];
  }
  body.push(...new CardText().lines([[say('dialog.site.hint')]]));
  const typed = shown.typed ?? {};
  const errors = shown.cameraErrors ?? {};
  for (const c of awaitingPuk(request)) {
    const input = text(pukInput(c.n), cameraName(c, c.n, locale, true), { maxLength: MAX_FIELD_INPUT });
    if (typed[c.n] !== undefined) input.value = typed[c.n];
    body.push(input);
    const error = errors[c.n];
    if (error) body.push(...attention(error));
  }
  const reply = text('reply', say('dialog.site.reply_label'), {
    isMultiline: true,
    maxLength: MAX_BOSCH_REPLY,
    placeholder: say('dialog.site.reply_placeholder'),
  });
  if (shown.values?.reply) reply.value = shown.values.reply;
  body.push(reply);
  return [submit('send_puks', say('dialog.site.submit'), 'positive')];
}

const capital = (s: string, locale: Locale) => s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);
