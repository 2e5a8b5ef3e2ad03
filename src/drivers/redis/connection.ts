// ioredis connections for the two kinds of Redis users: the request store, which must fail
// fast so a chat user hears "temporarily unavailable" at once, and BullMQ, whose workers
// must wait out an outage (BullMQ requires maxRetriesPerRequest: null for them). Each is built
// for one of three topologies: one server (REDIS_URL, which may also be a managed service that
// fails over behind one endpoint), a primary found through Sentinel (REDIS_SENTINELS), or a
// Redis Cluster (REDIS_CLUSTER_NODES). Every key camreset writes, BullMQ's included, carries
// one hash tag (`{prefix}`), so on a Cluster everything lives in one slot and every script
// and pipeline stays on one node.
//
// ioredis 5 and 6 share every option used here; `failoverDetector` (Sentinel) needs 5.3 or later.

import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { strip } from '../../lib/strip.js';

export type ConnectionLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/** A connection of either kind: the store and BullMQ use only what both offer. */
export type RedisClient = Redis | Cluster;

export interface HostPort {
  host: string;
  port: number;
}

/** Where Redis is, as the environment says (see src/config.ts, REDIS_*). */
export type RedisTarget =
  | { kind: 'url'; url: string }
  | {
      kind: 'sentinel';
      sentinels: HostPort[];
      /** The primary's name as the sentinels monitor it (REDIS_SENTINEL_NAME). */
      name: string;
      username?: string;
      password?: string;
      sentinelPassword?: string;
      /** TLS to the data nodes and to the sentinels (REDIS_TLS=on). */
      tls: boolean;
    }
  | { kind: 'cluster'; nodes: HostPort[]; username?: string; password?: string; tls: boolean };

export interface ConnectionOptions {
  logger?: ConnectionLogger;
  /** Shown in CLIENT LIST, handy when an operator wonders who holds which connection. */
  name?: string;
}

/** Reconnect forever, backing off to at most 5 s between tries. */
const reconnectForever = (times: number): number => Math.min(100 * 2 ** Math.min(times, 6), 5000);

/** A target given as a bare URL (tests, tools, benches) is the one-server topology. */
export function toTarget(target: RedisTarget | string): RedisTarget {
  return typeof target === 'string' ? { kind: 'url', url: target } : target;
}

/** Connection for the request store: no offline queue, one retry, 2 s per command. */
export function createStoreConnection(target: RedisTarget | string, options: ConnectionOptions = {}): RedisClient {
  return watch(
    build(toTarget(target), {
      connectionName: options.name ?? 'camreset-store',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      connectTimeout: 2000,
    }),
    options,
  );
}

/**
 * Connection for BullMQ. `role: 'queue'` (adding and removing timers) fails fast like the
 * store; `role: 'worker'` waits for Redis to come back, as BullMQ's blocking reads require.
 */
export function createQueueConnection(
  target: RedisTarget | string,
  role: 'queue' | 'worker',
  options: ConnectionOptions = {},
): RedisClient {
  const common: RedisOptions = { connectionName: options.name ?? `camreset-timers-${role}`, connectTimeout: 2000 };
  const redis = build(
    toTarget(target),
    role === 'worker' ? { ...common, maxRetriesPerRequest: null } : { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
  );
  return watch(redis, options);
}

/** The ioredis client for a target, with `perCommand` (timeouts, retries, offline queue) applied. */
function build(target: RedisTarget, perCommand: RedisOptions): RedisClient {
  if (target.kind === 'url') return new Redis(target.url, { ...perCommand, retryStrategy: reconnectForever });
  const auth = strip({ username: target.username, password: target.password });
  const tls = target.tls ? { tls: {} } : {};
  if (target.kind === 'sentinel') {
    return new Redis({
      ...perCommand,
      ...auth,
      ...tls,
      sentinels: target.sentinels,
      name: target.name,
      role: 'master',
      ...strip({ sentinelPassword: target.sentinelPassword }),
      ...(target.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
      // Told by the sentinels' +switch-master instead of waiting for the old primary to time out.
      failoverDetector: true,
      retryStrategy: reconnectForever,
      // A primary demoted in a failover (SENTINEL FAILOVER, a network split healed) answers
      // READONLY to writes: reconnect through the sentinels to the new one. The command itself
      // fails (the caller refuses politely or BullMQ retries), it is not sent twice.
      reconnectOnError: (err) => err.message.startsWith('READONLY'),
    });
  }
  const { enableOfflineQueue, ...nodeOptions } = perCommand;
  const cluster: ClusterOptions = {
    redisOptions: { ...nodeOptions, ...auth, ...tls },
    clusterRetryStrategy: reconnectForever,
    slotsRefreshTimeout: 2000,
    // A primary lost to a failover: ask again for the slots' new owner rather than erroring at once.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
  };
  return new Cluster(target.nodes, cluster);
}

/**
 * Resolves once the connection is ready, or after `timeoutMs` (false) so a process can start
 * while Redis is down and recover when it returns; readiness is reported by ping instead.
 */
export function waitForReady(redis: RedisClient, timeoutMs = 3000): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

/** Closes politely when connected, at once otherwise (QUIT cannot be sent without a connection). */
export async function closeConnection(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  // Cutting a connection whose ready check is in flight makes ioredis reject that check with
  // nobody listening (seen with BullMQ); let the handshake finish first.
  if (redis.status === 'connect') await waitForReady(redis, 1000);
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // fall through to a hard disconnect
    }
  }
  redis.disconnect();
}

/**
 * An ioredis client without an 'error' listener crashes the process on the first network
 * error. Log the first error of an outage and the recovery, not every reconnect attempt.
 */
function watch(redis: RedisClient, { logger, name }: ConnectionOptions): RedisClient {
  let down = false;
  const label = name ?? (redis instanceof Cluster ? redis.options.redisOptions?.connectionName : redis.options.connectionName);
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.error({ err, connection: label }, 'redis connection error; reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ connection: label }, 'redis connection restored');
  });
  return redis;
}

// --- checking a topology at start ----------------------------------------------------------

/**
 * Whether a Sentinel or Cluster target is what the settings say, within `timeoutMs`: a
 * problem naming the variable at fault, or undefined. A wrong primary name, a node list
 * nobody answers on, or nodes that are not a cluster would otherwise leave the bot retrying
 * forever, refusing every request. (One server, REDIS_URL, is not checked: the bot starts
 * while it is down and serves once it is back, as it does after an outage.)
 */
export async function checkTarget(target: RedisTarget, timeoutMs = 10_000): Promise<string | undefined> {
  if (target.kind === 'url') return undefined;
  const deadline = Date.now() + timeoutMs;
  let last: Verdict = { final: false, problem: '' };
  while (Date.now() < deadline) {
    const verdicts = await Promise.all(
      (target.kind === 'sentinel' ? target.sentinels : target.nodes).map((node) =>
        target.kind === 'sentinel' ? askSentinel(node, target) : askClusterNode(node, target),
      ),
    );
    if (verdicts.some((v) => v.ok)) return undefined;
    // A definite answer (a name nobody monitors, not a cluster, a refused password) ends the wait.
    const final = verdicts.find((v) => v.final);
    if (final) return final.problem;
    last = verdicts.find((v) => !v.unreachable) ?? verdicts[0] ?? last;
    await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadline - Date.now()))));
  }
  if (last.unreachable || !last.problem) {
    const variable = target.kind === 'sentinel' ? 'REDIS_SENTINELS' : 'REDIS_CLUSTER_NODES';
    const list = (target.kind === 'sentinel' ? target.sentinels : target.nodes).map(hostPort).join(', ');
    return `${variable}: none of ${list} answered within ${Math.round(timeoutMs / 1000)} s${last.problem ? ` (${last.problem})` : ''}: check the hosts, the ports, the firewall${target.tls ? '' : ' and whether they need REDIS_TLS=on'}`;
  }
  return last.problem;
}

interface Verdict {
  ok?: boolean;
  /** Nothing will change by asking again. */
  final: boolean;
  unreachable?: boolean;
  problem: string;
}

const hostPort = ({ host, port }: HostPort) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** One short-lived connection, no retries: each check gets one answer or one error. */
async function ask<T>(
  node: HostPort,
  options: RedisOptions,
  fn: (r: Redis) => Promise<T>,
): Promise<{ value: T; err?: undefined } | { value?: undefined; err: Error }> {
  const r = new Redis({
    ...node,
    ...options,
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return { value: await fn(r) };
  } catch (err) {
    return { err: err instanceof Error ? err : new Error(String(err)) };
  } finally {
    r.disconnect();
  }
}

const authRefused = (err: Error) => /NOAUTH|WRONGPASS|invalid password|invalid username/i.test(err.message);

async function askSentinel(node: HostPort, t: Extract<RedisTarget, { kind: 'sentinel' }>): Promise<Verdict> {
  const options: RedisOptions = { ...strip({ password: t.sentinelPassword }), ...(t.tls ? { tls: {} } : {}) };
  const { value, err } = await ask(node, options, async (r) => {
    const addr = (await r.call('SENTINEL', 'get-master-addr-by-name', t.name)) as string[] | null;
    if (addr) return { known: [] as string[], found: true };
    const masters = (await r.call('SENTINEL', 'masters')) as string[][];
    return { found: false, known: masters.map((m) => m[m.indexOf('name') + 1] ?? '?') };
  });
  if (err) {
    if (authRefused(err))
      return {
        final: true,
        problem: `REDIS_SENTINEL_PASSWORD: the sentinel at ${hostPort(node)} refused it (${err.message.split('\n')[0]})`,
      };
    if (/unknown command|unknown subcommand/i.test(err.message))
      return { final: true, problem: `REDIS_SENTINELS: ${hostPort(node)} is not a sentinel (a Redis server? give it as REDIS_URL)` };
    return { final: false, unreachable: true, problem: `${hostPort(node)}: ${err.message}` };
  }
  if (value.found) return { ok: true, final: true, problem: '' };
  const known = value.known.length ? `they monitor ${value.known.map((n) => JSON.stringify(n)).join(', ')}` : 'they monitor none';
  return { final: true, problem: `REDIS_SENTINEL_NAME: the sentinels do not monitor a primary named ${JSON.stringify(t.name)} (${known})` };
}

async function askClusterNode(node: HostPort, t: Extract<RedisTarget, { kind: 'cluster' }>): Promise<Verdict> {
  const options: RedisOptions = { ...strip({ username: t.username, password: t.password }), ...(t.tls ? { tls: {} } : {}) };
  const { value, err } = await ask(node, options, async (r) => String(await r.call('CLUSTER', 'INFO')));
  if (err) {
    if (authRefused(err)) return { final: true, problem: `REDIS_PASSWORD: ${hostPort(node)} refused it (${err.message.split('\n')[0]})` };
    if (/cluster support disabled/i.test(err.message)) {
      return {
        final: true,
        problem: `REDIS_CLUSTER_NODES: ${hostPort(node)} is not a cluster node (cluster-enabled is off there): list the nodes of a Redis Cluster, or give a single server as REDIS_URL`,
      };
    }
    return { final: false, unreachable: true, problem: `${hostPort(node)}: ${err.message}` };
  }
  const assigned = Number(/cluster_slots_assigned:(\d+)/.exec(value)?.[1] ?? 0);
  if (assigned === 0) {
    return {
      final: false,
      problem: `REDIS_CLUSTER_NODES: ${hostPort(node)} is cluster-enabled but belongs to no cluster serving slots: create the cluster first (redis-cli --cluster create …)`,
    };
  }
  return { ok: true, final: true, problem: '' };
}
