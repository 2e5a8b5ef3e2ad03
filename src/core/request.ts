// The reset request as the core sees it: who asked, for which device, which challenge is
// running, where the conversation lives, and the audit trail. Plain data, so every driver
// can store it and every platform can render it.

import type { Notice } from './notices.js';
import type { Actor, RequestFile, Platform, Reader } from './terms.js';

// Every importer of the request keeps finding these here; they live in terms.ts only so that
// notices.ts can import them without a cycle.
export { type Actor, type FileCopy, type FileRole, type RequestFile, type Platform, type Reader, actorKey, sameActor } from './terms.js';

export const STATES = [
  'collecting',
  'awaiting_support',
  'claimed',
  'needs_info',
  'puk_delivered',
  'completed',
  'cancelled',
  'rejected',
  'expired',
  'unconfirmed',
  'abandoned',
] as const;
export type State = (typeof STATES)[number];

/**
 * States in which the request is finished: codes are wiped, no timer runs, and it leaves every
 * index of open requests. `unconfirmed`: the PUK went out but nobody said whether the reset
 * worked; `abandoned`: an intake or an expired challenge nobody came back to (REQUEST_IDLE_CLOSE).
 */
export const ENDED_STATES: readonly State[] = ['completed', 'cancelled', 'rejected', 'unconfirmed', 'abandoned'];
export const isEnded = (state: State): boolean => ENDED_STATES.includes(state);

/**
 * Where a conversation lives on its platform. Slack: channel + thread ts. Teams: the
 * conversation id (+ reply-chain id) and the serialized ConversationReference needed to
 * speak proactively later.
 */
export interface Conversation {
  platform: Platform;
  channel: string;
  thread?: string;
  /** Platform-specific data the adapter needs to reach this conversation later. */
  reference?: Record<string, unknown>;
}

export interface Device {
  model?: string;
  mac?: string;
  firmware?: string;
  serial?: string;
  photos: RequestFile[];
  /** Files the technician uploaded on request (invoice, proof of ownership, letter). */
  documents: RequestFile[];
}

export interface Challenge {
  /** Sequence number of this challenge within the request (1, 2, ...). Part of timer ids. */
  seq: number;
  /** The 32-character code; removed when the request ends. */
  code?: string;
  receivedAt: number;
  expiresAt: number;
  /** True once an age ("generated 10 minutes ago") moved this code's clock: it moves once per code. */
  aged?: boolean;
  /** Warnings sent for this code so far: the first one calls the support group when unclaimed. */
  warned?: number;
}

export interface PukDelivery {
  /** The PUK itself; removed when the request ends. */
  value?: string;
  sentBy: Actor;
  sentAt: number;
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  /**
   * A word of the bot's own (field names, a warning's offset, a document kind, the Bosch ticket
   * number, `note` when a note was given), never what a person wrote: the trail is exported and
   * kept in clear, and people quote codes and PUKs.
   */
  detail?: string;
}

/** One change's notices still on their way, and how delivering them has gone so far. */
export interface PendingNotices {
  key: string;
  /** Last sign of life: created, a notice out, a heartbeat, or the last failed try. */
  at?: number;
  /** The replica sending them; another takes over as soon as that one is no longer alive. */
  by?: string;
  notices: Notice[];
  /** Per reader whose notices keep failing: since when, how many tries, whether support was told. */
  failing?: Partial<Record<Reader, { since: number; tries: number; told?: boolean }>>;
  /** Its card waits for support to become reachable (SupportNotConnectedError); `told`: the technician knows. */
  awaitingSupport?: { told: boolean };
}

/**
 * Where one camera of a site stands. `open`: with support, its code live, no PUK yet;
 * `puk_delivered`: its PUK went out; `expired`: its code ran out (after its PUK went out when
 * `puk` is kept); `completed`: the technician said its reset worked.
 */
export const CAMERA_STATES = ['open', 'puk_delivered', 'expired', 'completed'] as const;
export type CameraState = (typeof CAMERA_STATES)[number];

/**
 * One camera of a site (a request with `cameras`): its own details, its own challenge with its
 * own clock, its own PUK and its own outcome. `n` is how everyone names it ("camera 3"): its
 * place in the site, never reused.
 */
export interface Camera {
  n: number;
  model?: string;
  mac?: string;
  firmware?: string;
  serial?: string;
  challenge?: Challenge;
  previousChallenges: Array<Omit<Challenge, 'code'>>;
  puk?: PukDelivery;
  state: CameraState;
}

export interface ResetRequest {
  id: string;
  state: State;
  requester: Actor;
  conversation: Conversation;
  device: Device;
  challenge?: Challenge;
  /** Earlier challenges (codes are not kept once superseded). */
  previousChallenges: Array<Omit<Challenge, 'code'>>;
  /**
   * A whole site in one request (issue 15): each camera with its own details, challenge and PUK.
   * Then `device` holds only the site's files and `challenge`/`puk` stay unset; without it the
   * request is one camera, as it always was.
   */
  cameras?: Camera[];
  /** A site's details given once for all its cameras ("Model: …" above a table): every camera added later that lacks one takes it. */
  siteDefaults?: Partial<Record<'model' | 'mac' | 'firmware' | 'serial', string>>;
  supportCard?: Conversation & { message?: string };
  claimedBy?: Actor;
  puk?: PukDelivery;
  boschTicket?: string;
  /**
   * A code the technician sent alone after submission, which the bot asked about ("Is this a new
   * challenge code?"). Their next message may answer with a typed yes or no instead of the
   * buttons; any other step forgets it, so a later "yes" (to an agent's question) never replaces
   * the code. Wiped with the other secrets.
   */
  offeredCode?: { code: string; ageMs?: number; at: number };
  /** The agent's open question while the state is needs_info. */
  question?: { text: string; askedBy: Actor; at: number };
  rejection?: { reason: string; by: Actor; at: number };
  /** Timer ids whose effect has happened; at-least-once timers become exactly-once here. */
  firedTimers: string[];
  /** Notices of a change not yet confirmed delivered, per change (see Desk.deliverPending). */
  pendingNotices?: PendingNotices[];
  audit: AuditEntry[];
  createdAt: number;
  updatedAt: number;
}
