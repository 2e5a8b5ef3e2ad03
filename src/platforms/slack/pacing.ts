// Slack's pace, kept per channel. chat.postMessage takes about one message per second per
// channel, and a 429 says (Retry-After) when to try again. Left to itself the Web API client
// answers any 429 by pausing every call it makes, so a burst in the support channel would hold
// up the PUK's DM to a technician at a locked camera; here only the channel that is busy waits.
// Needs a client made with `rejectRateLimitedCalls`, which hands the 429 back instead.

import { webApi } from '@slack/bolt';
import { KeyedQueue } from '../../lib/keyed-queue.js';

export interface PacingOptions {
  /** Least time between two posts to one channel, ms. */
  interval?: number;
  /** How long one call may go on being answered 429 before that answer is passed on, ms. */
  patience?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onRateLimited?: (event: { channel: string | undefined; waitMs: number }) => void;
  /** Awaited before each call: lets requests that wait for their ack go first. */
  beforeCall?: () => Promise<void>;
}

/** Slack asks for one message a second per channel and tolerates short bursts it does not promise. */
export const POST_INTERVAL_MS = 1000;

/**
 * Slack names its waits in seconds, or a minute for a workspace-wide limit. Ten minutes of
 * nothing but 429s means something else is flooding the workspace: the message is better left
 * pending (the desk's sweep sends it later) than held for the rest of the challenge's hour.
 */
export const RATE_LIMIT_PATIENCE_MS = 10 * 60_000;

/** Past waits are forgotten once this many channels are remembered, so the map stays small. */
const REMEMBERED_CHANNELS = 1000;

/** How long Slack asked us to wait (ms), when `err` is the client's rate-limited error. */
export function rateLimitedFor(err: unknown): number | undefined {
  // By code rather than `instanceof WebAPIRateLimitedError`: web-api 8's error classes carry
  // their code too, and a code still matches should a second copy of the package be installed.
  const e = err as { code?: unknown; retryAfter?: unknown } | undefined;
  if (e?.code !== webApi.ErrorCode.RateLimitedError) return undefined;
  // Retry-After is whole seconds; a missing or zero one still must not become a tight loop.
  return typeof e.retryAfter === 'number' && e.retryAfter >= 1 ? e.retryAfter * 1000 : 1000;
}

export class ChannelPacing {
  private readonly interval: number;
  private readonly patience: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onRateLimited: PacingOptions['onRateLimited'];
  private readonly beforeCall: (() => Promise<void>) | undefined;
  /** When each channel may next be posted to (epoch ms). */
  private readonly nextPost = new Map<string, number>();
  /** One post at a time per channel, or two could take the same turn. */
  private readonly lines = new KeyedQueue();

  constructor(options: PacingOptions = {}) {
    this.interval = options.interval ?? POST_INTERVAL_MS;
    this.patience = options.patience ?? RATE_LIMIT_PATIENCE_MS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.onRateLimited = options.onRateLimited;
    this.beforeCall = options.beforeCall;
  }

  /**
   * A post to `channel`: sent at once when the channel has been quiet, else when its turn comes;
   * after a 429 the same call is made again once Slack's wait for that channel is over.
   */
  post<T>(channel: string, call: () => Promise<T>): Promise<T> {
    return this.lines.run(channel, () => this.attempt(call, channel, channel));
  }

  /**
   * A call Slack limits per method and workspace, not per channel (chat.update is Tier 3,
   * chat.postEphemeral and conversations.open have generous tiers): not paced, and card
   * updates come only at milestones, but a 429 is still waited out and the call made again.
   */
  call<T>(channel: string | undefined, call: () => Promise<T>): Promise<T> {
    return this.attempt(call, channel, undefined);
  }

  /** `paced`: the channel whose turns this call takes, if any; `channel` is for the log. */
  private async attempt<T>(call: () => Promise<T>, channel: string | undefined, paced: string | undefined): Promise<T> {
    const since = this.now();
    for (;;) {
      if (paced) await this.untilTurn(paced);
      await this.beforeCall?.();
      let waitMs: number | undefined;
      try {
        return await call();
      } catch (err) {
        waitMs = rateLimitedFor(err);
        if (waitMs === undefined || this.now() + waitMs - since > this.patience) throw err;
        this.onRateLimited?.({ channel, waitMs });
        if (!paced) await this.sleep(waitMs);
      } finally {
        // Counted from Slack's answer, not from the send: however the network delays one post
        // against the next, they cannot reach Slack less than a second apart. The round trip
        // is the price, a fraction of what a 429 costs.
        if (paced) this.wait(paced, Math.max(this.interval, waitMs ?? 0));
      }
    }
  }

  private wait(channel: string, ms: number): void {
    const now = this.now();
    if (this.nextPost.size >= REMEMBERED_CHANNELS) for (const [c, t] of this.nextPost) if (t <= now) this.nextPost.delete(c);
    this.nextPost.set(channel, Math.max(this.nextPost.get(channel) ?? 0, now + ms));
  }

  private async untilTurn(channel: string): Promise<void> {
    // Checked again after each sleep: a timer may fire a millisecond early.
    for (let ms = (this.nextPost.get(channel) ?? 0) - this.now(); ms > 0; ms = (this.nextPost.get(channel) ?? 0) - this.now())
      await this.sleep(ms);
  }
}
