// The interfaces through which the core reaches the outside world: where requests are kept,
// what else is remembered or reserved across replicas, how timers are scheduled, what time it
// is, and where notices go. Drivers implement them.

import type { ResetRequest, State } from './request.js';
import type { Notice } from './notices.js';

/** Thrown by a store when its backend cannot be reached; the desk turns it into a polite refusal. */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('state store unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Thrown by an outbox when support cannot be reached yet: the platform knows no way into the
 * support channel (e.g. the bot has not been added to it). Not a failed delivery: the card
 * waits, the technician is told so, and `Desk.supportConnected` sends it once the platform can.
 */
export class SupportNotConnectedError extends Error {
  constructor(readonly platform: string) {
    super(`the ${platform} support channel is not reachable yet`);
    this.name = 'SupportNotConnectedError';
  }
}

export type Mutation = (current: ResetRequest) => ResetRequest | undefined;

export interface RequestStore {
  /** Stores a new request; fails if the id exists. */
  create(request: ResetRequest): Promise<void>;
  get(id: string): Promise<ResetRequest | undefined>;
  /**
   * Atomic read-modify-write. `mutate` may run more than once (optimistic retry), so it must
   * be pure. Returning undefined means "no change". Resolves to the stored result, or
   * undefined when the request does not exist.
   */
  update(id: string, mutate: Mutation): Promise<ResetRequest | undefined>;
  /**
   * Index keys (a conversation thread, a support-card thread...) that point at a request.
   * `link` is idempotent; a key points at one request at a time, and lives as long as the
   * request it points at (an ended one's audit retention). Anything else goes in a KeyValueStore.
   */
  link(key: string, id: string): Promise<void>;
  resolve(key: string): Promise<string | undefined>;
  /** Requests that have not ended (open), oldest first. */
  listOpen(): Promise<ResetRequest[]>;
  /**
   * How many open requests are in each state (a state with none may be absent). Kept by every
   * create and update in the same atomic write as the request, so it is right across replicas
   * and restarts; reading it reads (and decrypts) no request, whatever their number.
   */
  countOpen(): Promise<Partial<Record<State, number>>>;
  /**
   * Requests with notices still to deliver (`pendingNotices`), open or ended, oldest first:
   * what the redelivery sweep reads, so it never walks the ended ones that have nothing left.
   */
  listUndelivered(): Promise<ResetRequest[]>;
  /** Every request still kept (open, and ended within the audit retention), oldest first. */
  listAll(): Promise<ResetRequest[]>;
  /**
   * Says replica `replica` is alive for the next `ttlMs` (each process renews its own every
   * half second), so that another can take over the messages it was sending once it is gone.
   * Optional: a store without it leaves a dead replica's messages to the 30 s redelivery rule.
   */
  markAlive?(replica: string, ttlMs: number): Promise<void>;
  /** Which of `replicas` are alive now (marked within their ttl). */
  aliveReplicas?(replicas: string[]): Promise<Set<string>>;
  /** Resolves when the backend answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A small durable map of text by key, for what a platform must remember beyond any one request:
 * the chat it has with a person (a Teams conversation reference as JSON, a few KB), a person's
 * time zone. A value lives until it is overwritten; the drivers keep it beside the requests
 * (memory or Redis), so it outlives a restart exactly when they do.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/**
 * Keys taken by one caller for a while, across replicas: within `ttlMs` of the first `reserve`
 * of a key, every other `reserve` of it gets false. What drops Slack's retried events, keeps two
 * starts from sharing a request id, and lets one replica alone redeliver a pending notice.
 */
export interface Reservations {
  /** True when this call took `key` (for `ttlMs`), false when it was taken and has not lapsed. */
  reserve(key: string, ttlMs: number): Promise<boolean>;
}

export interface TimerJob {
  /** Deterministic id: scheduling the same id twice keeps one timer. */
  id: string;
  requestId: string;
  /** Epoch ms when it should fire. */
  at: number;
}

export type TimerHandler = (job: TimerJob) => Promise<void>;

export interface Timers {
  schedule(job: TimerJob): Promise<void>;
  cancel(id: string): Promise<void>;
  /** Starts delivering due timers to `handler` (at least once). */
  start(handler: TimerHandler): Promise<void>;
  close(): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

// A clock whose time moves in steps it announces: the tests' ManualClock and the playground's
// ScaledClock. The embedded timers (drivers/memory) fire due jobs on its announcements instead
// of on real timeouts, so a clock that jumps or changes speed fires them at the right moment.

/** Called by an observable clock after it moved; resolves when the observer has caught up. */
export type AdvanceListener = (now: number) => Promise<void>;

/**
 * A clock that tells observers when it moves. Time on such a clock passes in the steps it
 * announces, so MemoryTimers fires due jobs from there instead of from real timeouts, and the
 * one who moves it can wait for their handlers.
 */
export interface ObservableClock extends Clock {
  onAdvance(listener: AdvanceListener): () => void;
}

export const isObservableClock = (clock: Clock): clock is ObservableClock =>
  typeof (clock as Partial<ObservableClock>).onAdvance === 'function';

/** Delivers notices to people; the platform layer implements it. */
export interface Outbox {
  deliver(request: ResetRequest, notices: Notice[]): Promise<void>;
}

/** Tells whether a person may act as a support agent. */
export interface AgentDirectory {
  isAgent(actor: import('./request.js').Actor): Promise<boolean>;
}
