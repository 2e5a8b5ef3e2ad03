// Reading one line: the age phrase, the labelled values ("MAC: ..."), and codes written on the
// line itself. What no label took stays on the InputLine for the later passes (codes over several
// lines, bare values).
import { CHALLENGE_LENGTH, type DeviceField, type FieldName, parseField } from '../fields.js';
import { cutAges } from './ages.js';
import { onlyStopwords, trimValue } from './clean.js';
import { type Group, makeGroup, runsOf, searchLabelledCode, searchRun, sum } from './code.js';
import { findLabels, valueToken } from './labels.js';
import type { Intake } from './result.js';
import { fitsInlineLabel, shapeOf, valueTokens } from './shapes.js';

export interface InputLine {
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

export interface ReadLine {
  line: InputLine;
  pendingField: FieldName | undefined;
  startsCode: boolean;
}

/** Labels, age and in-line codes of one line; what is left is classified once all lines are read. */
export function readLine(intake: Intake, text: string, pendingBefore: FieldName | undefined, codeBefore: boolean): ReadLine {
  const line: InputLine = { text, free: '', labelled: false, contributed: false, codeContext: false };
  let pendingField: FieldName | undefined;
  let startsCode = codeBefore;

  // The age phrase is cut out first so its number never joins a run of code groups.
  const age = cutAges(text, ' ; ');
  const work = age.rest;
  if (age.ageMs !== undefined) intake.result.ageMs = age.ageMs;
  if (age.said) line.contributed = true;

  const hits = findLabels(work);
  line.labelled = hits.length > 0;
  const free: string[] = [work.slice(0, hits[0]?.start ?? work.length)];

  hits.forEach((hit, index) => {
    const end = hits[index + 1]?.start ?? work.length;
    const span = work.slice(hit.valueStart, end);
    if (!hit.leading) {
      intake.record(hit.field, hit.token ?? '', parseField(hit.field, hit.token ?? '', intake.locale));
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
      const outcome = searchLabelledCode(value, intake.locale);
      if (outcome?.kind === 'code') {
        intake.code(outcome.code);
        valuesBesideCode(intake, value, outcome.code);
      } else if (outcome && /^[A-Za-z0-9 -]+$/.test(value)) {
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
      const outcome = searchRun(run, false, intake.locale);
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
      if (runs.length === 1 && only && /^[A-Za-z0-9 -]+$/.test(bare) && !shapeOf(bare) && sum(only) < CHALLENGE_LENGTH) {
        line.joinable = makeGroup(only.map((g) => g.text).join(''), bare);
      }
    }
    if (pendingBefore && pendingBefore !== 'challenge' && !line.contributed) {
      const bare = trimValue(line.free);
      if (bare !== '') {
        intake.record(pendingBefore, bare, parseField(pendingBefore, bare, intake.locale));
        line.contributed = true;
      }
    }
  } else {
    for (const run of runsOf(line.free)) {
      const outcome = searchRun(run, false, intake.locale);
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
    if (intake.result.fields[shape] === undefined) intake.record(shape, token, parseField(shape, token, intake.locale));
  }
}

/** Applies a labelled value; returns any trailing text (e.g. a remark or a code) for further reading. */
function takeLabelledValue(intake: Intake, field: DeviceField, value: string): string {
  const token = valueToken(field, value);
  const hasMore = token !== '' && token.length < value.length;
  const rest = (): string => value.slice(value.indexOf(token) + token.length);
  // "Model: NDE-5503-AL outdoor" is the model number plus a remark.
  if (field === 'model' && hasMore && shapeOf(token) === 'model') {
    intake.record(field, token, parseField(field, token, intake.locale));
    return rest();
  }
  const whole = parseField(field, value, intake.locale);
  if (whole.ok || !hasMore) {
    intake.record(field, value, whole);
    return '';
  }
  // Model numbers may hold spaces, so only the other fields may stop at the first word.
  const first = parseField(field, token, intake.locale);
  if (first.ok && field !== 'model') {
    intake.record(field, token, first);
    return rest();
  }
  // "Type of camera: NDE-5503-AL": a well-shaped value later in the text.
  const shaped = value
    .split(' ')
    .map(trimValue)
    .find((word) => fitsInlineLabel(field, word) && parseField(field, word, intake.locale).ok);
  if (shaped !== undefined) {
    intake.record(field, shaped, parseField(field, shaped, intake.locale));
    return '';
  }
  if (field === 'model') intake.record(field, value, whole);
  else intake.record(field, token, first);
  return '';
}
