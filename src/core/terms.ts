// The terms a request and its notices both speak of: the platforms, the people acting, who
// reads a notice, and the files shared. Apart from request.ts so that notices.ts can name them
// without importing the request, which itself holds the notices still to deliver.

import type { Locale } from './i18n/locale.js';

export type Platform = 'slack' | 'teams';

/** A person (or the bot itself) on one platform. `id` is the platform's own user id. */
export interface Actor {
  platform: Platform;
  id: string;
  /** Display name when the platform told us; renderers prefer a mention built from `id`. */
  name?: string;
  /**
   * The language this person reads, as their platform resolved it when they acted (their own
   * choice, else what their client or profile says, else English). Not part of who they are:
   * sameActor ignores it. On a request's requester it is what the technician's notices are worded in.
   */
  locale?: Locale;
}

export const actorKey = (a: Actor): string => `${a.platform}:${a.id}`;
export const sameActor = (a: Actor | undefined, b: Actor | undefined): boolean => !!a && !!b && a.platform === b.platform && a.id === b.id;

/** A file the technician shared: a label photo, or a document support asked for. */
export interface RequestFile {
  /**
   * Where the file is on the technician's platform. Without `copy`, a link shown to support;
   * with it, where the platform fetches the bytes from, never shown (support may not be able to open it).
   */
  url: string;
  name?: string;
  /**
   * The platform copies the bytes into the support card's thread (Slack), so every agent can open
   * them: 'pending' until it has, then 'delivered', or 'failed' (the technician was asked again).
   * The bytes themselves are never kept.
   */
  copy?: FileCopy;
}

export type FileCopy = 'pending' | 'delivered' | 'failed';

/** Which of the request's files a photo is: device.photos or device.documents. */
export type FileRole = 'label_photo' | 'document';

/** Who reads a notice: the technician (thread, chat, DM) or support (the card and its thread). */
export type Reader = 'technician' | 'support';
