// A word as each language's catalogs quote it (test/i18n/typography.test.ts holds the catalogs to
// this): Bosch's "Response Code" reads „Response Code“ in German, « Response Code » in French.

import type { Locale } from '../../../src/core/i18n/locale.js';

const NBSP = '\u00a0';

export function quoted(locale: Locale, word: string): string {
  switch (locale) {
    case 'de':
      return `„${word}“`;
    case 'fr':
      return `«${NBSP}${word}${NBSP}»`;
    case 'es':
    case 'it':
      return `«${word}»`;
    case 'nl':
      return `‘${word}’`;
    default:
      return `"${word}"`;
  }
}

/** French text as the catalogs write it: a no-break space before : ; ? ! » and after «. */
export const french = (text: string): string => text.replace(/ ([:;?!»])/g, `${NBSP}$1`).replace(/« /g, `«${NBSP}`);
