// Each person's language: the one they chose (`camreset language de`, the details form), else
// the one their platform reported (Teams with every activity, Slack's profile looked up once),
// else English. Kept per person in the key-value store, so a warning a timer sends an hour later
// reads in the language of the last reply.

import type { KeyValueStore } from './ports.js';
import type { Actor } from './terms.js';
import { type Locale, SOURCE_LOCALE, isLocale, matchLocale } from './i18n/locale.js';
import type { RichMessage } from './rich.js';

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
}

const key = (a: Actor) => `language:${a.platform}:${a.id}`;

function parse(raw: string | undefined): LanguageRecord {
  if (!raw) return {};
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    const out: LanguageRecord = {};
    if (isLocale(v.chosen)) out.chosen = v.chosen;
    if (typeof v.reported === 'string') out.reported = v.reported.slice(0, 35);
    if (v.noted === true) out.noted = true;
    return out;
  } catch {
    return {};
  }
}

/**
 * A language only changes how words read, so a store that cannot answer makes it English rather
 * than holding up what is being said (the PUK included).
 */
export class LanguageBook {
  constructor(private readonly kv: KeyValueStore) {}

  async read(actor: Actor): Promise<LanguageRecord> {
    try {
      return parse(await this.kv.get(key(actor)));
    } catch {
      return {};
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
   */
  async resolve(actor: Actor, reported?: string): Promise<ResolvedLanguage> {
    const record = await this.read(actor);
    const next: LanguageRecord = { ...record };
    if (reported !== undefined) next.reported = reported.slice(0, 35);
    const platform = matchLocale(next.reported);
    const fallbackNote = !next.chosen && !platform && !!next.reported && !next.noted;
    if (fallbackNote) next.noted = true;
    if (next.reported !== record.reported || next.noted !== record.noted) await this.write(actor, next);
    return { locale: next.chosen ?? platform ?? SOURCE_LOCALE, fallbackNote };
  }

  async choose(actor: Actor, locale: Locale): Promise<void> {
    await this.write(actor, { ...(await this.read(actor)), chosen: locale });
  }
}

/**
 * Said once, in English, to a person whose platform speaks a language we do not have, before
 * the first thing we tell them. `command` is how they type commands on their platform.
 */
export function fallbackNote(command: string): RichMessage {
  return {
    lines: [["I don't speak your app's language yet, so I'll write in English. To choose another, type ", { code: `${command} language` }, '.']],
  };
}
