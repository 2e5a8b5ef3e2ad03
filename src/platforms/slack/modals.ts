// The forms: the technician's "Use a form instead", and the agent's Send PUK, Ask technician,
// Reject, Request document and Bosch ticket. Each form is checked by the same rules as the chat
// before Slack gets its ack, so mistakes appear on the fields (response_action: errors); the
// desk then does the work after the ack, and a refusal is explained privately.

import type { App, types } from '@slack/bolt';
import { z } from 'zod';
import { documentLabels, forms } from '../../core/copy.js';
import {
  FORM_FIELDS,
  MAX_FIELD_INPUT,
  type FieldName,
  fieldLabels,
  parseBoschTicket,
  parseField,
  parsePuk,
  pleaseEnter,
} from '../../core/fields.js';
import { LANGUAGE_NAMES, LOCALES, type Locale, SOURCE_LOCALE, isLocale } from '../../core/i18n/locale.js';
import { localeOf } from '../../core/languages.js';
import { DOCUMENT_KINDS, type DocumentKind, MAX_RELAY_CHARS, isDocumentKind } from '../../core/notices.js';
import type { Actor, RequestFile, ResetRequest } from '../../core/request.js';
import { fileRefused } from '../../core/copy.js';
import { SlackFileObject, sharedFile } from './files.js';
import type { Outcome } from '../../core/desk.js';
import { type SlackContext, type Where, afterAck, explainOutcome, slackActor, whoActs } from './context.js';
import { LIMITS, escapeText, mrkdwnLine, renderMessage, truncatePlain } from './render.js';
import { SLACK } from './words.js';

export const VIEWS = {
  details: 'camreset.form',
  puk: 'camreset.puk',
  ask: 'camreset.ask',
  reject: 'camreset.reject',
  document: 'camreset.document',
  ticket: 'camreset.ticket',
} as const;
export type ViewKind = keyof typeof VIEWS;

/**
 * What a form remembers between opening and submission; the details form also the language its
 * Language select was opened on (`shown`), so only a language the person picked counts as chosen.
 */
const Metadata = z.object({ id: z.string(), channel: z.string().optional(), thread: z.string().optional(), shown: z.string().optional() });
type Metadata = z.infer<typeof Metadata>;

export const plainTextObject = (text: string, max = 2000) => ({ type: 'plain_text' as const, text: truncatePlain(text, max) });

export function input(
  blockId: string,
  label: string,
  options: { initial?: string; multiline?: boolean; optional?: boolean; hint?: string; max?: number } = {},
): types.InputBlock {
  const element: types.PlainTextInput = { type: 'plain_text_input', action_id: 'value' };
  if (options.initial) element.initial_value = options.initial;
  if (options.multiline) element.multiline = true;
  if (options.max) element.max_length = options.max;
  const block: types.InputBlock = { type: 'input', block_id: blockId, label: plainTextObject(label), element };
  if (options.optional) block.optional = true;
  if (options.hint) block.hint = plainTextObject(options.hint);
  return block;
}

function view(kind: ViewKind, title: string, submit: string, close: string, meta: Metadata, blocks: types.KnownBlock[]): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS[kind],
    title: plainTextObject(title, LIMITS.modalTitle),
    submit: plainTextObject(submit, LIMITS.modalTitle),
    close: plainTextObject(close, LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

/** The request an agent is acting on, so the form says which one it is. */
function aboutBlock(request: ResetRequest, locale: Locale | undefined): types.KnownBlock {
  const d = request.device;
  const line = SLACK.say(locale, 'form.about', { id: request.id, model: d.model ?? '—', mac: d.mac ?? '—', firmware: d.firmware ?? '—' });
  return { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwnLine(line) }] };
}

/** The details form's language choice: the six, each named in itself, the person's own chosen. */
function languageChoice(locale: Locale): types.InputBlock {
  const option = (l: Locale) => ({ text: plainTextObject(LANGUAGE_NAMES[l], 75), value: l });
  const select: types.StaticSelect = {
    type: 'static_select',
    action_id: 'value',
    options: LOCALES.map(option),
    initial_option: option(locale),
  };
  return {
    type: 'input',
    block_id: 'language',
    optional: true,
    label: plainTextObject(SLACK.word(locale, 'form.language.label')),
    hint: plainTextObject(SLACK.word(locale, 'form.language.hint')),
    element: select,
  };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What the form's file picker offers; Slack's filter is a convenience, the bytes are checked after (files.ts). */
const PHOTO_FILETYPES = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic'] as const;
const MAX_FORM_PHOTOS = 3;

/** The form `kind` for `request`, worded for the one opening it (`locale`). */
export function buildView(kind: ViewKind, request: ResetRequest, where: Where, locale: Locale = 'en'): types.ModalView {
  const meta: Metadata = { id: request.id, ...where };
  const words = forms(locale);
  const modal = (k: ViewKind, title: string, submit: string, blocks: types.KnownBlock[], kept: Metadata = meta) =>
    view(k, title, submit, words.cancel, kept, blocks);
  const about = () => aboutBlock(request, locale);
  switch (kind) {
    case 'details': {
      const d = request.device;
      const initial: Record<FieldName, string | undefined> = {
        challenge: request.challenge?.code,
        model: d.model,
        mac: d.mac,
        firmware: d.firmware,
        serial: d.serial,
      };
      const fields = FORM_FIELDS;
      const labels = fieldLabels(locale);
      const blocks: types.KnownBlock[] = [
        { type: 'context', elements: [{ type: 'mrkdwn', text: `*${escapeText(request.id)}* · ${escapeText(words.details.hint)}` }] },
        ...fields.map((f) => input(f, capital(labels[f]), { initial: initial[f], max: MAX_FIELD_INPUT })),
        {
          type: 'input',
          block_id: 'photo',
          optional: true,
          label: plainTextObject(words.details.photoLabel),
          hint: plainTextObject(words.details.photoHint),
          element: { type: 'file_input', action_id: 'value', filetypes: [...PHOTO_FILETYPES], max_files: MAX_FORM_PHOTOS },
        },
        languageChoice(locale),
      ];
      return modal('details', words.details.title, words.details.submit, blocks, { ...meta, shown: locale });
    }
    case 'puk':
      return modal('puk', words.puk.title, words.puk.submit, [
        about(),
        input('puk', words.puk.label, { hint: words.puk.hint, max: MAX_FIELD_INPUT }),
      ]);
    case 'ask':
      return modal('ask', words.ask.title, words.ask.submit, [
        about(),
        input('question', words.ask.label, { multiline: true, hint: words.ask.hint, max: MAX_RELAY_CHARS }),
      ]);
    case 'reject':
      return modal('reject', words.reject.title, words.reject.submit, [
        about(),
        input('reason', words.reject.label, { multiline: true, hint: words.reject.hint, max: MAX_RELAY_CHARS }),
      ]);
    case 'ticket':
      return modal('ticket', words.ticket.title, words.ticket.submit, [
        about(),
        input('ticket', words.ticket.label, { initial: request.boschTicket, hint: words.ticket.hint, max: 40 }),
      ]);
    case 'document': {
      const documents = documentLabels(locale);
      const options = DOCUMENT_KINDS.map((k) => ({ text: plainTextObject(documents[k], 75), value: k }));
      const select: types.StaticSelect = { type: 'static_select', action_id: 'value', options };
      return modal('document', words.document.title, words.document.submit, [
        about(),
        { type: 'input', block_id: 'document', label: plainTextObject(words.document.label), element: select },
        input('note', words.document.noteLabel, { multiline: true, optional: true, max: MAX_RELAY_CHARS }),
      ]);
    }
  }
}

/** The form as submitted, checked by the chat's rules; what the desk is then asked to do. */
export type FormInput =
  | { kind: 'details'; fields: Partial<Record<FieldName, string>>; files: RequestFile[]; language?: Locale }
  | { kind: 'puk'; puk: string }
  | { kind: 'ask'; question: string }
  | { kind: 'reject'; reason: string }
  | { kind: 'ticket'; ticket: string }
  | { kind: 'document'; document: DocumentKind; note?: string };

/** Per-block messages Slack shows on the form's fields. */
export type FieldErrors = Record<string, string>;

/** A view_submission for one of the forms: the request it is about, who sent it, and the errors or the input. */
export type FormSubmission = { meta: Metadata; user: string } & ({ errors: FieldErrors } | { input: FormInput });

const Submitted = z.object({
  user: z.object({ id: z.string() }),
  view: z.object({ private_metadata: z.string().optional(), state: z.object({ values: z.unknown() }).optional() }),
});

/** Reads a view_submission body; undefined when it does not carry a form camreset opened. Errors are worded in `locale`. */
export function parseSubmission(kind: ViewKind, body: unknown, locale: Locale): FormSubmission | undefined {
  const parsed = Submitted.safeParse(body);
  if (!parsed.success) return undefined;
  const meta = Metadata.safeParse(safeJson(parsed.data.view.private_metadata));
  if (!meta.success) return undefined;
  return { meta: meta.data, user: parsed.data.user.id, ...readForm(kind, parsed.data.view.state?.values, locale) };
}

// state.values is block_id -> action_id -> element state; only own keys count, so a block named
// like an Object.prototype member ("constructor", "__proto__") reads as absent.
const own = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const text = (values: unknown, block: string): string => str(own(own(own(values, block), 'value'), 'value')).trim();
const selected = (values: unknown, block: string): string => str(own(own(own(own(values, block), 'value'), 'selected_option'), 'value'));

function readForm(kind: ViewKind, values: unknown, asked: Locale): { errors: FieldErrors } | { input: FormInput } {
  // A language chosen in the form words the form's own errors too.
  const choice = kind === 'details' ? selected(values, 'language') : '';
  const language = isLocale(choice) ? choice : undefined;
  const locale = language ?? asked;
  switch (kind) {
    case 'details': {
      const errors: FieldErrors = {};
      const fields: Partial<Record<FieldName, string>> = {};
      for (const f of FORM_FIELDS) {
        const raw = text(values, f);
        if (!raw) {
          errors[f] = pleaseEnter(f, locale);
          continue;
        }
        const parsed = parseField(f, raw, locale);
        if (!parsed.ok) errors[f] = parsed.error;
        else fields[f] = raw;
      }
      // A file_input's state is `{ type: 'file_input', files: [file objects] }`.
      const given = own(own(own(values, 'photo'), 'value'), 'files');
      const files = (Array.isArray(given) ? given : []).slice(0, MAX_FORM_PHOTOS).flatMap((f) => {
        const parsed = SlackFileObject.safeParse(f);
        return (parsed.success && sharedFile(parsed.data)) || [];
      });
      return Object.keys(errors).length ? { errors } : { input: { kind, fields, files, ...(language ? { language } : {}) } };
    }
    case 'puk': {
      const puk = text(values, 'puk');
      const parsed = parsePuk(puk, locale);
      return parsed.ok ? { input: { kind, puk } } : { errors: { puk: parsed.error } };
    }
    case 'ask': {
      const question = text(values, 'question');
      return question ? { input: { kind, question } } : { errors: { question: SLACK.word(locale, 'form.error.question') } };
    }
    case 'reject': {
      const reason = text(values, 'reason');
      return reason ? { input: { kind, reason } } : { errors: { reason: SLACK.word(locale, 'form.error.reason') } };
    }
    case 'ticket': {
      const ticket = text(values, 'ticket');
      const parsed = parseBoschTicket(ticket, locale);
      return parsed.ok && ticket
        ? { input: { kind, ticket } }
        : { errors: { ticket: parsed.ok ? SLACK.word(locale, 'form.error.ticket') : parsed.error } };
    }
    case 'document': {
      const document = selected(values, 'document');
      // One of the kinds themselves, never a key every object has (`"constructor"`).
      if (!isDocumentKind(document)) return { errors: { document: SLACK.word(locale, 'form.error.document') } };
      const note = text(values, 'note');
      return { input: { kind, document, note: note || undefined } };
    }
  }
}

/** The form's photos that pass the check; each refused one is explained, and the rest of the form still counts. */
async function checkedFiles(ctx: SlackContext, meta: Metadata, by: Actor, files: RequestFile[]): Promise<RequestFile[]> {
  const request = files.length ? await ctx.desk.get(meta.id) : undefined;
  if (!request) return [];
  const { taken, refused } = await ctx.files.check(request, files);
  for (const { file, problem } of refused) {
    ctx.logger.info({ requestId: meta.id, problem }, 'photo in the form refused');
    await ctx.surface.tellPrivately(
      by.id,
      { channel: meta.channel, thread: meta.thread },
      renderMessage(
        fileRefused(file.name ?? SLACK.word(by.locale, 'file.unnamed_photo'), problem, ctx.files.maxBytes / (1024 * 1024), localeOf(by)),
        meta.id,
        by.locale,
      ),
    );
  }
  return taken;
}

async function work(ctx: SlackContext, meta: Metadata, by: Actor, input: FormInput): Promise<Outcome> {
  const { desk } = ctx;
  switch (input.kind) {
    case 'details':
      return desk.setFields(meta.id, by, input.fields, await checkedFiles(ctx, meta, by, input.files));
    case 'puk':
      return desk.sendPuk(meta.id, by, input.puk);
    case 'ask':
      return desk.ask(meta.id, by, input.question);
    case 'reject':
      return desk.reject(meta.id, by, input.reason);
    case 'ticket':
      return desk.recordTicket(meta.id, by, input.ticket);
    case 'document':
      return desk.requestDocument(meta.id, by, input.document, input.note);
  }
}

export function registerModals(app: App, ctx: SlackContext): void {
  for (const kind of Object.keys(VIEWS) as ViewKind[]) {
    app.view(VIEWS[kind], async ({ ack, body }) => {
      // Read once to know whether it has errors; those are worded in the person's language below.
      const submitted = parseSubmission(kind, body, SOURCE_LOCALE);
      if (!submitted) {
        await ack();
        return;
      }
      if ('errors' in submitted) {
        // Worded again in the person's language: only what is recorded (no Slack call before the ack).
        const locale = await ctx.languages.recorded(slackActor(submitted.user));
        const worded = parseSubmission(kind, body, locale) ?? submitted;
        await ack({ response_action: 'errors', errors: 'errors' in worded ? worded.errors : submitted.errors });
        return;
      }
      await ack();
      const { meta, user, input } = submitted;
      const where = { channel: meta.channel, thread: meta.thread };
      await afterAck(ctx, user, where, VIEWS[kind], async () => {
        let by = await whoActs(ctx, user, undefined, where);
        // The language picked in the form counts from this answer on. Left as the form showed it,
        // it is no choice: a form opened in English while Slack could not say theirs would
        // otherwise pin English for good once Slack answers.
        const shown = meta.shown ?? by.locale;
        if (input.kind === 'details' && input.language && input.language !== shown && input.language !== by.locale) {
          await ctx.desk.chooseLanguage(by, input.language);
          by = { ...by, locale: input.language };
        }
        await explainOutcome(ctx, user, where, await work(ctx, meta, by, input), by.locale);
      });
    });
  }
}

export function safeJson(s: string | undefined): unknown {
  try {
    return JSON.parse(s ?? '');
  } catch {
    return undefined;
  }
}
