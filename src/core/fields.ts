// The input rules for every value a technician or agent types, each in one place, as zod
// schemas whose failures read as plain instructions a hurried person on a phone can act on.
import type { Locale } from './i18n/locale.js';
import { z } from 'zod';

export type FieldName = 'challenge' | 'model' | 'mac' | 'firmware' | 'serial';
export type DeviceField = Exclude<FieldName, 'challenge'>;

export const DEVICE_FIELDS: readonly DeviceField[] = ['model', 'mac', 'firmware', 'serial'];
/** The fields of the technician's details form, in its order. */
export const FORM_FIELDS: readonly FieldName[] = ['challenge', ...DEVICE_FIELDS];

export const FIELD_LABELS: Record<FieldName, string> = {
  challenge: 'challenge code',
  model: 'model number',
  mac: 'MAC address',
  firmware: 'firmware version',
  serial: 'serial number',
};

/** The field names worded for one reader, as a sentence names them ("the serial number"). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- used as the words move into the catalogs (issue 14)
export const fieldLabels = (_locale: Locale = 'en'): Record<FieldName, string> => FIELD_LABELS;

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
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (ch === ' ') return 'a space';
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `an invisible control character (U+${hex4(cp)})`;
  if (cp === 0x200b || cp === 0xfeff || cp === 0x00a0) return `an invisible space (U+${hex4(cp)})`;
  return `'${ch}'`;
}

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

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function tooLong(value: string, label: string): string | undefined {
  if (value.length <= MAX_FIELD_INPUT) return undefined;
  return `That is ${value.length} characters — far too long for a ${label}. Paste just the ${label}, nothing else.`;
}

/** Adds one plain-words issue; schemas stop at the first rule broken so messages stay specific. */
function addIssue(ctx: z.RefinementCtx, message: string): void {
  ctx.addIssue({ code: 'custom', message });
}

// --- challenge code -------------------------------------------------------------------

const CHALLENGE_SEPARATORS = /[\s-]+/g;
const ALNUM_CHAR = /^[A-Za-z0-9]$/;

function challengeProblem(raw: string): string | undefined {
  const long = tooLong(raw, 'challenge code');
  if (long) return long;
  const compact = raw.replace(CHALLENGE_SEPARATORS, '');
  if (compact.length === 0) {
    return "That challenge code is empty; it needs exactly 32 letters and digits, as shown on the camera's password-reset page.";
  }
  const bad = firstCharNotIn(compact, ALNUM_CHAR);
  if (bad !== undefined) {
    return `${capitalise(describeChar(bad))} is not allowed in a challenge code; it has only letters and digits (spaces and dashes between groups are fine).`;
  }
  if (compact.length !== CHALLENGE_LENGTH) {
    const hint = compact.length < CHALLENGE_LENGTH ? 'Check for a missed character.' : 'Check for an extra character.';
    return `That challenge code has ${compact.length} ${plural(compact.length, 'character', 'characters')}; it needs exactly 32 letters and digits. ${hint}`;
  }
  return undefined;
}

export const challengeCodeSchema = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = challengeProblem(raw);
    if (problem) addIssue(ctx, problem);
  })
  .transform((raw) => raw.replace(CHALLENGE_SEPARATORS, ''));

// --- model number ---------------------------------------------------------------------

const MODEL_CHAR = /^[A-Za-z0-9\-/. ]$/;

function normaliseModel(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').toUpperCase();
}

function modelProblem(raw: string): string | undefined {
  const long = tooLong(raw, 'model number');
  if (long) return long;
  const value = raw.trim().replace(/\s+/g, ' ');
  const bad = firstCharNotIn(value, MODEL_CHAR);
  if (bad !== undefined) {
    return `${capitalise(describeChar(bad))} is not allowed in a model number; use letters, digits, '-', '/', '.' and spaces, like NDE-5503-AL.`;
  }
  if (value.length < 2) {
    return 'A model number has at least 2 characters, like NDE-5503-AL. It is printed on the label, usually next to the Bosch logo.';
  }
  if (value.length > 40) {
    return `That model number has ${value.length} characters; a model number has at most 40, like NDE-5503-AL.`;
  }
  if (!/[A-Za-z0-9]/.test(value)) {
    return 'A model number needs letters or digits, like NDE-5503-AL.';
  }
  return undefined;
}

export const modelNumberSchema = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = modelProblem(raw);
    if (problem) addIssue(ctx, problem);
  })
  .transform(normaliseModel);

// --- MAC address ----------------------------------------------------------------------

// Spaces are accepted as well as ':', '-' and '.', because labels printed in groups
// ("00 07 5F 12 34 56") are read out that way.
const MAC_SEPARATORS = /[:\-. ]/;
const HEX_CHAR = /^[0-9A-Fa-f]$/;
const MAC_EXAMPLE = '00:07:5F:12:34:56';

function macProblem(raw: string): string | undefined {
  const long = tooLong(raw, 'MAC address');
  if (long) return long;
  const value = raw.trim();
  const groups = value.split(MAC_SEPARATORS).filter((g) => g.length > 0);
  const digits = groups.join('');
  const bad = firstCharNotIn(digits, HEX_CHAR);
  if (bad !== undefined) {
    return `${capitalise(describeChar(bad))} is not a hexadecimal digit; a MAC address uses only 0-9 and A-F, like ${MAC_EXAMPLE}.`;
  }
  if (digits.length !== 12) {
    return `A MAC address has 12 hexadecimal digits (0-9, A-F), like ${MAC_EXAMPLE} — that one has ${digits.length}.`;
  }
  const odd = groups.find((g) => g.length % 2 === 1);
  if (odd !== undefined) {
    return `The group '${odd}' has an odd number of digits; write the MAC address with 2 digits per pair, like ${MAC_EXAMPLE}.`;
  }
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

export const macAddressSchema = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = macProblem(raw);
    if (problem) addIssue(ctx, problem);
  })
  .transform(normaliseMac);

/** A MAC from another vendor is usually a misread label, but may be a rebadged unit: warn, don't refuse. */
export function macWarning(mac: string): string | undefined {
  const oui = mac.slice(0, 8);
  if (BOSCH_OUIS.includes(oui)) return undefined;
  return `${oui} is not a Bosch MAC prefix — please double-check the label (we'll use it anyway).`;
}

// --- firmware version -----------------------------------------------------------------

const FIRMWARE_HINT = 'Write the firmware as major.minor.build, like 7.80.0128 (the camera shows it at http://<camera-ip>/version).';
// Bounded digit counts keep numbers exact and the match linear.
const FIRMWARE_DOTTED = /^[vV]?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?$/;
// Bosch advisories write the build as "B128"; people also write "build 26" and "B 26".
const FIRMWARE_ADVISORY = /^v?(\d{1,4})\.(\d{1,4}) ?(?:b|build) ?(\d{1,6})$/i;

function matchFirmware(raw: string): RegExpExecArray | null {
  const value = raw.trim().replace(/\s+/g, ' ');
  return FIRMWARE_DOTTED.exec(value) ?? FIRMWARE_ADVISORY.exec(value);
}

function firmwareProblem(raw: string): string | undefined {
  const long = tooLong(raw, 'firmware version');
  if (long) return long;
  const value = raw.trim();
  if (matchFirmware(value)) return undefined;
  if (value.length === 0) return `The firmware version is empty. ${FIRMWARE_HINT}`;
  if (/^\d+(,\d+)+$/.test(value)) return `Use dots, not commas, between the parts. ${FIRMWARE_HINT}`;
  if (/^\d+$/.test(value)) return `'${value}' has only one part. ${FIRMWARE_HINT}`;
  if (/^\d+(\.\d+){3,}$/.test(value)) return `'${value}' has more than three parts. ${FIRMWARE_HINT}`;
  return FIRMWARE_HINT;
}

function normaliseFirmware(raw: string): string {
  const m = matchFirmware(raw);
  if (!m) return raw.trim();
  const [, major, minor, build] = m;
  // Bosch builds are 4 digits; padding makes '7.80 B128' and '7.80.0128' the same string.
  return build === undefined ? `${major}.${minor}` : `${major}.${minor}.${build.padStart(4, '0')}`;
}

export const firmwareVersionSchema = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = firmwareProblem(raw);
    if (problem) addIssue(ctx, problem);
  })
  .transform(normaliseFirmware);

// --- serial number --------------------------------------------------------------------

const SERIAL_CHAR = /^[A-Za-z0-9-]$/;

function serialProblem(raw: string): string | undefined {
  const long = tooLong(raw, 'serial number');
  if (long) return long;
  const value = raw.trim();
  const bad = firstCharNotIn(value, SERIAL_CHAR);
  if (bad !== undefined) {
    return `${capitalise(describeChar(bad))} is not allowed in a serial number; use letters, digits and '-', like 404754734001050102.`;
  }
  if (value.length < 6 || value.length > 32) {
    return `That serial number has ${value.length} ${plural(value.length, 'character', 'characters')}; a serial number has 6 to 32 letters and digits, like 404754734001050102.`;
  }
  if (!/[A-Za-z0-9]/.test(value)) return 'A serial number needs letters or digits, like 404754734001050102.';
  return undefined;
}

export const serialNumberSchema = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = serialProblem(raw);
    if (problem) addIssue(ctx, problem);
  })
  .transform((raw) => raw.trim().toUpperCase());

// --- Bosch ticket number (agent) ------------------------------------------------------

const BOSCH_TICKET = /^#87\d{4,16}$/;

export const boschTicketSchema = z
  .string()
  .superRefine((raw, ctx) => {
    const long = tooLong(raw, 'Bosch ticket number');
    if (long) {
      addIssue(ctx, long);
      return;
    }
    const value = raw.trim();
    if (BOSCH_TICKET.test(value)) return;
    if (/^87\d{4,16}$/.test(value)) {
      addIssue(ctx, `Bosch ticket numbers start with '#', like #8712345678 — write #${value}.`);
      return;
    }
    addIssue(ctx, "A Bosch ticket number is '#87' followed by digits, like #8712345678.");
  })
  .transform((raw) => raw.trim());

// --- PUK ------------------------------------------------------------------------------

export const pukSchema = z
  .string()
  .superRefine((raw, ctx) => {
    const long = tooLong(raw, 'PUK');
    if (long) {
      addIssue(ctx, long);
      return;
    }
    const compact = raw.replace(PUK_RULE.separators, '');
    const bad = firstCharNotIn(compact, ALNUM_CHAR);
    if (bad !== undefined) {
      addIssue(
        ctx,
        `${capitalise(describeChar(bad))} is not allowed in a PUK; it has only letters and digits (spaces and dashes are fine).`,
      );
      return;
    }
    if (!PUK_RULE.allowed.test(compact) || compact.length < PUK_RULE.minLength || compact.length > PUK_RULE.maxLength) {
      addIssue(
        ctx,
        `That PUK has ${compact.length} letters and digits; a PUK has ${PUK_RULE.minLength} to ${PUK_RULE.maxLength}. Copy it again from Bosch's answer.`,
      );
    }
  })
  .transform((raw) => raw.trim());

// --- entry points ---------------------------------------------------------------------

function run(schema: z.ZodType<string, string>, input: unknown): FieldResult {
  if (typeof input !== 'string') return { ok: false, error: 'Please type the value as text.' };
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: result.error.issues[0]?.message ?? 'That value is not valid.' };
}

export function parseChallenge(input: string): FieldResult {
  return run(challengeCodeSchema, input);
}

export function parseModel(input: string): FieldResult {
  return run(modelNumberSchema, input);
}

export function parseMac(input: string): FieldResult {
  const result = run(macAddressSchema, input);
  if (!result.ok) return result;
  const warning = macWarning(result.value);
  return warning ? { ok: true, value: result.value, warning } : result;
}

export function parseFirmware(input: string): FieldResult {
  return run(firmwareVersionSchema, input);
}

export function parseSerial(input: string): FieldResult {
  return run(serialNumberSchema, input);
}

export function parseBoschTicket(input: string): FieldResult {
  return run(boschTicketSchema, input);
}

export function parsePuk(input: string): FieldResult {
  return run(pukSchema, input);
}

export function parseField(name: FieldName, input: string): FieldResult {
  switch (name) {
    case 'challenge':
      return parseChallenge(input);
    case 'model':
      return parseModel(input);
    case 'mac':
      return parseMac(input);
    case 'firmware':
      return parseFirmware(input);
    case 'serial':
      return parseSerial(input);
    default:
      return { ok: false, error: 'Unknown field.' };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
