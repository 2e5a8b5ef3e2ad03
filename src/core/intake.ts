// Turns a technician's free text (one answer, or several labelled lines pasted at once)
// into field values, the challenge code wherever it appears, and plain-words errors.
// Its facets live in intake/: cleaning, labels, value shapes, ages, finding the code.
import { parseField, type DeviceField, type FieldName, type FieldResult, parseChallenge } from './fields.js';
import { AGE_PATTERN, ageAmount, ageUnitMs } from './intake/ages.js';
import { MAX_LINES, MAX_LINE_CHARS, MAX_TEXT_CHARS, cleanLine, cleanText, onlyStopwords, preview, sentenceLike, trimValue } from './intake/clean.js';
import { CODE_LENGTH, type Group, makeGroup, nearMiss, prefixUpTo, runsOf, searchLabelledCode, searchRun, sum } from './intake/code.js';
import { findLabels, valueToken } from './intake/labels.js';
import { BARE_MAC, NEAR_MAC, shapeOf, fitsInlineLabel, valueTokens } from './intake/shapes.js';

export { splitAge } from './intake/ages.js';

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
