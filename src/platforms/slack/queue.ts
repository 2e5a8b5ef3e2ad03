// One line of work per Slack channel: posts to a channel go out one after another, in the order
// they were asked for, so a burst (or a 429 pause) never reorders a channel's messages, while
// different channels still proceed in parallel.

export class ChannelQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after everything queued earlier for `channel` has settled. */
  run<T>(channel: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(channel) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(channel, tail);
    void tail.then(() => {
      if (this.tails.get(channel) === tail) this.tails.delete(channel);
    });
    return result;
  }

  /** Resolves when every channel's queue has drained. */
  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all([...this.tails.values()]);
  }
}
