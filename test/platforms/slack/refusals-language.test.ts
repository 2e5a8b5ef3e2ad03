// Issue 14, acceptance 2: every refusal of src/core/refusals.ts a technician or an agent can
// meet, through the real /slack/events endpoint, reads in that person's own language (German
// here, from their Slack profiles) while the support channel stays in SUPPORT_LANGUAGE (English,
// the default). Each refusal is the private answer to the move that caused it (or, for a form,
// the error Slack shows on its field), word for word as the German catalog says it, with no
// sentence of another language; its notification text too. A time in a refusal is a <!date^…>
// token, which every Slack client shows on its reader's clock. A form left open while its step
// passed (the PUK went out, the hour ran out) is refused on submit; its button pressed after is
// refused at once, and no modal opens. The last test fails when a kind
// is added without a story; the few a Slack form keeps from ever reaching the core are listed in
// FORM_ONLY with the reason, and their form's own error is tried instead.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FIELDS, REFUSALS } from '../../../src/core/i18n/catalog.js';
import { LOCALES } from '../../../src/core/i18n/locale.js';
import type { Values } from '../../../src/core/i18n/say.js';
import { fieldLabels, parsePuk } from '../../../src/core/fields.js';
import { StoreUnavailableError } from '../../../src/core/ports.js';
import { MemoryStore } from '../../../src/drivers/memory/store.js';
import { mrkdwnLine } from '../../../src/platforms/slack/render.js';
import { VIEWS } from '../../../src/platforms/slack/modals.js';
import { SLACK } from '../../../src/platforms/slack/words.js';
import { AGENT, AGENT2, CODE, FIELD, SUPPORT, SlackWorld, TECH, TECH2, hasButton, textOf } from '../../support/slack/harness.js';
import type { SlackHttpResponse } from '../../support/slack/index.js';
import { cameraBlock, siteCode, sitePuk } from '../../support/slack/site.js';
import { sentencesIn } from '../../support/teams/catalog-sentences.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';

const who = (id: string): Values[string] => ({ mention: { platform: 'slack', id } });
type Key = Parameters<typeof REFUSALS.say>[1];
const PUK = 'PUK7X2Q9M4K8';

/** The refusal kinds of src/core/refusals.ts, read from its type. */
const KINDS = [...readFileSync(new URL('../../../src/core/refusals.ts', import.meta.url), 'utf8').matchAll(/^\s+\| '([a-z_]+)'/gm)].map(
  (m) => m[1]!,
);
/** Kinds no Slack move reaches: the form checks the value before the core is asked, in its own words (tried below). */
const FORM_ONLY: Record<string, string> = {
  invalid_fields: 'the details form checks each field before its ack (response_action: errors), with the same field messages',
  reason_required: 'the Reject form asks for the reason on its field (form.error.reason) before the core is asked',
  empty: 'the Ask form (form.error.question) and the Send PUKs form (form.error.puks) ask for something on their field first',
};

/** No sentence of another language's catalogs in what a German reader read. */
function onlyGerman(what: string, text: string): void {
  for (const l of LOCALES.filter((x) => x !== 'de')) expect(sentencesIn(l, text, 'slack'), `${what}: ${l} in German words`).toEqual([]);
}

describe('Slack: every refusal in the reader’s own language (German people, English support channel)', () => {
  let w: SlackWorld;
  const clock = new ManualClock();
  const met = new Set<string>();
  beforeAll(async () => {
    w = await SlackWorld.start({
      driver: 'memory',
      clock,
      // BATCH_MAX 2: a site is full at its second camera.
      env: { BATCH_MAX: '2' },
      fake: (f) => {
        f.user(TECH, 'jonas', { locale: 'de-DE' });
        f.user(TECH2, 'lena', { locale: 'de-DE' });
        f.user(AGENT, 'anna', { locale: 'de-AT' });
        f.user(AGENT2, 'ben', { locale: 'de-CH' });
      },
    });
  });
  afterAll(async () => w.stop());

  /** `move` by `user` is refused privately (kind `kind`) with the German of `key`; the card is not touched. */
  const refused = async (kind: string, user: string, move: () => Promise<unknown>, key: Key, values: Values = {}) => {
    const before = w.fake.ephemerals(user).length;
    await move();
    const [answer] = (await w.ephemeralsFor(user, before + 1)).slice(before);
    const german = mrkdwnLine(REFUSALS.say('de', key, values));
    const shown = textOf(answer!.args);
    expect(shown, key).toContain(german);
    onlyGerman(kind, shown);
    // The notification preview (chat.postEphemeral's `text`) is the same German.
    expect(String(answer!.args.text), `${key}: notification text`).toContain(german.slice(0, 60));
    met.add(kind);
    return shown;
  };
  /** A form's button pressed once its step is no longer taken: refused at once, and no modal opens. */
  const noForm = async (kind: string, user: string, press: () => Promise<unknown>, key: Key, values: Values = {}) => {
    const opened = w.fake.callsTo('views.open').length;
    const shown = await refused(kind, user, press, key, values);
    expect(w.fake.callsTo('views.open').length, `${kind}: a modal opened`).toBe(opened);
    return shown;
  };
  /** The modal `action` opens on the card, for `user`, to submit later. */
  const openOnCard = async (card: Parameters<SlackWorld['clickCard']>[0], action: string, callbackId: string, user = AGENT) => {
    const opened = w.fake.callsTo('views.open').length;
    await w.clickCard(card, action, user);
    return w.openedView(callbackId, opened);
  };
  /** A form answered with `errors` on its fields: `field`'s is `expected`, in German. */
  const formError = (kind: string, answer: SlackHttpResponse, field: string, expected: string) => {
    const json = answer.json as { response_action?: string; errors?: Record<string, string> };
    expect(json.response_action, kind).toBe('errors');
    expect(json.errors?.[field], kind).toBe(expected);
    onlyGerman(kind, expected);
    met.add(kind);
  };
  const click = (user: string, action: string, value: string, channel = FIELD, threadTs?: string) =>
    w.slack.click({
      user,
      actionId: `camreset.${action}`,
      value,
      channel,
      messageTs: `${Date.now() / 1000}`,
      ...(threadTs ? { threadTs } : {}),
    });
  /** Says `text` in the thread as its technician; resolves to the reply it brings. */
  const say = async (t: { channel: string; thread: string; id: string; user: string }, text: string) => {
    const before = w.replies(t).length;
    await w.say(t, text);
    return w.fake.waitFor(() => w.replies(t).slice(before)[0], 'the answer');
  };

  it('refuses the technician and the agents in German, from the first click to after the end', async () => {
    // Collecting: nothing to claim yet, nothing to confirm, not complete, not theirs.
    const t = await w.begin(TECH, FIELD);
    await refused('not_submitted', AGENT, () => click(AGENT, 'claim', t.id, SUPPORT), 'refusal.not_submitted', { id: t.id });
    await refused('no_puk_yet', TECH, () => click(TECH, 'done', t.id, FIELD, t.thread), 'refusal.no_puk_yet', { id: t.id, what: 'done' });
    await refused('incomplete', TECH, () => click(TECH, 'submit', t.id, FIELD, t.thread), 'refusal.incomplete', {
      id: t.id,
      fields: 'Challenge-Code, Modellnummer, MAC-Adresse, Firmware-Version und Seriennummer',
    });
    await refused('not_requester', AGENT, () => click(AGENT, 'cancel', t.id, FIELD, t.thread), 'refusal.not_requester', {
      id: t.id,
      requester: who(TECH),
      what: 'cancel',
    });
    await refused('not_found', TECH, () => click(TECH, 'claim', 'CR-ZZZZ', SUPPORT), 'refusal.not_found', {
      id: 'CR-ZZZZ',
      cmd: { code: '/camreset status' },
    });

    // With support: the technician can no longer edit; agents trip over each other.
    await w.say(
      t,
      `${CODE}\nModellnummer: NDE-5503-AL\nMAC-Adresse: 00-07-5f-12-34-56\nFirmware-Version: 7.80.0128\nSeriennummer: 404754734001050102`,
    );
    await w.fake.waitFor(() => w.replies(t).find((m) => hasButton(m, 'submit')), 'the summary');
    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    await refused('already_submitted', TECH, () => click(TECH, 'submit', t.id, FIELD, t.thread), 'refusal.already_submitted', { id: t.id });
    await refused('not_agent', TECH, () => click(TECH, 'claim', t.id, SUPPORT), 'refusal.not_agent', { id: t.id, what: 'claim' });
    await refused('not_claimed', AGENT, () => w.clickCard(card, 'release', AGENT), 'refusal.not_claimed', { id: t.id });
    await w.clickCard(card, 'claim', AGENT);
    await w.cardWhen(card, /Handled by <@UAGENT1>/);
    await refused('already_yours', AGENT, () => w.clickCard(card, 'claim', AGENT), 'refusal.already_yours', { id: t.id });
    await refused('claimed_by_other', AGENT2, () => w.clickCard(card, 'claim', AGENT2), 'refusal.claimed_by_other', {
      id: t.id,
      other: who(AGENT),
    });
    await refused('not_holder', AGENT2, () => w.clickCard(card, 'release', AGENT2), 'refusal.not_holder', { id: t.id, other: who(AGENT) });

    // The PUK is sent while a second Send PUK form and a question are still open: each is refused
    // on submit; pressed again on the card, Send PUK, Ask and the e-mail to Bosch are refused at once.
    const stalePuk = await openOnCard(card, 'send_puk', VIEWS.puk);
    const staleAsk = await openOnCard(card, 'ask', VIEWS.ask);
    await w.submitForm(card, 'send_puk', VIEWS.puk, { puk: PUK }, AGENT);
    const sent = await w.cardWhen(card, /PUK sent by/);
    const at = (await w.app.desk.get(t.id))!.puk!.sentAt;
    const alreadyValues = { id: t.id, other: who(AGENT), at: { time: at } };
    const already = await refused(
      'puk_already_sent',
      AGENT,
      () => w.slack.submitView({ user: AGENT, view: stalePuk, values: { puk: PUK } }),
      'refusal.puk_already_sent_by_at',
      alreadyValues,
    );
    // The time it went out is Slack's date token: each reader's client shows it on their own clock.
    expect(already).toContain(`<!date^${Math.floor(at / 1000)}^{time}|`);
    await noForm('puk_already_sent', AGENT, () => w.clickCard(sent, 'send_puk', AGENT), 'refusal.puk_already_sent_by_at', alreadyValues);
    const notWithSupport = (what: string) => ({ id: t.id, what, state: 'puk_delivered' });
    await refused(
      'not_with_support',
      AGENT,
      () => w.slack.submitView({ user: AGENT, view: staleAsk, values: { question: 'Und?' } }),
      'refusal.not_with_support',
      notWithSupport('ask'),
    );
    await noForm('not_with_support', AGENT, () => w.clickCard(sent, 'ask', AGENT), 'refusal.not_with_support', notWithSupport('ask'));
    await refused(
      'not_with_support',
      AGENT,
      () => w.clickCard(sent, 'bosch_email', AGENT),
      'refusal.not_with_support',
      notWithSupport('bosch_email'),
    );

    // Done: everything after the end.
    await w.click(t, 'done', TECH, w.fake.dmOf(TECH));
    await w.cardWhen(card, /confirmed/);
    await refused('ended', TECH, () => click(TECH, 'cancel', t.id, FIELD, t.thread), 'refusal.ended', {
      id: t.id,
      what: 'cancel',
      state: 'completed',
      cmd: { code: '/camreset' },
    });
    await refused('ended', AGENT, () => w.clickCard(card, 'claim', AGENT), 'refusal.ended', {
      id: t.id,
      what: 'claim',
      state: 'completed',
      cmd: { code: '/camreset' },
    });
    // The card stayed in the support channel's language all along.
    expect(textOf(w.fake.messages(SUPPORT).find((m) => m.ts === card.ts)!)).toContain('Requested by <@UTECH1>');
  });

  it('refuses in German a button without its value, a form’s bad values, a PUK too late, and a store that is down', async () => {
    const t = await w.begin(TECH, FIELD);
    await w.say(
      t,
      `${CODE}\nModellnummer: NDE-5503-AL\nMAC-Adresse: 00-07-5f-12-34-56\nFirmware-Version: 7.80.0128\nSeriennummer: 404754734001050102`,
    );
    await w.fake.waitFor(() => w.replies(t).find((m) => hasButton(m, 'submit')), 'the summary');
    await w.click(t, 'submit', TECH);
    const card = await w.cardOf(t.id);
    // A "use this code" button that came without the code.
    await refused('invalid_field', TECH, () => click(TECH, 'code_confirm', t.id, FIELD, t.thread), 'refusal.button_without_code');

    // Forms that ask again on their fields, in German.
    const mac = await (async () => {
      const t2 = await w.begin(TECH2, FIELD);
      const opened = w.fake.callsTo('views.open').length;
      await click(TECH2, 'use_form', t2.id, FIELD, t2.thread);
      const view = await w.openedView(VIEWS.details, opened);
      return w.slack.submitView({
        user: TECH2,
        view,
        values: { challenge: CODE, model: 'NDE-5503-AL', mac: 'zz-07', firmware: '7.80.0128', serial: '404754734001050102' },
      });
    })();
    formError(
      'invalid_fields',
      mac,
      'mac',
      FIELDS.word('de', 'mac.bad_char', { char: FIELDS.word('de', 'field.char_quoted', { char: 'z' }), example: '00:07:5F:12:34:56' }),
    );
    const form = async (action: string, view: string, values: Record<string, string>) => {
      const opened = w.fake.callsTo('views.open').length;
      await w.clickCard(card, action, AGENT);
      return w.slack.submitView({ user: AGENT, view: await w.openedView(view, opened), values });
    };
    formError('reason_required', await form('reject', VIEWS.reject, { reason: '   ' }), 'reason', SLACK.word('de', 'form.error.reason'));
    formError('empty', await form('ask', VIEWS.ask, { question: ' ' }), 'question', SLACK.word('de', 'form.error.question'));

    // The store down (Redis gone, as the driver reports it): Anna's claim is refused, and nothing changed.
    const down = (['get', 'update', 'resolve', 'create'] as const).map((m) =>
      vi.spyOn(MemoryStore.prototype, m).mockRejectedValue(new StoreUnavailableError()),
    );
    try {
      await refused('unavailable', AGENT, () => w.clickCard(card, 'claim', AGENT), 'refusal.unavailable');
    } finally {
      for (const spy of down) spy.mockRestore();
    }
    expect((await w.app.desk.get(t.id))?.state).toBe('awaiting_support');

    // The hour runs out while a Send PUK form is open: its PUK is refused on submit, and Send PUK pressed after is refused at once.
    const stale = await openOnCard(card, 'send_puk', VIEWS.puk);
    await clock.advance(minutes(61));
    await w.fake.waitFor(async () => (await w.app.desk.get(t.id))?.state === 'expired' || undefined, 'the expiry');
    await refused('expired', AGENT, () => w.slack.submitView({ user: AGENT, view: stale, values: { puk: PUK } }), 'refusal.expired', {
      id: t.id,
    });
    await noForm('expired', AGENT, () => w.clickCard(card, 'send_puk', AGENT), 'refusal.expired', { id: t.id });
  });

  it('refuses a site’s technician and agents in German', async () => {
    // A site being filled in: camera 2 given camera 1's code, the details form, a camera missing its code, a third camera.
    const a = await w.begin(TECH2, FIELD);
    await say(a, cameraBlock(1));
    await click(TECH2, 'another_camera', a.id, FIELD, a.thread);
    const from = w.replies(a).length;
    await w.say(a, cameraBlock(2).replace(siteCode(2), siteCode(1)));
    const sameCode = REFUSALS.word('de', 'refusal.site_same_code', { camera: 1 });
    const same = await w.fake.waitFor(
      () =>
        w
          .replies(a)
          .slice(from)
          .find((m) => textOf(m).includes(sameCode)),
      'the same code named',
    );
    onlyGerman('site_same_code', textOf(same));
    met.add('site_same_code');
    await refused('site_form', TECH2, () => click(TECH2, 'use_form', a.id, FIELD, a.thread), 'refusal.site_form', { id: a.id });
    await refused('site_incomplete', TECH2, () => click(TECH2, 'submit', a.id, FIELD, a.thread), 'refusal.site_incomplete', {
      id: a.id,
      cameras: REFUSALS.word('de', 'refusal.site_camera_missing', { camera: 2, fields: fieldLabels('de').challenge }),
    });
    await refused('batch_full', TECH2, () => click(TECH2, 'another_camera', a.id, FIELD, a.thread), 'refusal.batch_full', {
      id: a.id,
      max: 2,
      cmd: { code: '/camreset' },
    });
    await click(TECH2, 'cancel', a.id, FIELD, a.thread);
    await w.fake.waitFor(async () => (await w.app.desk.get(a.id))?.state === 'cancelled' || undefined, 'the cancel');

    // A site with support: a PUK the rules refuse, a form left open while a PUK went, a camera not named, one settled twice.
    const b = await w.begin(TECH2, FIELD);
    await say(b, cameraBlock(3));
    await click(TECH2, 'another_camera', b.id, FIELD, b.thread);
    await say(b, cameraBlock(4));
    expect((await w.app.desk.get(b.id))?.cameras?.length).toBe(2);
    await click(TECH2, 'submit', b.id, FIELD, b.thread);
    const card = await w.cardOf(b.id);
    const puksForm = async () => {
      const opened = w.fake.callsTo('views.open').length;
      await w.clickCard(card, 'send_puk', AGENT);
      return w.openedView('camreset.puks', opened);
    };
    const stale = await puksForm();
    const bad = await w.slack.submitView({ user: AGENT, view: stale, values: { puk_2: 'x!' } });
    const problem = parsePuk('x!', 'de');
    formError(
      'invalid_puks',
      bad,
      'puk_2',
      REFUSALS.word('de', 'refusal.site_camera_problem', { camera: 2, message: problem.ok ? '' : problem.error }),
    );
    await w.slack.submitView({ user: AGENT, view: await puksForm(), values: { puk_1: sitePuk(1) } });
    await w.fake.waitFor(async () => (await w.app.desk.get(b.id))?.cameras?.[0]?.state === 'puk_delivered' || undefined, 'camera 1’s PUK');
    const again = await w.slack.submitView({ user: AGENT, view: stale, values: { puk_1: sitePuk(1) } });
    formError('site_puk_camera', again, 'puk_1', REFUSALS.word('de', 'refusal.site_puk_camera', { camera: 1, reason: 'has_puk' }));

    const dm = await w.fake.waitFor(() => w.fake.dmOf(TECH2), 'the DM');
    await refused('site_needs_camera', TECH2, () => click(TECH2, 'done', b.id, dm), 'refusal.site_needs_camera', {
      id: b.id,
      what: 'done',
    });
    await click(TECH2, 'done', `${b.id}|1`, dm);
    await w.fake.waitFor(async () => (await w.app.desk.get(b.id))?.cameras?.[0]?.state === 'completed' || undefined, 'camera 1 done');
    await refused('site_camera_done', TECH2, () => click(TECH2, 'done', `${b.id}|1`, dm), 'refusal.site_camera_done', { camera: 1 });
  });

  it('has met every kind of refusal, or its form’s own error where a Slack form keeps it from the core', () => {
    expect([...met].sort()).toEqual([...KINDS].sort());
    for (const kind of Object.keys(FORM_ONLY)) expect(KINDS).toContain(kind);
  });
});
