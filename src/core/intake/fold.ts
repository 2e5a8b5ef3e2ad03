// Technicians type on phones with accents and without ("numéro de série", "numero de serie"):
// labels, ages and chat words are matched on the text with its accents dropped. `fold` keeps one
// character for one, so a position found in the folded text is the same in what they typed, and
// a value is always cut from the original.

// Latin letters with diacritics (Latin-1, Latin Extended-A and -B, Latin Extended Additional).
const ACCENTED = /[\u00C0-\u024F\u1E00-\u1EFF]/g;
const MARKS = /[\u0300-\u036F]/g;
const folded = new Map<string, string>();

function foldLetter(letter: string): string {
  let base = folded.get(letter);
  if (base === undefined) {
    const bare = letter.normalize('NFD').replace(MARKS, '');
    // A letter that is not a base plus marks (ß, æ, ø) stays itself, so the length never changes.
    base = bare.length === 1 ? bare : letter;
    folded.set(letter, base);
  }
  return base;
}

/** The text with accents dropped, character for character ("Numéro" → "Numero"). */
export function fold(text: string): string {
  return text.replace(ACCENTED, foldLetter);
}

/** A word as a list of chat words holds it: accents dropped, ß written out, in lower case. */
export function plainWord(word: string): string {
  return fold(word).replace(/ß/g, 'ss').toLowerCase();
}

/** A letter of a word in one of our languages that is not ASCII (é, ü, ß): words with one are never part of a code. */
export function isForeignLetter(code: number): boolean {
  return (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) || (code >= 0x1e00 && code <= 0x1eff);
}
