// Each Slack person reads their own language: their Slack profile's (users.info with
// include_locale, asked once), or the one they choose in the details form; a language we do not
// have reads English, with one short note in English. Through the real /slack/events endpoint.

import { IntlMessageFormat } from 'intl-messageformat';
import { afterEach, describe, expect, it } from 'vitest';
import { cardActions, documentLabels, forms, intakeActions, pukActions, summaryActions } from '../../../src/core/copy.js';
import { LANGUAGE_NAMES, LOCALES } from '../../../src/core/i18n/locale.js';
import { newRequest } from '../../../src/core/lifecycle.js';
import { VIEWS, type ViewKind, buildView } from '../../../src/platforms/slack/modals.js';
import { LIMITS } from '../../../src/platforms/slack/render.js';
import { SLACK } from '../../../src/platforms/slack/words.js';
import { SITE } from '../../../src/core/i18n/catalog.js';
import { MAX_BATCH } from '../../../src/core/settings.js';
import { validateView } from '../../support/slack/fake.js';
import { messageEvent } from '../../support/slack/requests.js';
import { CODE, FIELD, FORM_DETAILS, SlackWorld, type Thread, describeDrivers, hasButton, textOf } from '../../support/slack/harness.js';
import { LOOKUP_RETRY_MS } from '../../../src/platforms/slack/language.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';

const DE = 'UDE0001';
const PT = 'UPT0001';
const FR = 'UFR0001';

/** The note a person whose Slack speaks a language we do not have gets once. */
const NOTE = /Your app is set to Brazilian Portuguese, which I don't speak yet, so I'm writing in English/;

type View = Record<string, unknown> & { title: { text: string }; blocks: Array<Record<string, unknown>> };

describeDrivers('Slack: each person in their own language', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const start = () =>
    SlackWorld.start({
      driver,
      fake: (f) => {
        f.user(DE, 'jonas', { locale: 'de-DE' });
        f.user(PT, 'ana', { locale: 'pt-BR' });
        f.user(FR, 'claire', { locale: 'en-GB' });
      },
    });

  /** /camreset by `user`; the thread it opened, once its first reply (with the form button) is there. */
  const begin = async (user: string, opening: RegExp): Promise<Thread & { parent: string }> => {
    const world = w!;
    await world.slack.command({ user, channel: FIELD, text: '' });
    const parent = await world.fake.waitFor(
      () => world.fake.messages(FIELD).find((m) => !m.thread_ts && m.text.includes(`<@${user}>`) && opening.test(m.text)),
      `the thread of ${user}`,
    );
    const t = { id: /CR-[A-Z0-9-]+/.exec(parent.text)![0], user, channel: parent.channel, thread: parent.ts, parent: parent.text };
    await world.fake.waitFor(() => world.replies(t).find((m) => hasButton(m, 'use_form')), 'the first question');
    return t;
  };

  const openForm = async (t: Thread): Promise<View> => {
    const before = w!.fake.callsTo('views.open').length;
    await w!.click(t, 'use_form', t.user);
    return (await w!.openedView(VIEWS.details, before)) as View;
  };

  const languageBlock = (view: View) =>
    view.blocks.find((b) => b.block_id === 'language') as {
      label: { text: string };
      element: { initial_option: { value: string; text: { text: string } }; options: Array<{ value: string; text: { text: string } }> };
    };

  const lookupsOf = (user: string) => w!.fake.callsTo('users.info').filter((c) => c.args.user === user);

  it('answers a de-DE person in German: the thread, the form and its refusals; users.info is asked once', async () => {
    w = await start();
    const t = await begin(DE, /Kamera-Passwort-Reset CR-/);
    expect(t.parent).toMatch(/für <@UDE0001>\. Alles dazu passiert in diesem Thread\./);

    const view = await openForm(t);
    expect(view.title.text).toBe(forms('de').details.title);
    const language = languageBlock(view);
    expect(language.label.text).toBe('Sprache');
    expect(language.element.initial_option).toMatchObject({ value: 'de', text: { text: 'Deutsch' } });
    expect(language.element.options.map((o) => o.text.text)).toEqual(LOCALES.map((l) => LANGUAGE_NAMES[l]));

    // The form refuses what is missing, in German, on the fields.
    const bad = await w.slack.submitView({ user: DE, view, values: { challenge: '', model: '', mac: '', firmware: '', serial: '' } });
    expect(bad.json).toMatchObject({
      response_action: 'errors',
      errors: {
        challenge: 'Bitte gib den Challenge-Code ein.',
        mac: 'Bitte gib die MAC-Adresse ein.',
        serial: 'Bitte gib die Seriennummer ein.',
      },
    });

    // A message in the thread and /camreset status: still the one lookup, with include_locale.
    await w.say(t, CODE);
    await w.slack.command({ user: DE, channel: FIELD, text: 'status' });
    await w.fake.waitFor(() => w!.fake.responses().length >= 1, 'the status answer');
    await w.fake.quiet(200);
    expect(lookupsOf(DE)).toHaveLength(1);
    expect(String(lookupsOf(DE)[0]!.args.include_locale)).toBe('true');
  });

  it('answers a pt-BR person in English, with the one English note first and only once', async () => {
    w = await start();
    const t = await begin(PT, /Camera password reset CR-/);
    const notes = () =>
      w!.fake
        .wordCalls()
        .map((c, i) => ({ i, c }))
        .filter(({ c }) => NOTE.test(textOf(c.args)));
    expect(notes()).toHaveLength(1);
    const [note] = notes();
    // Privately (the command's own ephemeral answer), before the thread was opened.
    expect(note!.c.method).toBe('response_url');
    expect(note!.c.args.response_type).toBe('ephemeral');
    const opened = w.fake.wordCalls().findIndex((c) => c.method === 'chat.postMessage' && textOf(c.args).includes(t.id));
    expect(note!.i).toBeLessThan(opened);
    expect(textOf(note!.c.args)).toContain('/camreset language');

    await w.say(t, CODE);
    await w.reply(t, /./, 1);
    const view = await openForm(t);
    expect(languageBlock(view).element.initial_option.value).toBe('en');
    await w.slack.command({ user: PT, channel: FIELD, text: 'status' });
    await w.fake.waitFor(() => w!.fake.responses().length >= 2, 'the status answer');
    await w.fake.quiet(200);
    expect(notes()).toHaveLength(1);
    expect(lookupsOf(PT)).toHaveLength(1);
  });

  it("the Home tab's one-time note names the profile's language, as the message's does", async () => {
    w = await start();
    await w.slack.event({ type: 'app_home_opened', user: PT, channel: w.fake.dmOf(PT), tab: 'home', event_ts: `${Date.now() / 1000}` });
    const home = await w.fake.waitFor(() => w!.fake.callsTo('views.publish').find((c) => c.response.ok), 'the Home tab');
    const text = textOf(home.args.view as object);
    expect(text).toMatch(NOTE);
    expect(text).not.toMatch(/a language I don't speak/);
  });

  it('a request started in the DM gets the English note before its thread and welcome, not after', async () => {
    w = await start();
    const dm = w.fake.dmOf(PT);
    await w.slack.event(messageEvent({ user: PT, channel: dm, text: 'camreset' }));
    const parent = await w.fake.waitFor(
      () => w!.fake.messages(dm).find((m) => !m.thread_ts && /Camera password reset CR-/.test(m.text)),
      'the request thread in the DM',
    );
    const id = /CR-[A-Z0-9-]+/.exec(parent.text)![0];
    await w.fake.waitFor(() => w!.fake.thread(dm, parent.ts).find((m) => hasButton(m, 'use_form')), 'the welcome');
    const calls = w.fake.wordCalls();
    const note = calls.findIndex((c) => NOTE.test(textOf(c.args)));
    const thread = calls.findIndex((c) => c.method === 'chat.postMessage' && textOf(c.args).includes(id));
    expect(note).toBeGreaterThanOrEqual(0);
    expect(calls.filter((c) => NOTE.test(textOf(c.args)))).toHaveLength(1);
    expect(note).toBeLessThan(thread);
    // Where the person is: their DM, seen by them alone.
    expect(calls[note]!.args.channel).toBe(dm);
  });

  it('someone chatting in a thread camreset does not own is neither looked up nor told about their language; told on /camreset', async () => {
    w = await start();
    await w.slack.event(messageEvent({ user: PT, channel: FIELD, thread_ts: '1700000000.000100', text: 'lunch at noon?' }));
    await w.fake.quiet(300);
    expect(w.fake.wordCalls()).toEqual([]);
    expect(lookupsOf(PT)).toHaveLength(0);
    await begin(PT, /Camera password reset CR-/);
    expect(w.fake.wordCalls().filter((c) => NOTE.test(textOf(c.args)))).toHaveLength(1);
  });

  it('switches to French from the details form: the answers after it, the next form and the Home tab', async () => {
    w = await start();
    const t = await begin(FR, /Camera password reset CR-/);
    const view = await openForm(t);
    expect(languageBlock(view).element.initial_option.value).toBe('en');
    const good = await w.slack.submitView({
      user: FR,
      view,
      values: { ...FORM_DETAILS, language: 'fr' },
      selects: ['language'],
    });
    expect(good.body).toBe('');
    // The summary comes once the fields are applied, and the language was chosen before them.
    await w.fake.waitFor(() => w!.replies(t).find((m) => hasButton(m, 'submit')), 'the summary');

    const again = await openForm(t);
    expect(again.title.text).toBe(forms('fr').details.title);
    expect(languageBlock(again).label.text).toBe('Langue');
    expect(languageBlock(again).element.initial_option).toMatchObject({ value: 'fr', text: { text: 'Français' } });
    const bad = await w.slack.submitView({
      user: FR,
      view: again,
      values: { challenge: '', model: 'NDE-5503-AL', mac: '', firmware: '', serial: '' },
    });
    expect(bad.json).toMatchObject({ errors: { challenge: 'Saisissez le code de challenge.' } });

    const before = w.fake.callsTo('views.publish').length;
    await w.slack.event({ type: 'app_home_opened', user: FR, channel: w.fake.dmOf(FR), tab: 'home', event_ts: `${Date.now() / 1000}` });
    const home = await w.fake.waitFor(
      () =>
        w!.fake
          .callsTo('views.publish')
          .slice(before)
          .find((c) => c.response.ok),
      'the Home tab',
    );
    expect(textOf(home.args.view as object)).toContain('Réinitialisations de mot de passe des caméras');

    // A French thread for the next request (after cancelling this one: one open request at a time is asked about).
    const replies = w.replies(t).length;
    await w.click(t, 'cancel', FR);
    await w.reply(t, new RegExp(t.id), replies);
    const next = await begin(FR, /Réinitialisation du mot de passe caméra CR-/);
    expect(next.parent).toMatch(/Tout se passe dans ce fil\./);
  });

  it('reads English when the lookup fails, and asks Slack again the next time', async () => {
    w = await start();
    w.fake.failOnce('users.info');
    const t = await begin(DE, /Camera password reset CR-/);
    expect(lookupsOf(DE)).toHaveLength(1);
    const view = await openForm(t);
    expect(lookupsOf(DE)).toHaveLength(2);
    expect(languageBlock(view).element.initial_option.value).toBe('de');
    await w.say(t, CODE);
    await w.reply(t, /./, 1);
    expect(lookupsOf(DE)).toHaveLength(2);
  });

  /** `/camreset help` by `user`: the text of the private answer it gets. */
  const help = async (user: string): Promise<string> => {
    const before = w!.fake.responses().length;
    await w!.slack.command({ user, channel: FIELD, text: 'help' });
    return textOf((await w!.fake.waitFor(() => w!.fake.responses()[before], 'the help answer')).args);
  };

  it('a rate-limited users.info holds no answer: English at once, and the person is asked about once Slack allows it', async () => {
    w = await start();
    w.fake.rateLimitOnce('users.info', { retryAfter: 1 });
    expect(await help(DE)).toContain('gets you the PUK');
    expect(lookupsOf(DE)).toHaveLength(1);
    // Not asked again while Slack said to wait; asked, and German, once it has passed.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await help(DE)).toContain('besorgt dir von unserem Support den PUK');
    expect(lookupsOf(DE)).toHaveLength(2);
  });

  it('users.info down (HTTP 503) holds no answer through the client retries: English, one try, asked again next time', async () => {
    w = await start();
    w.fake.failHttp('users.info', 1);
    expect(await help(DE)).toContain('gets you the PUK');
    expect(lookupsOf(DE)).toHaveLength(1);
    expect(await help(DE)).toContain('besorgt dir von unserem Support den PUK');
    expect(lookupsOf(DE)).toHaveLength(2);
  });

  it('a form opened in English while Slack could not say, sent back as it was, does not pin English once Slack answers', async () => {
    w = await start();
    w.fake.failOnce('users.info');
    const t = await begin(DE, /Camera password reset CR-/);
    w.fake.failOnce('users.info');
    const view = await openForm(t);
    expect(languageBlock(view).element.initial_option.value).toBe('en');
    // Submitted with the Language select as the form showed it; Slack answers users.info by now.
    await w.slack.submitView({
      user: DE,
      view,
      values: { ...FORM_DETAILS, language: 'en' },
      selects: ['language'],
    });
    await w.fake.waitFor(() => w!.replies(t).find((m) => hasButton(m, 'submit')), 'the summary');
    const again = await openForm(t);
    expect(again.title.text).toBe(forms('de').details.title);
    expect(languageBlock(again).element.initial_option.value).toBe('de');
  });
});

// A lookup that failed is tried again in the background, on the app's clock (a ManualClock here,
// which also fires the request's warnings): the memory driver's timers follow it.
describe('Slack: a language lookup that failed is tried again in the background', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const start = (clock: ManualClock) =>
    SlackWorld.start({
      driver: 'memory',
      clock,
      fake: (f) => {
        f.user(DE, 'jonas', { locale: 'de-DE' });
        f.user(PT, 'ana', { locale: 'pt-BR' });
      },
    });
  const lookupsOf = (user: string) => w!.fake.callsTo('users.info').filter((c) => c.args.user === user);
  /** `/camreset <code>` by `user`: a request with its code, so its warnings are due in 45 minutes. */
  const begin = async (user: string): Promise<Thread> => {
    const t = await w!.begin(user, FIELD, CODE);
    await w!.fake.quiet(100);
    return t;
  };
  /** The private answer to `/camreset help` by `user`. */
  const help = async (user: string): Promise<string> => {
    const before = w!.fake.responses().length;
    await w!.slack.command({ user, channel: FIELD, text: 'help' });
    return textOf((await w!.fake.waitFor(() => w!.fake.responses()[before], 'the help answer')).args);
  };

  it('a request opened while users.info failed warns in German, though the technician wrote nothing since', async () => {
    const clock = new ManualClock();
    w = await start(clock);
    const end = w.fake.outage('users.info', { user: DE, status: 500 });
    const t = await begin(DE);
    expect(textOf(w.replies(t)[0]!)).toMatch(/Password reset CR-\S+ started/);
    expect(lookupsOf(DE)).toHaveLength(1);
    end();

    // Slack answers again: the try in the background learns de-DE, once.
    await clock.advance(LOOKUP_RETRY_MS[0]!);
    expect(lookupsOf(DE)).toHaveLength(2);
    expect(lookupsOf(DE)[1]!.response).toMatchObject({ ok: true });

    const from = w.replies(t).length;
    await clock.advance(minutes(45));
    const warning = textOf(await w.reply(t, /Challenge-Code|challenge code/, from));
    expect(warning).toContain(`Achtung: Der Challenge-Code von ${t.id} läuft in 15 Minuten ab`);
    expect(warning).not.toMatch(/Heads up/);
    // And what they are answered now, without a second lookup.
    expect(await help(DE)).toContain('besorgt dir von unserem Support den PUK');
    expect(lookupsOf(DE)).toHaveLength(2);
  });

  it('learned when the person acts again (a command, not in the thread): the request follows, and the background has nothing left to try', async () => {
    const clock = new ManualClock();
    w = await start(clock);
    w.fake.failHttp('users.info', 1, 500);
    const t = await begin(DE);
    expect(textOf(w.replies(t)[0]!)).toMatch(/Password reset CR-\S+ started/);
    expect(await help(DE)).toContain('besorgt dir von unserem Support den PUK');
    const from = w.replies(t).length;
    await clock.advance(minutes(45));
    expect(textOf(await w.reply(t, /Challenge-Code|challenge code/, from))).toContain(`Achtung: Der Challenge-Code von ${t.id}`);
    expect(lookupsOf(DE)).toHaveLength(2);
  });

  it('tries a few times within minutes, one try at a time however often the person acts, then stops', async () => {
    const clock = new ManualClock();
    w = await start(clock);
    w.fake.outage('users.info', { user: DE, status: 500 });
    const t = await begin(DE);
    // Acting again meanwhile asks Slack again (in the foreground) but adds no second try in the background.
    expect(await help(DE)).toContain('gets you the PUK');
    expect(await help(DE)).toContain('gets you the PUK');
    expect(lookupsOf(DE)).toHaveLength(3);
    for (const wait of LOOKUP_RETRY_MS) await clock.advance(wait);
    expect(lookupsOf(DE)).toHaveLength(3 + LOOKUP_RETRY_MS.length);
    const total = LOOKUP_RETRY_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(minutes(10));
    // Past the first warning (45 minutes in): no further try, and the warning is English as before.
    await clock.advance(minutes(45) - total);
    expect(lookupsOf(DE)).toHaveLength(3 + LOOKUP_RETRY_MS.length);
    expect(textOf(await w.reply(t, /Heads up/))).toContain(`Heads up: the challenge code of ${t.id} expires in 15 minutes`);
  });

  it('is not tried again in the background for a missing scope (no retry mends it)', async () => {
    const clock = new ManualClock();
    w = await start(clock);
    w.fake.failOnce('users.info', 'missing_scope');
    await begin(DE);
    expect(lookupsOf(DE)).toHaveLength(1);
    for (const wait of LOOKUP_RETRY_MS) await clock.advance(wait);
    expect(lookupsOf(DE)).toHaveLength(1);
  });

  it('a language the person chose wins over the profile the background learns', async () => {
    const clock = new ManualClock();
    w = await start(clock);
    const end = w.fake.outage('users.info', { user: DE, status: 500 });
    const t = await begin(DE);
    await w.slack.command({ user: DE, channel: FIELD, text: 'language fr' });
    await w.fake.waitFor(() => w!.fake.responses().find((r) => /français/i.test(textOf(r.args))), 'the French answer');
    end();
    await clock.advance(LOOKUP_RETRY_MS[0]!);
    expect(lookupsOf(DE).at(-1)!.response).toMatchObject({ ok: true });
    const from = w.replies(t).length;
    await clock.advance(minutes(45));
    expect(textOf(await w.reply(t, /challenge|Challenge/, from))).toMatch(new RegExp(`Attention\\s:\\sle code de challenge de ${t.id}`));
    expect(await help(DE)).not.toContain('besorgt dir');
  });

  it('a language we lack, learned in the background, is named in its note the next time the person acts', async () => {
    const clock = new ManualClock();
    w = await start(clock);
    const end = w.fake.outage('users.info', { user: PT, status: 500 });
    await begin(PT);
    end();
    await clock.advance(LOOKUP_RETRY_MS[0]!);
    expect(lookupsOf(PT)).toHaveLength(2);
    const notes = () => w!.fake.wordCalls().filter((c) => /Your app is set to/.test(textOf(c.args)));
    expect(notes()).toEqual([]);
    await help(PT);
    expect(notes().map((c) => textOf(c.args))).toEqual([expect.stringMatching(NOTE)]);
  });
});

describe('Slack limits in every language', () => {
  it('keeps modal titles and their buttons within 24 characters, buttons and options within 75', () => {
    const request = newRequest({
      id: 'CR-7K3M',
      requester: { platform: 'slack', id: 'UTECH1' },
      conversation: { platform: 'slack', channel: 'CFIELD', thread: '1.2' },
      now: Date.parse('2026-11-26T14:00:00Z'),
    });
    for (const locale of LOCALES) {
      const words = forms(locale);
      for (const kind of Object.keys(VIEWS) as ViewKind[]) {
        const view = buildView(kind, request, { channel: 'CSUPPORT', thread: '1.2' }, locale);
        expect(validateView(view, 'modal'), `${locale} ${kind}`).toEqual([]);
        for (const part of [view.title, view.submit, view.close]) {
          expect(part?.text.length, `${locale} ${kind}: ${part?.text}`).toBeLessThanOrEqual(LIMITS.modalTitle);
          expect(part?.text, `${locale} ${kind} is cut`).not.toMatch(/…$/);
        }
      }
      expect(words.cancel.length).toBeLessThanOrEqual(LIMITS.modalTitle);
      const actions = [summaryActions, intakeActions, pukActions, cardActions].flatMap((of) => of(locale));
      for (const a of actions) expect(a.label.length, `${locale}: ${a.label}`).toBeLessThanOrEqual(LIMITS.buttonText);
      for (const label of [...Object.values(documentLabels(locale)), ...Object.values(LANGUAGE_NAMES)])
        expect(label.length, `${locale}: ${label}`).toBeLessThanOrEqual(75);
    }
  });
});

describe("Slack limits of a site's Send PUKs forms in every language", () => {
  it('keeps their titles, submits (for any number of PUKs) and close within 24 characters, uncut', () => {
    for (const locale of LOCALES) {
      const words = [
        SITE.word(locale, 'site.action.send_puks'),
        SLACK.word(locale, 'form.puks.submit'),
        SLACK.word(locale, 'form.puks.confirm_title'),
        forms(locale).cancel,
        ...Array.from({ length: MAX_BATCH }, (_, i) => SITE.word(locale, 'site.confirm.send', { count: i + 1 })),
      ];
      for (const text of words) expect(text.length, `${locale}: ${text}`).toBeLessThanOrEqual(LIMITS.modalTitle);
    }
  });
});

describe("Slack's own catalogs", () => {
  it('have every English key in all six languages, each a valid message with the same placeholders and marks', () => {
    const shape = (message: string) => {
      const names = new Set<string>();
      const walk = (els: unknown): void => {
        if (!Array.isArray(els)) return;
        for (const el of els as Array<Record<string, unknown>>) {
          if (typeof el.value === 'string' && el.type !== 0) names.add(`${String(el.type)}:${el.value}`);
          // A select's cases are the code's values, the same in every language (plural categories are not).
          if (el.type === 5) names.add(`cases:${el.value as string}:${Object.keys(el.options ?? {}).join('|')}`);
          walk(el.children);
          for (const o of Object.values((el.options ?? {}) as Record<string, { value: unknown }>)) walk(o.value);
        }
      };
      walk(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: false }).getAst());
      return [...names].sort();
    };
    const english = SLACK.catalogs.en;
    for (const locale of LOCALES) {
      const messages = SLACK.catalogs[locale];
      expect(Object.keys(messages).sort(), locale).toEqual(Object.keys(english).sort());
      for (const [key, source] of Object.entries(english)) {
        expect(shape(messages[key]!), `${locale} ${key}`).toEqual(shape(source!));
      }
    }
  });
});
