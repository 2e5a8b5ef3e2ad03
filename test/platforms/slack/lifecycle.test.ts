// Issue 11's lifecycle rules as Slack conversations through POST /slack/events: a claim is
// released or taken over (and the one who held it is told), the support group is called when
// nobody claimed a request at its first warning, an age moves the clock once and the warnings
// follow the deadline, every notice reaches its reader (support hears when the technician
// cannot be reached), and every request ends. The clock is a ManualClock, so hours pass in a
// line and the memory timers fire exactly when the story says.

import { afterEach, describe, expect, it } from 'vitest';
import { AGENT, AGENT2, CODE, DETAILS, FIELD, SUPPORT, SlackWorld, TECH, count, hasButton, textOf } from '../../support/slack/harness.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';
import { REQUEST_ID } from '../../support/request-id.js';

const PUK = 'PUK7X2Q9M4K8';
const HOURS_24 = 24 * 60 * minutes(1);

describe('Slack: the lifecycle rules', () => {
  let w: SlackWorld | undefined;
  let clock: ManualClock;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  const start = async () => {
    clock = new ManualClock();
    w = await SlackWorld.start({ driver: 'memory', clock });
    return w;
  };
  const supportThread = (card: { channel: string; ts: string }) => w!.fake.thread(card.channel, card.ts);
  const stored = async (id: string) => (await w!.app.desk.get(id))!;

  it('lets the holder release a claim and another agent take it over; the one who held it is told by mention', async () => {
    w = await start();
    const t = await w.submitted();
    await w.clickCard(t.card, 'claim', AGENT);
    const claimed = await w.cardWhen(t, /Handled by <@UAGENT1>/);
    expect(hasButton(claimed, 'claim')).toBe(false);
    expect(hasButton(claimed, 'take_over') && hasButton(claimed, 'release')).toBe(true);

    // A second agent's claim is refused privately, with a Take over button right there.
    await w.clickCard(t.card, 'claim', AGENT2);
    const [refusal] = await w.ephemeralsFor(AGENT2);
    expect(textOf(refusal!.args)).toMatch(/is being handled by <@UAGENT1>.*Take over/);
    expect(JSON.stringify(refusal!.args.blocks)).toContain('"camreset.take_over"');
    await w.slack.click({ user: AGENT2, actionId: 'camreset.take_over', value: t.id, channel: SUPPORT, messageTs: t.card.ts });

    await w.cardWhen(t, /Handled by <@UAGENT2>/);
    const taken = await w.reply({ channel: SUPPORT, thread: t.card.ts }, /took CR-\w+ over from/);
    expect(textOf(taken)).toMatch(/For <@UAGENT1>:.*<@UAGENT2> took CR-\w+ over from <@UAGENT1>/s);
    await w.reply(t, /<@UAGENT2> is working on/);

    // Only the holder releases; the one who lost it can take it back instead.
    await w.clickCard(t.card, 'release', AGENT);
    const [notHolder] = await w.ephemeralsFor(AGENT);
    expect(textOf(notHolder!.args)).toMatch(/claimed by <@UAGENT2>; only they can release it/);
    await w.clickCard(t.card, 'release', AGENT2);
    const released = await w.cardWhen(t, /Nobody has claimed it yet/);
    expect(hasButton(released, 'claim')).toBe(true);
    expect(textOf(await w.reply({ channel: SUPPORT, thread: t.card.ts }, /released CR-/))).toMatch(
      /For <@UAGENT2>:.*<@UAGENT2> released CR-\w+; it is open for any agent/s,
    );
    const r = await stored(t.id);
    expect(r.state).toBe('awaiting_support');
    expect(r.claimedBy).toBeUndefined();
  });

  it('calls the support user group in the first warning of a request nobody has claimed, and only then', async () => {
    w = await start();
    const t = await w.submitted();
    await clock.advance(minutes(45));
    const first = await w.reply({ channel: SUPPORT, thread: t.card.ts }, /the challenge expires in 15 minutes/);
    expect(JSON.stringify(first.blocks)).toContain('<!subteam^SAGENTS>');
    expect(textOf(first)).toMatch(/Nobody has claimed it yet/);

    await w.clickCard(t.card, 'claim', AGENT);
    await w.cardWhen(t, /Handled by <@UAGENT1>/);
    await clock.advance(minutes(10));
    const second = await w.reply({ channel: SUPPORT, thread: t.card.ts }, /the challenge expires in 5 minutes/);
    expect(JSON.stringify(second.blocks)).not.toContain('subteam');
    expect(textOf(second)).toMatch(/For <@UAGENT1>:/);
  });

  it('counts an age back from the moment it is said, once per code, and warns on the new deadline, once each', async () => {
    w = await start();
    const t = await w.begin();
    await w.say(t, `${CODE}\n${DETAILS}`);
    await w.reply(t, /Everything is here/);
    expect((await stored(t.id)).challenge!.expiresAt).toBe(clock.now() + minutes(60));

    // 14:05: "generated 10 minutes ago" -> generated 13:55, expires 14:55.
    await clock.advance(minutes(5));
    await w.say(t, 'The code was generated 10 minutes ago');
    await w.reply(t, /The challenge code expires at <!date\^\d+\^\{time\}\|14:55 UTC>/);
    // 14:10: the age said again moves nothing.
    await clock.advance(minutes(5));
    const replies = w.replies(t).length;
    await w.say(t, 'as I said, generated 10 minutes ago');
    await w.reply(t, /already counted this code's age once/, replies);
    expect((await stored(t.id)).challenge!.expiresAt).toBe(Date.parse('2026-11-26T14:55:00Z'));

    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    const support = { channel: SUPPORT, thread: card.ts };
    // 14:40: the 15-minute warning, on the new deadline (not at 14:45, the old one's moment).
    await clock.advance(minutes(30));
    await w.reply(t, /Heads up: the challenge code of CR-\w+ expires in 15 minutes/);
    await w.reply(support, /expires in 15 minutes/);
    await clock.advance(minutes(5)); // 14:45, the old deadline's 15-minute mark: nothing
    await w.fake.quiet(200);
    expect(count(w.replies(t), /Heads up/)).toBe(1);
    await clock.advance(minutes(5)); // 14:50
    await w.reply(t, /expires in 5 minutes/);
    await clock.advance(minutes(5)); // 14:55
    await w.reply(t, /has expired/);
    await w.fake.quiet(200);
    expect(count(w.replies(t), /Heads up/)).toBe(2);
    expect(count(w.replies(support), /the challenge expires in/)).toBe(2);
  });

  it("delivers support's warning while the technician's thread is unreachable, tells support, and sends the technician's once it is back", async () => {
    w = await start();
    const t = await w.submitted();
    w.fake.unreachable(FIELD);
    await clock.advance(minutes(45));
    // Support hears of it although the technician's copy failed first.
    await w.reply({ channel: SUPPORT, thread: t.card.ts }, /the challenge expires in 15 minutes/);
    expect(count(w.replies(t), /Heads up/)).toBe(0);
    // Two more failed tries, by the sweep: support is told who cannot be reached since when.
    for (let i = 0; i < 2; i++) {
      clock.set(clock.now() + 31_000);
      await w.app.desk.redeliver();
    }
    const told = await w.reply({ channel: SUPPORT, thread: t.card.ts }, /could not reach/);
    expect(textOf(told)).toMatch(
      new RegExp(REQUEST_ID.source + /: could not reach\*? <@UTECH1> on Slack since <!date\^\d+\^\{time\}\|14:45 UTC>/.source),
    );
    const metrics = await (await fetch(`http://127.0.0.1:${w.port}/metrics`)).text();
    expect(metrics).toMatch(/camreset_notice_delivery_failures_total\{reader="technician",platform="slack",unreachable="true"\} 1/);

    w.fake.reachable(FIELD);
    clock.set(clock.now() + 31_000);
    await w.app.desk.redeliver();
    await w.reply(t, /Heads up: the challenge code of CR-\w+ expires in/);
    await w.fake.quiet(300);
    expect(count(w.replies(t), /Heads up/)).toBe(1);
    expect(count(supportThread(t.card), /could not reach/)).toBe(1);
    expect((await stored(t.id)).pendingNotices).toBeUndefined();
  });

  it('asks "Did the reset work?" when the window runs out after the PUK, and closes it as unconfirmed when nobody answers', async () => {
    w = await start();
    const t = await w.submitted();
    await w.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
    await w.cardWhen(t, /PUK sent by/);
    await clock.advance(minutes(60));
    const asked = await w.reply(t, /Did the reset work\?/);
    expect(hasButton(asked, 'done') && hasButton(asked, 'failed')).toBe(true);
    const told = await w.reply({ channel: SUPPORT, thread: t.card.ts }, /window ran out after the PUK/);
    expect(textOf(told)).not.toMatch(/useless/);
    expect(count(w.replies(t), /generate a new/i)).toBe(0);
    const expired = await stored(t.id);
    expect(expired.puk?.value).toBeUndefined();
    expect(expired.challenge?.code).toBeUndefined();

    await clock.advance(HOURS_24);
    await w.reply(t, /is closed as unconfirmed/);
    await w.cardWhen(t, /closed, unconfirmed/);
    expect((await stored(t.id)).state).toBe('unconfirmed');
    expect((await w.app.desk.openRequests()).map((r) => r.id)).not.toContain(t.id);
  });

  it('completes the request when the technician answers "Reset worked" after the window ran out', async () => {
    w = await start();
    const t = await w.submitted();
    await w.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
    await w.cardWhen(t, /PUK sent by/);
    await clock.advance(minutes(60));
    await w.reply(t, /Did the reset work\?/);
    await w.click(t, 'done', TECH);
    await w.reply(t, /is done/);
    await w.cardWhen(t, /confirmed the reset worked/);
  });

  it('closes an untouched intake and an expired request without a new code as abandoned, and forgets them', async () => {
    w = await start();
    const idle = await w.begin(TECH, FIELD);
    const t = await w.submitted(TECH, 'CFIELD2');
    await clock.advance(minutes(60));
    await w.reply(t, /has expired/);
    expect((await stored(t.id)).challenge?.code).toBeUndefined();
    expect(textOf(await w.cardWhen(t, /challenge expired/))).not.toContain(CODE);

    await clock.advance(HOURS_24);
    await w.reply(idle, /is closed as abandoned/);
    await w.reply(t, /is closed as abandoned/);
    await w.cardWhen(t, /closed, abandoned/);
    expect((await stored(idle.id)).state).toBe('abandoned');
    expect((await stored(t.id)).state).toBe('abandoned');
    expect(await w.app.desk.openRequests()).toEqual([]);
    // An ended request refuses what would have reopened it, privately.
    await w.say(t, 'hello?');
    await w.ephemeralsFor(TECH);
  });
});
