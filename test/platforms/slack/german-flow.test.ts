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
import { AGENT, AGENT2, CODE, CODE2, FIELD, SUPPORT, SlackWorld, TECH, type Thread, hasButton, textOf } from '../../support/slack/harness.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';

const PUK = 'PUK7X2Q9M4K8';
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
const catalogsOf = (locale: string): Catalog[] => [...coreCatalogs(locale), readJson(`../../../src/platforms/slack/catalogs/${locale}.json`)];

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
    expect(englishIn('CR-93CT is being handled by <@UAGENT1>. Ask them, or press *Take over* to take it over: they will be told.')).not.toEqual(
      [],
    );
    expect(englishIn('*MAC-Adresse:* A MAC address has 12 hexadecimal digits (0-9, A-F), like 00:07:5F:12:34:56 — that one has 11.')).not.toEqual(
      [],
    );
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
    expect(parent!.text).toBe(`*Kamera-Passwort-Reset ${t.id}* für <@UTECH1>. Alles dazu passiert in diesem Thread.`);
    const [welcome] = world.replies(t);
    expect(textOf(welcome!)).toContain(
      `*Passwort-Reset ${t.id} gestartet.* Ich sammle, was der Bosch-Support braucht – eine Antwort nach der anderen oder alles auf einmal eingefügt.`,
    );
    expect(textOf(welcome!)).toContain('Wurde er vor einer Weile erzeugt, schreib „vor 10 Minuten erzeugt“ dazu.');
    expect(buttons(welcome!)).toEqual(['Lieber ein Formular', 'Abbrechen']);

    // One answer at a time, with German labels; the code's age said in German moves its clock.
    const code = await answer(t, `${CODE}\nvor 10 Minuten erzeugt`);
    expect(code).toMatch(/^Challenge-Code erhalten\. Er läuft um <!date\^\d+\^\{time\}\|14:50 UTC> ab, in 50 Minuten\./);
    expect(code).toContain('Wie lautet die *Modellnummer*?');
    expect(await answer(t, 'Modellnummer: NDE-5503-AL')).toContain('Notiert: Modellnummer NDE-5503-AL.');
    // A bad MAC is refused with its reason in German, and asked for again.
    const badMac = await answer(t, 'MAC-Adresse: 00-07-5f-12-34-5');
    expect(badMac).toContain('*MAC-Adresse:* Eine MAC-Adresse hat 12 Hexadezimalziffern (0-9, A-F), z. B. 00:07:5F:12:34:56 — diese hat 11.');
    expect(badMac).toContain('Wie lautet die *MAC-Adresse*?');
    expect(await answer(t, 'MAC-Adresse: 00-07-5f-12-34-56')).toContain('Notiert: MAC-Adresse 00:07:5F:12:34:56.');
    expect(await answer(t, 'Firmware-Version: 7.80.0128')).toContain('Notiert: Firmware-Version 7.80.0128.');
    await answer(t, 'Seriennummer: 404754734001050102');
    const summary = await world.fake.waitFor(() => world.replies(t).find((m) => hasButton(m, 'submit')), 'the summary');
    expect(textOf(summary)).toContain(`*Für ${t.id} ist alles da. Bitte prüf es:*`);
    expect(textOf(summary)).toContain('*Seriennummer:* 404754734001050102');
    expect(textOf(summary)).toContain('Der Challenge-Code läuft um <!date^');
    expect(buttons(summary)).toEqual(['An Support senden', 'Bearbeiten', 'Abbrechen']);

    // An agent pressing the technician's button is refused privately, in the agent's German.
    await world.click(t, 'submit', AGENT);
    expect(textOf((await privately(AGENT, 0)).args)).toContain(`${t.id} wurde von <@UTECH1> gestartet; nur diese Person kann sie absenden.`);

    // Submit: the technician is told in German, the card is in the support language.
    await world.click(t, 'submit', TECH);
    const card = await world.cardOf(t.id);
    const submitted = textOf(await world.reply(t, /liegt jetzt beim Support/));
    expect(submitted).toContain(`*${t.id} liegt jetzt beim Support.* Ein Agent schickt dir den PUK in einer privaten Nachricht von mir.`);
    expect(submitted).toContain('Lass die Reset-Seite der Kamera offen.');
    const open = textOf(card);
    expect(card.text).toBe(`${t.id} · Kamera-Passwort-Reset · wartet auf einen Agenten`);
    expect(open).toContain('Angefragt von <@UTECH1>');
    expect(open).toContain('Noch hat niemand sie angenommen.');
    expect(open).toContain('*Seriennummer:* 404754734001050102');
    expect(open).toMatch(/Challenge läuft ab um <!date\^\d+\^\{time\}\|14:50 UTC> \(noch 50 Minuten, Stand/);
    expect(buttons(card)).toEqual(['Annehmen', 'PUK senden', 'Techniker fragen', 'Dokument anfordern', 'Bosch-Ticket #', 'Ablehnen']);

    // The technician pressing an agent's button: refused in German.
    await world.clickCard(card, 'claim', TECH);
    expect(textOf((await privately(TECH, 0)).args)).toContain(
      `Nur Support-Agenten können ${t.id} annehmen. Wenn du einer sein solltest, bitte deinen Admin, dich zur Support-Gruppe hinzuzufügen.`,
    );

    // The claim: the card changes in German, the technician hears who is on it.
    await world.clickCard(card, 'claim', AGENT);
    const claimed = await world.cardWhen(card, /Bearbeitet von <@UAGENT1>/);
    expect(claimed.text).toBe(`${t.id} · Kamera-Passwort-Reset · angenommen`);
    expect(buttons(claimed)).toEqual(['Freigeben', 'Übernehmen', 'PUK senden', 'Techniker fragen', 'Dokument anfordern', 'Bosch-Ticket #', 'Ablehnen']);
    expect(textOf(await world.reply(t, /bearbeitet/))).toContain(`<@UAGENT1> bearbeitet ${t.id} und fragt bei Bosch nach dem PUK.`);

    // A second agent's Claim is refused in German, with a German Take over button.
    await world.clickCard(card, 'claim', AGENT2);
    const taken = await privately(AGENT2, 0);
    expect(textOf(taken.args)).toContain(
      `${t.id} wird von <@UAGENT1> bearbeitet. Frag nach oder drück *Übernehmen*, um sie zu übernehmen; die Person wird benachrichtigt.`,
    );
    expect(buttons(taken.args)).toEqual(['Übernehmen']);

    // 14:35 and 14:45: the warnings, in minutes and in German, on both sides.
    await clock.advance(minutes(35));
    const heads15 = textOf(await world.reply(t, /Achtung/));
    expect(heads15).toContain(`*Achtung: Der Challenge-Code von ${t.id} läuft in 15 Minuten ab* (um <!date^`);
    expect(heads15).toContain('Der Support wurde erinnert. Lass die Reset-Seite offen; läuft der Code ab, erzeuge einen neuen und füge ihn hier ein.');
    const support15 = textOf(await world.reply(support(card), /in 15 Minuten/));
    expect(support15).toContain('Für <@UAGENT1>:');
    expect(support15).toContain(
      `*${t.id}: Der Challenge-Code läuft in 15 Minuten ab* (um <!date^1795704600^{time}|14:50 UTC>). Schick den PUK vorher, sonst muss der Techniker mit einem neuen Code von vorn anfangen.`,
    );
    await clock.advance(minutes(10));
    expect(textOf(await world.reply(t, /läuft in 5 Minuten ab/))).toContain(`*Achtung: Der Challenge-Code von ${t.id} läuft in 5 Minuten ab*`);
    expect(textOf(await world.reply(support(card), /in 5 Minuten/))).toContain(`*${t.id}: Der Challenge-Code läuft in 5 Minuten ab*`);

    // Send PUK through the modal, titled in German.
    const opened = world.fake.callsTo('views.open').length;
    await world.clickCard(card, 'send_puk', AGENT);
    const view = (await world.openedView('camreset.puk', opened)) as Modal;
    expect([view.title.text, view.submit.text, view.close.text]).toEqual(['PUK senden', 'An Techniker senden', 'Abbrechen']);
    expect(SlackFake.textOf(view)).toContain('PUK (Response Code) von Bosch');
    expect(SlackFake.textOf(view)).toContain('Nur der Techniker sieht ihn, in einer privaten Nachricht von camreset.');
    await world.slack.submitView({ user: AGENT, view, values: { puk: PUK } });

    // The technician's PUK, privately, with the German next steps for firmware 7.80 and Bosch's words verbatim.
    const dm = world.fake.dmOf(TECH);
    const pukMessage = await world.fake.waitFor(() => world.fake.messages(dm).find((m) => m.text.includes(t.id)), 'the PUK message');
    const steps = textOf(pukMessage);
    expect(steps).toContain(`*PUK für ${t.id}* (NDE-5503-AL, MAC 00:07:5F:12:34:56):`);
    expect(steps).toContain(PUK);
    expect(steps).toContain(
      '*Nächste Schritte:* Firmware 7.80.0128: Nach dem PUK lautet das Passwort des Benutzers "service": "service". Die Konten "user" und "live" behalten ihre Passwörter.',
    );
    expect(steps).toContain('1. Füge den PUK in das Feld "Response Code" ein, auf derselben Passwort-Reset-Seite, die den Challenge-Code gezeigt hat.');
    expect(steps).toContain('2. Klicke auf "Send".');
    expect(steps).toContain('3. Melde dich sofort als Benutzer "service" mit dem Passwort "service" an.');
    expect(steps).toContain('Sag mir dann, wie es gelaufen ist:');
    expect(buttons(pukMessage)).toEqual(['Reset hat geklappt', 'Hat nicht geklappt']);
    expect(textOf(await world.reply(t, /privaten Nachricht geschickt/))).toContain(
      '<@UAGENT1> hat *dir den PUK in einer privaten Nachricht geschickt*. Öffne deine Direktnachrichten mit camreset.',
    );
    const sent = await world.cardWhen(card, /PUK gesendet von/);
    expect(sent.text).toBe(`${t.id} · Kamera-Passwort-Reset · PUK gesendet`);
    expect(textOf(sent)).toContain('(nur für den Techniker sichtbar).');

    // "Reset hat geklappt": done, in German on both sides.
    await world.click(t, 'done', TECH, dm);
    expect(textOf(await world.reply(t, /ist erledigt/))).toContain(
      `*${t.id} ist erledigt.* Danke! Denk daran, jetzt ein neues Passwort für das service-Konto zu setzen und es zu dokumentieren.`,
    );
    const done = await world.cardWhen(card, /Der Techniker hat bestätigt/);
    expect(done.text).toBe(`${t.id} · Kamera-Passwort-Reset · erledigt`);

    // A second request, left to expire: the warnings call the support group, then the expiry, in German on both sides.
    const t2 = await world.begin(TECH, FIELD2);
    await world.say(t2, `${CODE}\nModellnummer: NDE-5503-AL\nMAC-Adresse: 00-07-5f-12-34-56\nFirmware-Version: 7.80.0128\nSeriennummer: 404754734001050102`);
    await world.fake.waitFor(() => world.replies(t2).find((m) => hasButton(m, 'submit')), 'the second summary');
    await world.click(t2, 'submit', TECH);
    const card2 = await world.cardOf(t2.id);
    await world.reply(t2, /liegt jetzt beim Support/);
    await clock.advance(minutes(45));
    const unclaimed = textOf(await world.reply(support(card2), /in 15 Minuten/));
    expect(unclaimed).toContain('<!subteam^SAGENTS>');
    expect(unclaimed).toContain('*Noch hat niemand sie angenommen.* Drück auf der Karte „Annehmen“, um sie zu übernehmen.');
    await world.reply(t2, /läuft in 15 Minuten ab/);
    await clock.advance(minutes(10));
    await world.reply(t2, /läuft in 5 Minuten ab/);
    await clock.advance(minutes(5));
    const expired = textOf(await world.reply(t2, /ist abgelaufen/));
    expect(expired).toContain(`*Der Challenge-Code von ${t2.id} ist abgelaufen.* Ein Code gilt nur eine Stunde, du brauchst also einen neuen.`);
    expect(expired).toContain(
      'Erzeuge auf der Reset-Seite der Kamera einen neuen Challenge-Code und füge ihn hier ein: Die Anfrage behält ihre Angaben und geht direkt zurück an den Support.',
    );
    expect(textOf(await world.reply(support(card2), /ist abgelaufen/))).toContain(
      `*${t2.id}: der Challenge-Code ist abgelaufen.* Ein PUK dafür ist jetzt nutzlos. Der Techniker wurde um einen neuen Code gebeten; die Anfrage kommt hierher zurück, sobald er da ist.`,
    );
    const expiredCard = await world.cardWhen(card2, /Challenge abgelaufen/);
    expect(expiredCard.text).toBe(`${t2.id} · Kamera-Passwort-Reset · Challenge abgelaufen`);
    expect(textOf(expiredCard)).toContain('Der Challenge-Code ist abgelaufen; wir warten, bis der Techniker einen neuen einfügt.');
    // Too late for an agent too: the Claim is refused in German.
    const agentBefore = world.fake.ephemerals(AGENT).length;
    await world.clickCard(card2, 'claim', AGENT);
    expect(textOf((await privately(AGENT, agentBefore)).args)).toContain(
      `Der Challenge-Code von ${t2.id} ist abgelaufen. Der Techniker muss an der Kamera einen neuen erzeugen und im Thread der Anfrage einfügen; dann geht sie wieder an den Support.`,
    );

    // The commands, in German, with the German command words.
    const status = await command('status');
    expect(status).toContain('*Deine offenen Kamera-Passwort-Resets (1):*');
    expect(status).toContain(`*${t2.id}* — Challenge-Code abgelaufen.`);
    const help = await command('hilfe');
    expect(help).toContain(
      '*camreset* besorgt dir von unserem Support den PUK, der das `service`-Passwort einer Bosch-Kamera zurücksetzt, bevor der Challenge-Code abläuft.',
    );
    expect(help).toContain('füge ihn auf der Seite in das Feld "Response Code" ein und klicke auf "Send".');
    expect(help).toContain('`/camreset status` zeigt deine offenen Anfragen');

    // Everything anyone read so far was German.
    const german = world.fake.wordCalls().length;
    expect(german).toBeGreaterThan(30);

    // /camreset sprache fr: French from then on, for the technician only.
    const chosen = await command('sprache fr');
    expect(chosen).toContain('C’est fait\u00a0: désormais, je vous écris en français.');
    expect(chosen).toContain('Votre demande en cours continue en français.');
    const french = await command('status');
    expect(french).toContain('*Vos réinitialisations de mot de passe caméra en cours (1) :*');
    expect(french).toContain(`*${t2.id}* — code de challenge expiré.`);

    // The technician now reads French, support still German: a refused message privately in
    // French, and a new code that brings the request back, each side in its own language.
    const techBefore = world.fake.ephemerals(TECH).length;
    await world.say(t2, 'salut ?');
    expect(textOf((await privately(TECH, techBefore)).args)).toContain(
      `Le code de challenge de ${t2.id} a expiré. Le technicien doit en générer un nouveau sur la caméra et le coller dans le fil de la demande`,
    );
    await world.say(t2, CODE2);
    expect(textOf(await world.reply(t2, /de nouveau chez le support/))).toMatch(
      new RegExp(`Nouveau code de challenge reçu\\s: ${t2.id} est de nouveau chez le support\\.`),
    );
    expect(textOf(await world.reply(support(card2), /ist zurück/))).toContain(
      `*${t2.id} ist zurück: neuer Challenge-Code.* Die Karte zeigt den neuen Code und die neue Frist; der bisherige PUK gilt nicht mehr.`,
    );
    const back = await world.cardWhen(card2, /wartet auf einen Agenten/);
    expect(back.text).toBe(`${t2.id} · Kamera-Passwort-Reset · wartet auf einen Agenten`);
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
