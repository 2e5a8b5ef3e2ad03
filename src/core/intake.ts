// Turns a technician's free text (one answer, or several labelled lines pasted at once)
// into field values, the challenge code wherever it appears, and plain-words errors.
// This is the composition; each pass lives in intake/: cleaning (clean.ts), one line's labels,
// age and codes (line.ts), a code over several lines (code-over-lines.ts), values without a
// label (bare.ts), all collected in one Intake (result.ts).
// It reads the six languages at once, whatever language the bot speaks to the writer: each
// facet holds every language's words (labels.ts, ages.ts, clean.ts), accents optional (fold.ts).
// Only the words of the problems it reports are in the writer's language.
import type { FieldName } from './fields.js';
import type { Locale } from './i18n/locale.js';
import { asksOrRefuses, holdsNoDigit, isHold } from './intake/asides.js';
import { answersAsked, classifyBareLines } from './intake/bare.js';
import { MAX_LINES, MAX_LINE_CHARS, MAX_TEXT_CHARS, cleanLine, cleanText, onlyStopwords, preview } from './intake/clean.js';
import { findCodeOverLines } from './intake/code-over-lines.js';
import { findLabels } from './intake/labels.js';
import { type InputLine, readLine } from './intake/line.js';
import { Intake, type IntakeResult } from './intake/result.js';

export type { IntakeResult } from './intake/result.js';
export { splitAge } from './intake/ages.js';
export { MAX_TEXT_CHARS } from './intake/clean.js';
export { CHALLENGE_LABEL } from './intake/labels.js';

/** `locale` words the problems found for the writer; the text is read in all six languages whatever it is. */
export function parseIntake(text: string, expecting: FieldName | undefined, locale: Locale): IntakeResult {
  const intake = new Intake(locale);
  readIntake(intake, text, expecting);
  return intake.finish();
}

/** Reads the text into `intake` without finishing it, so a caller can see every code found (a site paste's row with two). */
export function readIntake(intake: Intake, text: string, expecting: FieldName | undefined): void {
  if (typeof text !== 'string') return;
  if (text.length > MAX_TEXT_CHARS) intake.result.unread = true;

  const cleaned = cleanText(text.slice(0, MAX_TEXT_CHARS));
  // "Moment bitte", "one sec": no value, whatever was asked; its words are never read as one.
  // "Serial: wait" is a labelled value, and answered as one.
  if (isHold(cleaned) && findLabels(cleaned).length === 0) {
    intake.result.aside = 'hold';
    return;
  }
  const rawLines = cleaned.split(/\r\n|\r|\n/);
  if (expecting && expecting !== 'challenge' && answersAsked(intake, rawLines, expecting)) return;
  const lines: InputLine[] = [];
  let pending: FieldName | undefined;
  let codeContext = false;
  let seen = 0;

  for (const raw of rawLines) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    seen += 1;
    if (seen > MAX_LINES) {
      intake.result.unread = true;
      break;
    }
    if (trimmed.length > MAX_LINE_CHARS) {
      // Nobody types a value this long; quoting it back is more useful than scanning it.
      intake.result.unrecognised.push(preview(trimmed));
      pending = undefined;
      codeContext = false;
      continue;
    }
    const line = readLine(intake, cleanLine(trimmed), pending, codeContext);
    pending = line.pendingField;
    codeContext = line.pendingField === 'challenge';
    lines.push(line.line);
    line.line.codeContext ||= line.startsCode;
  }

  findCodeOverLines(intake, lines, expecting === 'challenge');
  classifyBareLines(intake, lines, expecting);

  for (const line of lines) {
    if (!line.contributed && !onlyStopwords(line.text)) intake.result.unrecognised.push(preview(line.text));
  }
  // Nothing but greetings and thanks ("Hi team") is no answer at all; a question or a "no" is.
  if (expecting && expecting !== 'challenge' && nothingFound(intake) && holdsNoDigit(cleaned)) {
    if (!onlyStopwords(cleaned) || asksOrRefuses(cleaned)) intake.result.aside = 'no_value';
  }
}

/** Nothing in the message was a value, a near miss, a code or an age. */
function nothingFound(intake: Intake): boolean {
  const r = intake.result;
  return (
    Object.keys(r.fields).length === 0 &&
    r.errors.length === 0 &&
    intake.foundCodes.length === 0 &&
    r.ageMs === undefined &&
    !intake.hasChallengeErrors
  );
}
