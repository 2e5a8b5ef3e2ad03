// The ioredis client built for each topology carries what the settings say: the sentinels and
// the primary's name, the passwords where each belongs, TLS to data nodes and sentinels; a
// Cluster's per-node options. (The topologies themselves are exercised against real servers in
// test/faults/redis-sentinel.test.ts and test/faults/redis-cluster.test.ts.)
import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueueConnection, createStoreConnection, type RedisClient } from '../../src/drivers/redis/connection.js';

// Nothing listens on port 9: the clients are looked at, never used.
const opened: RedisClient[] = [];
const keep = <T extends RedisClient>(c: T): T => (opened.push(c), c.on('error', () => undefined), c);
afterEach(() => {
  for (const c of opened.splice(0)) c.disconnect();
});

describe('connections per topology', () => {
  it("Sentinel: sentinels, name, the data password and the sentinels' own, TLS to both", () => {
    const redis = keep(
      createStoreConnection({
        kind: 'sentinel',
        sentinels: [{ host: '127.0.0.1', port: 9 }],
        name: 'camreset',
        username: 'bot',
        password: 'data-pw',
        sentinelPassword: 'sentinel-pw',
        tls: true,
      }),
    );
    expect(redis).toBeInstanceOf(Redis);
    const o = (redis as Redis).options;
    expect(o).toMatchObject({
      sentinels: [{ host: '127.0.0.1', port: 9 }],
      name: 'camreset',
      role: 'master',
      username: 'bot',
      password: 'data-pw',
      sentinelPassword: 'sentinel-pw',
      enableTLSForSentinelMode: true,
      failoverDetector: true,
    });
    expect(o.tls).toEqual({});
    expect(o.sentinelTLS).toEqual({});
    // The store fails fast; a READONLY answer (a demoted primary) reconnects through the sentinels.
    expect(o).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2000 });
    expect(
      typeof o.reconnectOnError === 'function' && o.reconnectOnError(new Error("READONLY You can't write against a read only replica.")),
    ).toBe(true);
  });

  it('Sentinel without TLS or passwords sends none', () => {
    const o = (
      keep(createStoreConnection({ kind: 'sentinel', sentinels: [{ host: '127.0.0.1', port: 9 }], name: 'camreset', tls: false })) as Redis
    ).options;
    expect(o.tls).toBeUndefined();
    expect(o.enableTLSForSentinelMode).toBeFalsy();
    expect(o.password).toBeFalsy();
    expect(o.sentinelPassword).toBeFalsy();
  });

  it("Cluster: the nodes, with the password and TLS on each; the worker's connection waits (maxRetriesPerRequest null, as BullMQ requires)", () => {
    const target = { kind: 'cluster' as const, nodes: [{ host: '127.0.0.1', port: 9 }], password: 'pw', tls: true };
    const store = keep(createStoreConnection(target));
    expect(store).toBeInstanceOf(Cluster);
    expect((store as Cluster).options).toMatchObject({
      enableOfflineQueue: false,
      redisOptions: { password: 'pw', tls: {}, maxRetriesPerRequest: 1, commandTimeout: 2000 },
    });
    const worker = keep(createQueueConnection(target, 'worker'));
    expect((worker as Cluster).options.redisOptions).toMatchObject({ password: 'pw', tls: {}, maxRetriesPerRequest: null });
  });

  it('one server: the URL as given (rediss:// and its password included)', () => {
    const o = (keep(createStoreConnection('rediss://bot:pw@127.0.0.1:9')) as Redis).options;
    expect(o).toMatchObject({ host: '127.0.0.1', port: 9, username: 'bot', password: 'pw' });
    expect(o.tls).toBeTruthy();
  });
});
