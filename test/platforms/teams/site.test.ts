// A whole site (several cameras) as one request on Teams (issue 15), through POST /api/messages
// with signed Bot Framework activities and the fake Bot Connector: the technician pastes a table
// or adds cameras one by one, support gets ONE card with a row per camera, an agent sends the
// PUKs (typed per camera, or Bosch's reply pasted whole and confirmed first), each PUK reaches the
// technician privately with that camera's steps and buttons, and warnings and expiries of a site
// come as one message each. Every card and dialog stays within Teams' size limit.

import { afterEach, describe, expect, it } from 'vitest';
import { cardAction, channelMessage, personalChat, personalMessage, SUPPORT_CHANNEL, users } from '../../support/teams/activities.js';
import { cardsOf, type Sent, textOf } from '../../support/teams/connector.js';
import { latestCard, latestText, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  executeData,
  actionButtons,
  agentView,
  buttons,
  dialogButtonData,
  inputsIn,
  openDialog,
  submitDialog,
  type Dialog,
  type Submitted,
  supportChannelText,
  verbs,
} from '../../support/teams/story.js';
import { block, cameras, dialogText, pressOn, siteByBlocks, startInChat, submitSite, type TestCamera } from '../../support/teams/site.js';
import { allCardProblems, cardProblems } from '../../support/teams/validate.js';
import { ManualClock } from '../../support/clock.js';
import { dialogCard } from '../../../src/platforms/teams/dialogs.js';

type Json = Record<string, unknown>;

let h: TeamsHarness | undefined;
/** Dialog cards seen in a test, checked with everything posted. */
let dialogCards: Json[] = [];

afterEach(async () => {
  if (h) expect(allCardProblems([...h.connector.cards(), ...dialogCards])).toEqual([]);
  dialogCards = [];
  await h?.close();
  h = undefined;
});

const minutes = (n: number) => n * 60_000;

/** The agent opens the Send PUKs dialog from their view of the site's card. */
async function sendPuksDialog(s: Submitted, by = users.agent): Promise<Dialog> {
  const view = await agentView(h!, s, by);
  const data = dialogButtonData(view, 'send_puk');
  expect(data).toBeDefined();
  const d = await openDialog(h!, by, s.cardConversation, s.cardMessage, data!);
  if (d.card) dialogCards.push(d.card);
  return d;
}

async function submitIn(s: Submitted, d: Dialog, verb: string, inputs: Json = {}, by = users.agent): Promise<Dialog> {
  const next = await submitDialog(h!, by, s.cardConversation, s.cardMessage, d.card!, verb, inputs);
  if (next.card) dialogCards.push(next.card);
  return next;
}

/** The technician's private PUK messages, one per camera, after `after`. */
function pukMessages(after = 0): Sent[] {
  return h!.connector
    .in(personalChat(users.tech))
    .slice(after)
    .filter((s) => /PUK for camera \d+/.test(textOf(s.activity)));
}

/** Bosch's reply as an agent pastes it: a line per camera, its MAC and its PUK. */
const boschReply = (list: TestCamera[]) =>
  ['Dear partner,', 'please find the response codes below.', '', ...list.map((c) => `MAC ${c.mac}  PUK ${c.puk}`), '', 'Kind regards'].join(
    '\n',
  );

describe('a site on Teams, built one camera at a time', () => {
  it('puts every camera on ONE support card, soonest code first, each with its own code to copy, and the charges note', async () => {
    h = await startTeams();
    const list = cameras(5);
    const site = await siteByBlocks(h, list);
    // The site's intake offers Another camera beside Submit and Cancel.
    const intake = h.connector.in(site.chat).at(-1)!;
    expect(verbs(cardsOf(intake.activity)[0])).toEqual(['submit', 'another_camera', 'cancel']);
    const s = await submitSite(h, site);
    expect(h.connector.sent.filter((x) => x.kind === 'create' && x.conversationId.startsWith(SUPPORT_CHANNEL))).toHaveLength(1);
    const text = latestText(h.connector, s.cardMessage);
    for (const c of list) {
      expect(text).toContain(c.code);
      expect(text).toContain(`${c.n}. ${c.model} · MAC ${c.mac}`);
    }
    expect(text).toContain('5 cameras: 5 waiting for a PUK');
    expect(text).toContain('Bosch may charge for the resets and may ask for the "Authorization Letter"');
    // The technician is told about the charges too.
    expect(textOf(h.connector.in(site.chat).at(-1)!.activity)).toContain('Bosch may charge for resetting 5 cameras');
    // Rows in the order of their deadlines: camera 1's code came first.
    expect(text.indexOf(list[0]!.code)).toBeLessThan(text.indexOf(list[4]!.code));
    // The agent's view says Send PUKs.
    const view = await agentView(h, s, users.agent);
    expect(JSON.stringify(view)).toContain('"title":"Send PUKs"');
  });

  it('sends typed PUKs per camera: a bad one is shown beside its camera and nothing goes; good ones go privately, one message per camera', async () => {
    h = await startTeams();
    const list = cameras(4);
    const s = await submitSite(h, await siteByBlocks(h, list));
    const d = await sendPuksDialog(s);
    // One PUK input per camera waiting, named by number, model and MAC, and Bosch's reply whole.
    expect(inputsIn(d.card)).toEqual(['Input.Text#puk_1', 'Input.Text#puk_2', 'Input.Text#puk_3', 'Input.Text#puk_4', 'Input.Text#reply']);
    expect(JSON.stringify(d.card)).toContain(`Camera 3 (${list[2]!.model}, MAC ${list[2]!.mac})`);

    const before = h.connector.in(personalChat(users.tech)).length;
    const bad = await submitIn(s, d, 'send_puks', { puk_1: list[0]!.puk, puk_2: 'x!' });
    expect(bad.card).toBeDefined();
    const badText = dialogText(bad);
    expect(badText).toContain('Nothing was sent');
    // The refusal sits right after camera 2's input, and what was typed stays.
    const body = JSON.stringify(bad.card);
    const error = body.indexOf('"color":"Attention"', body.indexOf('"id":"puk_2"'));
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThan(body.indexOf('"id":"puk_3"'));
    expect(body).toContain(`"value":"${list[0]!.puk}"`);
    expect(pukMessages(before)).toHaveLength(0);

    const good = await submitIn(s, bad, 'send_puks', { puk_1: list[0]!.puk, puk_2: list[1]!.puk });
    expect(good.message).toContain('Sent the PUKs');
    const puks = await h.connector.waitFor(() => (pukMessages(before).length === 2 ? pukMessages(before) : undefined));
    expect(textOf(puks[0]!.activity)).toContain(`PUK for camera 1: ${list[0]!.model}, MAC ${list[0]!.mac}`);
    expect(textOf(puks[0]!.activity)).toContain(list[0]!.puk);
    expect(textOf(puks[1]!.activity)).toContain(list[1]!.puk);
    expect(supportChannelText(h)).not.toContain(list[0]!.puk);
    // Only the two answered cameras are left out of the next dialog.
    const next = await sendPuksDialog(s);
    expect(inputsIn(next.card)).toEqual(['Input.Text#puk_3', 'Input.Text#puk_4', 'Input.Text#reply']);
  });

  it('lets the technician settle each camera on its own PUK message: done marks that camera only, failed keeps its camera', async () => {
    h = await startTeams();
    const list = cameras(3);
    const s = await submitSite(h, await siteByBlocks(h, list));
    const d = await sendPuksDialog(s);
    await submitIn(s, d, 'send_puks', { puk_1: list[0]!.puk, puk_2: list[1]!.puk, puk_3: list[2]!.puk });
    const puks = await h.connector.waitFor(() => (pukMessages().length === 3 ? pukMessages() : undefined));
    const second = puks.find((p) => textOf(p.activity).includes('camera 2'))!;
    const card = cardsOf(second.activity)[0];
    expect(buttons(card)).toEqual(['done', 'failed']);
    expect(executeData(card, 'done')).toMatchObject({ arg: '2' });

    const done = await pressOn(h, users.tech, second, 'done', executeData(card, 'done')!);
    const settledText = textOf({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: done.value }] });
    expect(settledText).toContain(`Camera 2 (${list[1]!.model}, MAC ${list[1]!.mac})`);
    expect(settledText).toContain('You confirmed that the reset worked.');
    const request = (await h.app.desk.get(s.id))!;
    expect(request.cameras!.map((c) => [c.n, c.state])).toEqual([
      [1, 'puk_delivered'],
      [2, 'completed'],
      [3, 'puk_delivered'],
    ]);

    // "It did not work" on camera 3: the dialog names it, and support reads which camera.
    const third = puks.find((p) => textOf(p.activity).includes('camera 3'))!;
    const open = dialogButtonData(cardsOf(third.activity), 'failed')!;
    expect(open.camera).toBe('3');
    const failed = await openDialog(h, users.tech, third.conversationId, third.id, open);
    dialogCards.push(failed.card!);
    expect(dialogText(failed)).toContain(`Camera 3 (${list[2]!.model}, MAC ${list[2]!.mac})`);
    const sent = await submitDialog(h, users.tech, third.conversationId, third.id, failed.card!, 'failed', { note: 'Page says invalid' });
    expect(sent.message).toContain('Support has been told');
    const after = (await h.app.desk.get(s.id))!;
    expect(after.cameras!.find((c) => c.n === 3)!.state).not.toBe('puk_delivered');
    expect(after.cameras!.find((c) => c.n === 1)!.state).toBe('puk_delivered');
    await h.connector.waitFor(() => supportChannelText(h!).includes('Page says invalid') || undefined);
  });

  it('opens the e-mail to Bosch on a site card, for the agent alone', async () => {
    h = await startTeams({ env: { BOSCH_SUPPORT_EMAIL: 'central.support@bosch.example' } });
    const list = cameras(3);
    const s = await submitSite(h, await siteByBlocks(h, list));
    const view = await agentView(h, s, users.agent);
    const data = dialogButtonData(view, 'bosch_email')!;
    expect(data).toBeDefined();
    const d = await openDialog(h, users.agent, s.cardConversation, s.cardMessage, data);
    expect(d.card).toBeDefined();
    dialogCards.push(d.card!);
    expect(inputsIn(d.card)).toEqual(['Input.Text#email']);
    expect(JSON.stringify(d.card)).toContain('mailto:central.support@bosch.example');
    // Anyone else is refused, and nothing of it reaches the channel.
    const outsider = await openDialog(h, users.outsider, s.cardConversation, s.cardMessage, data);
    expect(outsider.card).toBeUndefined();
  });
});

describe('a site warns and expires as one', () => {
  it('asks the technician ONCE to regenerate the codes in expiry order, tells support once, and reports the expiry of all in one message', async () => {
    const clock = new ManualClock();
    h = await startTeams({ clock });
    const list = cameras(5);
    // Pasted one after another within the same minute: every code runs out together.
    const site = await siteByBlocks(h, list);
    const s = await submitSite(h, site);
    const chat = personalChat(users.tech);
    const techBefore = h.connector.in(chat).length;
    const supportMessages = () => h!.connector.in(s.cardConversation).filter((x) => x.kind !== 'update' && x.kind !== 'create');
    const supportBefore = supportMessages().length;

    await clock.advance(minutes(45));
    const tech = await h.connector.waitFor(() =>
      h!.connector
        .in(chat)
        .slice(techBefore)
        .find((x) => textOf(x.activity).includes('in this order')),
    );
    const techText = textOf(tech.activity);
    // In expiry order: camera 1 before camera 5.
    for (const c of list) expect(techText).toContain(c.mac);
    expect(techText.indexOf(list[0]!.mac)).toBeLessThan(techText.indexOf(list[4]!.mac));
    expect(h.connector.in(chat).slice(techBefore)).toHaveLength(1);
    await h.connector.waitFor(() => (supportMessages().length > supportBefore ? true : undefined));
    expect(supportMessages().length - supportBefore).toBe(1);
    expect(textOf(supportMessages().at(-1)!.activity)).toContain('asked to generate new codes for them, in order of expiry');

    // Past every deadline: ONE message for all the codes that ran out.
    const techAtExpiry = h.connector.in(chat).length;
    await clock.advance(minutes(16));
    const expired = await h.connector.waitFor(() =>
      h!.connector
        .in(chat)
        .slice(techAtExpiry)
        .find((x) => /expired|ran out|run out/i.test(textOf(x.activity))),
    );
    expect(textOf(expired.activity)).toContain('The codes of cameras 1–5 on request');
    expect(
      h.connector
        .in(chat)
        .slice(techAtExpiry)
        .filter((x) => /expired|ran out/i.test(textOf(x.activity))),
    ).toHaveLength(1);
  });
});

describe('a site within Teams limits', () => {
  it('keeps the card of 50 cameras, its updates, the intake summary, the Send PUKs dialog and its confirmation within the size limit and schema-valid', async () => {
    h = await startTeams({ env: { BOSCH_SUPPORT_EMAIL: 'central.support@bosch.example' } });
    const list = cameras(50);
    // Pasted as one table: the intake summary lists all 50.
    const site = await startInChat(h);
    const before = h.connector.in(site.chat).length;
    await h.bot.send(
      personalMessage(
        h.connector.url,
        users.tech,
        ['Code\tModel\tMAC\tFirmware\tSerial', ...list.map((c) => `${c.code}\t${c.model}\t${c.mac}\t${c.firmware}\t${c.serial}`)].join(
          '\n',
        ),
      ),
    );
    const summary = await h.connector.waitFor(() => h!.connector.in(site.chat).slice(before).at(-1));
    expect(textOf(summary.activity)).toContain('Added 50 cameras');
    expect(textOf(summary.activity)).toContain(`50. ${list[49]!.model} · MAC ${list[49]!.mac}`);
    const s = await submitSite(h, site);
    // Every row on the card itself: no list in the thread is needed for 50.
    const text = latestText(h.connector, s.cardMessage);
    for (const c of list) expect(text).toContain(c.code);
    expect(text).not.toContain('listed in the thread');
    const view = (await agentView(h, s, users.agent))!;
    expect(cardProblems(view)).toEqual([]);
    const d = await sendPuksDialog(s);
    expect(inputsIn(d.card)).toHaveLength(51);
    // An update (claim, PUKs for some) redraws it within the limit too.
    const typed = await submitIn(s, d, 'send_puks', Object.fromEntries(list.slice(0, 20).map((c) => [`puk_${c.n}`, c.puk])));
    expect(typed.message).toContain('Sent the PUKs');
    await h.connector.waitFor(() => latestText(h!.connector, s.cardMessage).includes('20 PUK sent') || undefined);
    expect(cardProblems(latestCard(h.connector, s.cardMessage)!)).toEqual([]);
    // Bosch's reply for the other 30: the confirmation lists each, within the limit.
    const again = await sendPuksDialog(s);
    const confirm = await submitIn(s, again, 'send_puks', { reply: boschReply(list.slice(20)) });
    expect(dialogText(confirm)).toContain('PUKs for 30 of the 30 cameras');
    // The e-mail to Bosch for the site opens within the limit too.
    const email = await openDialog(
      h,
      users.agent,
      s.cardConversation,
      s.cardMessage,
      dialogButtonData(await agentView(h, s, users.agent), 'bosch_email')!,
    );
    dialogCards.push(email.card!);
    const sent = await submitIn(s, confirm, 'puks_confirm');
    expect(sent.message).toContain('Sent the PUKs');
    await h.connector.waitFor(() => latestText(h!.connector, s.cardMessage).includes('50 PUK sent') || undefined);
    // afterEach checks every card posted, updated and every dialog.
  });

  it('with BATCH_MAX 100, shows the rows that fit, says how many more, and lists every camera once in the thread, updated with the card', async () => {
    h = await startTeams({ env: { BATCH_MAX: '100' } });
    const list = cameras(80);
    const s = await submitSite(h, await siteByBlocks(h, list));
    const text = latestText(h.connector, s.cardMessage);
    expect(text).toMatch(/\d+ more cameras are listed in the thread/);
    const lists = () =>
      h!.connector.in(s.cardConversation).filter((x) => x.kind === 'send' && textOf(x.activity).includes('All cameras of request'));
    await h.connector.waitFor(() => lists().length || undefined);
    const listMessage = lists()[0]!;
    for (const c of list) expect(textOf(listMessage.activity)).toContain(c.code);
    // Claim: the card and the list are redrawn; the list is not posted again.
    await h.bot.send(
      cardAction(h.connector.url, users.agent, s.cardConversation, s.cardMessage, 'claim', { requestId: s.id, card: 'support' }),
    );
    await h.connector.waitFor(() => h!.connector.sent.some((x) => x.kind === 'update' && x.id === listMessage.id) || undefined);
    expect(lists()).toHaveLength(1);
    expect(latestText(h.connector, listMessage.id)).toContain('All cameras of request');
  });

  it('splits a long summary in a channel reply chain so its buttons card stays within the limit', async () => {
    h = await startTeams({ env: { BATCH_MAX: '100' } });
    const start = channelMessage(h.connector.url, users.tech, 'camreset', { channel: '19:field-channel@thread.tacv2' }, { mention: true });
    await h.bot.send(start);
    const thread = `19:field-channel@thread.tacv2;messageid=${start.id as string}`;
    await h.connector.waitFor(() => h!.connector.in(thread).at(-1));
    const id = /CR-[A-Z0-9]{4}/.exec(textOf(h.connector.in(thread).at(-1)!.activity))![0];
    const list = cameras(70);
    for (const [i, c] of list.entries()) {
      if (i > 0)
        await h.bot.send(cardAction(h.connector.url, users.tech, thread, 'x', 'another_camera', { requestId: id, card: 'notice' }));
      const count = h.connector.in(thread).length;
      await h.bot.send(
        channelMessage(h.connector.url, users.tech, block(c), { channel: '19:field-channel@thread.tacv2', root: start.id as string }),
      );
      await h.connector.waitFor(() => h!.connector.in(thread).length > count || undefined);
    }
    // The summary of 70 cameras went as read-only words, then a short card with the buttons, whose
    // refresh (the technician's view) carries only its own line: each stays within the limit.
    const [words, last] = h.connector.in(thread).slice(-2) as [Sent, Sent];
    expect(textOf(words.activity)).toContain(`70. ${list[69]!.model} · MAC ${list[69]!.mac}`);
    expect(cardsOf(words.activity)[0]!.refresh).toBeUndefined();
    const refresh = cardsOf(last.activity)[0]!.refresh as { action: { data: { message: { lines: unknown[] } } } };
    expect(refresh.action.data.message.lines).toHaveLength(1);
    const mine = await h.bot.send(cardAction(h.connector.url, users.tech, thread, last.id, 'refresh', refresh.action.data));
    expect(actionButtons((mine.body as { value: Json }).value)).toEqual(['submit', 'another_camera', 'cancel']);
  });
});

/** The 12 cameras of the table: one model and one firmware for all (given once above the table). */
const SHARED = { model: 'NDE-5503-AL', firmware: '7.80.0128' };
const tableCameras = () => cameras(12).map((c) => ({ ...c, ...SHARED }));
const tableRow = (c: TestCamera) => `${c.code}\t${c.mac}\t${c.serial}`;
const sharedLines = [`Modèle : ${SHARED.model}`, `Firmware : ${SHARED.firmware}`, ''];
const HEADING = 'Code de challenge\tAdresse MAC\tN° de série';

/** The request's camera with this MAC. */
async function cameraByMac(id: string, mac: string) {
  const request = await h!.app.desk.get(id);
  return request?.cameras?.find((c) => c.mac === mac);
}

describe('a site pasted as a table', () => {
  it('takes 10 of 12 rows, names the two bad ones, takes them resent, and runs the site through Bosch’s reply to 11 private PUKs', async () => {
    h = await startTeams();
    const list = tableCameras();
    const bad = list.map((c, i) => (i === 3 ? { ...c, mac: '00:07:5G:AA:BB:04' } : i === 8 ? { ...c, code: c.code.slice(0, 31) } : c));
    const site = await startInChat(h);
    const before = h.connector.in(site.chat).length;
    await h.bot.send(personalMessage(h.connector.url, users.tech, [...sharedLines, HEADING, ...bad.map(tableRow)].join('\n')));
    const reply = await h.connector.waitFor(() => h!.connector.in(site.chat).slice(before).at(-1));
    const said = textOf(reply.activity);
    // Rows are named by their line in the paste (two shared lines, a blank one and the heading
    // come first: the table's 4th and 9th rows are lines 8 and 13), each quoted back, its code masked.
    expect(said).toContain("Row 8 not taken. MAC address: 'G' is not a hexadecimal digit");
    expect(said).toContain('C004…Z004 | 00:07:5G:AA:BB:04');
    expect(said).toContain('Row 13 not taken. Challenge code: That challenge code has 31 characters');
    expect(said).not.toContain(list[8]!.code.slice(0, 31));
    expect(said).toContain('Added 10 cameras');
    expect(said).toMatch(/Send those rows again, corrected/);
    let request = (await h.app.desk.get(site.id))!;
    expect(request.cameras).toHaveLength(10);
    // The model and firmware given once above the table are every camera's.
    for (const c of request.cameras!) expect([c.model, c.firmware]).toEqual([SHARED.model, SHARED.firmware]);

    // The two rows again, corrected: 12 cameras.
    const again = h.connector.in(site.chat).length;
    await h.bot.send(
      personalMessage(h.connector.url, users.tech, [...sharedLines, HEADING, tableRow(list[3]!), tableRow(list[8]!)].join('\n')),
    );
    await h.connector.waitFor(() => h!.connector.in(site.chat).length > again || undefined);
    request = (await h.app.desk.get(site.id))!;
    expect(request.cameras).toHaveLength(12);
    const intake = h.connector.in(site.chat).at(-1)!;
    expect(verbs(cardsOf(intake.activity)[0])).toEqual(['submit', 'another_camera', 'cancel']);

    // Submit: ONE support card with 12 rows and the charges note; the technician reads the note too.
    const s = await submitSite(h, site);
    expect(supportThreadsOf(h)).toHaveLength(1);
    const text = latestText(h.connector, s.cardMessage);
    for (const c of list) expect(text).toContain(c.code);
    expect(text).toContain('12 cameras: 12 waiting for a PUK');
    expect(text).toContain('"Authorization Letter"');
    expect(textOf(h.connector.in(site.chat).at(-1)!.activity)).toContain('Bosch may charge for resetting 12 cameras');

    // Bosch answers 11 of them; the agent pastes the reply whole in the Send PUKs dialog.
    const open = list[6]!;
    const answered = list.filter((c) => c !== open);
    const techBefore = h.connector.in(personalChat(users.tech)).length;
    const d = await sendPuksDialog(s);
    const confirm = await submitIn(s, d, 'send_puks', { reply: boschReply(answered) });
    expect(confirm.card).toBeDefined();
    const confirmText = dialogText(confirm);
    expect(confirmText).toContain('PUKs for 11 of the 12 cameras');
    for (const c of answered) expect(confirmText).toContain(c.puk);
    const openNumber = (await cameraByMac(s.id, open.mac))!.n;
    expect(confirmText).toContain(`No PUK found for camera ${openNumber}: it stays open`);
    // Nothing is sent before the agent confirms.
    expect(pukMessages(techBefore)).toHaveLength(0);
    expect(inputsIn(confirm.card)).toEqual([]);

    const sent = await submitIn(s, confirm, 'puks_confirm');
    expect(sent.message).toContain('Sent the PUKs');
    const puks = await h.connector.waitFor(() => (pukMessages(techBefore).length === 11 ? pukMessages(techBefore) : undefined));
    for (const c of answered) {
      const n = (await cameraByMac(s.id, c.mac))!.n;
      const message = puks.find((p) => textOf(p.activity).includes(`PUK for camera ${n}:`))!;
      const words = textOf(message.activity);
      expect(words).toContain(`${c.model}, MAC ${c.mac}`);
      expect(words).toContain(c.puk);
      // Firmware 7.80: the password of "service" is reset to "service".
      expect(words).toMatch(/service/);
      expect(executeData(cardsOf(message.activity)[0], 'done')).toMatchObject({ arg: String(n) });
      expect(dialogButtonData(cardsOf(message.activity), 'failed')).toMatchObject({ camera: String(n) });
    }
    expect(supportChannelText(h)).not.toMatch(new RegExp(answered.map((c) => c.puk).join('|')));
    const supportWords = () =>
      h!.connector
        .in(SUPPORT_CHANNEL)
        .map((x) => textOf(x.activity))
        .join('\n');
    await h.connector.waitFor(() => supportWords().includes(`Still waiting for a PUK: camera ${openNumber}.`) || undefined);

    // Done on one camera marks only that one.
    const first = puks[0]!;
    await pressOn(h, users.tech, first, 'done', executeData(cardsOf(first.activity)[0], 'done')!);
    request = (await h.app.desk.get(s.id))!;
    const states = request.cameras!.map((c) => c.state);
    expect(states.filter((x) => x === 'completed')).toHaveLength(1);
    expect(states.filter((x) => x === 'puk_delivered')).toHaveLength(10);
    expect(states.filter((x) => x === 'open')).toHaveLength(1);
  });

  it('refuses a table of 51 rows, naming 50 and BATCH_MAX, and takes none', async () => {
    h = await startTeams();
    const site = await startInChat(h);
    const before = h.connector.in(site.chat).length;
    await h.bot.send(personalMessage(h.connector.url, users.tech, ['Code\tMAC\tSerial', ...cameras(51).map(tableRow)].join('\n')));
    const reply = await h.connector.waitFor(() => h!.connector.in(site.chat).slice(before).at(-1));
    expect(textOf(reply.activity)).toContain('You sent 51 cameras, but one request takes at most 50 (BATCH_MAX). I took none of them');
    const request = (await h.app.desk.get(site.id))!;
    expect(request.cameras ?? []).toHaveLength(0);
  });
});

describe("the Send PUKs dialog with typed PUKs and Bosch's reply together", () => {
  it('shows a wrong typed PUK beside its camera before reading anything; a typed PUK counts over the reply’s for its camera', async () => {
    h = await startTeams();
    const list = cameras(4);
    const s = await submitSite(h, await siteByBlocks(h, list));
    const techBefore = h.connector.in(personalChat(users.tech)).length;
    const d = await sendPuksDialog(s);
    const wrong = await submitIn(s, d, 'send_puks', { puk_4: 'no!', reply: boschReply(list.slice(0, 3)) });
    expect(inputsIn(wrong.card)).toContain('Input.Text#puk_4');
    const body = JSON.stringify(wrong.card);
    const error = body.indexOf('"color":"Attention"', body.indexOf('"id":"puk_4"'));
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThan(body.indexOf('"id":"reply"'));
    // Bosch answered 1 to 3; the agent has camera 4's PUK from a phone call, and types camera 3's differently.
    const confirm = await submitIn(s, wrong, 'send_puks', {
      puk_3: 'TYPED3PUK9',
      puk_4: 'TYPED4PUK9',
      reply: boschReply(list.slice(0, 3)),
    });
    const words = dialogText(confirm);
    expect(words).toContain(list[0]!.puk);
    expect(words).toContain(list[1]!.puk);
    expect(words).not.toContain(list[2]!.puk);
    expect(words).toContain(`Camera 3 (${list[2]!.model}, MAC ${list[2]!.mac}): TYPED3PUK9`);
    expect(words).toContain(`Camera 4 (${list[3]!.model}, MAC ${list[3]!.mac}): TYPED4PUK9`);
    expect(words).not.toContain('No PUK found');
    expect(JSON.stringify(confirm.card)).toContain('"title":"Send these 4 PUKs"');
    expect(pukMessages(techBefore)).toHaveLength(0);
    await submitIn(s, confirm, 'puks_confirm');
    const puks = await h.connector.waitFor(() => (pukMessages(techBefore).length === 4 ? pukMessages(techBefore) : undefined));
    const of = (n: number) => textOf(puks.find((p) => textOf(p.activity).includes(`PUK for camera ${n}:`))!.activity);
    expect(of(3)).toContain('TYPED3PUK9');
    expect(of(4)).toContain('TYPED4PUK9');
    expect(of(1)).toContain(list[0]!.puk);
  });

  it('asks for something when the agent neither typed nor pasted', async () => {
    h = await startTeams();
    const s = await submitSite(h, await siteByBlocks(h, cameras(2)));
    const d = await sendPuksDialog(s);
    const empty = await submitIn(s, d, 'send_puks', {});
    expect(dialogText(empty)).toContain("Type a PUK for at least one camera, or paste Bosch's reply.");
  });
});

describe("Bosch's reply pasted in the card's thread", () => {
  it('asks the agent privately to confirm what it matched, and sends exactly that on the button', async () => {
    h = await startTeams();
    const list = cameras(3);
    const s = await submitSite(h, await siteByBlocks(h, list));
    const techBefore = h.connector.in(personalChat(users.tech)).length;
    const before = h.connector.sent.length;
    await h.bot.send(
      channelMessage(h.connector.url, users.agent, boschReply(list.slice(0, 2)), { channel: SUPPORT_CHANNEL, root: s.cardMessage }),
    );
    const asked = await h.connector.waitFor(() =>
      // The agent's 1:1 chat with the bot (opened now: they had none yet).
      h!.connector.sent
        .slice(before)
        .find((x) => !x.conversationId.startsWith('19:') && verbs(cardsOf(x.activity)[0]).includes('puks_confirm')),
    );
    const words = textOf(asked.activity);
    expect(words).toContain('PUKs for 2 of the 3 cameras');
    expect(words).toContain('No PUK found for camera 3: it stays open');
    // Nothing went to the technician, nor the PUKs to the channel.
    expect(pukMessages(techBefore)).toHaveLength(0);
    expect(supportChannelText(h)).not.toContain(list[0]!.puk);

    const pressed = await pressOn(h, users.agent, asked, 'puks_confirm', executeData(cardsOf(asked.activity)[0], 'puks_confirm')!);
    expect(textOf({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: pressed.value }] })).toContain(
      'Sent the confirmed PUKs',
    );
    await h.connector.waitFor(() => (pukMessages(techBefore).length === 2 ? true : undefined));
    expect((await h.app.desk.get(s.id))!.cameras!.map((c) => c.state)).toEqual(['puk_delivered', 'puk_delivered', 'open']);
  });
});

function supportThreadsOf(harness: TeamsHarness): Sent[] {
  return harness.connector.sent.filter((x) => x.kind === 'create' && x.conversationId.startsWith(`${SUPPORT_CHANNEL};`));
}

describe("a site's e-mail to Bosch", () => {
  it('keeps its dialog within the limit: past it, the mailto: link drops the body, which stays in the field to copy', async () => {
    h = await startTeams();
    const s = await submitSite(h, await siteByBlocks(h, cameras(2)));
    const request = (await h.app.desk.get(s.id))!;
    const text = 'Camera line with its MAC, serial and challenge code\n'.repeat(300);
    const mailto = `mailto:central.support@bosch.example?subject=${encodeURIComponent('Request')}&body=${encodeURIComponent(text)}`;
    const reply = { lines: [['E-mail']], code: text, footer: [[{ link: mailto, label: 'Open in your mail program' }]] };
    const card = dialogCard('bosch_email', request, 'support', { reply }, 'en');
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('"url":"mailto:central.support@bosch.example?subject=Request"');
    expect(JSON.stringify(card)).toContain('"id":"email"');
  });
});
