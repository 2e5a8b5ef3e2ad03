// Each language's typography, as its catalogs decided it, held everywhere: a technician reading
// on a phone sees one kind of quote per language, and in French no line that starts with ":" or
// "?" (the space before them, and inside « », is a no-break space, U+00A0).
//
//   de „…“   fr « … » and ’   es «…»   it «…» and ’   nl ‘…’ and ’
//
// English keeps its straight quotes and ICU's '' apostrophes; a translation uses neither: a
// straight " or '' in one is a quote the translator did not set in their language's style.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, SOURCE_LOCALE, type Locale } from '../../src/core/i18n/locale.js';
import { loadCatalogs, ROOT } from '../support/i18n/catalogs.js';

const catalogs = loadCatalogs();

interface Rule {
  readonly locales: readonly Locale[];
  readonly pattern: RegExp;
  readonly says: string;
}

const RULES: readonly Rule[] = [
  { locales: ['de', 'fr', 'es', 'it', 'nl'], pattern: /"/, says: 'a straight " (use the language’s own quotes)' },
  { locales: ['de', 'fr', 'es', 'it', 'nl'], pattern: /''/, says: "'' as a quote (use the language’s own quotes)" },
  { locales: ['fr', 'it', 'nl'], pattern: /\p{L}'\p{L}/u, says: 'a straight apostrophe (use ’)' },
  { locales: ['fr'], pattern: / [:;?!»]/, says: 'an ordinary space before : ; ? ! or » (use a no-break space)' },
  { locales: ['fr'], pattern: /« /, says: 'an ordinary space after « (use a no-break space)' },
  { locales: ['de'], pattern: /[«»]/, says: 'French quotes in German (use „…“)' },
  { locales: ['es', 'it'], pattern: /[„“”]/, says: 'German or English quotes (use «…»)' },
];

describe("each language's typography", () => {
  it('is what its catalogs chose, in every message', () => {
    const problems: string[] = [];
    for (const c of catalogs)
      for (const l of LOCALES.filter((x) => x !== SOURCE_LOCALE))
        for (const [key, value] of Object.entries(c.messages[l] ?? {}))
          for (const r of RULES)
            if (typeof value === 'string' && r.locales.includes(l) && r.pattern.test(value))
              problems.push(`catalog ${c.name}, key ${key}, locale ${l}: ${r.says}: ${JSON.stringify(value)}`);
    expect(problems).toEqual([]);
  });

  it("is the same in the Teams app's own words (its name, description and command list)", () => {
    const problems: string[] = [];
    for (const l of LOCALES.filter((x) => x !== SOURCE_LOCALE)) {
      const words = JSON.parse(readFileSync(join(ROOT, 'manifests', 'teams', `${l}.json`), 'utf8')) as Record<string, string>;
      for (const [key, value] of Object.entries(words))
        for (const r of RULES)
          if (key !== '$schema' && r.locales.includes(l) && r.pattern.test(value))
            problems.push(`manifests/teams/${l}.json, key ${key}: ${r.says}: ${JSON.stringify(value)}`);
    }
    expect(problems).toEqual([]);
  });
});
