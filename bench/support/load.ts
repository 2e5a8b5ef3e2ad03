// Shared helpers for the Slack benchmarks: a load generator that fires signed requests from its
// own thread (its own event loop, like Slack's side of the wire: the app's post-ack work cannot
// delay the moment a response is seen), percentiles, and a formatter.

import { Worker } from 'node:worker_threads';

export interface Shot {
  body: string;
  headers: Record<string, string>;
}

export interface ShotResult {
  status: number;
  /** ms from writing the request to the end of the response. */
  ms: number;
  body: string;
}

// Plain CommonJS so it runs as an eval'd worker without a TypeScript loader.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const agents = new Map();
function agentFor(origin) {
  let a = agents.get(origin);
  if (!a) { a = new http.Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 60000 }); agents.set(origin, a); }
  return a;
}
function one(url, shot) {
  return new Promise((resolve) => {
    const u = new URL(url);
    const headers = { ...shot.headers, 'content-length': Buffer.byteLength(shot.body) };
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers, agent: agentFor(u.origin) }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (e) => resolve({ status: 0, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: String(e && e.message) }));
    req.end(shot.body);
  });
}
parentPort.on('message', async (m) => {
  if (m.type === 'close') { for (const a of agents.values()) a.destroy(); parentPort.close(); return; }
  // all at once (concurrent) or one after another (sequential)
  let results;
  if (m.sequential) { results = []; for (const s of m.shots) results.push(await one(m.url, s)); }
  else results = await Promise.all(m.shots.map((s) => one(m.url, s)));
  parentPort.postMessage({ id: m.id, results });
});
`;

/** A load generator on its own thread, with keep-alive connections per target. */
export class LoadGenerator {
  private readonly worker = new Worker(WORKER, { eval: true });
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: ShotResult[]) => void; reject: (e: unknown) => void }>();

  constructor() {
    this.worker.on('message', (m: { id: number; results: ShotResult[] }) => {
      this.pending.get(m.id)?.resolve(m.results);
      this.pending.delete(m.id);
    });
    this.worker.on('error', (err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  /** Fires `shots` at `url`: all at once, or one after another. */
  fire(url: string, shots: Shot[], options: { sequential?: boolean } = {}): Promise<ShotResult[]> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, url, shots, sequential: !!options.sequential });
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' });
    await new Promise((r) => setTimeout(r, 20));
    await this.worker.terminate();
  }
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(ms: number[]): Summary {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `probe` is truthy; throws with `what` after `timeoutMs`. */
export async function until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs: number, everyMs = 10): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
