// What a Teams client does that Web Chat does not, done by the playground for each pane's person,
// checked against a bare Bot Framework bot (the echo bot) so the protocol is the documented one:
// dialogs (task/fetch, task/submit), dropped files (an inline image the bot fetches from the
// connector), and Universal Actions' automatic refresh for the viewer.

import { afterEach, describe, expect, it } from 'vitest';
import { DIALOG_CLOSED_EVENT, DIALOG_DISMISS_EVENT, DIALOG_EVENT, DIALOG_SUBMIT_EVENT } from '../../src/platforms/playground/hub.js';
import { DEFAULT_SUPPORT_CHANNEL } from '../../src/platforms/playground/identities.js';
import { type DirectLinePane, type Json, type PlaygroundRig, startPlayground } from '../support/playground/directline.js';
import { echoBot } from '../support/playground/echo-bot.js';

let rig: PlaygroundRig | undefined;
afterEach(async () => {
  await rig?.app.stop();
  rig = undefined;
});

const attachmentsOf = (a: Json | undefined) =>
  (a?.attachments ?? []) as Array<{ contentType: string; content: Json; contentUrl?: string; name?: string }>;
const isEvent = (name: string) => (a: Json) => a.type === 'event' && a.name === name && (a.from as Json).role === 'bot';
const dialogOf = (a: Json) => a.value as { dialogId: string; title: string; card: Json };

/** The card with the dialog button, pressed as Web Chat presses an Action.Submit: a postBack with its data. */
async function openDialog(pane: DirectLinePane): Promise<{ card: Json; dialog: { dialogId: string; title: string; card: Json } }> {
  await pane.say('dialog card');
  const card = await pane.waitFor((a) => JSON.stringify(a.attachments ?? []).includes('A card with a dialog'));
  const button = (attachmentsOf(card)[0]!.content.actions as Json[])[0]!;
  const res = await pane.post({ type: 'message', channelData: { postBack: true }, value: button.data });
  expect(res.status).toBe(200);
  const event = await pane.waitFor(isEvent(DIALOG_EVENT));
  return { card, dialog: dialogOf(event) };
}

const submit = (pane: DirectLinePane, dialogId: string, data: Json) =>
  pane.post({ type: 'event', name: DIALOG_SUBMIT_EVENT, value: { dialogId, data } });

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** What DirectLineJS posts for a message with files: multipart, the activity and a `file` part each. */
async function upload(pane: DirectLinePane, files: Array<{ name: string; type: string; bytes: Buffer }>, text = ''): Promise<Response> {
  const form = new FormData();
  const activity = {
    type: 'message',
    text,
    from: { id: pane.info.userID, role: 'user' },
    attachments: files.map((f) => ({ contentType: f.type, name: f.name })),
    channelData: { clientActivityID: `c${Math.random()}` },
  };
  form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
  for (const f of files) form.append('file', new Blob([f.bytes], { type: f.type }), f.name);
  return fetch(
    `${pane.base}/v3/directline/conversations/${pane.info.conversationId}/upload?userId=${encodeURIComponent(pane.info.userID)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${pane.info.token}` },
      body: form,
    },
  );
}

describe('dialogs in the playground, as a Teams client runs them', () => {
  it('turns a task/fetch button into the task/fetch invoke Teams sends, and hands the dialog card to the page', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    const { card, dialog } = await openDialog(rig.technician);
    expect(bot.received.at(-1)).toMatchObject({
      type: 'invoke',
      name: 'task/fetch',
      channelId: 'msteams',
      replyToId: card.id,
      conversation: { conversationType: 'personal' },
      from: { aadObjectId: 'playground-technician' },
      value: { data: { msteams: { type: 'task/fetch' }, requestId: 'CR-TEST', form: 'puk' }, context: { theme: 'default' } },
    });
    expect((bot.received.at(-1)!.value as { data: Json }).data).not.toHaveProperty('__playground');
    // No message reached the bot for the press: Teams sends only the invoke.
    expect(bot.received.filter((a) => a.type === 'message' && a.value)).toEqual([]);
    expect(dialog.title).toBe('Send PUK');
    expect(JSON.stringify(dialog.card)).toContain('"id":"puk"');
  });

  it('sends task/submit with the inputs and the button data; a continue answer shows the dialog again with the error, an empty one closes it', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    const { technician } = rig;
    const { card, dialog } = await openDialog(technician);

    await submit(technician, dialog.dialogId, { requestId: 'CR-TEST', form: 'puk', puk: 'bad' });
    expect(bot.received.at(-1)).toMatchObject({
      type: 'invoke',
      name: 'task/submit',
      replyToId: card.id,
      value: { data: { requestId: 'CR-TEST', form: 'puk', puk: 'bad' } },
    });
    const again = await technician.waitFor((a) => isEvent(DIALOG_EVENT)(a) && JSON.stringify(a.value).includes('That is not a PUK.'));
    expect(dialogOf(again).dialogId).toBe(dialog.dialogId);

    await submit(technician, dialog.dialogId, { requestId: 'CR-TEST', form: 'puk', puk: 'ABCD' });
    const closed = await technician.waitFor(isEvent(DIALOG_CLOSED_EVENT));
    expect(closed.value).toEqual({ dialogId: dialog.dialogId });
    await technician.waitFor((a) => a.text === 'dialog sent ABCD');
    // A closed dialog is not submitted again.
    const before = bot.received.length;
    await submit(technician, dialog.dialogId, { puk: 'AGAIN' });
    expect(bot.received.length).toBe(before);
    await technician.waitFor((a) => /no longer open/.test(String(a.text)));
  });

  it('closes the dialog on a message answer and shows the message in the pane', async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory);
    const { technician } = rig;
    const { dialog } = await openDialog(technician);
    await submit(technician, dialog.dialogId, { puk: 'say' });
    await technician.waitFor(isEvent(DIALOG_CLOSED_EVENT));
    await technician.waitFor((a) => a.text === 'PUK sent.');
  });

  it("opens a dialog in the Support pane in the card's reply chain, and a dismissed dialog tells the bot nothing", async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    const { support } = rig;
    const { card, dialog } = await openDialog(support);
    expect(bot.received.at(-1)).toMatchObject({
      name: 'task/fetch',
      conversation: { conversationType: 'channel' },
      channelData: { channel: { id: DEFAULT_SUPPORT_CHANNEL } },
    });
    expect(card.id).toBeTruthy();
    const before = bot.received.length;
    await support.post({ type: 'event', name: DIALOG_DISMISS_EVENT, value: { dialogId: dialog.dialogId } });
    await support.waitFor(isEvent(DIALOG_CLOSED_EVENT));
    expect(bot.received.length).toBe(before);
    // The other pane never sees it.
    expect(rig.technician.seen.some((a) => a.type === 'event')).toBe(false);
  });
});

describe('files dropped into a pane', () => {
  it('reach the bot as Teams delivers a pasted image: an image/* attachment whose bytes the bot fetches from the connector host', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    const { technician } = rig;
    const res = await upload(technician, [{ name: 'label.png', type: 'image/png', bytes: PNG }], 'the label');
    expect(res.status).toBe(200);
    const got = bot.received.at(-1)!;
    expect(got).toMatchObject({ type: 'message', text: 'the label', conversation: { conversationType: 'personal' } });
    const [image, html] = attachmentsOf(got);
    expect(image!.contentType).toBe('image/*');
    // On the host the bot was given as serviceUrl, like Teams' own attachment store.
    expect(image!.contentUrl!.startsWith(`${rig.connector}/v3/attachments/`)).toBe(true);
    expect(html).toMatchObject({ contentType: 'text/html' });
    // An HTML attachment's content is the markup, a string.
    expect(String(html!.content as unknown)).toContain(`src="${image!.contentUrl}"`);
    // The bot fetched exactly the bytes that were dropped.
    await technician.waitFor((a) => a.text === `got image/png ${PNG.length} bytes starting 89504e47`);
    // The pane shows the technician's own picture, from its bytes.
    const { id } = (await res.json()) as { id: string };
    const echo = technician.shown().find((a) => a.id === id);
    expect(attachmentsOf(echo)[0]!.contentUrl).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
  });

  it('sends a file that is not an image as a Teams file in a 1:1 chat, and serves nothing for an unknown attachment', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    const pdf = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n');
    await upload(rig.technician, [{ name: 'Invoice.PDF', type: 'application/pdf', bytes: pdf }]);
    const [file] = attachmentsOf(bot.received.at(-1));
    expect(file).toMatchObject({
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: 'Invoice.PDF',
      content: { fileType: 'pdf' },
    });
    const downloadUrl = String(file!.content.downloadUrl);
    expect(Buffer.from(await (await fetch(downloadUrl)).arrayBuffer())).toEqual(pdf);
    expect((await fetch(`${rig.connector}/v3/attachments/0-playground-nope/views/original`)).status).toBe(404);
    // Not on the deployment's port: only the bot, on the playground's own loopback port, fetches.
    expect((await fetch(downloadUrl.replace(rig.connector, `${rig.base}/playground/connector`))).status).toBe(404);
  });

  it('refuses an upload without a file or that is not multipart, and a JSON post over the JSON limit', async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory);
    const { technician } = rig;
    expect((await upload(technician, [])).status).toBe(400);
    const notMultipart = await fetch(`${technician.base}/v3/directline/conversations/${technician.info.conversationId}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${technician.info.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(notMultipart.status).toBe(400);
    const big = await technician.post({ type: 'message', text: 'x'.repeat(600 * 1024) });
    expect(big.status).toBe(413);
  });
});

describe("Universal Actions' automatic refresh, for the pane's person", () => {
  it('sends the refresh invoke for a card whose userIds name the person, and shows its answer in their pane', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    const { technician } = rig;
    await technician.say('refresh card');
    const view = await technician.waitFor((a) => JSON.stringify(a.attachments ?? []).includes('the view of Technician (automatic)'));
    expect(bot.received.find((a) => a.name === 'adaptiveCard/action')).toMatchObject({
      type: 'invoke',
      replyToId: view.id,
      from: { id: '29:playground-technician' },
      value: { trigger: 'automatic', action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: 'CR-TEST' } } },
    });
    // The refreshed view replaces the shared one in place; the card as shown carries no refresh.
    expect(technician.shown().filter((a) => a.id === view.id)).toHaveLength(1);
    expect(JSON.stringify(view)).not.toContain('"refresh"');
  });

  it('sends no refresh for a person not in userIds: they keep the shared view', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    await rig.technician.say('refresh card for nobody');
    await rig.technician.waitFor((a) => JSON.stringify(a.attachments ?? []).includes('the shared view'));
    await new Promise((r) => setTimeout(r, 200));
    await rig.technician.poll();
    expect(bot.received.some((a) => a.name === 'adaptiveCard/action')).toBe(false);
    expect(JSON.stringify(rig.technician.shown())).not.toContain('the view of');
  });
});
