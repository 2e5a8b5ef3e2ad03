// The words outside single notices (help, status, forms, buttons, file lines, one-person answers)
// as a reader of each of the six languages sees them: translated, never English by accident,
// with the same ids, codes and mentions, and within Slack's limits.

import { afterEach, describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import * as copy from '../../src/core/copy.js';
import { COPY } from '../../src/core/i18n/catalog.js';
import { LOCALES, type Locale } from '../../src/core/i18n/locale.js';
import { plainText, type Action, type Inline, type RichMessage } from '../../src/core/rich.js';
import type { ResetRequest } from '../../src/core/request.js';
import type { CoreSettings } from '../../src/core/settings.js';
import { agent, createTestDesk, tech } from '../support/desk.js';
import { quoted } from '../support/i18n/quotes.js';

const OTHERS = LOCALES.filter((l) => l !== 'en');

/** What an English reader has always read on the forms, the documents and the states. */
const ENGLISH_FORMS: copy.Forms = {
  details: {
    title: 'Camera details',
    submit: 'Save',
    hint: 'Same rules as in the chat; I check every value.',
    photoLabel: 'Photo of the device label (optional)',
    photoHint: 'JPEG, PNG, GIF, WebP or HEIC, up to 10 MB. Support gets a copy they can open.',
  },
  puk: {
    title: 'Send PUK',
    submit: 'Send to technician',
    label: 'PUK (response code) from Bosch',
    hint: 'Only the technician will see it, in a private message from camreset.',
  },
  ask: {
    title: 'Ask the technician',
    submit: 'Ask',
    label: 'Your question',
    hint: "Posted in the technician's thread; their answer comes back to the card's thread.",
  },
  reject: { title: 'Reject request', submit: 'Reject', label: 'Reason', hint: 'The technician sees this reason.' },
  document: { title: 'Request a document', submit: 'Request', label: 'Document', noteLabel: 'Note for the technician (optional)' },
  ticket: { title: 'Bosch ticket number', submit: 'Save', label: 'Bosch ticket number', hint: 'Like #8712345678.' },
  claimed: { title: 'Claimed…', hint: 'Release it if you cannot finish it; take it over if its holder is away (they are told).' },
  cancel: 'Cancel',
};

const ENGLISH_DOCUMENTS = {
  invoice: 'Invoice',
  proof_of_ownership: 'Proof of ownership',
  authorization_letter: 'Authorization Letter',
  label_photo: 'Label photo',
};

const ENGLISH_STATES: Record<ResetRequest['state'], string> = {
  collecting: 'details being entered',
  awaiting_support: 'waiting for an agent',
  claimed: 'an agent is on it',
  needs_info: 'support asked you something',
  puk_delivered: 'PUK sent',
  completed: 'done',
  cancelled: 'cancelled',
  rejected: 'declined',
  expired: 'challenge code expired',
  unconfirmed: 'closed, reset not confirmed',
  abandoned: 'closed, abandoned',
};

let t: ReturnType<typeof createTestDesk> | undefined;
afterEach(() => t?.close());

interface World {
  /** Submitted at 14:00 UTC: its code expires at 15:00 UTC. */
  r: ResetRequest;
  claimed: ResetRequest;
  now: number;
  settings: CoreSettings;
}

async function world(): Promise<World> {
  let n = 2345;
  const desk = createTestDesk({ newId: () => `CR-${n++}` });
  t = desk;
  const r = await desk.submitted();
  const other = await desk.submitted();
  await desk.desk.claim(other.id, agent);
  const claimed = (await desk.desk.get(other.id))!;
  return { r, claimed, now: desk.clock.now(), settings: desk.settings };
}

const HOUR = 3_600_000;
const photo = { url: 'https://files.example/label.jpg', name: 'label.jpg' };

/** Every function worded here, each rendered for one reader. */
const RENDERED: Record<string, (w: World, l: Locale) => RichMessage> = {
  help: (w, l) => copy.helpMessage(w.settings, '/camreset', l),
  'status, one open': (w, l) => copy.statusMessage([w.r], w.now, '/camreset', l),
  'status, none open': (w, l) => copy.statusMessage([], w.now, '/camreset', l),
  'queue, code expired': (w, l) => copy.queueMessage([w.r, w.claimed], w.now + 2 * HOUR, l),
  'queue, empty': (w, l) => copy.queueMessage([], w.now, l),
  'thread opening, moved': (w, l) => copy.threadOpening(w.r.id, tech, true, l),
  'moved to direct messages': (w, l) => copy.movedToDirectMessage(w.r.id, l),
  'cancel, which one': (w, l) => copy.cancelChoice([w.r, w.claimed], 'camreset', l),
  'cancel, the only one': (w, l) => copy.cancelChoice([w.r], 'camreset', l),
  'cancel, none open': (w, l) => copy.cancelChoice([], 'camreset', l),
  'cancel confirmed': (w, l) => copy.cancelConfirmation(w.r.id, l),
  'PUK confirmation': (w, l) => copy.pukConfirmation(w.r, '12345678', 'it is 12345678', l),
  'continue or new': (w, l) => copy.continueOrNew(w.r, '/camreset', l),
  continued: (w, l) => copy.continued(w.r, w.now, l),
  'code kept, expired': (w, l) => copy.codeKept(w.r, w.now + 2 * HOUR, l),
  'PUK declined': (w, l) => copy.pukDeclined(w.r.id, l),
  'file caption, reduced': (_w, l) => copy.fileCaption('label.jpg', { from: [4032, 3024], to: [1600, 1200] }, l),
  ...Object.fromEntries(
    (['too_large', 'not_supported', 'not_from_platform', 'unreachable', 'attached_in_channel', 'not_shown_there'] as const).map((p) => [
      `file refused, ${p}`,
      (_w: World, l: Locale) => copy.fileRefused('huge.jpg', p, 10, l),
    ]),
  ),
  'device lines with photos': (w, l) => ({
    lines: copy.deviceLines({ ...w.r, device: { ...w.r.device, photos: [{ ...photo, copy: 'delivered' }, { url: photo.url }] } }, l),
  }),
  ...Object.fromEntries(
    (['pending', 'failed'] as const).map((c) => [
      `file line, ${c}`,
      (w: World, l: Locale) => ({ lines: [copy.fileLine('X: ', { ...photo, copy: c }, w.r, undefined, l)] }),
    ]),
  ),
};

/** What no translation may change: every rich inline but bold text (codes, mentions, times, links), and ids and file names. */
function fixed(m: RichMessage): { inlines: string[]; names: string[] } {
  const inlines = [...m.lines, ...(m.footer ?? [])]
    .flat()
    .filter((p): p is Exclude<Inline, string> => typeof p !== 'string' && !('bold' in p))
    // A link keeps its address (an unnamed file's label is the reader's word); the help's
    // `/camreset <code>` names the code in the reader's words, the command stays.
    .map((p) => ('link' in p ? JSON.stringify({ link: p.link }) : JSON.stringify(p).replace(/ <[^<>]+>"/, ' <…>"')))
    .sort();
  const names = (plainText(m).match(/CR-\d+|[\w-]+\.jpg/g) ?? []).sort();
  return { inlines, names };
}

const buttons = (m: RichMessage) => (m.actions ?? []).map(({ label: _label, ...rest }) => rest);

describe('every wording, in each language', () => {
  it.each(Object.keys(RENDERED))('%s: translated, with the same ids, codes and mentions', async (name) => {
    const w = await world();
    const render = RENDERED[name]!;
    const english = render(w, 'en');
    for (const l of OTHERS) {
      const m = render(w, l);
      expect(plainText(m), `${name} in ${l}`).not.toBe(plainText(english));
      expect(fixed(m), `${name} in ${l}`).toEqual(fixed(english));
      expect(buttons(m), `${name} in ${l}`).toEqual(buttons(english));
      if (m.actions)
        expect(
          m.actions.map((a) => a.label),
          `${name} in ${l}`,
        ).not.toEqual(english.actions?.map((a) => a.label));
      for (const a of m.actions ?? []) expect(a.label.length, `${a.label} (${l})`).toBeLessThanOrEqual(75);
    }
  });

  it('keeps every message of the catalog in all six languages, each one valid', () => {
    const keys = Object.keys(COPY.catalogs.en);
    for (const l of LOCALES) {
      expect(Object.keys(COPY.catalogs[l]).sort(), l).toEqual([...keys].sort());
      for (const key of keys) expect(() => new IntlMessageFormat(COPY.catalogs[l][key] ?? '', l), `${l} ${key}`).not.toThrow();
    }
  });
});

describe('help and status, word for word', () => {
  it('helps a German technician', async () => {
    const w = await world();
    expect(plainText(copy.helpMessage(w.settings, '/camreset', 'de')).split('\n')).toEqual([
      'camreset besorgt dir von unserem Support den PUK, der das service-Passwort einer Bosch-Kamera zurücksetzt, bevor der Challenge-Code abläuft.',
      '1. Öffne im Browser die Passwort-Reset-Seite der Kamera. Dort steht ein 32-stelliger Challenge-Code, der ab seinem Erscheinen 1 Stunde gilt. Öffne nicht /reset – bei manchen Modellen startet die Kamera dann neu.',
      '2. Tippe /camreset (oder /camreset <Code>) und antworte im Thread: den Code, dann Modellnummer, MAC-Adresse, Seriennummer (alle auf dem Typenschild) und Firmware-Version (http://<camera-ip>/version). Einzeln oder alle auf einmal; ein Foto des Typenschilds hilft.',
      '3. Prüfe die Zusammenfassung und drücke An Support senden. Der PUK kommt in einer privaten Nachricht von mir; füge ihn auf der Seite in das Feld „Response Code“ ein und klicke auf „Send“.',
      'Ich warne dich, bevor der Code abläuft. Läuft er ab, erzeuge auf der Kamera einen neuen und füge ihn im selben Thread ein.',
      '/camreset status zeigt deine offenen Anfragen, /camreset cancel [id] bricht eine ab, /camreset help zeigt diese Hilfe.',
      '/camreset language wählt die Sprache, in der ich dir schreibe (en, de, fr, es, it oder nl).',
    ]);
  });

  it('helps a Spanish technician', async () => {
    const w = await world();
    expect(plainText(copy.helpMessage(w.settings, 'camreset', 'es')).split('\n')).toEqual([
      'camreset te consigue de nuestro equipo de soporte el PUK que restablece la contraseña service de una cámara Bosch, antes de que caduque el código de desafío.',
      '1. En un navegador, abre la página de restablecimiento de la cámara: muestra un código de desafío de 32 caracteres, válido durante 1 hora desde que aparece. No abras /reset: en algunos modelos reinicia la cámara.',
      '2. Escribe camreset (o camreset <código>) y responde en el hilo: el código y luego el número de modelo, la dirección MAC, el número de serie (todos en la etiqueta) y la versión de firmware (http://<camera-ip>/version). Pégalos de uno en uno o todos a la vez; una foto de la etiqueta ayuda.',
      '3. Revisa el resumen y pulsa Enviar a soporte. El PUK te llega en un mensaje privado mío; pégalo en el campo «Response Code» de la página y haz clic en «Send».',
      'Te aviso antes de que caduque el código. Si caduca, genera uno nuevo en la cámara y pégalo en el mismo hilo.',
      'camreset status muestra tus solicitudes abiertas, camreset cancel [id] cancela una, camreset help muestra esta ayuda.',
      'camreset language elige el idioma en el que te escribo (en, de, fr, es, it o nl).',
    ]);
  });

  it('gives the operator’s tip as written, under the language’s own heading', async () => {
    const w = await world();
    const settings = { ...w.settings, challengePageHint: 'Chrome: Ctrl+Shift+R' };
    expect(plainText(copy.helpMessage(settings, '/camreset', 'de'))).toContain('\nTipp: Chrome: Ctrl+Shift+R\n');
    expect(plainText(copy.helpMessage(settings, '/camreset', 'es'))).toContain('\nConsejo: Chrome: Ctrl+Shift+R\n');
  });

  it('names the typed command words and Bosch’s own words unchanged in every language', async () => {
    const w = await world();
    for (const l of LOCALES) {
      const help = copy.helpMessage(w.settings, '/camreset', l);
      const codes = help.lines.flat().flatMap((p) => (typeof p !== 'string' && 'code' in p ? [p.code] : []));
      expect(codes, l).toEqual(
        expect.arrayContaining(['service', '/reset', '/camreset status', '/camreset cancel [id]', '/camreset help', '/camreset language']),
      );
      const text = plainText(help);
      expect(text.indexOf(quoted(l, 'Response Code')), l).toBeGreaterThan(-1);
      expect(text.indexOf(quoted(l, 'Send')), l).toBeGreaterThan(text.indexOf(quoted(l, 'Response Code')));
    }
  });

  it('counts down a German technician’s open request, and says when the code has run out', async () => {
    const w = await world();
    expect(plainText(copy.statusMessage([w.r], w.now, '/camreset', 'de'))).toBe(
      'Deine offenen Kamera-Passwort-Resets (1):\nCR-2345 — wartet auf einen Agenten. Code läuft um 15:00 UTC ab (in 1 Stunde).',
    );
    expect(plainText(copy.statusMessage([w.r], w.now + 2 * HOUR, '/camreset', 'de'))).toBe(
      'Deine offenen Kamera-Passwort-Resets (1):\nCR-2345 — wartet auf einen Agenten. Der Code ist abgelaufen.',
    );
    expect(plainText(copy.statusMessage([], w.now, '/camreset', 'de'))).toBe(
      'Du hast keine offenen Kamera-Passwort-Resets. Starte einen mit /camreset.',
    );
  });

  it('counts down a Spanish technician’s open request, and shows the queue to a Spanish agent', async () => {
    const w = await world();
    expect(plainText(copy.statusMessage([w.r], w.now + HOUR / 2, 'camreset', 'es'))).toBe(
      'Tus restablecimientos de contraseña de cámara abiertos (1):\nCR-2345 — esperando a un agente. El código caduca a las 15:00 UTC (en 30 minutos).',
    );
    expect(plainText(copy.statusMessage([], w.now, 'camreset', 'es'))).toBe(
      'No tienes restablecimientos de contraseña de cámara abiertos. Empieza uno con camreset.',
    );
    expect(plainText(copy.queueMessage([w.r, w.claimed], w.now, 'es'))).toBe(
      [
        'Cola de soporte (2 abiertas):',
        'CR-2345 — esperando a un agente, para @tech. El código caduca a las 15:00 UTC (en 1 hora).',
        'CR-2346 — un agente se está ocupando, para @tech, atendida por @agent. El código caduca a las 15:00 UTC (en 1 hora).',
      ].join('\n'),
    );
  });

  it('writes a size limit as the reader’s language writes numbers', () => {
    expect(plainText(copy.fileRefused('huge.jpg', 'too_large', 2.5, 'de'))).toContain('größer als 2,5 MB');
    expect(plainText(copy.fileRefused('huge.jpg', 'too_large', 2.5, 'en'))).toContain('larger than 2.5 MB');
  });
});

describe('forms and buttons within Slack’s limits', () => {
  it.each(LOCALES)('%s: every form title and button fits a Slack modal, and is translated', (l) => {
    const f = copy.forms(l);
    const modals = [f.details, f.puk, f.ask, f.reject, f.document, f.ticket];
    for (const m of modals) {
      expect(m.title.length, m.title).toBeLessThanOrEqual(24);
      expect(m.submit.length, m.submit).toBeLessThanOrEqual(24);
    }
    expect(f.cancel.length).toBeLessThanOrEqual(24);
    expect(f.claimed.title.length).toBeLessThanOrEqual(75);
    const words = JSON.stringify(f).match(/"[^"]*"/g) ?? [];
    expect(words.every((s) => s !== '""')).toBe(true);
    const english = copy.forms('en');
    if (l === 'en') expect(f).toEqual(ENGLISH_FORMS);
    else {
      expect(Object.keys(f)).toEqual(Object.keys(english));
      for (const key of Object.keys(english) as (keyof copy.Forms)[])
        expect(JSON.stringify(f[key]), `${l} forms.${key}`).not.toBe(JSON.stringify(english[key]));
    }
  });

  const ACTION_SETS: [string, (l: Locale) => Action[], Action[]][] = [
    [
      'summary',
      copy.summaryActions,
      [
        { id: 'submit', label: 'Submit to support', style: 'primary' },
        { id: 'edit', label: 'Edit' },
        { id: 'cancel', label: 'Cancel', style: 'danger' },
      ],
    ],
    [
      'intake',
      copy.intakeActions,
      [
        { id: 'use_form', label: 'Use a form instead' },
        { id: 'cancel', label: 'Cancel', style: 'danger' },
      ],
    ],
    [
      'PUK',
      copy.pukActions,
      [
        { id: 'done', label: 'Reset worked', style: 'primary' },
        { id: 'failed', label: 'It did not work', style: 'danger' },
      ],
    ],
    [
      'card',
      copy.cardActions,
      [
        { id: 'claim', label: 'Claim' },
        { id: 'release', label: 'Release' },
        { id: 'take_over', label: 'Take over' },
        { id: 'send_puk', label: 'Send PUK', style: 'primary' },
        { id: 'ask', label: 'Ask technician' },
        { id: 'request_document', label: 'Request document' },
        { id: 'record_ticket', label: 'Bosch ticket #' },
        { id: 'bosch_email', label: 'E-mail to Bosch' },
        { id: 'reject', label: 'Reject', style: 'danger' },
      ],
    ],
  ];

  it.each(LOCALES)('%s: every button label is short enough for Slack (75) and translated', (l) => {
    for (const [name, localized, english] of ACTION_SETS) {
      const actions = localized(l);
      expect(
        actions.map(({ label: _label, ...rest }) => rest),
        name,
      ).toEqual(english.map(({ label: _label, ...rest }) => rest));
      for (const a of actions) {
        expect(a.label.length, `${name} ${a.id}: ${a.label}`).toBeGreaterThan(0);
        expect(a.label.length, `${name} ${a.id}: ${a.label}`).toBeLessThanOrEqual(75);
      }
      if (l === 'en') expect(actions, name).toEqual(english);
      else
        expect(
          actions.map((a) => a.label),
          `${name} in ${l}`,
        ).not.toEqual(english.map((a) => a.label));
    }
  });
});

describe('document and state labels', () => {
  it.each(LOCALES)('%s: a label for every document and every state, from its own catalog', (l) => {
    const documents = copy.documentLabels(l);
    const states = copy.stateLabels(l);
    expect(Object.keys(documents).sort()).toEqual(Object.keys(ENGLISH_DOCUMENTS).sort());
    expect(Object.keys(states).sort()).toEqual(Object.keys(ENGLISH_STATES).sort());
    for (const k of Object.keys(ENGLISH_DOCUMENTS)) expect(COPY.catalogs[l][`document.${k}`], `${l} document.${k}`).toBeTruthy();
    for (const k of Object.keys(ENGLISH_STATES)) expect(COPY.catalogs[l][`state.${k}`], `${l} state.${k}`).toBeTruthy();
    // Slack's option texts: 75 characters.
    for (const label of Object.values(documents)) expect(label.length, label).toBeLessThanOrEqual(75);
    if (l === 'en') {
      expect(documents).toEqual(ENGLISH_DOCUMENTS);
      expect(states).toEqual(ENGLISH_STATES);
    } else {
      expect(documents).not.toEqual(ENGLISH_DOCUMENTS);
      expect(states).not.toEqual(ENGLISH_STATES);
      // Bosch's own name for the letter, in every language.
      expect(documents.authorization_letter).toContain('Authorization Letter');
    }
  });
});
