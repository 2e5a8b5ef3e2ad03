// The middleware every Slack request passes before its listener, by name, and their order
// (SLACK_MIDDLEWARE_ORDER in index.ts): the bot's own actions are dropped first, then what is
// left is counted while it runs, then the Events API's retries of an event already handled go.

import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';

type SlackMiddleware = Middleware<AnyMiddlewareArgs>;

/**
 * Nothing the bot does itself is ever taken as a person's action (Bolt's ignoreSelf covers
 * only events): a click, command or form from the bot's own user is acknowledged and dropped.
 * `seenBot` learns the bot's user id (the agent lists leave it out).
 */
export function ignoreOwnActions(seenBot: (botUserId: string) => void): SlackMiddleware {
  return async ({ body, context, next, ...rest }) => {
    // `user` is untrusted: a null there is typeof 'object' too.
    const b = body as { user?: { id?: unknown } | string | null; user_id?: unknown };
    const actor = typeof b.user === 'object' ? b.user?.id : (b.user ?? b.user_id);
    if (context.botUserId) {
      seenBot(context.botUserId);
      if (actor === context.botUserId) {
        if ('ack' in rest && typeof rest.ack === 'function') await rest.ack();
        return;
      }
    }
    await next();
  };
}

/**
 * Every handler acks first and works after (Slack wants its answer within 3 s), so the HTTP
 * server going quiet does not mean the work is done: each request's work is in `inFlight` until
 * it settles, and stop() waits for it. (next() settles once every listener has.)
 */
export function trackInFlight(inFlight: Set<Promise<void>>): SlackMiddleware {
  return async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  };
}

/** Slack retries at once, after 1 and after 5 minutes; two hours is well past the last one. */
export const EVENT_DEDUPE_MS = 2 * 60 * 60_000;

/**
 * Slack retries an event it thinks was missed; each event_id is handled once, across replicas
 * (`once` is the store's claim). Bolt acks Events API requests before any middleware runs, so a
 * dropped retry has had its answer.
 */
export function dropRetriedEvents(once: (key: string, ttlMs: number) => Promise<boolean>, logger: Logger): SlackMiddleware {
  return async ({ body, next }) => {
    const eventId = (body as { type?: unknown; event_id?: unknown }).event_id;
    if ((body as { type?: unknown }).type === 'event_callback' && typeof eventId === 'string') {
      if (!(await once(`slack:event:${eventId}`, EVENT_DEDUPE_MS))) {
        logger.debug({ eventId }, 'slack event already handled');
        return;
      }
    }
    await next();
  };
}
