// Every Teams form is a dialog (task module), and each viewer sees the buttons that are theirs:
// through POST /api/messages with real JWTs and the fake Bot Connector. Cards the bot posts
// carry no input at all (the phone clients break on inputs in cards); the dialog's card holds
// them, and the core checks and applies what task/submit brings.

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personalChat, personalMessage, speaking, taskInvoke, type TeamsUser, users } from '../../support/teams/activities.js';
import { cardsOf, textOf } from '../../support/teams/connector.js';
import { latestCard, latestText, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  PUK,
  actionButtons,
  agentView,
  type Dialog,
  dialogButtonData,
  dialogs,
  fill,
  fillOnCard,
  inputsIn,
  openDialog,
  press,
  submitDialog,
  submitInChat,
  supportChannelText,
  verbs,
  withButton,
  type Submitted,
} from '../../support/teams/story.js';
import { allCardProblems } from '../../support/teams/validate.js';
import { plainLines } from '../../../src/platforms/teams/render.js';
import { REQUEST_ID } from '../../support/request-id.js';
import { REFUSALS } from '../../../src/core/i18n/catalog.js';
import type { Values } from '../../../src/core/i18n/say.js';
import { formatClockTime } from '../../../src/core/deadlines.js';

type Json = Record<string, unknown>;

let h: TeamsHarness;
const dialogCards: Json[] = [];
const postedCards: Json[] = [];

beforeEach(async () => {
  h = await startTeams();
});
afterEach(async () => {
  postedCards.push(...h.connector.cards());
  await h.close();
});
afterAll(() => {
  // Acceptance: no card the bot posted or updated carries an input, in any of these flows...
  expect(postedCards.length).toBeGreaterThan(20);
  expect(postedCards.flatMap((c) => inputsIn(c))).toEqual([]);
  // ...and every card and dialog card parses cleanly in the Adaptive Cards renderer.
  expect(dialogCards.length).toBeGreaterThan(8);
  expect(allCardProblems([...postedCards, ...dialogCards])).toEqual([]);
});

/** Opens `dialog` from the agent's view of the support card. */
async function open(s: Submitted, by = users.agent, dialog = 'send_puk'): Promise<Dialog> {
  const view = await agentView(h, s, by);
  const data = dialogButtonData(view, dialog);
  expect(data, `${dialog} button on the agent's view`).toBeDefined();
  const d = await openDialog(h, by, s.cardConversation, s.cardMessage, data!);
  if (d.card) dialogCards.push(d.card);
  return d;
}

async function submit(s: Submitted, card: Json, verb: string, inputs: Json, by = users.agent): Promise<Dialog> {
  const d = await submitDialog(h, by, s.cardConversation, s.cardMessage, card, verb, inputs);
  if (d.card) dialogCards.push(d.card);
  return d;
}

const snapshot = async (id: string) => JSON.stringify(await h.app.desk.get(id));

describe('support forms in dialogs', () => {
  it('sends the PUK from a dialog: task/fetch shows the input, task/submit delivers it to the technician only', async () => {
    const s = await submitInChat(h);
    const opened = await open(s);
    expect(opened.response.task).toMatchObject({ type: 'continue', value: { title: 'Send PUK' } });
    expect((opened.response.task as { value: { card: Json } }).value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(inputsIn(opened.card)).toEqual(['Input.Text#puk']);

    const done = await submit(s, opened.card!, 'send_puk', { puk: PUK });
    expect(done.response.task).toMatchObject({ type: 'message' });
    expect(done.message).toContain('Sent the PUK');
    const chat = personalChat(users.tech);
    const pukMessage = await h.connector.waitFor(() => h.connector.in(chat).find((x) => textOf(x.activity).includes(PUK)), 3000, 'the PUK');
    expect(textOf(pukMessage.activity)).toContain('Next steps');
    await h.connector.waitFor(
      () => latestText(h.connector, s.cardMessage).includes('PUK sent by') || undefined,
      3000,
      'the card updated in place',
    );
    expect(supportChannelText(h)).not.toContain(PUK);
  });

  it('shows a PUK the rules refuse in the dialog, with the words the chat uses, and changes nothing', async () => {
    const s = await submitInChat(h);
    const opened = await open(s);
    const before = await snapshot(s.id);
    const sentBefore = h.connector.sent.length;
    const refused = await submit(s, opened.card!, 'send_puk', { puk: 'x1' });
    expect(refused.response.task).toMatchObject({ type: 'continue', value: { title: 'Send PUK' } });
    // The same refusal the desk gives for this PUK anywhere else, word for word.
    const words = await h.app.desk.sendPuk(s.id, { platform: 'teams', id: users.agent.aadObjectId, name: users.agent.name }, 'x1');
    expect(words.ok).toBe(false);
    const expected = plainLines(words.ok ? [] : words.refusal.lines, 'UTC');
    expect(expected.length).toBeGreaterThan(5);
    expect(textOf({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: refused.card }] })).toContain(
      expected,
    );
    // What was typed is still in the form, to correct.
    expect(JSON.stringify(refused.card)).toContain('"value":"x1"');
    expect(await snapshot(s.id)).toBe(before);
    expect(h.connector.sent.slice(sentBefore)).toEqual([]);

    // Corrected in the same dialog, it goes through.
    const ok = await submit(s, refused.card!, 'send_puk', { puk: PUK });
    expect(ok.message).toContain('Sent the PUK');
    expect((await h.app.desk.get(s.id))!.state).toBe('puk_delivered');
  });

  it('asks the technician and rejects from dialogs', async () => {
    const s = await submitInChat(h);
    const ask = await open(s, users.agent, 'ask');
    expect(inputsIn(ask.card)).toEqual(['Input.Text#question']);
    expect((await submit(s, ask.card!, 'ask', { question: 'Which site is the camera on?' })).message).toContain('on its way');
    const chat = personalChat(users.tech);
    await h.connector.waitFor(
      () => h.connector.in(chat).find((x) => textOf(x.activity).includes('Which site is the camera on?')),
      3000,
      'the question',
    );
    expect((await h.app.desk.get(s.id))!.state).toBe('needs_info');

    const reject = await open(s, users.agent, 'reject');
    expect(inputsIn(reject.card)).toEqual(['Input.Text#reason']);
    const empty = await submit(s, reject.card!, 'reject', { reason: ' ' });
    expect(JSON.stringify(empty.card)).toContain('Please give a reason');
    expect((await h.app.desk.get(s.id))!.state).toBe('needs_info');
    expect((await submit(s, empty.card!, 'reject', { reason: 'Not our camera.' })).message).toContain('Rejected');
    await h.connector.waitFor(
      () => h.connector.in(chat).find((x) => textOf(x.activity).includes('declined by support')),
      3000,
      'the rejection',
    );
    expect((await h.app.desk.get(s.id))!.rejection?.reason).toBe('Not our camera.');
  });

  it('keeps the paperwork in one dialog: a document asked for, a Bosch ticket recorded, a bad ticket shown in the dialog', async () => {
    const s = await submitInChat(h);
    const paperwork = await open(s, users.agent, 'paperwork');
    expect(inputsIn(paperwork.card)).toEqual(['Input.ChoiceSet#document', 'Input.Text#note', 'Input.Text#ticket']);

    const bad = await submit(s, paperwork.card!, 'record_ticket', { ticket: '12345' });
    expect(bad.response.task).toMatchObject({ type: 'continue' });
    expect(JSON.stringify(bad.card)).toMatch(/#87/);
    expect((await h.app.desk.get(s.id))!.boschTicket).toBeUndefined();
    expect((await submit(s, bad.card!, 'record_ticket', { ticket: '#8712345678' })).message).toContain('ticket number saved');
    expect((await h.app.desk.get(s.id))!.boschTicket).toBe('#8712345678');
    await h.connector.waitFor(
      () => latestText(h.connector, s.cardMessage).includes('#8712345678') || undefined,
      3000,
      'the ticket on the card',
    );

    const again = await open(s, users.agent, 'paperwork');
    expect(
      (await submit(s, again.card!, 'request_document', { document: 'authorization_letter', note: 'Bosch asks for it' })).message,
    ).toContain('asked for the document');
    const chat = personalChat(users.tech);
    await h.connector.waitFor(
      () => h.connector.in(chat).find((x) => /Authorization Letter/i.test(textOf(x.activity))),
      3000,
      'the request for the letter',
    );
    expect((await h.app.desk.get(s.id))!.state).toBe('needs_info');
  });

  it('answers a dialog opened before another agent claimed the request, and does not act on it', async () => {
    const s = await submitInChat(h);
    const opened = await open(s, users.agent, 'send_puk');
    await press(h, s, users.agent2, 'claim');
    const before = await snapshot(s.id);
    const stale = await submit(s, opened.card!, 'send_puk', { puk: PUK });
    expect(stale.response.task).toMatchObject({ type: 'message' });
    expect(stale.message).toMatch(new RegExp(`${s.id} changed while this form was open: it is now .*held by @Ada Agent`));
    expect(stale.message).toContain('Nothing was done');
    expect(await snapshot(s.id)).toBe(before);
    expect(JSON.stringify(h.connector.sent)).not.toContain(PUK);
  });

  it('answers a dialog for a request that ended meanwhile, and a PUK dialog once the PUK was sent', async () => {
    const s = await submitInChat(h);
    const first = await open(s, users.agent, 'send_puk');
    const second = await open(s, users.agent2, 'send_puk');
    expect((await submit(s, first.card!, 'send_puk', { puk: PUK })).message).toContain('Sent the PUK');
    const late = await submit(s, second.card!, 'send_puk', { puk: 'OTHERPUK12345' }, users.agent2);
    expect(late.message).toContain('changed while this form was open');
    expect(JSON.stringify(h.connector.sent)).not.toContain('OTHERPUK12345');

    const s2 = await submitInChat(h, users.outsider);
    const reject = await open(s2, users.agent, 'reject');
    await h.bot.send(personalMessage(h.connector.url, users.outsider, `cancel ${s2.id}`));
    const ended = await submit(s2, reject.card!, 'reject', { reason: 'too late' });
    expect(ended.message).toContain('changed while this form was open');
    expect((await h.app.desk.get(s2.id))!.state).toBe('cancelled');
  });

  it('does not open a support form for someone who is not an agent, nor apply one they forge', async () => {
    const s = await submitInChat(h);
    const before = await snapshot(s.id);
    const fetched = await openDialog(h, users.tech, s.cardConversation, s.cardMessage, {
      msteams: { type: 'task/fetch' },
      dialog: 'send_puk',
      requestId: s.id,
      card: 'support',
    });
    expect(fetched.card).toBeUndefined();
    expect(fetched.message).toMatch(/Only support agents can send the PUK for/);
    // A forged submit with the right stamp: the core still refuses.
    const opened = await open(s, users.agent, 'send_puk');
    const forged = await submitDialog(h, users.tech, s.cardConversation, s.cardMessage, opened.card!, 'send_puk', { puk: PUK });
    expect(forged.message).toMatch(/Only support agents/);
    // A verb the dialog does not offer is refused, not run.
    const data = { ...((opened.card!.actions as Json[])[0]!.data as Json), verb: 'reject', reason: 'x' };
    const wrong = await h.bot.send(taskInvoke(h.connector.url, users.agent, 'task/submit', s.cardConversation, s.cardMessage, data));
    expect(JSON.stringify(wrong.body)).toContain('older version');
    expect(await snapshot(s.id)).toBe(before);
  });

  it('no longer takes a form value on a card button: an old card with inputs gets pointed at the dialog', async () => {
    const s = await submitInChat(h);
    const before = await snapshot(s.id);
    const old = await press(h, s, users.agent, 'send_puk', { puk: PUK });
    expect(old.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(old.value)).toContain('dialog');
    expect(await snapshot(s.id)).toBe(before);
  });
});

describe('a support dialog the request no longer takes does not open', () => {
  const agent = speaking(users.agent, 'de-DE');
  const agent2 = speaking(users.agent2, 'de-DE');
  /** The button of a card sent before the request moved on (a refresh may not have come yet). */
  const button = (s: Submitted, dialog: string): Json => ({ msteams: { type: 'task/fetch' }, dialog, requestId: s.id, card: 'support' });
  /** `dialog` pressed by `by`: Teams is answered with the German of `key`, and no dialog. */
  const refusedAtOnce = async (s: Submitted, dialog: string, key: Parameters<typeof REFUSALS.word>[1], values: Values, by = agent) => {
    const before = await snapshot(s.id);
    const d = await openDialog(h, by, s.cardConversation, s.cardMessage, button(s, dialog));
    expect(d.response.task, dialog).toMatchObject({ type: 'message' });
    expect(d.card, `${dialog}: a dialog opened`).toBeUndefined();
    expect(d.message, dialog).toContain(REFUSALS.word('de', key, values));
    expect(await snapshot(s.id)).toBe(before);
  };
  const opens = async (s: Submitted, dialog: string, by: TeamsUser = agent) => {
    const d = await openDialog(h, by, s.cardConversation, s.cardMessage, button(s, dialog));
    expect(d.card, `${dialog} dialog`).toBeDefined();
    dialogCards.push(d.card!);
    return d;
  };

  it('after the PUK went out: Send PUK and Ask say why at once; Paperwork opens for a ticket, and Reject still opens', async () => {
    const s = await submitInChat(h);
    await fill(h, s, agent, 'send_puk', { puk: PUK });
    const at = formatClockTime((await h.app.desk.get(s.id))!.puk!.sentAt, 'Europe/Berlin');
    const other = { mention: { platform: 'teams' as const, id: agent.id, name: agent.name } };
    await refusedAtOnce(s, 'send_puk', 'refusal.puk_already_sent_by_at', { id: s.id, other, at });
    await refusedAtOnce(s, 'ask', 'refusal.not_with_support', { id: s.id, what: 'ask', state: 'puk_delivered' });
    await opens(s, 'reject');
    const paperwork = await opens(s, 'paperwork');
    expect((await submit(s, paperwork.card!, 'record_ticket', { ticket: '#8712345678' })).response.task).toMatchObject({
      type: 'message',
    });
    expect((await h.app.desk.get(s.id))!.boschTicket).toBe('#8712345678');
  });

  it('after the request ended: no support dialog opens, Paperwork included', async () => {
    const s = await submitInChat(h);
    await h.bot.send(personalMessage(h.connector.url, users.tech, `cancel ${s.id}`));
    await h.connector.waitFor(async () => (await h.app.desk.get(s.id))?.state === 'cancelled' || undefined, 3000, 'the cancel');
    const ended = (what: string) => ({ id: s.id, what, state: 'cancelled', cmd: { code: 'camreset' } });
    for (const dialog of ['send_puk', 'ask', 'reject']) await refusedAtOnce(s, dialog, 'refusal.ended', ended(dialog));
    await refusedAtOnce(s, 'paperwork', 'refusal.ended', ended('paperwork'));
  });

  it('while another agent holds the request: Ask says so to the second agent, and opens for the holder', async () => {
    const s = await submitInChat(h);
    await press(h, s, agent, 'claim');
    const other = { mention: { platform: 'teams' as const, id: agent.id, name: agent.name } };
    await refusedAtOnce(s, 'ask', 'refusal.claimed_by_other', { id: s.id, other }, agent2);
    await opens(s, 'ask', agent);
  });
});

describe('one card, the right buttons for each viewer', () => {
  it('posts a read-only card that refreshes to the agents, who get the buttons that fit; anyone else gets none', async () => {
    const s = await submitInChat(h);
    const shared = latestCard(h.connector, s.cardMessage)!;
    expect(actionButtons(shared)).toEqual([]);
    expect(shared.refresh).toMatchObject({
      action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: s.id, card: 'support' } },
      userIds: [users.agent.id, users.agent2.id],
    });

    const agent = await agentView(h, s, users.agent);
    expect(verbs(agent)).toContain('claim');
    expect([...dialogs(agent)].sort()).toEqual(['ask', 'bosch_email', 'paperwork', 'reject', 'send_puk']);
    // The technician (not an agent) refreshing the same card: no action buttons.
    expect(actionButtons(await agentView(h, s, users.tech))).toEqual([]);

    // After a claim: the holder is refreshed first; the agents' view offers Release / Take over.
    await press(h, s, users.agent2, 'claim');
    const claimed = latestCard(h.connector, s.cardMessage)!;
    expect((claimed.refresh as { userIds: string[] }).userIds).toEqual([users.agent2.id, users.agent.id]);
    expect(actionButtons(claimed)).toEqual([]);
    expect(verbs(await agentView(h, s, users.agent))).toEqual(expect.arrayContaining(['release', 'take_over']));
    expect(actionButtons(await agentView(h, s, users.tech))).toEqual([]);

    // Once it has ended nobody has buttons, and the card stops asking to be refreshed.
    await fill(h, s, users.agent2, 'reject', { reason: 'Not ours.' });
    await h.connector.waitFor(() => latestText(h.connector, s.cardMessage).includes('Rejected') || undefined, 3000, 'the rejected card');
    const ended = latestCard(h.connector, s.cardMessage)!;
    expect(ended.refresh).toBeUndefined();
    expect(actionButtons(await agentView(h, s, users.agent))).toEqual([]);
    for (const c of [agent, claimed, ended]) if (c) dialogCards.push(c);
  });
});

describe("the technician's forms in dialogs", () => {
  it('fills the device details in a dialog: errors shown there, the summary follows in the chat', async () => {
    const chat = personalChat(users.tech);
    await h.bot.send(personalMessage(h.connector.url, users.tech, 'camreset'));
    const welcome = await h.connector.waitFor(() => withButton(h.connector.in(chat), 'details'), 3000, 'the welcome');
    const id = REQUEST_ID.exec(textOf(welcome.activity))![0];
    expect(inputsIn(cardsOf(welcome.activity))).toEqual([]);
    const form = await openDialog(h, users.tech, chat, welcome.id, dialogButtonData(cardsOf(welcome.activity), 'details')!);
    dialogCards.push(form.card!);
    expect(inputsIn(form.card)).toEqual([
      'Input.Text#challenge',
      'Input.Text#model',
      'Input.Text#mac',
      'Input.Text#firmware',
      'Input.Text#serial',
      // The reader's language (issue 14): a choice in the details dialog.
      'Input.ChoiceSet#language',
    ]);
    // Someone else cannot open it.
    expect((await openDialog(h, users.agent, chat, welcome.id, dialogButtonData(cardsOf(welcome.activity), 'details')!)).message).toMatch(
      /^Only @Tina Tech/,
    );

    const bad = await submitDialog(h, users.tech, chat, welcome.id, form.card!, 'set_fields', {
      challenge: 'short',
      model: 'NDE-5503-AL',
      mac: 'zz',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
    dialogCards.push(bad.card!);
    expect(JSON.stringify(bad.card)).toMatch(/MAC/);
    expect((await h.app.desk.get(id))!.device.model).toBeUndefined();
    const good = await submitDialog(h, users.tech, chat, welcome.id, bad.card!, 'set_fields', {
      challenge: 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6',
      mac: '00:07:5F:12:34:56',
    });
    expect(good.message).toContain('Details checked');
    const summary = await h.connector.waitFor(() => withButton(h.connector.in(chat), 'submit'), 3000, 'the summary');
    expect(textOf(summary.activity)).toContain('NDE-5503-AL');

    // Edit from the summary opens the same dialog with what is known.
    const edit = await openDialog(h, users.tech, chat, summary.id, dialogButtonData(cardsOf(summary.activity), 'details')!);
    dialogCards.push(edit.card!);
    expect(JSON.stringify(edit.card)).toContain('"value":"NDE-5503-AL"');
  });

  it('reports "It did not work" with a note from a dialog', async () => {
    const s = await submitInChat(h);
    await fill(h, s, users.agent, 'send_puk', { puk: PUK });
    const chat = personalChat(users.tech);
    const pukMessage = await h.connector.waitFor(() => withButton(h.connector.in(chat), 'failed'), 3000, 'the PUK');
    // Only the technician may open it.
    const data = dialogButtonData(cardsOf(pukMessage.activity), 'failed')!;
    expect((await openDialog(h, users.agent, chat, pukMessage.id, data)).message).toMatch(/^Only @Tina Tech/);
    const told = await fillOnCard(h, users.tech, pukMessage, 'failed', 'failed', { note: 'Page said invalid' });
    expect(told.message).toContain('Support has been told');
    await h.connector.waitFor(
      () => h.connector.in(s.cardConversation).find((x) => textOf(x.activity).includes('Page said invalid')),
      3000,
      'the note to support',
    );
    expect((await h.app.desk.get(s.id))!.state).toBe('awaiting_support');
    // Dialog cards are checked too.
    const d = await openDialog(h, users.tech, chat, pukMessage.id, data);
    if (d.card) dialogCards.push(d.card);
  });
});
