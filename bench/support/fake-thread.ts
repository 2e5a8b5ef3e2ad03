// The Slack fake on its own thread, for benchmarks that measure the app's event loop: in
// production Slack's Web API runs on Slack's machines, so its work must not queue behind (or in
// front of) the app's. The main thread talks to it by messages: start, counts, close.

import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { backgroundPosts, startFake } from './slack-fake.js';

export interface FakeInfo {
  url: string;
  origin: string;
  teamId: string;
  botUserId: string;
}

export interface FakeCounts {
  parents: number;
  welcomes: number;
  failed: number;
  malformed: number;
  calls: number;
}

type Request = { id: number; type: 'counts' | 'calls' | 'close' };

/** One recorded Web API call, cut down for the trip between threads. */
export interface CallDigest {
  method: string;
  at: number;
  status: number;
  ok: boolean;
  error?: string;
  channel?: string;
  thread_ts?: string;
  ts?: string;
  text: string;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const fake = await startFake();
  port.postMessage({
    type: 'ready',
    info: { url: fake.url, origin: fake.url.replace(/\/api\/$/, ''), teamId: fake.teamId, botUserId: fake.botUserId } satisfies FakeInfo,
  });
  const answer = async (m: Request) => {
    if (m.type === 'counts') {
      const p = backgroundPosts(fake);
      port.postMessage({ id: m.id, counts: { ...p, malformed: fake.malformed().length, calls: fake.calls.length } satisfies FakeCounts });
    } else if (m.type === 'calls') {
      const calls: CallDigest[] = fake.calls.map((c) => ({
        method: c.method,
        at: c.at,
        status: c.status,
        ok: c.response.ok === true,
        ...(typeof c.response.error === 'string' ? { error: c.response.error } : {}),
        ...(typeof c.args.channel === 'string' ? { channel: c.args.channel } : {}),
        ...(typeof c.args.thread_ts === 'string' ? { thread_ts: c.args.thread_ts } : {}),
        ...(typeof c.response.ts === 'string' ? { ts: c.response.ts } : {}),
        text: typeof c.args.text === 'string' ? c.args.text.slice(0, 120) : '',
      }));
      port.postMessage({ id: m.id, calls });
    } else {
      m.type satisfies 'close';
      await fake.close();
      port.postMessage({ id: m.id });
      port.close();
    }
  };
  // A failed answer is the bench's bug: it stays an unhandled rejection, which ends the worker.
  port.on('message', (m: Request) => void answer(m));
}

/** Starts the fake on a worker thread (this file, loaded through tsx's ESM hooks). */
export class FakeThread {
  private seq = 0;
  private responses = 0;
  private constructor(
    private readonly worker: Worker,
    readonly info: FakeInfo,
  ) {
    worker.setMaxListeners(0);
  }

  static async start(): Promise<FakeThread> {
    const tsx = new URL('../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url).href;
    const self = new URL(import.meta.url).href;
    const worker = new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); });`, {
      eval: true,
    });
    const info = await new Promise<FakeInfo>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', function ready(m: { type?: string; info?: FakeInfo }) {
        if (m.type !== 'ready') return;
        worker.off('message', ready);
        resolve(m.info!);
      });
    });
    return new FakeThread(worker, info);
  }

  get url(): string {
    return this.info.url;
  }

  get teamId(): string {
    return this.info.teamId;
  }

  /** A fresh response_url on the fake (it records whatever is posted there). */
  responseUrl(): string {
    return `${this.info.origin}/response/t${++this.responses}`;
  }

  private ask<T>(type: Request['type']): Promise<T> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      const on = (m: { id?: number } & T) => {
        if (m.id !== id) return;
        this.worker.off('message', on);
        resolve(m);
      };
      this.worker.on('message', on);
      this.worker.postMessage({ id, type });
    });
  }

  async counts(): Promise<FakeCounts> {
    return (await this.ask<{ counts: FakeCounts }>('counts')).counts;
  }

  /** Every call the fake has recorded so far, in digest form. */
  async calls(): Promise<CallDigest[]> {
    return (await this.ask<{ calls: CallDigest[] }>('calls')).calls;
  }

  async close(): Promise<void> {
    await this.ask('close');
    await this.worker.terminate();
  }
}
