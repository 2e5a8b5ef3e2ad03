// Whose language a Slack person reads: their own choice, else their Slack profile's locale
// (users.info with include_locale, asked once per person and remembered in the LanguageBook),
// else English. A lookup that fails records nothing, so it is asked again next time.

import type { Logger } from 'pino';
import type { LanguageBook, LanguageRecord } from '../../core/languages.js';
import { type Locale, SOURCE_LOCALE, matchLocale } from '../../core/i18n/locale.js';
import type { Actor } from '../../core/request.js';
import { errorText } from '../../core/error-text.js';

export interface Resolved {
  /** The person, with the language to word things in for them. */
  actor: Actor;
  /** Tell them first, this once and in English, that we do not speak their Slack's language. */
  fallbackNote: boolean;
  /** The profile's locale when this call looked it up (the note names it). */
  reported?: string;
}

/** The language a record reads in without asking anything (a form's errors, before its ack). */
export const recordedLocale = (record: LanguageRecord): Locale => record.chosen ?? matchLocale(record.reported) ?? SOURCE_LOCALE;

export class SlackLanguages {
  constructor(
    private readonly options: {
      book: LanguageBook;
      /** The person's Slack locale ('de-DE'), '' when Slack has none; throws when Slack cannot say now. */
      profileLocale: (user: string) => Promise<string>;
      logger: Logger;
    },
  ) {}

  async resolve(actor: Actor): Promise<Resolved> {
    const { book, logger } = this.options;
    let reported: string | undefined;
    if ((await book.read(actor)).reported === undefined) {
      try {
        reported = await this.options.profileLocale(actor.id);
      } catch (err) {
        logger.warn({ err: errorText(err) }, 'slack profile locale lookup failed; English this time');
      }
    }
    const { locale, fallbackNote } = await book.resolve(actor, reported);
    return { actor: { ...actor, locale }, fallbackNote, ...(reported ? { reported } : {}) };
  }

  /** What is recorded for the person, without asking Slack (fast enough for before an ack). */
  async recorded(actor: Actor): Promise<Locale> {
    return recordedLocale(await this.options.book.read(actor));
  }
}
