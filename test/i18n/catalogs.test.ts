// The catalog test (issue 14, acceptance 1): every catalog under src/**/catalogs/ has the English
// keys in all six languages and nothing else, and each translation is the same message as the
// English in every way the code relies on: it parses, has the same placeholders used the same
// way, the same marks (<b>, <code>, <link> only; code and links as many times), the plural categories its own
// language needs, and keeps Bosch's words and the product's names verbatim. A translation that
// still reads exactly as the English is reported unless test/i18n/same-as-english.json lists it.
//
// Each check collects every problem in every catalog and fails once with the whole list, each
// line naming the catalog, the key, the locale and what differs.
//
// Plural categories: a count here is a whole number (cameras, minutes), so a language "needs"
// the categories Intl.PluralRules gives for 0..999 (French, Spanish and Italian also have
// `many`, used only for millions: optional). `other` is always required (ICU falls back to it);
// a category the language does not have (German `few`) is an error; `=0`-style exact matches are fine.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES, SOURCE_LOCALE, type Locale } from '../../src/core/i18n/locale.js';
import { MARKS } from '../../src/core/i18n/say.js';
import { loadCatalogs, type Catalog } from '../support/i18n/catalogs.js';
import { describePlaceholders, shapeOf, type Shape } from '../support/i18n/shape.js';

const catalogs = loadCatalogs();
const TRANSLATIONS = LOCALES.filter((l) => l !== SOURCE_LOCALE);

const sameAsEnglish = JSON.parse(readFileSync(new URL('./same-as-english.json', import.meta.url), 'utf8')) as Record<
  string,
  { locales?: Locale[]; reason?: string } | string
>;

/** Every (catalog, key, locale) whose English and translation are both present strings. */
function* pairs(): Generator<{ catalog: Catalog; key: string; locale: Locale; en: string; tr: string; where: string }> {
  for (const catalog of catalogs) {
    const en = catalog.messages.en;
    if (!en) continue;
    for (const locale of TRANSLATIONS) {
      const tr = catalog.messages[locale];
      if (!tr) continue;
      for (const key of Object.keys(en).sort()) {
        const e = en[key];
        const t = tr[key];
        if (typeof e === 'string' && typeof t === 'string')
          yield { catalog, key, locale, en: e, tr: t, where: `catalog ${catalog.name}, key ${key}, locale ${locale}` };
      }
    }
  }
}

const shapes = new Map<string, Shape | string>();
const shape = (message: string): Shape | string => {
  let s = shapes.get(message);
  if (s === undefined) shapes.set(message, (s = shapeOf(message)));
  return s;
};
/** Both shapes when both parse (the parse check reports the rest). */
function both(en: string, tr: string): [Shape, Shape] | undefined {
  const a = shape(en);
  const b = shape(tr);
  return typeof a === 'string' || typeof b === 'string' ? undefined : [a, b];
}

// area.what_it_says; in a namespace that is itself the area (notices), the kind alone (`claimed`) is the key.
const KEY = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;

describe('the catalogs', () => {
  it('are found (the core namespaces and each platform)', () => {
    const names = catalogs.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['slack', 'teams']));
    expect(names.some((n) => n.startsWith('core/'))).toBe(true);
  });

  it('exist in all six languages as flat objects of strings with keys like area.what_it_says', () => {
    const problems: string[] = catalogs.flatMap((c) => c.errors);
    for (const c of catalogs)
      for (const l of LOCALES)
        for (const [key, value] of Object.entries(c.messages[l] ?? {})) {
          if (typeof value !== 'string')
            problems.push(`catalog ${c.name}, key ${key}, locale ${l}: value is ${JSON.stringify(value)}, not a string`);
          if (l === SOURCE_LOCALE && !KEY.test(key))
            problems.push(`catalog ${c.name}, key ${key}: not a flat lowercase snake_case key like area.what_it_says`);
        }
    expect(problems).toEqual([]);
  });

  it('have every English key in every language, and no key English lacks', () => {
    const problems: string[] = [];
    for (const c of catalogs) {
      const en = c.messages.en;
      if (!en) continue;
      for (const l of TRANSLATIONS) {
        const tr = c.messages[l];
        if (!tr) continue;
        for (const key of Object.keys(en))
          if (!(key in tr)) problems.push(`catalog ${c.name}, key ${key}, locale ${l}: missing (${c.files[l]})`);
        for (const key of Object.keys(tr))
          if (!(key in en))
            problems.push(`catalog ${c.name}, key ${key}, locale ${l}: not in English (${c.files.en}); remove it or add the English`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('hold messages that parse as ICU MessageFormat', () => {
    const problems: string[] = [];
    for (const c of catalogs)
      for (const l of LOCALES)
        for (const [key, value] of Object.entries(c.messages[l] ?? {})) {
          if (typeof value !== 'string') continue;
          const s = shape(value);
          if (typeof s === 'string')
            problems.push(`catalog ${c.name}, key ${key}, locale ${l}: does not parse (${s}): ${JSON.stringify(value)}`);
        }
    expect(problems).toEqual([]);
  });

  it('use the English placeholders, each the same kind (argument, number, plural, select; a plain value may be inflected)', () => {
    const problems: string[] = [];
    for (const p of pairs()) {
      const s = both(p.en, p.tr);
      if (!s) continue;
      const [a, b] = s;
      const names = (x: Shape): string => [...x.placeholders.keys()].sort().join(', ');
      // A translation may inflect a value English shows plainly ("{count} open" -> "{count, plural,
      // one {# ouverte} other {# ouvertes}}"): the value is the same number. Were it not a number,
      // the reader would see "NaN", which the limits test looks for in everything it renders.
      const NUMERIC = new Set(['argument', 'number', 'plural', 'selectordinal']);
      const compatible = (name: string): boolean => {
        const en = [...(a.placeholders.get(name) ?? [])].sort().join('+');
        const tr = [...(b.placeholders.get(name) ?? [])];
        return en === tr.sort().join('+') || (en === 'argument' && tr.every((k) => NUMERIC.has(k)));
      };
      if (names(a) !== names(b) || ![...a.placeholders.keys()].every(compatible))
        problems.push(`${p.where}: placeholders ${describePlaceholders(b)}, English has ${describePlaceholders(a)}`);
    }
    expect(problems).toEqual([]);
  });

  it('give a select the same choices as English (they are the values the code passes)', () => {
    const problems: string[] = [];
    for (const p of pairs()) {
      const s = both(p.en, p.tr);
      if (!s) continue;
      const choices = (x: Shape, name: string): string =>
        [...new Set(x.branches.filter((br) => br.kind === 'select' && br.name === name).flatMap((br) => br.options))].sort().join(', ');
      for (const name of new Set(s[0].branches.filter((br) => br.kind === 'select').map((br) => br.name))) {
        const en = choices(s[0], name);
        const tr = choices(s[1], name);
        if (en !== tr) problems.push(`${p.where}: {${name}, select} has choices ${tr || '(none)'}, English has ${en}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it(`use only the marks ${MARKS.join(', ')}, as English does (code and links as many times; bold wherever English has it)`, () => {
    const problems: string[] = [];
    const allowed = new Set<string>(MARKS);
    for (const c of catalogs)
      for (const l of LOCALES)
        for (const [key, value] of Object.entries(c.messages[l] ?? {})) {
          const s = typeof value === 'string' ? shape(value) : undefined;
          if (s === undefined || typeof s === 'string') continue;
          for (const tag of s.tags.keys())
            if (!allowed.has(tag))
              problems.push(`catalog ${c.name}, key ${key}, locale ${l}: unknown tag <${tag}> (only ${MARKS.join(', ')})`);
        }
    // Bold may be split where the language's word order puts a value inside the emphasis (German
    // verb-final: "<b>Gib den PUK bis </b>{at}<b> ein</b>"); code and links carry words and
    // addresses the reader must get exactly, so they appear as many times as in English.
    const count = (x: Shape): string =>
      [...x.tags]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([t, n]) => (t === 'b' ? '<b>' : `<${t}>×${n}`))
        .join(' ') || '(none)';
    for (const p of pairs()) {
      const s = both(p.en, p.tr);
      if (s && count(s[0]) !== count(s[1])) problems.push(`${p.where}: tags ${count(s[1])}, English has ${count(s[0])}`);
    }
    expect(problems).toEqual([]);
  });

  it('spell out the plural categories each language needs, and none it does not have', () => {
    const problems: string[] = [];
    for (const c of catalogs)
      for (const l of LOCALES)
        for (const [key, value] of Object.entries(c.messages[l] ?? {})) {
          const s = typeof value === 'string' ? shape(value) : undefined;
          if (s === undefined || typeof s === 'string') continue;
          for (const br of s.branches) {
            if (br.kind === 'select') continue;
            const type = br.kind === 'selectordinal' ? 'ordinal' : 'cardinal';
            const rules = new Intl.PluralRules(l, { type });
            const known = new Set<string>(rules.resolvedOptions().pluralCategories);
            const needed = new Set<string>(['other']);
            for (let n = 0; n < 1000; n++) needed.add(rules.select(n));
            const where = `catalog ${c.name}, key ${key}, locale ${l}: {${br.name}, ${br.kind}}`;
            for (const o of br.options)
              if (!o.startsWith('=') && !known.has(o))
                problems.push(`${where} has category "${o}", which ${l} does not have (${[...known].join(', ')})`);
            for (const n of needed) if (!br.options.includes(n)) problems.push(`${where} lacks category "${n}", which ${l} needs`);
          }
        }
    expect(problems).toEqual([]);
  });

  it('translate every message (identical to English only where listed on purpose)', () => {
    const problems: string[] = [];
    // Words that stay the same in every language: a message made only of these needs no entry.
    const universal = /\b(PUK|MAC|FW|SN|S\/N|OK|ID|IP|URL|UTC|camreset|Bosch|Slack|Teams|Response Code|Authorization Letter|service)\b/g;
    for (const p of pairs()) {
      if (p.en !== p.tr) continue;
      const s = shape(p.en);
      const words = (typeof s === 'string' ? p.en : s.text).replace(universal, '').replace(/[^\p{L}]+/gu, '');
      if (!words) continue;
      const entry = sameAsEnglish[`${p.catalog.name} ${p.key}`];
      const locales = typeof entry === 'object' ? entry.locales : undefined;
      if (entry !== undefined && (locales === undefined || locales.includes(p.locale))) continue;
      problems.push(
        `${p.where}: identical to English ${JSON.stringify(p.en)}; translate it, or list "${p.catalog.name} ${p.key}" for ${p.locale} in test/i18n/same-as-english.json with the reason`,
      );
    }
    expect(problems).toEqual([]);
  });

  it("keep Bosch's words and the product's names verbatim wherever English has them", () => {
    const problems: string[] = [];
    // Always verbatim when the English has them at all.
    const always = ['Response Code', 'Authorization Letter', '/camreset', 'camreset', '/reset', 'PUK', 'MAC', 'Bosch'];
    // Verbatim when the English quotes them or marks them as code (the camera's user name, its
    // "Send" button, a command word typed in an example); elsewhere they are ordinary words.
    const quoted = ['service', 'Send', 'status', 'cancel', 'help', 'language'];
    const QUOTES = `"“”'‘’\`«»„`;
    const isQuoted = (message: string, codes: readonly string[], word: string): boolean =>
      codes.some((c) => new RegExp(`(^|[^\\p{L}])${word}([^\\p{L}]|$)`, 'u').test(c)) ||
      new RegExp(`[${QUOTES}]${word}[${QUOTES}]`, 'u').test(message);
    for (const p of pairs()) {
      const s = both(p.en, p.tr);
      if (!s) continue;
      const [a, b] = s;
      const enText = a.text + ' ' + a.codes.join(' ');
      const trText = b.text + ' ' + b.codes.join(' ');
      for (const w of always)
        if (enText.includes(w) && !trText.includes(w))
          problems.push(`${p.where}: English has "${w}", the translation does not: ${JSON.stringify(p.tr)}`);
      for (const w of quoted)
        if (isQuoted(p.en, a.codes, w) && !trText.includes(w))
          problems.push(`${p.where}: English quotes "${w}" (Bosch's or a typed word), the translation lacks it: ${JSON.stringify(p.tr)}`);
    }
    expect(problems).toEqual([]);
  });
});
