// The input rules for every value a technician or agent types, each in one place, as zod
// schemas whose failures read as plain instructions a hurried person on a phone can act on.
// Every message is worded when the value is read, in the language of the person who typed it
// (`locale`, always given: there is no default reader): a FieldIssue or a form error carries the finished sentence,
// because the value it quotes and the reader are both known only then.
import type { Locale } from './i18n/locale.js';
import { FIELDS } from './i18n/catalog.js';
import { humanDuration } from './deadlines.js';
import { z } from 'zod';

export type FieldName = 'challenge' | 'model' | 'mac' | 'firmware' | 'serial';
export type DeviceField = Exclude<FieldName, 'challenge'>;

export const DEVICE_FIELDS: readonly DeviceField[] = ['model', 'mac', 'firmware', 'serial'];
/** The fields of the technician's details form, in its order. */
export const FORM_FIELDS: readonly FieldName[] = ['challenge', ...DEVICE_FIELDS];

/** The field names worded for one reader, as a sentence names them ("the serial number"). */
export const fieldLabels = (locale: Locale): Record<FieldName, string> => ({
  challenge: FIELDS.word(locale, 'field.label_challenge'),
  model: FIELDS.word(locale, 'field.label_model'),
  mac: FIELDS.word(locale, 'field.label_mac'),
  firmware: FIELDS.word(locale, 'field.label_firmware'),
  serial: FIELDS.word(locale, 'field.label_serial'),
});

/** A required field left empty in a form, in the reader's language. */
export const pleaseEnter = (field: FieldName, locale: Locale): string => FIELDS.word(locale, 'field.please_enter', { field });

export type FieldResult = { ok: true; value: string; warning?: string } | { ok: false; error: string };

export const BOSCH_OUIS: readonly string[] = ['00:07:5F', '00:04:63', '00:01:31', '00:1C:44'];

/**
 * No single field is anywhere near this long; refusing early keeps every rule linear
 * even when someone pastes a whole log file into the box.
 */
export const MAX_FIELD_INPUT = 200;

export const CHALLENGE_LENGTH = 32;

/**
 * The PUK rule lives here and only here: Bosch publishes no format, so when we learn
 * one, tightening it is a one-line change.
 */
export const PUK_RULE = {
  minLength: 8,
  maxLength: 64,
  separators: /[\s-]+/g,
  allowed: /^[A-Za-z0-9]*$/,
} as const;

/** Names a character so the technician can find it, including invisible ones. */
export function describeChar(ch: string, locale: Locale): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (ch === ' ') return FIELDS.word(locale, 'field.char_space');
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return FIELDS.word(locale, 'field.char_control', { hex: hex4(cp) });
  if (cp === 0x200b || cp === 0xfeff || cp === 0x00a0) return FIELDS.word(locale, 'field.char_invisible_space', { hex: hex4(cp) });
  return FIELDS.word(locale, 'field.char_quoted', { char: ch });
}

/** A sentence that opens with the offending character, named in the reader's language. */
const badChar = (ch: string, locale: Locale): string => capitalise(describeChar(ch, locale));

function hex4(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

/** The first character outside `allowed`, scanning code points so emoji are named whole. */
function firstCharNotIn(value: string, allowed: RegExp): string | undefined {
  for (const ch of value) {
    if (!allowed.test(ch)) return ch;
  }
  return undefined;
}

type LongField = FieldName | 'ticket' | 'puk';

function tooLong(value: string, field: LongField, locale: Locale): string | undefined {
  if (value.length <= MAX_FIELD_INPUT) return undefined;
  // The length as digits, not grouped ("20000"): it is a count to compare, not an amount.
  return FIELDS.word(locale, 'field.too_long', { length: String(value.length), field });
}

/** Adds one plain-words issue; schemas stop at the first rule broken so messages stay specific. */
function addIssue(ctx: z.RefinementCtx, message: string): void {
  ctx.addIssue({ code: 'custom', message });
}

/**
 * A zod schema whose failure is worded in `locale`. zod fixes an issue's message when the
 * schema is built, so each language gets its own schema (built once, on first use).
 */
function perLocale(build: (locale: Locale) => z.ZodType<string, string>): (locale: Locale) => z.ZodType<string, string> {
  const built = new Map<Locale, z.ZodType<string, string>>();
  return (locale) => {
    let schema = built.get(locale);
    if (!schema) {
      schema = build(locale);
      built.set(locale, schema);
    }
    return schema;
  };
}

/** The value checked by `problem` (undefined when fine), then normalised by `normalise`. */
function ruled(problem: (raw: string, locale: Locale) => string | undefined, normalise: (raw: string) => string) {
  return perLocale((locale) =>
    z
      .string()
      .superRefine((raw, ctx) => {
        const found = problem(raw, locale);
        if (found) addIssue(ctx, found);
      })
      .transform(normalise),
  );
}

// --- challenge code -------------------------------------------------------------------

const CHALLENGE_SEPARATORS = /[\s-]+/g;
const ALNUM_CHAR = /^[A-Za-z0-9]$/;

function challengeProblem(raw: string, locale: Locale): string | undefined {
  const long = tooLong(raw, 'challenge', locale);
  if (long) return long;
  const compact = raw.replace(CHALLENGE_SEPARATORS, '');
  if (compact.length === 0) return FIELDS.word(locale, 'challenge.empty');
  const bad = firstCharNotIn(compact, ALNUM_CHAR);
  if (bad !== undefined) return FIELDS.word(locale, 'challenge.bad_char', { char: badChar(bad, locale) });
  if (compact.length !== CHALLENGE_LENGTH) {
    return FIELDS.word(locale, compact.length < CHALLENGE_LENGTH ? 'challenge.too_short' : 'challenge.too_long', {
      count: compact.length,
    });
  }
  return undefined;
}

export const challengeCodeSchemaIn = ruled(challengeProblem, (raw) => raw.replace(CHALLENGE_SEPARATORS, ''));

/** A challenge code said to be `ageMs` old, older than the `validityMs` a code lasts. */
export function challengeTooOld(ageMs: number, validityMs: number, locale: Locale): string {
  return FIELDS.word(locale, 'challenge.too_old', { age: humanDuration(ageMs, locale), validity: humanDuration(validityMs, locale) });
}

/** "Generated 10 minutes ago" said again about a code whose clock already moved once. */
export const challengeAgeCounted = (locale: Locale): string => FIELDS.word(locale, 'challenge.age_counted');

// --- model number ---------------------------------------------------------------------

const MODEL_CHAR = /^[A-Za-z0-9\-/. ]$/;
const DIGIT = /\d/;

function normaliseModel(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').toUpperCase();
}

function modelProblem(raw: string, locale: Locale): string | undefined {
  const long = tooLong(raw, 'model', locale);
  if (long) return long;
  const value = raw.trim().replace(/\s+/g, ' ');
  const bad = firstCharNotIn(value, MODEL_CHAR);
  if (bad !== undefined) return FIELDS.word(locale, 'model.bad_char', { char: badChar(bad, locale) });
  if (value.length < 2) return FIELDS.word(locale, 'model.too_short');
  if (value.length > 40) return FIELDS.word(locale, 'model.too_long', { count: String(value.length) });
  // Every Bosch model number and order code carries digits (NDE-5503-AL, F.01U.393.627): a word
  // without one ("DINION", "unreadable") is a family name or a remark, not the model.
  if (!/[A-Za-z0-9]/.test(value)) return FIELDS.word(locale, 'model.no_alnum');
  if (!DIGIT.test(value)) return FIELDS.word(locale, 'model.no_digit');
  return undefined;
}

export const modelNumberSchemaIn = ruled(modelProblem, normaliseModel);

// --- MAC address ----------------------------------------------------------------------

// Spaces are accepted as well as ':', '-' and '.', because labels printed in groups
// ("00 07 5F 12 34 56") are read out that way.
const MAC_SEPARATORS = /[:\-. ]/;
const HEX_CHAR = /^[0-9A-Fa-f]$/;
const MAC_EXAMPLE = '00:07:5F:12:34:56';

function macProblem(raw: string, locale: Locale): string | undefined {
  const long = tooLong(raw, 'mac', locale);
  if (long) return long;
  const value = raw.trim();
  const groups = value.split(MAC_SEPARATORS).filter((g) => g.length > 0);
  const digits = groups.join('');
  const bad = firstCharNotIn(digits, HEX_CHAR);
  if (bad !== undefined) return FIELDS.word(locale, 'mac.bad_char', { char: badChar(bad, locale), example: MAC_EXAMPLE });
  if (digits.length !== 12) return FIELDS.word(locale, 'mac.wrong_count', { example: MAC_EXAMPLE, count: String(digits.length) });
  const odd = groups.find((g) => g.length % 2 === 1);
  if (odd !== undefined) return FIELDS.word(locale, 'mac.odd_group', { group: odd, example: MAC_EXAMPLE });
  return undefined;
}

function normaliseMac(raw: string): string {
  const digits = raw
    .replace(/[:\-. ]/g, '')
    .trim()
    .toUpperCase();
  const pairs: string[] = [];
  for (let i = 0; i < 12; i += 2) pairs.push(digits.slice(i, i + 2));
  return pairs.join(':');
}

export const macAddressSchemaIn = ruled(macProblem, normaliseMac);

/** A MAC from another vendor is usually a misread label, but may be a rebadged unit: warn, don't refuse. */
export function macWarning(mac: string, locale: Locale): string | undefined {
  const oui = mac.slice(0, 8);
  if (BOSCH_OUIS.includes(oui)) return undefined;
  return FIELDS.word(locale, 'mac.not_bosch', { prefix: oui });
}

// --- firmware version -----------------------------------------------------------------

// Never written into a message: '<' is markup in a catalog, so the address is a value.
const VERSION_PAGE = 'http://<camera-ip>/version';
// Bounded digit counts keep numbers exact and the match linear.
const FIRMWARE_DOTTED = /^[vV]?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?$/;
// Bosch advisories write the build as "B128"; people also write "build 26" and "B 26".
const FIRMWARE_ADVISORY = /^v?(\d{1,4})\.(\d{1,4}) ?(?:b|build) ?(\d{1,6})$/i;

function matchFirmware(raw: string): RegExpExecArray | null {
  const value = raw.trim().replace(/\s+/g, ' ');
  return FIRMWARE_DOTTED.exec(value) ?? FIRMWARE_ADVISORY.exec(value);
}

function firmwareProblem(raw: string, locale: Locale): string | undefined {
  const long = tooLong(raw, 'firmware', locale);
  if (long) return long;
  const value = raw.trim();
  if (matchFirmware(value)) return undefined;
  const url = VERSION_PAGE;
  if (value.length === 0) return FIELDS.word(locale, 'firmware.empty', { url });
  if (/^\d+(,\d+)+$/.test(value)) return FIELDS.word(locale, 'firmware.commas', { url });
  if (/^\d+$/.test(value)) return FIELDS.word(locale, 'firmware.one_part', { value, url });
  if (/^\d+(\.\d+){3,}$/.test(value)) return FIELDS.word(locale, 'firmware.too_many_parts', { value, url });
  return FIELDS.word(locale, 'firmware.hint', { url });
}

function normaliseFirmware(raw: string): string {
  const m = matchFirmware(raw);
  if (!m) return raw.trim();
  const [, major, minor, build] = m;
  // Bosch builds are 4 digits; padding makes '7.80 B128' and '7.80.0128' the same string.
  return build === undefined ? `${major}.${minor}` : `${major}.${minor}.${build.padStart(4, '0')}`;
}

export const firmwareVersionSchemaIn = ruled(firmwareProblem, normaliseFirmware);

// --- serial number --------------------------------------------------------------------

const SERIAL_CHAR = /^[A-Za-z0-9-]$/;

function serialProblem(raw: string, locale: Locale): string | undefined {
  const long = tooLong(raw, 'serial', locale);
  if (long) return long;
  const value = raw.trim();
  const bad = firstCharNotIn(value, SERIAL_CHAR);
  if (bad !== undefined) return FIELDS.word(locale, 'serial.bad_char', { char: badChar(bad, locale) });
  // Bosch serial numbers are long digit strings (404754734001050102): "unreadable" is no serial,
  // and saying so is more use to the writer than counting its letters.
  if (!/[A-Za-z0-9]/.test(value)) return FIELDS.word(locale, 'serial.no_alnum');
  if (!DIGIT.test(value)) return FIELDS.word(locale, 'serial.no_digit');
  if (value.length < 6 || value.length > 32) return FIELDS.word(locale, 'serial.wrong_length', { count: value.length });
  return undefined;
}

export const serialNumberSchemaIn = ruled(serialProblem, (raw) => raw.trim().toUpperCase());

// --- Bosch ticket number (agent) ------------------------------------------------------

const BOSCH_TICKET = /^#87\d{4,16}$/;

function ticketProblem(raw: string, locale: Locale): string | undefined {
  const long = tooLong(raw, 'ticket', locale);
  if (long) return long;
  const value = raw.trim();
  if (BOSCH_TICKET.test(value)) return undefined;
  if (/^87\d{4,16}$/.test(value)) return FIELDS.word(locale, 'ticket.no_hash', { value });
  return FIELDS.word(locale, 'ticket.format');
}

export const boschTicketSchemaIn = ruled(ticketProblem, (raw) => raw.trim());

// --- PUK ------------------------------------------------------------------------------

function pukProblem(raw: string, locale: Locale): string | undefined {
  const long = tooLong(raw, 'puk', locale);
  if (long) return long;
  const compact = raw.replace(PUK_RULE.separators, '');
  const bad = firstCharNotIn(compact, ALNUM_CHAR);
  if (bad !== undefined) return FIELDS.word(locale, 'puk.bad_char', { char: badChar(bad, locale) });
  if (!PUK_RULE.allowed.test(compact) || compact.length < PUK_RULE.minLength || compact.length > PUK_RULE.maxLength) {
    return FIELDS.word(locale, 'puk.wrong_length', {
      count: String(compact.length),
      min: String(PUK_RULE.minLength),
      max: String(PUK_RULE.maxLength),
    });
  }
  return undefined;
}

export const pukSchemaIn = ruled(pukProblem, (raw) => raw.trim());

// --- entry points ---------------------------------------------------------------------

function run(schema: z.ZodType<string, string>, input: unknown, locale: Locale): FieldResult {
  if (typeof input !== 'string') return { ok: false, error: FIELDS.word(locale, 'field.not_text') };
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: result.error.issues[0]?.message ?? FIELDS.word(locale, 'field.invalid') };
}

export function parseChallenge(input: string, locale: Locale): FieldResult {
  return run(challengeCodeSchemaIn(locale), input, locale);
}

export function parseModel(input: string, locale: Locale): FieldResult {
  return run(modelNumberSchemaIn(locale), input, locale);
}

export function parseMac(input: string, locale: Locale): FieldResult {
  const result = run(macAddressSchemaIn(locale), input, locale);
  if (!result.ok) return result;
  const warning = macWarning(result.value, locale);
  return warning ? { ok: true, value: result.value, warning } : result;
}

export function parseFirmware(input: string, locale: Locale): FieldResult {
  return run(firmwareVersionSchemaIn(locale), input, locale);
}

export function parseSerial(input: string, locale: Locale): FieldResult {
  return run(serialNumberSchemaIn(locale), input, locale);
}

export function parseBoschTicket(input: string, locale: Locale): FieldResult {
  return run(boschTicketSchemaIn(locale), input, locale);
}

export function parsePuk(input: string, locale: Locale): FieldResult {
  return run(pukSchemaIn(locale), input, locale);
}

export function parseField(name: FieldName, input: string, locale: Locale): FieldResult {
  switch (name) {
    case 'challenge':
      return parseChallenge(input, locale);
    case 'model':
      return parseModel(input, locale);
    case 'mac':
      return parseMac(input, locale);
    case 'firmware':
      return parseFirmware(input, locale);
    case 'serial':
      return parseSerial(input, locale);
    default:
      return { ok: false, error: FIELDS.word(locale, 'field.unknown') };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
