// What every Slack handler needs, and the two things they all do the same way: turn a Slack
// user into a core actor, and answer a refusal or a failure privately to the one who acted —
// never with a stack trace.

import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { START_COMMANDS } from '../../core/copy.js';
import type { Heard, Outcome } from '../../core/desk.js';
import type { Reservations } from '../../core/ports.js';
import { refuse, type Refusal } from '../../core/refusals.js';
import type { Actor } from '../../core/request.js';
import type { Locale } from '../../core/i18n/locale.js';
import type { FileRelay } from '../files.js';
import type { HandlerDesk } from '../contract.js';
import type { SlackAgents } from './agents.js';
import { type SlackMessage, renderMessage, renderRefusal } from './render.js';
import type { SlackSurface } from './surface.js';
import { errorText } from '../../core/error-text.js';
import { fallbackNote } from '../../core/languages.js';
import type { SlackLanguages } from './language.js';

/** The slash command (manifests/slack): the core's word for Slack, so every message names the same one. */
export const COMMAND = START_COMMANDS.slack;

export interface SlackContext {
  desk: HandlerDesk;
  /** Drops Slack's retried events across replicas. */
  reservations: Reservations;
  surface: SlackSurface;
  agents: SlackAgents;
  /** The shared file rule and copier (../files.ts). */
  files: FileRelay;
  client: webApi.WebClient;
  logger: Logger;
  /** Resolves when the requests still waiting for their ack have had it (bounded wait). */
  acksFirst: () => Promise<void>;
  /** Each person's language (their choice, else their Slack profile's, else English). */
  languages: SlackLanguages;
}

/** Where a private answer should appear: the channel (and thread) the person acted in. */
export interface Where {
  channel?: string;
  thread?: string;
}

export function slackActor(id: string, name?: string): Actor {
  return name ? { platform: 'slack', id, name } : { platform: 'slack', id };
}

/**
 * The person acting, with the language to answer them in. The first time we find their Slack
 * speaks a language we do not have, they are told so privately, in English, before anything
 * else (`tell`: how this handler answers them privately, e.g. a slash command's response_url).
 */
export async function whoActs(
  ctx: SlackContext,
  user: string,
  name: string | undefined,
  where: Where,
  tell: (m: SlackMessage) => Promise<unknown> = (m) => ctx.surface.tellPrivately(user, where, m),
): Promise<Actor> {
  const { actor, fallbackNote: note, reported } = await ctx.languages.resolve(slackActor(user, name));
  if (note) await tell(renderMessage(fallbackNote(COMMAND, reported), ''));
  return actor;
}

export async function explain(
  ctx: SlackContext,
  user: string,
  where: Where,
  refusal: Pick<Refusal, 'lines' | 'actions' | 'requestId'>,
  locale?: Locale,
): Promise<void> {
  await ctx.surface.tellPrivately(user, where, renderRefusal(refusal, locale));
}

/** Shows a refused outcome privately; an accepted one needs no answer (the notices speak). `locale`: the person's. */
export async function explainOutcome(ctx: SlackContext, user: string, where: Where, outcome: Outcome, locale?: Locale): Promise<void> {
  if (!outcome.ok) await explain(ctx, user, where, outcome.refusal, locale);
  else if (outcome.reply) await tellHeard(ctx, user, where, { reply: outcome.reply, requestId: outcome.request.id }, locale);
}

/** What the desk answered the one who spoke: ephemeral where they are (buttons included). `locale`: theirs. */
export async function tellHeard(ctx: SlackContext, user: string, where: Where, heard: Heard, locale?: Locale): Promise<void> {
  if (heard.refusal) await explain(ctx, user, where, heard.refusal, locale);
  if (heard.reply) await ctx.surface.tellPrivately(user, where, renderMessage(heard.reply, heard.requestId ?? '', locale));
}

/**
 * Runs a handler's work after its ack, and after the acks of requests that came in meanwhile
 * (Slack's 3 seconds run for them too). A bug or an unreachable Slack is logged and the person
 * is told, privately, that camreset is temporarily unavailable.
 */
export async function afterAck(
  ctx: SlackContext,
  user: string | undefined,
  where: Where,
  what: string,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await ctx.acksFirst();
    await work();
  } catch (err) {
    ctx.logger.error({ err: errorText(err), what }, 'slack handler failed');
    if (!user) return;
    try {
      const locale = await ctx.languages.recorded(slackActor(user));
      await explain(ctx, user, where, refuse('unavailable', { what, locale }), locale);
    } catch (again) {
      ctx.logger.error({ err: errorText(again), what }, 'could not tell the user about a failure');
    }
  }
}
