// Issue 14, acceptance 2: a technician on a Spanish Teams client (es-ES) answered from a support
// channel in Slack (SLACK_SUPPORT_CHANNEL; SUPPORT_LANGUAGE unset, so English) by agents whose
// Slack profiles say en-US. Each reads their own language: everything the technician reads in
// Teams is Spanish (the welcome, the questions, the refusals, the PUK and its steps, the warnings,
// the expiry), everything an agent reads in Slack English (the card, the thread's notices, the
// warnings, their own refusals). Both platforms as an operator configures them; a ManualClock
// moves the challenge's hour.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BotClient, cardAction, personalChat, personalMessage, speaking, users } from '../../support/teams/activities.js';
import { FakeConnector, cardsOf, type Sent, textOf } from '../../support/teams/connector.js';
import { signedTeamsEnv, signerFor } from '../../support/teams/harness.js';
import { FakeIdentity } from '../../support/teams/identity.js';
import {
  CODE,
  PUK,
  dialogButtonData,
  openDialog,
  requestIdIn,
  submitDialog,
  withButton,
  type Dialog,
  type TeamsEnds,
} from '../../support/teams/story.js';
import { englishIn, readerWords, sentencesIn } from '../../support/teams/catalog-sentences.js';
import { allCardProblems } from '../../support/teams/validate.js';
import { AGENT, AGENT2, SUPPORT, SlackWorld, textOf as slackText } from '../../support/slack/harness.js';
import { SlackFake, type SlackMessage } from '../../support/slack/fake.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';
import { COPY, FIELDS, FIRMWARE, NOTICES, REFUSALS } from '../../../src/core/i18n/catalog.js';
import { TEAMS_WORDS } from '../../../src/platforms/teams/words.js';
import type { Values } from '../../../src/core/i18n/say.js';

type Json = Record<string, unknown>;

/** A sentence as the Spanish catalogs word it, so a review of the wording does not break the story. */
const es = <K extends string>(b: { word(l: 'es', key: K, values?: Values): string }, key: K, values?: Values): string =>
  b.word('es', key, values);

const tech = speaking(users.tech, 'es-ES');
const chat = personalChat(tech);

let world: SlackWorld | undefined;
let connector: FakeConnector | undefined;
let identity: FakeIdentity | undefined;
let bot: BotClient;
let clock: ManualClock;
/** What the technician was shown besides the messages the bot sent: invoke answers, dialogs. */
let read: unknown[] = [];
const cards: Json[] = [];

async function start(): Promise<void> {
  clock = new ManualClock();
  read = [];
  connector = await new FakeConnector().start();
  const fake = await new FakeIdentity().start();
  identity = fake;
  connector.authorize = (header) => fake.acceptsConnectorCall(header);
  fake.issueConnectorToken();
  world = await SlackWorld.start({
    driver: 'memory',
    clock,
    env: { ...signedTeamsEnv(fake, connector), SUPPORT_LANGUAGE: '' },
    fake: (f) => {
      f.user(AGENT, 'alex', { locale: 'en-US' });
      f.user(AGENT2, 'ada', { locale: 'en-US' });
    },
  });
  bot = new BotClient(`http://127.0.0.1:${world.port}`, {}, signerFor(fake));
}

afterEach(async () => {
  if (connector && world) {
    cards.push(...connector.cards());
    // The technician read no English sentence of ours...
    const teams = [...connector.sent.map((s) => s.activity), ...read].map(readerWords).join('\n');
    expect(englishIn(teams)).toEqual([]);
    // ...and the agents no Spanish one (what the technician typed is theirs, not ours).
    const slack = world.fake
      .wordCalls()
      .map((c) => SlackFake.textOf(c.args))
      .join('\n');
    expect(sentencesIn('es', slack)).toEqual([]);
    expect(connector.unauthorized).toEqual([]);
  }
  await world?.stop();
  await connector?.stop();
  await identity?.stop();
  world = undefined;
  connector = undefined;
});
afterAll(() => {
  expect(englishIn('CR-1 is being handled by @Alex Agent. Ask them, or press Take over to take it over')).not.toEqual([]);
  expect(sentencesIn('es', 'Atención: el código de desafío de CR-1 caduca dentro de 5 minutos')).not.toEqual([]);
  expect(cards.length).toBeGreaterThan(8);
  expect(allCardProblems(cards)).toEqual([]);
});

const inChat = (): Sent[] => connector!.in(chat);
const said = () => inChat().map((m) => textOf(m.activity));
const waitFor = <T>(check: () => T | undefined | false, what: string) => connector!.waitFor(check, 3000, what);
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
/** The card's thread in Slack: what the agents read there. */
const thread = (card: SlackMessage) => world!.replies({ channel: SUPPORT, thread: card.ts }).map((m) => slackText(m));
const cardNow = (card: SlackMessage) => slackText(world!.fake.messages(SUPPORT).find((m) => m.ts === card.ts)!);

async function say(text: string): Promise<string> {
  const before = inChat().length;
  await bot.send(personalMessage(connector!.url, tech, text));
  await waitFor(() => inChat().length > before, `the answer to ${text}`);
  return textOf(inChat().at(-1)!.activity);
}

/** What the Teams dialog helpers take: the Slack world's app, as Teams reaches it, and the connector. */
const teams = (): TeamsEnds => ({ bot, connector: connector! });

/** A Spanish technician's request, pasted at once in Spanish (one value refused, then corrected), submitted to Slack's support. */
async function spanishRequest(): Promise<{ id: string; card: SlackMessage }> {
  await bot.send(personalMessage(connector!.url, tech, 'camreset'));
  const welcome = await waitFor(() => withButton(inChat(), 'details'), 'the welcome');
  const id = requestIdIn(textOf(welcome.activity));
  const text = textOf(welcome.activity);
  expect(text).toContain(es(NOTICES, 'welcome.started', { id }));
  expect(text).toContain(es(NOTICES, 'question.challenge'));
  // The age as the technician types it back below, in the reader's words.
  expect(text).toContain('generado hace 10 minutos');
  expect(titles(cardsOf(welcome.activity))).toEqual([es(COPY, 'action.use_form'), 'Cancelar']);

  const refused = await say(
    `Código de desafío: ${CODE} generado hace 10 minutos\nModelo: NDE-5503-AL\nDirección MAC: 00-07-5f-12-34\nVersión de firmware: 7.80.0128\nNúmero de serie: 404754734001050102`,
  );
  expect(refused).toContain(es(FIELDS, 'mac.wrong_count', { example: '00:07:5F:12:34:56', count: 10 }));
  expect(refused).toContain('Una dirección MAC tiene 12 cifras hexadecimales');
  expect(refused).toContain(es(NOTICES, 'intake.code_expires', { at: '15:50', left: '50 minutos' }));
  await say('Dirección MAC: 00-07-5f-12-34-56');
  const summary = await waitFor(() => withButton(inChat(), 'submit'), 'the summary');
  expect(textOf(summary.activity)).toContain(es(NOTICES, 'summary.heading', { id }));
  expect(textOf(summary.activity)).toContain('Número de serie: 404754734001050102');
  expect(titles(cardsOf(summary.activity))).toEqual(['Enviar a soporte', es(COPY, 'action.edit'), 'Cancelar']);

  const answer = (await bot.send(cardAction(connector!.url, tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }))).body;
  read.push(answer);
  expect(readerWords(answer)).toContain(es(TEAMS_WORDS, 'settled.submitted', { at: '15:00' }));
  await waitFor(() => said().find((t) => t.includes(es(NOTICES, 'submitted.with_support', { id }))), 'the technician told');
  // The same button again: refused, in Spanish.
  const again = (await bot.send(cardAction(connector!.url, tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' })))
    .body as Json;
  read.push(again);
  expect(again.value).toBe(es(REFUSALS, 'refusal.already_submitted', { id }));

  // The card in Slack's support channel, in English.
  const card = await world!.cardOf(id);
  const words = slackText(card);
  expect(words).toContain(`${id} · camera password reset · waiting for an agent`);
  expect(words).toContain('Nobody has claimed it yet.');
  expect(words).toContain('*Serial:* 404754734001050102');
  for (const button of ['Claim', 'Send PUK', 'Ask technician', 'Request document', 'Reject']) expect(words).toContain(button);
  return { id, card };
}

describe('a Spanish technician in Teams, answered from Slack in English', () => {
  it('each reads their own language from intake to the PUK, its steps and the reset check', async () => {
    await start();
    const w = world!;
    const { id, card } = await spanishRequest();

    // A claim; a second agent's claim is refused to them alone, in English.
    await w.clickCard(card, 'claim', AGENT);
    await waitFor(() => said().find((t) => t.startsWith('@') && t.endsWith(es(NOTICES, 'claimed', { agent: '', id }))), 'the claim told');
    await w.clickCard(card, 'claim', AGENT2);
    const [refusal] = await w.ephemeralsFor(AGENT2);
    expect(SlackFake.textOf(refusal!.args.blocks)).toContain(
      `${id} is being handled by <@${AGENT}>. Ask them, or press *Take over* to take it over: they will be told.`,
    );

    // What the technician writes reaches the thread, introduced in English.
    await bot.send(personalMessage(connector!.url, tech, 'La cámara está en el tejado norte'));
    await w.reply({ channel: SUPPORT, thread: card.ts }, /Tina Tech wrote: La cámara está en el tejado norte/);

    // The warnings: Spanish in Teams, English in Slack.
    await clock.advance(minutes(35));
    await waitFor(
      () => said().find((t) => t.startsWith(es(NOTICES, 'warning.heads_up', { id, left: '15 minutos', at: '15:50' }))),
      'the first warning to the technician',
    );
    await w.reply({ channel: SUPPORT, thread: card.ts }, new RegExp(`\\*${id}: the challenge expires in 15 minutes\\* \\(at `));
    await clock.advance(minutes(10));
    await waitFor(
      () => said().find((t) => t.startsWith(es(NOTICES, 'warning.heads_up', { id, left: '5 minutos', at: '15:50' }))),
      'the second warning',
    );
    await w.reply({ channel: SUPPORT, thread: card.ts }, new RegExp(`\\*${id}: the challenge expires in 5 minutes\\*`));
    expect(thread(card).join('\n')).toContain('Send the PUK before then, or the technician must start over with a new code.');

    // Send PUK in Slack's modal: a PUK the rules refuse, shown there in English; then the real one.
    const bad = await w.submitForm(card, 'send_puk', 'camreset.puk', { puk: 'x1' });
    expect(JSON.parse(bad.body)).toEqual({
      response_action: 'errors',
      errors: { puk: "That PUK has 2 letters and digits; a PUK has 8 to 64. Copy it again from Bosch's answer." },
    });
    const modal = await w.openedView('camreset.puk');
    expect(SlackFake.textOf(modal)).toContain('Only the technician will see it, in a private message from camreset.');
    await w.submitForm(card, 'send_puk', 'camreset.puk', { puk: PUK });

    // The PUK in the technician's Teams chat, with the Spanish steps around Bosch's own words.
    const puk = await waitFor(() => withButton(inChat(), 'done'), 'the PUK');
    const steps = textOf(puk.activity);
    expect(steps).toContain(PUK);
    expect(steps).toContain(es(NOTICES, 'puk.next_steps', { text: es(FIRMWARE, 'firmware.service_only_after', { version: '7.80.0128' }) }));
    expect(steps).toContain(`1. ${es(FIRMWARE, 'firmware.enter_puk')}`);
    expect(steps).toContain(`2. ${es(FIRMWARE, 'firmware.click_send')}`);
    expect(steps).toContain(`3. ${es(FIRMWARE, 'firmware.sign_in_default')}`);
    // Bosch's own words stay theirs, verbatim, inside the Spanish steps.
    expect(steps).toContain('el campo «Response Code»');
    expect(steps).toContain('«Send»');
    expect(steps).toContain(es(NOTICES, 'deadline.expires', { at: '15:50', left: '5 minutos' }));
    expect(titles(cardsOf(puk.activity))).toEqual([es(COPY, 'action.done'), es(COPY, 'action.failed')]);
    expect(titles(cardsOf(puk.activity))).toEqual(['Funcionó', 'No funcionó']);
    await w.cardWhen({ card }, /PUK sent by <@UAGENT1> at .*\(shown only to the technician\)\./);
    expect(JSON.stringify(w.fake.messages(SUPPORT))).not.toContain(PUK);

    // The window runs out after the PUK: the technician is asked in Spanish, support told in English.
    await clock.advance(minutes(6));
    const check = await waitFor(
      () => inChat().find((m) => textOf(m.activity).includes('¿Funcionó el restablecimiento?')),
      'the reset check',
    );
    expect(textOf(check.activity)).toContain(es(NOTICES, 'reset_check.ask', { id, service: { code: 'service' } }));
    expect(titles(cardsOf(check.activity))).toEqual(['Funcionó', 'No funcionó']);
    await w.reply({ channel: SUPPORT, thread: card.ts }, new RegExp(`\\*${id}: the challenge window ran out after the PUK was sent\\.\\*`));

    // "No funcionó" in its Teams dialog, in Spanish; support reads it in English.
    const data = dialogButtonData(cardsOf(check.activity), 'failed');
    expect(data).toBeDefined();
    const failed: Dialog = await openDialog(teams(), tech, chat, check.id, data!);
    read.push(failed.response);
    if (failed.card) cards.push(failed.card);
    expect(failed.response.task).toMatchObject({ value: { title: es(TEAMS_WORDS, 'dialog.title.failed') } });
    expect(titles(failed.card)).toEqual([es(TEAMS_WORDS, 'dialog.tell_support')]);
    const told = await submitDialog(teams(), tech, chat, check.id, failed.card!, 'failed', { note: 'La página dice inválido' });
    read.push(told.response);
    expect(told.message).toBe(es(TEAMS_WORDS, 'dialog.done.failed'));
    await w.reply({ channel: SUPPORT, thread: card.ts }, new RegExp(`\\*${id}: the technician reports the reset did not work\\.\\*`));
    expect(thread(card).join('\n')).toContain('They wrote: La página dice inválido');
    expect(JSON.stringify(w.fake.messages(SUPPORT))).not.toContain(PUK);
  });

  it('lets a request expire: the technician told in Spanish, support in English', async () => {
    await start();
    const w = world!;
    const { id, card } = await spanishRequest();
    // An agent opens Send PUK, and the code runs out before they submit it.
    const opened = w.fake.callsTo('views.open').length;
    await w.clickCard(card, 'send_puk');
    const stale = await w.openedView('camreset.puk', opened);
    await clock.advance(minutes(51));
    const expired = await waitFor(() => inChat().find((m) => textOf(m.activity).includes('ha caducado.')), 'the expiry to the technician');
    expect(textOf(expired.activity)).toBe(`${es(NOTICES, 'expired.requester', { id })}\n${es(NOTICES, 'expired.new_code')}`);
    await w.reply(
      { channel: SUPPORT, thread: card.ts },
      new RegExp(
        `\\*${id}: the challenge code expired\\.\\* Any PUK for it is useless now\\. The technician has been asked for a new code`,
      ),
    );
    await w.cardWhen({ card }, /camera password reset · challenge expired/);
    expect(cardNow(card)).toContain('The challenge code expired; waiting for the technician to paste a new one.');
    // The agent's Send PUK for the dead code is refused to them, in English; pressed again, it opens no form and says so.
    const late = await w.slack.submitView({ user: AGENT, view: stale, values: { puk: PUK } });
    expect(late.body).toBe('');
    const [refusal] = await w.ephemeralsFor(AGENT);
    expect(SlackFake.textOf(refusal!.args.blocks)).toContain(`The challenge code of ${id} has expired.`);
    expect(JSON.stringify(w.fake.messages(SUPPORT))).not.toContain(PUK);
    const views = w.fake.callsTo('views.open').length;
    await w.clickCard(card, 'send_puk');
    const [, again] = await w.ephemeralsFor(AGENT, 2);
    expect(SlackFake.textOf(again!.args.blocks)).toContain(`The challenge code of ${id} has expired.`);
    expect(w.fake.callsTo('views.open').length).toBe(views);

    const status = await say('camreset estado');
    expect(status).toContain(`${id} — ${es(COPY, 'state.expired')}.`);
  });
});
