// The labels people put before a value ("MAC:", "SN#", "FW =", "Model no."), and where each
// one's value starts on a line.
import { type FieldName, parseField } from '../fields.js';
// Only whether a value fits counts here: the words of a problem are never shown.
import { SOURCE_LOCALE } from '../i18n/locale.js';
import { trimValue } from './clean.js';
import { fold } from './fold.js';
import { BUILD_SUFFIX, fitsInlineLabel } from './shapes.js';

// "numéro", "n°", "nº", "no.", "num." before "de série" / "di serie" / "de modelo".
const NUMBER = String.raw`n(?:umero|um\.?|\.? ?[°º]|o\.?|r\.?|\.)`;
// The words around a field's name: "Seriennummer", "Serien-Nr.", "Modell-Nr.", "Typbezeichnung".
const NUMBER_AFTER = String.raw`[ .-]{0,2}(?:number|nummer|no\.?|nr\.?|#)`;
const ADDRESS = String.raw`(?:address|addr\.?|adresse|adres|adr\.?)`;
const VERSION_OF = String.raw`versi(?:one?|e) (?:du |de |del |della |di |van de |van )?`;

// Spellings seen on labels, in e-mails and in chat, in each of our languages. They are matched on
// the folded text (accents optional, see fold.ts) with whitespace collapsed, so they are written
// without accents. A spelling that names two fields in two languages must not be both: "model"
// (en, nl) and "type" (en, fr, nl) are the model in all; "code" alone is the challenge code, so
// "codice modello" and "código de producto" are listed before it. The longer spelling of a field
// comes before its shorter one ("version du firmware" before "version"). Each spelling starts with
// its first letter written out (no alternatives at the top), by which the pattern is indexed.
const LABEL_SOURCES: ReadonlyArray<readonly [FieldName, string, 'weak'?]> = [
  // The camera page's own "Challenge"; Challenge-Code (de), challengecode (nl).
  ['challenge', String.raw`challenge(?:[ -]?code)?`],
  // model: en, nl (modelnummer), de (Modell, Modellnummer, Typ), fr (modèle, référence),
  // es (modelo, referencia, tipo), it (modello, codice modello, tipo).
  ['model', String.raw`model(?:${NUMBER_AFTER})?`],
  ['model', String.raw`modell(?:${NUMBER_AFTER}|[ -]?bezeichnung)?`],
  ['model', String.raw`${NUMBER} ?(?:de |di |del )?model(?:e|o|lo)`],
  ['model', String.raw`model(?:e|o|lo)`],
  ['model', String.raw`ref(?:erence)?\.? (?:du |de )?(?:modele|produit|article)`],
  ['model', String.raw`referencia (?:del )?(?:modelo|producto)`],
  ['model', String.raw`riferimento (?:del )?(?:modello|prodotto)`],
  // "Reference: ticket 4711": alone, these words name the model only before a model number.
  ['model', 'reference', 'weak'],
  ['model', 'referencia', 'weak'],
  ['model', 'riferimento', 'weak'],
  ['model', String.raw`cod(?:ice|igo|e) (?:de |del |di )?(?:modello|modelo|modele|prodotto|producto|produit|articolo|articulo|article)`],
  ['model', String.raw`part[ .-]{0,2}(?:number|no\.?|nr\.?|#)`],
  ['model', String.raw`product(?:[ -]?(?:number|nummer|no\.?|nr\.?|code))?`],
  ['model', String.raw`produkt(?:${NUMBER_AFTER}|[ -]?(?:bezeichnung|name))?`],
  // The camera's or device's type, written as one word in German and Dutch (Kameratyp,
  // Gerätetyp, Kameramodell, cameramodel, cameratype) and as two in English.
  ['model', String.raw`kamera[ -]?(?:typ|modell)`],
  ['model', String.raw`gerate?[ -]?(?:typ|modell)`],
  ['model', String.raw`camera[ -]?(?:model|type)`],
  ['model', String.raw`artikel(?:${NUMBER_AFTER}|[ -]?bezeichnung)`],
  ['model', String.raw`bestell(?:${NUMBER_AFTER}|[ -]?bezeichnung)`],
  ['model', 'prod(?:uit|ucto|otto)'],
  ['model', String.raw`typ(?:e|en)?(?:${NUMBER_AFTER}|[ -]?(?:bezeichnung|aanduiding))?`],
  ['model', 'tipo'],
  ['model', 'ctn'],
  // mac: MAC-Adresse (de), MAC-adres (nl), adresse MAC (fr), dirección MAC (es), indirizzo MAC (it).
  ['mac', String.raw`mac(?:[ -]?${ADDRESS})?`],
  ['mac', 'adres(?:se)? mac'],
  ['mac', 'direccion mac'],
  ['mac', 'indirizzo mac'],
  ['mac', String.raw`hw[ -]?${ADDRESS}`],
  // What a computer calls it (Windows' ipconfig): Physical Address, Physische Adresse, adresse
  // physique, dirección física, indirizzo fisico, fysiek adres; and Hardware-Adresse.
  ['mac', String.raw`physi(?:cal|sche)[ -]?${ADDRESS}`],
  ['mac', 'adresse physique'],
  ['mac', 'direccion fisica'],
  ['mac', 'indirizzo fisico'],
  ['mac', 'fysiek adres'],
  ['mac', String.raw`hardware[ -]?${ADDRESS}`],
  ['mac', String.raw`ethernet(?:[ -]?${ADDRESS})?`],
  // firmware: Firmware-Version (de), firmwareversie (nl), version du firmware / micrologiciel (fr),
  // versión de firmware (es), versione firmware (it).
  ['firmware', String.raw`firmware(?:[ -]?(?:version|versie|stand))?`],
  ['firmware', String.raw`${VERSION_OF}(?:firmware|micrologiciel|logiciel|software|fw)`],
  ['firmware', 'micrologiciel'],
  ['firmware', String.raw`f\/w(?:[ -]?version)?`],
  ['firmware', String.raw`fw(?:[ -]?(?:version|versie|stand))?`],
  ['firmware', String.raw`software(?:[ -]?(?:version|versie|stand))?`],
  ['firmware', String.raw`sw(?:[ -]?(?:version|versie))?`],
  ['firmware', 'versi(?:one?|e)'],
  // serial: Seriennummer, Serien-Nr., Ser.-Nr. (de), serienummer, serienr (nl), n° de série (fr),
  // número de serie, nº de serie, N/S (es), numero di serie, matricola (it).
  ['serial', String.raw`s\/n`],
  ['serial', String.raw`n\/s`],
  ['serial', String.raw`serial(?:${NUMBER_AFTER})?`],
  ['serial', String.raw`serien?${NUMBER_AFTER}`],
  ['serial', String.raw`${NUMBER} ?(?:de |di |del )?seri(?:e|ale)`],
  ['serial', 'seriale'],
  ['serial', String.raw`${NUMBER} ?(?:di )?matricola`],
  ['serial', 'matricola'],
  ['serial', String.raw`ser\.?[ -]?(?:no|nr)\.?`],
  ['serial', String.raw`s\.n\.?`],
  ['serial', 'snr?'],
  // challenge: code de challenge (fr), código de desafío (es), codice di sfida (it), and "code"
  // alone in all. Accents are spelt out here too: reading.ts matches these on unfolded text.
  ['challenge', String.raw`code (?:de |du )?(?:challenge|d[eé]fi)`],
  ['challenge', String.raw`c[oó]digo(?: (?:de |del )?(?:desaf[ií]o|reto|challenge))?`],
  ['challenge', String.raw`codice(?: (?:di )?(?:sfida|challenge))?`],
  ['challenge', 'code'],
];

// "Neuer Code:", "le nouveau code :", "el nuevo código:": the word for a new code before its label.
const NEW_CODE = String.raw`(?:(?:der|das|le|el|il|de|het) )?(?:neuer?|neues|nouveau|nuevo|nuovo|nieuwe) `;

/**
 * The labels of a challenge code in our six languages ("Challenge code", "code", "código de
 * desafío"), optionally after the word for "new" ("Neuer Code"), as a regular expression's source.
 */
export const CHALLENGE_LABEL = `(?:${NEW_CODE})?(?:${LABEL_SOURCES.filter(([field]) => field === 'challenge')
  .map(([, source]) => source)
  .join('|')})`;

// The spellings indexed by their first letter: a word is tried only against the spellings that
// start with its letter (one sticky pattern per letter, each spelling a group whose number says
// the field). One pattern of all the spellings tried at every position is several times slower.
interface LetterLabels {
  pattern: RegExp;
  fields: FieldName[];
  weak: boolean[];
}
const BY_LETTER = ((): Map<number, LetterLabels> => {
  const spellings = new Map<string, Array<readonly [FieldName, string, boolean]>>();
  for (const [field, source, weak] of LABEL_SOURCES) {
    const letter = source.charAt(0);
    if (!/^[a-z]$/.test(letter)) throw new Error(`A label spelling must start with its letter: ${source}`);
    spellings.set(letter, [...(spellings.get(letter) ?? []), [field, source.slice(1), weak === 'weak']]);
  }
  const byCode = new Map<number, LetterLabels>();
  for (const [letter, list] of spellings) {
    const rests = list.map(([, rest]) => `(${rest})`).join('|');
    const labels = {
      pattern: new RegExp(`${letter}(?:${rests})(?![A-Za-z0-9])`, 'iy'),
      fields: list.map(([field]) => field),
      weak: list.map(([, , weak]) => weak),
    };
    byCode.set(letter.charCodeAt(0), labels);
    byCode.set(letter.toUpperCase().charCodeAt(0), labels);
  }
  return byCode;
})();

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 47;
}

/** Each label in a (folded) line, left to right, not overlapping, where no letter, digit or slash comes before it. */
function labelsIn(plain: string): Array<{ field: FieldName; weak: boolean; start: number; end: number }> {
  const found: Array<{ field: FieldName; weak: boolean; start: number; end: number }> = [];
  for (let i = 0; i < plain.length; i += 1) {
    if (i > 0 && isWordChar(plain.charCodeAt(i - 1))) continue;
    const labels = BY_LETTER.get(plain.charCodeAt(i));
    if (!labels) continue;
    labels.pattern.lastIndex = i;
    const m = labels.pattern.exec(plain);
    if (!m) continue;
    // A group that did not take part in the match is undefined at run time, whatever its type says.
    const groupIndex = (m.slice(1) as Array<string | undefined>).findIndex((g) => g !== undefined);
    const field = labels.fields[groupIndex];
    if (field === undefined) continue;
    found.push({ field, weak: labels.weak[groupIndex] === true, start: i, end: i + m[0].length });
    i += m[0].length - 1;
  }
  return found;
}

// What people put between a label and its value: "MAC: ", "SN# ", "FW = ", "MAC address is ",
// "Seriennummer lautet ", "l'adresse MAC est ", "el modelo es ", "il modello è ".
const FILLER = /^ ?(?:[:=#-]{1,3} ?)?(?:(?:(?:is|was|are)(?![A-Za-z0-9])|(?:ist|lautet|war|est|etait|es|era|e)(?= )) ?(?:[:=] ?)?)?/i;

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
  // Positions in the folded line are positions in the line: values are cut from what was typed.
  const plain = fold(line);
  for (const { field, weak, start, end: afterLabel } of labelsIn(plain)) {
    const filler = FILLER.exec(plain.slice(afterLabel, afterLabel + 16))?.[0] ?? '';
    const valueStart = afterLabel + filler.length;
    const leading = !weak && (start === 0 || /[,;] ?$/.test(plain.slice(Math.max(0, start - 2), start)));
    if (leading) {
      hits.push({ field, start, valueStart, leading });
      continue;
    }
    const token = valueToken(field, line.slice(valueStart, valueStart + 64));
    if (fitsInlineLabel(field, token) && parseField(field, token, SOURCE_LOCALE).ok) {
      hits.push({ field, start, valueStart, leading, token });
    }
  }
  return hits;
}

/** The field a cell names when the whole cell is one label ("MAC-Adresse", "N° de série", "FW:"): a table's heading. */
export function labelOnly(cell: string): FieldName | undefined {
  const plain = fold(cell.trim().replace(/\s+/g, ' ')).replace(/ ?[:#=]$/, '');
  if (plain.length === 0 || plain.length > 40) return undefined;
  const found = labelsIn(plain);
  const [only] = found;
  return found.length === 1 && only !== undefined && only.start === 0 && only.end === plain.length ? only.field : undefined;
}
