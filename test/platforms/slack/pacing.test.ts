import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelPacing, rateLimitedFor } from '../../../src/platforms/slack/pacing.js';

/** What the Web API client throws for a 429 when made with `rejectRateLimitedCalls`. */
const rateLimited = (retryAfter: number) => new webApi.WebAPIRateLimitedError(retryAfter);

describe('Slack pacing per channel', () => {
  let sent: Array<{ what: string; at: number }>;
  const start = Date.UTC(2025, 0, 1);
  const elapsed = () => sent.map((s) => [s.what, s.at - start]);
  const send =
    (what: string, answers: Array<Error | undefined> = []) =>
    async () => {
      sent.push({ what, at: Date.now() });
      const answer = answers.shift();
      if (answer) throw answer;
      return what;
    };

  beforeEach(() => {
    vi.useFakeTimers({ now: start });
    sent = [];
  });
  afterEach(() => vi.useRealTimers());

  it("posts at once to a quiet channel, then one a second counted from Slack's answer", async () => {
    const pacing = new ChannelPacing();
    const posts = ['a', 'b', 'c'].map((m) => pacing.post('C1', send(m)));
    await vi.advanceTimersByTimeAsync(0);
    expect(elapsed()).toEqual([['a', 0]]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await Promise.all(posts)).toEqual(['a', 'b', 'c']);
    expect(elapsed()).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
    ]);
  });

  it('keeps each channel to its own pace', async () => {
    const pacing = new ChannelPacing();
    void pacing.post('C1', send('one'));
    void pacing.post('C1', send('two'));
    void pacing.post('D1', send('dm'));
    await vi.advanceTimersByTimeAsync(0);
    expect(elapsed()).toEqual([
      ['one', 0],
      ['dm', 0],
    ]);
  });

  it("makes the same call again when Slack's wait is over, holding only that channel", async () => {
    const waits: unknown[] = [];
    const pacing = new ChannelPacing({ onRateLimited: (e) => waits.push(e) });
    const held = pacing.post('CSUPPORT', send('card', [rateLimited(5)]));
    const after = pacing.post('CSUPPORT', send('next'));
    await vi.advanceTimersByTimeAsync(0);
    await pacing.post('DTECH', send('puk'));
    await vi.advanceTimersByTimeAsync(6000);
    expect(await held).toBe('card');
    expect(await after).toBe('next');
    expect(elapsed()).toEqual([
      ['card', 0],
      ['puk', 0],
      ['card', 5000],
      ['next', 6000],
    ]);
    expect(waits).toEqual([{ channel: 'CSUPPORT', waitMs: 5000 }]);
  });

  it('does not pace updates, but waits out their 429 and makes the call again', async () => {
    const pacing = new ChannelPacing();
    await pacing.post('C1', send('post'));
    const update = pacing.call('C1', send('update', [rateLimited(2)]));
    await vi.advanceTimersByTimeAsync(0);
    expect(elapsed()).toEqual([
      ['post', 0],
      ['update', 0],
    ]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await update).toBe('update');
    expect(elapsed()).toEqual([
      ['post', 0],
      ['update', 0],
      ['update', 2000],
    ]);
  });

  it('passes on any other error at once, without trying again', async () => {
    const pacing = new ChannelPacing();
    const failure = new webApi.WebAPIPlatformError({ ok: false, error: 'not_in_channel' });
    await expect(pacing.post('C1', send('post', [failure]))).rejects.toBe(failure);
    expect(sent).toHaveLength(1);
  });

  it('passes the 429 on once Slack has refused for longer than its patience', async () => {
    const pacing = new ChannelPacing({ patience: 10_000 });
    const refusals = Array.from({ length: 5 }, () => rateLimited(4));
    const post = pacing.post('C1', send('post', refusals));
    const outcome = expect(post).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError });
    await vi.advanceTimersByTimeAsync(20_000);
    await outcome;
    expect(elapsed()).toEqual([
      ['post', 0],
      ['post', 4000],
      ['post', 8000],
    ]);
  });

  it('makes no call, post or update, before the requests still waiting for their ack have had it', async () => {
    let acksDone!: () => void;
    const acks = new Promise<void>((resolve) => (acksDone = resolve));
    const pacing = new ChannelPacing({ beforeCall: () => acks });
    const post = pacing.post('C1', send('post'));
    const update = pacing.call('C1', send('update'));
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([]);
    acksDone();
    expect([await post, await update]).toEqual(['post', 'update']);
  });

  it("reads Slack's wait from the client's error, and nothing else as a rate limit", () => {
    expect(rateLimitedFor(rateLimited(30))).toBe(30_000);
    expect(rateLimitedFor(rateLimited(0))).toBe(1000);
    expect(rateLimitedFor(new Error('socket hang up'))).toBeUndefined();
    expect(rateLimitedFor(undefined)).toBeUndefined();
  });
});
