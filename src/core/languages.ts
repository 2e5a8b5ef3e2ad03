// Each person's language: the one they chose (`camreset language de`, the details form), else
// the one their platform reported (Teams with every activity, Slack's profile looked up once),
// else English. Kept per person in the key-value store, so a warning a timer sends an hour later
// reads in the language of the last reply. Also the words of the `language` command, and the
// rule for which language a stored request may carry.

import type { KeyValueStore } from './ports.js';
import type { Notice } from './notices.js';
import type { Actor } from './terms.js';
import { type ResetRequest, isEnded, sameActor } from './request.js';
import { type Locale, LANGUAGE_NAMES, LOCALES, SOURCE_LOCALE, isLocale, matchLocale } from './i18n/locale.js';
import { LANGUAGE } from './i18n/catalog.js';
import type { Paragraph, RichMessage } from './rich.js';

export interface LanguageRecord {
  /** What the person chose themselves; wins over anything a platform says. */
  chosen?: Locale;
  /** The platform's tag as last reported ('de-DE', 'pt-BR'); '' when the platform had none. */
  reported?: string;
  /** They were told once, in English, that we do not speak their platform's language. */
  noted?: boolean;
}

export interface ResolvedLanguage {
  locale: Locale;
  /** Tell them first, this once, that their platform's language is not one we have (see fallbackNote). */
  fallbackNote: boolean;
  /**
   * They read another language than the last time we knew theirs (their platform's changed, and
   * they chose none): what we tell them later, their open requests' warnings, must follow it.
   */
  changed: boolean;
  /** Their platform's tag as recorded ('pt-BR'; '' or undefined when none is known): the note names it. */
  reported?: string;
}

const key = (a: Actor) => `language:${a.platform}:${a.id}`;

/** Longest platform tag kept: BCP 47 allows long ones, none we could use is anywhere near it. */
const MAX_TAG = 35;

function parse(raw: string | undefined): LanguageRecord {
  if (!raw) return {};
  try {
    const v = JSON.parse(raw) as Record<string, unknown> | null;
    if (!v || typeof v !== 'object') return {};
    const out: LanguageRecord = {};
    if (isLocale(v.chosen)) out.chosen = v.chosen;
    if (typeof v.reported === 'string') out.reported = v.reported.slice(0, MAX_TAG);
    if (v.noted === true) out.noted = true;
    return out;
  } catch {
    return {};
  }
}

/**
 * A language only changes how words read, so a store that cannot answer makes it the platform's
 * or English rather than holding up what is being said (the PUK included).
 */
export class LanguageBook {
  constructor(private readonly kv: KeyValueStore) {}

  async read(actor: Actor): Promise<LanguageRecord> {
    return (await this.lookUp(actor)) ?? {};
  }

  /** The record, or undefined when the store did not answer (then nothing can be remembered either). */
  private async lookUp(actor: Actor): Promise<LanguageRecord | undefined> {
    try {
      return parse(await this.kv.get(key(actor)));
    } catch {
      return undefined;
    }
  }

  private async write(actor: Actor, record: LanguageRecord): Promise<void> {
    try {
      await this.kv.set(key(actor), JSON.stringify(record));
    } catch {
      /* see the class comment */
    }
  }

  /**
   * The language to word things in for `actor`, recording what their platform reports now
   * (`reported`: Teams' activity locale; Slack's profile locale; undefined when this event did not say).
   * `telling: false` when nothing can be said to them now (a lookup in the background): the note
   * stays owed, for the next time they act.
   */
  async resolve(actor: Actor, reported?: string, { telling = true } = {}): Promise<ResolvedLanguage> {
    const found = await this.lookUp(actor);
    const record = found ?? {};
    const next: LanguageRecord = { ...record };
    if (reported !== undefined) next.reported = reported.slice(0, MAX_TAG);
    const platform = matchLocale(next.reported);
    // Said once: a store that cannot say whether it was said already, or remember that it was, stays quiet.
    const fallbackNote = telling && !!found && !next.chosen && !platform && !!next.reported && !next.noted;
    if (fallbackNote) next.noted = true;
    if (found && (next.reported !== record.reported || next.noted !== record.noted)) await this.write(actor, next);
    const locale = next.chosen ?? platform ?? SOURCE_LOCALE;
    // Only against a language we knew: a first sighting has no requests worded in another yet.
    const before = record.chosen ?? (record.reported === undefined ? undefined : (matchLocale(record.reported) ?? SOURCE_LOCALE));
    return {
      locale,
      fallbackNote,
      changed: before !== undefined && before !== locale,
      ...(next.reported !== undefined ? { reported: next.reported } : {}),
    };
  }

  async choose(actor: Actor, locale: Locale): Promise<void> {
    await this.write(actor, { ...(await this.read(actor)), chosen: locale });
  }
}

/** Lower case without accents, so `Français`, `francais` and `FRANÇAIS` are one word. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * What people call each language, in each of the six (folded when read): `language Deutsch`,
 * `langue allemand`, and Italian's `lingua tedesca` beside `tedesco`.
 */
const NAMES: Record<Locale, readonly string[]> = {
  en: ['English', 'Englisch', 'anglais', 'inglés', 'inglese', 'Engels'],
  de: ['Deutsch', 'German', 'allemand', 'alemán', 'tedesco', 'tedesca', 'Duits'],
  fr: ['Français', 'French', 'Französisch', 'francés', 'francese', 'Frans'],
  es: ['Español', 'Spanish', 'Spanisch', 'espagnol', 'spagnolo', 'spagnola', 'Spaans', 'castellano'],
  it: ['Italiano', 'Italian', 'Italienisch', 'italien', 'italiana', 'Italiaans'],
  nl: ['Nederlands', 'Dutch', 'Niederländisch', 'Holländisch', 'néerlandais', 'neerlandés', 'holandés', 'olandese'],
};
const BY_NAME = new Map(LOCALES.flatMap((l) => NAMES[l].map((n) => [fold(n), l] as const)));

/**
 * The language someone asked for: a tag (`de`, `fr-FR`, `nl_BE`) or a name (`Deutsch`, `french`,
 * `Español`); undefined for one we do not speak.
 */
export function localeNamed(asked: string): Locale | undefined {
  const text = asked.trim().replace(/[.!?]+$/, '');
  return BY_NAME.get(fold(text)) ?? matchLocale(text);
}

/** Could `word` name a language at all (a tag's shape, or a name we know)? Tells `language pt` from a sentence. */
export function looksLikeLanguage(word: string): boolean {
  return localeNamed(word) !== undefined || /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i.test(word.trim());
}

// --- what the `language` command answers -------------------------------------------------

/** The example the answers give: another language than the reader's, so it visibly changes something. */
const example = (command: string, current: Locale) => ({ code: `${command} language ${current === 'en' ? 'de' : 'en'}` });

function choices(current: Locale): Paragraph[] {
  return LOCALES.map((l) =>
    LANGUAGE.say(current, l === current ? 'language.list.item_current' : 'language.list.item', { tag: l, name: LANGUAGE_NAMES[l] }),
  );
}

/** `language` alone: the six languages, each named in itself, the reader's marked, and how to choose. */
export function languageList(current: Locale, command: string): RichMessage {
  return {
    lines: [
      LANGUAGE.say(current, 'language.list.intro'),
      ...choices(current),
      LANGUAGE.say(current, 'language.list.how', { example: example(command, current) }),
    ],
  };
}

/**
 * A language was chosen: said in that language (so each translation names itself, in its own
 * grammar), with how many open requests follow it.
 */
export function languageChosen(locale: Locale, openRequests: number): RichMessage {
  const lines = [LANGUAGE.say(locale, 'language.chosen')];
  if (openRequests > 0) lines.push(LANGUAGE.say(locale, 'language.chosen_requests', { count: openRequests }));
  return { lines };
}

/** `language klingon`: nothing changes; which ones exist, in the reader's language. */
export function languageUnknown(asked: string, current: Locale, command: string): RichMessage {
  const names = new Intl.ListFormat(current, { type: 'disjunction' }).format(LOCALES.map((l) => LANGUAGE_NAMES[l]));
  return {
    lines: [
      LANGUAGE.say(current, 'language.unknown', { asked: asked.trim().slice(0, 40), names }),
      LANGUAGE.say(current, 'language.list.how', { example: example(command, current) }),
    ],
  };
}

/**
 * Said once, in English, to a person whose platform speaks a language we do not have, before
 * the first thing we tell them: English because theirs is the one language we cannot write.
 * `command` is how they type commands on their platform; `reported` their platform's tag, named
 * in English when Intl knows it.
 */
export function fallbackNote(command: string, reported?: string): RichMessage {
  const name = englishName(reported);
  const theirs = name
    ? `Your app is set to ${name}, which I don't speak yet, so I'm writing in English.`
    : "Your app is set to a language I don't speak yet, so I'm writing in English.";
  return {
    lines: [[`${theirs} To choose one of the languages I speak, type `, { code: `${command} language` }, '.']],
  };
}

function englishName(tag: string | undefined): string | undefined {
  if (!tag?.trim()) return undefined;
  try {
    const name = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' }).of(tag.trim().replace(/_/g, '-'));
    return name && fold(name) !== fold(tag) ? name : undefined;
  } catch {
    return undefined; // not a tag Intl can read
  }
}

// --- which language a stored request carries ---------------------------------------------

/**
 * The only language a request holds is its requester's (what their notices are worded in); one
 * read back that we do not speak (an older build, a hand edit) is dropped, not trusted. Agents
 * read support's words in SUPPORT_LANGUAGE and their private ones in their own, resolved when
 * they act, so an agent's `locale` is never kept on the request.
 */
export function storedLocales(request: ResetRequest): ResetRequest {
  const next: ResetRequest = { ...request, requester: withLocale(request.requester, request.requester.locale) };
  if (request.claimedBy) next.claimedBy = withoutLocale(request.claimedBy);
  if (request.puk) next.puk = { ...request.puk, sentBy: withoutLocale(request.puk.sentBy) };
  if (request.question) next.question = { ...request.question, askedBy: withoutLocale(request.question.askedBy) };
  if (request.rejection) next.rejection = { ...request.rejection, by: withoutLocale(request.rejection.by) };
  return next;
}

/**
 * The language `actor` reads: their own (their platform's, or the one they chose), or English
 * when it is not known, the one fallback (an actor read back from storage keeps no language).
 * Callers name whose words they are writing; this is never a default for "someone".
 */
export const localeOf = (actor: Pick<Actor, 'locale'>): Locale => actor.locale ?? SOURCE_LOCALE;

export function withoutLocale(actor: Actor): Actor {
  const { locale: _locale, ...rest } = actor;
  return rest;
}

/** A notice as it is kept until delivered: the people it names, without the language they read. */
export function noticeWithoutLocales(notice: Notice): Notice {
  switch (notice.kind) {
    case 'claimed':
    case 'puk_sent_note':
    case 'puk_taken':
      return { ...notice, agent: withoutLocale(notice.agent) };
    case 'question':
    case 'document_requested':
    case 'claim_released':
    case 'relay':
      return { ...notice, from: withoutLocale(notice.from) };
    case 'claim_taken':
      return { ...notice, from: withoutLocale(notice.from), by: withoutLocale(notice.by) };
    case 'rejected':
    case 'ticket_recorded':
      return { ...notice, by: withoutLocale(notice.by) };
    default:
      return notice;
  }
}

function withLocale(actor: Actor, locale: unknown): Actor {
  const rest = withoutLocale(actor);
  return isLocale(locale) ? { ...rest, locale } : rest;
}

/**
 * The request once `by` has acted on it in `by.locale`: their own open request takes the
 * language they read now (they chose one, or their platform's changed). Undefined: nothing to
 * change (someone else, no language known, the same one, or the request has ended).
 */
export function spokenIn(request: ResetRequest, by: Actor): ResetRequest | undefined {
  const locale = by.locale;
  if (isEnded(request.state) || !isLocale(locale) || locale === request.requester.locale) return undefined;
  if (!sameActor(request.requester, by)) return undefined;
  return { ...request, requester: { ...request.requester, locale } };
}
