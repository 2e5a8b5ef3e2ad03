// The durable request store on Redis: one hash per request, an index of open requests and
// the link keys pointing at them, with challenge codes, PUKs and the words people wrote encrypted
// field by field so the rest of a request stays inspectable with redis-cli. Safe for several
// replicas on one Redis. Every write that touches more than one key is one of the scripts in
// commands/ (commands.ts), which say what they read and write.
//
// Key layout (all under one hash tag, so every script, including the link keys saveRequest
// derives from a request's link fields, stays within one cluster slot):
//   {p}:req:<id>    hash  v (version), doc (JSON), s (state), link:<key> (links pointing here)
//   {p}:open        zset  id scored by createdAt (requests that have not ended)
//   {p}:undelivered zset  id scored by createdAt (requests, open or ended, with notices pending)
//   {p}:counts      hash  state -> open requests in it, moved by createRequest and saveRequest (metrics)
//   {p}:link:<key>  string id
//   {p}:alive:<replica>  string, SET PX (a replica's liveness, renewed every half second)
// Beside them, on the same connection and hash tag: {p}:kv:<key> (key-values.ts) and
// {p}:once:<key> (reservations.ts).

import { StoreUnavailableError, type Clock, type Mutation, type RequestStore } from '../../core/ports.js';
import { isEnded, STATES, type ResetRequest, type State } from '../../core/request.js';
import { storedLocales } from '../../core/languages.js';
import { CipherError, type Cipher } from './cipher.js';
import { defineStoreCommands, type StoreCommands } from './commands.js';
import { closeConnection, type RedisClient } from './connection.js';
import { guardedCalls, keyBase, type Calls } from './calls.js';
import { KeyedQueue } from '../../lib/keyed-queue.js';

export interface RedisStoreOptions {
  /** A connection made by createStoreConnection; the store owns it and closes it on close(). */
  redis: RedisClient;
  prefix: string;
  cipher: Cipher;
  /** Accepted for symmetry with the other drivers; TTLs run on Redis's own clock. */
  clock: Clock;
  /** How long an ended request (and its links) stays readable for the audit trail. */
  auditRetentionMs?: number;
  /** Optimistic-update attempts before giving up with StoreUnavailableError. */
  maxTries?: number;
  /** Where requests no key opens are reported (ids and key ids only, never a value). */
  logger?: { error(obj: object, msg?: string): void };
}

/**
 * A stored request that none of this process's keys opens (sealed with a key that is neither
 * DATA_KEY nor in DATA_KEY_PREVIOUS, or altered). A kind of "store unavailable": the person
 * acting is told camreset cannot serve them right now, and nothing changes.
 */
export class UnreadableRequestError extends StoreUnavailableError {
  constructor(
    readonly requestId: string,
    readonly keyId: string | undefined,
    cause: CipherError,
  ) {
    super(cause);
    this.name = 'UnreadableRequestError';
    this.message = `request ${requestId} cannot be read: ${cause.message}`;
  }
}

/** What one step of the re-encryption pass found (see reseal()). */
export interface ResealStep {
  /** SCAN cursor to continue from; '0' when the pass has seen every request. */
  cursor: string;
  resealed: number;
  current: number;
  unreadable: Array<{ id: string; keyId?: string }>;
  /** Ids of stored values that are not a request at all (left as they are). */
  corrupt: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Format 2 seals the words people wrote (the open question, the rejection's reason) and keeps
 * them out of the audit trail. Format 1 (no `format` field) had them in clear, and a failed
 * reset's audit entry carried the technician's note as its detail; it is read, and rewritten
 * as format 2 by the next update or by the re-encryption pass.
 */
const FORMAT = 2;
type StoredDoc = ResetRequest & { sealedNotices?: string; format?: number };

/** Fields holding a token, with the format since which they are sealed. */
const SEALED = [
  ['challenge', 'code', 1],
  ['puk', 'value', 1],
  ['question', 'text', 2],
  ['rejection', 'reason', 2],
  ['offeredCode', 'code', 2],
] as const;
type SealedParent = Record<string, unknown> | undefined;

export class RedisStore implements RequestStore {
  private readonly redis: RedisClient;
  /** The scripts of commands/, defined on `redis`. */
  private readonly commands: StoreCommands;
  private readonly cipher: Cipher;
  private readonly retentionMs: number;
  private readonly maxTries: number;
  private readonly base: string;
  /** Updates on one id from this process queue up locally; races remain only between replicas. */
  private readonly serial = new KeyedQueue();
  /** Every Redis failure (down, timeout, script error) becomes StoreUnavailableError. */
  private readonly call: Calls;

  private readonly logger: RedisStoreOptions['logger'];

  constructor({ redis, prefix, cipher, auditRetentionMs = 90 * DAY_MS, maxTries = 50, logger }: RedisStoreOptions) {
    this.logger = logger;
    this.base = keyBase(prefix);
    this.redis = redis;
    this.commands = defineStoreCommands(redis);
    this.cipher = cipher;
    this.retentionMs = auditRetentionMs;
    this.maxTries = maxTries;
    this.call = guardedCalls(redis);
  }

  /** Id of DATA_KEY, the key this store seals with (safe to log). */
  get keyId(): string {
    return this.cipher.keyId;
  }

  /** The pattern matching every key this store writes (for operators and tests). */
  get keyPattern(): string {
    return `${this.base}*`;
  }

  async create(request: ResetRequest): Promise<void> {
    const ended = isEnded(request.state);
    const created = await this.call(() =>
      this.commands.createRequest(
        this.reqKey(request.id),
        this.openKey(),
        this.undeliveredKey(),
        this.countsKey(),
        this.encode(request),
        request.id,
        request.createdAt,
        ended ? '1' : '0',
        this.retentionMs,
        request.pendingNotices?.length ? '1' : '0',
        request.state,
        this.reqKey(''),
      ),
    );
    if (created !== 1) throw new Error(`request ${request.id} already exists`);
  }

  async get(id: string): Promise<ResetRequest | undefined> {
    const doc = await this.call(() => this.redis.hget(this.reqKey(id), 'doc'));
    return doc === null ? undefined : this.decode(doc, id);
  }

  async update(id: string, mutate: Mutation): Promise<ResetRequest | undefined> {
    return this.serial.run(id, async () => {
      for (let attempt = 1; ; attempt++) {
        const [v, doc] = await this.call(() => this.redis.hmget(this.reqKey(id), 'v', 'doc'));
        if (v == null || doc == null) return undefined;
        const mutated = mutate(this.decode(doc, id));
        if (mutated === undefined) return this.decode(doc, id);
        const next = storedLocales(mutated);
        if (next.id !== id) throw new Error(`update of ${id} tried to change its id to ${next.id}`);
        const encoded = this.encode(next);
        const saved = await this.call(() =>
          this.commands.saveRequest(
            this.reqKey(id),
            this.openKey(),
            this.undeliveredKey(),
            this.countsKey(),
            v,
            encoded,
            id,
            next.createdAt,
            isEnded(next.state) ? '1' : '0',
            this.retentionMs,
            this.linkKey(''),
            next.pendingNotices?.length ? '1' : '0',
            next.state,
            this.reqKey(''),
          ),
        );
        if (saved === 1) return isEnded(next.state) ? keptOnceEnded(next) : next;
        if (saved === -1) return undefined;
        if (attempt >= this.maxTries) {
          throw new StoreUnavailableError(new Error(`update of ${id} lost ${attempt} races with other replicas`));
        }
        // Jittered backoff so replicas that collided do not collide again in lock-step.
        await sleep(Math.random() * Math.min(2 ** attempt, 50));
      }
    });
  }

  async link(key: string, id: string): Promise<void> {
    await this.call(() => this.commands.linkRequest(this.linkKey(key), this.reqKey(id), id, key));
  }

  async resolve(key: string): Promise<string | undefined> {
    return (await this.call(() => this.redis.get(this.linkKey(key)))) ?? undefined;
  }

  async listOpen(): Promise<ResetRequest[]> {
    return this.listIndex(this.openKey(), (request) => !isEnded(request.state));
  }

  async listUndelivered(): Promise<ResetRequest[]> {
    return this.listIndex(this.undeliveredKey(), (request) => !!request.pendingNotices?.length);
  }

  /** The requests an index names (oldest first) that still fit it; entries whose request is gone are dropped. */
  private async listIndex(index: string, fits: (request: ResetRequest) => boolean): Promise<ResetRequest[]> {
    const ids = await this.call(() => this.redis.zrange(index, 0, '-1'));
    const found: ResetRequest[] = [];
    const stale: string[] = [];
    await this.readEach(ids, (id, request) => {
      if (!request) stale.push(id);
      else if (fits(request)) found.push(request);
    });
    // An ended request's hash expires after the audit retention; its index entry goes with it.
    if (stale.length) await this.call(() => this.redis.zrem(index, ...stale));
    return found;
  }

  async countOpen(): Promise<Partial<Record<State, number>>> {
    const flat = await this.call(() => this.commands.countOpen(this.openKey(), this.countsKey(), '', this.reqKey('')));
    const counts: Partial<Record<State, number>> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const state = flat[i] as State;
      if (STATES.includes(state)) counts[state] = Math.max(0, Number(flat[i + 1]));
    }
    return counts;
  }

  async listAll(): Promise<ResetRequest[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.scan(cursor, 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const all: ResetRequest[] = [];
    await this.readEach(
      keys.map((key) => key.slice(this.reqKey('').length)),
      (_, request) => {
        if (request) all.push(request);
      },
    );
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * Reads the requests of `ids`, 500 to a round trip, handing each to `each` in order (undefined:
   * its hash is gone). Requests no key opens are left out and reported once at the end.
   */
  private async readEach(ids: string[], each: (id: string, request: ResetRequest | undefined) => void): Promise<void> {
    const unreadable: UnreadableRequestError[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const pipeline = this.redis.pipeline();
      for (const id of chunk) pipeline.hget(this.reqKey(id), 'doc');
      const replies = await this.call(async () => (await pipeline.exec()) ?? []);
      replies.forEach(([err, doc], j) => {
        if (err) throw new StoreUnavailableError(err);
        // One reply per command, in order: there is always a j-th id.
        const id = chunk[j];
        if (id === undefined) return;
        if (typeof doc !== 'string') return each(id, undefined);
        const request = this.readable(doc, id, unreadable);
        if (request) each(id, request);
      });
    }
    this.reportUnreadable(unreadable);
  }

  /**
   * One bounded step of re-encrypting every stored request under DATA_KEY (and in the current
   * format): up to `count` requests from `cursor` on. A request already current costs a read and
   * no decryption; one that is not is rewritten only if nobody changed it meanwhile (the same
   * version check as update()), so replicas running passes beside live traffic lose no update.
   * Resumable anywhere: a pass started over skips what is already done.
   */
  async reseal(cursor = '0', count = 100): Promise<ResealStep> {
    const [next, keys] = await this.scan(cursor, count);
    const step: ResealStep = { cursor: next, resealed: 0, current: 0, unreadable: [], corrupt: [] };
    // One round trip tells which of the batch are already current; only the others are rewritten.
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hget(key, 'doc');
    const docs = await this.call(async () => (await pipeline.exec()) ?? []);
    for (const [i, key] of keys.entries()) {
      const id = key.slice(this.reqKey('').length);
      const [err, doc] = docs[i] ?? [];
      if (err) throw new StoreUnavailableError(err);
      if (typeof doc !== 'string') continue;
      if (this.isCurrentSafe(doc)) {
        step.current++;
        continue;
      }
      const outcome = await this.serial.run(id, () => this.resealOne(id));
      if (outcome === 'resealed') step.resealed++;
      else if (outcome === 'current') step.current++;
      else if (outcome === 'corrupt') step.corrupt.push(id);
      else if (outcome instanceof UnreadableRequestError) step.unreadable.push(outcome.keyId ? { id, keyId: outcome.keyId } : { id });
    }
    return step;
  }

  private async resealOne(id: string): Promise<'resealed' | 'current' | 'gone' | 'corrupt' | UnreadableRequestError> {
    for (let attempt = 1; attempt <= this.maxTries; attempt++) {
      const [v, doc] = await this.call(() => this.redis.hmget(this.reqKey(id), 'v', 'doc'));
      if (v == null || doc == null) return 'gone';
      let request: ResetRequest;
      try {
        if (this.isCurrent(doc)) return 'current';
        request = this.decode(doc, id);
      } catch (err) {
        return err instanceof UnreadableRequestError ? err : 'corrupt';
      }
      const saved = await this.call(() => this.commands.resealRequest(this.reqKey(id), v, this.encode(request)));
      if (saved === 1) return 'resealed';
      if (saved === -1) return 'gone';
      await sleep(Math.random() * Math.min(2 ** attempt, 50));
    }
    // Changed on every try: each of those changes was written under DATA_KEY by a current replica
    // (or will be looked at again by the next pass).
    return 'current';
  }

  async markAlive(replica: string, ttlMs: number): Promise<void> {
    await this.call(() => this.redis.set(`${this.base}alive:${replica}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs))));
  }

  async aliveReplicas(replicas: string[]): Promise<Set<string>> {
    if (!replicas.length) return new Set();
    // One slot (the hash tag), so one round trip on a Cluster too.
    const found = await this.call(() => this.redis.mget(...replicas.map((r) => `${this.base}alive:${r}`)));
    return new Set(replicas.filter((_, i) => found[i] !== null));
  }

  /**
   * A read of the node that holds this store's slot: on a Cluster, PING would ask any node and
   * say ready while the one that matters is down (on one server or Sentinel it is the same).
   */
  async ping(): Promise<void> {
    await this.call(() => this.redis.exists(this.countsKey()));
  }

  /** SCAN over the request keys, run on the node that holds them (commands/scanRequests-1.lua). */
  private async scan(cursor: string, count: number): Promise<[string, string[]]> {
    return this.call(() => this.commands.scanRequests(this.reqKey(''), cursor, this.reqKey('*'), count));
  }

  async close(): Promise<void> {
    await this.serial.idle();
    await closeConnection(this.redis);
  }

  private reqKey(id: string): string {
    return `${this.base}req:${id}`;
  }
  private openKey(): string {
    return `${this.base}open`;
  }
  private countsKey(): string {
    return `${this.base}counts`;
  }
  private undeliveredKey(): string {
    return `${this.base}undelivered`;
  }
  private linkKey(key: string): string {
    return `${this.base}link:${key}`;
  }

  /**
   * Codes, PUKs and people's words are encrypted field by field; pending notices (which may
   * quote what a technician typed, a code included) are sealed whole until delivered. An ended
   * request keeps no code, PUK or question; a rejection's reason stays (sealed) for the card.
   */
  private encode(request: ResetRequest): string {
    const ended = isEnded(request.state);
    const kept = storedLocales(request);
    const doc: StoredDoc = { ...(ended ? keptOnceEnded(kept) : kept), format: FORMAT };
    const fields = doc as unknown as Record<string, SealedParent>;
    for (const [parent, field] of SEALED) {
      const holder = fields[parent];
      if (typeof holder?.[field] === 'string') fields[parent] = { ...holder, [field]: this.cipher.encrypt(holder[field]) };
    }
    if (doc.pendingNotices) {
      doc.sealedNotices = this.cipher.encrypt(JSON.stringify(doc.pendingNotices));
      delete doc.pendingNotices;
    }
    return JSON.stringify(doc);
  }

  /** The doc was written by encode() above (any format); a light check catches foreign or corrupt data. */
  private decode(json: string, id: string): ResetRequest {
    // Foreign or corrupt data may parse to anything, null included.
    const doc = JSON.parse(json) as StoredDoc | null;
    // Read as what it may really be: storedLocales below reads the requester.
    const requester: unknown = doc?.requester;
    if (!doc || typeof doc.id !== 'string' || !STATES.includes(doc.state) || typeof requester !== 'object' || requester === null) {
      throw new Error('stored request is not in the expected shape');
    }
    const format = doc.format ?? 1;
    const fields = doc as unknown as Record<string, SealedParent>;
    try {
      for (const [parent, field, since] of SEALED) {
        const holder = fields[parent];
        if (format >= since && typeof holder?.[field] === 'string') holder[field] = this.cipher.decrypt(holder[field]);
      }
      if (doc.sealedNotices !== undefined) {
        doc.pendingNotices = JSON.parse(this.cipher.decrypt(doc.sealedNotices)) as ResetRequest['pendingNotices'];
        delete doc.sealedNotices;
      }
    } catch (err) {
      if (err instanceof CipherError) throw new UnreadableRequestError(id, err.keyId, err);
      throw err;
    }
    if (format < 2) {
      // Format 1 kept a failed reset's note as the audit detail: keep only that a note was given.
      doc.audit = doc.audit.map((a) => (a.action === 'reset_failed' && a.detail !== undefined ? { ...a, detail: 'note' } : a));
    }
    delete doc.format;
    // A language read back that this build does not speak (an older or newer one wrote it, or a
    // hand edit) is dropped, and the technician reads English until they act again.
    return storedLocales(doc);
  }

  /** True when a stored doc is in the current format with every token sealed by DATA_KEY. */
  private isCurrent(json: string): boolean {
    const doc = JSON.parse(json) as StoredDoc;
    if (doc.format !== FORMAT) return false;
    const fields = doc as unknown as Record<string, SealedParent>;
    const tokens = SEALED.map(([parent, field]) => fields[parent]?.[field]);
    tokens.push(doc.sealedNotices);
    return tokens.every((t) => typeof t !== 'string' || this.cipher.isCurrent(t));
  }

  private isCurrentSafe(json: string): boolean {
    try {
      return this.isCurrent(json);
    } catch {
      return false; // not JSON: resealOne reports it
    }
  }

  /** The request in `json`, or undefined (noted in `unreadable`) when no key opens it. */
  private readable(json: string, id: string, unreadable: UnreadableRequestError[]): ResetRequest | undefined {
    try {
      return this.decode(json, id);
    } catch (err) {
      if (!(err instanceof UnreadableRequestError)) throw err;
      unreadable.push(err);
      return undefined;
    }
  }

  /** A listing goes on without requests no key opens, and says which (ids and key ids, no values). */
  private reportUnreadable(unreadable: UnreadableRequestError[]): void {
    if (!unreadable.length) return;
    this.logger?.error(
      {
        unreadable: unreadable.length,
        requestIds: unreadable.slice(0, 20).map((e) => e.requestId),
        keyIds: [...new Set(unreadable.map((e) => e.keyId ?? 'none (sealed before key ids)'))],
        dataKeyId: this.cipher.keyId,
      },
      'stored requests left out: sealed with a key that neither DATA_KEY nor DATA_KEY_PREVIOUS holds (set DATA_KEY_PREVIOUS to the key they were written with)',
    );
  }
}

/** What an ended request keeps: everything but the challenge code, the PUK and an open question. */
function keptOnceEnded(request: ResetRequest): ResetRequest {
  const copy = { ...request };
  delete copy.question;
  delete copy.offeredCode;
  if (request.challenge) {
    const { code: _code, ...challenge } = request.challenge;
    copy.challenge = challenge;
  }
  if (request.puk) {
    const { value: _value, ...puk } = request.puk;
    copy.puk = puk;
  }
  return copy;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
