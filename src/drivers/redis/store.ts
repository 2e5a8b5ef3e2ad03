// The durable request store on Redis: one hash per request, an index of open requests, link
// keys and seen-event keys, with challenge codes and PUKs encrypted field by field so the rest
// of a request stays inspectable with redis-cli. Safe for several replicas on one Redis.
//
// Key layout (all under one hash tag, so every script, including the link keys SAVE derives
// from a request's link fields, stays within one cluster slot):
//   {p}:req:<id>    hash  v (version), doc (JSON), link:<key> (links pointing here)
//   {p}:open        zset  id scored by createdAt
//   {p}:link:<key>  string id
//   {p}:once:<key>  string, SET NX PX

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StoreUnavailableError, type Clock, type Mutation, type RequestStore } from '../../core/ports.js';
import { isEnded, STATES, type ResetRequest } from '../../core/request.js';
import type { Cipher } from './cipher.js';
import { closeConnection, waitForReady } from './connection.js';
import { KeyedQueue } from '../../lib/keyed-queue.js';

export interface RedisStoreOptions {
  /** A connection made by createStoreConnection; the store owns it and closes it on close(). */
  redis: Redis;
  prefix: string;
  cipher: Cipher;
  /** Accepted for symmetry with the other drivers; TTLs run on Redis's own clock. */
  clock: Clock;
  /** How long an ended request (and its links) stays readable for the audit trail. */
  auditRetentionMs?: number;
  /** Optimistic-update attempts before giving up with StoreUnavailableError. */
  maxTries?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const LINK_FIELD = 'link:';

/** A Lua script run by EVALSHA, loaded on first NOSCRIPT (after a Redis restart, say). */
class Script {
  private readonly sha: string;
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
  async run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.includes('NOSCRIPT')) {
        return redis.eval(this.source, keys.length, ...keys, ...args);
      }
      throw err;
    }
  }
}

// KEYS: req, open. ARGV: doc, id, createdAt, ended, retentionMs.
const CREATE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', 1, 'doc', ARGV[1])
if ARGV[4] == '1' then
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
else
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
end
return 1
`);

// Compare-and-set on the version: safe on a shared connection, unlike WATCH/MULTI.
// KEYS: req, open. ARGV: expectedV, doc, id, createdAt, ended, retentionMs, linkKeyPrefix.
// Returns 1 saved, 0 version moved on (retry), -1 request gone.
const SAVE = new Script(`
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return -1 end
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', tonumber(v) + 1, 'doc', ARGV[2])
if ARGV[5] == '1' then
  local ttl = tonumber(ARGV[6])
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ttl)
  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    if string.sub(field, 1, ${LINK_FIELD.length}) == '${LINK_FIELD}' then
      local link = ARGV[7] .. string.sub(field, ${LINK_FIELD.length + 1})
      if redis.call('GET', link) == ARGV[3] then redis.call('PEXPIRE', link, ttl) end
    end
  end
else
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
end
return 1
`);

// KEYS: link, req. ARGV: id, raw key. The request remembers its links so that ending it can
// put the retention TTL on them too; a link to an ended request inherits its remaining TTL.
const LINK = new Script(`
redis.call('SET', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('HSET', KEYS[2], '${LINK_FIELD}' .. ARGV[2], 1)
  local ttl = redis.call('PTTL', KEYS[2])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
end
return 1
`);

type StoredDoc = ResetRequest & { sealedNotices?: string };

export class RedisStore implements RequestStore {
  private readonly redis: Redis;
  private readonly cipher: Cipher;
  private readonly retentionMs: number;
  private readonly maxTries: number;
  private readonly base: string;
  /** Updates on one id from this process queue up locally; races remain only between replicas. */
  private readonly serial = new KeyedQueue();
  /**
   * Without an offline queue, a command sent before the first connect fails; give a fresh
   * connection a short grace to come up. After that, an outage fails fast.
   */
  private readonly firstReady: Promise<boolean>;

  constructor({ redis, prefix, cipher, auditRetentionMs = 90 * DAY_MS, maxTries = 50 }: RedisStoreOptions) {
    if (!prefix || /[{}]/.test(prefix)) throw new Error('prefix must be non-empty and must not contain braces');
    this.redis = redis;
    this.cipher = cipher;
    this.retentionMs = auditRetentionMs;
    this.maxTries = maxTries;
    this.base = `{${prefix}}:`;
    this.firstReady = waitForReady(redis, 1000);
  }

  /** The pattern matching every key this store writes (for operators and tests). */
  get keyPattern(): string {
    return `${this.base}*`;
  }

  async create(request: ResetRequest): Promise<void> {
    const ended = isEnded(request.state);
    const created = await this.call(() =>
      CREATE.run(
        this.redis,
        [this.reqKey(request.id), this.openKey()],
        [this.encode(request), request.id, request.createdAt, ended ? '1' : '0', this.retentionMs],
      ),
    );
    if (created !== 1) throw new Error(`request ${request.id} already exists`);
  }

  async get(id: string): Promise<ResetRequest | undefined> {
    const doc = await this.call(() => this.redis.hget(this.reqKey(id), 'doc'));
    return doc === null ? undefined : this.decode(doc);
  }

  async update(id: string, mutate: Mutation): Promise<ResetRequest | undefined> {
    return this.serial.run(id, async () => {
      for (let attempt = 1; ; attempt++) {
        const [v, doc] = await this.call(() => this.redis.hmget(this.reqKey(id), 'v', 'doc'));
        if (v == null || doc == null) return undefined;
        const next = mutate(this.decode(doc));
        if (next === undefined) return this.decode(doc);
        if (next.id !== id) throw new Error(`update of ${id} tried to change its id to ${next.id}`);
        const encoded = this.encode(next);
        const saved = await this.call(() =>
          SAVE.run(
            this.redis,
            [this.reqKey(id), this.openKey()],
            [v, encoded, id, next.createdAt, isEnded(next.state) ? '1' : '0', this.retentionMs, `${this.base}link:`],
          ),
        );
        if (saved === 1) return isEnded(next.state) ? withoutSecrets(next) : next;
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
    await this.call(() => LINK.run(this.redis, [this.linkKey(key), this.reqKey(id)], [id, key]));
  }

  async resolve(key: string): Promise<string | undefined> {
    return (await this.call(() => this.redis.get(this.linkKey(key)))) ?? undefined;
  }

  async listOpen(): Promise<ResetRequest[]> {
    const ids = await this.call(() => this.redis.zrange(this.openKey(), 0, -1));
    const open: ResetRequest[] = [];
    const stale: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const pipeline = this.redis.pipeline();
      for (const id of chunk) pipeline.hget(this.reqKey(id), 'doc');
      const replies = await this.call(async () => (await pipeline.exec()) ?? []);
      replies.forEach(([err, doc], j) => {
        if (err) throw new StoreUnavailableError(err);
        if (typeof doc !== 'string') stale.push(chunk[j]!);
        else {
          const request = this.decode(doc);
          if (!isEnded(request.state)) open.push(request);
        }
      });
    }
    // An index entry without its request cannot come from our scripts, but never trust it.
    if (stale.length) await this.call(() => this.redis.zrem(this.openKey(), ...stale));
    return open;
  }

  async listAll(): Promise<ResetRequest[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.call(() => this.redis.scan(cursor, 'MATCH', this.reqKey('*'), 'COUNT', 1000));
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const all: ResetRequest[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const pipeline = this.redis.pipeline();
      for (const key of keys.slice(i, i + 500)) pipeline.hget(key, 'doc');
      const replies = await this.call(async () => (await pipeline.exec()) ?? []);
      for (const [err, doc] of replies) {
        if (err) throw new StoreUnavailableError(err);
        if (typeof doc === 'string') all.push(this.decode(doc));
      }
    }
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  async once(key: string, ttlMs: number): Promise<boolean> {
    const ok = await this.call(() => this.redis.set(`${this.base}once:${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'));
    return ok === 'OK';
  }

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
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
  private linkKey(key: string): string {
    return `${this.base}link:${key}`;
  }

  /** Every Redis failure (down, timeout, script error) becomes StoreUnavailableError. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      await this.firstReady;
      return await fn();
    } catch (err) {
      throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err);
    }
  }

  /** Secrets encrypted while the request is open, dropped once it has ended. */
  /**
   * Codes and PUKs are encrypted field by field; pending notices (which may quote what a
   * technician typed, a code included) are sealed whole until delivered.
   */
  private encode(request: ResetRequest): string {
    const doc: StoredDoc = isEnded(request.state) ? withoutSecrets(request) : { ...request };
    if (!isEnded(request.state)) {
      if (request.challenge?.code !== undefined) doc.challenge = { ...request.challenge, code: this.cipher.encrypt(request.challenge.code) };
      if (request.puk?.value !== undefined) doc.puk = { ...request.puk, value: this.cipher.encrypt(request.puk.value) };
    }
    if (doc.pendingNotices) {
      doc.sealedNotices = this.cipher.encrypt(JSON.stringify(doc.pendingNotices));
      delete doc.pendingNotices;
    }
    return JSON.stringify(doc);
  }

  /** The doc was written by encode() above; a light check catches foreign or corrupt data. */
  private decode(json: string): ResetRequest {
    const doc = JSON.parse(json) as StoredDoc;
    if (!doc || typeof doc.id !== 'string' || !STATES.includes(doc.state)) {
      throw new Error('stored request is not in the expected shape');
    }
    if (doc.challenge?.code !== undefined) doc.challenge.code = this.cipher.decrypt(doc.challenge.code);
    if (doc.puk?.value !== undefined) doc.puk.value = this.cipher.decrypt(doc.puk.value);
    if (doc.sealedNotices !== undefined) {
      doc.pendingNotices = JSON.parse(this.cipher.decrypt(doc.sealedNotices)) as ResetRequest['pendingNotices'];
      delete doc.sealedNotices;
    }
    return doc;
  }
}

/** What an ended request keeps: everything but the challenge code and the PUK. */
function withoutSecrets(request: ResetRequest): ResetRequest {
  const copy = { ...request };
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
