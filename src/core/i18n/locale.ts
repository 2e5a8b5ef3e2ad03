// The languages the bot speaks, and how a platform's locale tag ('de-DE', 'fr_CA', 'pt-BR')
// becomes one of them. English is the source every catalog is translated from and the
// fallback for a language we do not have.

export const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

export const SOURCE_LOCALE: Locale = 'en';

/** Each language named in itself, as a person looking for theirs in a list expects it. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  nl: 'Nederlands',
};

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The language of a BCP 47 tag (any region or script), or undefined when we do not speak it. */
export function matchLocale(tag: string | undefined): Locale | undefined {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return isLocale(primary) ? primary : undefined;
}
