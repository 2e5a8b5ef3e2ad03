// Words for one reader in one language: a catalog message (ICU MessageFormat) with its values
// becomes a Paragraph of rich inlines. Marks are the translator's, written as tags in the
// message: <b>…</b> for bold, <code>…</code> for code, <link>…</link> around a link's label
// (its address is the `url` value). A placeholder given a rich value (a mention, a time, a
// code) becomes that inline wherever the translation puts it.

import { type MessageFormatElement, TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Inline, Paragraph } from '../rich.js';
import { type Locale, LOCALES, SOURCE_LOCALE } from './locale.js';

/** What a placeholder can be: text, a number (plurals, selects), or one rich inline. */
export type Value = string | number | Exclude<Inline, string>;
export type Values = Readonly<Record<string, Value>>;

export type Messages = Readonly<Partial<Record<string, string>>>;

/** One namespace of messages in every language, English first and complete. */
export interface Book<K extends string> {
  readonly name: string;
  readonly catalogs: Readonly<Record<Locale, Messages>>;
  /** The message `key` in `locale` (English where the translation lacks it), as rich text. */
  say(locale: Locale | undefined, key: K, values?: Values): Paragraph;
  /** The same as plain text (button labels, titles, options): marks are dropped, a rich value reads as its text. */
  word(locale: Locale | undefined, key: K, values?: Values): string;
}

/** The tags a message may use; anything else is an error the catalog test reports. */
export const MARKS = ['b', 'code', 'link'] as const;

/**
 * A text value as the caller gave it (often what a person wrote): it stays a segment of its own,
 * never run together with the message's words, so renderers keep it a plain run of its own.
 */
class Given {
  constructor(readonly text: string) {}
}

type Piece = string | Given | Exclude<Inline, string>;
type Part = Piece | Part[];

/** The message's pieces in order; only the message's own adjacent words are joined. */
function flatten(parts: Part, out: Piece[] = []): Piece[] {
  if (Array.isArray(parts)) for (const p of parts) flatten(p, out);
  else if (typeof parts === 'string') {
    if (!parts) return out;
    const last = out[out.length - 1];
    if (typeof last === 'string') out[out.length - 1] = last + parts;
    else out.push(parts);
  } else if (!(parts instanceof Given) || parts.text) out.push(parts);
  return out;
}

const inlines = (pieces: Piece[]): Inline[] => pieces.map((p) => (p instanceof Given ? p.text : p));

/** A tag's contents under one mark: its words and text values together; a rich value inside keeps its own form. */
function marked(chunks: Part[], mark: (text: string) => Inline): Part {
  const out: Part[] = [];
  let text = '';
  for (const p of flatten(chunks)) {
    if (typeof p === 'string' || p instanceof Given) text += typeof p === 'string' ? p : p.text;
    else {
      if (text) out.push(mark(text));
      text = '';
      out.push(p);
    }
  }
  if (text) out.push(mark(text));
  return out;
}

/** The names a message uses as plain `{name}` arguments (not plural or select ones, which must stay strings). */
function plainArguments(elements: MessageFormatElement[], into = new Set<string>(), choices = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument) into.add(e.value);
    if (e.type === TYPE.select || e.type === TYPE.plural) {
      choices.add(e.value);
      for (const option of Object.values(e.options)) plainArguments(option.value, into, choices);
    }
    if (e.type === TYPE.tag) plainArguments(e.children, into, choices);
  }
  for (const name of choices) into.delete(name);
  return into;
}

export function inlineText(p: Inline): string {
  if (typeof p === 'string') return p;
  if ('bold' in p) return p.bold;
  if ('code' in p) return p.code;
  if ('mention' in p) return `@${p.mention.name ?? p.mention.id}`;
  if ('time' in p) return new Date(p.time).toISOString().slice(11, 16) + ' UTC';
  return p.label;
}

const compiled = new Map<string, { format: IntlMessageFormat; plain: Set<string> }>();

function format(bookName: string, locale: Locale, message: string, key: string, values: Values): Inline[] {
  const id = `${bookName}\u0000${locale}\u0000${key}`;
  let m = compiled.get(id);
  if (!m) {
    const format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: false });
    m = { format, plain: plainArguments(format.getAst()) };
    compiled.set(id, m);
  }
  const plain = m.plain;
  const given = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' && plain.has(k) ? new Given(v) : v]));
  // A placeholder named like a mark would be shadowed by it and read as nothing: refuse it loudly.
  for (const mark of MARKS) if (mark in values) throw new Error(`${bookName}.${key}: a value may not be named ${mark} (a mark)`);
  const tags = {
    b: (chunks: Part[]): Part => marked(chunks, (bold) => ({ bold })),
    code: (chunks: Part[]): Part => marked(chunks, (code) => ({ code })),
    link: (chunks: Part[]): Part => ({
      link: typeof values.url === 'string' ? values.url : '',
      label: inlines(flatten(chunks)).map(inlineText).join(''),
    }),
  };
  const out = m.format.format<Part>({ ...given, ...tags });
  return inlines(flatten(out));
}

export function book<S extends Messages>(
  name: string,
  catalogs: { en: S } & Record<Exclude<Locale, 'en'>, Messages>,
): Book<keyof S & string> {
  for (const l of LOCALES) if (!(l in catalogs)) throw new Error(`catalog ${name} lacks ${l}`);
  const say = (locale: Locale | undefined, key: keyof S & string, values: Values = {}): Paragraph => {
    const source = catalogs[SOURCE_LOCALE][key];
    if (source === undefined) throw new Error(`no message ${name}.${key}`);
    const wanted = locale ?? SOURCE_LOCALE;
    const translated = catalogs[wanted][key];
    if (translated !== undefined && wanted !== SOURCE_LOCALE) {
      // A broken translation must not silence the bot: the reader gets the English instead.
      try {
        return format(name, wanted, translated, key, values);
      } catch {
        /* falls through to English; the catalog test names the broken message */
      }
    }
    return format(name, SOURCE_LOCALE, source, key, values);
  };
  return {
    name,
    catalogs,
    say,
    word: (locale, key, values) => say(locale, key, values).map(inlineText).join(''),
  };
}
