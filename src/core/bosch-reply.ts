// Reading Bosch Central Support's one reply for a whole site: which PUK belongs to which camera,
// found next to the camera's MAC, serial or challenge code in whatever layout Bosch's agent used
// (a table, "MAC … PUK …" lines, a block per device, the quoted request answered inline). Pure and
// bounded: it returns data for the agent to confirm, and never guesses across to another camera's
// row — a PUK it cannot place with certainty is counted, never given to a camera.

import { BOSCH_OUIS, CHALLENGE_LENGTH, PUK_RULE } from './fields.js';
import { fold } from './languages.js';

export interface CameraKey {
  n: number;
  mac?: string;
  serial?: string;
  code?: string;
}
export type MatchedBy = 'mac' | 'serial' | 'code';
export interface PukMatch {
  n: number;
  puk: string;
  by: MatchedBy;
}
export interface BoschReplyReading {
  matched: PukMatch[];
  /** Cameras of `cameras` with no PUK found in the reply. */
  missing: number[];
  /** Cameras for which the reply gave two different PUKs: not matched, listed here so the agent enters them by hand. */
  conflicting: number[];
  /** PUK-shaped values found next to no known camera (a camera not of this site, or no identifier): count only, never the values. */
  unplaced: number;
}

/**
 * The Send PUKs form's one rule for a PUK typed beside a pasted reply: what the agent typed for a
 * camera counts over whatever the reply gives it. `reading` is the reply less those cameras (what
 * the confirmation says of the reply); `send` is every PUK to confirm, the reply's then the typed.
 */
export function withTypedPuks(
  reading: BoschReplyReading,
  typed: ReadonlyArray<{ camera: number; puk: string }>,
): { reading: BoschReplyReading; send: Array<{ camera: number; puk: string }> } {
  const mine = new Set(typed.map((t) => t.camera));
  const fromReply: BoschReplyReading = {
    matched: reading.matched.filter((m) => !mine.has(m.n)),
    missing: reading.missing.filter((n) => !mine.has(n)),
    conflicting: reading.conflicting.filter((n) => !mine.has(n)),
    unplaced: reading.unplaced,
  };
  return { reading: fromReply, send: [...fromReply.matched.map((m) => ({ camera: m.n, puk: m.puk })), ...typed] };
}

/**
 * A reply longer than this is read only this far: a site's answer is a few kilobytes, and a long
 * quoted history is a few thousand lines. Both bounds keep a hostile paste to a few milliseconds.
 */
const MAX_REPLY_CHARS = 100_000;
const MAX_REPLY_LINES = 5_000;

// --- the text as lines ------------------------------------------------------------------

/** Pasted HTML, invisible characters and quote marks out of the way; each line with its quote depth. */
function linesOf(text: string): { text: string; depth: number }[] {
  let t = text.slice(0, MAX_REPLY_CHARS).replace(/\r\n?/g, '\n');
  if (t.includes('<') || t.includes('&')) {
    t = t
      .replace(/<\/?(?:br|p|div|tr|li|table|tbody|thead|h\d)\b[^<>\n]{0,200}>/gi, '\n')
      .replace(/<\/t[dh]\s*>/gi, '\t')
      .replace(/<[a-z/!][^<>\n]{0,200}>/gi, '')
      .replace(/&nbsp;/gi, ' ')
      .replace(/&amp;/gi, '&')
      .replace(/&lt;/gi, '<')
      .replace(/&gt;/gi, '>')
      .replace(/&quot;/gi, '"')
      .replace(/&#39;/g, "'");
  }
  t = t.replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
  return t.split('\n', MAX_REPLY_LINES).map((raw) => {
    const quote = /^[ \t]*(?:>[ \t]?)+/.exec(raw)?.[0] ?? '';
    let depth = 0;
    for (const ch of quote) if (ch === '>') depth++;
    return { text: raw.slice(quote.length), depth };
  });
}

// --- tokens -----------------------------------------------------------------------------

interface Token {
  kind: 'mac' | 'word' | 'punct';
  text: string;
  start: number;
  end: number;
}

// A colon- or dash-written MAC first (its colons would split it into words), then words joined by
// dashes or dots (a dotted word is a version, a file, an address: never a PUK), then any one sign.
const LEX =
  /([0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\2[0-9A-Fa-f]{2}){4})(?![\p{L}\p{N}_]|[:-][\p{L}\p{N}])|([\p{L}\p{N}_]+(?:[-.][\p{L}\p{N}_]+)*)|(\S)/gu;

function lex(line: string): Token[] {
  const out: Token[] = [];
  LEX.lastIndex = 0;
  for (let m = LEX.exec(line); m; m = LEX.exec(line)) {
    const kind = m[1] !== undefined ? 'mac' : m[3] !== undefined ? 'word' : 'punct';
    out.push({ kind, text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// --- labels -----------------------------------------------------------------------------

type LabelKind = 'puk' | MatchedBy | 'other';

// Folded (lower case, no accents), words joined by '_'; signs between words are skipped
// ("S/N", "Ser.-Nr.", "N° de série"). Our own e-mail's labels in all six languages are here,
// since Bosch often answers inside the quoted request.
const LABEL_LIST: [LabelKind, string[]][] = [
  [
    'puk',
    [
      'puk',
      'response',
      'response_code',
      'responsecode',
      'response-code',
      'antwort',
      'antwortcode',
      'antwort-code',
      'antwort_code',
      'code_de_reponse',
      'reponse',
      'codigo_de_respuesta',
      'respuesta',
      'codice_di_risposta',
      'codice_risposta',
      'risposta',
      'antwoordcode',
      'antwoord',
      'responscode',
      'password',
      'passwort',
      'kennwort',
      'mot_de_passe',
      'contrasena',
      'wachtwoord',
      'unlock_code',
      'freischaltcode',
      'entsperrcode',
      // "PUK-Code", "PUK Nummer": a word for code or number after PUK is still the PUK's label
      'puk_code',
      'pukcode',
      'puk_nummer',
      'puk_nr',
      'puk_number',
      'puk_no',
      'puk_codice',
      'code_de_deblocage',
      'codigo_de_desbloqueo',
      'codice_di_sblocco',
      'codice_sblocco',
      'ontgrendelcode',
      'ontgrendelingscode',
    ],
  ],
  [
    'code',
    [
      'challenge',
      'challenge_code',
      'challenge-code',
      'challengecode',
      'code_de_challenge',
      'code_challenge',
      'codigo_de_desafio',
      'codigo_de_challenge',
      'codice_di_sfida',
      'codice_sfida',
      'codice_challenge',
      'uitdagingscode',
    ],
  ],
  [
    'mac',
    [
      'mac',
      'mac_address',
      'mac-address',
      'mac-adresse',
      'mac_adresse',
      'adresse_mac',
      'direccion_mac',
      'indirizzo_mac',
      'mac-adres',
      'mac_adres',
    ],
  ],
  [
    'serial',
    [
      'serial',
      'serial_number',
      'serial_no',
      'serial_nr',
      'serial-no',
      'serial-number',
      's_n',
      'sn',
      'ser_nr',
      'seriennummer',
      'serien-nr',
      'seriennr',
      'numero_de_serie',
      'n_de_serie',
      'no_de_serie',
      'numero_di_serie',
      'serienummer',
    ],
  ],
  [
    'other',
    [
      'model',
      'modell',
      'modele',
      'modelo',
      'modello',
      'type',
      'typ',
      'firmware',
      'firmware_version',
      'firmware-version',
      'fw',
      'version',
      'ticket',
      'ticket_number',
      'case',
      'tel',
      'telefon',
      'telephone',
      'phone',
      'fax',
      'mobile',
      'mobil',
      'hrb',
      'reference',
      'ref',
      'referenz',
      'order',
      'date',
      'datum',
      'ust-idnr',
      'vat',
      'kvk',
      // numbers a reply or our request may carry next to a camera's, none of them its PUK
      'invoice',
      'invoice_number',
      'rechnung',
      'rechnungsnummer',
      'facture',
      'factura',
      'fattura',
      'factuur',
      'customer',
      'customer_number',
      'kundennummer',
      'kunden_nr',
      'bestellnummer',
      'auftrag',
      'auftragsnummer',
      'ip',
      'ip_address',
      'ip_adresse',
      'adresse_ip',
      'direccion_ip',
      'indirizzo_ip',
      'ip_adres',
    ],
  ],
];
// "PUK-Code" is one word to the lexer and "PUK Code" two: both are read as puk_code.
const dashless = (name: string): string => (name.includes('-') ? name.replace(/-/g, '_') : name);
const LABELS = new Map<string, LabelKind>(LABEL_LIST.flatMap(([kind, names]) => names.map((n) => [dashless(n), kind] as const)));
const LABEL_WORDS_MAX = 4;
/** The words a label can open with: every other word is turned away at once. */
const LABEL_FIRST = new Set([...LABELS.keys()].map((name) => name.split('_')[0]));

/** Folded as labels are: ASCII words only lower-cased, which is most of a reply. */
const foldWord = (w: string): string => (/^[\x20-\x7e]*$/.test(w) ? w.toLowerCase() : fold(w));
/** Signs that may stand inside a label ("S/N", "N°") — and nothing else may. */
const IN_LABEL = new Set(['/', '.', '-', '°', "'", 'º']);
/** What may stand between a label and its value. */
const BEFORE_VALUE = new Set([
  ':',
  '=',
  '-',
  '–',
  '—',
  '/',
  '#',
  '(',
  ')',
  '[',
  ']',
  '*',
  '"',
  "'",
  '„',
  '“',
  '”',
  '«',
  '»',
  '>',
  '.',
  '：',
]);
const FILLERS = new Set(['is', 'ist', 'lautet', 'est', 'es', 'e', 'è', 'are', 'sind', 'no', 'nr', 'number']);

/** The label starting at token i: its kind and the index after it. */
function labelAt(tokens: Token[], folded: (string | undefined)[], i: number): { kind: LabelKind; end: number } | undefined {
  const firstWord = folded[i];
  if (firstWord === undefined || !LABEL_FIRST.has(dashless(firstWord).split('_')[0] ?? '')) return undefined;
  let best: { kind: LabelKind; end: number } | undefined;
  let name = '';
  let words = 0;
  for (let k = i; k < tokens.length && words < LABEL_WORDS_MAX; k++) {
    const w = folded[k];
    if (w === undefined) {
      if (IN_LABEL.has(tokens[k]?.text ?? '')) continue;
      break;
    }
    name = words === 0 ? dashless(w) : `${name}_${dashless(w)}`;
    words++;
    const kind = LABELS.get(name);
    if (kind) best = { kind, end: k + 1 };
  }
  return best;
}

// --- identifiers and PUKs ---------------------------------------------------------------

interface Known {
  mac: Map<string, number[]>;
  serial: Map<string, number[]>;
  code: Map<string, number[]>;
  byN: Map<number, CameraKey>;
}

const add = (map: Map<string, number[]>, key: string | undefined, n: number): void => {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(n);
  else map.set(key, [n]);
};
const hex12 = (v: string): string => v.replace(/[^0-9A-Fa-f]/g, '').toUpperCase();
const compactOf = (v: string): string => (/[\s-]/.test(v) ? v.replace(/[\s-]+/g, '') : v).toUpperCase();

function knownOf(cameras: CameraKey[]): Known {
  const known: Known = { mac: new Map(), serial: new Map(), code: new Map(), byN: new Map() };
  for (const c of cameras) {
    known.byN.set(c.n, c);
    if (c.mac && hex12(c.mac).length === 12) add(known.mac, hex12(c.mac), c.n);
    if (c.serial) add(known.serial, compactOf(c.serial), c.n);
    if (c.code) add(known.code, compactOf(c.code), c.n);
  }
  return known;
}

interface IdItem {
  kind: 'id';
  by: MatchedBy;
  /** The site's cameras this identifier names: none for a camera not of this site. */
  cams: number[];
  pos: number;
}
interface PukItem {
  kind: 'puk';
  puk: string;
  compact: string;
  labelled: boolean;
  pos: number;
}
type Item = IdItem | PukItem;

const OUIS = new Set(BOSCH_OUIS.map(hex12).map((o) => o.slice(0, 6)));
const HEX12 = /^[0-9A-F]{12}$/;
const DOTTED_MAC = /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/;
/** Pairs joined by dots or underscores: a MAC only where a bare 12-digit one would be. */
const PAIRED_MAC = /^[0-9A-Fa-f]{2}([._])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}$/;
const HEX_GROUP = [/^[0-9A-Fa-f]{2}$/, /^[0-9A-Fa-f]{4}$/, /^[0-9A-Fa-f]{6}$/];

/**
 * A MAC written in spaced groups ("00 07 5F 12 34 56", "0007 5F12 3456", "00075F 123456") from
 * token i: its hex and its last token. Exactly one space between groups, and no like group on
 * either side, so seven pairs or a challenge code's groups are no MAC.
 */
function spacedMac(tokens: Token[], i: number): { hex: string; end: number } | undefined {
  const first = tokens[i];
  const size = first?.text.length ?? 0;
  if (!first || first.kind !== 'word' || (size !== 2 && size !== 4 && size !== 6)) return undefined;
  const shape = HEX_GROUP[size / 2 - 1];
  if (!shape?.test(first.text)) return undefined;
  const count = 12 / size;
  const like = (k: number, from: Token | undefined): boolean => {
    const t = tokens[k];
    return !!t && !!from && t.kind === 'word' && shape.test(t.text) && (t.start === from.end + 1 || from.start === t.end + 1);
  };
  if (like(i - 1, first)) return undefined;
  let hex = first.text;
  for (let k = i + 1; k < i + count; k++) {
    if (!like(k, tokens[k - 1])) return undefined;
    hex += tokens[k]?.text ?? '';
  }
  const last = i + count - 1;
  if (like(last + 1, tokens[last])) return undefined;
  return { hex: hex.toUpperCase(), end: last };
}
const CLEAN = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
// Shapes that hold digits but are no PUK: a date, a Bosch ticket, a model number, our request id.
const NOT_PUK = [/^\d{4}-\d{2}-\d{2}$/, /^\d{2}-\d{2}-\d{4}$/, /^87\d{4,16}$/, /^[A-Z]{2,5}-\d{2,6}(?:-[A-Z0-9]+)*$/i, /^CR-[A-Z0-9]{4}$/i];

function pukShaped(compact: string): boolean {
  return compact.length >= PUK_RULE.minLength && compact.length <= PUK_RULE.maxLength && PUK_RULE.allowed.test(compact);
}

interface LineRead {
  items: Item[];
  /** No content: a boundary between blocks. */
  empty: boolean;
}

/** A word that may be a piece of a challenge code, anywhere in the reply. */
interface CodePiece {
  line: number;
  token: number;
  compact: string;
  /** Follows the previous piece with only spaces (or one line break) between. */
  joined: boolean;
}

// --- one line -----------------------------------------------------------------------------

interface Cells {
  mode: '|' | '\t' | '  ';
  starts: number[];
  /** Tab-separated, every tab a cell: Excel writes an empty cell as two tabs, where aligned text may use two for one. */
  strict?: number[];
}

function cellsOf(text: string): Cells | undefined {
  const mode = text.includes('|') ? '|' : text.includes('\t') ? '\t' : / {2,}\S/.test(text.trim()) ? '  ' : undefined;
  if (!mode) return undefined;
  const sep = mode === '|' ? /\|/g : mode === '\t' ? /[ ]*\t[\t ]*/g : / {2,}/g;
  const starts = [0];
  const body = mode === '  ' ? text.replace(/^\s+/, (s) => ' '.repeat(s.length)) : text;
  for (let m = sep.exec(body); m; m = sep.exec(body)) {
    if (mode === '  ' && m.index === 0) continue;
    starts.push(m.index + m[0].length);
  }
  if (starts.length < 2) return undefined;
  if (mode !== '\t') return { mode, starts };
  const strict = [0];
  for (let k = text.indexOf('\t'); k >= 0; k = text.indexOf('\t', k + 1)) strict.push(k + 1);
  return { mode, starts, strict };
}

/** The row's cells as the heading counts them: each tab one cell if that fits the heading, else runs of tabs. */
function asHeading(cells: Cells, header: Header): { cells: Cells; columns: (LabelKind | undefined)[] } | undefined {
  if (cells.mode !== header.mode) return undefined;
  if (cells.strict && header.strict && cells.strict.length === header.strict.length)
    return { cells: { mode: cells.mode, starts: cells.strict }, columns: header.strict };
  return cells.starts.length === header.columns.length ? { cells, columns: header.columns } : undefined;
}

const cellIndex = (cells: Cells, pos: number): number => {
  let i = 0;
  while (i + 1 < cells.starts.length && (cells.starts[i + 1] ?? Infinity) <= pos) i++;
  return i;
};

/** A table's heading row: which column holds what. */
interface Header {
  mode: Cells['mode'];
  columns: (LabelKind | undefined)[];
  /** The columns counted one per tab. */
  strict?: (LabelKind | undefined)[];
}

function columnsOf(tokens: Token[], folded: (string | undefined)[], starts: number[]): (LabelKind | undefined)[] | undefined {
  const cells: Cells = { mode: '|', starts };
  const columns: (LabelKind | undefined)[] = starts.map(() => undefined);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    if (t.kind === 'mac' || /\d/.test(t.text)) return undefined;
    const label = t.kind === 'word' ? labelAt(tokens, folded, i) : undefined;
    if (label) {
      const c = cellIndex(cells, t.start);
      columns[c] ??= label.kind;
      i = label.end - 1;
    }
  }
  const hasPuk = columns.includes('puk');
  const hasId = columns.some((k) => k === 'mac' || k === 'serial' || k === 'code');
  return hasPuk && hasId ? columns : undefined;
}

function headerOf(tokens: Token[], folded: (string | undefined)[], cells: Cells): Header | undefined {
  const columns = columnsOf(tokens, folded, cells.starts);
  if (!columns) return undefined;
  const strict = cells.strict ? columnsOf(tokens, folded, cells.strict) : undefined;
  return { mode: cells.mode, columns, ...(strict ? { strict } : {}) };
}

interface Labelled {
  /** The label standing before each token, if any. */
  governed: (LabelKind | undefined)[];
  isLabel: boolean[];
  /** The line is one label and nothing else ("PUK:"): its value is the next line's first. */
  alone?: LabelKind;
}

function labelsOf(tokens: Token[], folded: (string | undefined)[]): Labelled {
  const governed: (LabelKind | undefined)[] = new Array<LabelKind | undefined>(tokens.length);
  const isLabel: boolean[] = new Array<boolean>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const label = labelAt(tokens, folded, i);
    if (!label) continue;
    for (let k = i; k < label.end; k++) isLabel[k] = true;
    let v = label.end;
    for (; v < tokens.length; v++) {
      const t = tokens[v];
      if (!t) break;
      if (t.kind === 'punct' && BEFORE_VALUE.has(t.text)) continue;
      if (t.kind === 'word' && FILLERS.has(folded[v] ?? '')) continue;
      break;
    }
    if (v < tokens.length && !labelAt(tokens, folded, v)) governed[v] = label.kind;
    else if (v >= tokens.length && tokens.slice(0, i).every((t) => t.kind === 'punct')) return { governed, isLabel, alone: label.kind };
    i = label.end - 1;
  }
  return { governed, isLabel };
}

/** A label alone on its line governs the first value of the next line, when that is in the same quote. */
function carryLabels(lines: { tokens: Token[]; folded: (string | undefined)[]; labels: Labelled; depth: number }[]): void {
  lines.forEach((l, li) => {
    const next = lines[li + 1];
    if (!l.labels.alone || !next || next.depth !== l.depth) return;
    const f = next.tokens.findIndex((t) => t.kind !== 'punct');
    if (f < 0 || next.labels.isLabel[f] || next.labels.governed[f] !== undefined) return;
    next.labels.governed[f] = l.labels.alone;
  });
}

function readLine(
  text: string,
  tokens: Token[],
  folded: (string | undefined)[],
  labels: Labelled,
  consumed: Map<number, IdItem | null> | undefined,
  header: Header | undefined,
  cells: Cells | undefined,
  known: Known,
): Item[] {
  let governed = labels.governed;
  const { isLabel } = labels;
  // A table row under a heading: each cell is read as if its column's label stood before it.
  const row = header && cells ? asHeading(cells, header) : undefined;
  if (row) {
    governed = [...governed];
    let lastCell = -1;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (!t || t.kind === 'punct') continue;
      const c = cellIndex(row.cells, t.start);
      const kind = row.columns[c];
      if (kind === 'other') governed[i] = 'other';
      else if (kind && c !== lastCell) governed[i] = kind;
      lastCell = c;
    }
  }
  const items: Item[] = [];
  // Words that gave nothing (a make, "Invoice", a label we do not know): an unlabelled value right
  // after one in the same cell is that word's value, not a PUK.
  const plain: boolean[] = new Array<boolean>(tokens.length);
  /** A bare hex MAC, where one may stand: a camera's, under a MAC label, or of Bosch's range. */
  const macAt = (hex: string, g: LabelKind | undefined): number[] | undefined => {
    const cams = known.mac.get(hex);
    return cams || g === 'mac' || OUIS.has(hex.slice(0, 6)) ? (cams ?? []) : undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.kind === 'punct' || isLabel[i]) continue;
    const code = consumed?.get(i);
    if (code !== undefined) {
      if (code) items.push(code);
      continue;
    }
    const g = governed[i];
    if (g === 'other') {
      plain[i] = true;
      continue;
    }
    const macHex = t.kind === 'mac' || DOTTED_MAC.test(t.text) ? hex12(t.text) : undefined;
    if (t.kind === 'mac' || macHex) {
      const hex = macHex ?? hex12(t.text);
      items.push({ kind: 'id', by: 'mac', cams: known.mac.get(hex) ?? [], pos: t.start });
      continue;
    }
    const spaced = spacedMac(tokens, i);
    const spacedCams = spaced && !tokens.slice(i, spaced.end + 1).some((_, k) => consumed?.has(i + k)) ? macAt(spaced.hex, g) : undefined;
    if (spaced && spacedCams) {
      items.push({ kind: 'id', by: 'mac', cams: spacedCams, pos: t.start });
      i = spaced.end;
      continue;
    }
    const pairedCams = PAIRED_MAC.test(t.text) ? macAt(hex12(t.text), g) : undefined;
    if (pairedCams) {
      items.push({ kind: 'id', by: 'mac', cams: pairedCams, pos: t.start });
      continue;
    }
    if (!CLEAN.test(t.text)) {
      plain[i] = true;
      continue;
    }
    const compact = compactOf(t.text);
    if (HEX12.test(compact) && !t.text.includes('-')) {
      const cams = macAt(compact, g);
      if (cams) {
        items.push({ kind: 'id', by: 'mac', cams, pos: t.start });
        continue;
      }
    }
    const serialCams = known.serial.get(compact);
    if (serialCams || (g === 'serial' && compact.length >= 4 && compact.length <= 32)) {
      items.push({ kind: 'id', by: 'serial', cams: serialCams ?? [], pos: t.start });
      continue;
    }
    if (known.code.has(compact) || g === 'code' || g === 'mac' || g === 'serial') continue;
    const prev = tokens[i - 1];
    const signed = prev?.kind === 'punct' && prev.end === t.start && (prev.text === '#' || prev.text === '+');
    if (g === 'puk') {
      // PUKs written in even groups ("7X2Q 9M4K 8PZ1") are one value.
      let end = i;
      let value = t.text;
      if (/^[A-Z0-9]{3,8}$/.test(t.text)) {
        for (let k = i + 1; k < tokens.length; k++) {
          const next = tokens[k];
          const last = tokens[k - 1];
          if (!next || !last || next.kind !== 'word' || next.start !== last.end + 1 || next.text.length > t.text.length) break;
          if (!/^[A-Z0-9]+$/.test(next.text) || (value + next.text).length > PUK_RULE.maxLength) break;
          value = `${value} ${next.text}`;
          end = k;
          if (next.text.length < t.text.length) break;
        }
      }
      const c = compactOf(value);
      if (pukShaped(c)) {
        items.push({ kind: 'puk', puk: value, compact: c, labelled: true, pos: t.start });
        i = end;
      }
      continue;
    }
    if (
      signed ||
      !/\d/.test(compact) ||
      !pukShaped(compact) ||
      NOT_PUK.some((r) => r.test(t.text)) ||
      valueOfWord(text, tokens, folded, plain, i)
    ) {
      plain[i] = true;
      continue;
    }
    items.push({ kind: 'puk', puk: t.text, compact, labelled: false, pos: t.start });
  }
  return items;
}

/** Token i comes right after a word that gave nothing, in the same cell, with no filler ("is") between. */
function valueOfWord(text: string, tokens: Token[], folded: (string | undefined)[], plain: boolean[], i: number): boolean {
  let p = i - 1;
  while (p >= 0 && tokens[p]?.kind === 'punct' && tokens[p]?.text !== '|') p--;
  const prev = tokens[p];
  const t = tokens[i];
  if (!prev || !t || !plain[p] || FILLERS.has(folded[p] ?? '')) return false;
  const between = text.slice(prev.end, t.start);
  return !between.includes('\t') && !between.includes('|') && !between.includes('  ');
}

// --- challenge codes, which may be grouped or broken over two lines --------------------------

function findCodes(
  lines: { tokens: Token[]; labels: Labelled; depth: number }[],
  known: Known,
): (Map<number, IdItem | null> | undefined)[] {
  const consumed: (Map<number, IdItem | null> | undefined)[] = [];
  const prefixes = new Set<string>();
  for (const code of known.code.keys()) for (let k = 1; k <= code.length; k++) prefixes.add(code.slice(0, k));
  const pieces: CodePiece[] = [];
  lines.forEach((l, li) => {
    l.tokens.forEach((t, ti) => {
      if (t.kind !== 'word' || !CLEAN.test(t.text)) return;
      const compact = compactOf(t.text);
      if (compact.length > CHALLENGE_LENGTH) return;
      const prev = pieces[pieces.length - 1];
      const before = l.tokens[ti - 1];
      let joined = false;
      if (prev && prev.line === li && prev.token === ti - 1 && before && before.end < t.start) joined = true;
      else if (prev && ti === 0 && prev.line === li - 1 && prev.token === (lines[li - 1]?.tokens.length ?? 0) - 1)
        joined = lines[li - 1]?.depth === l.depth;
      pieces.push({ line: li, token: ti, compact, joined });
    });
  });
  let s = 0;
  while (s < pieces.length) {
    const first = pieces[s];
    if (!first) break;
    const label = lines[first.line]?.labels.governed[first.token];
    const governed = label === 'code';
    if (!governed && !prefixes.has(first.compact)) {
      s = label === undefined ? unknownCode(pieces, s, consumed) : s + 1;
      continue;
    }
    // Grown one piece at a time and given up as soon as it starts no known code: linear however hostile.
    let acc = '';
    let e = s;
    for (; e < pieces.length; e++) {
      const p = pieces[e];
      if (!p || (e > s && !p.joined)) break;
      acc += p.compact;
      if (acc.length >= CHALLENGE_LENGTH || (!governed && !prefixes.has(acc))) break;
    }
    if (acc.length === CHALLENGE_LENGTH) {
      const cams = known.code.get(acc);
      if (cams || governed) {
        for (let k = s; k <= e; k++) {
          const p = pieces[k];
          if (!p) continue;
          const map = (consumed[p.line] ??= new Map());
          map.set(p.token, k === s ? { kind: 'id', by: 'code', cams: cams ?? [], pos: 0 } : null);
        }
        const item = consumed[first.line]?.get(first.token);
        if (item) item.pos = lines[first.line]?.tokens[first.token]?.start ?? 0;
        s = e + 1;
        continue;
      }
    }
    s = label === undefined ? unknownCode(pieces, s, consumed) : s + 1;
  }
  return consumed;
}

/**
 * A challenge code of no camera on file (an old one, one mistyped in our request): one word of the
 * code's length, or even groups that make it up exactly. It is an identifier naming no camera, so
 * its groups are never PUKs and its block's PUKs go to no camera. Returns where to read on.
 */
function unknownCode(pieces: CodePiece[], s: number, consumed: (Map<number, IdItem | null> | undefined)[]): number {
  const first = pieces[s];
  const before = pieces[s - 1];
  if (!first || (first.joined && before?.compact.length === first.compact.length)) return s + 1;
  let acc = '';
  let e = s;
  for (; e < pieces.length && acc.length < CHALLENGE_LENGTH; e++) {
    const p = pieces[e];
    if (!p || (e > s && (!p.joined || p.compact.length !== first.compact.length))) break;
    acc += p.compact;
  }
  const after = pieces[e];
  if (acc.length !== CHALLENGE_LENGTH || !/\d/.test(acc) || (after?.joined && after.compact.length === first.compact.length)) return s + 1;
  for (let k = s; k < e; k++) {
    const p = pieces[k];
    if (p) (consumed[p.line] ??= new Map()).set(p.token, k === s ? { kind: 'id', by: 'code', cams: [], pos: 0 } : null);
  }
  return e;
}

// --- where a mail's own furniture is ----------------------------------------------------------

const HEADER_LINE =
  /^(?:(?:from|von|de|da|van|sent|gesendet|envoye|enviado|inviato|verzonden|to|an|para|aan|cc|subject|betreff|objet|asunto|oggetto|onderwerp)\s*:|-{2,}\s*(?:original message|ursprungliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht)|-{2,}\s*(?:forwarded message|weitergeleitete nachricht)|begin forwarded message|(?:on|am|le|el|il|op)\s.{0,200}(?:wrote|schrieb|a ecrit|escribio|ha scritto|schreef)\s*:?\s*$)/;
const CLOSING_WORDS = new Set(
  'best|kind|warm|warmest|many|thanks|thank|you|and|regards|with|mit|freundlichen|freundliche|viele|beste|liebe|grusse|grussen|gruss|cordialement|bien|merci|salutations|sinceres|saludos|saludo|un|gracias|atentamente|cordiali|distinti|saluti|grazie|met|vriendelijke|groet|groeten|bedankt|hartelijke|sincerely|cheers|yours|truly|vielen|dank|danke'.split(
    '|',
  ),
);
const CLOSING_STRONG =
  /\b(?:regards|grusse|grussen|gruss|cordialement|salutations|saludos|saludo|atentamente|saluti|groet|groeten|sincerely|cheers|thanks|thank|merci|dank|danke|gracias|grazie|bedankt)\b/;
const DISCLAIMER =
  /^(?:this\s+e-?mail|diese\s+e-?mail|ce\s+(?:message|courriel|e-?mail)|este\s+(?:mensaje|correo)|questo\s+messaggio|dit\s+(?:e-?mail|bericht)|confidential|disclaimer|vertraulich|registered\s+office|sitz\s*:|registergericht|registration\s+court|aufsichtsrat|geschaftsfuhrung|chairman)/;

function opensSignature(folded: string): boolean {
  const line = folded.trim();
  if (line === '--' || line === '__') return true;
  if (DISCLAIMER.test(line)) return true;
  if (line.length > 80 || !CLOSING_WORDS.has(/^\p{L}+/u.exec(line)?.[0] ?? '') || /\d/.test(line) || line.includes(':')) return false;
  const [head = '', ...rest] = line.split(',');
  const words = head.replace(/[!.]/g, ' ').split(/\s+/).filter(Boolean);
  if (!words.length || !words.every((w) => CLOSING_WORDS.has(w)) || !CLOSING_STRONG.test(head)) return false;
  return rest.join(',').trim().split(/\s+/).filter(Boolean).length <= 3;
}

// --- the reply ------------------------------------------------------------------------------

export function readBoschReply(text: string, cameras: CameraKey[]): BoschReplyReading {
  const known = knownOf(cameras);
  const raw = typeof text === 'string' ? linesOf(text) : [];
  const lexed = raw.map((l) => {
    const tokens = lex(l.text);
    const folded = tokens.map((t) => (t.kind === 'word' ? foldWord(t.text) : undefined));
    return { text: l.text, depth: l.depth, tokens, folded, labels: labelsOf(tokens, folded) };
  });
  carryLabels(lexed);
  // Challenge codes first, since a code's 8-character groups would each look like a PUK.
  const consumed = findCodes(lexed, known);

  const read: LineRead[] = [];
  let header: Header | undefined;
  let signature: number | undefined;
  lexed.forEach((l, li) => {
    const lineFolded = foldWord(l.text.slice(0, 300)).trim();
    const cells = cellsOf(l.text);
    const blank = !l.tokens.some((t) => t.kind !== 'punct');
    const furniture = HEADER_LINE.test(lineFolded);
    if (signature !== undefined && (furniture || l.depth !== signature)) signature = undefined;
    if (blank || furniture) {
      read.push({ items: [], empty: true });
      return;
    }
    const heading = cells ? headerOf(l.tokens, l.folded, cells) : undefined;
    if (heading) {
      header = heading;
      read.push({ items: [], empty: false });
      return;
    }
    if (!cells) header = undefined;
    const items = readLine(l.text, l.tokens, l.folded, l.labels, consumed[li], header, cells, known);
    if (signature === undefined && opensSignature(lineFolded)) signature = l.depth;
    if (signature !== undefined) {
      if (items.some((it) => it.kind === 'id' && it.cams.length > 0)) signature = undefined;
      else {
        read.push({ items: [], empty: true });
        return;
      }
    }
    read.push({ items, empty: false });
  });

  const found = new Map<number, Map<string, { puk: string; by: MatchedBy }>>();
  const unplaced = new Set<string>();
  const place = (puk: PukItem, to: Bound): void => {
    if (to.cam === undefined) {
      unplaced.add(puk.compact);
      return;
    }
    let values = found.get(to.cam);
    if (!values) {
      values = new Map<string, { puk: string; by: MatchedBy }>();
      found.set(to.cam, values);
    }
    if (!values.has(puk.compact)) values.set(puk.compact, { puk: puk.puk, by: to.by });
  };

  let start = 0;
  for (let i = 0; i <= read.length; i++) {
    if (i < read.length && !read[i]?.empty) continue;
    bindBlock(read.slice(start, i), known, place);
    start = i + 1;
  }

  const matched: PukMatch[] = [];
  const missing: number[] = [];
  const conflicting: number[] = [];
  const owners = new Map<string, number>();
  for (const [n, values] of found) for (const v of values.keys()) owners.set(v, owners.has(v) && owners.get(v) !== n ? -1 : n);
  for (const c of cameras) {
    const values = found.get(c.n);
    const only = values?.size === 1 ? [...values][0] : undefined;
    if (!values?.size) missing.push(c.n);
    else if (!only || owners.get(only[0]) === -1) conflicting.push(c.n);
    else matched.push({ n: c.n, puk: only[1].puk, by: only[1].by });
  }
  let stray = 0;
  for (const v of unplaced) if (!owners.has(v)) stray++;
  return { matched, missing, conflicting, unplaced: stray };
}

// --- binding within a block -------------------------------------------------------------------

interface Bound {
  cam?: number;
  by: MatchedBy;
}

/**
 * The camera a run of identifiers names: one of the site's cameras, together with identifiers of
 * kinds that camera has none of on file (a serial Bosch adds); none when they name two cameras or
 * only cameras not of this site.
 */
function resolve(ids: IdItem[], known: Known): Bound {
  const cams = new Set<number>();
  for (const id of ids) for (const n of id.cams) cams.add(n);
  const [cam] = cams;
  const first = ids[0]?.by ?? 'mac';
  if (cams.size !== 1 || cam === undefined) return { by: first };
  const camera = known.byN.get(cam);
  for (const id of ids) {
    if (id.cams.length === 0 && camera?.[id.by]) return { by: first };
    if (id.cams.length > 1) return { by: first };
  }
  const own = ids.find((id) => id.cams.length === 1);
  return { cam, by: own?.by ?? first };
}

function bindBlock(lines: LineRead[], known: Known, place: (puk: PukItem, to: Bound) => void): void {
  // Labelled PUKs make the block's unlabelled PUK-shaped words noise (a reference, a phone number).
  const labelled = lines.some((l) => l.items.some((it) => it.kind === 'puk' && it.labelled));
  const rows = lines.map((l) => l.items.filter((it) => it.kind === 'id' || it.labelled || !labelled)).filter((items) => items.length > 0);
  if (!rows.length) return;
  const allIds = rows.flatMap((items) => items.filter((it): it is IdItem => it.kind === 'id'));
  const whole = allIds.length ? resolve(allIds, known) : undefined;

  interface Group {
    row: number;
    ids: IdItem[];
    mixed: boolean;
    bound: Bound;
  }
  const groups: Group[] = [];
  const pukRows: number[] = [];
  rows.forEach((items, r) => {
    const ids = items.filter((it): it is IdItem => it.kind === 'id');
    const mixed = ids.length < items.length;
    if (!ids.length) {
      pukRows.push(r);
      return;
    }
    if (mixed) bindRow(items, known, place);
    // Identifier lines that follow one another name one camera together (its MAC, then its serial).
    const last = groups[groups.length - 1];
    if (!mixed && last && !last.mixed && last.row === r - 1) {
      last.ids.push(...ids);
      last.row = r;
      last.bound = resolve(last.ids, known);
    } else groups.push({ row: r, ids, mixed, bound: resolve(ids, known) });
  });

  const before = rows[0]?.every((it) => it.kind === 'puk') ?? false;
  // pukRows ascend, so the first group after each is found by walking forward once in all.
  let g = 0;
  for (const r of pukRows) {
    const puks = (rows[r] ?? []).filter((it): it is PukItem => it.kind === 'puk');
    while (g < groups.length && (groups[g]?.row ?? Infinity) < r) g++;
    let to: Bound | undefined;
    if (whole?.cam !== undefined) to = whole;
    else {
      const prev = groups[g - 1];
      const next = groups[g];
      if (!prev || !next) to = (prev ?? next)?.bound;
      else if (prev.bound.cam === next.bound.cam) to = prev.bound;
      else to = before ? next.bound : prev.bound;
    }
    for (const p of puks) place(p, to ?? { by: 'mac' });
  }
}

/** A row holding both identifiers and PUKs: its PUKs go to its own identifiers, never further. */
function bindRow(items: Item[], known: Known, place: (puk: PukItem, to: Bound) => void): void {
  const runs: { from: number; to: number; bound: Bound }[] = [];
  let i = 0;
  while (i < items.length) {
    if (items[i]?.kind !== 'id') {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < items.length && items[j + 1]?.kind === 'id') j++;
    runs.push({ from: i, to: j, bound: resolve(items.slice(i, j + 1) as IdItem[], known) });
    i = j + 1;
  }
  const same = runs.every((r) => r.bound.cam !== undefined && r.bound.cam === runs[0]?.bound.cam);
  const before = items[0]?.kind === 'puk';
  let r = 0;
  items.forEach((it, k) => {
    if (it.kind !== 'puk') return;
    if (same && runs[0]) return place(it, runs[0].bound);
    while (r < runs.length && (runs[r]?.to ?? Infinity) < k) r++;
    const prev = runs[r - 1];
    const next = runs[r];
    const to = before ? (next ?? prev) : (prev ?? next);
    place(it, to?.bound ?? { by: 'mac' });
  });
}
