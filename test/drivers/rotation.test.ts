// Rotating DATA_KEY on the Redis store: requests sealed with an old key stay readable through
// DATA_KEY_PREVIOUS, the background pass re-encrypts them under the new key while other
// replicas keep changing them (no update lost), data stored in the old shape (codes in v1
// tokens, people's words in clear) still loads and is rewritten sealed, and a request no key
// opens is reported, never a crash.

import { createCipheriv, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { StoreUnavailableError, systemClock } from '../../src/core/ports.js';
import type { ResetRequest } from '../../src/core/request.js';
import { createCipher } from '../../src/drivers/redis/cipher.js';
import { createStoreConnection } from '../../src/drivers/redis/connection.js';
import { Resealer } from '../../src/drivers/redis/reseal.js';
import { RedisStore } from '../../src/drivers/redis/store.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from '../support/redis.js';
import { CODE, PUK, sampleRequest } from './contract.js';

const newKey = () => randomBytes(32).toString('base64');
const NOTE = 'It did not work: PUK ABCD7788XYZ rejected';
const QUESTION = 'Did you type PUK QQ11WW22EE33 exactly?';
const REASON = 'Refused: the PUK ZZ99YY88XX77 belongs to another camera';

const prefixes: string[] = [];
const newPrefix = (name: string) => {
  const p = uniquePrefix(name);
  prefixes.push(p);
  return p;
};

function storeWith(prefix: string, key: string, previous: string[] = [], errors: object[] = []) {
  return new RedisStore({
    redis: createStoreConnection(redisUrl),
    prefix,
    cipher: createCipher(key, previous),
    clock: systemClock,
    logger: { error: (obj) => errors.push(obj) },
  });
}

const silent = { info() {}, warn() {}, error() {}, debug() {} };

async function raw(prefix: string, id: string): Promise<string> {
  const redis = new Redis(redisUrl);
  try {
    return (await redis.hget(`{${prefix}}:req:${id}`, 'doc')) ?? '';
  } finally {
    redis.disconnect();
  }
}

function openRequest(id: string, now: number): ResetRequest {
  return {
    ...sampleRequest(id, now),
    state: 'needs_info',
    challenge: { seq: 1, code: CODE, receivedAt: now, expiresAt: now + 3_600_000 },
    question: { text: QUESTION, askedBy: { platform: 'slack', id: 'U0AGENT' }, at: now },
  };
}

describeRedis('DATA_KEY rotation on the Redis store', () => {
  afterAll(async () => {
    for (const p of prefixes) await cleanupPrefix(p);
  });

  it('re-encrypts every request under the new key while another replica keeps changing them, losing no change', async () => {
    const prefix = newPrefix('rotate');
    const [a, b] = [newKey(), newKey()];
    const old = storeWith(prefix, a);
    const now = Date.now();
    const ids = Array.from({ length: 40 }, (_, i) => `CR-R${String(i).padStart(3, '0')}`);
    for (const id of ids) await old.create(openRequest(id, now));
    await old.close();
    expect(await raw(prefix, ids[0]!)).toContain(`"v2.${createCipher(a).keyId}.`);

    // Replica 1 re-encrypts; replica 2 changes every request in the middle of replica 1's rewrite
    // of it (after replica 1 read it, before it writes it back), and again meanwhile.
    const connection = createStoreConnection(redisUrl);
    const replica1 = new RedisStore({ redis: connection, prefix, cipher: createCipher(b, [a]), clock: systemClock });
    const replica2 = storeWith(prefix, b, [a]);
    const touch = (id: string, action: string) =>
      replica2.update(id, (r) => ({ ...r, audit: [...r.audit, { at: now, actor: 'slack:U0AGENT', action }] }));
    // The re-encryption script (commands/resealRequest-1.lua), as the store defined it on its connection.
    const scripts = connection as unknown as { resealRequest: (...args: unknown[]) => Promise<unknown> };
    const reseal = scripts.resealRequest.bind(connection);
    const cutIn = new Set<string>();
    scripts.resealRequest = async (...args: unknown[]) => {
      const key = String(args[0]);
      const id = key.slice(key.lastIndexOf(':') + 1);
      if (!cutIn.has(id)) {
        cutIn.add(id);
        await touch(id, 'changed_mid_rewrite');
      }
      return reseal(...args);
    };
    const resealer = (store: RedisStore) => new Resealer({ store, logger: silent, previousKeys: 1, batch: 7, pauseMs: 0 });
    const [report] = await Promise.all([
      resealer(replica1).pass(),
      (async () => {
        for (const id of [...ids].reverse()) await touch(id, 'changed_during_pass');
      })(),
    ]);
    expect(report?.unreadable).toEqual([]);
    expect(cutIn.size, 'replica 1 rewrote requests itself').toBeGreaterThan(0);

    // More requests under A, and both replicas running a pass at once beside the same traffic.
    const more = Array.from({ length: 40 }, (_, i) => `CR-S${String(i).padStart(3, '0')}`);
    const writer = storeWith(prefix, a);
    for (const id of more) await writer.create(openRequest(id, now));
    await writer.close();
    const rewrittenByReplica1 = new Set(cutIn);
    cutIn.clear();
    const reports = await Promise.all([
      resealer(replica1).pass(),
      resealer(replica2).pass(),
      (async () => {
        for (const id of more) await touch(id, 'changed_during_pass');
      })(),
    ]);
    expect(reports.slice(0, 2).flatMap((r) => r?.unreadable ?? [])).toEqual([]);
    await Promise.all([replica1.close(), replica2.close()]);

    // B alone now reads everything, with every change in place; no value is sealed with A.
    const alone = storeWith(prefix, b);
    try {
      const keyA = createCipher(a).keyId;
      for (const id of [...ids, ...more]) {
        const r = await alone.get(id);
        expect(r?.challenge?.code).toBe(CODE);
        expect(r?.question?.text).toBe(QUESTION);
        const actions = r?.audit.map((e) => e.action) ?? [];
        expect(
          actions.filter((x) => x === 'changed_during_pass'),
          `${id}: the change made during a pass`,
        ).toHaveLength(1);
        if (rewrittenByReplica1.has(id))
          expect(actions, `${id}: the change made in the middle of its rewrite`).toContain('changed_mid_rewrite');
        const doc = await raw(prefix, id);
        expect(doc).not.toContain(`v2.${keyA}.`);
        expect(doc).not.toContain(QUESTION);
      }
      expect(await alone.listOpen()).toHaveLength(ids.length + more.length);
    } finally {
      await alone.close();
    }
  });

  it('loads a request stored in the old shape and rewrites it sealed, with the note gone from its audit', async () => {
    const prefix = newPrefix('legacy');
    const key = newKey();
    // What the store wrote before people's words were sealed: v1 tokens, question, reason and a
    // failed reset's note in clear.
    const v1 = (plain: string) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    };
    const now = Date.now();
    const legacy = {
      ...openRequest('CR-OLD1', now),
      challenge: { seq: 1, code: v1(CODE), receivedAt: now, expiresAt: now + 3_600_000 },
      rejection: { reason: REASON, by: { platform: 'slack', id: 'U0AGENT' }, at: now },
      audit: [
        { at: now, actor: 'slack:U0TECH1', action: 'started' },
        { at: now, actor: 'slack:U0TECH1', action: 'reset_failed', detail: NOTE },
      ],
      sealedNotices: v1(
        JSON.stringify([
          { key: 'act.failed.1', at: now, notices: [{ audience: 'support', kind: 'reopened', reason: 'reset_failed', note: NOTE }] },
        ]),
      ),
    };
    const redis = new Redis(redisUrl);
    try {
      await redis.hset(`{${prefix}}:req:CR-OLD1`, 'v', 1, 'doc', JSON.stringify(legacy));
      await redis.zadd(`{${prefix}}:open`, now, 'CR-OLD1');
    } finally {
      redis.disconnect();
    }

    const store = storeWith(prefix, key);
    try {
      const loaded = await store.get('CR-OLD1');
      expect(loaded?.challenge?.code).toBe(CODE);
      expect(loaded?.question?.text).toBe(QUESTION);
      expect(loaded?.rejection?.reason).toBe(REASON);
      expect(loaded?.pendingNotices?.[0]?.notices[0]).toMatchObject({ note: NOTE });
      expect(loaded?.audit[1]).toEqual({ at: now, actor: 'slack:U0TECH1', action: 'reset_failed', detail: 'note' });

      const report = await new Resealer({ store, logger: silent, previousKeys: 0, pauseMs: 0 }).pass();
      expect(report).toMatchObject({ resealed: 1, unreadable: [] });
      const doc = await raw(prefix, 'CR-OLD1');
      for (const words of [CODE, NOTE, QUESTION, REASON]) expect(doc).not.toContain(words);
      expect(doc).not.toContain('"v1.');
      expect(await store.get('CR-OLD1')).toEqual(loaded);
      expect(await new Resealer({ store, logger: silent, previousKeys: 0, pauseMs: 0 }).pass()).toMatchObject({ resealed: 0, current: 1 });
    } finally {
      await store.close();
    }
  });

  it('reports a request no configured key opens and goes on with the others, changing nothing', async () => {
    const prefix = newPrefix('unknownkey');
    const [a, c] = [newKey(), newKey()];
    const writer = storeWith(prefix, a);
    const now = Date.now();
    await writer.create({ ...openRequest('CR-LOST', now), puk: { value: PUK, sentBy: { platform: 'slack', id: 'U0AGENT' }, sentAt: now } });
    await writer.close();
    const before = await raw(prefix, 'CR-LOST');

    const errors: object[] = [];
    const wrong = storeWith(prefix, c, [], errors);
    try {
      await wrong.create(openRequest('CR-MINE', now + 1));
      expect((await wrong.listOpen()).map((r) => r.id)).toEqual(['CR-MINE']);
      expect(errors).toEqual([
        expect.objectContaining({
          unreadable: 1,
          requestIds: ['CR-LOST'],
          keyIds: [createCipher(a).keyId],
          dataKeyId: createCipher(c).keyId,
        }),
      ]);
      const refused = wrong.get('CR-LOST');
      await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(refused).rejects.toThrow(
        `request CR-LOST cannot be read: sealed with key id ${createCipher(a).keyId}, which neither DATA_KEY (${createCipher(c).keyId}) nor DATA_KEY_PREVIOUS holds`,
      );
      await expect(wrong.update('CR-LOST', (r) => ({ ...r, state: 'cancelled' }))).rejects.toBeInstanceOf(StoreUnavailableError);
      const report = await new Resealer({ store: wrong, logger: silent, previousKeys: 0, pauseMs: 0 }).pass();
      expect(report?.unreadable).toEqual([{ id: 'CR-LOST', keyId: createCipher(a).keyId }]);
      expect(JSON.stringify(errors)).not.toContain(PUK);
      expect(await raw(prefix, 'CR-LOST')).toBe(before);
    } finally {
      await wrong.close();
    }
  });
});

describe('DATA_KEY_PREVIOUS', () => {
  const base = { REDIS_URL: 'redis://127.0.0.1:6379', DATA_KEY: newKey() };

  it('takes one or more older keys, comma-separated', () => {
    const [a, b] = [newKey(), newKey()];
    expect(loadConfig({ ...base }).previousDataKeys).toEqual([]);
    expect(loadConfig({ ...base, DATA_KEY_PREVIOUS: a }).previousDataKeys).toEqual([a]);
    expect(loadConfig({ ...base, DATA_KEY_PREVIOUS: ` ${a}, ${b} ` }).previousDataKeys).toEqual([a, b]);
  });

  it.each([
    [
      'a key that is not 32 bytes',
      { ...base, DATA_KEY_PREVIOUS: `${newKey()},c2hvcnQ=` },
      'DATA_KEY_PREVIOUS: expected older DATA_KEYs, comma-separated, each 32 bytes in base64',
    ],
    ['old keys without DATA_KEY', { DATA_KEY_PREVIOUS: newKey() }, 'DATA_KEY_PREVIOUS: only means something beside DATA_KEY'],
  ])('stops the start on %s', (_what, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
