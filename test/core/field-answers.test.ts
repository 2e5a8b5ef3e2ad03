// What a technician types when a field is asked for but has no value to give: "wait", "moment
// bitte" (still looking), "unleserlich", "je ne sais pas", "?" (cannot give it). Each was stored as
// the serial number or the model ("Serial: UNLESERLICH" on the summary and the support card). A
// bare answer is the field's value only when it has the field's shape: every device value carries
// digits. What was said instead is answered in the writer's language: a short "take your time",
// or what the value looks like, where else it is printed and that a photo of the label helps.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceField } from '../../src/core/fields.js';
import { FIELDS, NOTICES } from '../../src/core/i18n/catalog.js';
import { LOCALES, type Locale } from '../../src/core/i18n/locale.js';
import { parseIntake } from '../../src/core/intake.js';
import { plainText } from '../../src/core/rich.js';
import { CODE, createTestDesk, tech } from '../support/desk.js';

const VALUES: Record<DeviceField, string> = {
  model: 'Model: NDE-5503-AL',
  mac: 'MAC 00-07-5f-12-34-56',
  firmware: 'FW 7.80.0128',
  serial: 'SN 404754734001050102',
};
const ASKED: readonly DeviceField[] = ['model', 'mac', 'firmware', 'serial'];

interface Said {
  /** Said instead of the value: unreadable, don't know, a question. */
  cannot: string[];
  /** Still looking. */
  hold: string[];
  /** The serial label in this language, before a value without a digit. */
  serialLabel: string;
  modelLabel: string;
}

const SAID: Record<Locale, Said> = {
  en: {
    cannot: ['unreadable', "can't read it", 'idk', "don't know", '?', 'hmm', 'where is it?', 'no idea'],
    hold: ['wait', 'one sec', 'checking', 'hang on', 'ok wait', "I'm checking"],
    serialLabel: 'Serial:',
    modelLabel: 'Model:',
  },
  de: {
    cannot: ['unleserlich', 'kann ich nicht lesen', 'weiß nicht', 'keine Ahnung', 'wo steht die?', 'hmm'],
    hold: ['moment', 'Moment bitte', 'warte', 'Sekunde', 'einen Augenblick', 'ich schau nach'],
    serialLabel: 'Seriennummer:',
    modelLabel: 'Modell:',
  },
  fr: {
    cannot: ['illisible', 'je ne sais pas', 'je ne peux pas lire', 'aucune idée', 'où est-ce ?'],
    hold: ['attendez', 'un instant', 'une seconde', 'attendez svp', 'je regarde'],
    serialLabel: 'N° de série :',
    modelLabel: 'Modèle :',
  },
  es: {
    cannot: ['ilegible', 'no sé', 'no lo veo', 'ni idea', '¿dónde está?'],
    hold: ['espera', 'un momento', 'un segundo', 'un momento por favor'],
    serialLabel: 'Número de serie:',
    modelLabel: 'Modelo:',
  },
  it: {
    cannot: ['illeggibile', 'non lo so', 'non si legge', 'boh', 'dove si trova?'],
    hold: ['aspetta', 'un attimo', 'un momento', 'sto controllando'],
    serialLabel: 'Numero di serie:',
    modelLabel: 'Modello:',
  },
  nl: {
    cannot: ['onleesbaar', 'weet ik niet', 'geen idee', 'kan het niet lezen', 'waar staat dat?'],
    hold: ['wacht', 'momentje', 'even wachten', 'een ogenblik'],
    serialLabel: 'Serienummer:',
    modelLabel: 'Model:',
  },
};

const PAGE = { code: 'http://<camera-ip>/version' };
const noValue = (locale: Locale, field: DeviceField): string =>
  plainText({ lines: [NOTICES.say(locale, 'intake.no_value', { field, page: PAGE })] });
const hold = (locale: Locale, field: DeviceField): string =>
  plainText({ lines: [NOTICES.say(locale, 'intake.hold', { field, page: PAGE })] });

describe.each(LOCALES)('a technician writing in %s, asked for a field', (locale) => {
  const said = SAID[locale];
  const by = { ...tech, locale };
  let t: ReturnType<typeof createTestDesk> | undefined;
  afterEach(() => t?.close());

  /** A request that has everything but `field`, so `field` is what the bot asks for next. */
  const askedFor = async (field: DeviceField) => {
    t = createTestDesk();
    const others = ASKED.filter((f) => f !== field).map((f) => VALUES[f]);
    const r = await t.start(by, [CODE, ...others].join('\n'));
    t.outbox.clear();
    return r;
  };

  const cases = ASKED.flatMap((field) => said.cannot.map((text): [DeviceField, string] => [field, text]));
  it.each(cases)('asked for the %s, "%s" is not its value: told where to find it, in their language', async (field, text) => {
    const r = await askedFor(field);
    await t!.desk.message(r.id, by, text);
    const stored = await t!.desk.get(r.id);
    expect(stored?.device[field]).toBeUndefined();
    const [reply] = t!.outbox.to('requester');
    expect(reply?.notice.kind).toBe('intake_reply');
    expect(reply?.text).toContain(noValue(locale, field));
    // Not "nothing found" and not the same question again: what to do next, once.
    expect(reply?.text).not.toContain(plainText({ lines: [NOTICES.say(locale, 'intake.not_understood')] }));
    expect(t!.outbox.to('requester')).toHaveLength(1);
  });

  const holds = ASKED.flatMap((field) => said.hold.map((text): [DeviceField, string] => [field, text]));
  it.each(holds)('asked for the %s, "%s" is a pause: a short "take your time", nothing stored', async (field, text) => {
    const r = await askedFor(field);
    await t!.desk.message(r.id, by, text);
    expect((await t!.desk.get(r.id))?.device[field]).toBeUndefined();
    const [reply] = t!.outbox.to('requester');
    expect(reply?.text).toBe(hold(locale, field));
  });

  it('still takes a real value typed alone, with or without letters', async () => {
    for (const [field, text, value] of [
      ['serial', '404754734001050102', '404754734001050102'],
      ['serial', 'abc123', 'ABC123'],
      ['model', 'NDE-5503-AL', 'NDE-5503-AL'],
      ['model', 'nde 5503 al', 'NDE 5503 AL'],
      ['mac', '00075f123456', '00:07:5F:12:34:56'],
      ['firmware', '7.80 B128', '7.80.0128'],
    ] as const) {
      const r = await askedFor(field);
      await t!.desk.message(r.id, by, text);
      expect((await t!.desk.get(r.id))?.device[field], text).toBe(value);
      await t!.close();
    }
  });

  it('refuses a labelled serial or model without a digit, saying so', () => {
    for (const [label, field, key] of [
      [said.serialLabel, 'serial', 'serial.no_digit'],
      [said.modelLabel, 'model', 'model.no_digit'],
    ] as const) {
      for (const value of ['ABCDEF', said.cannot[0]!]) {
        const result = parseIntake(`${label} ${value}`, undefined, locale);
        expect(result.fields, `${label} ${value}`).toEqual({});
        expect(
          result.errors.map((e) => [e.field, e.message]),
          `${label} ${value}`,
        ).toEqual([[field, FIELDS.word(locale, key)]]);
      }
    }
  });
});

describe('what is said instead of a value, however it is pasted', () => {
  it('a pause typed with a label is a labelled value, refused for its missing digit', () => {
    const result = parseIntake('Serial: wait', 'serial', 'en');
    expect(result.aside).toBeUndefined();
    expect(result.errors.map((e) => e.message)).toEqual([FIELDS.word('en', 'serial.no_digit')]);
  });

  it('a word without a digit beside real values is neither a value nor an aside', () => {
    const result = parseIntake('NDE-5503-AL\nunleserlich', 'serial', 'de');
    expect(result.fields).toEqual({ model: 'NDE-5503-AL' });
    expect(result.aside).toBeUndefined();
  });

  it('reads 100 KB of waiting or of words without a digit as no value, without slowing down', () => {
    for (const text of ['wait '.repeat(20_000), 'unleserlich '.repeat(9_000), `${'a'.repeat(100_000)}?`]) {
      const result = parseIntake(text, 'serial', 'de');
      expect(result.fields).toEqual({});
      expect(result.aside).toBe('no_value');
    }
  });
});
