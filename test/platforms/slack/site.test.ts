// Issue 15 on Slack, through the real POST /slack/events and the fake Web API: a whole site in
// one request — its intake, ONE support card with a row per camera, the Send PUKs form (typed
// PUKs, or Bosch's reply pasted whole and confirmed before anything goes), a private PUK per
// camera with that camera's own buttons, warnings and expiries said once for all the cameras
// they concern, and every message within Slack's limits at BATCH_MAX cameras.

import { afterEach, describe, expect, it } from 'vitest';
import { AGENT, FIELD, SUPPORT, SlackWorld, TECH, count, hasButton, textOf } from '../../support/slack/harness.js';
import { type SlackCall, type SlackMessage } from '../../support/slack/index.js';
import { SITE_MODEL, measure, siteCode, siteMac, siteOneByOne, siteTable } from '../../support/slack/site.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';

const puk = (i: number) => `PUK${String(i).padStart(2, '0')}X2Q9M4K8`;

type Block = {
  type: string;
  block_id?: string;
  label?: { text: string };
  text?: { text: string };
  elements?: Array<{ action_id?: string; value?: string; text?: { text: string } }>;
};

const blocksOf = (m: { blocks?: unknown }) => (m.blocks ?? []) as Block[];
const buttonValue = (m: SlackMessage, action: string) =>
  blocksOf(m)
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === `camreset.${action}`)?.value;

describe('Slack: a site', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  const dmOf = async (user: string) => w!.fake.waitFor(() => w!.fake.dmOf(user), `the DM of ${user}`);
  /** Every message posted or updated outside DMs (threads, the support channel), as last seen. */
  const publicMessages = () => [...w!.fake.messages(FIELD), ...w!.fake.messages(SUPPORT)];

  it('goes to support as ONE card with a row per camera; typed PUKs are checked on their fields, each PUK reaches the technician privately with its own buttons', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await siteOneByOne(w, 5);
    const summary = w.replies(t).at(-1)!;
    expect(hasButton(summary, 'another_camera') && hasButton(summary, 'submit')).toBe(true);
    await w.click(t, 'submit', TECH);
    const told = await w.reply(t, /is with support now/);
    expect(textOf(told)).toMatch(/Bosch may charge for resetting 5 cameras.*"Authorization Letter"/s);

    const card = await w.cardOf(t.id);
    expect(w.cards(t.id)).toHaveLength(1);
    const shown = textOf(card);
    for (let i = 1; i <= 5; i++) {
      expect(shown).toContain(`\`${siteCode(i)}\``);
      expect(shown).toContain(siteMac(i));
    }
    expect(shown).toMatch(/5 cameras: 5 waiting for a PUK/);
    expect(shown).toMatch(/Bosch may charge .*"Authorization Letter"/);
    expect(hasButton(card, 'send_puk')).toBe(true);

    // The form: a field per camera waiting, named by number, model and MAC; and the reply field.
    const opened = w.fake.callsTo('views.open').length;
    await w.clickCard(card, 'send_puk', AGENT);
    const view = await w.openedView('camreset.puks', opened);
    const inputs = (view.blocks as Block[]).filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['puk_1', 'puk_2', 'puk_3', 'puk_4', 'puk_5', 'reply']);
    expect(inputs[2]!.label!.text).toBe(`Camera 3 (${SITE_MODEL}, MAC ${siteMac(3)})`);
    expect(inputs[5]!.label!.text).toBe("Bosch's reply — paste it whole");

    // A wrong PUK shows on its camera's field and nothing is sent, not even the good one.
    const wrong = await w.slack.submitView({ user: AGENT, view, values: { puk_2: puk(2), puk_4: 'x!' } });
    expect(wrong.json).toMatchObject({ response_action: 'errors', errors: { puk_4: expect.stringMatching(/amera 4/) as string } });
    expect(Object.keys((wrong.json as { errors: object }).errors)).toEqual(['puk_4']);
    await w.fake.quiet(150);
    const dmChannel = w.fake.dmOf(TECH);
    expect(dmChannel ? w.fake.messages(dmChannel).filter((m) => /PUK/.test(textOf(m))) : []).toEqual([]);
    expect((await w.app.desk.get(t.id))!.cameras!.every((c) => c.state === 'open')).toBe(true);

    const sent = await w.slack.submitView({ user: AGENT, view, values: { puk_2: puk(2), puk_4: puk(4) } });
    expect(sent.status).toBe(200);
    const dm = await dmOf(TECH);
    const dms = await w.fake.waitFor(() => {
      const list = w!.fake.messages(dm).filter((m) => /PUK for camera/.test(textOf(m)));
      return list.length >= 2 ? list : undefined;
    }, 'two PUK DMs');
    expect(dms).toHaveLength(2);
    for (const [m, i] of [
      [dms[0]!, 2],
      [dms[1]!, 4],
    ] as const) {
      expect(textOf(m)).toContain(`PUK for camera ${i}*: ${SITE_MODEL}, MAC ${siteMac(i)}`);
      expect(textOf(m)).toContain(puk(i));
      expect(buttonValue(m, 'done')).toBe(`${t.id}|${i}`);
      expect(buttonValue(m, 'failed')).toBe(`${t.id}|${i}`);
    }
    const thread = { channel: SUPPORT, thread: card.ts };
    await w.reply(thread, /Still waiting for a PUK: cameras 1, 3(,? and) 5/);
    const afterPuks = await w.cardWhen(card, /2 PUK sent/);
    expect(textOf(afterPuks)).not.toContain(siteCode(2));
    expect(textOf(afterPuks)).toContain(siteCode(1));
    for (const m of publicMessages()) expect(textOf(m)).not.toMatch(/PUK0[24]X2Q9M4K8/);

    // It did not work on camera 2's own message: camera 2 only is open again, support is told.
    await w.slack.click({
      user: TECH,
      actionId: 'camreset.failed',
      value: buttonValue(dms[0]!, 'failed')!,
      channel: dm,
      messageTs: dms[0]!.ts,
    });
    await w.reply(thread, /Camera 2: the PUK did not work/);
    expect((await w.app.desk.get(t.id))!.cameras!.map((c) => c.state)).toEqual(['open', 'open', 'open', 'puk_delivered', 'open']);

    // Done on camera 4's own message marks camera 4 only.
    await w.click({ ...t, channel: dm, thread: '' }, 'done', TECH, dm);
    await w.reply(t, /Camera 4 is done/);
    await w.reply(thread, /Camera 4: the reset worked/);
    const cameras = (await w.app.desk.get(t.id))!.cameras!;
    expect(cameras.map((c) => c.state)).toEqual(['open', 'open', 'open', 'completed', 'open']);
    await w.cardWhen(card, /1 done/);
  });

  it("words the Send PUKs form in the agent's language", async () => {
    w = await SlackWorld.start({ driver: 'memory', fake: (f) => f.user(AGENT, 'anna', { locale: 'de-DE' }) });
    const t = await siteOneByOne(w, 2);
    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    const opened = w.fake.callsTo('views.open').length;
    await w.clickCard(card, 'send_puk', AGENT);
    const view = await w.openedView('camreset.puks', opened);
    const blocks = view.blocks as Block[];
    expect(blocks.find((b) => b.block_id === 'reply')!.label!.text).toBe('Antwort von Bosch — vollständig einfügen');
    expect((view.submit as { text: string }).text).toBe('Prüfen und senden');
    expect((view.close as { text: string }).text).toBe('Abbrechen');
    const nothing = await w.slack.submitView({ user: AGENT, view, values: {} });
    expect(nothing.json).toMatchObject({
      response_action: 'errors',
      errors: { reply: expect.stringMatching(/^Trag für mindestens eine Kamera einen PUK ein/) as string },
    });
  });

  it('gives the agent the e-mail to Bosch for a site card, privately', async () => {
    w = await SlackWorld.start({ driver: 'memory', env: { BOSCH_SUPPORT_EMAIL: 'central.support@bosch.example' } });
    const t = await siteOneByOne(w, 4);
    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    expect(hasButton(card, 'bosch_email')).toBe(true);
    await w.clickCard(card, 'bosch_email', AGENT);
    const [call] = await w.ephemeralsFor(AGENT);
    const text = textOf(call!.args);
    expect(text).toContain('mailto:central.support@bosch.example');
    // The words of a site's e-mail are the core's (bosch-email.ts); here: it reaches the agent alone.
    expect(text).toContain(t.id);
    expect(call!.args.user).toBe(AGENT);
  });

  it('tells the technician ONCE which codes to renew, in expiry order, when nobody claims it; never a message per camera, and the codes that run out together are said once', async () => {
    const clock = new ManualClock();
    w = await SlackWorld.start({ driver: 'memory', clock });
    // One table of 5, pasted at 14:00: the codes of the 1st and 2nd rows were generated 5
    // minutes earlier, so theirs run out first (14:55; the other three at 15:00).
    const t = await w.begin();
    await w.say(t, siteTable([4, 2, 1, 3, 5], { ages: { 2: 5, 4: 5 } }));
    await w.reply(t, /5 cameras\. Check them/);
    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    await w.reply(t, /is with support now/);
    const thread = { channel: SUPPORT, thread: card.ts };
    const mine = w.replies(t).length;
    const theirs = w.replies(thread).length;

    // 14:40, the first warning of a site nobody claimed: ONE list of the codes to renew, soonest first.
    await clock.advance(minutes(40));
    const order = await w.reply(t, /Generate new codes now, in this order/, mine);
    await w.fake.quiet(200);
    expect(w.replies(t).slice(mine)).toHaveLength(1);
    const listed = textOf(order);
    const at = [4, 2, 1, 3, 5].map((i) => listed.indexOf(`(${SITE_MODEL}, MAC ${siteMac(i)})`));
    expect(at.every((p) => p > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const support = w.replies(thread).slice(theirs);
    expect(support).toHaveLength(1);
    expect(textOf(support[0]!)).toMatch(/asked to generate new codes/);
    expect(JSON.stringify(support[0]!.blocks)).toContain('<!subteam^SAGENTS>');

    // Every timer moment up to 15:00: at most one message to each side, never one per camera.
    for (const step of [5, 5, 5, 5]) {
      const before = { tech: w.replies(t).length, support: w.replies(thread).length };
      await clock.advance(minutes(step));
      await w.fake.quiet(150);
      expect(w.replies(t).length - before.tech).toBeLessThanOrEqual(1);
      expect(w.replies(thread).length - before.support).toBeLessThanOrEqual(1);
    }
    const expiries = w
      .replies(t)
      .slice(mine)
      .filter((m) => /ran out without a PUK/.test(textOf(m)));
    expect(expiries.map((m) => /cameras? ([\d–, and]+) on request/.exec(textOf(m))?.[1])).toEqual(['1 and 2', '3–5']);
    expect(count(w.replies(thread), /ran out without a PUK/)).toBe(2);
  });
});

describe('Slack: a site of BATCH_MAX cameras within every Slack limit', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  const withinMessageLimits = (m: { text?: string; blocks?: unknown }, what: string) => {
    const size = measure(m);
    expect(size.blocks, `${what}: blocks`).toBeLessThanOrEqual(50);
    expect(size.longestSection, `${what}: longest section`).toBeLessThanOrEqual(3000);
    expect(size.text, `${what}: notification text`).toBeLessThanOrEqual(300);
    // Nothing was dropped to fit.
    expect(textOf(m), what).not.toContain('(shortened)');
  };

  it('keeps the intake summary, the card and each of its updates, the list of codes to renew and the Send PUKs form of 50 cameras within the limits, every camera shown', async () => {
    const clock = new ManualClock();
    w = await SlackWorld.start({ driver: 'memory', clock });
    const t = await siteOneByOne(w, 50);
    const summary = w.replies(t).at(-1)!;
    withinMessageLimits(summary, 'the intake summary');
    expect(textOf(summary)).toMatch(/50 cameras\. Check them/);
    for (let i = 1; i <= 50; i++) expect(textOf(summary)).toContain(siteMac(i));
    for (const m of w.replies(t)) withinMessageLimits(m, 'a reply in the thread');

    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    withinMessageLimits(card, 'the card');
    for (let i = 1; i <= 50; i++) expect(textOf(card)).toContain(`\`${siteCode(i)}\``);
    // Rows share sections: a card of 50 cameras is a handful of blocks, not 50.
    expect(measure(card).blocks).toBeLessThan(15);
    // Everything fits on the card: no list in its thread.
    expect(w.replies({ channel: SUPPORT, thread: card.ts }).some((m) => /All cameras of request/.test(textOf(m)))).toBe(false);

    // Nobody claims it: the one list of 50 codes to renew, in order, within the limits.
    const before = w.replies(t).length;
    await clock.advance(minutes(45));
    const renew = await w.reply(t, /Generate new codes now, in this order/, before);
    withinMessageLimits(renew, 'the codes to renew');
    for (let i = 1; i <= 50; i++) expect(textOf(renew)).toContain(`Camera ${i} (${SITE_MODEL}, MAC ${siteMac(i)})`);

    const opened = w.fake.callsTo('views.open').length;
    await w.clickCard(card, 'claim', AGENT);
    await w.cardWhen(card, /Handled by <@UAGENT1>/);
    await w.clickCard(card, 'send_puk', AGENT);
    const view = await w.openedView('camreset.puks', opened);
    const blocks = view.blocks as Block[];
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(blocks.filter((b) => b.type === 'input')).toHaveLength(51);
    expect((view.title as { text: string }).text.length).toBeLessThanOrEqual(24);
    for (const b of blocks) if (b.label) expect(b.label.text.length).toBeLessThanOrEqual(2000);

    // Half the PUKs typed in: 25 DMs, and the card updated after each change, within limits.
    const values = Object.fromEntries(Array.from({ length: 25 }, (_, k) => [`puk_${k + 1}`, puk(k + 1)]));
    await w.slack.submitView({ user: AGENT, view, values });
    await w.cardWhen(card, /25 waiting for a PUK, 25 PUK sent/);
    const updates = w.fake.callsTo('chat.update').filter((c) => c.args.ts === card.ts);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    for (const u of updates) withinMessageLimits(u.args, 'a card update');
    for (const c of messageCalls(w.fake.calls)) withinMessageLimits(c.args, c.method);
  });
});

/** Every chat message call the app made (posts, updates, ephemerals) for a check against Slack's limits. */
export const messageCalls = (calls: SlackCall[]) =>
  calls.filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method));
export { measure };
