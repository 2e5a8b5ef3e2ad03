// Teams speaks each person's language: the locale their client sends with every message and
// invoke decides it (a choice in the details dialog wins over it), a language we do not have is
// English with one short note, and the support card stays in SUPPORT_LANGUAGE whoever asks for
// it while what an agent gets privately is in their own. Through POST /api/messages with real
// JWTs and the fake Bot Connector.
//
// Teams' own words (its dialogs, the answers to buttons and forms) are asserted as the reader
// reads them. The core's words (the welcome, forms' titles, the core's refusals) are asserted as
// what the core says in that language, so they read French here as soon as the core's catalogs do.

import { IntlMessageFormat } from 'intl-messageformat';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { forms, intakeActions } from '../../../src/core/copy.js';
import { LOCALES } from '../../../src/core/i18n/locale.js';
import type { ResetRequest } from '../../../src/core/request.js';
import { type CardKind, type DialogKind, dialogCard, dialogTitle } from '../../../src/platforms/teams/dialogs.js';
import { noticeCard, supportCard } from '../../../src/platforms/teams/cards.js';
import { cardModel } from '../../../src/core/card.js';
import { cardAction, personalChat, personalMessage, speaking, taskInvoke, type TeamsUser, users } from '../../support/teams/activities.js';
import { cardsOf, textOf } from '../../support/teams/connector.js';
import { latestCard, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  CODE,
  DETAILS,
  type Dialog,
  dialogButtonData,
  dialogOf,
  openDialog,
  requestIdIn,
  submitDialog,
  submitInChat,
  withButton,
} from '../../support/teams/story.js';
import { allCardProblems } from '../../support/teams/validate.js';
import { TEAMS_WORDS } from '../../../src/platforms/teams/words.js';
import { french } from '../../support/i18n/quotes.js';

type Json = Record<string, unknown>;

const NOTE =
  "Your app is set to Brazilian Portuguese, which I don't speak yet, so I'm writing in English. To choose one of the languages I speak, type camreset language.";

let h: TeamsHarness | undefined;
const seen: Json[] = [];

afterEach(async () => {
  if (h) {
    seen.push(...h.connector.cards());
    await h.close();
  }
  h = undefined;
});
afterAll(() => {
  // Every card the bot sent in these flows, in whatever language, parses within Teams' limits.
  expect(seen.length).toBeGreaterThan(5);
  expect(allCardProblems(seen)).toEqual([]);
});

async function started(user: TeamsUser, env: Record<string, string> = {}) {
  h = await startTeams({ env });
  const harness = h;
  const chat = personalChat(user);
  await harness.bot.send(personalMessage(harness.connector.url, user, 'camreset'));
  const welcome = await harness.connector.waitFor(() => withButton(harness.connector.in(chat), 'details'), 3000, 'the welcome');
  return { h: harness, chat, welcome, id: requestIdIn(textOf(welcome.activity)) };
}

function detailsDialog(harness: TeamsHarness, user: TeamsUser, chat: string, message: { id: string; activity: Json }): Promise<Dialog> {
  const data = dialogButtonData(cardsOf(message.activity), 'details');
  if (!data) throw new Error('no details button on that card');
  return openDialog(harness, user, chat, message.id, data);
}

const titleOf = (d: Dialog) => ((d.response.task as Json).value as Json).title;
const submitTitles = (card: Json | undefined) => ((card?.actions ?? []) as Json[]).map((a) => a.title);
const choice = (card: Json | undefined, id: string) => ((card?.body ?? []) as Json[]).find((e) => e.id === id);

describe("a technician's language comes from their Teams client", () => {
  it('a technician on a French client gets French: the welcome, a refusal, the details dialog', async () => {
    const tech = speaking(users.tech, 'fr-FR');
    const { h, chat, welcome, id } = await started(tech);
    // The desk heard a French speaker, and the welcome is worded for one.
    expect((await h.app.desk.get(id))?.requester.locale).toBe('fr');
    const labels = (cardsOf(welcome.activity)[0]?.actions as Json[]).map((a) => a.title);
    expect(labels).toEqual(expect.arrayContaining(intakeActions('fr').map((a) => a.label)));
    expect(textOf(welcome.activity)).not.toContain(NOTE);

    // A button from an older card: refused in French.
    const old = await h.bot.send(cardAction(h.connector.url, tech, chat, welcome.id, 'submit', { requestId: '' }));
    expect((old.body as Json).value).toBe(french('Ce bouton vient d’une ancienne version de cette carte ; recommencez avec camreset.'));

    // The details dialog: its title, its buttons, the language list set to French.
    const form = await detailsDialog(h, tech, chat, welcome);
    expect(titleOf(form)).toBe(forms('fr').details.title);
    expect(submitTitles(form.card)).toEqual(['Vérifier les détails', 'Annuler la demande']);
    expect(choice(form.card, 'language')).toMatchObject({ label: 'Langue', value: 'fr' });
    expect(JSON.stringify(form.card)).toContain('32 lettres et chiffres de la page de réinitialisation');

    // A form opened before the request changed: nothing is done, and the reason is in French.
    const stale = {
      ...form.card!,
      actions: (form.card!.actions as Json[]).map((a) => ({ ...a, data: { ...(a.data as Json), stamp: 'x' } })),
    };
    const refused = await submitDialog(h, tech, chat, welcome.id, stale, 'set_fields', { challenge: CODE });
    expect(refused.message).toContain(`${id} a changé pendant que ce formulaire était ouvert`);
    expect(refused.message).toContain('Rien n’a été fait.');

    const done = await submitDialog(h, tech, chat, welcome.id, form.card!, 'set_fields', {
      challenge: CODE,
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
    expect(done.message).toBe(french('Détails vérifiés ; le récapitulatif est dans le chat.'));
    // Nothing here was in a language we lack: no note.
    expect(h.connector.in(chat).filter((s) => textOf(s.activity).includes(NOTE))).toEqual([]);
  });

  it('a technician on a Brazilian Portuguese client reads English, told so once, in English', async () => {
    const tech = speaking(users.tech, 'pt-BR');
    const { h, chat, welcome, id } = await started(tech);
    const inChat = () => h.connector.in(chat).map((s) => textOf(s.activity));
    // The note comes first, then the welcome.
    expect(inChat()[0]).toBe(NOTE);
    expect(inChat().indexOf(NOTE)).toBeLessThan(inChat().findIndex((t) => t.includes(id)));
    expect((await h.app.desk.get(id))?.requester.locale).toBe('en');

    // More messages and invokes from the same client: English, and no second note.
    await h.bot.send(personalMessage(h.connector.url, tech, `${CODE}\n${DETAILS}`));
    await h.connector.waitFor(() => withButton(h.connector.in(chat), 'submit'), 3000, 'the summary');
    const form = await detailsDialog(h, tech, chat, welcome);
    expect(submitTitles(form.card)).toEqual(['Check details', 'Cancel request']);
    expect(choice(form.card, 'language')).toMatchObject({ label: 'Language', value: 'en' });
    const old = await h.bot.send(cardAction(h.connector.url, tech, chat, welcome.id, 'submit', { requestId: '' }));
    expect((old.body as Json).value).toBe('That button is from an older version of this card; please start again with camreset.');
    const before = inChat().length;
    await h.bot.send(personalMessage(h.connector.url, tech, 'status'));
    await h.connector.waitFor(() => (inChat().length > before ? true : undefined), 3000, 'the status');
    expect(inChat().filter((t) => t === NOTE)).toHaveLength(1);
  });

  it('choosing Deutsch in the details dialog answers in German, and what follows stays German', async () => {
    const tech = speaking(users.tech, 'fr-FR');
    const { h, chat, welcome, id } = await started(tech);
    const form = await detailsDialog(h, tech, chat, welcome);
    const languages = choice(form.card, 'language')?.choices as Json[];
    expect(languages.map((c) => c.title)).toEqual(['English', 'Deutsch', 'Français', 'Español', 'Italiano', 'Nederlands']);

    const chosen = await submitDialog(h, tech, chat, welcome.id, form.card!, 'set_fields', {
      language: 'de',
      challenge: CODE,
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
    expect(chosen.message).toBe('Details geprüft; die Zusammenfassung steht im Chat.');

    // The client still says fr-FR; the choice wins from now on.
    const summary = await h.connector.waitFor(() => withButton(h.connector.in(chat), 'submit'), 3000, 'the summary');
    const again = await detailsDialog(h, tech, chat, summary);
    expect(titleOf(again)).toBe(forms('de').details.title);
    expect(submitTitles(again.card)).toEqual(['Details prüfen', 'Anfrage abbrechen']);
    expect(choice(again.card, 'language')).toMatchObject({ label: 'Sprache', value: 'de' });
    const old = await h.bot.send(cardAction(h.connector.url, tech, chat, summary.id, 'submit', { requestId: '' }));
    expect((old.body as Json).value).toBe('Dieser Button stammt aus einer älteren Version der Karte; bitte fang mit camreset neu an.');
    // Leaving the list as it is changes nothing (it is no new choice).
    const kept = await submitDialog(h, tech, chat, summary.id, again.card!, 'set_fields', {});
    expect(kept.message).toBe('Details geprüft; die Zusammenfassung steht im Chat.');
    expect((await h.app.desk.get(id))?.state).toBe('collecting');
  });
});

describe('support: the shared card in SUPPORT_LANGUAGE, the private words in the agent’s own', () => {
  it('a Spanish agent refreshing the card gets the card in German (SUPPORT_LANGUAGE=de) and Spanish private answers', async () => {
    h = await startTeams({ env: { SUPPORT_LANGUAGE: 'de' } });
    const harness = h;
    const s = await submitInChat(harness);
    const agent = speaking(users.agent, 'es-ES');
    const refresh = (requestId: string) =>
      harness.bot.send(
        cardAction(harness.connector.url, agent, s.cardConversation, s.cardMessage, 'refresh', { requestId, card: 'support' }),
      );

    // The shared card as posted, and the agent's view a refresh gives: both in German.
    const posted = latestCard(harness.connector, s.cardMessage)!;
    expect((posted.refresh as Json & { action: Json }).action.title).toBe('Meine Aktionen');
    const view = (await refresh(s.id)).body as Json;
    expect(view.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = view.value as Json;
    const titles = JSON.stringify(card);
    expect(titles).toContain('"title":"Unterlagen"');
    expect(titles).not.toContain('Documentos');
    expect((card.refresh as Json & { action: Json }).action.title).toBe('Meine Aktionen');

    // What only the agent reads is Spanish: a refresh of a request that is gone, the dialog they open.
    expect(((await refresh('CR-0000-GONE')).body as Json).value).toBe('Esa solicitud ya no existe.');
    const data = dialogButtonData(card, 'paperwork')!;
    const paperwork = dialogOf(
      (await harness.bot.send(taskInvoke(harness.connector.url, agent, 'task/fetch', s.cardConversation, s.cardMessage, data)))
        .body as Json,
    );
    expect(titleOf(paperwork)).toBe('Documentos');
    expect(JSON.stringify(paperwork.card)).toContain(`${s.id}: Documentos`);
    const ticket = await submitDialog(harness, agent, s.cardConversation, s.cardMessage, paperwork.card!, 'record_ticket', {
      ticket: '#8712345678',
    });
    expect(ticket.message).toBe('Número de ticket de Bosch guardado en la tarjeta.');

    // Claiming redraws the card for everyone: German again, not the presser's Spanish.
    const claimed = (
      await harness.bot.send(
        cardAction(harness.connector.url, agent, s.cardConversation, s.cardMessage, 'claim', { requestId: s.id, card: 'support' }),
      )
    ).body as Json;
    expect(claimed.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(claimed.value)).toContain(forms('de').claimed.title);
    expect(JSON.stringify(claimed.value)).not.toContain('Documentos');
    seen.push(card, claimed.value as Json, paperwork.card!);

    // Every card in every language stays within Teams' limits (German is usually the longest).
    const request = (await harness.app.desk.get(s.id))!;
    expect(allCardProblems(everyCardIn(request))).toEqual([]);
  });
});

describe('an agent whose client speaks a language we do not have', () => {
  it('is told once, privately and in English, when their first act is a button on the support card', async () => {
    h = await startTeams();
    const harness = h;
    const s = await submitInChat(harness);
    const agent = speaking(users.agent, 'pt-BR');
    const before = harness.connector.sent.length;
    for (let i = 0; i < 2; i++) {
      const r = await harness.bot.send(
        cardAction(harness.connector.url, agent, s.cardConversation, s.cardMessage, 'refresh', { requestId: s.id, card: 'support' }),
      );
      // The card is the shared one, in the support language; the note goes elsewhere.
      expect(JSON.stringify((r.body as Json).value)).not.toContain(NOTE);
    }
    const notes = () => harness.connector.sent.slice(before).filter((x) => textOf(x.activity) === NOTE);
    await harness.connector.waitFor(() => notes()[0], 3000, 'the note');
    expect(notes()).toHaveLength(1);
    expect(notes()[0]!.conversationId.startsWith('19:')).toBe(false);
  });
});

describe("Teams' own catalogs", () => {
  it('have every English key in all six languages, with the same placeholders, and each formats', () => {
    const en = TEAMS_WORDS.catalogs.en;
    const placeholders = (m: string | undefined) => [...(m ?? '').matchAll(/\{(\w+)/g)].map((x) => x[1]).sort();
    for (const locale of LOCALES) {
      const catalog = TEAMS_WORDS.catalogs[locale];
      expect(Object.keys(catalog).sort(), locale).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as Array<Parameters<typeof TEAMS_WORDS.word>[1]>) {
        expect(placeholders(catalog[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
        // say() would quietly fall back to English on a message that does not parse: parse it here.
        expect(() => new IntlMessageFormat(catalog[key] ?? '', locale, undefined, { ignoreTag: false }), `${locale} ${key}`).not.toThrow();
        const values = { at: { time: 0 }, command: 'camreset', verb: 'x', id: 'CR-1', state: 's', agent: 'a', title: 't', example: 'e' };
        expect(TEAMS_WORDS.word(locale, key, values).length, `${locale} ${key}`).toBeGreaterThan(0);
      }
    }
  });
});

/** Each dialog, the support card in both views and a technician's card with its refresh, in all six languages. */
function everyCardIn(request: ResetRequest): Json[] {
  const kinds: DialogKind[] = ['details', 'failed', 'send_puk', 'ask', 'reject', 'paperwork'];
  const from: CardKind = 'support';
  const long = 'x'.repeat(400);
  const cards: Json[] = [];
  for (const locale of LOCALES) {
    const model = cardModel(request, Date.now(), locale);
    for (const kind of kinds) {
      expect(dialogTitle(kind, locale).length).toBeGreaterThan(0);
      cards.push(dialogCard(kind, request, from, {}, locale));
      cards.push(dialogCard(kind, request, from, { error: long, values: { note: long, question: long, reason: long } }, locale));
    }
    cards.push(supportCard(model, request.id, { viewer: 'agent', refreshFor: [users.agent.id], locale }));
    cards.push(supportCard(model, request.id, { viewer: 'shared', locale }));
    const words = { lines: [[long]], actions: intakeActions(locale) };
    cards.push(noticeCard(words, { requestId: request.id, card: 'notice' }, { locale }, { viewer: 'shared', owner: users.tech.id }));
  }
  return cards;
}
