// The background tries of a Slack language lookup that failed, against a stand-in for users.info
// (a 429's Retry-After is on the wall clock in the app, which a ManualClock story cannot move):
// when they come, and that one that fails with something no retry mends ends them.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LanguageBook } from '../../../src/core/languages.js';
import { MemoryKeyValues } from '../../../src/drivers/memory/key-values.js';
import { Later } from '../../../src/lib/later.js';
import { LOOKUP_RETRY_MS, SlackLanguages } from '../../../src/platforms/slack/language.js';
import type { Actor } from '../../../src/core/request.js';
import { ManualClock } from '../../support/clock.js';

const JONAS: Actor = { platform: 'slack', id: 'UDE0001' };

function languages(answers: Array<() => Promise<string>>) {
  const clock = new ManualClock();
  const asked: number[] = [];
  const followed: Actor[] = [];
  const lasting = new Error('missing scope');
  const slack = new SlackLanguages({
    book: new LanguageBook(new MemoryKeyValues()),
    profileLocale: () => {
      asked.push(clock.now());
      return (answers.shift() ?? (() => Promise.resolve('de-DE')))();
    },
    lasting: (err) => err === lasting,
    follow: (actor) => {
      followed.push(actor);
      return Promise.resolve(0);
    },
    later: new Later(clock, () => {}),
    logger: pino({ level: 'silent' }),
  });
  return { clock, slack, asked, followed, lasting };
}

const rateLimited = (seconds: number) => () => Promise.reject(Object.assign(new Error('ratelimited'), { retryAfter: seconds }));

describe('background tries of a failed Slack language lookup', () => {
  it("waits out Slack's Retry-After when it is longer than the backoff, then learns the language and moves the open requests", async () => {
    const { clock, slack, asked, followed } = languages([rateLimited(90)]);
    const start = clock.now();
    expect((await slack.resolve(JONAS)).actor.locale).toBe('en');
    await clock.advance(LOOKUP_RETRY_MS[0]!);
    await clock.advance(89_000 - LOOKUP_RETRY_MS[0]!);
    expect(asked).toEqual([start]);
    await clock.advance(1_000);
    expect(asked).toEqual([start, start + 90_000]);
    expect(followed).toEqual([{ ...JONAS, locale: 'de' }]);
    expect((await slack.resolve(JONAS)).actor.locale).toBe('de');
    expect(asked).toHaveLength(2);
  });

  it('stops at a failure no retry mends, and at a lookup that learned the language in the foreground', async () => {
    const a = languages([() => Promise.reject(new Error('timeout')), () => Promise.reject(a.lasting)]);
    await a.slack.resolve(JONAS);
    for (const wait of LOOKUP_RETRY_MS) await a.clock.advance(wait);
    expect(a.asked).toHaveLength(2);
    expect(a.followed).toEqual([]);

    const b = languages([() => Promise.reject(new Error('timeout'))]);
    await b.slack.resolve(JONAS);
    await b.slack.resolve(JONAS); // learned now, in the foreground
    for (const wait of LOOKUP_RETRY_MS) await b.clock.advance(wait);
    expect(b.asked).toHaveLength(2);
    expect(b.followed).toEqual([{ ...JONAS, locale: 'de' }]);
  });
});
