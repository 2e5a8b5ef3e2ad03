// Whose language a turn is worded in: the person acting, as the LanguageBook resolves it from
// the locale their Teams client sent with the activity (their own choice wins over it). Kept on
// the turn, so every handler of the turn words things for the same person in the same language.

import type { TurnContext } from 'botbuilder';
import { START_COMMANDS } from '../../core/copy.js';
import { type LanguageBook, fallbackNote } from '../../core/languages.js';
import type { RichMessage } from '../../core/rich.js';
import type { Actor } from '../../core/terms.js';
import { actorOf } from './ids.js';

const SPEAKER = Symbol('camreset.teams.speaker');

export interface Speaker {
  actor: Actor;
  /** Say this first (in English): their client's language is one we do not have. Once per person. */
  fallbackNote?: RichMessage;
  /** Their client's language changed since we last heard from them (see LanguageBook.resolve). */
  changed: boolean;
}

/** Resolves the language of the activity's sender and keeps them, with it, on the turn. */
export async function resolveSpeaker(ctx: TurnContext, languages: LanguageBook): Promise<Speaker> {
  const actor = actorOf(ctx.activity);
  // Teams sends the client's locale ('fr-FR'); an activity without one says nothing new.
  const reported = typeof ctx.activity.locale === 'string' && ctx.activity.locale ? ctx.activity.locale : undefined;
  const resolved = await languages.resolve(actor, reported);
  const speaker: Speaker = { actor: { ...actor, locale: resolved.locale }, changed: resolved.changed };
  ctx.turnState.set(SPEAKER, speaker.actor);
  if (resolved.fallbackNote) speaker.fallbackNote = fallbackNote(START_COMMANDS.teams, reported);
  return speaker;
}

/** The person acting in this turn, with their language once resolveSpeaker ran (else as the activity names them). */
export function speakerOf(ctx: TurnContext): Actor {
  const known: unknown = ctx.turnState.get(SPEAKER);
  return isActor(known) ? known : actorOf(ctx.activity);
}

const isActor = (v: unknown): v is Actor => typeof v === 'object' && v !== null && 'platform' in v && 'id' in v;
