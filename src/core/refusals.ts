// Why an action was refused, in words the person who tried it can act on. A refusal changes
// nothing; platforms show it privately to the one who tried, so it is worded in their language
// (the `locale` of the actor who tried), whoever else reads the request.

import type { Actor, Platform, ResetRequest } from './request.js';
import type { FieldName } from './fields.js';
import { fieldLabels } from './fields.js';
import type { Action, Paragraph } from './rich.js';
import { REFUSALS } from './i18n/catalog.js';
import { START_COMMANDS } from './copy.js';
import type { Locale } from './i18n/locale.js';
import type { Values } from './i18n/say.js';

export type RefusalCode =
  | 'not_requester'
  | 'not_agent'
  | 'ended'
  | 'not_submitted'
  | 'already_submitted'
  | 'claimed_by_other'
  | 'already_yours'
  | 'not_claimed'
  | 'not_holder'
  | 'puk_already_sent'
  | 'expired'
  | 'not_with_support'
  | 'no_puk_yet'
  | 'incomplete'
  | 'invalid_field'
  | 'invalid_fields'
  | 'reason_required'
  | 'empty'
  | 'not_found'
  | 'unavailable'
  // A site (several cameras in one request).
  | 'site_form'
  | 'site_needs_camera'
  | 'batch_full'
  | 'site_incomplete'
  | 'site_same_code'
  | 'site_puk_camera'
  | 'invalid_puks'
  | 'site_camera_done';

/**
 * Refusals of what was typed into a form (a value, a missing field, an empty box), not of the
 * step itself: a form shows them beside what was typed, to mend and send again, and a form whose
 * only refusal would be one of these may open.
 */
export const FORM_VALUE_REFUSALS: ReadonlySet<RefusalCode> = new Set<RefusalCode>([
  'empty',
  'reason_required',
  'invalid_field',
  'invalid_fields',
  'invalid_puks',
  'incomplete',
  'site_puk_camera',
]);

export interface Refusal {
  code: RefusalCode;
  lines: Paragraph[];
  /** Per-field messages for forms. */
  fieldErrors?: Partial<Record<FieldName, string>>;
  /** A site's Send PUKs form: the message for each camera's PUK that cannot go, by camera number. */
  cameraErrors?: Record<number, string>;
  /** What the person can do instead (a take-over offered to an agent refused a claim), on `requestId`. */
  actions?: Action[];
  requestId?: string;
}

/** The Take over button in the language of the agent it is offered to. */
export const takeOver = (locale: Locale): Action => ({ id: 'take_over', label: REFUSALS.word(locale, 'refusal.take_over_button') });

interface Params {
  request?: ResetRequest;
  id?: string;
  /** What was tried: an action id ('claim', 'send_puk', …); the catalog words each one. */
  what: string;
  other?: Actor;
  at?: number;
  message?: string;
  missing?: FieldName[];
  fieldErrors?: Partial<Record<FieldName, string>>;
  /** The language of the person who tried (`localeOf(actor)`), always named by the caller. */
  locale: Locale;
  /** The platform of the person who tried, for the command a refusal tells them to type. */
  platform?: Platform;
  /** A site's camera the refusal is about, and for its PUK why it cannot go. */
  camera?: number;
  reason?: 'no_camera' | 'has_puk' | 'expired' | 'twice';
  /** BATCH_MAX, for a site that is full. */
  max?: number;
  /** A site's cameras that still lack something, and what. */
  cameras?: Array<{ n: number; fields: FieldName[] }>;
  cameraErrors?: Record<number, string>;
}

/** A button that should have carried a value (a PUK, a challenge code) came without it. */
export function emptyButton(carries: 'puk' | 'code', locale: Locale): string {
  return REFUSALS.word(locale, carries === 'puk' ? 'refusal.button_without_puk' : 'refusal.button_without_code');
}

/** Refusals that tell the reader which command to type: they name the reader's platform. */
type NamesCommand = 'ended' | 'not_found' | 'batch_full';

/**
 * Why `code` was refused, in `p.locale`. A refusal that names a command names the one of the
 * reader's `platform` (Teams has no slash commands): required, so no caller can forget it.
 */
export function refuse<C extends RefusalCode>(
  code: C,
  p: [C] extends [Exclude<C, NamesCommand>] ? Params : Params & { platform: Platform },
): Refusal {
  return words(code, p);
}

function words(code: RefusalCode, p: Params): Refusal {
  const { locale } = p;
  const start = START_COMMANDS[p.platform ?? 'slack'];
  const say = (key: Parameters<typeof REFUSALS.say>[1], values: Values = {}): Paragraph[] => [REFUSALS.say(locale, key, values)];
  const id = p.request?.id ?? p.id ?? REFUSALS.word(locale, 'refusal.this_request');
  const what = p.what;
  const state = p.request?.state ?? 'other';
  const lines = ((): Paragraph[] => {
    switch (code) {
      case 'not_requester':
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- only a check on a request in hand refuses a non-requester
        return say('refusal.not_requester', { requester: { mention: p.request!.requester }, id, what });
      case 'not_agent':
        return say('refusal.not_agent', { id, what });
      case 'ended':
        return say('refusal.ended', { id, what, state, cmd: { code: start } });
      case 'not_submitted':
        return say('refusal.not_submitted', { id });
      case 'already_submitted':
        return say('refusal.already_submitted', { id });
      case 'claimed_by_other':
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a claim by another always names them
        return say('refusal.claimed_by_other', { id, other: { mention: p.other! } });
      case 'already_yours':
        return say('refusal.already_yours', { id });
      case 'not_claimed':
        return say('refusal.not_claimed', { id });
      case 'not_holder':
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a claim by another always names them
        return say('refusal.not_holder', { id, other: { mention: p.other! } });
      case 'puk_already_sent':
        if (!p.other) return say('refusal.puk_already_sent', { id });
        return p.at
          ? say('refusal.puk_already_sent_by_at', { id, other: { mention: p.other }, at: { time: p.at } })
          : say('refusal.puk_already_sent_by', { id, other: { mention: p.other } });
      case 'expired':
        return say('refusal.expired', { id });
      case 'not_with_support':
        return say('refusal.not_with_support', { id, what, state });
      case 'no_puk_yet':
        return say('refusal.no_puk_yet', { id, what });
      case 'incomplete': {
        const labels = fieldLabels(locale);
        const names = (p.missing ?? []).map((f) => labels[f]);
        // English keeps its plain comma list (what support and the tests have always read).
        const fields = locale === 'en' ? names.join(', ') : new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
        return say('refusal.incomplete', { id, fields });
      }
      case 'invalid_field':
        // The message was worded, in the same language, where the value was read.
        return p.message ? [[p.message]] : say('refusal.invalid_value');
      case 'invalid_fields':
        return Object.values(p.fieldErrors ?? {}).flatMap((m) => (m ? [[m]] : []));
      case 'reason_required':
        return say('refusal.reason_required');
      case 'empty':
        return say('refusal.empty');
      case 'not_found':
        return p.id
          ? say('refusal.not_found', { id: p.id, cmd: { code: `${start} status` } })
          : say('refusal.not_found_unnamed', { cmd: { code: `${start} status` } });
      case 'unavailable':
        return say('refusal.unavailable');
      case 'site_form':
        return say('refusal.site_form', { id });
      case 'site_needs_camera':
        return say('refusal.site_needs_camera', { id, what });
      case 'batch_full':
        return say('refusal.batch_full', { id, max: p.max ?? 0, cmd: { code: start } });
      case 'site_incomplete': {
        const labels = fieldLabels(locale);
        const list = new Intl.ListFormat(locale, { type: 'unit' });
        const items = (p.cameras ?? []).map((m) =>
          REFUSALS.word(locale, 'refusal.site_camera_missing', { camera: m.n, fields: list.format(m.fields.map((f) => labels[f])) }),
        );
        return items.length ? say('refusal.site_incomplete', { id, cameras: items.join('; ') }) : say('refusal.site_empty', { id });
      }
      case 'site_same_code':
        return say('refusal.site_same_code', { camera: p.camera ?? 0 });
      case 'site_puk_camera':
        return say('refusal.site_puk_camera', { camera: p.camera ?? 0, reason: p.reason ?? 'no_camera' });
      case 'invalid_puks':
        return [...Object.values(p.cameraErrors ?? {}).map((m): Paragraph => [m]), ...say('refusal.site_nothing_sent')];
      case 'site_camera_done':
        return say('refusal.site_camera_done', { camera: p.camera ?? 0 });
    }
  })();
  const refusal: Refusal = { code, lines };
  if (p.fieldErrors) refusal.fieldErrors = p.fieldErrors;
  if (p.cameraErrors) refusal.cameraErrors = p.cameraErrors;
  if ((code === 'claimed_by_other' || code === 'not_holder') && p.request) {
    refusal.actions = [takeOver(locale)];
    refusal.requestId = p.request.id;
  }
  return refusal;
}
