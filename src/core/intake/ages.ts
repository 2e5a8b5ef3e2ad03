// How old the technician says the code is, in any of our languages: "generated 10 minutes ago",
// "vor 10 Minuten erzeugt", "il y a 10 minutes", "hace 10 minutos", "10 minuti fa",
// "10 minuten geleden". Matched on the folded text (accents optional), cut from the original.
//
// One grammar for all six: an amount (digits, a decimal, a range, a number word, "a"/"eine"/"un'",
// a half), a unit (every language's words and the short forms all of them use: min, h, s), a
// duration of up to three such parts ("1 Stunde und 10 Minuten", "une heure et demie", "1h10",
// "een kwartier"), inside the words that make it an age ("vor …", "il y a …", "hace …", "… ago",
// "… fa", "… geleden"). The whole duration is read, never the last part alone: "an hour and 10
// minutes ago" is 70 minutes, not 10, and "1.5 hours ago" is 90 minutes, not 5 hours.
import { MAX_TEXT_CHARS, cleanText } from './clean.js';
import { fold } from './fold.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Written as `normal` keys (see below): lower case, no accents, one space, ' for ’. */
const NUMBER_WORDS: ReadonlyArray<readonly [number, string]> = [
  ...(
    [
      'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty',
      'null eins zwei drei vier funf sechs sieben acht neun zehn elf zwolf dreizehn vierzehn funfzehn sechzehn siebzehn achtzehn neunzehn zwanzig',
      'zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix_sept dix_huit dix_neuf vingt',
      'cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis diecisiete dieciocho diecinueve veinte',
      'zero uno due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici sedici diciassette diciotto diciannove venti',
      'nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien twintig',
    ] as const
  ).flatMap((list) => list.split(' ').map((word, n) => [n, word.replace(/_/g, ' ')] as const)),
  ...(
    [
      [25, 'twenty five|funfundzwanzig|vingt cinq|veinticinco|venticinque|vijfentwintig'],
      [30, 'thirty|dreissig|dreißig|trente|treinta|trenta|dertig'],
      [40, 'forty|vierzig|quarante|cuarenta|quaranta|veertig'],
      [45, 'forty five|funfundvierzig|quarante cinq|cuarenta y cinco|quarantacinque|vijfenveertig'],
      [50, 'fifty|funfzig|cinquante|cincuenta|cinquanta|vijftig'],
      [60, 'sixty|sechzig|soixante|sesenta|sessanta|zestig'],
      // The articles and "one" of each language: "an hour", "vor einer Stunde", "un'ora".
      [1, "a|an|ein|eine|einer|einem|einen|ner|nem|une|una|un'|'n"],
      [
        0.5,
        "half an|half a|half|einer halben|eine halbe|einem halben|einen halben|halben|halbe|une demi|demi|media|mezz'|mezza|mezz|een half|een halve|halve",
      ],
      [1.5, 'one and a half|anderthalb|eineinhalb|anderhalf'],
    ] as const
  ).flatMap(([n, words]) => words.split('|').map((word) => [n, word] as const)),
];

/** The same key for the text typed and for the lists: "Dix-Sept" and "dix sept", "un’" and "un'". */
const normal = (text: string): string => fold(text).toLowerCase().replace(/’/g, "'").replace(/[ -]+/g, ' ').trim();
const WORD_VALUE = new Map(NUMBER_WORDS.map(([n, word]) => [word, n] as const));

// The folded spellings as one tree of letters ("dix", "dix sept", "diez", "dieci" share "di"), so
// a word is tried letter by letter rather than each of the 150 in turn at every position. An
// apostrophe may be typed straight or curly, a space as a hyphen or not at all. A word is followed
// by a space before its unit ("an hour": never "an" and "d"ay in "and"), unless it ends in its
// apostrophe ("un'ora", "mezz'ora").
interface Letters {
  next: Map<string, Letters>;
  end: boolean;
}
function treeSource(words: readonly string[]): string {
  const root: Letters = { next: new Map(), end: false };
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  const letter = (ch: string): string => (ch === "'" ? "['’]" : ch === ' ' ? '[ -]?' : ch);
  const emit = (node: Letters): string => {
    const branches = [...node.next].map(([ch, child]) => letter(ch) + emit(child));
    if (branches.length === 0) return '';
    const one = branches.length === 1 && !node.end ? branches[0] : undefined;
    return one ?? `(?:${branches.join('|')})${node.end ? '?' : ''}`;
  };
  return emit(root);
}
const ALL_WORDS = [...WORD_VALUE.keys()];
const WORDS = String.raw`${treeSource(ALL_WORDS.filter((w) => !w.endsWith("'")))}[ -]|${treeSource(ALL_WORDS.filter((w) => w.endsWith("'")))}`;

// "1 day", "10 minutes", "2 h": every language's units and the short forms; days are read so
// "vor 2 Tagen" is refused as too old rather than left unread.
const UNIT = String.raw`(?:seconds?|secondes?|segundos?|secondi|secondo|seconden?|sekunden?|secs?|sek|seg|s|minutes?|minuten?|minuti|minuto|minutos?|minuut|mins?|mn|m|hours?|hrs?|heures?|horas?|stunden?|std|ore|ora|uur|uren|u|h|days?|tagen?|tag|jours?|dias?|giorni|giorno|dagen|dag|d)\.?`;
const NUMBER = String.raw`\d{1,4}(?:[.,]\d{1,2})?`;
// "10-15 minutes", "vor 10 bis 15 Minuten", "hace 10 o 15 minutos": the larger is the age.
// A dash between spaced numbers is not one: "… 5678 - 10 minutes ago" ends a code's last group.
const RANGE = String.raw`${NUMBER}(?:[-/]${NUMBER}| (?:to|or|bis|oder|a|ou|o|of|tot) ${NUMBER})?`;
// Durations that hold their own unit.
const QUARTER = String.raw`(?:a )?quarter (?:of an )?hour|(?:einer |eine |['’]?ner )?viertel ?stunde|(?:un )?quart d['’]heure|(?:un )?cuarto de hora|(?:un )?quarto d['’]ora|(?:een )?kwartier`;
const THREE_QUARTERS = String.raw`three quarters of an hour|(?:einer |eine |['’]?ner )?dreiviertel ?stunde|drei viertel ?stunden?|trois quarts d['’]heure|tres cuartos de hora|tre quarti d['’]ora|drie kwartier`;
// "1h10", "1 Std. 10", "2 horas 30 minutos": hours, then minutes whose unit may be left out.
const HOURS = String.raw`(?:hours?|hrs?|heures?|horas?|stunden?|std|ore|ora|uur|u|h)\.?`;
const MINUTES = String.raw`(?:minutes?|minuten?|minuti|minuto|minutos?|minuut|mins?|mn|m)\.?`;
const CLOCK = String.raw`\d{1,2} ?${HOURS} ?\d{1,2}(?: ?${MINUTES})?(?![A-Za-z0-9])`;
const PART = String.raw`(?:${THREE_QUARTERS}|${QUARTER}|${CLOCK}|(?:${RANGE}[ -]?|${WORDS})${UNIT}(?![A-Za-z]))`;
const AND = String.raw`(?: ?,)? (?:and |und |et |y |e |en )?`;
const AND_A_HALF = String.raw`(?: (?:and a half|und (?:ein )?halb|et demie?|y media|e mezz[ao]|en een half))?`;
const DURATION = String.raw`${PART}(?:${AND}${PART}){0,2}${AND_A_HALF}`;

// "about", "more than", "knapp", "environ", "unos", "circa", "ongeveer": the number said is the age.
const APPROX = String.raw`(?:(?:about|around|roughly|approx\.?|ca\.?|circa|almost|nearly|over|under|more than|less than|etwa|ungefahr|rund|knapp|gut|fast|uber|mehr als|weniger als|max\.?|hochstens|environ|presque|pres de|plus de|moins de|unos|unas|aproximadamente|casi|mas de|menos de|cerca de|quasi|piu di|meno di|ongeveer|bijna|ruim|meer dan|minder dan|zo['’]?n|~) ?)?`;
// "generated" and its like before or after the phrase belong to it, so what is left of a message
// that is only a code and its age is the code.
const MADE =
  '(?:generated|created|made|issued|shown|erzeugt|generiert|erstellt|angezeigt|generee?|creee?|generad[oa]|cread[oa]|generat[oa]|creat[oa]|gegenereerd|aangemaakt|gemaakt)';
// The words that make a duration an age: before it (de, fr, es) or after it (en, de, it, nl).
// Both are optional here, so the long duration is in the pattern once; a duration with neither
// ("10 min", "Kamera 2 h") is no age, which cutAges checks.
const AGE_PHRASE = String.raw`(vor |il y a |hace )?${APPROX}(${DURATION})( (?:ago|old|alt|her|fa|geleden|oud))?`;
// "Just now" in each language: understood (never handed back), but no age: the code's clock then
// starts when it is pasted, as it does when nothing is said, and a later "generated 20 minutes
// ago" still counts. The words that are also everyday words ("appena", "net", "recién") only
// with "generated".
const FRESH = String.raw`just now|right now|gerade eben|eben erst|soeben|gerade erst|a l['’]instant|ahora mismo|justo ahora|proprio ora|proprio adesso|zojuist|zonet|daarnet|(?:just|frisch|tout juste|recien|appena|net) (?=${MADE})`;

export const AGE_PATTERN = new RegExp(
  // Not after a digit's separator: "34-56 minutes" in a MAC, "0.5" read as "5".
  String.raw`(?<![A-Za-z0-9:/-])(?<!\d[.,])(?:${MADE} )?(?:${AGE_PHRASE}|(${FRESH}))(?: ?${MADE})?(?![A-Za-z0-9])`,
  'gi',
);

// Cheap words at least one of which every phrase holds, so most lines skip the pattern.
const HINT =
  /ago|old|vor|alt|her|y a|hace|fa|geleden|oud|now|eben|instant|ahora|proprio|zojuist|zonet|daarnet|net|juste|reci|appena|frisch/i;

export function ageUnitMs(unit: string): number {
  const u = normal(unit).replace(/\.$/, '');
  if (/^(?:d|tag|jour|dia|giorn)/.test(u)) return DAY;
  if (/^(?:h|std|stund|or[ae]$|u)/.test(u)) return HOUR;
  if (u.startsWith('m')) return MINUTE;
  return 1_000;
}

/** The amount before a unit: digits (a decimal comma or point; of a range the larger), or a word. */
function amountOf(amount: string): number | undefined {
  // "vor 1/2 Stunde", "3/4 h": a half or quarters, not a range.
  const fraction = /^\s*([1-3])\/([24])[ -]?$/.exec(amount);
  if (fraction?.[1] && fraction[2] && fraction[1] < fraction[2]) return Number(fraction[1]) / Number(fraction[2]);
  const numbers = amount.match(/\d{1,4}(?:[.,]\d{1,2})?/g);
  if (numbers) return Math.max(...numbers.map((n) => Number.parseFloat(n.replace(',', '.'))));
  return WORD_VALUE.get(normal(amount));
}

const PART_OF = new RegExp(
  String.raw`(?<![A-Za-z0-9'’])(?:(${THREE_QUARTERS})|(${QUARTER})|(\d{1,2}) ?${HOURS} ?(\d{1,2})(?: ?${MINUTES})?(?![A-Za-z0-9])|(${RANGE}[ -]?|${WORDS})(${UNIT})(?![A-Za-z])|(and a half|und (?:ein )?halb|et demie?|y media|e mezz[ao]|en een half))`,
  'gi',
);

/** What a duration the pattern matched adds up to: each part, and a half of the last unit. */
function durationMs(duration: string): number | undefined {
  let total = 0;
  let lastUnit = HOUR;
  for (const m of duration.matchAll(PART_OF)) {
    const [, threeQuarters, quarter, clockHours, clockMinutes, amount, unit, half] = m as unknown as Array<string | undefined>;
    if (threeQuarters) total += 45 * MINUTE;
    else if (quarter) total += 15 * MINUTE;
    else if (clockHours && clockMinutes) total += Number(clockHours) * HOUR + Number(clockMinutes) * MINUTE;
    else if (amount && unit) {
      const n = amountOf(amount);
      if (n === undefined) return undefined;
      lastUnit = ageUnitMs(unit);
      total += n * lastUnit;
    } else if (half) total += lastUnit / 2;
  }
  return Math.round(total);
}

export interface AgeCut {
  /** The text with each age phrase replaced by the joiner. */
  rest: string;
  /** The last age said, when any. */
  ageMs?: number;
  /** An age phrase was found, "just now" included (which gives no age). */
  said: boolean;
}

/** Finds the age phrases of a text (accents optional) and cuts them out of it. */
export function cutAges(text: string, joiner: string): AgeCut {
  if (!HINT.test(text)) return { rest: text, said: false };
  const plain = fold(text);
  let ageMs: number | undefined;
  let said = false;
  let rest = '';
  let last = 0;
  for (const match of plain.matchAll(AGE_PATTERN)) {
    const [, before, duration, after, fresh] = match as unknown as Array<string | undefined>;
    const ms = duration === undefined || (before ?? after) === undefined ? undefined : durationMs(duration);
    if (ms === undefined && fresh === undefined) continue;
    if (ms !== undefined) ageMs = ms;
    said = true;
    rest += text.slice(last, match.index) + joiner;
    last = match.index + match[0].length;
  }
  rest += text.slice(last);
  return ageMs === undefined ? { rest, said } : { rest, ageMs, said };
}

/** The text without its age phrase ("generated 10 minutes ago"), and the age it gave; typed as people type it (no-break spaces, curly quotes). */
export function splitAge(text: string): { rest: string; ageMs?: number } {
  const { rest, ageMs } = cutAges(cleanText(text.slice(0, MAX_TEXT_CHARS)), ' ');
  return ageMs === undefined ? { rest } : { rest, ageMs };
}

// A table's column of ages: its heading in each language ("Age", "Alter", "Âge", "Edad", "Età",
// "Leeftijd", "Age (min)"), matched on the folded text.
const AGE_HEADING =
  /^(?:(?:code |challenge )?(?:age|alter|edad|eta|leeftijd)|generated|erzeugt|generiert|genere|generado|generato|gegenereerd)(?: ?\([^()]{0,20}\))?:?$/i;
// A cell of that column: "10", "10 min", "2h", "10 Minuten" (a bare number is minutes).
const AGE_CELL = new RegExp(String.raw`^(${NUMBER}) ?(${UNIT})?$`, 'i');

export function isAgeHeading(cell: string): boolean {
  return AGE_HEADING.test(fold(cell.trim().replace(/\s+/g, ' ')));
}

/** The age a table cell gives: a phrase ("vor 10 Minuten", "gerade eben"), or in the age column a number and unit; undefined when it is no age. */
export function ageOfCell(cell: string, inAgeColumn: boolean): number | undefined {
  const text = cell.trim().replace(/\s+/g, ' ');
  const cut = cutAges(text, ' ');
  if (cut.said && cut.rest.trim() === '') return cut.ageMs ?? 0;
  const m = AGE_CELL.exec(fold(text));
  if (!m?.[1] || (!inAgeColumn && m[2] === undefined)) return undefined;
  // A number with a unit outside the age column must still be a unit (a bare "6" is no age).
  const amount = Number.parseFloat(m[1].replace(',', '.'));
  return Math.round(amount * (m[2] === undefined ? MINUTE : ageUnitMs(m[2])));
}
