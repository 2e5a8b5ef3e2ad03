// Work to do a while from now, on the app's clock: a real timeout on the system clock; on a clock
// that announces its moves (the tests' ManualClock, the playground's) once it is moved past the
// moment, so whoever moves it also waits for the work. Nothing here survives a restart: it is for
// work that is only worth doing soon (trying a lookup again), never for a deadline.

/** The core's Clock, or its ObservableClock (said here in its own words: lib imports nothing of the project). */
export interface LaterClock {
  now(): number;
  onAdvance?(listener: (now: number) => Promise<void>): () => void;
}

const announces = (clock: LaterClock): clock is Required<LaterClock> => typeof clock.onAdvance === 'function';

interface Entry {
  at: number;
  work: () => Promise<void>;
  timeout?: NodeJS.Timeout;
}

export class Later {
  private readonly waiting = new Set<Entry>();
  private readonly running = new Set<Promise<void>>();
  private readonly unsubscribe: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly clock: LaterClock,
    /** What a piece of work threw: it is not tried again from here. */
    private readonly failed: (err: unknown) => void,
  ) {
    if (announces(clock)) this.unsubscribe = clock.onAdvance((now) => this.due(now));
  }

  /** Runs `work` in `ms` (clock time); dropped when closed first. */
  after(ms: number, work: () => Promise<void>): void {
    if (this.closed) return;
    const entry: Entry = { at: this.clock.now() + ms, work };
    this.waiting.add(entry);
    if (!announces(this.clock)) {
      entry.timeout = setTimeout(() => void this.run(entry), ms);
      // Pending work never keeps a stopping process alive.
      entry.timeout.unref();
    }
  }

  /** How many pieces of work wait or run (tests, metrics). */
  get size(): number {
    return this.waiting.size + this.running.size;
  }

  /** Drops what has not started, and waits for what is running. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    for (const entry of this.waiting) clearTimeout(entry.timeout);
    this.waiting.clear();
    await Promise.allSettled([...this.running]);
  }

  private async due(now: number): Promise<void> {
    await Promise.all([...this.waiting].filter((e) => e.at <= now).map((e) => this.run(e)));
  }

  private run(entry: Entry): Promise<void> {
    if (this.closed || !this.waiting.delete(entry)) return Promise.resolve();
    const done: Promise<void> = entry
      .work()
      .catch((err: unknown) => this.failed(err))
      .finally(() => this.running.delete(done));
    this.running.add(done);
    return done;
  }
}
