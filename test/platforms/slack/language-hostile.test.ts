// What a forged or careless language cannot do on Slack: a details form whose Language select
// carries a value we never offered, a `/camreset language` followed by junk, a users.info answer
// whose locale is not a tag at all. Through the real /slack/events endpoint.

import { afterEach, describe, expect, it } from 'vitest';
import { forms } from '../../../src/core/copy.js';
import { LANGUAGE_NAMES } from '../../../src/core/i18n/locale.js';
import { LanguageBook } from '../../../src/core/languages.js';
import { VIEWS } from '../../../src/platforms/slack/modals.js';
import { FIELD, FORM_DETAILS, SlackWorld, type Thread, describeDrivers, hasButton, textOf } from '../../support/slack/harness.js';

const DE = 'UDE0001';
const ODD = 'UODD001';

type View = Record<string, unknown> & { title: { text: string }; blocks: Array<Record<string, unknown>> };

const FORGED = ['pt', '__proto__', 'x'.repeat(5000)];

describeDrivers('Slack: a language nobody offered changes nothing', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const start = (locale: unknown = 'de-DE') =>
    SlackWorld.start({
      driver,
      fake: (f) => {
        f.user(DE, 'jonas', { locale: 'de-DE' });
        f.user(ODD, 'odd');
        // A users.info answer as a broken proxy or a future Slack might give it: the locale as it comes.
        f.answerWith('users.info', (args) =>
          args.user === ODD
            ? { ok: true, user: { id: ODD, team_id: f.teamId, name: 'odd', profile: { real_name: 'odd' }, locale } }
            : { ok: true, user: { id: args.user, team_id: f.teamId, name: 'jonas', profile: { real_name: 'jonas' }, locale: 'de-DE' } },
        );
      },
    });

  const begin = async (user: string, opening: RegExp): Promise<Thread> => {
    const world = w!;
    await world.slack.command({ user, channel: FIELD, text: '' });
    const parent = await world.fake.waitFor(
      () => world.fake.messages(FIELD).find((m) => !m.thread_ts && m.text.includes(`<@${user}>`) && opening.test(m.text)),
      `the thread of ${user}`,
    );
    const t = { id: /CR-[A-Z0-9-]+/.exec(parent.text)![0], user, channel: parent.channel, thread: parent.ts };
    await world.fake.waitFor(() => world.replies(t).find((m) => hasButton(m, 'use_form')), 'the first question');
    return t;
  };

  const openForm = async (t: Thread): Promise<View> => {
    const before = w!.fake.callsTo('views.open').length;
    await w!.click(t, 'use_form', t.user);
    return (await w!.openedView(VIEWS.details, before)) as View;
  };

  const chosenIn = (view: View) =>
    (view.blocks.find((b) => b.block_id === 'language') as { element: { initial_option: { value: string } } }).element.initial_option.value;

  it('a forged Language value in the details form: the form answers in German and the next one is still German', async () => {
    w = await start();
    const t = await begin(DE, /Kamera-Passwort-Reset CR-/);
    for (const language of FORGED) {
      const view = await openForm(t);
      // With a field missing: the refusal is worded in the person's own language, not the forged one.
      const bad = await w.slack.submitView({
        user: DE,
        view,
        values: {
          challenge: '',
          model: 'NDE-5503-AL',
          mac: '00:07:5F:12:34:56',
          firmware: '7.80.0128',
          serial: '404754734001050102',
          language,
        },
        selects: ['language'],
      });
      expect(bad.status, language.slice(0, 20)).toBe(200);
      expect(bad.json).toMatchObject({ response_action: 'errors', errors: { challenge: 'Bitte gib den Challenge-Code ein.' } });
      // Complete: taken, and the language stays German.
      const good = await w.slack.submitView({
        user: DE,
        view,
        values: { ...FORM_DETAILS, language: language },
        selects: ['language'],
      });
      expect(good.status).toBe(200);
      await w.fake.waitFor(() => w!.replies(t).find((m) => hasButton(m, 'submit')), 'the summary');
      const again = await openForm(t);
      expect(again.title.text).toBe(forms('de').details.title);
      expect(chosenIn(again)).toBe('de');
      await w.fake.quiet(100);
    }
  });

  it('`/camreset language` with 5,000 characters or `__proto__`: which languages exist, and nothing changes', async () => {
    w = await start();
    const t = await begin(DE, /Kamera-Passwort-Reset CR-/);
    for (const [i, asked] of ['y'.repeat(5000), '__proto__'].entries()) {
      await w.slack.command({ user: DE, channel: FIELD, text: `language ${asked}` });
      const answer = await w.fake.waitFor(() => w!.fake.responses()[i], 'the language answer');
      const text = textOf(answer.args);
      for (const name of Object.values(LANGUAGE_NAMES)) expect(text).toContain(name);
      expect(text).toContain('Nichts wurde geändert.');
      // Not echoed whole back.
      expect(text.length).toBeLessThan(1000);
    }
    const view = await openForm(t);
    expect(view.title.text).toBe(forms('de').details.title);
    expect(chosenIn(view)).toBe('de');
  });

  for (const [what, locale] of [
    ['a path', '../../etc'],
    ['500 characters', 'z'.repeat(500)],
    ['a number', 42],
  ] as const) {
    it(`a users.info locale that is ${what} reads English`, async () => {
      w = await start(locale);
      const t = await begin(ODD, /Camera password reset CR-/);
      const view = await openForm(t);
      expect(view.title.text).toBe(forms('en').details.title);
      expect(chosenIn(view)).toBe('en');
    });
  }
});

describe('the language book keeps a platform tag to 35 characters', () => {
  it('stores no more of a 500-character tag than the cut, and reads it as English', async () => {
    const kept = new Map<string, string>();
    const book = new LanguageBook({ get: async (k) => kept.get(k), set: async (k, v) => void kept.set(k, v) });
    const actor = { platform: 'slack' as const, id: 'U500' };
    const { locale } = await book.resolve(actor, '../../etc/'.repeat(50));
    expect(locale).toBe('en');
    const record = JSON.parse(kept.get('language:slack:U500')!) as { reported: string };
    expect(record.reported.length).toBeLessThanOrEqual(35);
  });
});
