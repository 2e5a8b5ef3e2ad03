// The middleware every Teams activity passes before the bot's handlers, by name, and their order
// (TEAMS_MIDDLEWARE_ORDER in index.ts): the bot's own activities are dropped first, then a
// message's mention of the bot is read and stripped from the words the desk hears.

import { type Activity, type MiddlewareHandler, TurnContext } from 'botbuilder';

/**
 * The bot's own activities (an echo, a message it sent in a channel) are never a person acting:
 * they are dropped, an invoke answered 200 so Teams shows no error.
 */
export function ignoreOwnActivities(): MiddlewareHandler {
  return async (turn, next) => {
    // An activity is untrusted input: Teams names from and recipient, a forged one may not.
    const { from, recipient } = turn.activity as Partial<Activity>;
    if (from?.id && from.id === recipient?.id) {
      if (turn.activity.type === 'invoke') await turn.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
      return;
    }
    await next();
  };
}

/** What a message says once the bot's mention is taken out, and whether the bot was mentioned. */
export interface HeardWords {
  text: string;
  mentioned: boolean;
}

const HEARD_WORDS = Symbol('camreset.heardWords');

/** In a message, the mention of the bot is taken out of the words (the desk reads commands). */
export function stripMentions(): MiddlewareHandler {
  return async (turn, next) => {
    if (turn.activity.type === 'message') turn.turnState.set(HEARD_WORDS, readMention(turn));
    await next();
  };
}

/** The words stripMentions read for this turn (read now when it did not run). */
export function heardWords(turn: TurnContext): HeardWords {
  return turn.turnState.get<HeardWords | undefined>(HEARD_WORDS) ?? readMention(turn);
}

function readMention(turn: TurnContext): HeardWords {
  const a = turn.activity;
  // Untrusted input: a forged activity may lack recipient or text, whatever the type says.
  const { recipient, text: said } = a as Partial<Activity>;
  const entities: unknown[] = Array.isArray(a.entities) ? a.entities : [];
  const mentioned = entities.some(
    (e) => (e as { type?: unknown } | null)?.type === 'mention' && (e as { mentioned?: { id?: unknown } }).mentioned?.id === recipient?.id,
  );
  const stripped: string | undefined = mentioned ? TurnContext.removeRecipientMention(a) : undefined;
  const text = clean(stripped ?? said ?? '');
  return { text, mentioned };
}

/** Teams sends non-breaking spaces and sometimes a trailing newline around mentions. */
function clean(text: string): string {
  return text.replace(/\u00a0|&nbsp;/g, ' ').trim();
}
