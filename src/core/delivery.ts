// Delivering a change's notices: they are committed with the change as pending, sent reader by
// reader (the technician, support), struck off one by one as they go out, kept alive by a
// heartbeat while a send waits, and sent again by a sweep (any replica) when a process died or a
// reader could not be reached. A reader that keeps failing is reported to support, once.

import { randomUUID } from 'node:crypto';
import { errorText } from './error-text.js';
import type { Notice } from './notices.js';
import type { Clock, Outbox, RequestStore, Reservations } from './ports.js';
import { SupportNotConnectedError } from './ports.js';
import type { PendingNotices, Platform, Reader, ResetRequest } from './request.js';

export interface DeliveryLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DeliveryDeps {
  store: RequestStore;
  /** Claims each try once across replicas. */
  reservations: Reservations;
  outbox: Outbox;
  clock: Clock;
  log: DeliveryLog;
  /** A try to deliver a reader's notices failed (`unreachable`: it keeps failing, support is told). */
  onFailure?: (reader: Reader, platform: Platform, unreachable: boolean) => void;
  /** This process's name among the replicas (DeskDeps.replica): its pending messages carry it. */
  replica?: string;
}

export class Delivery {
  /** Replicas found missing from the liveness keys, and since when (goneReplicas). */
  private readonly missing = new Map<string, number>();
  constructor(private readonly deps: DeliveryDeps) {}

  private now(): number {
    return this.deps.clock.now();
  }

  /** The change `key` with `notices` pending, owned by this replica. */
  pending(request: ResetRequest, key: string, notices: Notice[]): ResetRequest {
    return withPending(request, key, notices, request.updatedAt, this.deps.replica);
  }

  /**
   * A timer delivered again after the process that honoured it died (or failed) before its
   * notices were out: what is left goes out now rather than at the next sweep, claimed like a
   * sweep's try.
   */
  async resend(request: ResetRequest, key: string): Promise<void> {
    const entry = request.pendingNotices?.find((p) => p.key === key);
    if (entry && (await this.deps.reservations.reserve(redeliveryClaim(request.id, entry), 5 * 60_000))) await this.send(request, key);
  }

  /**
   * Sends one change's pending notices, striking each off once delivered, so a retry after a
   * failure or a crash sends only what had not gone out. Each reader (the technician, support)
   * gets theirs in order and independently: an unreachable technician chat does not hold back
   * support's warning. A failure is recorded with the entry (the sweep tries again); a reader
   * that keeps failing is reported to support, once.
   */
  async send(request: ResetRequest, key: string): Promise<void> {
    const pending = request.pendingNotices?.find((p) => p.key === key);
    if (!pending) return;
    const { replica } = this.deps;
    // Taken over from another replica (dead, or its messages stale): they are this one's now,
    // so that if this one dies too, a third takes them over in turn.
    if (replica && pending.by !== replica) {
      await this.deps.store
        .update(request.id, (current) => withPendingMarkedAlive(current, key, this.now(), replica))
        .catch(() => undefined);
    }
    // A send can wait minutes behind a rate-limited channel: say so while it waits, or a sweep
    // (here or on another replica) would take it for a crashed delivery and send it again.
    const heartbeat = setInterval(() => {
      this.deps.store.update(request.id, (current) => withPendingMarkedAlive(current, key, this.now())).catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    /** Resolves to true when support cannot be reached yet (nothing of support's went out). */
    const deliverTo = async (reader: Reader, skip: (n: Notice) => boolean = () => false): Promise<boolean> => {
      const mine = pending.notices.filter((n) => readerOf(n) === reader && !skip(n));
      if (!mine.length) return false;
      try {
        for (const notice of mine) {
          await this.deps.outbox.deliver(request, [notice]);
          await this.deps.store.update(request.id, (current) => withoutDeliveredNotice(current, key, reader, notice, this.now()));
        }
      } catch (err) {
        if (err instanceof SupportNotConnectedError) return true;
        await this.recordFailure(request, key, reader, err);
      }
      return false;
    };
    try {
      // A card about to be posted goes first: whoever the technician is told is there can answer
      // in its thread at once. Otherwise both readers at the same time.
      if (!request.supportCard && pending.notices.some((n) => n.kind === 'card')) {
        // A request that ended (or expired) while its card waited for support: support has
        // nothing to see, and "with support now" would no longer be true.
        if (pending.awaitingSupport && request.state !== 'awaiting_support') {
          await this.deps.store.update(request.id, (current) =>
            without(current, key, (n) => readerOf(n) === 'support' || n.kind === 'submitted'),
          );
          await deliverTo('technician', (n) => n.kind === 'submitted');
        } else if (await deliverTo('support')) {
          await this.supportWaits(request, pending, key);
          await deliverTo('technician', (n) => n.kind === 'submitted');
        } else {
          await deliverTo('technician');
        }
      } else {
        await Promise.all(READERS.map((reader) => deliverTo(reader)));
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * The platform cannot reach support yet: the change keeps its card and the technician's "with
   * support now" until `supportConnected`, and the technician is told once, instead, that the
   * request waits for support to connect. Neither is a failed delivery (the metrics and the log
   * of the platform say that support is not connected, not each request).
   */
  private async supportWaits(request: ResetRequest, pending: PendingNotices, key: string): Promise<void> {
    const mark = (told: boolean) =>
      this.deps.store.update(request.id, (current) => {
        const entries = current.pendingNotices ?? [];
        if (!entries.some((p) => p.key === key)) return undefined;
        const at = this.now();
        return {
          ...current,
          pendingNotices: entries.map((p) =>
            p.key === key ? { ...p, at: Math.max(p.at ?? 0, at), awaitingSupport: { told: told || !!p.awaitingSupport?.told } } : p,
          ),
        };
      });
    if (!pending.awaitingSupport)
      this.deps.log.info({ requestId: request.id }, 'support is not reachable yet: the request waits for it to connect');
    await mark(false);
    if (pending.awaitingSupport?.told || request.state !== 'awaiting_support') return;
    try {
      await this.deps.outbox.deliver(request, [{ audience: 'requester', kind: 'support_waiting' }]);
      await mark(true);
    } catch (err) {
      await this.recordFailure(request, key, 'technician', err);
    }
  }

  /**
   * The platform can reach support now (e.g. the bot was just added to the support channel):
   * every change whose card waited for it goes out at once, the card first and then the
   * technician's "with support now". Waiting changes live with their requests in the store,
   * so a restart in between loses none. Resolves to how many were sent.
   */
  async supportConnected(): Promise<number> {
    let delivered = 0;
    for (const request of await this.deps.store.listUndelivered()) {
      for (const entry of request.pendingNotices ?? []) {
        if (!entry.awaitingSupport) continue;
        // Claimed across replicas for a few seconds, so two starting at once send it once.
        const window = Math.floor(this.now() / CONNECTED_CLAIM_MS);
        if (
          !(await this.deps.reservations.reserve(
            `connected:${request.id}:${entry.key}:${entry.notices.length}:${window}`,
            CONNECTED_CLAIM_MS,
          ))
        )
          continue;
        try {
          await this.send(request, entry.key);
          delivered++;
        } catch (err) {
          this.deps.log.warn({ requestId: request.id, err: errorText(err) }, 'delivery after support connected failed; will retry');
        }
      }
    }
    return delivered;
  }

  /**
   * Records a failed try for `reader`. The third failure in a row tells support who could not
   * be reached since when (a notice of its own, pending like the rest); support itself being
   * unreachable is left to the log and the metrics. Resolves to that report's delivery, if any.
   */
  // An async function cannot resolve to a promise: the report of an unreachable reader is sent
  // (and awaited) before this resolves, as it always has been.
  private async recordFailure(request: ResetRequest, key: string, reader: Reader, err: unknown): Promise<void> {
    const now = this.now();
    const platform = readerPlatform(request, reader);
    let report: string | undefined;
    let tries = 0;
    const stored = await this.deps.store.update(request.id, (current) => {
      const entries = current.pendingNotices ?? [];
      const entry = entries.find((p) => p.key === key);
      if (!entry) return undefined;
      const was = entry.failing?.[reader];
      const failing = { since: was?.since ?? now, tries: (was?.tries ?? 0) + 1, ...(was?.told ? { told: true } : {}) };
      tries = failing.tries;
      report = undefined;
      const tell = reader === 'technician' && !failing.told && failing.tries >= UNREACHABLE_AFTER_TRIES;
      if (tell) failing.told = true;
      const updated: PendingNotices = { ...entry, at: Math.max(entry.at ?? 0, now), failing: { ...entry.failing, [reader]: failing } };
      let next: ResetRequest = { ...current, pendingNotices: entries.map((p) => (p === entry ? updated : p)) };
      if (tell) {
        report = `${ACTION_KEY}undelivered.${randomUUID().slice(0, 8)}`;
        next = withPending(
          next,
          report,
          [{ audience: 'support', kind: 'undelivered', reader, platform, since: failing.since }],
          now,
          this.deps.replica,
        );
      }
      return next;
    });
    const unreachable = tries >= UNREACHABLE_AFTER_TRIES;
    this.deps.onFailure?.(reader, platform, unreachable);
    this.deps.log[unreachable ? 'error' : 'warn'](
      { requestId: request.id, reader, platform, tries, err: errorText(err) },
      'notice delivery failed; will retry',
    );
    if (!report || !stored) return;
    const reportKey = report;
    await this.send(stored, reportKey).catch((e: unknown) => {
      this.deps.log.error({ requestId: request.id, err: errorText(e) }, 'could not report an unreachable reader');
    });
  }

  /**
   * Delivers notices a crashed or cut-off process left pending, or that could not be delivered
   * (older than `olderThanMs`, so a delivery still in progress elsewhere is left alone). Reads
   * only requests that have something pending, open or ended. Each try is claimed once across
   * replicas. Runs at start and then periodically.
   */
  async redeliver(options: { olderThanMs?: number } = {}): Promise<number> {
    const olderThanMs = options.olderThanMs ?? REDELIVER_AFTER_MS;
    let delivered = 0;
    const requests = await this.deps.store.listUndelivered();
    const gone = await this.goneReplicas(requests);
    for (const request of requests) {
      for (const entry of request.pendingNotices ?? []) {
        const orphaned = entry.by !== undefined && gone.has(entry.by);
        if (!orphaned && this.now() - (entry.at ?? 0) < olderThanMs) continue;
        if (!(await this.deps.reservations.reserve(redeliveryClaim(request.id, entry), 5 * 60_000))) continue;
        try {
          await this.send(request, entry.key);
          delivered++;
        } catch (err) {
          this.deps.log.warn({ requestId: request.id, err: errorText(err) }, 'redelivery failed; will retry');
        }
      }
    }
    return delivered;
  }

  /**
   * The replicas whose messages are pending here and which are no longer alive: absent from
   * the store's liveness keys at two sweeps at least LIVENESS_CONFIRM_MS apart, so that after a
   * store outage (every key lapsed, every replica renewing its own) nobody takes over from a
   * replica that is alive and about to say so. Without liveness in the store: none.
   */
  private async goneReplicas(requests: ResetRequest[]): Promise<Set<string>> {
    const { replica, store } = this.deps;
    const owners = [...new Set(requests.flatMap((r) => (r.pendingNotices ?? []).flatMap((p) => (p.by && p.by !== replica ? [p.by] : []))))];
    if (!owners.length || !store.aliveReplicas) return new Set();
    const alive = await store.aliveReplicas(owners);
    const now = this.now();
    const gone = new Set<string>();
    for (const owner of owners) {
      if (alive.has(owner)) {
        this.missing.delete(owner);
        continue;
      }
      const since = this.missing.get(owner) ?? now;
      this.missing.set(owner, since);
      if (now - since >= LIVENESS_CONFIRM_MS) gone.add(owner);
    }
    for (const owner of this.missing.keys()) if (!owners.includes(owner)) this.missing.delete(owner);
    return gone;
  }

  async sendNow(request: ResetRequest, notices: Notice[]): Promise<void> {
    if (!notices.length) return;
    try {
      await this.deps.outbox.deliver(request, notices);
    } catch (err) {
      // The change is committed; a failed delivery is logged and must not undo it.
      this.deps.log.error({ requestId: request.id, err: errorText(err), kinds: notices.map((n) => n.kind) }, 'notice delivery failed');
    }
  }
}

/** The key of one change's pending notices: `act.<event>.<n>`. */
export function changeKey(event: string): string {
  return `${ACTION_KEY}${event}.${randomUUID().slice(0, 8)}`;
}

/** The key of a timer's pending notices: the timer's id, so a timer delivered twice finds them. */
export function timerKey(timerId: string): string {
  return `${ACTION_KEY}timer.${timerId}`;
}

/** Keys of pending notices (`act.<event>.<n>`, `act.timer.<timer id>`). */
const ACTION_KEY = 'act.';

const READERS: readonly Reader[] = ['technician', 'support'];

/** Failed tries in a row after which support hears that a reader cannot be reached. */
const UNREACHABLE_AFTER_TRIES = 3;

/** How long one replica's delivery of what waited for support is left to it (supportConnected). */
const CONNECTED_CLAIM_MS = 10_000;

/** One try at a change's pending notices, claimed once across replicas: what is left, after how many failures. */
function redeliveryClaim(id: string, entry: PendingNotices): string {
  const tries = READERS.reduce((n, r) => n + (entry.failing?.[r]?.tries ?? 0), 0);
  // A card waiting for support is no failure, but each try moves `at`: the next sweep tries again.
  const waiting = entry.awaitingSupport ? `:${entry.at ?? 0}` : '';
  return `redeliver:${id}:${entry.key}:${entry.notices.length}:${tries}${waiting}`;
}

function readerOf(notice: Notice): Reader {
  return notice.audience === 'support' || notice.audience === 'card' ? 'support' : 'technician';
}

/** Where the reader is: the technician on their own platform, support where the card is (or will be). */
function readerPlatform(request: ResetRequest, reader: Reader): Platform {
  return reader === 'technician' ? request.conversation.platform : (request.supportCard?.platform ?? request.conversation.platform);
}

/**
 * How long a change's pending messages may sit untouched before a sweep sends them: longer
 * than one Slack or Bot Framework call takes even with its retries, so a slow send in
 * progress elsewhere is not doubled.
 */
const REDELIVER_AFTER_MS = 30_000;
/** How often a delivery in progress marks its messages as alive: well inside REDELIVER_AFTER_MS. */
const HEARTBEAT_MS = 10_000;
/** A replica missing from the liveness keys this long (two sweeps) has died: see goneReplicas. */
const LIVENESS_CONFIRM_MS = 1000;

function withPending(request: ResetRequest, key: string, notices: Notice[], at = request.updatedAt, by?: string): ResetRequest {
  if (!notices.length) return request;
  return { ...request, pendingNotices: [...(request.pendingNotices ?? []), { key, at, notices, ...(by ? { by } : {}) }] };
}

/**
 * The request with `notice` removed from change `key`'s undelivered notices (the first of its
 * reader's, so that reader's order holds), the reader's failures forgotten, and the entry gone
 * once empty; undefined (no change) when it is not there any more.
 */
function withoutDeliveredNotice(current: ResetRequest, key: string, reader: Reader, notice: Notice, now: number): ResetRequest | undefined {
  const entries = current.pendingNotices ?? [];
  const entry = entries.find((p) => p.key === key);
  // The reader's first such notice: one held back (a "with support now" waiting for support) may come before it.
  const index = entry?.notices.findIndex((n) => readerOf(n) === reader && JSON.stringify(n) === JSON.stringify(notice)) ?? -1;
  if (!entry || index === -1) return undefined;
  const rest = entry.notices.filter((_, i) => i !== index);
  const kept: PendingNotices = { ...entry, at: Math.max(entry.at ?? 0, current.updatedAt, now), notices: rest };
  if (entry.failing?.[reader]) {
    const { [reader]: _ok, ...failing } = entry.failing;
    if (Object.keys(failing).length) kept.failing = failing;
    else delete kept.failing;
  }
  // `at` moves on with each delivery: a change whose messages are still going out looks alive.
  const pending = entries.flatMap((p) => (p !== entry ? [p] : rest.length ? [kept] : []));
  const next = { ...current };
  if (pending.length) next.pendingNotices = pending;
  else delete next.pendingNotices;
  return next;
}

/** The request without those of change `key`'s notices that `drop` names (the entry gone once empty). */
function without(current: ResetRequest, key: string, drop: (n: Notice) => boolean): ResetRequest | undefined {
  const entries = current.pendingNotices ?? [];
  if (!entries.some((p) => p.key === key)) return undefined;
  const pending = entries.flatMap((p) => {
    if (p.key !== key) return [p];
    const notices = p.notices.filter((n) => !drop(n));
    return notices.length ? [{ ...p, notices }] : [];
  });
  const next = { ...current };
  if (pending.length) next.pendingNotices = pending;
  else delete next.pendingNotices;
  return next;
}

/** The request with change `key`'s pending messages marked alive at `now` (and sent by `by`); undefined once they are gone. */
function withPendingMarkedAlive(current: ResetRequest, key: string, now: number, by?: string): ResetRequest | undefined {
  const entries = current.pendingNotices ?? [];
  if (!entries.some((p) => p.key === key)) return undefined;
  return {
    ...current,
    pendingNotices: entries.map((p) => (p.key === key ? { ...p, at: Math.max(p.at ?? 0, now), ...(by ? { by } : {}) } : p)),
  };
}
