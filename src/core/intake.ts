// Turns a technician's free text (one answer, or several labelled lines pasted at once)
// into field values, the challenge code wherever it appears, and plain-words errors.
import { parseChallenge, parseField, type DeviceField, type FieldName, type FieldResult } from './fields.js';

export interface IntakeResult {
  /** Accepted, normalised values. */
  fields: Partial<Record<DeviceField, string>>;
  /** A 32-character code found anywhere in the message. */
  challenge?: { code: string; ageMs?: number };
  /** "generated 10 minutes ago", also when the message holds no code. */
  ageMs?: number;
  /** A value clearly meant for a field that breaks its rule. */
  errors: Array<{ field: FieldName; input: string; message: string }>;
  warnings: Array<{ field: FieldName; message: string }>;
  /** Lines we could not place (trimmed, non-empty). */
  unrecognised: string[];
}

// A real message is a dozen short lines; these caps bound the work for anything pasted by mistake.
const MAX_TEXT_CHARS = 20_000;
const MAX_LINES = 200;
const MAX_LINE_CHARS = 500;
const PREVIEW_CHARS = 80;

const CODE_LENGTH = 32;
const ATTEMPT_MIN = 28;
const ATTEMPT_MAX = 36;

// --- labels ---------------------------------------------------------------------------

// Spellings seen on labels, in e-mails and in chat; whitespace is collapsed before matching.
const LABEL_SOURCES: ReadonlyArray<readonly [FieldName, string]> = [
  ['challenge', String.raw`challenge(?:[ -]?code)?`],
  ['model', String.raw`model(?:[ .-]{0,2}(?:number|no\.?|nr\.?|#))?`],
  ['model', String.raw`part[ .-]{0,2}(?:number|no\.?|nr\.?|#)`],
  ['model', String.raw`product(?:[ -]?(?:number|no\.?|code))?`],
  ['model', 'type'],
  ['model', 'ctn'],
  ['mac', String.raw`mac(?:[ -]?(?:address|addr\.?))?`],
  ['mac', String.raw`hw[ -]?(?:address|addr\.?)`],
  ['mac', String.raw`ethernet(?:[ -]?(?:address|addr\.?))?`],
  ['firmware', String.raw`firmware(?:[ -]?version)?`],
  ['firmware', String.raw`f\/w(?:[ -]?version)?`],
  ['firmware', String.raw`fw(?:[ -]?version)?`],
  ['firmware', String.raw`software(?:[ -]?version)?`],
  ['firmware', String.raw`sw(?:[ -]?version)?`],
  ['firmware', 'version'],
  ['serial', String.raw`s\/n`],
  ['serial', String.raw`serial(?:[ .-]{0,2}(?:number|no\.?|nr\.?|#))?`],
  ['serial', String.raw`ser\.? ?no\.?`],
  ['serial', 'sn'],
  ['challenge', 'code'],
];

const LABEL_PATTERN = new RegExp(
  String.raw`(?<![A-Za-z0-9/])(?:${LABEL_SOURCES.map(([, source]) => `(${source})`).join('|')})(?![A-Za-z0-9])`,
  'gi',
);

// What people put between a label and its value: "MAC: ", "SN# ", "FW = ", "MAC address is ".
const FILLER = /^ ?(?:[:=#-]{1,3} ?)?(?:(?:is|was|are)(?![A-Za-z0-9]) ?(?:[:=] ?)?)?/i;

// Words around a code in chat. They split runs of groups so "the code ABCD ..." never
// lends "code" to the challenge; the list errs on common words, never on code-like ones.
const STOPWORDS = new Set(
  (
    'a an and are as at be below but by can cam camera challenge code could device do for from ' +
    'generated got had has have hello help here hi hey i if in is it its just me mac my need new no ' +
    'not now number of ok okay on or our please pls plz puk reset said says see serial sn so sorry ' +
    'that the thank thanks thx this to type us version was we will with you your fw firmware model ' +
    'address serial label sticker ago old minutes minute mins min hours hour seconds secs created ' +
    'made issued team support request password site asap urgent cheers regards best morning ' +
    'afternoon evening dear all again same above following page shows showed screen'
  ).split(' '),
);

// --- shapes ---------------------------------------------------------------------------

const MAC_SHAPES = [
  /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i,
  /^[0-9a-f]{2}(?: [0-9a-f]{2}){5}$/i,
  /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i,
];
const BARE_MAC = /^[0-9a-f]{12}$/i;
// Bosch OUIs written without separators; all-digit ones would otherwise look like serials.
const BOSCH_OUI_PREFIXES = ['00075f', '000463', '000131', '001c44'];
const NEAR_MAC = /^[0-9a-f]{1,2}(?:[:-][0-9a-z]{1,3}){3,7}$/i;
const FIRMWARE_SHAPES = [/^v?\d{1,4}\.\d{1,4}(?:\.\d{1,6})?$/i, /^v?\d{1,4}\.\d{1,4} ?(?:b|build) ?\d{1,6}$/i];
/** The build written after the version as a word of its own: "B128", "build 26", "B 26". */
const BUILD_SUFFIX = /^ (?:b|build) ?\d{1,6}(?![A-Za-z0-9])/i;
const MODEL_SHAPE = /^[a-z]{2,6}-[a-z0-9]{2,10}(?:-[a-z0-9]{1,10}){0,3}$/i;
const ORDER_CODE_SHAPE = /^[a-z]\.\d{2}[a-z]\.\d{3}\.\d{3}(?:-\d{1,3})?$/i;
const SERIAL_SHAPE = /^\d{6,32}$/;

function shapeOf(text: string): DeviceField | undefined {
  if (MAC_SHAPES.some((re) => re.test(text))) return 'mac';
  if (BARE_MAC.test(text) && (/[a-f]/i.test(text) || BOSCH_OUI_PREFIXES.includes(text.slice(0, 6).toLowerCase()))) {
    return 'mac';
  }
  if (FIRMWARE_SHAPES.some((re) => re.test(text))) return 'firmware';
  if ((MODEL_SHAPE.test(text) && /\d/.test(text)) || ORDER_CODE_SHAPE.test(text)) return 'model';
  if (SERIAL_SHAPE.test(text)) return 'serial';
  return undefined;
}

/** Shapes strong enough to trust a label found in the middle of a sentence. */
function fitsInlineLabel(field: FieldName, token: string): boolean {
  if (field === 'challenge') return false;
  if (field === 'serial') return /^(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{6,32}$/.test(token);
  return shapeOf(token) === field;
}

// --- text clean-up --------------------------------------------------------------------

function cleanText(text: string): string {
  return (
    text
      // Copying from web pages and PDFs brings invisible and typographic characters.
      .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
      .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t\f\v]/g, ' ')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g, ' ')
      // Chat formatting (`code`, *bold*, _italic_, ~strike~) is never part of a value.
      .replace(/[`*_~]/g, '')
  );
}

function cleanLine(line: string): string {
  return line
    .replace(/ {2,}/g, ' ')
    .trim()
    .replace(/^(?:[-•·>]|\d{1,2}[.)])+ /, '')
    .trim();
}

const OPENERS = new Set(['"', "'", '(', '[']);
const CLOSERS = new Set(['"', "'", ')', ']', ',', ';', '.', '!', '?']);

/** Strips quotes, brackets and sentence punctuation around a value (a loop, as an anchored `+$` regex is quadratic). */
function trimValue(value: string): string {
  const text = value.trim();
  let start = 0;
  let end = text.length;
  while (start < end && OPENERS.has(text[start]!)) start += 1;
  while (end > start && CLOSERS.has(text[end - 1]!)) end -= 1;
  return text.slice(start, end).trim();
}

function preview(line: string): string {
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS)}…` : line;
}

function onlyStopwords(text: string): boolean {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  return words.every((w) => STOPWORDS.has(w.toLowerCase()));
}

function sentenceLike(text: string): boolean {
  const words = text.split(' ').filter((w) => w.length > 0);
  return words.length > 4 || words.some((w) => STOPWORDS.has(w.toLowerCase().replace(/[^a-z0-9]/g, '')));
}

// --- age of the code ------------------------------------------------------------------

const AGE_PATTERN =
  /(?<![A-Za-z0-9])(\d{1,4}|an?|one|half an?) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h) (?:ago|old)(?![A-Za-z0-9])/gi;

function ageUnitMs(unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith('h')) return 3_600_000;
  if (u.startsWith('m')) return 60_000;
  return 1_000;
}

function ageAmount(amount: string): number {
  const a = amount.toLowerCase();
  if (a.startsWith('half')) return 0.5;
  if (a === 'a' || a === 'an' || a === 'one') return 1;
  return Number.parseInt(a, 10);
}

/** The text without its age phrase ("generated 10 minutes ago"), and the age it gave. */
export function splitAge(text: string): { rest: string; ageMs?: number } {
  let ageMs: number | undefined;
  const rest = text.slice(0, MAX_TEXT_CHARS).replace(AGE_PATTERN, (_all, amount: string, unit: string) => {
    ageMs = Math.round(ageAmount(amount) * ageUnitMs(unit));
    return ' ';
  });
  return ageMs === undefined ? { rest } : { rest, ageMs };
}

// --- runs of groups (challenge search) ------------------------------------------------

type LetterCase = 'upper' | 'lower' | 'mixed' | 'none';

interface Group {
  text: string;
  /** As typed, for quoting back in an error. */
  shown: string;
  len: number;
  digit: boolean;
  letter: boolean;
  letterCase: LetterCase;
}

function makeGroup(text: string, shown = text): Group {
  const upper = /[A-Z]/.test(text);
  const lower = /[a-z]/.test(text);
  return {
    text,
    shown,
    len: text.length,
    digit: /\d/.test(text),
    letter: upper || lower,
    letterCase: upper && lower ? 'mixed' : upper ? 'upper' : lower ? 'lower' : 'none',
  };
}

function caseOf(groups: Group[]): LetterCase {
  let result: LetterCase = 'none';
  for (const g of groups) {
    if (g.letterCase === 'none') continue;
    if (result === 'none') result = g.letterCase;
    else if (result !== g.letterCase) return 'mixed';
  }
  return result;
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Runs of letter/digit groups joined only by spaces or dashes. Any other character, and
 * any common chat word, ends a run — so punctuation and words never join a code.
 */
function runsOf(text: string): Group[][] {
  const runs: Group[][] = [];
  let run: Group[] = [];
  let start = -1;
  const endRun = (): void => {
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (let i = 0; i <= text.length; i += 1) {
    const code = i < text.length ? text.charCodeAt(i) : 0;
    if (i < text.length && isAlnum(code)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      const word = text.slice(start, i);
      start = -1;
      if (STOPWORDS.has(word.toLowerCase())) endRun();
      else run.push(makeGroup(word));
    }
    if (i < text.length && code !== 32 && code !== 45) endRun();
  }
  endRun();
  return runs;
}

/** Group length when all groups are equal (the last may be shorter), as codes are shown. */
function uniformLength(groups: Group[]): number | undefined {
  const first = groups[0];
  if (!first) return undefined;
  for (let i = 1; i < groups.length; i += 1) {
    const g = groups[i]!;
    const last = i === groups.length - 1;
    if (last ? g.len > first.len : g.len !== first.len) return undefined;
  }
  return first.len;
}

/** A MAC or a long serial inside a run is a device value, never a slice of a code. */
function deviceLike(g: Group): boolean {
  return (BARE_MAC.test(g.text) && g.digit) || /^\d{10,}$/.test(g.text);
}

function sum(groups: Group[]): number {
  let total = 0;
  for (const g of groups) total += g.len;
  return total;
}

type RunOutcome =
  | { kind: 'code'; code: string; from: number; to: number }
  | { kind: 'error'; input: string; message: string; from: number; to: number };

/** Is the window [i, j] of the run a whole code, rather than part of a longer or shorter one? */
function acceptWindow(run: Group[], i: number, j: number): boolean {
  const window = run.slice(i, j + 1);
  if (window.length === 1) return true;
  if (window.some(deviceLike)) return false;
  if (i === 0 && j === run.length - 1) return true;
  const groupLength = uniformLength(window);
  if (groupLength === undefined) return false;
  const letterCase = caseOf(window);
  // A neighbour of the same group length and letter case is more of the code ("... 3456 7890"
  // is 36 characters, not a code plus a word); "cam3" next to "ABCD ..." is a word.
  const looksLikeMore = (g: Group | undefined, after: boolean): boolean =>
    g !== undefined &&
    (g.len === groupLength || (after && g.len < groupLength)) &&
    (g.letterCase === 'none' || letterCase === 'none' || g.letterCase === letterCase);
  return !looksLikeMore(run[i - 1], false) && !looksLikeMore(run[j + 1], true);
}

/**
 * Finds a 32-character code in a run (two pointers: group lengths are positive, so at most
 * one window ends at each group) or, failing that, a near miss worth a specific error.
 */
function searchRun(run: Group[], labelled: boolean): RunOutcome | undefined {
  let found: RunOutcome | undefined;
  let i = 0;
  let total = 0;
  for (let j = 0; j < run.length; j += 1) {
    total += run[j]!.len;
    while (total > CODE_LENGTH && i < j) {
      total -= run[i]!.len;
      i += 1;
    }
    if (total === CODE_LENGTH && acceptWindow(run, i, j)) {
      found = { kind: 'code', code: run.slice(i, j + 1).map((g) => g.text).join(''), from: i, to: j };
    }
  }
  if (found) return found;
  return nearMiss(run, labelled);
}

function nearMiss(run: Group[], labelled: boolean): RunOutcome | undefined {
  let from = 0;
  let to = run.length - 1;
  // Lower-case words around an upper-case code are chat, not missing characters.
  if (run.some((g) => g.letterCase === 'upper' || g.letterCase === 'mixed')) {
    const word = (g: Group): boolean => g.letterCase === 'lower' && !g.digit;
    while (from <= to && word(run[from]!)) from += 1;
    while (to >= from && word(run[to]!)) to -= 1;
  }
  const core = run.slice(from, to + 1);
  if (core.length === 0) return undefined;
  const total = sum(core);
  const input = core.map((g) => g.shown).join(' ');
  if (labelled) {
    const result = parseChallenge(input);
    return result.ok ? undefined : { kind: 'error', input, message: result.error, from, to };
  }
  if (total < ATTEMPT_MIN || total > ATTEMPT_MAX || total === CODE_LENGTH) return undefined;
  if (!core.some((g) => g.digit) || !core.some((g) => g.letter) || core.some(deviceLike)) return undefined;
  if (core.length !== 1 && (core.length < 3 || uniformLength(core) === undefined)) return undefined;
  const result = parseChallenge(input);
  return result.ok ? undefined : { kind: 'error', input, message: result.error, from, to };
}

// --- the parse ------------------------------------------------------------------------

interface Line {
  text: string;
  /** Text not taken by a label, with runs broken where labelled values were cut out. */
  free: string;
  labelled: boolean;
  contributed: boolean;
  /** The whole line is one run of groups, so it may be one line of a code split over lines. */
  joinable?: Group;
  /** Starts a code after "Code:" on the line(s) before. */
  codeContext: boolean;
}

interface LabelHit {
  field: FieldName;
  start: number;
  valueStart: number;
  leading: boolean;
  token?: string;
}

class Intake {
  readonly result: IntakeResult = { fields: {}, errors: [], warnings: [], unrecognised: [] };
  private codes: string[] = [];
  private challengeErrors: Array<{ input: string; message: string }> = [];

  record(field: FieldName, input: string, parsed: FieldResult): boolean {
    if (!parsed.ok) {
      if (field === 'challenge') this.challengeError(input, parsed.error);
      else this.result.errors.push({ field, input, message: parsed.error });
      return false;
    }
    if (field === 'challenge') {
      this.codes.push(parsed.value);
      return true;
    }
    this.result.fields[field] = parsed.value;
    if (parsed.warning) this.result.warnings.push({ field, message: parsed.warning });
    return true;
  }

  code(code: string): void {
    this.codes.push(code);
  }

  challengeError(input: string, message: string): void {
    if (!this.challengeErrors.some((e) => e.input === input)) this.challengeErrors.push({ input, message });
  }

  finish(): IntakeResult {
    const code = this.codes[this.codes.length - 1];
    const { ageMs } = this.result;
    if (code !== undefined) {
      this.result.challenge = ageMs === undefined ? { code } : { code, ageMs };
    } else {
      this.result.errors.unshift(...this.challengeErrors.map((e) => ({ field: 'challenge' as const, ...e })));
    }
    return this.result;
  }
}

function valueToken(field: FieldName, text: string): string {
  const first = /^\S+/.exec(text)?.[0] ?? '';
  const build = field === 'firmware' ? BUILD_SUFFIX.exec(text.slice(first.length))?.[0] ?? '' : '';
  return trimValue(first + build);
}

function findLabels(line: string): LabelHit[] {
  const hits: LabelHit[] = [];
  for (const m of line.matchAll(LABEL_PATTERN)) {
    const start = m.index;
    const groupIndex = m.slice(1).findIndex((g) => g !== undefined);
    const field = LABEL_SOURCES[groupIndex]?.[0];
    if (field === undefined) continue;
    const afterLabel = start + m[0].length;
    const filler = FILLER.exec(line.slice(afterLabel, afterLabel + 16))?.[0] ?? '';
    const valueStart = afterLabel + filler.length;
    const leading = start === 0 || /[,;] ?$/.test(line.slice(Math.max(0, start - 2), start));
    if (leading) {
      hits.push({ field, start, valueStart, leading });
      continue;
    }
    const token = valueToken(field, line.slice(valueStart, valueStart + 64));
    if (fitsInlineLabel(field, token) && parseField(field, token).ok) {
      hits.push({ field, start, valueStart, leading, token });
    }
  }
  return hits;
}

export function parseIntake(text: string, expecting?: FieldName): IntakeResult {
  const intake = new Intake();
  if (typeof text !== 'string') return intake.finish();

  const rawLines = cleanText(text.slice(0, MAX_TEXT_CHARS)).split(/\r\n|\r|\n/);
  if (expecting && expecting !== 'challenge' && answersAsked(intake, rawLines, expecting)) return intake.finish();
  const lines: Line[] = [];
  let pending: FieldName | undefined;
  let codeContext = false;
  let seen = 0;
  let lastOverlong = false;

  for (const raw of rawLines) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    seen += 1;
    if (seen > MAX_LINES) {
      intake.result.unrecognised.push(`${preview(trimmed)} (and the rest of the message, not read: it is too long)`);
      break;
    }
    if (trimmed.length > MAX_LINE_CHARS) {
      // Nobody types a value this long; quoting it back is more useful than scanning it.
      intake.result.unrecognised.push(preview(trimmed));
      lastOverlong = true;
      pending = undefined;
      codeContext = false;
      continue;
    }
    lastOverlong = false;
    const line = readLine(intake, cleanLine(trimmed), pending, codeContext);
    pending = line.pendingField;
    codeContext = line.pendingField === 'challenge';
    lines.push(line.line);
    line.line.codeContext ||= line.startsCode;
  }
  if (text.length > MAX_TEXT_CHARS && seen <= MAX_LINES && !lastOverlong) {
    intake.result.unrecognised.push('(the rest of the message was not read: it is too long)');
  }

  findCodeOverLines(intake, lines, expecting === 'challenge');
  classifyBareLines(intake, lines, expecting);

  for (const line of lines) {
    if (!line.contributed && !onlyStopwords(line.text)) intake.result.unrecognised.push(preview(line.text));
  }
  return intake.finish();
}

/**
 * The answer is read first as the field the bot just asked for: asked for the serial, one value
 * of 32 letters and digits that fits the serial rule is the serial, not a new challenge code.
 */
function answersAsked(intake: Intake, rawLines: string[], expecting: DeviceField): boolean {
  const lines = rawLines.map((l) => cleanLine(l)).filter((l) => l !== '');
  if (lines.length !== 1) return false;
  const value = trimValue(lines[0]!);
  if (/\s/.test(value) || !parseChallenge(value).ok) return false;
  const parsed = parseField(expecting, value);
  if (!parsed.ok) return false;
  intake.record(expecting, value, parsed);
  return true;
}

interface ReadLine {
  line: Line;
  pendingField: FieldName | undefined;
  startsCode: boolean;
}

/** Labels, age and in-line codes of one line; what is left is classified once all lines are read. */
function readLine(intake: Intake, text: string, pendingBefore: FieldName | undefined, codeBefore: boolean): ReadLine {
  const line: Line = { text, free: '', labelled: false, contributed: false, codeContext: false };
  let pendingField: FieldName | undefined;
  let startsCode = codeBefore;

  // The age phrase is cut out first so its number never joins a run of code groups.
  let work = text;
  if (/ago|old/i.test(text)) {
    work = text.replace(AGE_PATTERN, (_all, amount: string, unit: string) => {
      intake.result.ageMs = Math.round(ageAmount(amount) * ageUnitMs(unit));
      line.contributed = true;
      return ' ; ';
    });
  }

  const hits = findLabels(work);
  line.labelled = hits.length > 0;
  const free: string[] = [work.slice(0, hits[0]?.start ?? work.length)];

  hits.forEach((hit, index) => {
    const end = hits[index + 1]?.start ?? work.length;
    const span = work.slice(hit.valueStart, end);
    if (!hit.leading) {
      intake.record(hit.field, hit.token ?? '', parseField(hit.field, hit.token ?? ''));
      line.contributed = true;
      free.push(span.slice(span.indexOf(hit.token ?? '') + (hit.token?.length ?? 0)));
      return;
    }
    const value = trimValue(span);
    if (value === '' || onlyStopwords(value)) {
      // "MAC:" alone: the value follows on the next line.
      if (index === hits.length - 1) pendingField = hit.field;
      line.contributed = true;
      return;
    }
    line.contributed = true;
    if (hit.field === 'challenge') {
      const outcome = searchLabelledCode(value);
      if (outcome?.kind === 'code') {
        intake.code(outcome.code);
        valuesBesideCode(intake, value, outcome.code);
      }
      else if (outcome && /^[A-Za-z0-9 -]+$/.test(value)) {
        // Possibly the first part of a code continued on the next lines.
        line.joinable = makeGroup(value.replace(/[ -]/g, ''), value);
        startsCode = true;
      } else if (outcome) intake.challengeError(outcome.input, outcome.message);
      return;
    }
    free.push(takeLabelledValue(intake, hit.field, value));
  });

  line.free = free.join(' ; ');
  if (!line.labelled) {
    // In-line codes: "here is the code ABCD EFGH ... thanks".
    for (const run of runsOf(line.free)) {
      const outcome = searchRun(run, false);
      if (outcome?.kind === 'code') {
        intake.code(outcome.code);
        valuesBesideCode(intake, line.free, outcome.code);
        line.contributed = true;
      } else if (outcome?.kind === 'error') {
        intake.challengeError(outcome.input, outcome.message);
        line.contributed = true;
      }
    }
    if (!line.contributed) {
      const bare = trimValue(line.free);
      const runs = runsOf(bare);
      const only = runs[0];
      if (runs.length === 1 && only && /^[A-Za-z0-9 -]+$/.test(bare) && !shapeOf(bare) && sum(only) < CODE_LENGTH) {
        line.joinable = makeGroup(only.map((g) => g.text).join(''), bare);
      }
    }
    if (pendingBefore && pendingBefore !== 'challenge' && !line.contributed) {
      const bare = trimValue(line.free);
      if (bare !== '') {
        intake.record(pendingBefore, bare, parseField(pendingBefore, bare));
        line.contributed = true;
      }
    }
  } else {
    for (const run of runsOf(line.free)) {
      const outcome = searchRun(run, false);
      if (outcome?.kind === 'code') intake.code(outcome.code);
      else if (outcome?.kind === 'error') intake.challengeError(outcome.input, outcome.message);
    }
    startsCode = startsCode && line.joinable !== undefined;
  }
  if (!line.joinable) startsCode = false;
  return { line, pendingField, startsCode };
}

/**
 * "<code> 00:07:5F:12:34:56": values of a strong shape on the code's line are read too. Only
 * shapes no slice of a code can have (a MAC with separators, a firmware version, a model number,
 * a serial of 10 digits or more), and nothing the code itself is made of.
 */
function valuesBesideCode(intake: Intake, text: string, code: string): void {
  for (const token of valueTokens(text.replace(/ ; /g, ' '))) {
    const shape = shapeOf(token);
    if (!shape || code.includes(token.replace(/[\s-]/g, ''))) continue;
    if (shape === 'serial' && token.length < 10) continue;
    if (intake.result.fields[shape] === undefined) intake.record(shape, token, parseField(shape, token));
  }
}

function searchLabelledCode(value: string): RunOutcome | undefined {
  const direct = parseChallenge(value);
  if (direct.ok) return { kind: 'code', code: direct.value, from: 0, to: 0 };
  for (const run of runsOf(value)) {
    const outcome = searchRun(run, false);
    if (outcome?.kind === 'code') return outcome;
  }
  return { kind: 'error', input: value, message: direct.error, from: 0, to: 0 };
}

/** Applies a labelled value; returns any trailing text (e.g. a remark or a code) for further reading. */
function takeLabelledValue(intake: Intake, field: DeviceField, value: string): string {
  const token = valueToken(field, value);
  const hasMore = token !== '' && token.length < value.length;
  const rest = (): string => value.slice(value.indexOf(token) + token.length);
  // "Model: NDE-5503-AL outdoor" is the model number plus a remark.
  if (field === 'model' && hasMore && shapeOf(token) === 'model') {
    intake.record(field, token, parseField(field, token));
    return rest();
  }
  const whole = parseField(field, value);
  if (whole.ok || !hasMore) {
    intake.record(field, value, whole);
    return '';
  }
  // Model numbers may hold spaces, so only the other fields may stop at the first word.
  const first = parseField(field, token);
  if (first.ok && field !== 'model') {
    intake.record(field, token, first);
    return rest();
  }
  // "Type of camera: NDE-5503-AL": a well-shaped value later in the text.
  const shaped = value
    .split(' ')
    .map(trimValue)
    .find((word) => fitsInlineLabel(field, word) && parseField(field, word).ok);
  if (shaped !== undefined) {
    intake.record(field, shaped, parseField(field, shaped));
    return '';
  }
  if (field === 'model') intake.record(field, value, whole);
  else intake.record(field, token, first);
  return '';
}

/** A code split over several lines ("4 lines of 8"), possibly after "Code:". */
function findCodeOverLines(intake: Intake, lines: Line[], askedForCode: boolean): void {
  let block: Line[] = [];
  const flush = (): void => {
    const labelled = block[0]?.codeContext === true || (askedForCode && block.length > 0);
    if (block.length >= 2 || labelled) {
      const groups = block.map((l) => l.joinable!);
      const outcome = searchRun(groups, false) ?? (labelled ? nearMiss(groups.slice(0, prefixUpTo(groups)), true) : undefined);
      if (outcome?.kind === 'code') intake.code(outcome.code);
      else if (outcome?.kind === 'error' && (labelled || block.length >= 2)) intake.challengeError(outcome.input, outcome.message);
      if (outcome) for (let k = outcome.from; k <= outcome.to; k += 1) block[k]!.contributed = true;
    }
    block = [];
  };
  for (const line of lines) {
    const joinable = line.joinable !== undefined && (!line.contributed || line.codeContext);
    if (!joinable || line.codeContext) flush();
    if (joinable) block.push(line);
  }
  flush();
}

/** The leading groups a labelled attempt plausibly spans, so unrelated lines after it are not counted. */
function prefixUpTo(groups: Group[]): number {
  let total = 0;
  let k = 0;
  while (k < groups.length && total + groups[k]!.len <= ATTEMPT_MAX) {
    total += groups[k]!.len;
    k += 1;
  }
  return Math.max(k, 1);
}

function classifyBareLines(intake: Intake, lines: Line[], expecting: FieldName | undefined): void {
  for (const line of lines) {
    if (line.contributed || line.labelled) continue;
    const bare = trimValue(line.free);
    if (bare === '' || onlyStopwords(bare)) continue;
    const shape = shapeOf(bare);
    if (expecting && !sentenceLike(bare)) {
      // A strong shape of another field wins: a MAC typed when asked for the model is still a MAC.
      const field = shape && shape !== expecting && !ambiguousSerial(expecting, shape, bare) ? shape : expecting;
      intake.record(field, bare, parseField(field, bare));
      line.contributed = true;
      continue;
    }
    if (shape) {
      intake.record(shape, bare, parseField(shape, bare));
      line.contributed = true;
      continue;
    }
    if (classifyTokens(intake, bare)) {
      line.contributed = true;
      continue;
    }
    if (NEAR_MAC.test(bare)) {
      intake.record('mac', bare, parseField('mac', bare));
      line.contributed = true;
    }
  }
}

/** Twelve bare digits/hex letters answer "serial number?" as a serial, not as a MAC. */
function ambiguousSerial(expecting: FieldName, shape: DeviceField, bare: string): boolean {
  return expecting === 'serial' && shape === 'mac' && BARE_MAC.test(bare);
}

/** "NDE-5503-AL 00:07:5F:12:34:56 7.80 B128": several values on one line, each by its shape. */
function classifyTokens(intake: Intake, bare: string): boolean {
  const tokens = valueTokens(bare);
  if (tokens.length < 2) return false;
  const shapes = tokens.map(shapeOf);
  if (shapes.some((s) => s === undefined)) return false;
  tokens.forEach((token, k) => intake.record(shapes[k]!, token, parseField(shapes[k]!, token)));
  return true;
}

/** The words of a line as values: a firmware's build written after it ("7.80 B128", "6.51 build 26") stays with it. */
function valueTokens(bare: string): string[] {
  const tokens: string[] = [];
  const words = bare.split(' ').filter((w) => w !== '');
  for (let k = 0; k < words.length; k += 1) {
    const word = words[k]!;
    const previous = tokens[tokens.length - 1];
    const afterFirmware = previous !== undefined && shapeOf(previous) === 'firmware' && !/\.\d+\./.test(previous);
    if (afterFirmware && /^b\d{1,6}$/i.test(word)) {
      tokens[tokens.length - 1] = `${previous} ${trimValue(word)}`;
    } else if (afterFirmware && /^(?:b|build)$/i.test(word) && /^\d{1,6}[,;.]?$/.test(words[k + 1] ?? '')) {
      tokens[tokens.length - 1] = `${previous} ${word} ${trimValue(words[k + 1]!)}`;
      k += 1;
    } else {
      tokens.push(trimValue(word));
    }
  }
  return tokens;
}
