// Redis + BullMQ drivers: the shared contract against a real Redis (each pair under its own
// prefix), then what only the durable drivers promise: secrets never in clear text, ended
// requests trimmed and expiring, a wrong key locked out, and an outage reported as such.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import pino from 'pino';
import { StoreUnavailableError, systemClock } from '../../src/core/ports.js';
import { createDrivers } from '../../src/drivers/index.js';
import { createCipher, type Cipher } from '../../src/drivers/redis/cipher.js';
import { createStoreConnection } from '../../src/drivers/redis/connection.js';
import { RedisKeyValues } from '../../src/drivers/redis/key-values.js';
import { RedisReservations } from '../../src/drivers/redis/reservations.js';
import { RedisStore } from '../../src/drivers/redis/store.js';
import { assertTimerId, BullTimers } from '../../src/drivers/redis/timers.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from '../support/redis.js';
import { CODE, PUK, nonZero, sampleRequest, storeAndTimersContract } from './contract.js';

const usedPrefixes = new Set<string>();
const newPrefix = (name: string) => {
  const prefix = uniquePrefix(name);
  usedPrefixes.add(prefix);
  return prefix;
};

function makeStore(prefix: string, cipher: Cipher, auditRetentionMs?: number) {
  return new RedisStore({ redis: createStoreConnection(redisUrl), prefix, cipher, clock: systemClock, auditRetentionMs });
}

function makePair(prefix: string, cipher: Cipher) {
  const redis = createStoreConnection(redisUrl);
  const store = new RedisStore({ redis, prefix, cipher, clock: systemClock });
  const timers = new BullTimers({ connection: redisUrl, prefix, clock: systemClock });
  let closing: Promise<void> | undefined;
  return {
    store,
    keyValues: new RedisKeyValues(redis, prefix),
    reservations: new RedisReservations(redis, prefix),
    timers,
    close: () => (closing ??= Promise.all([timers.close(), store.close()]).then(() => undefined)),
  };
}

/** Every value stored under a prefix, read per type, plus the raw DUMP of each key. */
async function everythingUnder(prefix: string): Promise<{ keys: string[]; text: string }> {
  const redis = new Redis(redisUrl);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `{${prefix}}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const parts: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') parts.push((await redis.get(key)) ?? '');
      if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, '-1', 'WITHSCORES')));
      if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
      if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      // null when the key expired since the scan listed it.
      const dump = (await redis.dumpBuffer(key)) as Buffer | null;
      if (dump) parts.push(dump.toString('latin1'));
    }
    return { keys, text: parts.join('\n') };
  } finally {
    redis.disconnect();
  }
}

describeRedis('redis drivers', () => {
  afterAll(async () => {
    for (const prefix of usedPrefixes) await cleanupPrefix(prefix);
  });

  const cipher = createCipher(randomBytes(32).toString('base64'));

  storeAndTimersContract(
    'redis',
    async () => {
      const prefix = newPrefix('contract');
      return { ...makePair(prefix, cipher), makeSecond: async () => makePair(prefix, cipher) };
    },
    { shared: true },
  );

  it('never keeps a challenge code or PUK in clear text anywhere under its prefix', async () => {
    const prefix = newPrefix('cleartext');
    const { store, reservations, timers, close } = makePair(prefix, cipher);
    try {
      const now = Date.now();
      await store.create(sampleRequest('CR-SEC1', now));
      await store.update('CR-SEC1', (r) => ({
        ...r,
        state: 'puk_delivered',
        challenge: { seq: 1, code: CODE, receivedAt: now, expiresAt: now + 3_600_000 },
        puk: { value: PUK, sentBy: { platform: 'slack', id: 'U0AGENT' }, sentAt: now },
      }));
      await store.link('slack:C0FIELD:1', 'CR-SEC1');
      await reservations.reserve('slack:event:Ev1', 60_000);
      await timers.schedule({ id: 'CR-SEC1.c1.exp', requestId: 'CR-SEC1', at: now + 3_600_000 });

      const { keys, text } = await everythingUnder(prefix);
      expect(keys.length).toBeGreaterThan(3);
      expect(text).toContain('NDE-5503-AL'); // the rest stays inspectable
      expect(text).not.toContain(CODE);
      expect(text).not.toContain(PUK);
      expect((await store.get('CR-SEC1'))?.puk?.value).toBe(PUK); // and still readable by us
    } finally {
      await close();
    }
  });

  it('keeps a code offered for confirmation ("Is this a new challenge code?") sealed too, and wipes it at the end', async () => {
    const prefix = newPrefix('offered');
    const { store, close } = makePair(prefix, cipher);
    const offered = 'F'.repeat(16) + 'E'.repeat(16);
    try {
      const now = Date.now();
      await store.create(sampleRequest('CR-OFF1', now));
      await store.update('CR-OFF1', (r) => ({ ...r, state: 'awaiting_support', offeredCode: { code: offered, at: now } }));
      expect((await everythingUnder(prefix)).text).not.toContain(offered);
      expect((await store.get('CR-OFF1'))?.offeredCode?.code).toBe(offered);
      await store.update('CR-OFF1', (r) => ({ ...r, state: 'cancelled' }));
      expect((await store.get('CR-OFF1'))?.offeredCode).toBeUndefined();
    } finally {
      await close();
    }
  });

  it('wipes code and PUK when a request ends, keeps its audit, and lets it expire with its links', async () => {
    const prefix = newPrefix('ended');
    const retention = 60_000;
    const store = makeStore(prefix, cipher, retention);
    const redis = new Redis(redisUrl);
    try {
      const now = Date.now();
      await store.create(sampleRequest('CR-END', now));
      await store.link('slack:C0FIELD:7', 'CR-END');
      await store.update('CR-END', (r) => ({
        ...r,
        state: 'puk_delivered',
        challenge: { seq: 1, code: CODE, receivedAt: now, expiresAt: now + 3_600_000 },
        puk: { value: PUK, sentBy: { platform: 'slack', id: 'U0AGENT' }, sentAt: now },
      }));
      expect(await redis.pttl(`{${prefix}}:req:CR-END`)).toBe(-1); // open: kept

      const ended = await store.update('CR-END', (r) => ({
        ...r,
        state: 'completed',
        audit: [...r.audit, { at: now + 1, actor: 'slack:U0TECH1', action: 'completed' }],
      }));
      expect(ended?.challenge).toEqual({ seq: 1, receivedAt: now, expiresAt: now + 3_600_000 });
      expect(ended?.puk?.value).toBeUndefined();
      expect(ended?.puk?.sentBy.id).toBe('U0AGENT');
      const stored = await store.get('CR-END');
      expect(stored).toEqual(ended);
      expect(stored?.audit.map((a) => a.action)).toEqual(['opened', 'completed']);
      expect(await store.listOpen()).toEqual([]);

      for (const key of [`{${prefix}}:req:CR-END`, `{${prefix}}:link:slack:C0FIELD:7`]) {
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(retention - 5000);
        expect(ttl).toBeLessThanOrEqual(retention);
      }
      // A link added after the end inherits the remaining retention instead of living forever.
      await store.link('slack:C0SUPPORT:7', 'CR-END');
      expect(await redis.pttl(`{${prefix}}:link:slack:C0SUPPORT:7`)).toBeGreaterThan(0);
      const { text } = await everythingUnder(prefix);
      expect(text).not.toContain('"value"');
    } finally {
      redis.disconnect();
      await store.close();
    }
  });

  it('counts the open requests written before the counts existed, once, then keeps them moving', async () => {
    const prefix = newPrefix('counts');
    const store = makeStore(prefix, cipher);
    const redis = new Redis(redisUrl);
    try {
      const now = Date.now();
      await store.create(sampleRequest('CR-OLD1', now));
      await store.create(sampleRequest('CR-OLD2', now + 1, 'claimed'));
      await store.create(sampleRequest('CR-OLD3', now + 2, 'completed'));
      // As an older version left them: no counts hash, no state field beside the document.
      await redis.del(`{${prefix}}:counts`);
      for (const id of ['CR-OLD1', 'CR-OLD2', 'CR-OLD3']) await redis.hdel(`{${prefix}}:req:${id}`, 's');
      await store.update('CR-OLD1', (r) => ({ ...r, state: 'awaiting_support' }));
      expect(nonZero(await store.countOpen())).toEqual({ awaiting_support: 1, claimed: 1 });
      await store.create(sampleRequest('CR-NEW', now + 3));
      await store.update('CR-OLD2', (r) => ({ ...r, state: 'completed' }));
      expect(nonZero(await store.countOpen())).toEqual({ awaiting_support: 1, collecting: 1 });
    } finally {
      redis.disconnect();
      await store.close();
    }
  });

  it('cannot read stored requests with a different DATA_KEY', async () => {
    const prefix = newPrefix('wrongkey');
    const right = makeStore(prefix, cipher);
    const wrong = makeStore(prefix, createCipher(randomBytes(32).toString('base64')));
    try {
      const now = Date.now();
      await right.create({
        ...sampleRequest('CR-KEY', now),
        state: 'awaiting_support',
        challenge: { seq: 1, code: CODE, receivedAt: now, expiresAt: now + 3_600_000 },
      });
      await expect(wrong.get('CR-KEY')).rejects.toThrow(/neither DATA_KEY .* nor DATA_KEY_PREVIOUS holds/);
      expect(await wrong.listOpen()).toEqual([]); // left out and reported (test/drivers/rotation.test.ts)
      expect((await right.get('CR-KEY'))?.challenge?.code).toBe(CODE);
    } finally {
      await Promise.all([right.close(), wrong.close()]);
    }
  });

  it('reads a value an earlier version kept among the links until the key is written again', async () => {
    const prefix = newPrefix('kv-earlier');
    const { keyValues, close } = makePair(prefix, cipher);
    const admin = new Redis(redisUrl);
    try {
      const earlier = JSON.stringify({ conversation: { id: 'a:1OLD' } });
      await admin.set(`{${prefix}}:link:teams:personal:aad-tech`, earlier);
      expect(await keyValues.get('teams:personal:aad-tech')).toBe(earlier);
      const now = JSON.stringify({ conversation: { id: 'a:1NEW' } });
      await keyValues.set('teams:personal:aad-tech', now);
      expect(await keyValues.get('teams:personal:aad-tech')).toBe(now);
      expect(await admin.get(`{${prefix}}:kv:teams:personal:aad-tech`)).toBe(now);
    } finally {
      admin.disconnect();
      await close();
    }
  });

  it('reports StoreUnavailableError at once when Redis cannot be reached', async () => {
    const redis = createStoreConnection('redis://127.0.0.1:1');
    const store = new RedisStore({ redis, prefix: 'unreachable', cipher, clock: systemClock });
    const keyValues = new RedisKeyValues(redis, 'unreachable');
    try {
      const started = Date.now();
      const calls: Array<Promise<unknown>> = [
        store.ping(),
        store.get('CR-X'),
        store.create(sampleRequest('CR-X', started)),
        store.update('CR-X', (r) => r),
        store.link('k', 'CR-X'),
        store.resolve('k'),
        store.listOpen(),
        new RedisReservations(redis, 'unreachable').reserve('k', 1000),
        keyValues.get('k'),
        keyValues.set('k', 'v'),
      ];
      for (const call of calls) await expect(call).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await store.close();
    }
  });

  it('drops a language read back that this build does not speak, and keeps the rest of the request', async () => {
    const prefix = newPrefix('locale');
    const store = makeStore(prefix, cipher);
    const redis = new Redis(redisUrl);
    try {
      const now = Date.now();
      const base = sampleRequest('CR-PT', now);
      await store.create({ ...base, requester: { ...base.requester, locale: 'de' } });
      // As another build or a hand edit might leave it: a language this one has no catalog for.
      const key = `{${prefix}}:req:CR-PT`;
      const doc = JSON.parse((await redis.hget(key, 'doc'))!) as { requester: Record<string, unknown> };
      expect(doc.requester.locale).toBe('de');
      for (const odd of ['pt', 'de-DE', 42]) {
        await redis.hset(key, 'doc', JSON.stringify({ ...doc, requester: { ...doc.requester, locale: odd } }));
        const read = await store.get('CR-PT');
        expect(read?.requester, String(odd)).toEqual({ platform: 'slack', id: 'U0TECH1', name: 'Tina Tech' });
        expect(read?.device.model).toBe('NDE-5503-AL');
      }
      // The next update writes it back without the odd value.
      await store.update('CR-PT', (r) => ({ ...r, state: 'awaiting_support' }));
      const rewritten = JSON.parse((await redis.hget(key, 'doc'))!) as typeof doc;
      expect(rewritten.requester).not.toHaveProperty('locale');
    } finally {
      redis.disconnect();
      await store.close();
    }
  });

  it('refuses timer ids BullMQ would reject or misread', () => {
    expect(() => assertTimerId('CR-7K3M.c1.w15')).not.toThrow();
    expect(() => assertTimerId('CR_7.exp-2')).not.toThrow();
    expect(() => assertTimerId('a:b')).toThrow();
    expect(() => assertTimerId('12345')).toThrow();
    expect(() => assertTimerId('')).toThrow();
    expect(() => assertTimerId('has space')).toThrow();
  });

  it('picks Redis drivers when a Redis URL is given, and insists on DATA_KEY then', async () => {
    const logger = pino({ level: 'silent' });
    const prefix = newPrefix('drivers');
    await expect(createDrivers({ redisUrl, prefix, clock: systemClock, logger })).rejects.toThrow(/DATA_KEY/);
    const durable = await createDrivers({
      redisUrl,
      prefix,
      dataKey: randomBytes(32).toString('base64'),
      clock: systemClock,
      logger,
    });
    expect(durable.durable).toBe(true);
    await durable.store.ping();
    await durable.close();
    const embedded = await createDrivers({ clock: systemClock, logger });
    expect(embedded.durable).toBe(false);
    await embedded.close();
  });
});
