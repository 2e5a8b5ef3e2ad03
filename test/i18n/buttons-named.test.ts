// A sentence that tells the reader to press a button names it as that button reads in the
// reader's language: "Drück <b>Reset hat geklappt</b>" only helps if the button says exactly
// "Reset hat geklappt". For each important button, every English message that names it (the
// label as a whole phrase, case as on the button) must carry the translated label verbatim.

import { describe, expect, it } from 'vitest';
import { LOCALES, SOURCE_LOCALE } from '../../src/core/i18n/locale.js';
import { loadCatalogs, type Catalog } from '../support/i18n/catalogs.js';

/** The buttons a message sends the reader to: [catalog, key]. */
const BUTTONS: readonly (readonly [string, string])[] = [
  ['core/copy', 'action.submit'],
  ['core/copy', 'action.done'],
  ['core/copy', 'action.failed'],
  ['core/copy', 'action.claim'],
  ['core/copy', 'action.take_over'],
  ['core/copy', 'action.send_puk'],
  ['core/site', 'site.action.send_puks'],
  ['core/site', 'site.action.another_camera'],
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const str = (c: Catalog | undefined, l: string, k: string): string | undefined => {
  const v = c?.messages[l as keyof Catalog['messages']]?.[k];
  return typeof v === 'string' ? v : undefined;
};

/** Each message naming a button whose translation lacks that button's translated label. */
function mismatches(catalogs: readonly Catalog[]): string[] {
  const problems: string[] = [];
  for (const [bookName, buttonKey] of BUTTONS) {
    const book = catalogs.find((c) => c.name === bookName);
    const label = str(book, SOURCE_LOCALE, buttonKey);
    if (!label) {
      problems.push(`catalog ${bookName}: no English button ${buttonKey}`);
      continue;
    }
    const named = new RegExp(`(^|[^\\p{L}])${escape(label)}([^\\p{L}]|$)`, 'u');
    for (const c of catalogs)
      for (const [key, en] of Object.entries(c.messages.en ?? {})) {
        if (typeof en !== 'string' || !named.test(en)) continue;
        for (const l of LOCALES.filter((x) => x !== SOURCE_LOCALE)) {
          const tr = str(c, l, key);
          const want = str(book, l, buttonKey);
          if (tr !== undefined && want !== undefined && !tr.includes(want))
            problems.push(
              `catalog ${c.name}, key ${key}, locale ${l}: names the button "${label}", but not as it reads in ${l} ("${want}"): ${JSON.stringify(tr)}`,
            );
        }
      }
  }
  return problems;
}

describe('a button named in a sentence', () => {
  it('is named exactly as the button reads, in every language', () => {
    expect(mismatches(loadCatalogs())).toEqual([]);
  });

  it('is caught when a translation words it differently', () => {
    const catalogs = loadCatalogs().map((c) => {
      if (c.name !== 'core/notices') return c;
      const de = { ...c.messages.de, 'reset_check.ask': 'Hat es geklappt? Dann drück <b>Erfolgreich</b>.' };
      return { ...c, messages: { ...c.messages, de } };
    });
    expect(mismatches(catalogs)).toEqual([
      expect.stringContaining('catalog core/notices, key reset_check.ask, locale de: names the button "Reset worked"'),
    ]);
  });
});
