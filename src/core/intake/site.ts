// Reading a whole site in one paste (issue 15): up to 200 cameras as a table copied from a
// spreadsheet, one line per camera, or one block per camera. Pure: the lifecycle decides what to
// do with the rows (refuse a bad one, keep the rest, cap the batch).
// Each value is read by the same rules as one camera's (fields.ts, and parseIntake's passes for a
// line or a block), so a row's problems are worded exactly as they would be for one camera.
import { type DeviceField, type FieldName, type FieldResult, parseField } from '../fields.js';
import { FIELDS } from '../i18n/catalog.js';
import type { Locale } from '../i18n/locale.js';
import { readIntake } from '../intake.js';
import { ageOfCell, isAgeHeading } from './ages.js';
import { cleanLine, cleanText, onlyStopwords, preview, trimValue } from './clean.js';
import { searchLabelledCode } from './code.js';
import { findLabels, labelOnly } from './labels.js';
import { Intake, type IntakeResult } from './result.js';
import { NEAR_MAC, shapeOf, valueTokens } from './shapes.js';

export interface SiteRowIssue {
  field: FieldName | 'row';
  input?: string;
  message: string;
}

export interface SiteRow {
  /** How the reply names this camera's row to the writer: its 1-based line number in the paste (table/lines), or block number for blocks. */
  row: number;
  /** Normalised values, as parseIntake gives them. */
  fields: Partial<Record<DeviceField, string>>;
  /** The row's 32-character challenge code, normalised; absent when the row has none, or two. */
  code?: string;
  /** An age given in that row or block ("generated 10 min ago", an "Alter" column). */
  ageMs?: number;
  /** Problems of this row, worded in the reader's language; the caller prefixes "Row 4:". */
  errors: SiteRowIssue[];
  warnings: SiteRowIssue[];
  /** The row as typed, cut, with any code masked as first4…last4, for quoting back. */
  text: string;
}

export interface SiteIntake {
  /** The text is laid out as several cameras: a table (2+ data rows), 2+ lines each with its own code, or 2+ blocks each with its own code. */
  multi: boolean;
  rows: SiteRow[];
  /** Fields given once for the whole site: labelled lines outside any row, or a block without a code that comes first or last. */
  shared: Partial<Record<DeviceField, string>>;
  sharedErrors: SiteRowIssue[];
  /** Lines that are none of these (quoted back, cut, codes masked); at most SITE_MAX_UNRECOGNISED. */
  unrecognised: string[];
  /** The text had more rows, lines or characters than read. */
  unread?: true;
}

// A site is at most 50 cameras (the caller's BATCH_MAX); reading 200 lets it say how many there
// were. The other caps bound the work on anything pasted by mistake (each line outside a table
// may be read as one camera's, some 40 µs): 600 lines (200 cameras of three, 50 of twelve), a
// spreadsheet row of 32 columns.
const SITE_MAX_ROWS = 200;
const SITE_MAX_TEXT_CHARS = 64_000;
const SITE_MAX_LINES = 600;
const SITE_MAX_LINE_CHARS = 1_000;
const MAX_COLUMNS = 32;
const SITE_MAX_UNRECOGNISED = 20;

type Column = FieldName | 'age' | undefined;
const SEPARATORS = ['\t', ';', '|'] as const;
type Separator = (typeof SEPARATORS)[number];

// What spreadsheets hold where a value is not known yet.
const PLACEHOLDER = /^(?:n\/?a|n\.a\.|k\.a\.|-+|\?+|\.+|x|tbd|tba|none|null|unknown|leer|vide|vacio|vuoto|leeg)$/i;
// A markdown table's line under its heading: |---|:---:|
const DIVIDER = /^:?-{2,}:?$/;
// Slashes, semicolons and pipes between values on one line ("MAC/FW/code"), never the one in "S/N" or "f/w".
const SLASH_BETWEEN = /(?<=[A-Za-z0-9]{2}|\d)\/(?=[A-Za-z0-9]{2}|\d)/g;
const TIGHT_SEPARATOR = /[;|](?=\S)|(?<!\d),(?=\S)|,(?=\D)/g;
// A MAC right after a code ("<code> 00:07:5F:…"): its first pair would read as more of the code.
const MAC_AFTER_WORD = /(?<=[A-Za-z0-9] )(?=[0-9A-Fa-f]{2}[:-][0-9A-Za-z]{2}[:-])/g;

// --- masking ----------------------------------------------------------------------------

const masked = (code: string): string => `${code.slice(0, 4)}…${code.slice(-4)}`;
// A run long enough to be a code, whole or nearly: written in one piece or in groups.
const LONG_RUN = /[A-Za-z0-9]{24,}/g;
const GROUPED_RUN = /(?:[A-Za-z0-9]{4,8}[ -]){3,8}[A-Za-z0-9]{4,8}(?![A-Za-z0-9])/g;

/** The text with each code in it (typed whole or in groups) and anything as long as one shown as first4…last4. */
function mask(text: string, codes: readonly string[]): string {
  // Only the start is ever shown (preview cuts it): a code straddling the cut is cut by it too.
  let out = text.length > 600 ? text.slice(0, 600) : text;
  // A code's characters with any spaces or dashes between them: unambiguous, so linear.
  for (const code of codes) out = out.replace(new RegExp(code.split('').join('[\\s-]*'), 'gi'), masked(code));
  out = out.replace(GROUPED_RUN, (run) => {
    const compact = run.replace(/[ -]/g, '');
    return compact.length >= 24 ? masked(compact) : run;
  });
  return out.replace(LONG_RUN, masked);
}

// --- the collected result ---------------------------------------------------------------

class SiteReader {
  readonly result: SiteIntake = { multi: false, rows: [], shared: {}, sharedErrors: [], unrecognised: [] };
  private blockRows = 0;
  constructor(readonly locale: Locale) {}

  get full(): boolean {
    return this.result.rows.length >= SITE_MAX_ROWS;
  }

  /** Adds a row, or notes that the paste has more than are read. */
  add(row: SiteRow): void {
    if (this.full) this.result.unread = true;
    else this.result.rows.push(row);
  }

  nextBlock(): number {
    this.blockRows += 1;
    return this.blockRows;
  }

  unrecognised(text: string, codes: readonly string[] = []): void {
    if (this.result.unrecognised.length < SITE_MAX_UNRECOGNISED) this.result.unrecognised.push(preview(mask(text, codes)));
  }

  twoCodes(): SiteRowIssue {
    return { field: 'challenge', message: FIELDS.word(this.locale, 'site.two_codes') };
  }
}

// --- splitting ----------------------------------------------------------------------------

/** A spreadsheet line's cells: quoted cells ("a;b", "say ""hi""") kept whole, at most MAX_COLUMNS. */
function splitCells(line: string, separator: Separator): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length && cells.length < MAX_COLUMNS) {
    while (line.charAt(i) === ' ') i += 1;
    if (line.charAt(i) === '"') {
      let cell = '';
      let j = i + 1;
      for (;;) {
        const quote = line.indexOf('"', j);
        if (quote < 0) {
          cell += line.slice(j);
          j = line.length;
          break;
        }
        cell += line.slice(j, quote);
        if (line.charAt(quote + 1) === '"') {
          cell += '"';
          j = quote + 2;
        } else {
          j = quote + 1;
          break;
        }
      }
      const end = line.indexOf(separator, j);
      cells.push(cell + (end < 0 ? line.slice(j) : line.slice(j, end)));
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    const end = line.indexOf(separator, i);
    cells.push(end < 0 ? line.slice(i) : line.slice(i, end));
    if (end < 0) break;
    i = end + 1;
  }
  return cells.map((cell) => cleanText(cell).replace(/ {2,}/g, ' ').trim());
}

const isEmptyCell = (cell: string): boolean => {
  const value = trimValue(cell);
  return value === '' || PLACEHOLDER.test(value);
};

/** What a cell's value looks like, without a heading: the field it is most likely for. */
function cellShape(cell: string): Column {
  const value = trimValue(cell);
  if (value === '' || PLACEHOLDER.test(value)) return undefined;
  if (isCodeCell(value)) return 'challenge';
  const shape = shapeOf(value);
  if (shape) return shape;
  if (NEAR_MAC.test(value)) return 'mac';
  if (ageOfCell(value, false) !== undefined) return 'age';
  const lead = leadingLabel(value);
  return lead?.field;
}

/** A cell that is a code, whole or nearly (a character missed or added): letters and digits, in groups or not. */
function isCodeCell(value: string): boolean {
  if (value.length > 48) return false;
  const compact = value.replace(/[\s-]/g, '');
  return /^[A-Za-z0-9]{28,36}$/.test(compact) && /[A-Za-z]/.test(compact) && /\d/.test(compact);
}

/** "MAC: 00:07:…" in a cell: the label's field and the value after it. */
function leadingLabel(value: string): { field: FieldName; value: string } | undefined {
  const hits = findLabels(value);
  const [hit] = hits;
  if (hits.length !== 1 || hit === undefined || !hit.leading || hit.start !== 0) return undefined;
  const rest = trimValue(value.slice(hit.valueStart));
  return rest === '' ? undefined : { field: hit.field, value: rest };
}

function headingOf(cell: string): Column {
  const text = cell.replace(/\s*\([^()]{0,30}\)\s*$/, '');
  return labelOnly(text) ?? (isAgeHeading(cell) ? 'age' : undefined);
}

/** A heading row: it names at least one field and holds no value. */
function isHeading(cells: string[]): boolean {
  const headings = cells.map((cell) => (cell === '' ? undefined : headingOf(cell)));
  if (!headings.some((h) => h !== undefined && h !== 'age')) return false;
  return cells.every((cell, c) => cell === '' || headings[c] !== undefined || cellShape(cell) === undefined);
}

const isDivider = (cells: string[]): boolean => cells.every((c) => c === '' || DIVIDER.test(c)) && cells.some((c) => c !== '');

// --- the table -----------------------------------------------------------------------------

interface TableLine {
  index: number;
  cells: string[];
  heading: boolean;
}

/** Each column's field: from the heading where it names one, else by the shape most of its values have. */
function columnsOf(lines: TableLine[]): Column[] {
  const width = Math.max(...lines.map((l) => l.cells.length));
  const header = lines.find((l) => l.heading);
  const columns: Column[] = Array.from({ length: width }, () => undefined);
  const taken = new Set<Column>();
  if (header) {
    header.cells.forEach((cell, c) => {
      const heading = headingOf(cell);
      // A second column named for the same field is ignored; only codes may have two ("Code", "Code new").
      if (heading === undefined || (taken.has(heading) && heading !== 'challenge')) return;
      columns[c] = heading;
      taken.add(heading);
    });
  }
  // Columns the heading does not name (or every column, without one) are placed by their values.
  const votes: Array<{ column: number; field: Column; count: number }> = [];
  for (let c = 0; c < width; c += 1) {
    if (columns[c] !== undefined) continue;
    const counts = new Map<Column, number>();
    let filled = 0;
    for (const line of lines) {
      if (line.heading) continue;
      const cell = line.cells[c] ?? '';
      if (isEmptyCell(cell)) continue;
      filled += 1;
      const shape = cellShape(cell);
      if (shape !== undefined) counts.set(shape, (counts.get(shape) ?? 0) + 1);
    }
    let best: { field: Column; count: number } | undefined;
    for (const [field, count] of counts) if (!best || count > best.count) best = { field, count };
    if (best && best.count * 2 >= filled) votes.push({ column: c, ...best });
  }
  // A field goes to the column most of whose values have its shape; codes may fill two columns.
  votes.sort((a, b) => b.count - a.count || a.column - b.column);
  for (const vote of votes) {
    if (taken.has(vote.field) && vote.field !== 'challenge') continue;
    if (vote.field === 'challenge' && header && taken.has('challenge')) continue;
    columns[vote.column] = vote.field;
    taken.add(vote.field);
  }
  return columns;
}

interface TableLayout {
  separator: Separator;
  columns: Column[];
  /** The first and last lines of cameras: labelled lines outside them are the site's. */
  first: number;
  last: number;
}

// "Modell: NDE-3503-AL; FW: 7.80" above or below the rows is for the whole site, not a camera.
const labelledOnly = (line: TableLine): boolean =>
  !line.heading && line.cells.every((cell) => isEmptyCell(cell) || leadingLabel(trimValue(cell)) !== undefined);

/** The columns of the whole table, blank lines and all: a heading holds for every row under it. */
function layoutOf(lines: TableLine[], separator: Separator): TableLayout {
  const rows = lines.filter((l) => !l.heading && !labelledOnly(l));
  const first = rows[0]?.index ?? Infinity;
  const last = rows[rows.length - 1]?.index ?? -Infinity;
  const columns = columnsOf(lines.filter((l) => l.heading || !labelledOnly(l) || (l.index > first && l.index < last)));
  return { separator, columns, first, last };
}

function readTable(reader: SiteReader, lines: TableLine[], layout: TableLayout): void {
  const { first, last, columns, separator } = layout;
  for (const line of lines) {
    if (line.heading) continue;
    if ((line.index < first || line.index > last) && labelledOnly(line)) {
      const text = line.cells.filter((c) => c !== '').join('; ');
      shareOrQuote(reader, text, readText(text, reader.locale));
      continue;
    }
    if (reader.full) {
      reader.result.unread = true;
      return;
    }
    const row = tableRow(reader, line, columns, separator);
    if (row) reader.add(row);
  }
}

function tableRow(reader: SiteReader, line: TableLine, columns: Column[], separator: Separator): SiteRow | undefined {
  const { locale } = reader;
  const fields: Partial<Record<DeviceField, string>> = {};
  const errors: SiteRowIssue[] = [];
  const warnings: SiteRowIssue[] = [];
  const codes: string[] = [];
  let ageMs: number | undefined;
  let read = false;

  for (const [c, cell] of line.cells.entries()) {
    const column = columns[c];
    if (column === undefined || isEmptyCell(cell)) continue;
    let value = trimValue(cell);
    let field: Column = column;
    const lead = leadingLabel(value);
    if (lead) ({ field, value } = lead);
    if (field === 'age') {
      const age = ageOfCell(value, true);
      if (age !== undefined) ageMs = age;
      read ||= age !== undefined;
      continue;
    }
    read = true;
    if (field === 'challenge') {
      const outcome = searchLabelledCode(value, locale);
      if (outcome?.kind === 'code') codes.push(outcome.code);
      else if (outcome) errors.push({ field, input: mask(outcome.input, []), message: outcome.message });
      continue;
    }
    // A second value for a field (a labelled cell in another column) leaves the first.
    if (fields[field] !== undefined) continue;
    record(field, value, parseField(field, value, locale), fields, errors, warnings);
  }
  if (!read) {
    // A line of names or remarks only: no camera.
    if (line.cells.some((c) => !isEmptyCell(c))) reader.unrecognised(shownCells(line.cells, separator));
    return undefined;
  }
  const distinct = [...new Set(codes)];
  if (distinct.length > 1) errors.unshift(reader.twoCodes());
  const row: SiteRow = { row: line.index + 1, fields, errors, warnings, text: preview(mask(shownCells(line.cells, separator), distinct)) };
  if (distinct.length === 1) row.code = distinct[0];
  if (ageMs !== undefined) row.ageMs = ageMs;
  return row;
}

function record(
  field: DeviceField,
  input: string,
  parsed: FieldResult,
  fields: Partial<Record<DeviceField, string>>,
  errors: SiteRowIssue[],
  warnings: SiteRowIssue[],
): void {
  if (!parsed.ok) {
    errors.push({ field, input, message: parsed.error });
    return;
  }
  fields[field] = parsed.value;
  if (parsed.warning) warnings.push({ field, message: parsed.warning });
}

/** A row as it reads back: tab-separated cells shown with " | ", trailing empty cells dropped. */
function shownCells(cells: string[], separator: Separator): string {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end -= 1;
  return cells.slice(0, end).join(separator === '\t' ? ' | ' : ` ${separator} `);
}

// --- lines and blocks ----------------------------------------------------------------------

/** A line outside the table, read as one camera's line only when asked: most lines are read once, in their block. */
class TextLine {
  /** The text as one camera's line is read (see spacedLine). */
  readonly spaced: string;
  /** A run of letters and digits long enough for a code: only such a line can be one camera's line. */
  readonly mayHoldCode: boolean;
  private read: Reading | undefined;

  constructor(
    readonly index: number,
    readonly text: string,
    private readonly locale: Locale,
  ) {
    this.spaced = spacedLine(text);
    this.mayHoldCode = longestRun(text) >= 28;
  }

  get reading(): Reading {
    this.read ??= readText(this.spaced, this.locale);
    return this.read;
  }
}

/** Letters and digits in the longest run of them, spaces and dashes between groups allowed. */
function longestRun(text: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      run += 1;
      if (run > best) best = run;
    } else if (c !== 32 && c !== 45) run = 0;
  }
  return best;
}

interface Reading {
  result: IntakeResult;
  codes: string[];
}

/** One line or block read as parseIntake reads one camera, keeping every code it holds. */
function readText(text: string, locale: Locale): Reading {
  const intake = new Intake(locale);
  readIntake(intake, text, undefined);
  const codes = [...new Set(intake.foundCodes)];
  return { result: intake.finish(), codes };
}

/** A code, or a code that breaks its rule (31 characters): either way a camera's, never the site's. */
const isCamera = (reading: Reading): boolean => reading.codes.length > 0 || reading.result.errors.some((e) => e.field === 'challenge');
const deviceCount = (reading: Reading): number => Object.keys(reading.result.fields).length;
const hasContent = (reading: Reading): boolean =>
  reading.codes.length > 0 || deviceCount(reading) > 0 || reading.result.errors.length > 0 || reading.result.ageMs !== undefined;

/** `spaced` is the text as read; on a camera given on one line (`oneLine`) the values beside its code are read too. */
function rowOf(reader: SiteReader, number: number, shown: string, spaced: string, reading: Reading, oneLine: boolean): SiteRow {
  const { result } = reading;
  if (result.unread) reader.result.unread = true;
  const codes = [...reading.codes, ...moreCodes(spaced, reading.codes)];
  const fields = { ...result.fields };
  const errors: SiteRowIssue[] = result.errors.map((e) => ({
    field: e.field,
    input: e.field === 'challenge' ? mask(e.input, codes) : e.input,
    message: e.message,
  }));
  const warnings: SiteRowIssue[] = result.warnings.map((w) => ({ field: w.field, message: w.message }));
  if (oneLine) valuesBesideCodes(reader.locale, spaced, codes, fields, errors, warnings);
  if (codes.length > 1) errors.unshift(reader.twoCodes());
  const row: SiteRow = { row: number, fields, errors, warnings, text: preview(mask(shown, codes)) };
  if (codes.length === 1) row.code = codes[0];
  if (result.ageMs !== undefined) row.ageMs = result.ageMs;
  return row;
}

/**
 * Whole codes beside the one a camera's reading found: it keeps one code per run of groups, so
 * "<code> <code>" on one line reads as one.
 */
function moreCodes(text: string, found: readonly string[]): string[] {
  if (found.length === 0) return [];
  const more: string[] = [];
  for (const token of cutCodes(text, found).split(/[^A-Za-z0-9]+/)) {
    if (token.length === 32 && /[A-Za-z]/.test(token) && /\d/.test(token) && !more.includes(token)) more.push(token);
  }
  return more;
}

function cutCodes(text: string, codes: readonly string[]): string {
  let rest = text;
  for (const code of codes) rest = rest.replace(new RegExp(code.split('').join('[\\s-]*'), 'gi'), ' ');
  return rest;
}

/**
 * One camera's line holds its values beside its code in any order: once the code is cut out,
 * the short serials and the near-miss MACs one camera's reading leaves (they could be a slice of
 * a code there) are placed by their shape too.
 */
function valuesBesideCodes(
  locale: Locale,
  text: string,
  codes: readonly string[],
  fields: Partial<Record<DeviceField, string>>,
  errors: SiteRowIssue[],
  warnings: SiteRowIssue[],
): void {
  const rest = cutCodes(text, codes);
  for (const token of valueTokens(rest.replace(/ {2,}/g, ' ').trim())) {
    const shape = shapeOf(token) ?? (NEAR_MAC.test(token) ? 'mac' : undefined);
    if (shape === undefined || fields[shape] !== undefined || errors.some((e) => e.field === shape || e.input === token)) continue;
    // A value a label already placed in another field ("SN 00075FAABB01") is not read twice.
    const upper = token.toUpperCase();
    if (Object.values(fields).some((v) => v === upper || v === token)) continue;
    record(shape, token, parseField(shape, token, locale), fields, errors, warnings);
  }
}

/**
 * A line as one camera's line reads it: values between slashes, semicolons or tight commas are
 * words apart, and a MAC after a word is set off by a '#' (which ends a run of code groups, and
 * which a label may have before its value: "MAC # 00:07:…").
 */
const spacedLine = (text: string): string =>
  text
    .replace(SLASH_BETWEEN, ' ')
    .replace(TIGHT_SEPARATOR, (s) => `${s} `)
    .replace(MAC_AFTER_WORD, '# ');

/** Lines between blank lines (or a table): one camera, several cameras one per line, or fields for all. */
function readBlock(reader: SiteReader, block: TextLine[], place: { first: boolean; last: boolean }): void {
  // A block is several cameras' lines only when two of its lines may hold a code; else it is read once, whole.
  const codeLines = block.filter((l) => l.mayHoldCode).length >= 2 ? block.filter((l) => l.mayHoldCode && isCamera(l.reading)) : [];
  if (codeLines.length >= 2) {
    const firstCode = block.indexOf(codeLines[0] as TextLine);
    const lastCode = block.indexOf(codeLines[codeLines.length - 1] as TextLine);
    const between = block.slice(firstCode, lastCode + 1).filter((l) => !isCamera(l.reading) && deviceCount(l.reading) > 0);
    if (between.length === 0) {
      // One line per camera; lines of fields above or below them are for all.
      block.forEach((line, k) => {
        if (codeLines.includes(line)) reader.add(rowOf(reader, line.index + 1, line.text, line.spaced, line.reading, true));
        else if (k < firstCode || k > lastCode) shareOrQuote(reader, line.text, line.reading);
        else reader.unrecognised(line.text);
      });
      return;
    }
    // Labelled blocks without blank lines between them: a field said again starts the next camera.
    for (const group of repeatGroups(block)) blockRow(reader, group, true);
    return;
  }
  const text = block.map((l) => l.spaced).join('\n');
  const reading = block.length === 1 ? (block[0] as TextLine).reading : readText(text, reader.locale);
  if (isCamera(reading) || (!place.first && !place.last && deviceCount(reading) > 0)) {
    blockRow(reader, block, false, reading);
    return;
  }
  shareOrQuote(reader, text, reading);
}

function blockRow(reader: SiteReader, group: TextLine[], split: boolean, known?: Reading): void {
  if (reader.full) {
    reader.result.unread = true;
    return;
  }
  const spaced = group.map((l) => l.spaced).join('\n');
  const reading = known ?? (split && group.length === 1 ? (group[0] as TextLine).reading : readText(spaced, reader.locale));
  const row = rowOf(reader, reader.nextBlock(), group.map((l) => l.text).join(' · '), spaced, reading, group.length === 1);
  reader.add(row);
  // "Camera 3 – Lobby" heading a camera's block names it, as a spreadsheet's name column does: not quoted back.
  const first = preview(cleanLine(cleanText(group[0]?.text ?? '')));
  for (const line of reading.result.unrecognised) {
    if (!(group.length > 1 && line === first && line.length <= 40)) reader.unrecognised(line, reading.codes);
  }
}

/** Groups of lines in which no field is said twice. */
function repeatGroups(block: TextLine[]): TextLine[][] {
  const groups: TextLine[][] = [];
  let group: TextLine[] = [];
  let seen = new Set<string>();
  for (const line of block) {
    const said = [...Object.keys(line.reading.result.fields), ...(isCamera(line.reading) ? ['challenge'] : [])];
    if (said.some((f) => seen.has(f))) {
      groups.push(group);
      group = [];
      seen = new Set();
    }
    group.push(line);
    for (const f of said) seen.add(f);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Fields for the whole site, or words that are none of ours. */
function shareOrQuote(reader: SiteReader, text: string, reading: Reading): void {
  if (reading.result.unread) reader.result.unread = true;
  Object.assign(reader.result.shared, reading.result.fields);
  reader.result.sharedErrors.push(
    ...reading.result.errors.map((e) => ({
      field: e.field,
      input: e.field === 'challenge' ? mask(e.input, []) : e.input,
      message: e.message,
    })),
  );
  for (const line of reading.result.unrecognised) reader.unrecognised(line);
  if (!hasContent(reading) && reading.result.unrecognised.length === 0 && !onlyStopwords(text)) reader.unrecognised(text);
}

// --- duplicates ----------------------------------------------------------------------------

/** The second row with a code or MAC already given is an error naming the first. */
function markRepeats(reader: SiteReader): void {
  const byCode = new Map<string, number>();
  const byMac = new Map<string, number>();
  for (const row of reader.result.rows) {
    const code = row.code?.toUpperCase();
    const mac = row.fields.mac;
    const first = (code !== undefined ? byCode.get(code) : undefined) ?? (mac !== undefined ? byMac.get(mac) : undefined);
    if (first !== undefined) {
      const field = code !== undefined && byCode.has(code) ? 'challenge' : 'mac';
      row.errors.push({ field: 'row', message: FIELDS.word(reader.locale, 'site.repeats_row', { row: String(first), field }) });
      continue;
    }
    if (code !== undefined) byCode.set(code, row.row);
    if (mac !== undefined) byMac.set(mac, row.row);
  }
}

// --- the layout ----------------------------------------------------------------------------

/** The separator of a spreadsheet paste: on 2+ lines, most of them holding a code, or under a heading row. */
interface Table {
  separator: Separator;
  lines: Map<number, TableLine>;
  /** Markdown's |---|---| lines, read as nothing. */
  dividers: Set<number>;
  /** The line from which on the paste has more rows than are read. */
  cutAt?: number;
}

function tableOf(lines: Array<{ index: number; text: string }>): Table | undefined {
  for (const separator of SEPARATORS) {
    const table: Table = { separator, lines: new Map(), dividers: new Set() };
    let codeRows = 0;
    let dataRows = 0;
    let headed = false;
    for (const line of lines) {
      if (!line.text.includes(separator)) continue;
      if (dataRows >= SITE_MAX_ROWS) {
        // Past the rows read, the rest is unread: no need to split it.
        table.cutAt = line.index;
        break;
      }
      const cells = splitCells(line.text, separator);
      if (isDivider(cells)) {
        table.dividers.add(line.index);
        continue;
      }
      if (cells.every((c) => c === '')) continue;
      const heading = isHeading(cells);
      headed ||= heading;
      if (!heading) {
        dataRows += 1;
        if (cells.some((c) => isCodeCell(trimValue(c)))) codeRows += 1;
      }
      table.lines.set(line.index, { index: line.index, cells, heading });
    }
    if (table.lines.size >= 2 && (headed || codeRows * 2 > dataRows)) return table;
  }
  return undefined;
}

/** Reads a multi-camera paste in any of the six languages; `locale` words the problems found. */
export function parseSite(text: string, locale: Locale): SiteIntake {
  const reader = new SiteReader(locale);
  if (typeof text !== 'string') return reader.result;
  if (text.length > SITE_MAX_TEXT_CHARS) reader.result.unread = true;

  // Lines as typed (tabs kept: they may be a spreadsheet's cells), long runs of spaces made one.
  const lines: Array<{ index: number; text: string } | undefined> = [];
  let filled = 0;
  for (const [index, raw] of text
    .slice(0, SITE_MAX_TEXT_CHARS)
    .split(/\r\n|\r|\n/)
    .entries()) {
    const line = raw.replace(/ {2,}/g, ' ').trim();
    if (line === '' || /^[\s\u200B-\u200D\u2060\uFEFF]*$/.test(line)) {
      lines.push(undefined);
      continue;
    }
    filled += 1;
    if (filled > SITE_MAX_LINES) {
      reader.result.unread = true;
      break;
    }
    if (line.length > SITE_MAX_LINE_CHARS) {
      // Nobody types a row this long; quoting it back is more useful than scanning it.
      reader.unrecognised(line);
      lines.push(undefined);
      continue;
    }
    lines.push({ index, text: line });
  }

  const table = tableOf(lines.filter((l): l is { index: number; text: string } => l !== undefined));

  // Segments in paste order: runs of table lines, and blocks of other lines between blank lines.
  type Segment = { kind: 'table'; lines: TableLine[] } | { kind: 'block'; lines: TextLine[] };
  const segments: Segment[] = [];
  let current: Segment | undefined;
  for (const line of lines) {
    if (line === undefined) {
      current = undefined;
      continue;
    }
    if (table?.cutAt !== undefined && line.index >= table.cutAt) {
      reader.result.unread = true;
      break;
    }
    if (table?.dividers.has(line.index)) continue;
    const tableLine = table?.lines.get(line.index);
    if (tableLine) {
      if (current?.kind !== 'table') segments.push((current = { kind: 'table', lines: [] }));
      current.lines.push(tableLine);
      continue;
    }
    if (current?.kind !== 'block') segments.push((current = { kind: 'block', lines: [] }));
    current.lines.push(new TextLine(line.index, line.text, locale));
  }

  const layout = table ? layoutOf([...table.lines.values()], table.separator) : undefined;
  segments.forEach((segment, k) => {
    if (segment.kind === 'table' && layout) readTable(reader, segment.lines, layout);
    else if (segment.kind === 'block') readBlock(reader, segment.lines, { first: k === 0, last: k === segments.length - 1 });
  });

  markRepeats(reader);
  reader.result.multi = reader.result.rows.length >= 2;
  return reader.result;
}
