// The labels people put before a value ("MAC:", "SN#", "FW =", "Model no."), and where each
// one's value starts on a line.
import { type FieldName, parseField } from '../fields.js';
import { trimValue } from './clean.js';
import { BUILD_SUFFIX, fitsInlineLabel } from './shapes.js';

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

/** The labels of a challenge code ("Challenge code", "code"), as a regular expression's source. */
export const CHALLENGE_LABEL = LABEL_SOURCES.filter(([field]) => field === 'challenge')
  .map(([, source]) => source)
  .join('|');

const LABEL_PATTERN = new RegExp(
  String.raw`(?<![A-Za-z0-9/])(?:${LABEL_SOURCES.map(([, source]) => `(${source})`).join('|')})(?![A-Za-z0-9])`,
  'gi',
);

// What people put between a label and its value: "MAC: ", "SN# ", "FW = ", "MAC address is ".
const FILLER = /^ ?(?:[:=#-]{1,3} ?)?(?:(?:is|was|are)(?![A-Za-z0-9]) ?(?:[:=] ?)?)?/i;

export interface LabelHit {
  field: FieldName;
  start: number;
  valueStart: number;
  leading: boolean;
  token?: string;
}

export function valueToken(field: FieldName, text: string): string {
  const first = /^\S+/.exec(text)?.[0] ?? '';
  const build = field === 'firmware' ? (BUILD_SUFFIX.exec(text.slice(first.length))?.[0] ?? '') : '';
  return trimValue(first + build);
}

export function findLabels(line: string): LabelHit[] {
  const hits: LabelHit[] = [];
  for (const m of line.matchAll(LABEL_PATTERN)) {
    const start = m.index;
    // A group that did not take part in the match is undefined at run time, whatever its type says.
    const groupIndex = (m.slice(1) as Array<string | undefined>).findIndex((g) => g !== undefined);
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
