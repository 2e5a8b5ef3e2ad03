// Requests still waiting for their answer, so work that can wait lets them go first. Under a
// burst, a handler's work after its ack (a Web API call, a store write) would otherwise share the
// event loop with the requests queued behind it, and their acks would come later for it.

import type { ServerResponse } from 'node:http';

export class PendingRequests {
  private waiting = 0;
  private readonly idlers: Array<() => void> = [];
  /** Set while work waits: when it fires, the work goes however busy things still are. */
  private deadline: NodeJS.Timeout | undefined;
  private overdue = false;
  private draining = false;

  /** Counts one request until its response is sent (or its connection is gone). */
  track(res: ServerResponse): void {
    this.waiting++;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      if (--this.waiting === 0) this.drain();
    };
    res.once('finish', release);
    res.once('close', release);
  }

  /**
   * Resolves once no tracked request is waiting for its answer, or after `maxWaitMs` at most, so
   * steady traffic delays the work a little but never starves it.
   */
  quiet(maxWaitMs: number): Promise<void> {
    if (this.waiting === 0 && !this.idlers.length) return Promise.resolve();
    return new Promise((resolve) => {
      this.idlers.push(resolve);
      this.deadline ??= setTimeout(() => {
        this.overdue = true;
        this.drain();
      }, maxWaitMs);
    });
  }

  /**
   * Lets the waiting work go one piece per turn of the event loop, so a request that arrives
   * meanwhile is counted (and waited for) before the next piece starts.
   */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const next = () => {
      if (this.waiting > 0 && !this.overdue) {
        this.draining = false;
        return;
      }
      const resolve = this.idlers.shift();
      if (!resolve) {
        clearTimeout(this.deadline);
        this.deadline = undefined;
        this.overdue = false;
        this.draining = false;
        return;
      }
      resolve();
      setImmediate(next);
    };
    setImmediate(next);
  }
}
