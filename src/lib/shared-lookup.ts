// A value looked up from elsewhere (a member list, say) and kept for a while: callers that ask
// while a lookup is under way share it, so a burst of clicks costs one call; a failed lookup is
// kept by nobody and rejects every caller that shared it (the caller decides what a failure
// means), and the next ask tries again.

export interface SharedLookupOptions<T> {
  /** How long a looked-up value is answered from memory, from the moment its lookup began. */
  ttlMs: number;
  now?: () => number;
  /** Whether to keep a value (false: the next ask looks it up again, e.g. "not known yet"). */
  keep?: (value: T) => boolean;
}

export class SharedLookup<T> {
  private kept: { value: T; until: number } | undefined;
  private loading: Promise<T> | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly options: SharedLookupOptions<T>,
  ) {}

  /** The kept value while it is fresh, else the one lookup under way, else a new lookup. */
  get(): Promise<T> {
    const now = this.now();
    if (this.kept && this.kept.until > now) return Promise.resolve(this.kept.value);
    this.loading ??= this.load().then(
      (value) => {
        if (this.options.keep?.(value) ?? true) this.kept = { value, until: now + this.options.ttlMs };
        this.loading = undefined;
        return value;
      },
      (err: unknown) => {
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }

  /** The last value kept, fresh or not (undefined before the first lookup that was kept). */
  last(): T | undefined {
    return this.kept?.value;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
