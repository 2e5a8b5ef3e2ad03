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

type Json = Record<string, unknown>;

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
  expect(text).toContain(`Réinitialisation du mot de passe ${id} lancée.`);
  expect(text).toContain('N’ouvrez pas /reset : sur certains modèles, la caméra redémarre.');
  expect(text).toContain('ajoutez « généré il y a 10 minutes »');
  expect(titles(cardsOf(welcome.activity))).toEqual(['Utiliser un formulaire', 'Annuler']);
  expect((await h!.app.desk.get(id))?.requester.locale).toBe('fr');

  // The age in French moves the clock: ten of the hour are gone.
  expect(await say(`${CODE} généré il y a 10 minutes`)).toContain('Code de challenge reçu. Il expire à 15:50, dans 50 minutes.');
  expect(await say('Référence : NDE-5503-AL')).toContain('C’est noté : référence du modèle NDE-5503-AL.');
  // A value the rules refuse: the reason in French, and the question again.
  const refused = await say('Adresse MAC : zz-07');
  expect(refused).toContain(
    "Adresse MAC : « z » n'est pas un chiffre hexadécimal ; une adresse MAC n'utilise que 0-9 et A-F, par exemple 00:07:5F:12:34:56.",
  );
  expect(refused).toContain('Quelle est l’adresse MAC ?');
  expect(await say('Adresse MAC : 00-07-5f-12-34-56')).toContain('C’est noté : adresse MAC 00:07:5F:12:34:56.');
  expect(await say('Version du firmware : 7.80.0128')).toContain('C’est noté : version du firmware 7.80.0128.');
  await say('N° de série : 404754734001050102');

  const summary = await waitFor(() => withButton(inChat(), 'submit'), 'the summary');
  const words = textOf(summary.activity);
  expect(words).toContain(`Tout est là pour ${id}. Vérifiez, s’il vous plaît :`);
  expect(words).toContain('Numéro de série : 404754734001050102');
  expect(words).toContain('Le code de challenge expire à 15:50, dans 50 minutes.');
  expect(titles(cardsOf(summary.activity))).toEqual(['Envoyer au support', 'Modifier', 'Annuler']);

  const before = h!.connector.sent.length;
  const answer = (await h!.bot.send(cardAction(h!.connector.url, tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }))).body;
  read.push(answer);
  expect(readerWords(answer)).toContain('Envoyé au support à');
  const card = await waitFor(() => h!.connector.sent.slice(before).find((s) => s.kind === 'create'), 'the support card');
  await waitFor(() => said(inChat()).find((t) => t.includes(`${id} est maintenant chez le support.`)), 'the technician told');
  return { id, cardConversation: card.conversationId, cardMessage: card.id };
}

describe('a reset in French through Teams', () => {
  it('speaks French to the technician and the agents from intake to PUK, and to "Ça n’a pas marché"', async () => {
    h = await start();
    const s = await frenchRequest();

    // The support card, in the channel's French, read-only until an agent's client refreshes it.
    const posted = latestText(h.connector, s.cardMessage);
    expect(posted).toContain(`${s.id} · réinitialisation du mot de passe caméra · en attente d'un agent`);
    expect(posted).toContain("Personne ne l'a encore prise.");
    expect(posted).toContain('Numéro de série : 404754734001050102');
    expect(titles(latestCard(h.connector, s.cardMessage))).toContain('Mes actions');
    const view = await agentView(h, s, agent);
    read.push(view);
    expect(titles(view)).toEqual(expect.arrayContaining(['Prendre', 'Envoyer le PUK', 'Demander au technicien', 'Refuser', 'Documents']));

    // A claim; a second agent's claim is refused to them alone, in French.
    await pressed(s, agent, 'claim');
    expect(latestText(h.connector, s.cardMessage)).toContain('Traitée par <at>Alex Agent</at>');
    await waitFor(() => said(inChat()).find((t) => t === `@Alex Agent s’occupe de ${s.id} et demande le PUK à Bosch.`), 'the claim told');
    const second = await pressed(s, agent2, 'claim');
    expect(second.value).toBe(
      `${s.id} est traitée par @Alex Agent. Demandez-lui, ou appuyez sur Reprendre pour la reprendre : cette personne sera prévenue.`,
    );

    // The warnings, both sides, with French durations (times are the reader's zone: 15:50 in Berlin).
    await clock.advance(minutes(35));
    await waitFor(() => said(threadOf(s)).find((t) => t.includes('expire dans 15 minutes')), 'the first warning to support');
    expect(said(threadOf(s)).at(-1)).toMatch(
      new RegExp(
        `^Pour <at>Alex Agent</at> :\\n${s.id} : le code de challenge expire dans 15 minutes \\\\\\(à \\{\\{TIME\\(2026-11-26T14:50:00Z\\)\\}\\}\\\\\\)\\. Envoyez le PUK avant`,
      ),
    );
    await waitFor(
      () => said(inChat()).find((t) => t.startsWith(`Attention : le code de challenge de ${s.id} expire dans 15 minutes (à 15:50).`)),
      'the first warning to the technician',
    );
    await clock.advance(minutes(10));
    await waitFor(() => said(threadOf(s)).find((t) => t.includes(`${s.id} : le code de challenge expire dans 5 minutes`)), 'the second warning');
    await waitFor(
      () => said(inChat()).find((t) => t.startsWith(`Attention : le code de challenge de ${s.id} expire dans 5 minutes (à 15:50).`)),
      'the second warning to the technician',
    );

    // Send PUK in its dialog: the title in French; a PUK the rules refuse, answered in the dialog in French.
    const opened = await dialog(agent, s.cardConversation, s.cardMessage, dialogButtonData(await agentView(h, s, agent), 'send_puk'));
    expect(opened.response.task).toMatchObject({ type: 'continue', value: { title: 'Envoyer le PUK' } });
    expect(titles(opened.card)).toEqual(['Envoyer au technicien']);
    const bad = await submitted(opened, agent, s.cardConversation, s.cardMessage, 'send_puk', { puk: 'x1' });
    expect(bad.response.task).toMatchObject({ type: 'continue', value: { title: 'Envoyer le PUK' } });
    expect(readerWords(bad.card)).toContain('Ce PUK a 2 lettres et chiffres ; un PUK en a de 8 à 64. Copiez-le à nouveau depuis la réponse de Bosch.');
    expect(JSON.stringify(bad.card)).toContain('"value":"x1"');
    const sent = await submitted(bad, agent, s.cardConversation, s.cardMessage, 'send_puk', { puk: PUK });
    expect(sent.message).toBe('PUK envoyé en privé au technicien.');

    // The PUK, to the technician only, with the French next steps around Bosch's own words.
    const puk = await waitFor(() => inChat().find((m) => textOf(m.activity).includes(PUK)), 'the PUK');
    const steps = textOf(puk.activity);
    expect(steps).toContain(`PUK pour ${s.id} (NDE-5503-AL, MAC 00:07:5F:12:34:56) :`);
    expect(steps).toContain(
      'Étapes suivantes : Firmware 7.80.0128 : après le PUK, le mot de passe de l\'utilisateur "service" est "service".',
    );
    expect(steps).toContain(
      '1. Collez le PUK dans le champ "Response Code" de la même page de réinitialisation du mot de passe qui a affiché le code de challenge.',
    );
    expect(steps).toContain('2. Cliquez sur "Send".');
    expect(steps).toContain('3. Connectez-vous tout de suite en tant qu\'utilisateur "service" avec le mot de passe "service".');
    expect(steps).toContain('Le code de challenge expire à 15:50, dans 5 minutes.');
    expect(titles(cardsOf(puk.activity))).toEqual(['La réinitialisation a marché', "Ça n'a pas marché"]);
    await waitFor(() => latestText(h!.connector, s.cardMessage).includes('PUK envoyé par <at>Alex Agent</at>'), 'the card updated');
    expect(latestText(h.connector, s.cardMessage)).toContain('\\(visible seulement par le technicien\\).');
    expect(supportChannelText(h)).not.toContain(PUK);

    // "Ça n'a pas marché" in its dialog: support reads it in French, with the technician's note.
    const failed = await dialog(tech, chat, puk.id, dialogButtonData(cardsOf(puk.activity), 'failed'));
    expect(failed.response.task).toMatchObject({ value: { title: "Ça n'a pas marché" } });
    expect(titles(failed.card)).toEqual(['Prévenir le support']);
    const told = await submitted(failed, tech, chat, puk.id, 'failed', { note: 'La page dit invalide' });
    expect(told.message).toBe("Le support sait maintenant que ça n'a pas marché.");
    const back = await waitFor(() => threadOf(s).find((m) => textOf(m.activity).includes('Son message')), 'support told');
    expect(textOf(back.activity)).toBe(
      `${s.id} : le technicien signale que la réinitialisation n’a pas marché. Elle est de nouveau ouverte pour le support.\nSon message : La page dit invalide`,
    );
    expect(buttons(await agentView(h, s, agent))).toContain('claim');
    expect(supportChannelText(h)).not.toContain(PUK);
  });

  it('lets a second request expire, in French on both sides, and answers "camreset statut" and "camreset aide"', async () => {
    h = await start();
    const s = await frenchRequest();
    await clock.advance(minutes(61));
    const support = await waitFor(() => threadOf(s).find((m) => textOf(m.activity).includes('a expiré')), 'the expiry to support');
    expect(textOf(support.activity)).toContain(
      `${s.id} : le code de challenge a expiré. Un PUK pour ce code ne sert plus à rien. Le technicien a été invité à fournir un nouveau code ; la demande reviendra ici à son arrivée.`,
    );
    const expired = await waitFor(() => inChat().find((m) => textOf(m.activity).includes('a expiré.')), 'the expiry to the technician');
    expect(textOf(expired.activity)).toBe(
      `Le code de challenge de ${s.id} a expiré. Un code n’est valable qu’une heure : il en faut donc un nouveau.\n` +
        'Générez un nouveau code de challenge sur la page de réinitialisation de la caméra et collez-le ici : la demande garde ses informations et repart directement au support.',
    );
    await waitFor(
      () => latestText(h!.connector, s.cardMessage).includes("Le code de challenge a expiré ; en attente d'un nouveau code du technicien."),
      'the expired card',
    );
    expect(latestText(h.connector, s.cardMessage)).toContain(`${s.id} · réinitialisation du mot de passe caméra · challenge expiré`);
    // The agent's card has no Send PUK any more; a PUK sent from a dialog opened before is refused, in French.
    const view = await agentView(h, s, agent);
    read.push(view);
    expect(dialogButtonData(view, 'send_puk')).toBeUndefined();
    const late = await dialog(agent, s.cardConversation, s.cardMessage, { msteams: { type: 'task/fetch' }, dialog: 'send_puk', requestId: s.id, card: 'support' });
    const refused = await submitted(late, agent, s.cardConversation, s.cardMessage, 'send_puk', { puk: PUK });
    expect(refused.message ?? readerWords(refused.card)).toContain(`Le code de challenge de ${s.id} a expiré.`);
    expect(JSON.stringify(h.connector.sent)).not.toContain(PUK);

    const status = await say('camreset statut');
    expect(status).toBe(`Vos réinitialisations de mot de passe caméra en cours (1) :\n${s.id} — code de challenge expiré.`);
    const help = await say('camreset aide');
    expect(help).toContain('camreset vous obtient auprès de notre support le PUK qui réinitialise le mot de passe service');
    expect(help).toContain('collez-le dans le champ "Response Code" de la page et cliquez sur "Send".');
    expect(help).toContain('camreset language choisit la langue dans laquelle je vous écris (en, de, fr, es, it ou nl).');
  });
});
