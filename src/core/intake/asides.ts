// What a technician says instead of a value when a field is asked for: "wait", "moment bitte",
// "un attimo" (they are looking: no value yet), or "unleserlich", "je ne sais pas", "?" (they
// cannot give it). Neither is a value; each gets its own answer (see copy.ts).
import { STOPWORDS } from './clean.js';
import { plainWord } from './fold.js';

export type Aside = 'hold' | 'no_value';

// The words of "one moment, I'm checking" in each language (accents dropped, as `plainWord`
// writes them). A message of only these and chat words is a hold: every word is a word of waiting
// or of courtesy, so a value is never among them.
const HOLD_WORDS: readonly string[] = [
  // en
  'wait waiting sec secs second moment mo hang hold checking check looking look brb one let lets give sek im',
  // de
  'moment momentchen augenblick warte warten wart sekunde kurz gleich schau schaue schaun guck gucke pruf prufe ' +
    'pruefe checke nach mom',
  // fr
  'attendez attends attendre instant seconde secondes minute patientez regarde verifie cherche deux',
  // es
  'espera espere esperad momento segundo segundito minuto miro compruebo reviso voy dame',
  // it
  'aspetta aspetti aspettate attimo momento secondo minuto controllo verifico sto controllando guardo',
  // nl
  'wacht wachten momentje ogenblik ogenblikje seconde kijk kijken check effe ff',
];
const HOLD: ReadonlySet<string> = new Set(HOLD_WORDS.flatMap((w) => w.split(' ')));

// "moment bitte, ich schaue gerade nach" is a hold; a dozen words is a sentence worth reading.
const MAX_HOLD_WORDS = 8;
const MAX_HOLD_CHARS = 200;
// Only letters make the words of a hold; a digit or a code group is never one. "I'm", "let's": one word.
const WORD_SPLIT = /[\s.,;:!?…-]+/u;
const APOSTROPHES = /['’]/g;

/** The whole message says "wait" and nothing else (a short message only, so a paste stays cheap). */
export function isHold(text: string): boolean {
  if (text.length > MAX_HOLD_CHARS) return false;
  const words = text
    .replace(APOSTROPHES, '')
    .split(WORD_SPLIT)
    .filter((w) => w !== '');
  if (words.length === 0 || words.length > MAX_HOLD_WORDS) return false;
  let held = false;
  for (const raw of words) {
    const word = plainWord(raw);
    if (HOLD.has(word)) held = true;
    else if (!STOPWORDS.has(word)) return false;
  }
  return held;
}

// The words of "no", "not", "don't" in each language: "non lo so", "weet ik niet", "je ne sais
// pas" are made of chat words only, yet say the value cannot be given, where "Hi team" says nothing.
const NOT_WORDS: readonly string[] = [
  'no not dont cant cannot idk nope unknown',
  'nicht kein keine keinen nein',
  'ne pas non aucun aucune',
  'ni nada',
  'niet geen nee',
];
const NOT: ReadonlySet<string> = new Set(NOT_WORDS.flatMap((w) => w.split(' ')));

/** A question, or a "no": said instead of a value even when every word of it is a chat word. */
export function asksOrRefuses(text: string): boolean {
  if (text.includes('?')) return true;
  return text
    .replace(APOSTROPHES, '')
    .split(WORD_SPLIT)
    .some((w) => NOT.has(plainWord(w)));
}

const DIGIT = /\d/;

/** A message with no digit holds no device value: model numbers, MACs, firmware and serials all carry digits. */
export const holdsNoDigit = (text: string): boolean => !DIGIT.test(text);
