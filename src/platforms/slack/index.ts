// The Slack platform: one Bolt app. In HTTP mode its HTTPReceiver's request listener is mounted
// into our one HTTP server at POST /slack/events (Bolt verifies every signature); with
// SLACK_APP_TOKEN it runs in Socket Mode instead, and reconnects for as long as a challenge
// lives. Its Web API clients talk to SLACK_API_URL with a retry policy that fits the challenge's
// 60-minute window.

import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger, type Receiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { PlatformFactory } from '../contract.js';
import { registerActions } from './actions.js';
import { LANGUAGE_LOOKUP_MS, SlackAgents, lastsUntilReinstalled } from './agents.js';
import { SlackFiles } from './files.js';
import type { SlackContext } from './context.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';
import { registerHome } from './home.js';
import { registerModals } from './modals.js';
import { registerSiteModals } from './site-modals.js';
import { dropRetriedEvents, ignoreOwnActions, trackInFlight } from './middleware.js';
import { SlackMessenger } from './messenger.js';
import { SlackSurface } from './surface.js';
import { SlackLanguages } from './language.js';
import { PendingRequests } from '../../lib/pending-requests.js';
import { Later } from '../../lib/later.js';
import { errorText } from '../../core/error-text.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's largest payloads (view submissions) are far smaller; nothing bigger is read. */
export const SLACK_MAX_BODY_BYTES = 1024 * 1024;

/** The longest a handler's work waits for other requests' acks: a burst, never a stall. */
const ACKS_FIRST_MAX_MS = 200;

/**
 * The default policy retries for about 30 minutes, longer than most of a challenge's life.
 * Five tries with backoff give up on a network error or a 5xx within about a minute, while the
 * technician can still act on the error; each try waits at most 10 seconds. A 429 is not an
 * error to give up on: it says when to try again (see the posting client below).
 */
export const SLACK_CLIENT_POLICY = {
  retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 15_000, randomize: true },
  timeout: 10_000,
} as const;

/** Socket Mode's first reconnects come quick (Slack refreshes connections routinely), then every 30 s at most. */
const SOCKET_RECONNECT = { factor: 2, minTimeout: 100, maxTimeout: 30_000 } as const;

/**
 * How long Socket Mode keeps fetching a new WebSocket URL (apps.connections.open) when Slack
 * cannot be reached. Its client reconnects by itself after every `disconnect` or dropped socket,
 * but stops for good once the Web API client gives up on a network error or a 5xx: on
 * SLACK_CLIENT_POLICY's five tries that is a minute of outage, after which the bot would stay up
 * connected to nothing while technicians' challenges run out. This keeps trying for at least a
 * challenge's validity (the delays before randomising add up to `validityMs`; randomising only
 * lengthens them, and each try's own timeout comes on top). Slack's `ok: false` answers other than
 * a bad token are retried by the Socket Mode client itself, without limit.
 */
export function socketModeRetryPolicy(validityMs: number): webApi.RetryOptions {
  let retries = 0;
  for (let covered = 0; covered < validityMs; retries++)
    covered += Math.min(SOCKET_RECONNECT.minTimeout * SOCKET_RECONNECT.factor ** retries, SOCKET_RECONNECT.maxTimeout);
  return { ...SOCKET_RECONNECT, retries, randomize: true };
}

// Not async: nothing here waits (start and stop do); app.ts awaits the factory, so a throw here still fails startup.
export const slackPlatform: PlatformFactory = (ctx) => {
  const slack = ctx.config.slack;
  if (!slack) return Promise.resolve(undefined);
  const logger = ctx.logger.child({ platform: 'slack' });
  const boltLogger = toBoltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { ...SLACK_CLIENT_POLICY.retryConfig },
    timeout: SLACK_CLIENT_POLICY.timeout,
    logger: boltLogger,
  };
  const socketMode = !!slack.appToken;
  let receiver: Receiver;
  let http: HTTPReceiver | undefined;
  if (slack.appToken) {
    const socket = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: boltLogger,
      autoReconnectEnabled: true,
      // Its own client, for apps.connections.open only: not the five tries the other calls get.
      installerOptions: {
        clientOptions: {
          ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
          timeout: SLACK_CLIENT_POLICY.timeout,
          retryConfig: socketModeRetryPolicy(ctx.config.settings.validityMs),
        },
      },
    });
    // The connection comes and goes (Slack refreshes it, networks drop it): the log says when.
    socket.client.on('connected', () => logger.info('slack socket connected'));
    socket.client.on('reconnecting', () => logger.warn('slack socket lost: reconnecting'));
    receiver = socket;
  } else {
    if (!slack.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for Slack in HTTP mode');
    http = new HTTPReceiver({
      signingSecret: slack.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger: boltLogger,
      // Our server hands Bolt the body already read within this bound (see the route below);
      // should a request ever reach Bolt unread, Bolt reads it with the same bound, not its 4 MB.
      bodyLimit: SLACK_MAX_BODY_BYTES,
      // A signed payload Bolt itself cannot route (e.g. `actions` not a list) gets a plain 400,
      // not Bolt's 500; errors after the ack are already answered and only logged.
      processEventErrorHandler: ({ error, response }) => {
        logger.warn({ err: { name: error.name, message: error.message } }, 'slack payload could not be processed');
        if (response.headersSent) return Promise.resolve(false);
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'malformed payload' }));
        return Promise.resolve(true);
      },
    });
    receiver = http;
  }
  const app = new App({
    token: slack.botToken,
    receiver,
    logger: boltLogger,
    clientOptions,
    // auth.test runs once, in start(), not as an unobserved promise in the constructor.
    deferInitialization: true,
    convoStore: false,
  });

  // Everything that posts, updates or opens a DM goes through the messenger, on a client of its
  // own that hands a 429 back rather than pausing all its calls: the messenger makes only that
  // channel wait (pacing.ts). Bolt's client keeps the pause for what is left on it (views,
  // member lists), none of which waits behind a busy channel.
  const postingClient = new webApi.WebClient(slack.botToken, { ...clientOptions, rejectRateLimitedCalls: true });
  // In HTTP mode, work after an ack waits (up to ACKS_FIRST_MAX_MS) while other requests to
  // /slack/events still wait for their ack, before it starts and before each Web API call;
  // Socket Mode acks over one socket and needs no gate.
  const pending = new PendingRequests();
  const acksFirst = http ? () => pending.quiet(ACKS_FIRST_MAX_MS) : () => Promise.resolve();
  // Files are fetched and uploaded through the client with the ordinary retry policy.
  const files = new SlackFiles({ botToken: slack.botToken, client: app.client, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}) });
  const messenger = new SlackMessenger({ client: postingClient, logger, acksFirst, postIntervalMs: slack.postIntervalMs });
  const surface = new SlackSurface({
    messenger,
    desk: ctx.desk,
    supportChannel: slack.supportChannel,
    supportUsergroup: slack.supportUsergroup,
    logger,
    files,
  });
  const agents = new SlackAgents({
    client: app.client,
    quickClient: new webApi.WebClient(slack.botToken, {
      ...clientOptions,
      retryConfig: { retries: 0 },
      timeout: LANGUAGE_LOOKUP_MS,
      rejectRateLimitedCalls: true,
    }),
    usergroup: slack.supportUsergroup,
    supportChannel: slack.supportChannel,
    now: () => ctx.clock.now(),
  });
  ctx.router.add(surface);
  ctx.agents.set('slack', agents);

  // Language lookups tried again in the background (language.ts); stop() drops those not started.
  const later = new Later(ctx.clock, (err) => logger.error({ err: errorText(err) }, 'slack background language lookup failed'));

  // Handlers already acked may still be working; stop() waits for them (trackInFlight).
  const inFlight = new Set<Promise<void>>();
  // The order every request goes through, before any listener (middleware.ts says why each).
  const SLACK_MIDDLEWARE_ORDER = [
    ignoreOwnActions((botUserId) => agents.exclude(botUserId)),
    trackInFlight(inFlight),
    dropRetriedEvents((key, ttlMs) => ctx.reservations.reserve(key, ttlMs), logger),
  ];
  for (const middleware of SLACK_MIDDLEWARE_ORDER) app.use(middleware);

  const handlers: SlackContext = {
    desk: ctx.desk,
    reservations: ctx.reservations,
    surface,
    agents,
    files: ctx.files,
    client: app.client,
    logger,
    acksFirst,
    languages: new SlackLanguages({
      book: ctx.languages,
      profileLocale: (user) => agents.profileLocale(user),
      lasting: lastsUntilReinstalled,
      follow: (actor) => ctx.desk.followLanguage(actor),
      later,
      logger,
    }),
  };
  registerEvents(app, handlers);
  registerCommands(app, handlers);
  registerActions(app, handlers);
  registerModals(app, handlers);
  registerSiteModals(app, handlers);
  registerHome(app, handlers);
  app.error((error) => {
    logger.error({ err: { name: error.name, message: error.message, code: error.code } }, 'slack listener failed');
    return Promise.resolve();
  });

  if (http) {
    const listener = http.requestListener;
    // The server has read the body within SLACK_MAX_BODY_BYTES (413 past it, before Bolt sees
    // the request); Bolt takes a request whose `rawBody` is a Buffer as already read, instead of
    // reading the stream a second time.
    ctx.http.route(
      'POST',
      SLACK_EVENTS_PATH,
      (req, res, body) => {
        pending.track(res);
        listener(Object.assign(req, { rawBody: body }), res);
      },
      { maxBodyBytes: SLACK_MAX_BODY_BYTES },
    );
  }

  let connected = false;
  return Promise.resolve({
    name: 'slack',
    async start() {
      await app.init();
      if (socketMode) {
        await app.start();
        connected = true;
      }
      logger.info({ mode: socketMode ? 'socket' : 'http' }, 'slack ready');
      if (!slack.supportUsergroup && slack.supportChannel) {
        logger.warn(
          { supportChannel: slack.supportChannel },
          'SLACK_SUPPORT_USERGROUP is not set: every member of the support channel (of this workspace) is a support agent and can claim requests, read challenge codes, send PUKs and reject. Set SLACK_SUPPORT_USERGROUP to the user group id (S…) of your agents to narrow it',
        );
      }
    },
    async stop() {
      if (connected) await app.stop();
      connected = false;
      // Handlers already acked finish (their posts included) before the drivers close.
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      await later.close();
      await surface.idle();
    },
  });
};

/**
 * Bolt and the Web API client log through pino. Their debug lines carry whole request bodies
 * (a PUK on its way to the technician), so debug is never passed on.
 */
function toBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? errorText(a) : JSON.stringify(a))).join(' ');
  return {
    debug: () => {},
    info: (...args: unknown[]) => logger.info(text(args)),
    warn: (...args: unknown[]) => logger.warn(text(args)),
    error: (...args: unknown[]) => logger.error(text(args)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
