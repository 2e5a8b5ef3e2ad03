// Highly available Redis topologies of a test's own, on loopback and free ports, from the real
// redis-server binary: a primary with one replica behind three sentinels, and a 3-primary
// Cluster. Each says how the bot reaches it (the environment an operator would write, and the
// same as a RedisTarget) and can SIGKILL its members.
//
//   const ha = await SentinelTopology.start();   // ha.env (REDIS_SENTINELS, REDIS_SENTINEL_NAME), ha.killPrimary()
//   const cluster = await ClusterTopology.start(); // cluster.env (REDIS_CLUSTER_NODES)
//
// The settings the README's production section quotes are the ones here: sentinels decide a
// primary is down after 1 s (quorum 2 of 3), the primary refuses writes unless its replica has
// acknowledged within 2 s (min-replicas-to-write 1, min-replicas-max-lag 2), cluster nodes
// after 2 s (cluster-node-timeout 2000).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisTarget } from '../../../src/drivers/redis/connection.js';
import { freePort, sleep } from './bot.js';

export const SENTINEL_NAME = 'camreset-primary';
/** What the tests and the README's Sentinel settings use. */
export const SENTINEL_SETTINGS = { downAfterMs: 1000, failoverTimeoutMs: 5000, quorum: 2 };
export const PRIMARY_SETTINGS = { minReplicasToWrite: 1, minReplicasMaxLagS: 2 };
export const CLUSTER_NODE_TIMEOUT_MS = 2000;

/** A topology the fault kit can run the bot on. */
export interface Topology {
  /** The bot's environment for it (REDIS_*). */
  env: Record<string, string>;
  target: RedisTarget;
  /** Removes every key (between tests). */
  flush(): void;
  stop(): Promise<void>;
}

/** One redis-server (or sentinel) process with its own dir. */
export class RedisProcess {
  private child: ChildProcess | undefined;
  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly args: string[],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts it; resolves once it answers PING. */
  async start(): Promise<void> {
    const child = spawn('redis-server', this.args, { stdio: 'ignore', cwd: this.dir });
    this.child = child;
    const failed = new Promise<never>((_, reject) => child.once('error', reject));
    failed.catch(() => undefined);
    for (let i = 0; i < 100; i++) {
      if (this.cli('ping').includes('PONG')) return;
      await Promise.race([sleep(100), failed]);
    }
    throw new Error(`redis-server ${this.args.join(' ')} did not start`);
  }

  cli(...args: string[]): string {
    // stdout is null when redis-cli could not be started at all.
    const run = spawnSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8' }) as { stdout: string | null };
    return run.stdout ?? '';
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await gone;
  }
}

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `camreset-${name}-`));

async function waitFor(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A primary, its replica and three sentinels monitoring it. */
export class SentinelTopology implements Topology {
  private constructor(
    readonly dir: string,
    readonly servers: RedisProcess[],
    readonly sentinels: RedisProcess[],
  ) {}

  static async start(): Promise<SentinelTopology> {
    const dir = tempDir('sentinel');
    const [p, r, ...s] = await Promise.all(Array.from({ length: 5 }, () => freePort()));
    const serverArgs = (port: number, name: string) => {
      const d = join(dir, name);
      mkdir(d);
      return ['--port', String(port), '--bind', '127.0.0.1', '--dir', d, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''];
    };
    const primary = new RedisProcess(p!, dir, [
      ...serverArgs(p!, 'primary'),
      '--min-replicas-to-write',
      String(PRIMARY_SETTINGS.minReplicasToWrite),
      '--min-replicas-max-lag',
      String(PRIMARY_SETTINGS.minReplicasMaxLagS),
    ]);
    const replica = new RedisProcess(r!, dir, [...serverArgs(r!, 'replica'), '--replicaof', '127.0.0.1', String(p)]);
    await primary.start();
    await replica.start();
    await waitFor('the replica to sync', () => /master_link_status:up/.test(replica.cli('info', 'replication')));
    const sentinels = s.map((port, i) => {
      const conf = join(dir, `sentinel-${i}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${p} ${SENTINEL_SETTINGS.quorum}`,
          `sentinel down-after-milliseconds ${SENTINEL_NAME} ${SENTINEL_SETTINGS.downAfterMs}`,
          `sentinel failover-timeout ${SENTINEL_NAME} ${SENTINEL_SETTINGS.failoverTimeoutMs}`,
          `sentinel parallel-syncs ${SENTINEL_NAME} 1`,
          '',
        ].join('\n'),
      );
      return new RedisProcess(port, dir, [conf, '--sentinel']);
    });
    await Promise.all(sentinels.map((x) => x.start()));
    const topology = new SentinelTopology(dir, [primary, replica], sentinels);
    // Every sentinel sees the replica and the others before the test may kill anything.
    await waitFor('the sentinels to know each other and the replica', () =>
      sentinels.every((x) => {
        const info = x.cli('sentinel', 'master', SENTINEL_NAME);
        return /num-other-sentinels\n2\n/.test(info) && /num-slaves\n1\n/.test(info);
      }),
    );
    return topology;
  }

  get env(): Record<string, string> {
    return { REDIS_SENTINELS: this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','), REDIS_SENTINEL_NAME: SENTINEL_NAME };
  }

  get target(): RedisTarget {
    return {
      kind: 'sentinel',
      sentinels: this.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
      name: SENTINEL_NAME,
      tls: false,
    };
  }

  /** The server the sentinels name as primary now. */
  primary(): RedisProcess {
    const [, port] = this.sentinels
      .find((s) => s.alive)!
      .cli('sentinel', 'get-master-addr-by-name', SENTINEL_NAME)
      .trim()
      .split('\n');
    return this.servers.find((s) => String(s.port) === port?.trim())!;
  }

  flush(): void {
    this.primary().cli('flushall');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.sentinels, ...this.servers].map((x) => x.kill('SIGKILL')));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Three primaries sharing the 16384 slots, no replicas. */
export class ClusterTopology implements Topology {
  private constructor(
    readonly dir: string,
    readonly nodes: RedisProcess[],
  ) {}

  static async start(size = 3): Promise<ClusterTopology> {
    const dir = tempDir('cluster');
    const ports: number[] = [];
    while (ports.length < size) {
      const port = await clusterPort();
      if (!ports.includes(port)) ports.push(port);
    }
    const nodes = ports.map((port) => {
      const d = join(dir, String(port));
      mkdir(d);
      return new RedisProcess(port, d, [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        d,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-node-timeout',
        String(CLUSTER_NODE_TIMEOUT_MS),
        '--appendonly',
        'yes',
        '--save',
        '',
      ]);
    });
    await Promise.all(nodes.map((n) => n.start()));
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await waitFor('cluster_state:ok on every node', () => nodes.every((n) => /cluster_state:ok/.test(n.cli('cluster', 'info'))));
    return new ClusterTopology(dir, nodes);
  }

  get env(): Record<string, string> {
    return { REDIS_CLUSTER_NODES: this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',') };
  }

  get target(): RedisTarget {
    return { kind: 'cluster', nodes: this.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })), tls: false };
  }

  flush(): void {
    for (const n of this.nodes) n.cli('flushall');
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill('SIGKILL')));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const mkdir = (d: string) => mkdirSync(d, { recursive: true });

/** A free port whose cluster bus port (port + 10000) is free too. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10000 <= 65535 && (await isFree(port + 10000))) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
