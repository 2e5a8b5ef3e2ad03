// A technician in their 1:1 chat with the bot, an agent in the support channel: the whole
// reset in Teams, through POST /api/messages and a fake Bot Connector.

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardAction, personalChat, personalMessage, users } from '../../support/teams/activities.js';
import { cardsOf, textOf } from '../../support/teams/connector.js';
import { latestCard, latestText, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  PUK,
  actionButtons,
  agentView,
  buttons,
  dialogButtonData,
  dialogs,
  fill,
  inputsIn,
  openDialog,
  press,
  pukInThread,
  submitDialog,
  submitInChat,
  supportChannelText,
  verbs,
  withButton,
} from '../../support/teams/story.js';
import { allCardProblems } from '../../support/teams/validate.js';
import { REQUEST_ID } from '../../support/request-id.js';

let h: TeamsHarness;
const allCards: Array<Record<string, unknown>> = [];

beforeEach(async () => {
  h = await startTeams();
});
afterEach(async () => {
  allCards.push(...h.connector.cards());
  await h.close();
});
afterAll(() => {
  // Acceptance: every card the bot sent parses cleanly and fits in a Teams message.
  expect(allCards.length).toBeGreaterThan(10);
  expect(allCardProblems(allCards)).toEqual([]);
});

describe('a reset in the 1:1 chat', () => {
  it('collects the details, posts one support card, and delivers the PUK only to the technician', async () => {
    const s = await submitInChat(h);
    const chat = personalChat(users.tech);
    expect(textOf(h.connector.in(chat).at(-1)!.activity)).toContain('is with support now');

    // The support card: a new thread in the support channel with the code; everyone sees it
    // read-only, and an agent's client refreshes it to their buttons (forms open dialogs).
    const card = latestCard(h.connector, s.cardMessage);
    expect(actionButtons(card)).toEqual([]);
    expect((card!.refresh as { userIds: string[] }).userIds).toEqual([users.agent.id, users.agent2.id]);
    const view = await agentView(h, s, users.agent);
    expect(verbs(view)).toEqual(expect.arrayContaining(['claim']));
    expect(dialogs(view)).toEqual(expect.arrayContaining(['send_puk', 'ask', 'reject', 'paperwork']));
    expect(latestText(h.connector, s.cardMessage)).toContain('A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6');
    expect(latestText(h.connector, s.cardMessage)).toContain('NDE-5503-AL');

    // Claim: the refreshed card comes back in the invoke response and the card is updated for all.
    const claimed = await press(h, s, users.agent, 'claim');
    expect(claimed.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(verbs(claimed.value as Record<string, unknown>)).not.toContain('claim');
    expect(verbs(claimed.value as Record<string, unknown>)).toEqual(expect.arrayContaining(['release', 'take_over']));
    expect(h.connector.sent.some((x) => x.kind === 'update' && x.id === s.cardMessage)).toBe(true);
    expect(latestText(h.connector, s.cardMessage)).toContain('Handled by <at>Alex Agent</at>');
    expect(textOf(h.connector.in(chat).at(-1)!.activity)).toContain('@Alex Agent is working on');

    // The PUK: in the technician's chat with the next steps, never in the support channel.
    await fill(h, s, users.agent, 'send_puk', { puk: PUK });
    const pukMessage = await h.connector.waitFor(() => withButton(h.connector.in(chat), 'done'));
    const pukText = textOf(pukMessage.activity);
    expect(pukText).toContain(PUK);
    expect(pukText).toContain('Next steps');
    expect(latestText(h.connector, s.cardMessage)).toMatch(
      /PUK sent by <at>Alex Agent<\/at> at \{\{TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\}\}/,
    );
    expect(supportChannelText(h)).not.toContain(PUK);

    // The technician reports success from the PUK card.
    const done = await h.bot.send(cardAction(h.connector.url, users.tech, chat, pukMessage.id, 'done', { requestId: s.id, card: 'puk' }));
    expect(
      textOf({
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: (done.body as { value: unknown }).value }],
      }),
    ).toContain('reset worked');
    expect(latestText(h.connector, s.cardMessage)).toContain('confirmed the reset worked');
    expect(buttons(latestCard(h.connector, s.cardMessage))).toEqual([]);
    expect(buttons(await agentView(h, s, users.agent))).toEqual([]);
    expect(supportChannelText(h)).not.toContain(PUK);
  });

  it('refuses a non-agent who presses Claim, privately, and changes nothing', async () => {
    const s = await submitInChat(h);
    const updates = h.connector.sent.filter((x) => x.kind === 'update').length;
    const refused = await press(h, s, users.outsider, 'claim');
    expect(refused.type).toBe('application/vnd.microsoft.activity.message');
    expect(refused.value).toContain('Only support agents can claim');
    expect(h.connector.sent.filter((x) => x.kind === 'update').length).toBe(updates);
    expect(latestText(h.connector, s.cardMessage)).toContain('Nobody has claimed it yet');
    // A second agent cannot take over a claimed request either.
    await press(h, s, users.agent, 'claim');
    const second = await press(h, s, users.agent2, 'claim');
    expect(second.value).toContain('is being handled by @Alex Agent');
  });

  it('relays what the technician writes to the card thread as inert text', async () => {
    const s = await submitInChat(h);
    const hostile = '<b>urgent</b> [click me](https://evil.example) **now** <at>General</at> _x_';
    await h.bot.send(personalMessage(h.connector.url, users.tech, hostile));
    const relay = await h.connector.waitFor(() =>
      h.connector.in(s.cardConversation).find((x) => x.kind !== 'create' && x.kind !== 'update'),
    );
    const json = JSON.stringify(relay.activity);
    // The text travels as a TextRun (never read as markdown) and nowhere as a TextBlock or link.
    const runs = cardsOf(relay.activity).flatMap((c) => JSON.stringify(c).match(/"type":"TextRun","text":"[^"]*"/g) ?? []);
    expect(runs.join('')).toContain(JSON.stringify(hostile).slice(1, -1).replace(/\\"/g, '"'));
    expect(json).not.toContain('"Action.OpenUrl","url":"https://evil.example"');
    expect(json).not.toMatch(/"type":"TextBlock","text":"[^"]*\[click me\]/);
    expect(textOf(relay.activity)).toContain('@Tina Tech wrote: <b>urgent</b>');
  });

  it('lets the agent ask the technician, and relays the answer back to the card thread', async () => {
    const s = await submitInChat(h);
    const asked = await fill(h, s, users.agent, 'ask', { question: 'Which site is the camera on?' });
    expect(asked.message).toContain('on its way to the technician');
    const chat = personalChat(users.tech);
    const question = await h.connector.waitFor(() => h.connector.in(chat).find((x) => textOf(x.activity).includes('Support asks')));
    expect(textOf(question.activity)).toContain('Which site is the camera on?');
    expect(latestText(h.connector, s.cardMessage)).toContain('Asked: Which site');
    await h.bot.send(personalMessage(h.connector.url, users.tech, 'Building 7, north gate'));
    await h.connector.waitFor(() => h.connector.in(s.cardConversation).find((x) => textOf(x.activity).includes('Building 7')));
    expect(latestText(h.connector, s.cardMessage)).not.toContain('Asked:');
  });

  it('takes a PUK typed as a reply in the card thread once the agent confirms it in their chat, as in Slack', async () => {
    const s = await submitInChat(h);
    await pukInThread(h, s, `PUK: ${PUK}`);
    const chat = personalChat(users.tech);
    await h.connector.waitFor(() => h.connector.in(chat).find((x) => textOf(x.activity).includes(PUK)));
    expect(latestText(h.connector, s.cardMessage)).toContain('PUK sent by <at>Alex Agent</at>');
    expect(supportChannelText(h)).not.toContain(PUK);
  });

  it('lets the agent reject with a reason the technician sees', async () => {
    const s = await submitInChat(h);
    // An empty reason: the dialog shows again with the core's words, and nothing changes.
    const empty = await fill(h, s, users.agent, 'reject', { reason: '  ' });
    expect(JSON.stringify(empty.card)).toContain('Please give a reason');
    expect((await h.app.desk.get(s.id))!.state).toBe('awaiting_support');
    await fill(h, s, users.agent, 'reject', { reason: 'Device is not registered to your company.' });
    const chat = personalChat(users.tech);
    await h.connector.waitFor(() => h.connector.in(chat).find((x) => textOf(x.activity).includes('declined by support')));
    expect(latestText(h.connector, s.cardMessage)).toContain('Rejected by @Alex Agent: Device is not registered');
    expect(buttons(latestCard(h.connector, s.cardMessage))).toEqual([]);
  });

  it('offers a card form instead of typing, and shows what is wrong in the form', async () => {
    const chat = personalChat(users.tech);
    await h.bot.send(personalMessage(h.connector.url, users.tech, 'camreset'));
    const welcome = await h.connector.waitFor(() => withButton(h.connector.in(chat), 'details'));
    const id = REQUEST_ID.exec(textOf(welcome.activity))![0];
    const form = await openDialog(h, users.tech, chat, welcome.id, dialogButtonData(cardsOf(welcome.activity), 'details')!);
    const formCard = form.card!;
    expect(inputsIn(formCard)).toEqual([
      'Input.Text#challenge',
      'Input.Text#model',
      'Input.Text#mac',
      'Input.Text#firmware',
      'Input.Text#serial',
      // The reader's language (issue 14): a choice in the details dialog.
      'Input.ChoiceSet#language',
    ]);
    allCards.push(formCard);

    const bad = await submitDialog(h, users.tech, chat, welcome.id, formCard, 'set_fields', {
      challenge: 'short',
      model: 'NDE-5503-AL',
      mac: 'zz',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
    const badCard = bad.card!;
    allCards.push(badCard);
    const badText = textOf({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: badCard }] });
    expect(badText).toMatch(/challenge code/i);
    expect(badText).toMatch(/MAC/);
    // What was typed stays in the form, and nothing was taken.
    expect(JSON.stringify(badCard)).toContain('"value":"zz"');
    expect((await h.app.desk.get(id))!.device.model).toBeUndefined();

    const good = await submitDialog(h, users.tech, chat, welcome.id, badCard, 'set_fields', {
      challenge: 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6',
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
    expect(good.message).toContain('Details checked');
    await h.connector.waitFor(() => withButton(h.connector.in(chat), 'submit'));
  });

  it('answers help, status and cancel in the chat', async () => {
    const chat = personalChat(users.tech);
    await h.bot.send(personalMessage(h.connector.url, users.tech, 'help'));
    expect(textOf(h.connector.in(chat).at(-1)!.activity)).toContain('password-reset page');
    await h.bot.send(personalMessage(h.connector.url, users.tech, 'status'));
    expect(textOf(h.connector.in(chat).at(-1)!.activity)).toContain('no open camera password resets');
    const s = await submitInChat(h);
    await h.bot.send(personalMessage(h.connector.url, users.tech, 'status'));
    expect(textOf(h.connector.in(chat).at(-1)!.activity)).toContain(s.id);
    await h.bot.send(personalMessage(h.connector.url, users.tech, `cancel ${s.id}`));
    await h.connector.waitFor(() => latestText(h.connector, s.cardMessage).includes('Cancelled by the technician'));
    expect(textOf(h.connector.in(chat).at(-1)!.activity)).toContain('is cancelled');
  });
});
