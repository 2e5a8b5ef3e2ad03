// A Slack support channel the bot has not been invited to: the card cannot be posted
// (not_in_channel), so the technician is told their request waits for support to connect, never
// "with support now"; the log says how to fix it, once for all requests; once the bot is in the
// channel the next sweep posts the card and the technician hears it is with support now.

import { afterEach, expect, it } from 'vitest';
import { CODE, DETAILS, SUPPORT, SlackWorld, describeDrivers } from '../../support/slack/harness.js';

let world: SlackWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const NOT_REACHABLE = 'Slack support channel is not reachable';

describeDrivers('a Slack support channel the bot is not in', (driver) => {
  it('tells the technician the request waits, logs the fix once, and posts the card once the bot is invited', async () => {
    world = await SlackWorld.start({ driver, logLevel: 'info', fake: (f) => f.botNotIn(SUPPORT) });
    const w = world;
    const first = await w.begin();
    await w.say(first, `${CODE}\n${DETAILS}`);
    await w.reply(first, /Everything is here/);
    await w.click(first, 'submit', first.user);
    await w.reply(first, new RegExp(`${first.id} is ready, but support is not connected yet`));
    expect(
      w
        .replies(first)
        .map((m) => m.text)
        .join('\n'),
    ).not.toContain('with support now');
    expect(w.cards(first.id)).toEqual([]);
    expect(w.logs.filter((l) => l.includes(NOT_REACHABLE))).toHaveLength(1);
    expect(w.logs.find((l) => l.includes(NOT_REACHABLE))).toContain('/invite @camreset');
    // Not a failed delivery in the log (the line above says it all), however many requests wait.
    expect(w.logs.some((l) => l.includes('notice delivery failed'))).toBe(false);

    w.fake.botJoins(SUPPORT);
    // What the sweep (every second) does once the waiting card's last try is 30 s old.
    await w.app.desk.redeliver({ olderThanMs: 0 });
    const card = await w.cardOf(first.id);
    expect(card.text).toContain(first.id);
    await w.reply(first, new RegExp(`${first.id} is with support now`));
    expect(w.cards(first.id)).toHaveLength(1);
  });
});
