// Issue 14, acceptance 2: the whole flow in German through Slack, the language taken from the
// platform (users.info with include_locale says de-DE for the technician and both agents) and
// SUPPORT_LANGUAGE=de for the support channel. Through the real POST /slack/events endpoint,
// with a ManualClock so the warnings and the expiry come when the story says. What each person
// reads (messages, buttons, the modal, their private refusals) is German, word for word where
// it matters, and no English sentence of the catalogs reaches any of them; the PUK never
// appears anywhere but the technician's direct messages.

import { readFileSync, readdirSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackFake, type SlackCall, type SlackMessage } from '../../support/slack/fake.js';
import {
  AGENT,
  AGENT2,
  CODE,
  CODE2,
  FIELD,
  SUPPORT,
  SlackWorld,
  TECH,
  type Thread,
  hasButton,
  textOf,
} from '../../support/slack/harness.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';
import { CARD, COPY, FIELDS, FIRMWARE, LANGUAGE, NOTICES, REFUSALS } from '../../../src/core/i18n/catalog.js';
import type { Values } from '../../../src/core/i18n/say.js';
import type { Paragraph } from '../../../src/core/rich.js';
import { mrkdwnLine } from '../../../src/platforms/slack/render.js';

const PUK = 'PUK7X2Q9M4K8';
/** The first request's challenge runs out at 14:50 UTC (a ManualClock starting at 14:00). */
const AT_1450 = 1795704600_000;

// --- the German each reader must see, as the catalogs word it ------------------------------

/** A message in German as Slack shows it (bold, code, mentions, times in Slack's markup). */
const de = <K extends string>(b: { say(l: 'de', key: K, values?: Values): Paragraph }, key: K, values?: Values): string =>
  mrkdwnLine(b.say('de', key, values));
/** A German button label, title or other plain word. */
const deWord = <K extends string>(b: { word(l: 'de', key: K, values?: Values): string }, key: K, values?: Values): string =>
  b.word('de', key, values);
const slackUser = (id: string): Values[string] => ({ mention: { platform: 'slack', id } });
const FIELD2 = 'CFIELD2';

// --- the English the readers must never see ------------------------------------------------

type Catalog = Record<string, string>;
const readJson = (path: string): Catalog => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Catalog;
const coreCatalogs = (locale: string): Catalog[] => {
  const dir = `../../../src/core/i18n/catalogs/${locale}/`;
  return readdirSync(new URL(dir, import.meta.url))
    .filter((f) => f.endsWith('.json'))
    .map((f) => readJson(`${dir}${f}`));
};
const catalogsOf = (locale: string): Catalog[] => [
  ...coreCatalogs(locale),
  readJson(`../../../src/platforms/slack/catalogs/${locale}.json`),
];

/** The literal words of a message (outside its placeholders), each run of them as the reader would see it. */
function literals(message: string): string[] {
  const out: string[] = [];
  const walk = (els: unknown): void => {
    if (!Array.isArray(els)) return;
    for (const el of els as Array<Record<string, unknown>>) {
      if (el.type === 0 && typeof el.value === 'string') out.push(el.value);
      walk(el.children);
      for (const o of Object.values((el.options ?? {}) as Record<string, { value: unknown }>)) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: false }).getAst());
  return out;
}

/**
 * Every run of English catalog words of three words or more that no German message also has
 * (Bosch's own words, "Response Code", are quoted the same in both and so are not English to us).
 */
const ENGLISH: string[] = (() => {
  const german = catalogsOf('de')
    .flatMap((c) => Object.values(c))
    .join('\n');
  const runs = catalogsOf('en')
    .flatMap((c) => Object.values(c))
    .flatMap(literals)
    .map((s) => s.trim())
    .filter((s) => (s.match(/[A-Za-z]{2,}/g) ?? []).length >= 3 && !german.includes(s));
  return [...new Set(runs)];
})();

/**
 * The short English words a button or a modal's title is made of ("Claim", "Send PUK", "Reset
 * worked"), where German says it otherwise: too short for the runs above, so checked on their own.
 */
const ENGLISH_LABELS: Set<string> = (() => {
  const [en, de] = [catalogsOf('en'), catalogsOf('de')].map((cs) => Object.assign({}, ...cs) as Catalog);
  return new Set(
    Object.entries(en!)
      .filter(([key, value]) => !/[{<]/.test(value) && de![key] !== value && value.length <= 40)
      .map(([, value]) => value),
  );
})();

/** Every button label, option and modal title, submit and close in a call's arguments. */
function labelsIn(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'button' || o.type === 'modal') {
      for (const k of ['text', 'title', 'submit', 'close']) {
        const t = (o[k] as { text?: unknown } | undefined)?.text;
        if (typeof t === 'string') out.push(t);
      }
    }
    Object.values(o).forEach(walk);
  };
  walk(value);
  return out;
}

/** The English catalog words found in `text` (none, for a German reader). */
const englishIn = (text: string): string[] => ENGLISH.filter((s) => text.includes(s));

type Modal = Record<string, unknown> & { title: { text: string }; submit: { text: string }; close: { text: string } };

/** The button labels of a message, in order. */
const buttons = (m: { blocks?: unknown }): string[] =>
  ((m.blocks ?? []) as Array<{ elements?: Array<{ type?: string; text?: { text?: string } }> }>)
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button')
    .map((e) => e.text?.text ?? '');

describe('Slack: the whole flow in German (locale from the Slack profiles, SUPPORT_LANGUAGE=de)', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  it('finds the English of the same messages when it is there (the check below is not blind)', () => {
    expect(ENGLISH.length).toBeGreaterThan(200);
    expect(
      englishIn('CR-93CT is being handled by <@UAGENT1>. Ask them, or press *Take over* to take it over: they will be told.'),
    ).not.toEqual([]);
    expect(
      englishIn('*MAC-Adresse:* A MAC address has 12 hexadecimal digits (0-9, A-F), like 00:07:5F:12:34:56 — that one has 11.'),
    ).not.toEqual([]);
    expect(ENGLISH_LABELS).toContain('Send PUK');
    expect(ENGLISH_LABELS).toContain('Reset worked');
    expect(ENGLISH_LABELS).not.toContain('PUK');
    expect(englishIn('*CR-93CT: Der Challenge-Code läuft in 15 Minuten ab* (um 14:50). Schick den PUK vorher.')).toEqual([]);
  });

  it('speaks German to the technician and to support from /camreset to "Reset hat geklappt", through the expiry of a second request and the commands', async () => {
    const clock = new ManualClock();
    w = await SlackWorld.start({
      driver: 'memory',
      clock,
      env: { SUPPORT_LANGUAGE: 'de' },
      fake: (f) => {
        f.user(TECH, 'jonas', { locale: 'de-DE' });
        f.user(AGENT, 'anna', { locale: 'de-DE' });
        f.user(AGENT2, 'ben', { locale: 'de-DE' });
      },
    });
    const world = w;
    const support = (card: SlackMessage) => ({ channel: SUPPORT, thread: card.ts });
    /** The technician (or `user`) writes in the thread; resolves to the one reply it gets. */
    const answer = async (t: Thread, text: string, user = TECH): Promise<string> => {
      const from = world.replies(t).length;
      await world.say(t, text, { user });
      return textOf(await world.reply(t, /./, from));
    };
    /** The newest private message to `user` after the first `after`. */
    const privately = async (user: string, after: number): Promise<SlackCall> => (await world.ephemeralsFor(user, after + 1))[after]!;
    /** `/camreset <text>` by the technician; the private answer it gets. */
    const command = async (text: string): Promise<string> => {
      const before = world.fake.responses().length;
      await world.slack.command({ user: TECH, channel: FIELD, text });
      return textOf((await world.fake.waitFor(() => world.fake.responses()[before], `the answer to /camreset ${text}`)).args);
    };

    // /camreset: the thread and the welcome, in German, with German buttons.
    const t = await world.begin(TECH, FIELD);
    const [parent] = world.fake.messages(FIELD).filter((m) => m.ts === t.thread);
    expect(parent!.text).toBe(de(COPY, 'thread.opening', { id: t.id, requester: slackUser(TECH) }));
    expect(parent!.text).toBe(`*Kamera-Passwort-Reset ${t.id}* für <@UTECH1>. Alles dazu passiert in diesem Thread.`);
    const [welcome] = world.replies(t);
    expect(textOf(welcome!)).toContain(de(NOTICES, 'welcome.started', { id: t.id }));
    expect(textOf(welcome!)).toContain(de(NOTICES, 'question.challenge'));
    // The age as the technician types it back below, and the glossary's word, in German.
    expect(textOf(welcome!)).toContain('vor 10 Minuten erzeugt');
    expect(textOf(welcome!)).toContain('Challenge-Code');
    expect(buttons(welcome!)).toEqual([deWord(COPY, 'action.use_form'), 'Abbrechen']);

    // One answer at a time, with German labels; the code's age said in German moves its clock.
    const code = await answer(t, `${CODE}\nvor 10 Minuten erzeugt`);
    expect(code).toMatch(/^Challenge-Code erhalten\. Er läuft um <!date\^\d+\^\{time\}\|14:50 UTC> ab, in 50 Minuten\./);
    expect(code).toContain(de(NOTICES, 'question.model'));
    expect(await answer(t, 'Modellnummer: NDE-5503-AL')).toContain(de(NOTICES, 'intake.accepted', { values: 'Modellnummer NDE-5503-AL' }));
    // A bad MAC is refused with its reason in German, and asked for again.
    const badMac = await answer(t, 'MAC-Adresse: 00-07-5f-12-34-5');
    const macReason = FIELDS.word('de', 'mac.wrong_count', { example: '00:07:5F:12:34:56', count: 11 });
    expect(badMac).toContain(de(NOTICES, 'intake.error', { field: 'MAC-Adresse', message: macReason }));
    expect(badMac).toContain('Eine MAC-Adresse hat 12 Hexadezimalziffern');
    expect(badMac).toContain(de(NOTICES, 'question.mac'));
    expect(await answer(t, 'MAC-Adresse: 00-07-5f-12-34-56')).toContain(
      de(NOTICES, 'intake.accepted', { values: 'MAC-Adresse 00:07:5F:12:34:56' }),
    );
    expect(await answer(t, 'Firmware-Version: 7.80.0128')).toContain(
      de(NOTICES, 'intake.accepted', { values: 'Firmware-Version 7.80.0128' }),
    );
    await answer(t, 'Seriennummer: 404754734001050102');
    const summary = await world.fake.waitFor(() => world.replies(t).find((m) => hasButton(m, 'submit')), 'the summary');
    expect(textOf(summary)).toContain(de(NOTICES, 'summary.heading', { id: t.id }));
    expect(textOf(summary)).toContain('*Seriennummer:* 404754734001050102');
    expect(textOf(summary)).toContain('Der Challenge-Code läuft um <!date^');
    expect(buttons(summary)).toEqual(['An Support senden', deWord(COPY, 'action.edit'), 'Abbrechen']);

    // An agent pressing the technician's button is refused privately, in the agent's German.
    await world.click(t, 'submit', AGENT);
    expect(textOf((await privately(AGENT, 0)).args)).toContain(
      de(REFUSALS, 'refusal.not_requester', { id: t.id, requester: slackUser(TECH), what: 'submit' }),
    );

    // Submit: the technician is told in German, the card is in the support language.
    await world.click(t, 'submit', TECH);
    const card = await world.cardOf(t.id);
    const submitted = textOf(await world.reply(t, /liegt jetzt beim Support/));
    expect(submitted).toContain(de(NOTICES, 'submitted.with_support', { id: t.id }));
    expect(submitted).toContain(de(NOTICES, 'submitted.keep_open'));
    const open = textOf(card);
    expect(card.text).toBe(deWord(CARD, 'card.title', { id: t.id, state: 'awaiting_support' }));
    expect(open).toContain(de(CARD, 'card.requested_by', { requester: slackUser(TECH) }));
    expect(open).toContain(de(CARD, 'card.unclaimed'));
    expect(open).toContain('*Seriennummer:* 404754734001050102');
    expect(open).toMatch(/Challenge läuft ab um <!date\^\d+\^\{time\}\|14:50 UTC> \(noch 50 Minuten, Stand/);
    const [ask, document, ticket, email] = (
      ['action.ask', 'action.request_document', 'action.record_ticket', 'action.bosch_email'] as const
    ).map((k) => deWord(COPY, k));
    expect(buttons(card)).toEqual(['Annehmen', 'PUK senden', ask, document, ticket, email, 'Ablehnen']);

    // The technician pressing an agent's button: refused in German.
    await world.clickCard(card, 'claim', TECH);
    expect(textOf((await privately(TECH, 0)).args)).toContain(de(REFUSALS, 'refusal.not_agent', { id: t.id, what: 'claim' }));

    // The claim: the card changes in German, the technician hears who is on it.
    await world.clickCard(card, 'claim', AGENT);
    const claimed = await world.cardWhen(card, /Bearbeitet von <@UAGENT1>/);
    expect(textOf(claimed)).toContain(de(CARD, 'card.handled_by', { agent: slackUser(AGENT) }));
    expect(claimed.text).toBe(deWord(CARD, 'card.title', { id: t.id, state: 'claimed' }));
    expect(buttons(claimed)).toEqual(['Freigeben', 'Übernehmen', 'PUK senden', ask, document, ticket, email, 'Ablehnen']);
    expect(textOf(await world.reply(t, /bearbeitet/))).toContain(de(NOTICES, 'claimed', { agent: slackUser(AGENT), id: t.id }));

    // A second agent's Claim is refused in German, with a German Take over button.
    await world.clickCard(card, 'claim', AGENT2);
    const taken = await privately(AGENT2, 0);
    expect(textOf(taken.args)).toContain(de(REFUSALS, 'refusal.claimed_by_other', { id: t.id, other: slackUser(AGENT) }));
    expect(buttons(taken.args)).toEqual(['Übernehmen']);

    // 14:35 and 14:45: the warnings, in minutes and in German, on both sides.
    await clock.advance(minutes(35));
    const heads15 = textOf(await world.reply(t, /Achtung/));
    expect(heads15).toContain(de(NOTICES, 'warning.heads_up', { id: t.id, left: '15 Minuten', at: { time: AT_1450 } }));
    expect(heads15).toContain(de(NOTICES, 'warning.reminded'));
    const support15 = textOf(await world.reply(support(card), /in 15 Minuten/));
    expect(support15).toContain(de(NOTICES, 'addressed_to', { agent: slackUser(AGENT) }));
    expect(support15).toContain(de(NOTICES, 'warning.support', { id: t.id, left: '15 Minuten', at: { time: AT_1450 } }));
    expect(support15).toContain('<!date^1795704600^{time}|14:50 UTC>');
    await clock.advance(minutes(10));
    expect(textOf(await world.reply(t, /läuft in 5 Minuten ab/))).toContain(
      `*Achtung: Der Challenge-Code von ${t.id} läuft in 5 Minuten ab*`,
    );
    expect(textOf(await world.reply(support(card), /in 5 Minuten/))).toContain(`*${t.id}: Der Challenge-Code läuft in 5 Minuten ab*`);

    // Send PUK through the modal, titled in German.
    const opened = world.fake.callsTo('views.open').length;
    await world.clickCard(card, 'send_puk', AGENT);
    const view = (await world.openedView('camreset.puk', opened)) as Modal;
    expect([view.title.text, view.submit.text, view.close.text]).toEqual(['PUK senden', deWord(COPY, 'form.puk.submit'), 'Abbrechen']);
    expect(SlackFake.textOf(view)).toContain(deWord(COPY, 'form.puk.label'));
    expect(SlackFake.textOf(view)).toContain('Response Code');
    expect(SlackFake.textOf(view)).toContain(deWord(COPY, 'form.puk.hint'));
    await world.slack.submitView({ user: AGENT, view, values: { puk: PUK } });

    // The technician's PUK, privately, with the German next steps for firmware 7.80 and Bosch's words verbatim.
    const dm = world.fake.dmOf(TECH);
    const pukMessage = await world.fake.waitFor(() => world.fake.messages(dm).find((m) => m.text.includes(t.id)), 'the PUK message');
    const steps = textOf(pukMessage);
    expect(steps).toContain(de(NOTICES, 'puk.heading', { id: t.id, model: 'NDE-5503-AL', mac: '00:07:5F:12:34:56' }));
    expect(steps).toContain(PUK);
    expect(steps).toContain(
      de(NOTICES, 'puk.next_steps', { text: FIRMWARE.word('de', 'firmware.service_only_after', { version: '7.80.0128' }) }),
    );
    expect(steps).toContain(`1. ${de(FIRMWARE, 'firmware.enter_puk')}`);
    expect(steps).toContain(`2. ${de(FIRMWARE, 'firmware.click_send')}`);
    expect(steps).toContain(`3. ${de(FIRMWARE, 'firmware.sign_in_default')}`);
    // Bosch's own words stay theirs, verbatim, inside the German steps.
    expect(steps).toContain('das Feld „Response Code“');
    expect(steps).toContain('„Send“');
    expect(steps).toContain(de(NOTICES, 'puk.tell_me'));
    expect(buttons(pukMessage)).toEqual(['Reset hat geklappt', 'Hat nicht geklappt']);
    expect(textOf(await world.reply(t, /privaten Nachricht geschickt/))).toContain(
      de(NOTICES, 'puk_sent_note', { agent: slackUser(AGENT) }),
    );
    const sent = await world.cardWhen(card, /PUK gesendet von/);
    expect(sent.text).toBe(deWord(CARD, 'card.title', { id: t.id, state: 'puk_delivered' }));
    expect(textOf(sent)).toContain('(nur für den Techniker sichtbar).');

    // "Reset hat geklappt": done, in German on both sides.
    await world.click(t, 'done', TECH, dm);
    expect(textOf(await world.reply(t, /ist erledigt/))).toContain(de(NOTICES, 'completed', { id: t.id }));
    const done = await world.cardWhen(card, /Der Techniker hat bestätigt/);
    expect(textOf(done)).toContain(de(CARD, 'card.completed'));
    expect(done.text).toBe(deWord(CARD, 'card.title', { id: t.id, state: 'completed' }));

    // A second request, left to expire: the warnings call the support group, then the expiry, in German on both sides.
    const t2 = await world.begin(TECH, FIELD2);
    await world.say(
      t2,
      `${CODE}\nModellnummer: NDE-5503-AL\nMAC-Adresse: 00-07-5f-12-34-56\nFirmware-Version: 7.80.0128\nSeriennummer: 404754734001050102`,
    );
    await world.fake.waitFor(() => world.replies(t2).find((m) => hasButton(m, 'submit')), 'the second summary');
    await world.click(t2, 'submit', TECH);
    const card2 = await world.cardOf(t2.id);
    await world.reply(t2, /liegt jetzt beim Support/);
    await clock.advance(minutes(45));
    const unclaimed = textOf(await world.reply(support(card2), /in 15 Minuten/));
    expect(unclaimed).toContain('<!subteam^SAGENTS>');
    expect(unclaimed).toContain(de(NOTICES, 'warning.unclaimed'));
    expect(unclaimed).toContain('Annehmen');
    await world.reply(t2, /läuft in 15 Minuten ab/);
    await clock.advance(minutes(10));
    await world.reply(t2, /läuft in 5 Minuten ab/);
    await clock.advance(minutes(5));
    const expired = textOf(await world.reply(t2, /ist abgelaufen/));
    expect(expired).toContain(de(NOTICES, 'expired.requester', { id: t2.id }));
    expect(expired).toContain(de(NOTICES, 'expired.new_code'));
    expect(textOf(await world.reply(support(card2), /ist abgelaufen/))).toContain(de(NOTICES, 'expired.support', { id: t2.id }));
    const expiredCard = await world.cardWhen(card2, /Challenge abgelaufen/);
    expect(expiredCard.text).toBe(deWord(CARD, 'card.title', { id: t2.id, state: 'expired' }));
    expect(textOf(expiredCard)).toContain(de(CARD, 'card.expired'));
    // Too late for an agent too: the Claim is refused in German.
    const agentBefore = world.fake.ephemerals(AGENT).length;
    await world.clickCard(card2, 'claim', AGENT);
    expect(textOf((await privately(AGENT, agentBefore)).args)).toContain(de(REFUSALS, 'refusal.expired', { id: t2.id }));

    // The commands, in German, with the German command words.
    const status = await command('status');
    expect(status).toContain(de(COPY, 'status.heading', { count: 1 }));
    expect(status).toContain(`*${t2.id}* — ${deWord(COPY, 'state.expired')}.`);
    const help = await command('hilfe');
    expect(help).toContain(de(COPY, 'help.intro'));
    expect(help).toContain('füge ihn auf der Seite in das Feld „Response Code“ ein und klicke auf „Send“.');
    expect(help).toContain('`/camreset status` zeigt deine offenen Anfragen');

    // Everything anyone read so far was German.
    const german = world.fake.wordCalls().length;
    expect(german).toBeGreaterThan(30);

    // /camreset sprache fr: French from then on, for the technician only.
    const chosen = await command('sprache fr');
    expect(chosen).toContain(mrkdwnLine(LANGUAGE.say('fr', 'language.chosen')));
    expect(chosen).toContain(mrkdwnLine(LANGUAGE.say('fr', 'language.chosen_requests', { count: 1 })));
    const french = await command('status');
    expect(french).toContain(mrkdwnLine(COPY.say('fr', 'status.heading', { count: 1 })));
    expect(french).toContain(`*${t2.id}* — ${COPY.word('fr', 'state.expired')}.`);

    // The technician now reads French, support still German: a refused message privately in
    // French, and a new code that brings the request back, each side in its own language.
    const techBefore = world.fake.ephemerals(TECH).length;
    await world.say(t2, 'salut ?');
    expect(textOf((await privately(TECH, techBefore)).args)).toContain(mrkdwnLine(REFUSALS.say('fr', 'refusal.expired', { id: t2.id })));
    await world.say(t2, CODE2);
    expect(textOf(await world.reply(t2, /de nouveau chez le support/))).toContain(
      mrkdwnLine(NOTICES.say('fr', 'reopened.requester', { id: t2.id })),
    );
    expect(textOf(await world.reply(support(card2), /ist zurück/))).toContain(de(NOTICES, 'reopened.new_challenge', { id: t2.id }));
    const back = await world.cardWhen(card2, /wartet auf einen Agenten/);
    expect(back.text).toBe(deWord(CARD, 'card.title', { id: t2.id, state: 'awaiting_support' }));
    expect(world.fake.wordCalls().length).toBeGreaterThan(german);

    // Not one English sentence of the catalogs reached anyone, in German or in French.
    const english = world.fake
      .wordCalls()
      .map((c) => ({ method: c.method, to: c.args.user ?? c.args.channel, english: englishIn(textOf(c.args)) }))
      .filter((e) => e.english.length);
    expect(english).toEqual([]);
    const labels = world.fake.wordCalls().flatMap((c) => labelsIn(c.args));
    expect(labels).toContain('Reset hat geklappt');
    expect(labels.filter((l) => ENGLISH_LABELS.has(l))).toEqual([]);

    // The PUK was only ever in the technician's direct messages: never in a channel, a thread or the card.
    const withPuk = world.fake.calls.filter((c) => JSON.stringify(c.args).includes(PUK));
    expect(withPuk.length).toBeGreaterThan(0);
    expect(withPuk.filter((c) => c.args.channel !== dm).map((c) => [c.method, c.args.channel])).toEqual([]);
    for (const channel of [FIELD, FIELD2, SUPPORT]) {
      expect(world.fake.messages(channel).filter((m) => JSON.stringify(m).includes(PUK))).toEqual([]);
    }
  });
});
