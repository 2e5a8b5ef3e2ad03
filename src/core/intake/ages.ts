// How old the technician says the code is, in any of our languages: "generated 10 minutes ago",
// "vor 10 Minuten erzeugt", "il y a 10 minutes", "hace 10 minutos", "10 minuti fa",
// "10 minuten geleden". Matched on the folded text (accents optional), cut from the original.
import { MAX_TEXT_CHARS } from './clean.js';
import { fold } from './fold.js';

// Each phrase has exactly two groups, the amount then the unit; the folded spellings are written.
const APPROX = String.raw`(?:(?:about|around|roughly|approx\.?|ca\.?|circa|etwa|ungefahr|rund|knapp|environ|unos|unas|aproximadamente|ongeveer|zo'?n|~) ?)?`;
const PHRASES: readonly string[] = [
  // en: "10 minutes ago", "an hour old", "half an hour ago"
  String.raw`${APPROX}(\d{1,4}|half an?|an?|one) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h) (?:ago|old)`,
  // de: "vor 10 Minuten", "vor ca. 10 Min.", "vor einer (halben) Stunde", "10 Minuten alt", "10 Minuten her"
  String.raw`vor ${APPROX}(\d{1,4}|einer halben|einer|einem) ?(sekunden?|sek\.?|s|minuten?|min\.?|m|stunden?|std\.?|h)`,
  String.raw`${APPROX}(\d{1,4}|eine halbe|eine|ein) ?(sekunden?|sek\.?|s|minuten?|min\.?|m|stunden?|std\.?|h) (?:alt|her)`,
  // fr: "il y a 10 minutes", "il y a 10 min", "il y a une (demi-)heure"
  String.raw`il y a ${APPROX}(\d{1,4}|une demi-|une demi |une|un) ?(secondes?|sec\.?|s|minutes?|mins?\.?|mn|m|heures?|h)`,
  // es: "hace 10 minutos", "hace una hora", "hace media hora"
  String.raw`hace ${APPROX}(\d{1,4}|media|una|un) ?(segundos?|seg\.?|s|minutos?|min\.?|m|horas?|h)`,
  // it: "10 minuti fa", "un'ora fa", "mezz'ora fa", "mezzora fa"
  String.raw`${APPROX}(\d{1,4}|mezz['’]|mezza|mezz|un['’]|una|un) ?(secondi|secondo|sec\.?|s|minuti|minuto|min\.?|m|ore|ora|h) fa`,
  // nl: "10 minuten geleden", "een (half) uur geleden", "10 min oud"
  String.raw`${APPROX}(\d{1,4}|een half|een|half) ?(seconden?|sec\.?|s|minuten|minuut|min\.?|m|uur|uren|u|h) (?:geleden|oud)`,
];
// "generated" and its like before or after the phrase belong to it, so what is left of a message
// that is only a code and its age is the code.
const MADE =
  '(?:generated|created|made|issued|shown|erzeugt|generiert|erstellt|angezeigt|generee?|creee?|generad[oa]|cread[oa]|generat[oa]|creat[oa]|gegenereerd|aangemaakt|gemaakt)';

export const AGE_PATTERN = new RegExp(
  String.raw`(?<![A-Za-z0-9])(?:${MADE} )?(?:${PHRASES.map((p) => `(?:${p})`).join('|')})(?: ${MADE})?(?![A-Za-z0-9])`,
  'gi',
);

// Cheap words at least one of which every phrase holds, so most lines skip the pattern.
const HINT = /ago|old|vor|alt|her|y a|hace|fa|geleden|oud/i;

export function ageUnitMs(unit: string): number {
  const u = unit.toLowerCase();
  if (/^(?:h|std|stund|or[ae]|u)/.test(u)) return 3_600_000;
  if (u.startsWith('m')) return 60_000;
  return 1_000;
}

export function ageAmount(amount: string): number {
  const a = amount.toLowerCase();
  if (/^\d/.test(a)) return Number.parseInt(a, 10);
  if (/half|halb|demi|media|mezz/.test(a)) return 0.5;
  return 1;
}

export interface AgeCut {
  /** The text with each age phrase replaced by the joiner. */
  rest: string;
  /** The last age said, when any. */
  ageMs?: number;
}

/** Finds the age phrases of a text (accents optional) and cuts them out of it. */
export function cutAges(text: string, joiner: string): AgeCut {
  if (!HINT.test(text)) return { rest: text };
  const plain = fold(text);
  let ageMs: number | undefined;
  let rest = '';
  let last = 0;
  for (const match of plain.matchAll(AGE_PATTERN)) {
    // Only one phrase's pair of groups took part; the others are undefined at run time.
    const groups = match.slice(1) as Array<string | undefined>;
    const at = groups.findIndex((g) => g !== undefined);
    const amount = groups[at];
    const unit = groups[at + 1];
    if (amount === undefined || unit === undefined) continue;
    ageMs = Math.round(ageAmount(amount) * ageUnitMs(unit));
    rest += text.slice(last, match.index) + joiner;
    last = match.index + match[0].length;
  }
  rest += text.slice(last);
  return ageMs === undefined ? { rest } : { rest, ageMs };
}

/** The text without its age phrase ("generated 10 minutes ago"), and the age it gave. */
export function splitAge(text: string): { rest: string; ageMs?: number } {
  return cutAges(text.slice(0, MAX_TEXT_CHARS), ' ');
}

// A table's column of ages: its heading in each language ("Age", "Alter", "Âge", "Edad", "Età",
// "Leeftijd", "Age (min)"), matched on the folded text.
const AGE_HEADING =
  /^(?:(?:code |challenge )?(?:age|alter|edad|eta|leeftijd)|generated|erzeugt|generiert|genere|generado|generato|gegenereerd)(?: ?\([^()]{0,20}\))?:?$/i;
// A cell of that column: "10", "10 min", "2h", "10 Minuten" (a bare number is minutes).
const AGE_CELL =
  /^(\d{1,4}) ?(s|secs?|seconds?|sek|sekunden?|secondes?|segundos?|secondi|seconden?|m|mins?|minutes?|minuten?|minuti|minuto|minutos?|minuut|mn|h|hrs?|hours?|std|stunden?|heures?|horas?|ore|ora|uur|uren|u)?\.?$/i;

export function isAgeHeading(cell: string): boolean {
  return AGE_HEADING.test(fold(cell.trim().replace(/\s+/g, ' ')));
}

/** The age a table cell gives: a phrase ("vor 10 Minuten"), or in the age column a number and unit; undefined when it is no age. */
export function ageOfCell(cell: string, inAgeColumn: boolean): number | undefined {
  const text = cell.trim().replace(/\s+/g, ' ');
  const cut = cutAges(text, ' ');
  if (cut.ageMs !== undefined && cut.rest.trim() === '') return cut.ageMs;
  const m = AGE_CELL.exec(fold(text));
  if (!m?.[1] || (!inAgeColumn && m[2] === undefined)) return undefined;
  // A number with a unit outside the age column must still be a unit (a bare "6" is no age).
  return Math.round(Number.parseInt(m[1], 10) * (m[2] === undefined ? 60_000 : ageUnitMs(m[2])));
}
