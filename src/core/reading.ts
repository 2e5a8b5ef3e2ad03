// The one place that decides what a person's words mean, the same on every platform: where
// they were written (a request's conversation, the support card's thread, a 1:1 chat, anywhere
// else) and what they say make them a command, words for a request, an agent's reply (a PUK
// candidate or a message), or nothing for the bot. Pure rules; the Desk acts on the answer.

import { parseBoschTicket, parseChallenge, parseMac, parsePuk } from './fields.js';
import { REQUEST_ID_PATTERN } from './ids.js';
import { CHALLENGE_LABEL, MAX_TEXT_CHARS, parseIntake, splitAge } from './intake.js';
import type { ResetRequest } from './request.js';
// The field rules decide here only whether a value is one (SOURCE_LOCALE: their words are never shown).
import { LOCALES, type Locale, SOURCE_LOCALE } from './i18n/locale.js';
import { fold, localeNamed, looksLikeLanguage } from './languages.js';

// --- commands ---------------------------------------------------------------------------

/**
 * What a command asks for. `cancel` without a clear id means "the one I mean" (see the Desk).
 * `language` alone asks which there are; with a language we speak it chooses it (`locale`),
 * with anything else (`unknown`, as typed) it changes nothing.
 */
export type Command =
  | { word: 'help' }
  | { word: 'status' }
  | { word: 'cancel'; id?: string; unclear?: true }
  | { word: 'language'; locale?: Locale; unknown?: string }
  /** "Another camera": the request being filled in becomes a site, or grows by one (issue 15). */
  | { word: 'another' }
  | { word: 'start'; text: string };

type Word = Exclude<Command['word'], 'start' | 'another'>;

/** How people ask to add a camera, in each language (read without case or accents), as a whole message. */
export const ANOTHER_CAMERA: Readonly<Record<Locale, readonly string[]>> = {
  en: ['another camera', 'next camera', 'add camera', 'add a camera', 'one more camera'],
  de: ['weitere kamera', 'noch eine kamera', 'nachste kamera', 'kamera hinzufugen'],
  fr: ['autre camera', 'une autre camera', 'camera suivante', 'ajouter une camera'],
  es: ['otra camara', 'camara siguiente', 'siguiente camara', 'anadir camara', 'agregar camara'],
  it: ['altra telecamera', 'un altra telecamera', 'telecamera successiva', 'aggiungi telecamera'],
  nl: ['nog een camera', 'volgende camera', 'andere camera', 'camera toevoegen'],
};
const ANOTHER = new Set(LOCALES.flatMap((l) => ANOTHER_CAMERA[l].map((p) => fold(p))));
/** Checked on short text only: a phrase is a few words, and a long text is never trimmed here (a run of spaces would make a trim regex quadratic). */
const isAnother = (text: string): boolean => text.length <= 40 && ANOTHER.has(asPhrase(text));

/**
 * A short message as the phrase lists hold theirs: no case or accents, its punctuation and
 * quotes as spaces, no opening ¿¡ or closing marks. Short text only (callers bound it): an
 * anchored run of spaces on a long text would be quadratic.
 */
function asPhrase(text: string): string {
  return fold(text)
    .replace(/[’'`´,;:\-–—"«»„“”‘]/g, ' ')
    .replace(/^[¿¡\s]+/, '')
    .replace(/[.!?\s]+$/, '')
    .replace(/\s+/g, ' ');
}

/**
 * A typed yes or no, in each language, as a whole message (read without case, accents or end
 * marks): the answer to the bot's yes/no question about a code sent alone ("Is this a new
 * challenge code?"), doing what its buttons do. Each language's button words are here too, so
 * typing the button's label works. Bare agreement words that also mean "I see" (ok, d'accord,
 * vale, va bene) are not a yes: a yes replaces the code support is working on.
 */
export const YES_NO: Readonly<Record<Locale, Readonly<Record<'yes' | 'no', readonly string[]>>>> = {
  en: {
    yes: [
      'yes',
      'y',
      'yeah',
      'yep',
      'yup',
      'yes please',
      'yes it is',
      'yes new code',
      'yes a new code',
      'yes its new',
      'a new code',
      'new code',
    ],
    no: [
      'no',
      'n',
      'nope',
      'nah',
      'no thanks',
      'no it isnt',
      'no its not',
      'no keep it',
      'not new',
      'keep the old one',
      'keep the old code',
    ],
  },
  de: {
    yes: [
      'ja',
      'jo',
      'jap',
      'jawohl',
      'genau',
      'ja bitte',
      'ja neuer code',
      'ja ein neuer code',
      'ja ist neu',
      'ein neuer code',
      'neuer code',
    ],
    no: ['nein', 'nee', 'no', 'nein danke', 'nein alter code', 'nein ist nicht neu', 'nicht neu', 'alter code'],
  },
  fr: {
    yes: [
      'oui',
      'ouais',
      'ouaip',
      'oui merci',
      'oui nouveau code',
      'oui un nouveau code',
      'oui c est un nouveau code',
      'un nouveau code',
      'nouveau code',
    ],
    no: ['non', 'nan', 'non merci', 'non ancien code', 'non ce n est pas un nouveau code', 'pas nouveau', 'ancien code'],
  },
  es: {
    yes: [
      'si',
      'si por favor',
      'si nuevo codigo',
      'si un codigo nuevo',
      'si codigo nuevo',
      'si es nuevo',
      'un codigo nuevo',
      'codigo nuevo',
      'nuevo codigo',
    ],
    no: ['no', 'no gracias', 'no es nuevo', 'no codigo antiguo', 'codigo antiguo'],
  },
  it: {
    yes: ['si', 'si grazie', 'si nuovo codice', 'si un nuovo codice', 'si e nuovo', 'un nuovo codice', 'nuovo codice'],
    no: ['no', 'no grazie', 'no non e nuovo', 'non e nuovo', 'vecchio codice'],
  },
  nl: {
    yes: ['ja', 'jawel', 'jazeker', 'ja graag', 'ja nieuwe code', 'ja een nieuwe code', 'ja is nieuw', 'een nieuwe code', 'nieuwe code'],
    no: ['nee', 'neen', 'nee dank je', 'nee oude code', 'nee niet nieuw', 'niet nieuw', 'oude code'],
  },
};
const TYPED_ANSWERS = new Map<string, 'yes' | 'no'>(
  LOCALES.flatMap((l) => (['yes', 'no'] as const).flatMap((a) => YES_NO[l][a].map((p) => [fold(p), a] as const))),
);

/** A whole message that is a yes or a no (`Ja!`, `oui, un nouveau code`, `¡Sí!`, `👍`), or undefined. */
export function yesNo(raw: string): 'yes' | 'no' | undefined {
  // A few words at most: a longer text is words for support, and is never trimmed here.
  if (raw.length > 60) return undefined;
  const text = raw.trim();
  // A thumb in any skin tone.
  if (/^(?:👍|✅)[\u{1F3FB}-\u{1F3FF}]?$/u.test(text)) return 'yes';
  if (/^(?:👎|❌)[\u{1F3FB}-\u{1F3FF}]?$/u.test(text)) return 'no';
  return TYPED_ANSWERS.get(asPhrase(text));
}

/**
 * The command words people type, in each language; the English ones work whatever the
 * language, and every one is read without case or accents (`Sprache`, `SPRACHE`, `sprâche`).
 */
export const COMMAND_WORDS: Readonly<Record<Locale, Readonly<Record<Word, string>>>> = {
  en: { help: 'help', status: 'status', cancel: 'cancel', language: 'language' },
  de: { help: 'hilfe', status: 'status', cancel: 'abbrechen', language: 'sprache' },
  fr: { help: 'aide', status: 'statut', cancel: 'annuler', language: 'langue' },
  es: { help: 'ayuda', status: 'estado', cancel: 'cancelar', language: 'idioma' },
  it: { help: 'aiuto', status: 'stato', cancel: 'annulla', language: 'lingua' },
  nl: { help: 'help', status: 'status', cancel: 'annuleren', language: 'taal' },
};

const WORDS = new Map<string, Word>(
  LOCALES.flatMap((l) => Object.entries(COMMAND_WORDS[l]).map(([word, typed]) => [fold(typed), word as Word] as const)),
);
const wordOf = (typed: string): Word | undefined => WORDS.get(fold(typed));

// "Hilfe bitte", "annuler svp", "por favor cancelar", "status please": a command with the words
// of courtesy around it is still the command. Looked for on short text only (a command is a few
// words; an anchored run of spaces on 100 KB would be quadratic).
const COURTESY = String.raw`(?:please|pls|plz|bitte|svp|stp|s['’]il (?:vous|te) pla[iî]t|por favor|porfa|per favore|perfavore|aub|ajb|alstublieft|alsjeblieft|graag)`;
const COURTESY_BEFORE = new RegExp(String.raw`^${COURTESY}[,!.]? +`, 'i');
const COURTESY_AFTER = new RegExp(String.raw`[, ]+${COURTESY}$`, 'i');

/**
 * The words of a command as typed: a colon after the command word ("Sprache: Deutsch") is a
 * space, and courtesy is dropped around `help` and `status` ("Hilfe bitte"), which only answer.
 * Not around a cancel, which acts at once ("please cancel" stays words for support, as it always
 * was in English), nor `language`, whose next word must name one ("taal alsjeblieft" is words).
 */
function withoutCourtesy(text: string): string {
  if (text.length > 60) return text;
  return text
    .replace(COURTESY_BEFORE, '')
    .replace(COURTESY_AFTER, '')
    .replace(/[.!?]+$/, '');
}

function commandWords(text: string): string {
  if (text.length > 60) return text;
  const colon = (t: string): string => t.replace(/^([^\s:]+) ?: ?/, '$1 ').trim();
  const spaced = colon(text.replace(/\s+/g, ' '));
  const polite = colon(withoutCourtesy(spaced));
  const word = wordOf(polite.split(' ')[0] ?? '');
  return word === 'help' || word === 'status' ? polite : spaced;
}

/** The text without the spaces and sentence marks that end it; a loop, as an anchored regex on a long run of spaces is quadratic. */
function withoutEndMarks(text: string): string {
  let end = text.length;
  while (end > 0 && /[\s.!?:]/.test(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/** The word that starts a request on every platform (`/camreset` in Slack, `camreset` in Teams). */
const START_WORD = 'camreset';
const ID = new RegExp(`^${REQUEST_ID_PATTERN.source.replace(/\\b/g, '')}$`, 'i');

/**
 * The text after the command itself (`/camreset <text>`, `camreset <text>`): `help`, `status`,
 * `cancel [id]`, `language [name]` (or the same in any of the six languages), or anything else,
 * which starts a request with that text (a code, details). `cancel` followed by words that are
 * no request id cancels nothing: it asks which one.
 */
export function commandAfter(raw: string): Command {
  const text = raw.trim();
  if (isAnother(text)) return { word: 'another' };
  const [first = '', ...rest] = commandWords(text).split(/\s+/);
  const args = rest.join(' ').trim();
  switch (wordOf(first)) {
    case 'help':
      return { word: 'help' };
    case 'status':
      return { word: 'status' };
    case 'cancel': {
      if (!args) return { word: 'cancel' };
      const named = REQUEST_ID_PATTERN.exec(args)?.[0];
      return named && ID.test(args.replace(/[.!]$/, '')) ? { word: 'cancel', id: named.toUpperCase() } : { word: 'cancel', unclear: true };
    }
    case 'language': {
      const asked = args.replace(/[\s.!?]+$/, '');
      if (!asked) return { word: 'language' };
      const locale = localeNamed(asked);
      return locale ? { word: 'language', locale } : { word: 'language', unknown: asked };
    }
    default:
      return { word: 'start', text };
  }
}

/**
 * A whole message that is a command, or undefined. `camreset [text]` is one; so are `help`,
 * `status`, `cancel [id]` and `language [language]` alone, in any of the six languages. A command
 * word inside a sentence ("Cancel my last message, the MAC is ...", "lingua del menu: inglese")
 * never is.
 */
export function commandIn(raw: string): Command | undefined {
  // Spanish opens a question or an exclamation (¿estado?); French spaces before one (aide !).
  const trimmed = withoutEndMarks(raw.trim().replace(/^[¿¡]+/, ''));
  if (isAnother(trimmed) || isAnother(withoutCourtesy(trimmed))) return { word: 'another' };
  const start = trimmed.split(/\s/, 1)[0] ?? '';
  if (fold(start) === START_WORD) {
    // What follows the command word is read as typed: its line breaks are a paste's.
    const after = trimmed.slice(start.length).trim();
    return after ? commandAfter(after) : { word: 'start', text: '' };
  }
  const text = commandWords(trimmed);
  const words = text.split(/\s+/);
  const [first = '', arg] = words;
  const word = wordOf(first);
  if (!word || words.length > 2) return undefined;
  if (arg === undefined) return commandAfter(text);
  if (word === 'cancel' && ID.test(arg)) return { word: 'cancel', id: arg.toUpperCase() };
  // `language pt` asks for one we lack (the answer says which exist); `language please` is words.
  if (word === 'language' && looksLikeLanguage(arg)) return commandAfter(text);
  return undefined;
}

// --- where, and what it is there --------------------------------------------------------

/**
 * request: the conversation of a request (its Slack thread, its Teams chat or reply chain).
 * card: the support card's thread. direct: a 1:1 chat with the bot holding no request.
 * elsewhere: anywhere else (channel chatter, a thread the bot does not own).
 */
export type Place = 'request' | 'card' | 'direct' | 'elsewhere';

export interface Said {
  place: Place;
  text: string;
  /** How many files came with it. */
  files: number;
  /** The command itself was used (`/camreset <text>`): the text is the command's argument. */
  explicit?: boolean;
  /** The bot was called by name (a Teams @mention). */
  addressed?: boolean;
}

export type Reading =
  | { kind: 'command'; command: Command }
  /** Words for the request of this conversation (answers, a new code, a relay to support). */
  | { kind: 'request' }
  /** An agent's reply in the support card's thread. */
  | { kind: 'card_reply' }
  /** Someone spoke to the bot with nothing it understands: say how it works. */
  | { kind: 'help' }
  | { kind: 'ignore' };

export function read(said: Said): Reading {
  if (said.explicit) return { kind: 'command', command: commandAfter(said.text) };
  const command = said.place === 'card' ? undefined : commandIn(said.text);
  const forBot = said.place === 'request' || said.place === 'direct' || said.addressed === true;
  if (command && forBot) return { kind: 'command', command };
  const empty = !said.text.trim();
  switch (said.place) {
    case 'request':
      return empty && !said.files ? { kind: 'ignore' } : { kind: 'request' };
    case 'card':
      return empty ? { kind: 'ignore' } : { kind: 'card_reply' };
    case 'direct':
      return { kind: 'help' };
    case 'elsewhere':
      return said.addressed ? { kind: 'help' } : { kind: 'ignore' };
  }
}

// --- the technician's words once the request is with support ---------------------------

export type AfterSubmit =
  /** The code the request already has: nothing changes. */
  | { kind: 'same_code' }
  /** A new challenge code; `confirm` when the technician must say it is one first. */
  | { kind: 'new_code'; code: string; ageMs?: number; confirm: boolean }
  /** Anything else: words (and files) for support. */
  | { kind: 'relay' };

/**
 * After submission only a message that is nothing but a code is a code; a 32-character token
 * inside a sentence ("the page says: error id 3f2a...") is text for support. Once the code has
 * expired the bot has asked for a new one, so a code anywhere in the message is that answer.
 */
export function readAfterSubmit(request: ResetRequest, text: string): AfterSubmit {
  const current = request.challenge?.code;
  if (request.state === 'expired') {
    const intake = parseIntake(text.slice(0, MAX_TEXT_CHARS), undefined, SOURCE_LOCALE);
    const c = intake.challenge;
    if (!c) return { kind: 'relay' };
    if (c.code === current) return { kind: 'same_code' };
    const ageMs = c.ageMs ?? intake.ageMs;
    return ageMs === undefined
      ? { kind: 'new_code', code: c.code, confirm: false }
      : { kind: 'new_code', code: c.code, ageMs, confirm: false };
  }
  const only = onlyCode(text);
  if (!only) return { kind: 'relay' };
  if (only.code === current) return { kind: 'same_code' };
  return only.ageMs === undefined
    ? { kind: 'new_code', code: only.code, confirm: true }
    : { kind: 'new_code', code: only.code, ageMs: only.ageMs, confirm: true };
}

const CODE_LABEL = new RegExp(
  String.raw`^(?:(?:the|a|my|new|fresh|here is the|here's the)\s+){0,2}(?:${CHALLENGE_LABEL})\s*(?:is\s*)?[:=-]?\s*`,
  'i',
);
const AGE_WORDS = /\b(?:generated|created|made|shown|it was|was)\b/gi;

/** The message is a code and nothing else (a label such as "New code:" and an age may go with it). */
export function onlyCode(text: string): { code: string; ageMs?: number } | undefined {
  if (text.length > 2_000) return undefined;
  const { rest, ageMs } = splitAge(text.trim());
  const bare = rest
    .replace(AGE_WORDS, ' ')
    .replace(/[()[\].,;!]/g, ' ')
    .trim()
    .replace(CODE_LABEL, '')
    .trim();
  const parsed = parseChallenge(bare, SOURCE_LOCALE);
  if (!parsed.ok) return undefined;
  return ageMs === undefined ? { code: parsed.value } : { code: parsed.value, ageMs };
}

/** A code (and its age) as a button carries it back: `<code>` or `<code>@<age in ms>`. */
export function codeArg(code: string, ageMs?: number): string {
  return ageMs === undefined ? code : `${code}@${Math.round(ageMs)}`;
}

export function parseCodeArg(arg: string | undefined): { code: string; ageMs?: number } | undefined {
  const [code = '', age, ...more] = (arg ?? '').split('@');
  // Only a code exactly as the bot wrote it (no separators), checked by the one challenge rule.
  const parsed = parseChallenge(code, SOURCE_LOCALE);
  if (more.length || !parsed.ok || parsed.value !== code) return undefined;
  if (age === undefined) return { code };
  return /^\d{1,10}$/.test(age) ? { code, ageMs: Number(age) } : undefined;
}

// --- an agent's words in the support card's thread --------------------------------------

/**
 * PUK-shaped: the whole message is one token of letters and digits (dashes between groups are
 * fine), optionally after "PUK:". Without the label the token must hold a digit, so a word
 * ("Thanks", "willfollowshortly") never is one. The PUK rule itself is fields.ts's.
 */
export function looksLikePuk(text: string): string | undefined {
  if (typeof text !== 'string' || text.length > 200) return undefined;
  const t = text.trim();
  // The label needs a separator: "PUK7X2Q9M4K8" is a PUK that starts with those letters.
  const labelled = /^puk(?:\s*[:=-]\s*|\s+)(\S+)$/i.exec(t)?.[1];
  const candidate = (labelled ?? t).replace(/[.!]$/, '');
  if (!/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(candidate)) return undefined;
  if (!labelled && !/\d/.test(candidate)) return undefined;
  const parsed = parsePuk(candidate, SOURCE_LOCALE);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * A PUK candidate for this request: PUK-shaped, and none of the request's own values an agent
 * may well paste into the thread — a Bosch ticket number, the device's serial, MAC or model, the
 * challenge code itself.
 */
export function pukCandidate(text: string, request: ResetRequest): string | undefined {
  const puk = looksLikePuk(text);
  if (!puk) return undefined;
  const compact = puk.replace(/[\s-]/g, '').toUpperCase();
  if (parseBoschTicket(puk, SOURCE_LOCALE).ok || parseBoschTicket(`#${puk}`, SOURCE_LOCALE).ok) return undefined;
  const d = request.device;
  const own = [d.serial, d.model, request.challenge?.code, request.boschTicket?.replace(/^#/, '')]
    .filter((v): v is string => !!v)
    .map((v) => v.replace(/[\s-]/g, '').toUpperCase());
  if (own.includes(compact)) return undefined;
  const mac = parseMac(puk, SOURCE_LOCALE);
  if (mac.ok && (mac.value === d.mac || !mac.warning)) return undefined;
  return puk;
}
