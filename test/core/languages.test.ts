// How a person's language is chosen and remembered: the language book (a choice, the platform's
// tag, the one English note), the commands in the six languages, and the choice reaching the
// technician's open requests, so what the bot tells them later reads in it.

import { describe, expect, it, vi } from 'vitest';
import { LANGUAGE } from '../../src/core/i18n/catalog.js';
import { LOCALES, type Locale } from '../../src/core/i18n/locale.js';
import { LanguageBook, fallbackNote, localeNamed, noticeWithoutLocales } from '../../src/core/languages.js';
import type { Notice } from '../../src/core/notices.js';
import { readerLocale } from '../../src/core/copy.js';
import type { KeyValueStore } from '../../src/core/ports.js';
import { StoreUnavailableError } from '../../src/core/ports.js';
import { type Command, COMMAND_WORDS, commandAfter, commandIn, read } from '../../src/core/reading.js';
import type { Actor } from '../../src/core/request.js';
import { type Inline, plainText } from '../../src/core/rich.js';
import { MemoryKeyValues } from '../../src/drivers/memory/key-values.js';
import { CODE, DETAILS, agent, createTestDesk, minutes, tech } from '../support/desk.js';
import { french } from '../support/i18n/quotes.js';

const anna: Actor = { platform: 'teams', id: '29:anna' };
const bert: Actor = { platform: 'slack', id: 'UBERT' };

/** A key-value store whose backend is down. */
const broken: KeyValueStore = {
  get: () => Promise.reject(new Error('connection refused')),
  set: () => Promise.reject(new Error('connection refused')),
};

describe('the language book', () => {
  it("takes the platform's language until the person chooses one, then keeps their choice", async () => {
    const book = new LanguageBook(new MemoryKeyValues());
    expect(await book.resolve(anna, 'fr-FR')).toEqual({ locale: 'fr', fallbackNote: false, changed: false, reported: 'fr-FR' });
    await book.choose(anna, 'de');
    expect(await book.resolve(anna, 'fr-FR')).toEqual({ locale: 'de', fallbackNote: false, changed: false, reported: 'fr-FR' });
    expect(await book.resolve(anna)).toEqual({ locale: 'de', fallbackNote: false, changed: false, reported: 'fr-FR' });
    // Someone else on the same platform is not affected.
    expect((await book.resolve({ platform: 'teams', id: '29:other' }, 'fr-FR')).locale).toBe('fr');
  });

  it("follows the platform's tag when it changes, and remembers it for events that do not say", async () => {
    const book = new LanguageBook(new MemoryKeyValues());
    expect((await book.resolve(bert, 'de-DE')).locale).toBe('de');
    expect((await book.resolve(bert, 'nl_BE')).locale).toBe('nl');
    // A timer's warning an hour later: no platform tag, the last one holds.
    expect((await book.resolve(bert)).locale).toBe('nl');
    expect(await book.read(bert)).toEqual({ reported: 'nl_BE' });
    expect((await book.resolve(bert, '')).locale).toBe('en');
  });

  it('says when the language read changes from the one known before, and not at a first sighting or under a choice', async () => {
    const book = new LanguageBook(new MemoryKeyValues());
    expect((await book.resolve(anna, 'fr-FR')).changed).toBe(false);
    expect((await book.resolve(anna, 'fr-CA')).changed).toBe(false);
    expect(await book.resolve(anna, 'de-DE')).toEqual({ locale: 'de', fallbackNote: false, changed: true, reported: 'de-DE' });
    expect((await book.resolve(anna)).changed).toBe(false);
    // A language we lack reads English: a change too, from German.
    expect(await book.resolve(anna, 'pt-BR')).toEqual({ locale: 'en', fallbackNote: true, changed: true, reported: 'pt-BR' });
    await book.choose(anna, 'it');
    expect((await book.resolve(anna, 'nl-NL')).changed).toBe(false);
  });

  it('keeps the note owed when nothing can be said now (a lookup in the background), for the next time', async () => {
    const book = new LanguageBook(new MemoryKeyValues());
    expect(await book.resolve(anna, 'pt-BR', { telling: false })).toEqual({
      locale: 'en',
      fallbackNote: false,
      changed: false,
      reported: 'pt-BR',
    });
    expect(await book.resolve(anna)).toEqual({ locale: 'en', fallbackNote: true, changed: false, reported: 'pt-BR' });
    expect((await book.resolve(anna)).fallbackNote).toBe(false);
  });

  it('says once per person, in English, that their platform speaks a language we do not have', async () => {
    const book = new LanguageBook(new MemoryKeyValues());
    expect(await book.resolve(anna, 'pt-BR')).toEqual({ locale: 'en', fallbackNote: true, changed: false, reported: 'pt-BR' });
    expect(await book.resolve(anna, 'pt-BR')).toEqual({ locale: 'en', fallbackNote: false, changed: false, reported: 'pt-BR' });
    expect(await book.resolve(anna, 'ja-JP')).toEqual({ locale: 'en', fallbackNote: false, changed: false, reported: 'ja-JP' });
    expect(await book.resolve(bert, 'pt-BR')).toEqual({ locale: 'en', fallbackNote: true, changed: false, reported: 'pt-BR' });
    // A person who chose a language is never told.
    const chose: Actor = { platform: 'slack', id: 'UCHOSE' };
    await book.choose(chose, 'es');
    expect(await book.resolve(chose, 'pt-BR')).toEqual({ locale: 'es', fallbackNote: false, changed: false, reported: 'pt-BR' });
    // No tag at all is no news to tell.
    expect(await book.resolve({ platform: 'slack', id: 'UNONE' }, '')).toEqual({
      locale: 'en',
      fallbackNote: false,
      changed: false,
      reported: '',
    });
  });

  it("reads English (or the platform's language) when its store throws, and never holds anything up", async () => {
    const book = new LanguageBook(broken);
    expect(await book.resolve(anna)).toEqual({ locale: 'en', fallbackNote: false, changed: false });
    expect(await book.resolve(anna, 'it-IT')).toEqual({ locale: 'it', fallbackNote: false, changed: false, reported: 'it-IT' });
    // It cannot remember having said it, so it does not say it at every message.
    expect(await book.resolve(anna, 'pt-BR')).toEqual({ locale: 'en', fallbackNote: false, changed: false, reported: 'pt-BR' });
    await expect(book.choose(anna, 'de')).resolves.toBeUndefined();
    expect(await book.read(anna)).toEqual({});
  });

  it('reads a stored record it does not understand as none', async () => {
    const kv = new MemoryKeyValues();
    const book = new LanguageBook(kv);
    for (const raw of ['not json', 'null', '"de"', '{"chosen":"pt","reported":7,"noted":"yes"}']) {
      await kv.set('language:teams:29:anna', raw);
      expect(await book.read(anna), raw).toEqual({});
      expect((await book.resolve(anna)).locale, raw).toBe('en');
    }
  });

  it("words the fallback note in English, naming the app's language when it can, and how to choose", () => {
    expect(plainText(fallbackNote('/camreset', 'pt-BR'))).toBe(
      "Your app is set to Brazilian Portuguese, which I don't speak yet, so I'm writing in English. " +
        'To choose one of the languages I speak, type /camreset language.',
    );
    expect(plainText(fallbackNote('camreset', 'ja'))).toContain('Your app is set to Japanese,');
    expect(plainText(fallbackNote('camreset', 'not a tag!'))).toBe(
      "Your app is set to a language I don't speak yet, so I'm writing in English. " +
        'To choose one of the languages I speak, type camreset language.',
    );
    expect(fallbackNote('camreset').lines[0]).toContainEqual({ code: 'camreset language' });
  });
});

describe('commands in six languages', () => {
  it.each(LOCALES)('reads the %s words as a whole message, in any case', (l) => {
    const w = COMMAND_WORDS[l];
    expect(commandIn(w.help)).toEqual({ word: 'help' });
    expect(commandIn(w.status.toUpperCase())).toEqual({ word: 'status' });
    expect(commandIn(`${w.cancel}.`)).toEqual({ word: 'cancel' });
    expect(commandIn(`${w.cancel} cr-7k3m`)).toEqual({ word: 'cancel', id: 'CR-7K3M' });
    expect(commandIn(w.language)).toEqual({ word: 'language' });
    expect(commandIn(`${w.language} de`)).toEqual({ word: 'language', locale: 'de' });
    expect(commandAfter(`${w.language} fr-FR`)).toEqual({ word: 'language', locale: 'fr' });
    // The English words work whatever the language.
    expect(commandIn('status')).toEqual({ word: 'status' });
  });

  const inMessage: Array<[string, Command | undefined]> = [
    ['Hilfe', { word: 'help' }],
    ['Aide !', { word: 'help' }],
    ['¿Estado?', { word: 'status' }],
    ['STATUT', { word: 'status' }],
    ['Stato', { word: 'status' }],
    ['Annulla', { word: 'cancel' }],
    ['abbrechen CR-7K3M', { word: 'cancel', id: 'CR-7K3M' }],
    ['Annuleren!', { word: 'cancel' }],
    ['Sprache', { word: 'language' }],
    ['Sprache Deutsch', { word: 'language', locale: 'de' }],
    ['langue Français', { word: 'language', locale: 'fr' }],
    ['langue francais', { word: 'language', locale: 'fr' }],
    ['idioma español', { word: 'language', locale: 'es' }],
    ['IDIOMA ESPAÑOL', { word: 'language', locale: 'es' }],
    ['lingua italiano', { word: 'language', locale: 'it' }],
    ['lingua inglese', { word: 'language', locale: 'en' }],
    ['lingua tedesca', { word: 'language', locale: 'de' }],
    ['taal Engels', { word: 'language', locale: 'en' }],
    ['taal nl-BE', { word: 'language', locale: 'nl' }],
    ['language Dutch', { word: 'language', locale: 'nl' }],
    // One we lack, typed as a tag: the answer says which exist.
    ['language pt', { word: 'language', unknown: 'pt' }],
    ['camreset sprache fr', { word: 'language', locale: 'fr' }],
    ['camreset hilfe', { word: 'help' }],
    // A command word inside a sentence never is one.
    ['Hilfe, die Seite zeigt nichts', undefined],
    ['aide-moi, la page est vide', undefined],
    ['estado de la cámara: offline', undefined],
    ['annulla la mia ultima risposta', undefined],
    ['Sprache der Kamera ist Englisch', undefined],
    ['langue du menu: anglais', undefined],
    ['taal alsjeblieft', undefined],
    ['abbrechen CR-7K3M und CR-8N4P', undefined],
  ];
  it.each(inMessage)('%j in a conversation is %j', (text, command) => {
    expect(commandIn(text)).toEqual(command);
  });

  const afterCommand: Array<[string, Command]> = [
    ['sprache', { word: 'language' }],
    ['SPRACHE de-CH', { word: 'language', locale: 'de' }],
    ['language Deutsch', { word: 'language', locale: 'de' }],
    ['langue néerlandais.', { word: 'language', locale: 'nl' }],
    ['language klingon', { word: 'language', unknown: 'klingon' }],
    ['language pt-BR', { word: 'language', unknown: 'pt-BR' }],
    ['abbrechen meine letzte Nachricht', { word: 'cancel', unclear: true }],
    ['aiuto', { word: 'help' }],
    [CODE, { word: 'start', text: CODE }],
  ];
  it.each(afterCommand)('/camreset %j is %j', (text, command) => {
    expect(commandAfter(text)).toEqual(command);
  });

  it("never reads an agent's words in the card's thread as a command, in any language", () => {
    for (const text of ['Sprache de', 'langue', 'estado', 'annulla'])
      expect(read({ place: 'card', text, files: 0 }).kind).toBe('card_reply');
    expect(read({ place: 'request', text: 'Sprache de', files: 0 }).kind).toBe('command');
    expect(read({ place: 'elsewhere', text: 'Sprache de', files: 0 }).kind).toBe('ignore');
  });

  it('knows each language by its tag, by its own name and by its name in the other five', () => {
    expect(LOCALES.map((l) => localeNamed(l))).toEqual(LOCALES);
    expect(['Deutsch', 'German', 'allemand', 'alemán', 'tedesco', 'Duits'].map(localeNamed)).toEqual(Array(6).fill('de'));
    expect(['Nederlands', 'Dutch', 'Niederländisch', 'néerlandais', 'neerlandés', 'olandese'].map(localeNamed)).toEqual(
      Array(6).fill('nl'),
    );
    expect(localeNamed('Português')).toBeUndefined();
    expect(localeNamed('pt')).toBeUndefined();
  });
});

describe('choosing a language', () => {
  const words = (by: Actor, text: string, where: { channel: string; thread?: string; direct?: boolean; explicit?: boolean }) => ({
    where: { platform: 'slack' as const, ...where },
    by,
    text,
    command: '/camreset',
    open: async () => ({ platform: 'slack' as const, channel: 'CFIELD', thread: '9.9' }),
  });
  const dm = { channel: 'DTECH', direct: true };

  it('`language` alone lists the six, each named in itself, marks the current one and says how to choose', async () => {
    const t = createTestDesk({ languages: true });
    const heard = await t.desk.hear(words({ ...tech, locale: 'de' }, 'Sprache', dm));
    expect(plainText(heard.reply!).split('\n')).toEqual([
      'Du liest camreset auf Deutsch. Ich spreche diese Sprachen:',
      'en English',
      'de Deutsch (aktuell)',
      'fr Français',
      'es Español',
      'it Italiano',
      'nl Nederlands',
      'Tippe /camreset language en, um eine zu wählen, mit dem Kürzel oder dem Namen der Sprache.',
    ]);
    // The current one stands out on every platform: its name in bold.
    const current: Extract<Inline, { bold: string }> = { bold: 'Deutsch' };
    expect(heard.reply!.lines[2]).toEqual([{ code: 'de' }, ' ', current, ' (aktuell)']);
    const english = await t.desk.hear(words(tech, 'language', { channel: 'CFIELD', explicit: true }));
    expect(plainText(english.reply!)).toContain('en English (current)');
    expect(plainText(english.reply!)).toContain('To choose one, type /camreset language de, with its code or its name.');
    await t.close();
  });

  it('`language de` chooses it, answers in German, and moves every open request of theirs to it', async () => {
    const t = createTestDesk({ languages: true });
    const first = await t.start(tech, `${CODE}\n${DETAILS}`);
    const second = await t.start();
    const ended = await t.start();
    await t.desk.cancel(ended.id, tech);
    const someoneElse = await t.start({ ...bert, locale: 'fr' });

    const heard = await t.desk.hear(words(tech, 'language de', { channel: 'CELSEWHERE', explicit: true }));
    expect(plainText(heard.reply!)).toBe(
      'Erledigt: Ab jetzt schreibe ich dir auf Deutsch.\nDeine 2 offenen Anfragen gehen auf Deutsch weiter.',
    );
    expect(await t.languages!.read(tech)).toEqual({ chosen: 'de' });
    expect((await t.desk.get(first.id))!.requester).toEqual({ ...tech, locale: 'de' });
    expect((await t.desk.get(second.id))!.requester.locale).toBe('de');
    // An ended request, and another person's, stay as they were.
    expect((await t.desk.get(ended.id))!.requester.locale).toBeUndefined();
    expect((await t.desk.get(someoneElse.id))!.requester.locale).toBe('fr');

    // A warning a timer sends later is worded for the technician in German.
    t.outbox.clear();
    await t.clock.advance(minutes(45));
    const warning = t.outbox.to('requester').find((s) => s.notice.kind === 'warning');
    expect(warning).toBeDefined();
    expect(readerLocale(warning!.notice, (await t.desk.get(first.id))!, t.settings)).toBe('de');
    await t.close();
  });

  it.each(LOCALES)('answers a choice of %s in that language', async (l: Locale) => {
    const t = createTestDesk({ languages: true });
    await t.start();
    const heard = await t.desk.hear(words({ ...tech, locale: l === 'en' ? 'de' : 'en' }, `language ${l}`, dm));
    const said = plainText(heard.reply!);
    expect(said).toBe(
      plainText({ lines: [LANGUAGE.say(l, 'language.chosen'), LANGUAGE.say(l, 'language.chosen_requests', { count: 1 })] }),
    );
    // Each in its own words, none of them English but English itself.
    if (l !== 'en') expect(said).not.toContain('from now on');
    await t.close();
  });

  it('answers an unknown language with the ones that exist, in the current language, and changes nothing', async () => {
    const t = createTestDesk({ languages: true });
    const r = await t.start({ ...tech, locale: 'fr' });
    const heard = await t.desk.hear(words({ ...tech, locale: 'fr' }, 'langue klingon', { channel: 'CELSEWHERE', explicit: true }));
    expect(plainText(heard.reply!)).toBe(
      french(
        'Je ne parle pas « klingon ». Je parle English, Deutsch, Français, Español, Italiano ou Nederlands. Rien n’a changé.\n' +
          'Pour en choisir une, tapez /camreset language en, avec le code ou le nom de la langue.',
      ),
    );
    expect(await t.languages!.read(tech)).toEqual({});
    expect((await t.desk.get(r.id))!.requester.locale).toBe('fr');
    await t.close();
  });

  it("takes a choice typed in a request's own thread, for that request too", async () => {
    const t = createTestDesk({ languages: true });
    const r = await t.start();
    const heard = await t.desk.hear(words(tech, 'lingua italiano', r.conversation));
    expect(plainText(heard.reply!)).toContain('Fatto: d’ora in poi ti scrivo in italiano.');
    expect((await t.desk.get(r.id))!.requester.locale).toBe('it');
    await t.close();
  });

  it('keeps the choice when the requests cannot be reached, and they follow the next time the technician acts', async () => {
    const t = createTestDesk({ languages: true });
    const r = await t.start();
    const down = vi.spyOn(t.store, 'listOpen').mockRejectedValueOnce(new StoreUnavailableError());
    const heard = await t.desk.hear(words(tech, 'language nl', dm));
    expect(plainText(heard.reply!)).toBe('Klaar: vanaf nu schrijf ik je in het Nederlands.');
    down.mockRestore();
    expect(await t.languages!.read(tech)).toEqual({ chosen: 'nl' });
    // The platform resolves their language from the book: their next words carry it.
    await t.desk.message(r.id, { ...tech, locale: 'nl' }, 'hallo');
    expect((await t.desk.get(r.id))!.requester.locale).toBe('nl');
    await t.close();
  });
});

describe("the technician's language on their requests", () => {
  it('starts a request in the language of the one who starts it', async () => {
    const t = createTestDesk();
    const r = await t.start({ ...tech, locale: 'es' });
    expect(r.requester.locale).toBe('es');
    const welcome = t.outbox.to('requester').find((s) => s.notice.kind === 'welcome')!;
    expect(readerLocale(welcome.notice, (await t.desk.get(r.id))!, t.settings)).toBe('es');
    await t.close();
  });

  it("follows the requester's platform when it changes language, with the answer to that very message", async () => {
    const t = createTestDesk();
    const r = await t.start({ ...tech, locale: 'en' });
    t.outbox.clear();
    await t.desk.message(r.id, { ...tech, locale: 'it' }, CODE);
    const stored = (await t.desk.get(r.id))!;
    expect(stored.requester.locale).toBe('it');
    const reply = t.outbox.to('requester').at(-1)!;
    expect(readerLocale(reply.notice, stored, t.settings)).toBe('it');
    // Words that change nothing else still carry the language over.
    await t.desk.message(r.id, { ...tech, locale: 'nl' }, 'hello?');
    expect((await t.desk.get(r.id))!.requester.locale).toBe('nl');
    // An event that does not say which language changes nothing.
    await t.desk.message(r.id, tech, 'hello again');
    expect((await t.desk.get(r.id))!.requester.locale).toBe('nl');
    await t.close();
  });

  it('words what the lifecycle refuses, and the problems it finds in a message, in the language of the one who acted', async () => {
    const t = createTestDesk();
    const r = await t.start({ ...tech, locale: 'de' });
    const claim = await t.desk.claim(r.id, { ...agent, locale: 'fr' });
    expect(plainText({ lines: claim.ok ? [] : claim.refusal.lines })).toContain(`${r.id} n’a pas encore été envoyée`);
    const submit = await t.desk.submit(r.id, { ...tech, locale: 'de' });
    expect(plainText({ lines: submit.ok ? [] : submit.refusal.lines })).toContain(`Für ${r.id} fehlt noch:`);
    t.outbox.clear();
    await t.desk.message(r.id, { ...tech, locale: 'de' }, 'MAC 00:07:5F:12:34');
    expect(t.outbox.to('requester').at(-1)!.text).toContain('Eine MAC-Adresse hat 12 Hexadezimalziffern');
    // The agent's language was only for their refusal: nothing kept it.
    expect(JSON.stringify(await t.desk.get(r.id))).not.toContain('"fr"');
    await t.close();
  });

  it('tells the technician, in their language, when the end of a message was too long to read', async () => {
    const t = createTestDesk();
    const r = await t.start({ ...tech, locale: 'nl' });
    t.outbox.clear();
    await t.desk.message(r.id, { ...tech, locale: 'nl' }, `${CODE}\n${'tot zo\n'.repeat(250)}MAC 00:07:5F:12:34:56`);
    const reply = t.outbox.to('requester').at(-1)!;
    expect(reply.notice).toMatchObject({ kind: 'intake_reply', unread: true });
    expect(reply.text).toContain('Het einde van je bericht heb ik niet gelezen: het is te lang.');
    // Even when the rest of the details were all there: the summary says it too.
    await t.desk.message(r.id, { ...tech, locale: 'nl' }, `${DETAILS}\n${'x'.repeat(25_000)}`);
    const summary = t.outbox.to('requester').at(-1)!;
    expect(summary.notice).toMatchObject({ kind: 'summary', unread: true });
    expect(summary.text).toContain('Stuur de rest in een nieuw bericht.');
    // A message that fits says nothing of the kind.
    await t.desk.message(r.id, { ...tech, locale: 'nl' }, 'MAC 00:07:5F:12:34:57');
    expect(t.outbox.to('requester').at(-1)!.notice).not.toHaveProperty('unread');
    await t.close();
  });

  it("keeps no one's language in a notice waiting to be delivered", () => {
    const es = { ...agent, locale: 'es' as const };
    const de = { ...tech, locale: 'de' as const };
    const notices: Notice[] = [
      { audience: 'requester', kind: 'claimed', agent: es },
      { audience: 'requester', kind: 'question', from: es, text: '?' },
      { audience: 'support', kind: 'claim_taken', from: es, by: de },
      { audience: 'requester', kind: 'rejected', by: es, reason: 'no' },
      { audience: 'support', kind: 'relay', from: de, text: 'hi', files: [] },
    ];
    const kept = notices.map(noticeWithoutLocales);
    expect(JSON.stringify(kept)).not.toMatch(/locale/);
    expect(kept[2]).toEqual({ audience: 'support', kind: 'claim_taken', from: agent, by: tech });
  });

  it('follows the requester who answers "keep my code" or "carry on" in another language', async () => {
    const t = createTestDesk();
    const r = await t.submitted({ ...tech, locale: 'en' });
    const kept = await t.desk.answer(r.id, { ...tech, locale: 'de' }, 'code_keep', undefined);
    expect(plainText(kept.reply!)).toContain(`Den Challenge-Code, den ${r.id} schon hat, habe ich behalten`);
    expect((await t.desk.get(r.id))!.requester.locale).toBe('de');

    const carried = await t.desk.answer(r.id, { ...tech, locale: 'fr' }, 'continue_request', undefined);
    expect(plainText(carried.reply!)).toContain(`On continue avec ${r.id}`);
    const stored = (await t.desk.get(r.id))!;
    expect(stored.requester.locale).toBe('fr');
    // What the request tells them later reads in it.
    t.outbox.clear();
    await t.desk.claim(r.id, agent);
    const claimed = t.outbox.to('requester').find((s) => s.notice.kind === 'claimed')!;
    expect(claimed.text).toContain(`s’occupe de ${r.id}`);
    // Nothing else changed: the same state, code and history.
    expect(stored.state).toBe(r.state);
    expect(stored.challenge).toEqual(r.challenge);
    expect(stored.audit).toEqual(r.audit);
    await t.close();
  });

  it("leaves the request's language alone when someone else presses the button, or the same language does", async () => {
    const t = createTestDesk();
    const r = await t.submitted({ ...tech, locale: 'es' });
    const refused = await t.desk.answer(r.id, { ...agent, locale: 'de' }, 'code_keep', undefined);
    expect(refused.refusal?.code).toBe('not_requester');
    // The refusal is the agent's, in their language.
    expect(plainText({ lines: refused.refusal!.lines })).toContain('nur diese Person kann etwas ergänzen');
    expect((await t.desk.get(r.id))!.requester.locale).toBe('es');
    await t.desk.answer(r.id, tech, 'continue_request', undefined);
    expect((await t.desk.get(r.id))!.requester.locale).toBe('es');
    await t.close();
  });

  it("never keeps an agent's language on the request: support reads SUPPORT_LANGUAGE", async () => {
    const t = createTestDesk({ settings: { supportLanguage: 'de' } });
    const r = await t.submitted({ ...tech, locale: 'fr' });
    const french = { ...agent, locale: 'es' as const };
    await t.desk.claim(r.id, french);
    await t.desk.ask(r.id, french, 'Is the camera online?');
    const stored = (await t.desk.get(r.id))!;
    expect(stored.claimedBy).toEqual(agent);
    expect(stored.question?.askedBy).toEqual(agent);
    expect(stored.requester.locale).toBe('fr');
    const question = t.outbox.to('requester').find((s) => s.notice.kind === 'question')!;
    expect(readerLocale(question.notice, stored, t.settings)).toBe('fr');
    const card = t.outbox.to('card').at(-1)!;
    expect(readerLocale(card.notice, stored, t.settings)).toBe('de');
    await t.close();
  });
});
