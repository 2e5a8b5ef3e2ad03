// Issue 14, acceptance 2: the whole reset in French through Teams, the language taken from the
// locale each person's Teams client sends (fr-FR) and the support channel in SUPPORT_LANGUAGE=fr.
// Through POST /api/messages with real JWTs and the fake Bot Connector; a ManualClock moves the
// challenge's hour. Each step asserts what the technician or the agent reads, and that no
// sentence of the English catalogs reaches either of them.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cardAction, personalChat, personalMessage, speaking, users } from '../../support/teams/activities.js';
import { cardsOf, type Sent, textOf } from '../../support/teams/connector.js';
import { latestCard, latestText, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  CODE,
  PUK,
  agentView,
  buttons,
  dialogButtonData,
  openDialog,
  press,
  requestIdIn,
  submitDialog,
  supportChannelText,
  withButton,
  type Dialog,
  type Submitted,
} from '../../support/teams/story.js';
import { englishIn, readerWords } from '../../support/teams/catalog-sentences.js';
import { allCardProblems } from '../../support/teams/validate.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';
import { CARD, COPY, FIELDS, FIRMWARE, NOTICES, REFUSALS } from '../../../src/core/i18n/catalog.js';
import { TEAMS_WORDS } from '../../../src/platforms/teams/words.js';
import type { Values } from '../../../src/core/i18n/say.js';
import { french, quoted } from '../../support/i18n/quotes.js';

type Json = Record<string, unknown>;

/** A sentence as the French catalogs word it, so a review of the wording does not break the story. */
const fr = <K extends string>(b: { word(l: 'fr', key: K, values?: Values): string }, key: K, values?: Values): string =>
  b.word('fr', key, values);

const tech = speaking(users.tech, 'fr-FR');
const agent = speaking(users.agent, 'fr-FR');
const agent2 = speaking(users.agent2, 'fr-FR');
const chat = personalChat(tech);

let h: TeamsHarness | undefined;
let clock: ManualClock;
/** Everything the French readers were shown: messages, invoke answers, dialogs. */
let read: unknown[] = [];
const cards: Json[] = [];

async function start(): Promise<TeamsHarness> {
  clock = new ManualClock();
  read = [];
  h = await startTeams({ clock, env: { SUPPORT_LANGUAGE: 'fr' } });
  return h;
}

afterEach(async () => {
  if (h) {
    cards.push(...h.connector.cards());
    // Nothing the bot sent anyone here, nor any answer or dialog, holds an English sentence.
    const shown = [...h.connector.sent.map((s) => s.activity), ...read].map(readerWords).join('\n');
    expect(englishIn(shown)).toEqual([]);
    await h.close();
  }
  h = undefined;
});
afterAll(() => {
  // The check above finds English where there is some.
  expect(englishIn(`CR-1 is being handled by @Alex Agent. Ask them, or press Take over to take it over`)).not.toEqual([]);
  expect(cards.length).toBeGreaterThan(10);
  expect(allCardProblems(cards)).toEqual([]);
});

const inChat = () => h!.connector.in(chat);
const lastInChat = () => textOf(inChat().at(-1)!.activity);
const waitFor = <T>(check: () => T | undefined | false, what: string) => h!.connector.waitFor(check, 3000, what);
const titles = (node: unknown): string[] => {
  const found: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Json;
    if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') found.push(o.title);
    Object.values(o).forEach(walk);
  };
  walk(node);
  return found;
};
/** Messages in the support card's thread (not the card itself). */
const threadOf = (s: Submitted) => h!.connector.sent.filter((m) => m.conversationId === s.cardConversation && m.kind === 'send');
const said = (messages: Sent[]) => messages.map((m) => textOf(m.activity));

async function say(text: string): Promise<string> {
  const before = inChat().length;
  await h!.bot.send(personalMessage(h!.connector.url, tech, text));
  await waitFor(() => inChat().length > before, `the answer to ${text}`);
  return lastInChat();
}

async function dialog(by: typeof tech, conversation: string, message: string, data: Json | undefined): Promise<Dialog> {
  expect(data, 'the dialog button').toBeDefined();
  const d = await openDialog(h!, by, conversation, message, data!);
  read.push(d.response);
  if (d.card) cards.push(d.card);
  return d;
}

async function submitted(d: Dialog, by: typeof tech, conversation: string, message: string, verb: string, inputs: Json): Promise<Dialog> {
  const r = await submitDialog(h!, by, conversation, message, d.card!, verb, inputs);
  read.push(r.response);
  if (r.card) cards.push(r.card);
  return r;
}

async function pressed(s: Submitted, by: typeof tech, verb: string): Promise<Json> {
  const r = await press(h!, s, by, verb);
  read.push(r);
  return r;
}

/** A French technician's request, answered one question at a time in French, submitted. */
async function frenchRequest(): Promise<Submitted> {
  await h!.bot.send(personalMessage(h!.connector.url, tech, 'camreset'));
  const welcome = await waitFor(() => withButton(inChat(), 'details'), 'the welcome');
  const id = requestIdIn(textOf(welcome.activity));
  const text = textOf(welcome.activity);
  expect(text).toContain(fr(NOTICES, 'welcome.started', { id }));
  expect(text).toContain(fr(NOTICES, 'welcome.open_page', { reset: { code: '/reset' } }));
  expect(text).toContain(`Réinitialisation du mot de passe ${id} lancée.`);
  expect(text).toContain(french('ajoutez « généré il y a 10 minutes »'));
  expect(titles(cardsOf(welcome.activity))).toEqual([fr(COPY, 'action.use_form'), 'Annuler']);
  expect((await h!.app.desk.get(id))?.requester.locale).toBe('fr');

  // The age in French moves the clock: ten of the hour are gone.
  expect(await say(`${CODE} généré il y a 10 minutes`)).toContain(fr(NOTICES, 'intake.code_expires', { at: '15:50', left: '50 minutes' }));
  expect(await say('Référence : NDE-5503-AL')).toContain(fr(NOTICES, 'intake.accepted', { values: 'référence du modèle NDE-5503-AL' }));
  // A value the rules refuse: the reason in French, and the question again.
  const refused = await say('Adresse MAC : zz-07');
  const reason = FIELDS.word('fr', 'mac.bad_char', {
    char: FIELDS.word('fr', 'field.char_quoted', { char: 'z' }),
    example: '00:07:5F:12:34:56',
  });
  expect(refused).toContain(NOTICES.word('fr', 'intake.error', { field: 'Adresse MAC', message: reason }));
  expect(refused).toContain(NOTICES.word('fr', 'question.mac'));
  // Spot check in the reader's words, so a missing translation (English here) still fails.
  expect(refused).toContain('n’est pas un chiffre hexadécimal');
  expect(await say('Adresse MAC : 00-07-5f-12-34-56')).toContain(
    fr(NOTICES, 'intake.accepted', { values: 'adresse MAC 00:07:5F:12:34:56' }),
  );
  expect(await say('Version du firmware : 7.80.0128')).toContain(
    fr(NOTICES, 'intake.accepted', { values: 'version du firmware 7.80.0128' }),
  );
  await say('N° de série : 404754734001050102');

  const summary = await waitFor(() => withButton(inChat(), 'submit'), 'the summary');
  const words = textOf(summary.activity);
  expect(words).toContain(fr(NOTICES, 'summary.heading', { id }));
  expect(words).toContain(french('Numéro de série : 404754734001050102'));
  expect(words).toContain(fr(NOTICES, 'deadline.expires', { at: '15:50', left: '50 minutes' }));
  expect(titles(cardsOf(summary.activity))).toEqual(['Envoyer au support', 'Modifier', 'Annuler']);

  const before = h!.connector.sent.length;
  const answer = (await h!.bot.send(cardAction(h!.connector.url, tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' })))
    .body;
  read.push(answer);
  expect(readerWords(answer)).toContain(fr(TEAMS_WORDS, 'settled.submitted', { at: '15:00' }));
  const card = await waitFor(() => h!.connector.sent.slice(before).find((s) => s.kind === 'create'), 'the support card');
  await waitFor(() => said(inChat()).find((t) => t.includes(fr(NOTICES, 'submitted.with_support', { id }))), 'the technician told');
  return { id, cardConversation: card.conversationId, cardMessage: card.id };
}

describe('a reset in French through Teams', () => {
  it('speaks French to the technician and the agents from intake to PUK, and to "Ça n’a pas marché"', async () => {
    h = await start();
    const s = await frenchRequest();

    // The support card, in the channel's French, read-only until an agent's client refreshes it.
    const posted = latestText(h.connector, s.cardMessage);
    expect(posted).toContain(fr(CARD, 'card.title', { id: s.id, state: 'awaiting_support' }));
    expect(posted).toContain(fr(CARD, 'card.unclaimed'));
    expect(posted).toContain(french('Numéro de série : 404754734001050102'));
    expect(titles(latestCard(h.connector, s.cardMessage))).toContain(fr(TEAMS_WORDS, 'card.show_my_actions'));
    const view = await agentView(h, s, agent);
    read.push(view);
    expect(titles(view)).toEqual(
      expect.arrayContaining(['Prendre', 'Envoyer le PUK', fr(COPY, 'action.ask'), 'Refuser', fr(TEAMS_WORDS, 'card.paperwork')]),
    );

    // A claim; a second agent's claim is refused to them alone, in French.
    await pressed(s, agent, 'claim');
    expect(latestText(h.connector, s.cardMessage)).toContain(fr(CARD, 'card.handled_by', { agent: '<at>Alex Agent</at>' }));
    await waitFor(() => said(inChat()).find((t) => t === fr(NOTICES, 'claimed', { agent: '@Alex Agent', id: s.id })), 'the claim told');
    const second = await pressed(s, agent2, 'claim');
    expect(second.value).toBe(fr(REFUSALS, 'refusal.claimed_by_other', { id: s.id, other: '@Alex Agent' }));

    // The warnings, both sides, with French durations (times are the reader's zone: 15:50 in Berlin).
    await clock.advance(minutes(35));
    await waitFor(() => said(threadOf(s)).find((t) => t.includes('expire dans 15 minutes')), 'the first warning to support');
    expect(said(threadOf(s)).at(-1)).toMatch(
      new RegExp(
        french(
          `^Pour <at>Alex Agent</at> :\\n${s.id} : le code de challenge expire dans 15 minutes \\\\\\(à \\{\\{TIME\\(2026-11-26T14:50:00Z\\)\\}\\}\\\\\\)\\. Envoyez le PUK avant`,
        ),
      ),
    );
    await waitFor(
      () => said(inChat()).find((t) => t.startsWith(fr(NOTICES, 'warning.heads_up', { id: s.id, left: '15 minutes', at: '15:50' }))),
      'the first warning to the technician',
    );
    await clock.advance(minutes(10));
    await waitFor(
      () => said(threadOf(s)).find((t) => t.includes(french(`${s.id} : le code de challenge expire dans 5 minutes`))),
      'the second warning',
    );
    await waitFor(
      () => said(inChat()).find((t) => t.startsWith(fr(NOTICES, 'warning.heads_up', { id: s.id, left: '5 minutes', at: '15:50' }))),
      'the second warning to the technician',
    );

    // Send PUK in its dialog: the title in French; a PUK the rules refuse, answered in the dialog in French.
    const opened = await dialog(agent, s.cardConversation, s.cardMessage, dialogButtonData(await agentView(h, s, agent), 'send_puk'));
    expect(opened.response.task).toMatchObject({ type: 'continue', value: { title: 'Envoyer le PUK' } });
    expect(titles(opened.card)).toEqual([fr(COPY, 'form.puk.submit')]);
    const bad = await submitted(opened, agent, s.cardConversation, s.cardMessage, 'send_puk', { puk: 'x1' });
    expect(bad.response.task).toMatchObject({ type: 'continue', value: { title: 'Envoyer le PUK' } });
    expect(readerWords(bad.card)).toContain(fr(FIELDS, 'puk.wrong_length', { count: 2, min: 8, max: 64 }));
    expect(JSON.stringify(bad.card)).toContain('"value":"x1"');
    const sent = await submitted(bad, agent, s.cardConversation, s.cardMessage, 'send_puk', { puk: PUK });
    expect(sent.message).toBe(fr(TEAMS_WORDS, 'dialog.done.send_puk'));

    // The PUK, to the technician only, with the French next steps around Bosch's own words.
    const puk = await waitFor(() => inChat().find((m) => textOf(m.activity).includes(PUK)), 'the PUK');
    const steps = textOf(puk.activity);
    expect(steps).toContain(fr(NOTICES, 'puk.heading', { id: s.id, model: 'NDE-5503-AL', mac: '00:07:5F:12:34:56' }));
    expect(steps).toContain(fr(NOTICES, 'puk.next_steps', { text: fr(FIRMWARE, 'firmware.service_only_after', { version: '7.80.0128' }) }));
    expect(steps).toContain(`1. ${fr(FIRMWARE, 'firmware.enter_puk')}`);
    expect(steps).toContain(`2. ${fr(FIRMWARE, 'firmware.click_send')}`);
    expect(steps).toContain(`3. ${fr(FIRMWARE, 'firmware.sign_in_default')}`);
    // Bosch's own words stay theirs, verbatim, inside the French steps.
    expect(steps).toContain(quoted('fr', 'Response Code'));
    expect(steps).toContain(quoted('fr', 'Send'));
    expect(steps).toContain(fr(NOTICES, 'deadline.expires', { at: '15:50', left: '5 minutes' }));
    expect(titles(cardsOf(puk.activity))).toEqual([fr(COPY, 'action.done'), fr(COPY, 'action.failed')]);
    expect(titles(cardsOf(puk.activity))[0]).toBe('La réinitialisation a marché');
    // The card's line up to its time (a Teams time markup the catalog does not hold).
    const pukSent = fr(CARD, 'card.puk_sent', { agent: '<at>Alex Agent</at>', at: '@@' });
    const sentBy = pukSent.slice(0, pukSent.indexOf('@@'));
    await waitFor(() => latestText(h!.connector, s.cardMessage).includes(sentBy), 'the card updated');
    expect(latestText(h.connector, s.cardMessage)).toContain('\\(visible seulement par le technicien\\).');
    expect(supportChannelText(h)).not.toContain(PUK);

    // "Ça n'a pas marché" in its dialog: support reads it in French, with the technician's note.
    const failed = await dialog(tech, chat, puk.id, dialogButtonData(cardsOf(puk.activity), 'failed'));
    expect(failed.response.task).toMatchObject({ value: { title: fr(TEAMS_WORDS, 'dialog.title.failed') } });
    expect(titles(failed.card)).toEqual([fr(TEAMS_WORDS, 'dialog.tell_support')]);
    const told = await submitted(failed, tech, chat, puk.id, 'failed', { note: 'La page dit invalide' });
    expect(told.message).toBe(fr(TEAMS_WORDS, 'dialog.done.failed'));
    const back = await waitFor(
      () => threadOf(s).find((m) => textOf(m.activity).includes(fr(NOTICES, 'reopened.they_wrote', { note: '' }).trim())),
      'support told',
    );
    expect(textOf(back.activity)).toBe(
      `${fr(NOTICES, 'reopened.reset_failed', { id: s.id })}\n${fr(NOTICES, 'reopened.they_wrote', { note: 'La page dit invalide' })}`,
    );
    expect(buttons(await agentView(h, s, agent))).toContain('claim');
    expect(supportChannelText(h)).not.toContain(PUK);
  });

  it('lets a second request expire, in French on both sides, and answers "camreset statut" and "camreset aide"', async () => {
    h = await start();
    const s = await frenchRequest();
    // An agent opens Send PUK, and the hour runs out before they submit it.
    const sendPuk = dialogButtonData(await agentView(h, s, agent), 'send_puk');
    const late = await dialog(agent, s.cardConversation, s.cardMessage, sendPuk);
    expect(late.card, 'the Send PUK dialog').toBeDefined();
    await clock.advance(minutes(61));
    const support = await waitFor(() => threadOf(s).find((m) => textOf(m.activity).includes('a expiré')), 'the expiry to support');
    expect(textOf(support.activity)).toContain(fr(NOTICES, 'expired.support', { id: s.id }));
    const expired = await waitFor(() => inChat().find((m) => textOf(m.activity).includes('a expiré.')), 'the expiry to the technician');
    expect(textOf(expired.activity)).toBe(`${fr(NOTICES, 'expired.requester', { id: s.id })}\n${fr(NOTICES, 'expired.new_code')}`);
    await waitFor(() => latestText(h!.connector, s.cardMessage).includes(fr(CARD, 'card.expired')), 'the expired card');
    expect(latestText(h.connector, s.cardMessage)).toContain(fr(CARD, 'card.title', { id: s.id, state: 'expired' }));
    // The agent's card has no Send PUK any more. The dialog opened before sends nothing and says
    // why, in French; the Send PUK of a card not yet refreshed opens no dialog and says the code expired.
    const view = await agentView(h, s, agent);
    read.push(view);
    expect(dialogButtonData(view, 'send_puk')).toBeUndefined();
    const stale = await submitted(late, agent, s.cardConversation, s.cardMessage, 'send_puk', { puk: PUK });
    expect(stale.message).toBe(
      `${fr(TEAMS_WORDS, 'dialog.changed', { id: s.id, state: fr(COPY, 'state.expired') })}\n${fr(TEAMS_WORDS, 'dialog.nothing_done')}`,
    );
    const pressedLate = await dialog(agent, s.cardConversation, s.cardMessage, sendPuk);
    expect(pressedLate.card, 'a dialog opened').toBeUndefined();
    expect(pressedLate.message).toContain(`Le code de challenge de ${s.id} a expiré.`);
    expect(JSON.stringify(h.connector.sent)).not.toContain(PUK);

    const status = await say('camreset statut');
    expect(status).toBe(`${fr(COPY, 'status.heading', { count: 1 })}\n${s.id} — ${fr(COPY, 'state.expired')}.`);
    const help = await say('camreset aide');
    expect(help).toContain(fr(COPY, 'help.intro'));
    expect(help).toContain(fr(COPY, 'help.step_submit', { submit: 'Envoyer au support' }));
    expect(help).toContain(quoted('fr', 'Response Code'));
    expect(help).toContain(fr(COPY, 'help.language', { language: 'camreset language', codes: 'en, de, fr, es, it ou nl' }));
  });
});
