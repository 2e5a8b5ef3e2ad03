import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SUPPORT_CHANNEL } from '../../src/platforms/playground/identities.js';
import { MARKER } from '../../src/platforms/playground/translate.js';
import { echoBot } from '../support/playground/echo-bot.js';
import { type Json, type PlaygroundRig, startPlayground } from '../support/playground/directline.js';

let rig: PlaygroundRig | undefined;
afterEach(async () => {
  await rig?.app.stop();
  rig = undefined;
});

const attachmentsOf = (a: Json | undefined) => (a?.attachments ?? []) as Array<{ contentType: string; content: Json }>;
const actionsOf = (card: Json) => card.actions as Json[];

describe('the playground Direct Line and Bot Connector emulation', () => {
  it('introduces both panes to the bot the way Teams installs an app: into the support team and a personal chat', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    const installs = bot.received.filter((a) => a.type === 'conversationUpdate');
    expect(installs).toHaveLength(2);
    const team = installs.find((a) => (a.conversation as Json).conversationType === 'channel')!;
    expect(team).toMatchObject({
      channelId: 'msteams',
      channelData: { team: { id: DEFAULT_SUPPORT_CHANNEL }, eventType: 'teamMemberAdded' },
    });
    expect(team.serviceUrl).toBe(`${rig.connector}/`);
  });

  it('hands a typed message to the bot as a Teams 1:1 message and shows the reply after the watermark', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    const id = await rig.technician.say('hello');
    const got = bot.received.at(-1)!;
    expect(got).toMatchObject({
      type: 'message',
      id,
      text: 'hello',
      channelId: 'msteams',
      conversation: { conversationType: 'personal' },
      from: { aadObjectId: 'playground-technician' },
    });
    const activities = await rig.technician.poll();
    expect(activities.map((a) => [a.type, (a.from as Json).role, a.text])).toEqual([
      ['message', 'user', 'hello'],
      ['message', 'bot', 'you said hello'],
    ]);
    // The echo carries Web Chat's own id so Web Chat marks its message as sent; the reply points at it.
    expect(activities[0]!.id).toBe(id);
    expect((activities[0]!.channelData as Json).clientActivityID).toBeTruthy();
    expect(activities[1]!.replyToId).toBe(id);
    expect(await rig.technician.poll()).toEqual([]);
  });

  it("passes on the browser's time zone and locale, as Teams' client sends them, with messages and button presses", async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    await rig.technician.post({ type: 'message', text: 'card', locale: 'de-DE', localTimezone: 'Europe/Berlin' });
    expect(bot.received.at(-1)).toMatchObject({ type: 'message', text: 'card', locale: 'de-DE', localTimezone: 'Europe/Berlin' });
    const cardActivity = (await rig.technician.poll()).at(-1)!;
    const [execute] = actionsOf(attachmentsOf(cardActivity)[0]!.content);
    await rig.technician.post({ type: 'message', channelData: { postBack: true }, value: execute!.data, localTimezone: 'Asia/Tokyo' });
    expect(bot.received.at(-1)).toMatchObject({ type: 'invoke', localTimezone: 'Asia/Tokyo' });
    // A client that says nothing sends no zone, so the bot labels its times UTC.
    await rig.technician.say('hello');
    expect(bot.received.at(-1)).not.toHaveProperty('localTimezone');
  });

  it('shows Action.Execute buttons as marked Action.Submit and turns a press into an adaptiveCard/action invoke whose card replaces the original', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    await rig.technician.say('card');
    const cardActivity = (await rig.technician.poll()).at(-1)!;
    const card = attachmentsOf(cardActivity)[0]!.content;
    const [execute, submit, show] = actionsOf(card);
    expect(execute).toMatchObject({
      type: 'Action.Submit',
      title: 'Send',
      data: { requestId: 'CR-TEST', [MARKER]: { type: 'Action.Execute', verb: 'send_puk', activityId: cardActivity.id } },
    });
    expect(submit).toMatchObject({ type: 'Action.Submit', data: { [MARKER]: { type: 'Action.Submit' } } });
    expect(actionsOf((show as { card: Json }).card)[0]).toMatchObject({ type: 'Action.Submit', data: { [MARKER]: { verb: 'inner' } } });

    // What Web Chat posts for the button: a postBack with the action's data and the inputs.
    const res = await rig.technician.post({
      type: 'message',
      channelData: { postBack: true },
      value: { ...(execute!.data as Json), puk: 'ABCD-1234-EFGH' },
    });
    expect(res.status).toBe(200);
    const invoke = bot.received.at(-1)!;
    expect(invoke).toMatchObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: cardActivity.id,
      conversation: { conversationType: 'personal' },
      value: {
        trigger: 'manual',
        action: { type: 'Action.Execute', verb: 'send_puk', data: { requestId: 'CR-TEST', puk: 'ABCD-1234-EFGH' } },
      },
    });
    expect((invoke.value as { action: { data: Json } }).action.data).not.toHaveProperty(MARKER);

    const after = await rig.technician.poll();
    const replaced = after.find((a) => a.id === cardActivity.id)!;
    expect(replaced.timestamp).toBe(cardActivity.timestamp);
    expect(JSON.stringify(attachmentsOf(replaced)[0]!.content)).toContain('done send_puk ABCD-1234-EFGH');
    // The postBack itself stays hidden in Web Chat.
    expect(after.find((a) => (a.from as Json).role === 'user')).toMatchObject({ channelData: { postBack: true } });
  });

  it('sends Action.Submit to the bot as a message whose value holds the data and inputs, replying to the card', async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    await rig.technician.say('card');
    const cardActivity = (await rig.technician.poll()).at(-1)!;
    const submit = actionsOf(attachmentsOf(cardActivity)[0]!.content)[1]!;
    await rig.technician.post({ type: 'message', channelData: { postBack: true }, value: { ...(submit.data as Json), puk: 'X' } });
    expect(bot.received.at(-1)).toMatchObject({
      type: 'message',
      replyToId: cardActivity.id,
      value: { requestId: 'CR-TEST', kind: 'submit', puk: 'X' },
    });
    expect((await rig.technician.poll()).at(-1)!.text).toContain('submitted');
  });

  it('re-sends an updated activity with the same id and timestamp, which Web Chat shows in place', async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory);
    await rig.technician.say('update');
    await rig.technician.poll();
    const versions = rig.technician.seen.filter((a) => (a.from as Json).role === 'bot');
    expect(versions.map((a) => a.text)).toEqual(['first version', 'second version']);
    expect(versions[1]!.id).toBe(versions[0]!.id);
    expect(versions[1]!.timestamp).toBe(versions[0]!.timestamp);
    expect(
      rig.technician
        .shown()
        .filter((a) => (a.from as Json).role === 'bot')
        .map((a) => a.text),
    ).toEqual(['second version']);
  });

  it("posts a new channel conversation into the Support pane, and sends the agent's typed messages to its reply chain with an @mention", async () => {
    const bot = echoBot(DEFAULT_SUPPORT_CHANNEL);
    rig = await startPlayground(bot.factory);
    await rig.technician.say('post');
    const posted = (await rig.support.poll()).at(-1)!;
    expect(JSON.stringify(attachmentsOf(posted)[0]!.content)).toContain('Support card');
    await rig.support.say('ABCD1234');
    expect(bot.received.at(-1)).toMatchObject({
      type: 'message',
      text: '<at>camreset</at> ABCD1234',
      conversation: { conversationType: 'channel', id: `${DEFAULT_SUPPORT_CHANNEL};messageid=${String(posted.id)}` },
      channelData: { channel: { id: DEFAULT_SUPPORT_CHANNEL }, team: { id: DEFAULT_SUPPORT_CHANNEL } },
      from: { aadObjectId: 'playground-agent' },
      entities: [{ type: 'mention', mentioned: { name: 'camreset' } }],
    });
    const reply = (await rig.support.poll()).at(-1)!;
    expect(reply.text).toBe('you said ABCD1234');
    // A button on the channel card is pressed in the card's reply chain.
    const execute = actionsOf(attachmentsOf(posted)[0]!.content)[0]!;
    await rig.support.post({ type: 'message', channelData: { postBack: true }, value: { ...(execute.data as Json), puk: 'P' } });
    expect(bot.received.at(-1)).toMatchObject({
      type: 'invoke',
      conversation: { id: `${DEFAULT_SUPPORT_CHANNEL};messageid=${String(posted.id)}` },
      replyToId: posted.id,
    });
  });

  it('answers member look-ups with the people in the pane, so everyone in the Support pane is a team member', async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory);
    const get = (path: string) => fetch(`${rig!.connector}/v3/${path}`);
    const paged = (await (await get(`conversations/${encodeURIComponent(DEFAULT_SUPPORT_CHANNEL)}/pagedmembers`)).json()) as {
      members: Json[];
    };
    expect(paged.members).toEqual([expect.objectContaining({ aadObjectId: 'playground-agent' })]);
    const one = await get(`conversations/${encodeURIComponent('a:playground-technician')}/members/29%3Aplayground-technician`);
    expect(await one.json()).toMatchObject({ aadObjectId: 'playground-technician' });
    expect((await get('conversations/unknown/members')).status).toBe(404);
    // Only on the playground's own port: the deployment's server has no connector emulation.
    expect(
      (await fetch(`${rig.base}/playground/connector/v3/conversations/${encodeURIComponent(DEFAULT_SUPPORT_CHANNEL)}/pagedmembers`)).status,
    ).toBe(404);
  });

  it("refuses a wrong token, another pane's conversation and a body that is not JSON", async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory);
    const { base, technician, support } = rig;
    const bad = await fetch(`${base}/v3/directline/conversations/${technician.info.conversationId}/activities`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.status).toBe(403);
    const other = await fetch(`${base}/v3/directline/conversations/${support.info.conversationId}/activities`, {
      headers: { authorization: `Bearer ${technician.info.token}` },
    });
    expect(other.status).toBe(404);
    const form = await fetch(`${base}/v3/directline/conversations/${technician.info.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${technician.info.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'type=message&text=hi',
    });
    expect(form.status).toBe(415);
    const resumed = await fetch(`${base}/v3/directline/conversations/${technician.info.conversationId}?watermark=`, {
      headers: { authorization: `Bearer ${technician.info.token}` },
    });
    expect(await resumed.json()).toMatchObject({ conversationId: technician.info.conversationId, token: technician.info.token });
    const refreshed = await fetch(`${base}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${technician.info.token}` },
    });
    expect(refreshed.status).toBe(200);
  });

  it('resets: the store is emptied, old tokens stop working and the panes start empty', async () => {
    rig = await startPlayground(echoBot(DEFAULT_SUPPORT_CHANNEL).factory);
    await rig.own.desk.start({ requester: { platform: 'teams', id: 'x' }, open: async () => ({ platform: 'teams', channel: 'a:x' }) });
    await rig.technician.say('hello');
    expect(await rig.own.desk.openRequests()).toHaveLength(1);
    const old = rig.technician;
    const res = await fetch(`${rig.base}/playground/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await rig.own.desk.openRequests()).toHaveLength(0);
    await expect(old.poll()).rejects.toThrow(/403/);
    const { technician } = await rig.session();
    expect(technician.info.token).not.toBe(old.info.token);
    expect(await technician.poll()).toEqual([]);
  });
});
