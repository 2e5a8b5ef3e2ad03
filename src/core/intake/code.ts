// Finding the 32-character challenge code in chat: runs of letter/digit groups, the window of
// them that is a whole code, and near misses worth a specific error.
import { CHALLENGE_LENGTH, parseChallenge } from '../fields.js';
import type { Locale } from '../i18n/locale.js';
import { SENTENCE_WORDS } from './clean.js';
import { isForeignLetter } from './fold.js';
import { BARE_MAC } from './shapes.js';

const ATTEMPT_MIN = 28;
export const ATTEMPT_MAX = 36;

type LetterCase = 'upper' | 'lower' | 'mixed' | 'none';

export interface Group {
  text: string;
  /** As typed, for quoting back in an error. */
  shown: string;
  len: number;
  digit: boolean;
  letter: boolean;
  letterCase: LetterCase;
}

export function makeGroup(text: string, shown = text): Group {
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
 * Runs of letter/digit groups joined only by spaces or dashes. Any other character, any
 * common chat word and any word with an accented letter ends a run — so punctuation and
 * words never join a code.
 */
export function runsOf(text: string): Group[][] {
  const runs: Group[][] = [];
  let run: Group[] = [];
  let start = -1;
  let foreign = false;
  const endRun = (): void => {
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (let i = 0; i <= text.length; i += 1) {
    const code = i < text.length ? text.charCodeAt(i) : 0;
    const alnum = i < text.length && isAlnum(code);
    if (alnum || (i < text.length && isForeignLetter(code))) {
      if (start < 0) start = i;
      foreign ||= !alnum;
      continue;
    }
    if (start >= 0) {
      const word = text.slice(start, i);
      start = -1;
      // "código", "für": a word with a letter no code has is chat, like a stop word.
      if (foreign || SENTENCE_WORDS.has(word.toLowerCase())) endRun();
      else run.push(makeGroup(word));
      foreign = false;
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
  for (const [i, g] of groups.entries()) {
    if (i === 0) continue;
    const last = i === groups.length - 1;
    if (last ? g.len > first.len : g.len !== first.len) return undefined;
  }
  return first.len;
}

/** A MAC or a long serial inside a run is a device value, never a slice of a code. */
function deviceLike(g: Group): boolean {
  return (BARE_MAC.test(g.text) && g.digit) || /^\d{10,}$/.test(g.text);
}

export function sum(groups: Group[]): number {
  let total = 0;
  for (const g of groups) total += g.len;
  return total;
}

export type RunOutcome =
  { kind: 'code'; code: string; from: number; to: number } | { kind: 'error'; input: string; message: string; from: number; to: number };

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
 * one window ends at each group) or, failing that, a near miss worth a specific error, worded
 * in `locale`.
 */
export function searchRun(run: Group[], labelled: boolean, locale: Locale): RunOutcome | undefined {
  let found: RunOutcome | undefined;
  let i = 0;
  let total = 0;
  for (const [j, group] of run.entries()) {
    total += group.len;
    while (total > CHALLENGE_LENGTH && i < j) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < j < run.length
      total -= run[i]!.len;
      i += 1;
    }
    if (total === CHALLENGE_LENGTH && acceptWindow(run, i, j)) {
      found = {
        kind: 'code',
        code: run
          .slice(i, j + 1)
          .map((g) => g.text)
          .join(''),
        from: i,
        to: j,
      };
    }
  }
  if (found) return found;
  return nearMiss(run, labelled, locale);
}

export function nearMiss(run: Group[], labelled: boolean, locale: Locale): RunOutcome | undefined {
  let from = 0;
  let to = run.length - 1;
  // Lower-case words around an upper-case code are chat, not missing characters.
  if (run.some((g) => g.letterCase === 'upper' || g.letterCase === 'mixed')) {
    const word = (g: Group): boolean => g.letterCase === 'lower' && !g.digit;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- 0 <= from <= to < run.length
    while (from <= to && word(run[from]!)) from += 1;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- 0 <= from <= to < run.length
    while (to >= from && word(run[to]!)) to -= 1;
  }
  const core = run.slice(from, to + 1);
  if (core.length === 0) return undefined;
  const total = sum(core);
  const input = core.map((g) => g.shown).join(' ');
  if (labelled) {
    const result = parseChallenge(input, locale);
    return result.ok ? undefined : { kind: 'error', input, message: result.error, from, to };
  }
  if (total < ATTEMPT_MIN || total > ATTEMPT_MAX || total === CHALLENGE_LENGTH) return undefined;
  if (!core.some((g) => g.digit) || !core.some((g) => g.letter) || core.some(deviceLike)) return undefined;
  if (core.length !== 1 && (core.length < 3 || uniformLength(core) === undefined)) return undefined;
  const result = parseChallenge(input, locale);
  return result.ok ? undefined : { kind: 'error', input, message: result.error, from, to };
}

export function searchLabelledCode(value: string, locale: Locale): RunOutcome | undefined {
  const direct = parseChallenge(value, locale);
  if (direct.ok) return { kind: 'code', code: direct.value, from: 0, to: 0 };
  for (const run of runsOf(value)) {
    const outcome = searchRun(run, false, locale);
    if (outcome?.kind === 'code') return outcome;
  }
  return { kind: 'error', input: value, message: direct.error, from: 0, to: 0 };
}

/** The leading groups a labelled attempt plausibly spans, so unrelated lines after it are not counted. */
export function prefixUpTo(groups: Group[]): number {
  let total = 0;
  let k = 0;
  for (const group of groups) {
    if (total + group.len > ATTEMPT_MAX) break;
    total += group.len;
    k += 1;
  }
  return Math.max(k, 1);
}
