// What an agent or a technician reads when the bot refuses, validates a value, draws the support
// card or explains the steps after the PUK, in each of the six languages: their own words, the
// request id, mentions, times and commands kept as inlines, and Bosch's own words verbatim.

import { describe, expect, it } from 'vitest';
import { type RefusalCode, refuse } from '../../src/core/refusals.js';
import { cardModel } from '../../src/core/card.js';
import { postResetSteps } from '../../src/core/firmware.js';
import {
  FORM_FIELDS,
  type FieldName,
  type FieldResult,
  fieldLabels,
  parseBoschTicket,
  parseField,
  parsePuk,
  pleaseEnter,
} from '../../src/core/fields.js';
import { transition } from '../../src/core/lifecycle.js';
import { LOCALES, type Locale } from '../../src/core/i18n/locale.js';
import type { Inline, Paragraph } from '../../src/core/rich.js';
import type { Actor } from '../../src/core/request.js';
import { agent, tech } from '../support/desk.js';
import { SETTINGS, T0, fixtures } from './lifecycle-table.js';
import { french, quoted } from '../support/i18n/quotes.js';

const OTHERS = LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en');
const requests = fixtures();

const CODES = [
  'not_requester',
  'not_agent',
  'ended',
  'not_submitted',
  'already_submitted',
  'claimed_by_other',
  'already_yours',
  'not_claimed',
  'not_holder',
  'puk_already_sent',
  'expired',
  'not_with_support',
  'no_puk_yet',
  'incomplete',
  'invalid_field',
  'invalid_fields',
  'reason_required',
  'empty',
  'not_found',
  'unavailable',
  'site_form',
  'site_needs_camera',
  'batch_full',
  'site_incomplete',
  'site_same_code',
  'site_puk_camera',
  'invalid_puks',
  'site_camera_done',
] as const satisfies readonly RefusalCode[];
// ...and no refusal code missing from the list:
const _everyCodeListed: Exclude<RefusalCode, (typeof CODES)[number]> extends never ? true : never = true;
// eslint-disable-next-line @typescript-eslint/no-meaningless-void-operator -- reads the check, which exists only for the compiler
void _everyCodeListed;

const text = (lines: Paragraph[]): string =>
  lines
    .map((l) =>
      l
        .map((p) => {
          if (typeof p === 'string') return p;
          if ('bold' in p) return p.bold;
          if ('code' in p) return p.code;
          if ('mention' in p) return `@${p.mention.name ?? p.mention.id}`;
          if ('time' in p) return `[${p.time}]`;
          return p.label;
        })
        .join(''),
    )
    .join('\n');

const errorOf = (r: FieldResult): string | undefined => (r.ok ? undefined : r.error);
const warningOf = (r: FieldResult): string | undefined => (r.ok ? r.warning : undefined);

const rich = (lines: Paragraph[]): Array<Exclude<Inline, string>> =>
  lines.flat().filter((p): p is Exclude<Inline, string> => typeof p !== 'string');

/** One refusal of each code, as the lifecycle and the desk make them, for a reader in `locale`. */
function refusalIn(code: RefusalCode, locale: Locale) {
  const p = { locale, platform: 'slack' as const };
  switch (code) {
    case 'not_requester':
      return refuse(code, { ...p, request: requests.collecting, what: 'submit' });
    case 'not_agent':
      return refuse(code, { ...p, request: requests.awaiting_support, what: 'claim' });
    case 'ended':
      return refuse(code, { ...p, request: requests.completed, what: 'cancel' });
    case 'not_submitted':
    case 'incomplete':
      return refuse(code, { ...p, request: requests.collecting, what: 'submit', missing: ['model', 'serial'] });
    case 'claimed_by_other':
    case 'not_holder':
      return refuse(code, { ...p, request: requests.claimed, what: 'claim', other: agent });
    case 'puk_already_sent':
      return refuse(code, { ...p, request: requests.puk_delivered, what: 'send_puk', other: agent, at: T0 + 60_000 });
    case 'not_with_support':
      return refuse(code, { ...p, request: requests.puk_delivered, what: 'ask' });
    case 'no_puk_yet':
      return refuse(code, { ...p, request: requests.claimed, what: 'done' });
    case 'invalid_fields': {
      const mac = parseField('mac', 'ZZ:07:5F:12:34:56', locale);
      return refuse(code, { ...p, request: requests.collecting, what: 'edit', fieldErrors: { mac: mac.ok ? '' : mac.error } });
    }
    case 'not_found':
      return refuse(code, { ...p, id: 'CR-GONE', what: 'message' });
    case 'unavailable':
      return refuse(code, { ...p, what: 'act' });
    case 'batch_full':
      return refuse(code, { ...p, request: requests.collecting, what: 'edit', max: 50 });
    case 'site_incomplete':
      return refuse(code, { ...p, request: requests.collecting, what: 'submit', cameras: [{ n: 3, fields: ['model', 'serial'] }] });
    case 'site_same_code':
    case 'site_camera_done':
      return refuse(code, { ...p, what: 'message', camera: 3 });
    case 'site_puk_camera':
      return refuse(code, { ...p, what: 'send_puk', camera: 3, reason: 'expired' });
    case 'invalid_puks':
      return refuse(code, { ...p, request: requests.claimed, what: 'send_puk', cameraErrors: { 3: 'Camera 3: x' } });
    default:
      return refuse(code, { ...p, request: requests.awaiting_support, what: 'send_puk' });
  }
}

describe('every refusal in every language', () => {
  for (const code of CODES) {
    it(`${code}: in the reader's own words, with the request id, mentions, times and commands kept`, () => {
      const english = refusalIn(code, 'en');
      const englishRich = rich(english.lines);
      for (const locale of OTHERS) {
        const refusal = refusalIn(code, locale);
        expect(refusal.code).toBe(code);
        expect(refusal.lines.length, `${code} ${locale}`).toBeGreaterThan(0);
        expect(text(refusal.lines), `${code} ${locale}`).not.toBe(text(english.lines));
        // The same mentions, times and commands, wherever the translation puts them.
        const kinds = (xs: Array<Exclude<Inline, string>>) =>
          xs
            .filter((x) => !('bold' in x))
            .map((x) => JSON.stringify(x))
            .sort();
        expect(kinds(rich(refusal.lines)), `${code} ${locale}`).toEqual(kinds(englishRich));
        const id =
          code === 'not_found'
            ? 'CR-GONE'
            : code === 'unavailable' ||
                code === 'invalid_field' ||
                code === 'invalid_fields' ||
                code === 'reason_required' ||
                code === 'empty' ||
                code === 'site_same_code' ||
                code === 'site_puk_camera' ||
                code === 'invalid_puks' ||
                code === 'site_camera_done'
              ? undefined
              : 'CR-TEST';
        if (id) expect(text(refusal.lines), `${code} ${locale}`).toContain(id);
      }
    });
  }

  it('keeps camreset and its commands as they are typed', () => {
    for (const locale of LOCALES) {
      expect(text(refusalIn('unavailable', locale).lines)).toMatch(/^camreset /);
      expect(rich(refusalIn('ended', locale).lines)).toContainEqual({ code: '/camreset' });
      expect(rich(refusalIn('not_found', locale).lines)).toContainEqual({ code: '/camreset status' });
    }
  });

  it('offers Take over in the language of the agent it is offered to', () => {
    const labels = LOCALES.map((l) => refusalIn('claimed_by_other', l).actions?.[0]?.label);
    expect(labels).toEqual(['Take over', 'Übernehmen', 'Reprendre', 'Hacerme cargo', 'Subentra', 'Overnemen']);
    for (const locale of LOCALES) {
      const refusal = refusalIn('not_holder', locale);
      expect(refusal.actions?.[0]?.id).toBe('take_over');
      // The button named in the sentence is the button offered.
      const label: string = refusal.actions?.[0]?.label ?? '';
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- a bold inline, not String.prototype.bold (the Inline union includes string; see eslint.config.js)
      const named: Inline = { bold: label };
      expect(rich(refusal.lines)).toContainEqual(named);
    }
  });

  /** The words as read: a value keeps its own segment (say.ts), so adjacent text is joined to compare sentences. */
  const read = (lines: Paragraph[]): Paragraph[] =>
    lines.map((l) =>
      l.reduce<Paragraph>((out, p) => {
        const last = out.at(-1);
        return typeof p === 'string' && typeof last === 'string' ? [...out.slice(0, -1), last + p] : [...out, p];
      }, []),
    );

  it('says exactly this in German', () => {
    expect(read(refusalIn('claimed_by_other', 'de').lines)).toEqual([
      [
        'CR-TEST wird von ',
        { mention: agent },
        ' bearbeitet. Frag nach oder drück ',
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- a bold inline, not String.prototype.bold (the Inline union includes string; see eslint.config.js)
        { bold: 'Übernehmen' },
        ', um sie zu übernehmen; die Person wird benachrichtigt.',
      ],
    ]);
    expect(read(refusalIn('not_agent', 'de').lines)).toEqual([
      [
        'Nur Support-Agenten können CR-TEST annehmen. Wenn du einer sein solltest, bitte deinen Admin, dich zur Support-Gruppe hinzuzufügen.',
      ],
    ]);
  });

  it('says exactly this in Italian', () => {
    expect(read(refusalIn('not_agent', 'it').lines)).toEqual([
      [
        'Solo gli operatori del supporto possono prendere in carico CR-TEST. Se pensi di doverne far parte, chiedi al tuo amministratore di aggiungerti al gruppo di supporto.',
      ],
    ]);
    expect(read(refusalIn('puk_already_sent', 'it').lines)).toEqual([
      [
        'Il PUK per CR-TEST è già stato inviato da ',
        { mention: agent },
        ' alle ',
        { time: T0 + 60_000 },
        '. Se non ha funzionato, il tecnico può segnalarlo e la richiesta torna indietro.',
      ],
    ]);
  });

  it('names the missing fields as one list in the reader’s language', () => {
    expect(text(refusalIn('incomplete', 'de').lines)).toBe(
      'Für CR-TEST fehlt noch: Modellnummer und Seriennummer. Erst dann kann sie an den Support gehen.',
    );
    expect(text(refusalIn('incomplete', 'fr').lines)).toContain('référence du modèle et numéro de série');
    expect(text(refusalIn('incomplete', 'en').lines)).toBe(
      'CR-TEST still needs the model number, serial number before it can go to support.',
    );
  });

  it('refuses the person who tried in their language, whoever else reads the request', () => {
    const germanTech: Actor = { ...tech, locale: 'de' };
    const frenchAgent: Actor = { ...agent, id: 'UAGENT9', locale: 'fr' };
    const ctx = { now: T0 + 120_000, settings: SETTINGS };
    const claim = transition(requests.awaiting_support, { type: 'claim', by: germanTech, isAgent: false }, ctx);
    expect(claim.ok).toBe(false);
    if (!claim.ok) expect(text(claim.refusal.lines)).toMatch(/^Nur Support-Agenten können CR-TEST annehmen\./);
    const taken = transition(requests.claimed, { type: 'claim', by: frenchAgent, isAgent: true }, ctx);
    expect(taken.ok).toBe(false);
    if (!taken.ok) {
      expect(text(taken.refusal.lines)).toBe(
        french('CR-TEST est traitée par @agent. Demandez-lui, ou appuyez sur Reprendre pour la reprendre : cette personne sera prévenue.'),
      );
      expect(taken.refusal.actions).toEqual([{ id: 'take_over', label: 'Reprendre' }]);
    }
    const puk = transition(requests.claimed, { type: 'send_puk', by: { ...agent, locale: 'es' }, isAgent: true, puk: 'AB!CD1234' }, ctx);
    expect(puk.ok).toBe(false);
    if (!puk.ok)
      expect(text(puk.refusal.lines)).toBe('«!» no está permitido en un PUK; solo tiene letras y cifras (se aceptan espacios y guiones).');
  });

  it('words a form’s field errors, and the intake’s, for the technician who typed them', () => {
    const ctx = { now: T0 + 120_000, settings: SETTINGS };
    const fresh = { ...requests.collecting, device: { photos: [], documents: [] } };
    const dutch: Actor = { ...tech, locale: 'nl' };
    const form = transition(fresh, { type: 'set_fields', by: dutch, values: { model: '', mac: '00:07:5F:12:34' } }, ctx);
    expect(form.ok).toBe(false);
    if (!form.ok) {
      expect(form.refusal.fieldErrors?.model).toBe('Vul het modelnummer in.');
      expect(form.refusal.fieldErrors?.mac).toMatch(/^Een MAC-adres heeft 12 hexadecimale cijfers/);
    }
    const said = transition(fresh, { type: 'message', by: { ...tech, locale: 'it' }, text: 'MAC: 00:07:5F:12:34' }, ctx);
    expect(said.ok).toBe(true);
    if (said.ok) {
      const reply = said.notices.find((n) => n.kind === 'intake_reply');
      expect(reply?.kind === 'intake_reply' && reply.errors.map((e) => e.message)).toEqual([
        'Un indirizzo MAC ha 12 cifre esadecimali (0-9, A-F), come 00:07:5F:12:34:56 — questo ne ha 10.',
      ]);
    }
  });
});

describe('field validation messages in every language', () => {
  const bad: Record<FieldName, string[]> = {
    challenge: [
      '',
      'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R',
      'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6X',
      'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R!',
      'x'.repeat(201),
    ],
    model: ['N', 'NDE_5503', '----', 'N'.repeat(41)],
    mac: ['00:07:5G:12:34:56', '00:07:5F:12:34', '0:07:5F:12:34:567'],
    firmware: ['', '7,80,0128', '7', '7.80.0128.1', 'latest'],
    serial: ['40475', '4047 5473', '------'],
  };

  for (const field of FORM_FIELDS) {
    it(`${field}: every problem worded in each language, not English but for English`, () => {
      for (const input of bad[field]) {
        const english = parseField(field, input, 'en');
        expect(english.ok, `${field} ${JSON.stringify(input)}`).toBe(false);
        if (english.ok) continue;
        expect(errorOf(parseField(field, input, 'en'))).toBe(english.error);
        for (const locale of OTHERS) {
          const worded = parseField(field, input, locale);
          expect(worded.ok).toBe(false);
          if (worded.ok) continue;
          expect(worded.error.length, `${field} ${locale}`).toBeGreaterThan(10);
          expect(worded.error, `${field} ${locale} ${JSON.stringify(input)}`).not.toBe(english.error);
        }
      }
    });
  }

  it('keeps examples and the version page address as they are', () => {
    for (const locale of LOCALES) {
      expect(errorOf(parseField('model', 'N', locale))).toContain('NDE-5503-AL');
      expect(errorOf(parseField('firmware', 'latest', locale))).toContain('http://<camera-ip>/version');
      expect(errorOf(parseField('mac', '00:07:5F:12:34', locale))).toContain('00:07:5F:12:34:56');
      expect(errorOf(parseBoschTicket('8712345678', locale))).toContain('#8712345678');
    }
  });

  it('warns about a MAC that is not Bosch, and checks the PUK and the ticket, in each language', () => {
    for (const locale of OTHERS) {
      const mac = parseField('mac', 'AA:BB:CC:12:34:56', locale);
      expect(mac).toMatchObject({ ok: true, value: 'AA:BB:CC:12:34:56' });
      expect(warningOf(mac)).toMatch(/^AA:BB:CC /);
      expect(warningOf(mac)).not.toBe(warningOf(parseField('mac', 'AA:BB:CC:12:34:56', 'en')));
      for (const puk of ['ABC', 'ABCD-12!4']) {
        const worded = errorOf(parsePuk(puk, locale));
        expect(worded).toBeDefined();
        expect(worded).not.toBe(errorOf(parsePuk(puk, 'en')));
      }
      expect(errorOf(parseBoschTicket('12345', locale))).toMatch(/#87/);
    }
  });

  it('names a character the technician cannot see in their language', () => {
    expect(errorOf(parseField('serial', '404754\u200b734001', 'de'))).toMatch(/^Ein unsichtbares Leerzeichen \(U\+200B\)/);
    expect(errorOf(parseField('serial', '404754 734001', 'fr'))).toMatch(/^Un espace n’est pas autorisé/);
    expect(errorOf(parseField('serial', '404754 734001', 'en'))).toMatch(/^A space is not allowed/);
  });

  it('asks for an empty field and names the fields in each language', () => {
    expect(LOCALES.map((l) => pleaseEnter('serial', l))).toEqual([
      'Please enter the serial number.',
      'Bitte gib die Seriennummer ein.',
      'Saisissez le numéro de série.',
      'Introduce el número de serie.',
      'Inserisci il numero di serie.',
      'Vul het serienummer in.',
    ]);
    expect(fieldLabels('es')).toEqual({
      challenge: 'código de desafío',
      model: 'número de modelo',
      mac: 'dirección MAC',
      firmware: 'versión de firmware',
      serial: 'número de serie',
    });
  });
});

describe('the steps after the PUK in every language', () => {
  const families = [
    ['6.50.9999', 'all_cleared'],
    ['6.51', 'service_password_service_all_reset'],
    ['6.51.0026', 'service_only'],
    ['7.80 B128', 'service_only'],
    [undefined, 'unknown'],
  ] as const;

  for (const [firmware, behaviour] of families) {
    it(`${firmware ?? 'unknown firmware'} (${behaviour}): Bosch's words verbatim, the same steps in each language`, () => {
      const english = postResetSteps(firmware, 'en');
      for (const locale of LOCALES) {
        const steps = postResetSteps(firmware, locale);
        expect(steps.behaviour).toBe(behaviour);
        expect(steps.steps.length).toBe(english.steps.length);
        expect(steps.steps[0], locale).toContain(quoted(locale, 'Response Code'));
        expect(steps.steps[1], locale).toContain(quoted(locale, 'Send'));
        const all = `${steps.passwordsAfterPuk}\n${steps.steps.join('\n')}`;
        expect(all, locale).toContain(quoted(locale, 'service'));
        expect(all, locale).toContain(quoted(locale, 'user'));
        expect(all, locale).toContain(quoted(locale, 'live'));
        expect(all, locale).not.toMatch(/\/reset/i);
        if (firmware) expect(steps.passwordsAfterPuk, locale).toContain(firmware.trim());
        for (const step of steps.steps) expect(step.length, `${locale}: ${step}`).toBeLessThanOrEqual(200);
        if (locale !== 'en') {
          steps.steps.forEach((step, i) => expect(step, locale).not.toBe(english.steps[i]));
          expect(steps.passwordsAfterPuk).not.toBe(english.passwordsAfterPuk);
        }
        // The sign-in step: the default password "service" from 6.51, an empty one before.
        const signIn = steps.steps[2] ?? '';
        const quotedService = signIn.split(quoted(locale, 'service')).length - 1;
        if (behaviour === 'all_cleared') expect(quotedService, `${locale}: ${signIn}`).toBe(1);
        else expect(quotedService, `${locale}: ${signIn}`).toBeGreaterThanOrEqual(2);
        if (behaviour === 'unknown') {
          expect(all).toContain('6.51');
          expect(steps.steps[steps.steps.length - 1]).toContain('http://<camera-ip>/version');
        }
        if (behaviour === 'all_cleared') expect(steps.passwordsAfterPuk).toContain('6.51');
      }
    });
  }
});

describe('the support card in every language', () => {
  it('reads in the support language, with the id, the people and the times as inlines', () => {
    const now = T0 + 5 * 60_000;
    const english = cardModel(requests.claimed, now, 'en');
    expect(english).toEqual(cardModel(requests.claimed, now, 'en'));
    for (const locale of OTHERS) {
      for (const state of ['awaiting_support', 'claimed', 'needs_info', 'puk_delivered', 'completed', 'rejected', 'expired'] as const) {
        const card = cardModel(requests[state], now, locale);
        const en = cardModel(requests[state], now, 'en');
        expect(card.title, `${state} ${locale}`).toMatch(/^CR-TEST · /);
        expect(card.title, `${state} ${locale}`).not.toBe(en.title);
        expect(rich([card.requester])).toEqual([{ mention: tech }]);
        expect(text(card.status), `${state} ${locale}`).not.toBe(text(en.status));
        expect(rich(card.status).filter((x) => !('bold' in x))).toEqual(rich(en.status).filter((x) => !('bold' in x)));
        if (en.deadline) expect(rich([card.deadline ?? []])).toEqual(rich([en.deadline]));
      }
    }
    expect(cardModel(requests.claimed, now, 'de').status).toEqual([['Bearbeitet von ', { mention: agent }]]);
  });

  it('names a requested document instead of quoting how the request stores it', () => {
    const asked = transition(
      requests.claimed,
      { type: 'request_document', by: agent, isAgent: true, document: 'invoice' },
      { now: T0 + 240_000, settings: SETTINGS },
    );
    expect(asked.ok).toBe(true);
    if (!asked.ok) return;
    expect(text(cardModel(asked.request, T0 + 240_000, 'en').status)).toContain('Asked for a document: Invoice');
    for (const locale of LOCALES) expect(text(cardModel(asked.request, T0 + 240_000, locale).status)).not.toContain('document: invoice');
  });
});
