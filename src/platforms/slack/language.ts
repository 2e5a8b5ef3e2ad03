// Whose language a Slack person reads: their own choice, else their Slack profile's locale
// (users.info with include_locale, asked once per person and remembered in the LanguageBook),
// else English. A lookup that fails records nothing and never holds an answer (English this
// time); it is tried again in the background, a few times within minutes, so a person who does
// not write again still gets their language for what timers tell them later. Once learned, their
// open requests (worded in English while it was unknown) follow it.

import type { Logger } from 'pino';
import type { LanguageBook, LanguageRecord } from '../../core/languages.js';
import { type Locale, SOURCE_LOCALE, matchLocale } from '../../core/i18n/locale.js';
import type { Actor } from '../../core/request.js';
import { errorText } from '../../core/error-text.js';
import type { Later } from '../../lib/later.js';

export interface Resolved {
  /** The person, with the language to word things in for them. */
  actor: Actor;
  /** Tell them first, this once and in English, that we do not speak their Slack's language. */
  fallbackNote: boolean;
  /** Their profile's locale as recorded (the note names it). */
  reported?: string;
}

/**
 * When a failed lookup is tried again, after the one that failed: soon (a blip), then further
 * apart (an outage), within minutes; a request's first warning comes much later. Slack's
 * Retry-After pushes a try later, never earlier.
 */
export const LOOKUP_RETRY_MS: readonly number[] = [5_000, 30_000, 120_000, 300_000];

/** The language a record reads in without asking anything (a form's errors, before its ack). */
export const recordedLocale = (record: LanguageRecord): Locale => record.chosen ?? matchLocale(record.reported) ?? SOURCE_LOCALE;

export class SlackLanguages {
  /** People whose lookup waits for a try in the background, or is in one: one at a time each. */
  private readonly retrying = new Set<string>();

  constructor(
    private readonly options: {
      book: LanguageBook;
      /** The person's Slack locale ('de-DE'), '' when Slack has none; throws when Slack cannot say now. */
      profileLocale: (user: string) => Promise<string>;
      /** Whether no retry can mend this lookup failure (a missing scope). */
      lasting: (err: unknown) => boolean;
      /** Their open requests take `actor.locale` (Desk.followLanguage). */
      follow: (actor: Actor) => Promise<unknown>;
      /** Where the background tries wait (the app's clock). */
      later: Later;
      logger: Logger;
    },
  ) {}

  async resolve(actor: Actor): Promise<Resolved> {
    const { book, logger } = this.options;
    let reported: string | undefined;
    const before = await book.read(actor);
    if (before.reported === undefined) {
      try {
        reported = await this.options.profileLocale(actor.id);
      } catch (err) {
        logger.warn({ err: errorText(err) }, 'slack profile locale lookup failed; English this time');
        this.retryLater(actor, err, 0);
      }
    }
    const resolved = await book.resolve(actor, reported);
    if (reported !== undefined) await this.learned(actor, before, resolved.locale);
    return {
      actor: { ...actor, locale: resolved.locale },
      fallbackNote: resolved.fallbackNote,
      ...(resolved.reported ? { reported: resolved.reported } : {}),
    };
  }

  /** What is recorded for the person, without asking Slack (fast enough for before an ack). */
  async recorded(actor: Actor): Promise<Locale> {
    return recordedLocale(await this.options.book.read(actor));
  }

  /**
   * Their profile's language is known for the first time: requests they opened while it was not
   * (a lookup that failed) read English, and take it now. One they chose already moved them.
   */
  private async learned(actor: Actor, before: LanguageRecord, locale: Locale): Promise<void> {
    if (before.chosen || locale === SOURCE_LOCALE) return;
    try {
      await this.options.follow({ ...actor, locale });
    } catch (err) {
      // A language only changes how words read: what is being answered goes on regardless.
      this.options.logger.error({ err: errorText(err), actor: actor.id }, 'open requests did not follow the learned language');
    }
  }

  private retryLater(actor: Actor, err: unknown, tries: number): void {
    const { later, lasting, logger } = this.options;
    const wait = LOOKUP_RETRY_MS[tries];
    if (wait === undefined || lasting(err) || this.retrying.has(actor.id)) return;
    this.retrying.add(actor.id);
    const retryAfter = (err as { retryAfter?: unknown }).retryAfter;
    const ms = Math.max(wait, typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter * 1000 : 0);
    later.after(ms, async () => {
      let failed: unknown;
      try {
        failed = await this.tryAgain(actor);
      } finally {
        this.retrying.delete(actor.id);
      }
      if (failed === undefined) return;
      if (tries + 1 >= LOOKUP_RETRY_MS.length || lasting(failed))
        logger.warn({ err: errorText(failed), tries: tries + 2 }, 'slack profile locale lookup gave up; English until they act again');
      this.retryLater(actor, failed, tries + 1);
    });
  }

  /** One background try; resolves to what it failed with, undefined when done (or nothing is left to do). */
  private async tryAgain(actor: Actor): Promise<unknown> {
    const { book } = this.options;
    const before = await book.read(actor);
    // Learned meanwhile (they acted, on this replica or another): nothing left to do.
    if (before.reported !== undefined) return undefined;
    let reported: string;
    try {
      reported = await this.options.profileLocale(actor.id);
    } catch (err) {
      return err ?? new Error('lookup failed');
    }
    // Nobody to tell now: a note it owes them is said the next time they act.
    const { locale } = await book.resolve(actor, reported, { telling: false });
    this.options.logger.info({ actor: actor.id, locale }, 'slack profile locale learned in the background');
    await this.learned(actor, before, locale);
    return undefined;
  }
}
