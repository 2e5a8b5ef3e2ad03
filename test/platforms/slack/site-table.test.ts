// Issue 15's site on Slack with the real readers, through POST /slack/events and the fake Web
// API: a site pasted as a spreadsheet table (bad rows named and sent again), ONE card, Bosch's
// reply pasted whole into the Send PUKs form (or the card's thread) and confirmed before anything
// goes, a private PUK per camera with that camera's steps and buttons, and BATCH_MAX kept.

import { afterEach, describe, expect, it } from 'vitest';
import { AGENT, AGENT2, FIELD, SUPPORT, SlackWorld, TECH, hasButton, textOf } from '../../support/slack/harness.js';
import { type SlackMessage, messageEvent } from '../../support/slack/index.js';
import { SITE_MODEL, siteCode, siteMac, sitePuk, siteSerial, siteTable } from '../../support/slack/site.js';

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string }> };

const buttonValue = (m: SlackMessage, action: string) =>
  (m.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === `camreset.${action}`)?.value;

/** Bosch's answer for cameras `ns`: some found by MAC, some by serial, one by its challenge code. */
function boschReply(ns: readonly number[]): string {
  const lines = ['Hello,', '', 'please find the response codes for your cameras below.', ''];
  for (const i of ns) {
    if (i === 11) lines.push(`Challenge code: ${siteCode(i)}`, `Response Code: ${sitePuk(i)}`);
    else if (i % 2 === 0) lines.push(`S/N ${siteSerial(i)} - PUK ${sitePuk(i)}`);
    else lines.push(`MAC ${siteMac(i)} PUK: ${sitePuk(i)}`);
    lines.push('');
  }
  lines.push('Best regards,', 'Bosch Central Support');
  return lines.join('\n');
}

const ALL = Array.from({ length: 12 }, (_, k) => k + 1);
const BUT_7 = ALL.filter((n) => n !== 7);

describe('Slack: a site pasted as a table, answered by Bosch in one reply', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  const publicMessages = () => [...w!.fake.messages(FIELD), ...w!.fake.messages(SUPPORT)];

  /** Twelve cameras pasted as a table with its rows 4 and 9 spoiled (cameras 4 and 9), then those two sent again. */
  async function twelve(world: SlackWorld) {
    const t = await world.begin();
    await world.say(t, siteTable(ALL, { broken: { 4: 'mac', 9: 'code' } }));
    const said = await world.reply(t, /not taken/);
    return { t, said };
  }

  it("names the two bad rows and keeps the other 10 with the shared fields; the two sent again make 12 on ONE card; Bosch's reply pasted in the form is confirmed, then 11 PUKs go, each privately with its camera's steps and buttons", async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const { t, said } = await twelve(w);
    const text = textOf(said);
    // Rows are named by their line in the paste (the model, firmware, blank and header lines come first).
    const line = (camera: number) => camera + 4;
    expect(text).toMatch(new RegExp(`Row ${line(4)} not taken\\.\\*? MAC address: .*'G'`));
    expect(text).toMatch(new RegExp(`Row ${line(9)} not taken\\.\\*? Challenge code: .*31 characters`));
    expect(text.match(/Row \d+ not taken/g)).toHaveLength(2);
    expect(text).toMatch(/Added 10 cameras/);
    expect(text).toMatch(/Send those rows again, corrected/);
    let stored = (await w.app.desk.get(t.id))!;
    expect(stored.cameras).toHaveLength(10);
    expect(stored.cameras!.every((c) => c.model === SITE_MODEL && c.firmware === '7.80.0128')).toBe(true);

    const before = w.replies(t).length;
    // Only the two rows (and their header) sent again: the site's model and firmware still hold for them.
    await w.say(t, siteTable([4, 9], { shared: false }));
    const summary = await w.reply(t, /12 cameras\. Check them/, before);
    expect(hasButton(summary, 'submit') && hasButton(summary, 'another_camera')).toBe(true);
    stored = (await w.app.desk.get(t.id))!;
    expect(stored.cameras).toHaveLength(12);
    expect(stored.cameras!.every((c) => c.model === SITE_MODEL && c.firmware === '7.80.0128')).toBe(true);
    // The two sent again are cameras 11 and 12: each camera is named by its number from here on.
    const nOf = (i: number) => stored.cameras!.find((c) => c.mac === siteMac(i))!.n;
    expect([nOf(4), nOf(9)]).toEqual([11, 12]);

    await w.click(t, 'submit', TECH);
    const submitted = await w.reply(t, /is with support now/);
    expect(textOf(submitted)).toMatch(/Bosch may charge for resetting 12 cameras.*"Authorization Letter"/s);
    const card = await w.cardOf(t.id);
    expect(w.cards(t.id)).toHaveLength(1);
    for (const i of ALL) expect(textOf(card)).toContain(`\`${siteCode(i)}\``);
    expect(textOf(card)).toMatch(/Bosch may charge .*"Authorization Letter"/);

    // Bosch's reply in the form: nothing is sent, the form shows what matched and what did not.
    const opened = w.fake.callsTo('views.open').length;
    await w.clickCard(card, 'send_puk', AGENT);
    const form = await w.openedView('camreset.puks', opened);
    const read = await w.slack.submitView({ user: AGENT, view: form, values: { reply: boschReply(BUT_7) } });
    const answer = read.json as { response_action: string; view: Record<string, unknown> & { blocks: Block[]; submit: { text: string } } };
    expect(answer.response_action).toBe('update');
    const confirm = answer.view.blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(confirm).toMatch(/PUKs for 11 of the 12 cameras/);
    for (const i of BUT_7) expect(confirm).toContain(`Camera ${nOf(i)} (${SITE_MODEL}, MAC ${siteMac(i)}): PUK \`${sitePuk(i)}\``);
    expect(confirm).toMatch(/found by its MAC address/);
    expect(confirm).toMatch(/found by its serial number/);
    expect(confirm).toMatch(/found by its challenge code/);
    expect(confirm).toMatch(new RegExp(`No PUK found for camera ${nOf(7)}: it stays open`));
    expect(answer.view.submit.text).toBe('Send these 11 PUKs');
    await w.fake.quiet(150);
    expect(w.fake.dmOf(TECH) ? w.fake.messages(w.fake.dmOf(TECH)).filter((m) => /PUK/.test(textOf(m))) : []).toEqual([]);

    await w.slack.submitView({ user: AGENT, view: answer.view, values: {} });
    const dm = await w.fake.waitFor(() => w!.fake.dmOf(TECH), 'the DM');
    const dms = await w.fake.waitFor(() => {
      const list = w!.fake.messages(dm).filter((m) => /PUK for camera/.test(textOf(m)));
      return list.length >= 11 ? list : undefined;
    }, '11 PUK DMs');
    expect(dms).toHaveLength(11);
    for (const i of BUT_7) {
      const m = dms.find((d) => textOf(d).includes(`PUK for camera ${nOf(i)}*: ${SITE_MODEL}, MAC ${siteMac(i)}`))!;
      expect(m).toBeDefined();
      expect(textOf(m)).toContain(sitePuk(i));
      // That camera's firmware's steps, and its own buttons.
      expect(textOf(m)).toMatch(/\n1\. /);
      expect(buttonValue(m, 'done')).toBe(`${t.id}|${nOf(i)}`);
      expect(buttonValue(m, 'failed')).toBe(`${t.id}|${nOf(i)}`);
    }
    const thread = { channel: SUPPORT, thread: card.ts };
    await w.reply(thread, new RegExp(`Still waiting for a PUK: camera ${nOf(7)}\\b`));
    for (const m of publicMessages()) for (const i of ALL) expect(textOf(m)).not.toContain(sitePuk(i));

    // Done on the newest PUK message marks that message's camera only.
    await w.click({ ...t, channel: dm, thread: '' }, 'done', TECH, dm);
    const last = [...dms].reverse().find((m) => hasButton(m, 'done'))!;
    const n = Number(buttonValue(last, 'done')!.split('|')[1]);
    await w.reply(t, new RegExp(`Camera ${n} is done`));
    const cameras = (await w.app.desk.get(t.id))!.cameras!;
    expect(cameras.filter((c) => c.state === 'completed').map((c) => c.n)).toEqual([n]);
    expect(cameras.find((c) => c.n === nOf(7))!.state).toBe('open');
    await w.cardWhen(card, /1 done/);
  });

  it("offers Bosch's reply pasted in the card's thread to the agent alone, with one button that sends exactly what matched", async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.begin();
    // A German spreadsheet's header reads the same.
    await w.say(t, siteTable(ALL, { german: true }));
    await w.reply(t, /12 cameras\. Check them/);
    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    await w.clickCard(card, 'claim', AGENT);
    await w.cardWhen(card, /Handled by <@UAGENT1>/);
    // The claim's note in the thread may still be on its way after the card: it is not what follows.
    await w.reply(t, /<@UAGENT1> is working on/);

    const before = w.fake.ephemerals(AGENT).length;
    const repliesBefore = w.replies(t).length;
    await w.slack.event(messageEvent({ user: AGENT, channel: card.channel, thread_ts: card.ts, text: boschReply([1, 2, 11]) }));
    const [offer] = (await w.ephemeralsFor(AGENT, before + 1)).slice(before);
    expect(offer!.args.user).toBe(AGENT);
    expect(textOf(offer!.args)).toMatch(/PUKs for 3 of the 12 cameras/);
    expect(textOf(offer!.args)).toMatch(/No PUK found for cameras 3–10 and 12/);
    expect(JSON.stringify(offer!.args.blocks)).toContain('"camreset.puks_confirm"');
    // Nothing went to the technician: not the reply, not a PUK.
    await w.fake.quiet(150);
    expect(w.replies(t).slice(repliesBefore)).toEqual([]);
    expect(w.fake.ephemerals(AGENT2)).toHaveLength(0);

    await w.answerPrivately(AGENT, 'puks_confirm', before);
    const dm = await w.fake.waitFor(() => w!.fake.dmOf(TECH), 'the DM');
    const dms = await w.fake.waitFor(() => {
      const list = w!.fake.messages(dm).filter((m) => /PUK for camera/.test(textOf(m)));
      return list.length >= 3 ? list : undefined;
    }, '3 PUK DMs');
    expect(dms.map((m) => /PUK for camera (\d+)/.exec(textOf(m))![1]).sort()).toEqual(['1', '11', '2']);
    await w.cardWhen(card, /9 waiting for a PUK, 3 PUK sent/);
  });

  it('confirms a pasted reply together with what the agent typed: a typed PUK counts for its camera, and a wrong one shows on its field before anything is read', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.begin();
    await w.say(t, siteTable([1, 2, 3, 4]));
    await w.reply(t, /4 cameras\. Check them/);
    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    const opened = w.fake.callsTo('views.open').length;
    await w.clickCard(card, 'send_puk', AGENT);
    const form = await w.openedView('camreset.puks', opened);

    const wrong = await w.slack.submitView({ user: AGENT, view: form, values: { puk_4: 'no!', reply: boschReply([1, 2, 3]) } });
    expect(wrong.json).toMatchObject({ response_action: 'errors' });
    expect(Object.keys((wrong.json as { errors: object }).errors)).toEqual(['puk_4']);

    // Bosch answered 1 to 3; the agent has camera 4's PUK from a phone call, and types camera 3's differently.
    const read = await w.slack.submitView({
      user: AGENT,
      view: form,
      values: { puk_3: 'TYPED3PUK9', puk_4: 'TYPED4PUK9', reply: boschReply([1, 2, 3]) },
    });
    const answer = read.json as { response_action: string; view: Record<string, unknown> & { blocks: Block[]; submit: { text: string } } };
    expect(answer.response_action).toBe('update');
    const confirm = answer.view.blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(confirm).toContain(`PUK \`${sitePuk(1)}\``);
    expect(confirm).toContain(`PUK \`${sitePuk(2)}\``);
    expect(confirm).not.toContain(sitePuk(3));
    expect(confirm).toMatch(/Camera 3 \(.*\): PUK `TYPED3PUK9` \(typed in\)/);
    expect(confirm).toMatch(/Camera 4 \(.*\): PUK `TYPED4PUK9` \(typed in\)/);
    expect(confirm).not.toMatch(/No PUK found/);
    expect(answer.view.submit.text).toBe('Send these 4 PUKs');

    await w.slack.submitView({ user: AGENT, view: answer.view, values: {} });
    const dm = await w.fake.waitFor(() => w!.fake.dmOf(TECH), 'the DM');
    const dms = await w.fake.waitFor(() => {
      const list = w!.fake.messages(dm).filter((m) => /PUK for camera/.test(textOf(m)));
      return list.length >= 4 ? list : undefined;
    }, '4 PUK DMs');
    const of = (n: number) => textOf(dms.find((m) => textOf(m).includes(`PUK for camera ${n}*`))!);
    expect(of(3)).toContain('TYPED3PUK9');
    expect(of(4)).toContain('TYPED4PUK9');
    expect(of(1)).toContain(sitePuk(1));
    await w.cardWhen(card, /4 PUK sent/);
  });

  it('refuses a table of 51 cameras whole, naming 50 and BATCH_MAX, and takes none', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.begin();
    await w.say(t, siteTable(Array.from({ length: 51 }, (_, k) => k + 1)));
    const refused = await w.reply(t, /BATCH_MAX/);
    expect(textOf(refused)).toMatch(/51 cameras.* at most 50 \(BATCH_MAX\)\. I took none of them/);
    const stored = (await w.app.desk.get(t.id))!;
    expect(stored.cameras ?? []).toEqual([]);
    expect(stored.challenge).toBeUndefined();
  });

  it("keeps the summary of a 50-camera table within Slack's limits, every camera listed", async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.begin();
    await w.say(t, siteTable(Array.from({ length: 50 }, (_, k) => k + 1)));
    const summary = await w.reply(t, /50 cameras\. Check them/);
    const blocks = summary.blocks as Block[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) expect((b.text?.text ?? '').length).toBeLessThanOrEqual(3000);
    expect(summary.text.length).toBeLessThanOrEqual(300);
    for (let i = 1; i <= 50; i++) expect(textOf(summary)).toContain(siteMac(i));
    expect(textOf(summary)).not.toContain('(shortened)');
  });
});
