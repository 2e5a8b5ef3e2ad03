// The contract between the composition root (src/app.ts) and the platforms: what a platform is
// given to wire itself in, what it hands back, and the surface through which the notice router
// reaches it. A leaf that both sides import (types of the core, the config and the HTTP server
// only), so no platform imports app.ts and app.ts knows no platform's insides.

import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Desk } from '../core/desk.js';
import type { Notice } from '../core/notices.js';
import type { LanguageBook } from '../core/languages.js';
import type { AgentDirectory, Clock, KeyValueStore, Reservations } from '../core/ports.js';
import type { Platform, ResetRequest } from '../core/request.js';
import type { Metrics } from '../http/metrics.js';
import type { HttpServer } from '../http/server.js';
import type { FileRelay, FileSide } from './files.js';

/** One platform's way of delivering notices. */
export interface Surface {
  platform: Platform;
  /** True when this platform has a support channel configured. */
  hasSupportChannel: boolean;
  /** Notices for the technician (thread or private). */
  toRequester(request: ResetRequest, notice: Notice): Promise<void>;
  /** Notices for support: the card (post or update) and messages in its thread. */
  toSupport(request: ResetRequest, notice: Notice): Promise<void>;
  /** How this platform fetches files shared on it and delivers files to its support thread. */
  files?: FileSide;
}

/**
 * What a surface asks of the desk while it delivers: the time and the settings to word a notice
 * with, the request as it is now, and where the support card and a copied file ended up.
 */
export type SurfaceDesk = Pick<Desk, 'now' | 'settings' | 'get' | 'attachSupportCard' | 'fileCopied'>;

/**
 * What a platform's handlers ask of the desk for the person acting: what they said, the buttons
 * and forms they used, and the lookups that answer them. Not the timers' or the redelivery
 * sweep's entry points (onTimer, redeliver, recover): those belong to the composition root.
 */
export type HandlerDesk = Pick<
  Desk,
  | 'now'
  | 'settings'
  | 'get'
  | 'find'
  | 'openRequests'
  | 'supportConnected'
  | 'requestsOf'
  | 'isAgent'
  | 'chooseLanguage'
  | 'followLanguage'
  | 'hear'
  | 'answer'
  | 'mayOpenForm'
  | 'setFields'
  | 'submit'
  | 'edit'
  | 'cancel'
  | 'done'
  | 'failed'
  | 'claim'
  | 'release'
  | 'takeOver'
  | 'sendPuk'
  | 'ask'
  | 'requestDocument'
  | 'recordTicket'
  | 'boschEmail'
  | 'reject'
  | 'anotherCamera'
  | 'sendPuks'
  | 'checkPuks'
  | 'readBoschReply'
>;

/** What a platform is given to wire itself in: it mounts routes, adds its surface and agents. */
export interface PlatformContext {
  config: Config;
  desk: SurfaceDesk & HandlerDesk;
  http: Pick<HttpServer, 'route' | 'mount'>;
  /** The notice router: each platform adds the one surface it delivers through. */
  router: { add(surface: Surface): void };
  /** Who counts as a support agent: each platform registers its own rule. */
  agents: { set(platform: Platform, directory: AgentDirectory): void };
  /** What a platform remembers beyond a request (Teams: chats, channels' teams, time zones). */
  keyValues: KeyValueStore;
  /** Keys one replica takes at a time (Slack: retried events). Requests a platform reaches only
   * through the desk, so no platform changes state behind the lifecycle's back. */
  reservations: Reservations;
  clock: Clock;
  logger: Logger;
  /** The gauges a platform feeds (whether its support channel is reachable yet). */
  metrics: Pick<Metrics, 'watchSupportChannel'>;
  /** Each person's language: resolve it for everyone who acts, before the desk hears them (core/languages.ts). */
  languages: LanguageBook;
  /** Checks files as they are shared and copies them to the support card's thread (platforms/files.ts). */
  files: FileRelay;
}

/** A platform once wired: started before the timers (they may speak at once), stopped before the drivers close. */
export interface PlatformModule {
  name: string;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Platforms register here; each decides from the config whether it is on. */
export type PlatformFactory = (ctx: PlatformContext) => Promise<PlatformModule | undefined>;
