// The intake in each of the six languages: what a technician types in their own words is read by
// the same rules as in English (labels and separators, a code over lines, the age of the code and
// its cap, greetings dropped, a wrong value refused), whatever language the bot speaks to them.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type FieldName, parseField } from '../../src/core/fields.js';
import { LOCALES, type Locale } from '../../src/core/i18n/locale.js';
import { CHALLENGE_LABEL, parseIntake, splitAge } from '../../src/core/intake.js';
import type { Notice } from '../../src/core/notices.js';
import { CODE, createTestDesk, minutes, tech } from '../support/desk.js';

const GROUPED = 'A1B2 C3D4 E5F6 G7H8 J9K0 L1M2 N3P4 Q5R6';
const OVER_TWO_LINES = 'A1B2 C3D4 E5F6 G7H8\nJ9K0 L1M2 N3P4 Q5R6';
const SECOND = 1_000;

interface Language {
  /** The answers to the bot's questions, in the order it asks them. */
  answers: { challenge: string; age: string; model: string; mac: string; firmware: string; serial: string };
  /** A whole request pasted in one message: greeting, remark, labels, the code over two lines, its age, thanks. */
  pasted: string;
  /** The one line of `pasted` handed back for a person to read. */
  remark: string;
  /** Label spellings: the line, its field, the value read. */
  labels: Array<[string, FieldName, string]>;
  /** A label and the value inside a sentence. */
  sentence: string;
  /** 10 minutes; 5 minutes with "generated"; about 15 minutes; an hour; half an hour; 90 seconds. */
  ages: [string, string, string, string, string, string];
  /** An age past the one-hour validity, with the challenge code's label. */
  tooOld: string;
  /** Greetings, thanks and "please" alone. */
  chat: string[];
  /** A question, handed back. */
  question: string;
  /** Each value wrong in the way the English ones are, under this language's labels. */
  wrong: { mac: string; serial: string; firmware: string; extraGroup: string; shortOverLines: string };
}

const LANGUAGES: Record<Locale, Language> = {
  en: {
    answers: {
      challenge: `Challenge code:\n${OVER_TWO_LINES}`,
      age: 'it was generated 10 minutes ago',
      model: 'Model: NDE-5503-AL',
      mac: 'MAC address 00:07:5f:12:34:56',
      firmware: 'FW 7.80 B128',
      serial: '404754734001050102',
    },
    pasted: [
      'Hi team,',
      'please reset the camera in the car park',
      'Model number: MIC-7502-Z30B',
      'Serial no.: 404754734001050102',
      'Firmware version: 6.51.0026',
      'MAC address: 00-04-63-aa-bb-cc',
      'Challenge code:',
      OVER_TWO_LINES,
      'generated 10 minutes ago',
      'Thanks, regards',
    ].join('\n'),
    remark: 'please reset the camera in the car park',
    labels: [
      ['Serial number: 404754734001050102', 'serial', '404754734001050102'],
      ['S/N 404754734001050102', 'serial', '404754734001050102'],
      ['Model no NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Type NBN-80052-BA', 'model', 'NBN-80052-BA'],
      ['MAC address: 00:07:5f:12:34:56', 'mac', '00:07:5F:12:34:56'],
      ['Firmware version 9.00.0210', 'firmware', '9.00.0210'],
      ['Version: 6.60', 'firmware', '6.60'],
      [`Challenge ${GROUPED}`, 'challenge', CODE],
      [`Code: ${CODE}`, 'challenge', CODE],
    ],
    sentence: 'the serial number is 404754734001050102 and the MAC address is 00:07:5f:12:34:56',
    ages: ['generated 10 minutes ago', 'created 5 mins ago', 'about 15 minutes ago', 'an hour ago', 'half an hour ago', '90 seconds ago'],
    tooOld: `Challenge code: ${CODE}\ngenerated 75 minutes ago`,
    chat: ['Hi team', 'thanks!', 'please', 'Thanks, regards'],
    question: 'what version do you need?',
    wrong: {
      mac: 'MAC address: 00:07:5f:12:34',
      serial: 'Serial number: 12345',
      firmware: 'Firmware version: 7,80,0128',
      extraGroup: `Challenge code: ${GROUPED} 7890`,
      shortOverLines: 'Challenge code:\nA1B2C3D4E5F6G7H8\nJ9K0L1M2N3P4Q5R',
    },
  },
  de: {
    answers: {
      challenge: `Challenge-Code:\n${OVER_TWO_LINES}`,
      age: 'Der Code wurde vor 10 Minuten erzeugt',
      model: 'Typ: NDE-5503-AL',
      mac: 'MAC-Adresse 00:07:5f:12:34:56',
      firmware: 'Firmware-Version 7.80 B128',
      serial: 'Seriennummer lautet 404754734001050102',
    },
    pasted: [
      'Hallo zusammen,',
      'bitte die Kamera in der Tiefgarage zurücksetzen',
      'Modellnummer: MIC-7502-Z30B',
      'Serien-Nr.: 404754734001050102',
      'Firmware-Version: 6.51.0026',
      'MAC-Adresse: 00-04-63-aa-bb-cc',
      'Challenge-Code:',
      OVER_TWO_LINES,
      'vor 10 Minuten erzeugt',
      'Danke und viele Grüße',
    ].join('\n'),
    remark: 'bitte die Kamera in der Tiefgarage zurücksetzen',
    labels: [
      ['Seriennummer: 404754734001050102', 'serial', '404754734001050102'],
      ['Serien-Nr. 404754734001050102', 'serial', '404754734001050102'],
      ['Ser.-Nr. 404754734001050102', 'serial', '404754734001050102'],
      ['S/N 404754734001050102', 'serial', '404754734001050102'],
      ['SN: 404754734001050102', 'serial', '404754734001050102'],
      ['Modell NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Modellnummer: NIN-73023-A10AS', 'model', 'NIN-73023-A10AS'],
      ['Typ NBN-80052-BA', 'model', 'NBN-80052-BA'],
      ['Typenbezeichnung: NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Artikelnummer: F.01U.393.627', 'model', 'F.01U.393.627'],
      ['MAC-Adresse: 00:07:5f:12:34:56', 'mac', '00:07:5F:12:34:56'],
      ['MAC Adresse 00075f123456', 'mac', '00:07:5F:12:34:56'],
      ['Firmware: 6.51.0026', 'firmware', '6.51.0026'],
      ['Firmwareversion 9.00.0210', 'firmware', '9.00.0210'],
      ['FW-Version = 7.80 B128', 'firmware', '7.80.0128'],
      ['Version: 6.60', 'firmware', '6.60'],
      [`Challenge-Code: ${CODE}`, 'challenge', CODE],
      [`Code: ${GROUPED}`, 'challenge', CODE],
      [`Challenge ${GROUPED}`, 'challenge', CODE],
    ],
    sentence: 'Die Seriennummer ist 404754734001050102 und die MAC-Adresse ist 00:07:5f:12:34:56',
    ages: [
      'vor 10 Minuten',
      'vor 5 Min. erzeugt',
      'Code wurde vor ca. 15 Minuten generiert',
      'vor einer Stunde',
      'vor einer halben Stunde',
      'vor 90 Sekunden',
    ],
    tooOld: `Challenge-Code: ${CODE}\nvor 75 Minuten erzeugt`,
    chat: ['Hallo zusammen', 'Danke!', 'bitte', 'Vielen Dank und viele Grüße', 'Mit freundlichen Grüßen'],
    question: 'welche Version braucht ihr?',
    wrong: {
      mac: 'MAC-Adresse: 00:07:5f:12:34',
      serial: 'Seriennummer: 12345',
      firmware: 'Firmware-Version: 7,80,0128',
      extraGroup: `Challenge-Code: ${GROUPED} 7890`,
      shortOverLines: 'Challenge-Code:\nA1B2C3D4E5F6G7H8\nJ9K0L1M2N3P4Q5R',
    },
  },
  fr: {
    answers: {
      challenge: `Code de challenge :\n${OVER_TWO_LINES}`,
      age: 'il a été généré il y a 10 minutes',
      model: 'Modèle : NDE-5503-AL',
      mac: 'Adresse MAC 00:07:5f:12:34:56',
      firmware: 'Version du firmware : 7.80 B128',
      serial: 'N° de série : 404754734001050102',
    },
    pasted: [
      'Bonjour à tous,',
      'merci de réinitialiser la caméra du parking',
      'Référence : MIC-7502-Z30B',
      // French puts a (no-break) space before the colon.
      'N° de série\u00a0: 404754734001050102',
      'Version du micrologiciel : 6.51.0026',
      'Adresse MAC : 00-04-63-aa-bb-cc',
      'Code de challenge :',
      OVER_TWO_LINES,
      'généré il y a 10 min',
      "Merci d'avance, cordialement",
    ].join('\n'),
    remark: 'merci de réinitialiser la caméra du parking',
    labels: [
      ['Numéro de série : 404754734001050102', 'serial', '404754734001050102'],
      ['numero de serie 404754734001050102', 'serial', '404754734001050102'],
      ['N° de série: 404754734001050102', 'serial', '404754734001050102'],
      ['Nº série 404754734001050102', 'serial', '404754734001050102'],
      ['No. de série 404754734001050102', 'serial', '404754734001050102'],
      ['Modèle : NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['modele NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Référence : F.01U.393.627', 'model', 'F.01U.393.627'],
      ['Réf. du modèle : NIN-73023-A10AS', 'model', 'NIN-73023-A10AS'],
      ['Type : NBN-80052-BA', 'model', 'NBN-80052-BA'],
      ['Adresse MAC : 00:07:5f:12:34:56', 'mac', '00:07:5F:12:34:56'],
      ['adresse mac 00-07-5F-12-34-56', 'mac', '00:07:5F:12:34:56'],
      ['Version du firmware : 7.80.0128', 'firmware', '7.80.0128'],
      ['Micrologiciel : 6.51.0026', 'firmware', '6.51.0026'],
      ['version du micrologiciel 9.00.0210', 'firmware', '9.00.0210'],
      ['Version : 6.60', 'firmware', '6.60'],
      [`Code de challenge : ${CODE}`, 'challenge', CODE],
      [`code challenge ${GROUPED}`, 'challenge', CODE],
      [`Code : ${CODE}`, 'challenge', CODE],
    ],
    sentence: "Le numéro de série est 404754734001050102 et l'adresse MAC est 00:07:5f:12:34:56",
    ages: [
      'il y a 10 minutes',
      'généré il y a 5 min',
      'genere il y a environ 15 minutes',
      'il y a une heure',
      'il y a une demi-heure',
      'il y a 90 secondes',
    ],
    tooOld: `Code de challenge : ${CODE}\ngénéré il y a 75 minutes`,
    chat: ['Bonjour', 'merci !', "s'il vous plaît", 'Merci beaucoup, cordialement', 'Bonjour à tous'],
    question: 'quelle version vous faut-il ?',
    wrong: {
      mac: 'Adresse MAC : 00:07:5f:12:34',
      serial: 'N° de série : 12345',
      firmware: 'Version du firmware : 7,80,0128',
      extraGroup: `Code de challenge : ${GROUPED} 7890`,
      shortOverLines: 'Code de challenge :\nA1B2C3D4E5F6G7H8\nJ9K0L1M2N3P4Q5R',
    },
  },
  es: {
    answers: {
      challenge: `Código de desafío:\n${OVER_TWO_LINES}`,
      age: 'el código se generó hace 10 minutos',
      model: 'Modelo: NDE-5503-AL',
      mac: 'Dirección MAC 00:07:5f:12:34:56',
      firmware: 'Versión de firmware 7.80 B128',
      serial: 'el número de serie es 404754734001050102',
    },
    pasted: [
      'Hola equipo,',
      'por favor restablecer la cámara del garaje',
      'Modelo: MIC-7502-Z30B',
      'Nº de serie: 404754734001050102',
      'Versión de firmware: 6.51.0026',
      'Dirección MAC: 00-04-63-aa-bb-cc',
      'Código de desafío:',
      OVER_TWO_LINES,
      'generado hace 10 minutos',
      '¡Muchas gracias! Saludos',
    ].join('\n'),
    remark: 'por favor restablecer la cámara del garaje',
    labels: [
      ['Número de serie: 404754734001050102', 'serial', '404754734001050102'],
      ['numero de serie 404754734001050102', 'serial', '404754734001050102'],
      ['Nº de serie: 404754734001050102', 'serial', '404754734001050102'],
      ['N.º de serie 404754734001050102', 'serial', '404754734001050102'],
      ['N/S: 404754734001050102', 'serial', '404754734001050102'],
      ['Modelo: NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Número de modelo: NIN-73023-A10AS', 'model', 'NIN-73023-A10AS'],
      ['Referencia: F.01U.393.627', 'model', 'F.01U.393.627'],
      ['Tipo: NBN-80052-BA', 'model', 'NBN-80052-BA'],
      ['Dirección MAC: 00:07:5f:12:34:56', 'mac', '00:07:5F:12:34:56'],
      ['direccion mac 0007.5f12.3456', 'mac', '00:07:5F:12:34:56'],
      ['Versión de firmware: 7.80.0128', 'firmware', '7.80.0128'],
      ['version del firmware 6.51.0026', 'firmware', '6.51.0026'],
      ['Versión: 6.60', 'firmware', '6.60'],
      [`Código de desafío: ${GROUPED}`, 'challenge', CODE],
      [`codigo de desafio ${CODE}`, 'challenge', CODE],
      [`Código: ${CODE}`, 'challenge', CODE],
    ],
    sentence: 'El número de serie es 404754734001050102 y la dirección MAC es 00:07:5f:12:34:56',
    ages: ['hace 10 minutos', 'generado hace 5 min', 'creado hace unos 15 minutos', 'hace una hora', 'hace media hora', 'hace 90 segundos'],
    tooOld: `Código de desafío: ${CODE}\ngenerado hace 75 minutos`,
    chat: ['Hola', '¡gracias!', 'por favor', 'Muchas gracias, saludos', 'Buenos días a todos'],
    question: '¿qué versión necesitáis?',
    wrong: {
      mac: 'Dirección MAC: 00:07:5f:12:34',
      serial: 'Número de serie: 12345',
      firmware: 'Versión de firmware: 7,80,0128',
      extraGroup: `Código de desafío: ${GROUPED} 7890`,
      shortOverLines: 'Código de desafío:\nA1B2C3D4E5F6G7H8\nJ9K0L1M2N3P4Q5R',
    },
  },
  it: {
    answers: {
      challenge: `Codice di sfida:\n${OVER_TWO_LINES}`,
      age: 'il codice è stato generato 10 minuti fa',
      model: 'Codice modello: NDE-5503-AL',
      mac: 'Indirizzo MAC 00:07:5f:12:34:56',
      firmware: 'Versione firmware 7.80 B128',
      serial: 'Matricola: 404754734001050102',
    },
    pasted: [
      'Ciao a tutti,',
      'per favore resettate la telecamera del garage',
      'Codice modello: MIC-7502-Z30B',
      'Numero di serie: 404754734001050102',
      'Versione firmware: 6.51.0026',
      'Indirizzo MAC: 00-04-63-aa-bb-cc',
      'Codice di sfida:',
      OVER_TWO_LINES,
      'generato 10 minuti fa',
      'Grazie mille, cordiali saluti',
    ].join('\n'),
    remark: 'per favore resettate la telecamera del garage',
    labels: [
      ['Numero di serie: 404754734001050102', 'serial', '404754734001050102'],
      ['N. di serie 404754734001050102', 'serial', '404754734001050102'],
      ['Nº serie 404754734001050102', 'serial', '404754734001050102'],
      ['Matricola: 404754734001050102', 'serial', '404754734001050102'],
      ['Seriale 404754734001050102', 'serial', '404754734001050102'],
      ['Modello: NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Codice modello NIN-73023-A10AS', 'model', 'NIN-73023-A10AS'],
      ['Codice prodotto: F.01U.393.627', 'model', 'F.01U.393.627'],
      ['Tipo NBN-80052-BA', 'model', 'NBN-80052-BA'],
      ['Indirizzo MAC: 00:07:5f:12:34:56', 'mac', '00:07:5F:12:34:56'],
      ['indirizzo mac 00-07-5F-12-34-56', 'mac', '00:07:5F:12:34:56'],
      ['Versione firmware: 7.80.0128', 'firmware', '7.80.0128'],
      ['Versione del firmware 6.51.0026', 'firmware', '6.51.0026'],
      ['Versione: 6.60', 'firmware', '6.60'],
      [`Codice di sfida: ${GROUPED}`, 'challenge', CODE],
      [`codice: ${CODE}`, 'challenge', CODE],
      [`Challenge ${CODE}`, 'challenge', CODE],
    ],
    sentence: "Il numero di serie è 404754734001050102 e l'indirizzo MAC è 00:07:5f:12:34:56",
    ages: ['10 minuti fa', 'generato 5 min fa', 'creato circa 15 minuti fa', "un'ora fa", "mezz'ora fa", '90 secondi fa'],
    tooOld: `Codice di sfida: ${CODE}\ngenerato 75 minuti fa`,
    chat: ['Ciao', 'grazie!', 'per favore', 'Grazie mille, cordiali saluti', 'Buongiorno a tutti'],
    question: 'quale versione vi serve?',
    wrong: {
      mac: 'Indirizzo MAC: 00:07:5f:12:34',
      serial: 'Numero di serie: 12345',
      firmware: 'Versione firmware: 7,80,0128',
      extraGroup: `Codice di sfida: ${GROUPED} 7890`,
      shortOverLines: 'Codice di sfida:\nA1B2C3D4E5F6G7H8\nJ9K0L1M2N3P4Q5R',
    },
  },
  nl: {
    answers: {
      challenge: `Challengecode:\n${OVER_TWO_LINES}`,
      age: 'de code is 10 minuten geleden gegenereerd',
      model: 'Typenummer: NDE-5503-AL',
      mac: 'MAC-adres 00:07:5f:12:34:56',
      firmware: 'Firmwareversie 7.80 B128',
      serial: 'Serienummer: 404754734001050102',
    },
    pasted: [
      'Hoi allemaal,',
      'graag de camera in de parkeergarage resetten',
      'Model: MIC-7502-Z30B',
      'Serienummer: 404754734001050102',
      'Firmwareversie: 6.51.0026',
      'MAC-adres: 00-04-63-aa-bb-cc',
      'Challengecode:',
      OVER_TWO_LINES,
      'gegenereerd 10 min geleden',
      'Alvast bedankt, met vriendelijke groet',
    ].join('\n'),
    remark: 'graag de camera in de parkeergarage resetten',
    labels: [
      ['Serienummer: 404754734001050102', 'serial', '404754734001050102'],
      ['Serienr. 404754734001050102', 'serial', '404754734001050102'],
      ['Serie-nr 404754734001050102', 'serial', '404754734001050102'],
      ['SN 404754734001050102', 'serial', '404754734001050102'],
      ['Model: NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Modelnummer: NIN-73023-A10AS', 'model', 'NIN-73023-A10AS'],
      ['Typenummer NBN-80052-BA', 'model', 'NBN-80052-BA'],
      ['Type: NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Artikelnummer F.01U.393.627', 'model', 'F.01U.393.627'],
      ['MAC-adres: 00:07:5f:12:34:56', 'mac', '00:07:5F:12:34:56'],
      ['MAC adres 00075f123456', 'mac', '00:07:5F:12:34:56'],
      ['Firmwareversie: 7.80.0128', 'firmware', '7.80.0128'],
      ['Firmware-versie 6.51.0026', 'firmware', '6.51.0026'],
      ['Versie: 6.60', 'firmware', '6.60'],
      [`Challengecode: ${GROUPED}`, 'challenge', CODE],
      [`Code: ${CODE}`, 'challenge', CODE],
    ],
    sentence: 'Het serienummer is 404754734001050102 en het MAC-adres is 00:07:5f:12:34:56',
    ages: [
      '10 minuten geleden',
      'gegenereerd 5 min geleden',
      'ongeveer 15 minuten geleden aangemaakt',
      'een uur geleden',
      'een half uur geleden',
      '90 seconden geleden',
    ],
    tooOld: `Challengecode: ${CODE}\ngegenereerd 75 minuten geleden`,
    chat: ['Hallo', 'bedankt!', 'alsjeblieft', 'Alvast bedankt, met vriendelijke groet', 'Goedemorgen allemaal'],
    question: 'welke versie hebben jullie nodig?',
    wrong: {
      mac: 'MAC-adres: 00:07:5f:12:34',
      serial: 'Serienummer: 12345',
      firmware: 'Firmwareversie: 7,80,0128',
      extraGroup: `Challengecode: ${GROUPED} 7890`,
      shortOverLines: 'Challengecode:\nA1B2C3D4E5F6G7H8\nJ9K0L1M2N3P4Q5R',
    },
  },
};

const AGES_MS = [minutes(10), minutes(5), minutes(15), minutes(60), minutes(30), 90 * SECOND];

/** Another of the six languages: the bot may speak any of them to someone typing in this one. */
const otherThan = (locale: Locale): Locale => LOCALES[(LOCALES.indexOf(locale) + 1) % LOCALES.length] ?? 'en';

describe.each(LOCALES)('a technician writing in %s', (locale) => {
  const language = LANGUAGES[locale];
  let t: ReturnType<typeof createTestDesk> | undefined;
  afterEach(() => t?.close());

  it('is understood one answer at a time, in the order the bot asks, and the age moves the clock', async () => {
    t = createTestDesk();
    const by = { ...tech, locale };
    const r = await t.start(by);
    const { answers } = language;
    await t.desk.message(r.id, by, answers.challenge);
    expect((await t.desk.get(r.id))?.challenge?.code).toBe(CODE);
    await t.desk.message(r.id, by, answers.age);
    await t.desk.message(r.id, by, answers.model);
    await t.desk.message(r.id, by, answers.mac);
    await t.desk.message(r.id, by, answers.firmware);
    await t.desk.message(r.id, by, answers.serial);
    const stored = await t.desk.get(r.id);
    expect(stored?.device).toMatchObject({
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
    // The code was 10 minutes old: 50 of its 60 minutes are left.
    expect((stored?.challenge?.expiresAt ?? 0) - t.clock.now()).toBe(minutes(50));
  });

  it('reads each answer as the field asked for, the same as the labelled answer', () => {
    const asked: Array<[FieldName, string]> = [
      ['model', language.answers.model],
      ['mac', language.answers.mac],
      ['firmware', language.answers.firmware],
      ['serial', language.answers.serial],
    ];
    for (const [field, answer] of asked) {
      const result = parseIntake(answer, field, 'en');
      expect(Object.keys(result.fields), answer).toEqual([field]);
      expect(result.errors, answer).toEqual([]);
      expect(result.unrecognised, answer).toEqual([]);
    }
    const code = parseIntake(language.answers.challenge, 'challenge', 'en');
    expect(code.challenge).toEqual({ code: CODE });
    expect(parseIntake(language.answers.age, undefined, 'en').ageMs).toBe(minutes(10));
  });

  it('reads a whole request pasted at once: labels, the code over two lines and its age', () => {
    const result = parseIntake(language.pasted, undefined, 'en');
    expect(result.fields).toEqual({
      model: 'MIC-7502-Z30B',
      serial: '404754734001050102',
      firmware: '6.51.0026',
      mac: '00:04:63:AA:BB:CC',
    });
    expect(result.challenge).toEqual({ code: CODE, ageMs: minutes(10) });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    // The greeting and thanks are dropped; the remark is handed back for a person to read.
    expect(result.unrecognised).toEqual([language.remark]);
  });

  it('applies the pasted age to the clock, whatever language the bot speaks to them', async () => {
    t = createTestDesk();
    const by = { ...tech, locale: otherThan(locale) };
    const r = await t.start(by, language.pasted);
    const stored = await t.desk.get(r.id);
    expect(stored?.device).toMatchObject({ model: 'MIC-7502-Z30B', serial: '404754734001050102' });
    expect(stored?.challenge?.code).toBe(CODE);
    expect((stored?.challenge?.expiresAt ?? 0) - t.clock.now()).toBe(minutes(50));
  });

  it('refuses a code older than its validity, as in English', async () => {
    t = createTestDesk();
    const r = await t.start({ ...tech, locale }, language.tooOld);
    expect((await t.desk.get(r.id))?.challenge).toBeUndefined();
    const reply = t.outbox.sent.map((s) => s.notice).find((n): n is Extract<Notice, { kind: 'intake_reply' }> => n.kind === 'intake_reply');
    expect(reply?.errors.map((e) => e.field)).toContain('challenge');
  });

  it.each(language.labels)('reads the label in "%s"', (line, field, value) => {
    const result = parseIntake(line, undefined, 'en');
    if (field === 'challenge') expect(result.challenge?.code).toBe(value);
    else expect(result.fields).toEqual({ [field]: value });
    expect(result.errors).toEqual([]);
    expect(result.unrecognised).toEqual([]);
  });

  it('reads a label inside a sentence when the value has the right shape', () => {
    expect(parseIntake(language.sentence, undefined, 'en').fields).toEqual({ serial: '404754734001050102', mac: '00:07:5F:12:34:56' });
  });

  it('reads the age in minutes, hours and seconds, with or without "generated", even without a code', () => {
    language.ages.forEach((phrase, i) => {
      const result = parseIntake(phrase, undefined, 'en');
      expect(result.ageMs, phrase).toBe(AGES_MS[i]);
      expect(result.challenge, phrase).toBeUndefined();
      expect(result.unrecognised, phrase).toEqual([]);
    });
  });

  it('attaches the age to a code on the same line, without its number joining the code', () => {
    const [label = ''] = language.answers.challenge.split('\n');
    const result = parseIntake(`${label} ${GROUPED} (${language.ages[0]})`, undefined, 'en');
    expect(result.challenge).toEqual({ code: CODE, ageMs: minutes(10) });
  });

  it('splits the age off a message that is only a labelled code, the label being a challenge code label', () => {
    const [label = ''] = language.answers.challenge.split('\n');
    const { rest, ageMs } = splitAge(`${label} ${CODE} ${language.ages[1]}`);
    expect(ageMs).toBe(minutes(5));
    expect(rest.replace(new RegExp(String.raw`^\s*(?:${CHALLENGE_LABEL})\s*:?\s*`, 'i'), '').trim()).toBe(CODE);
  });

  it('drops greetings, thanks and "please", also when a field was asked for', () => {
    for (const words of language.chat) {
      expect(parseIntake(words, undefined, 'en'), words).toEqual({ fields: {}, errors: [], warnings: [], unrecognised: [] });
      expect(parseIntake(words, 'model', 'en'), words).toEqual({ fields: {}, errors: [], warnings: [], unrecognised: [] });
    }
  });

  it('hands a question back for a person to read', () => {
    expect(parseIntake(language.question, undefined, 'en').unrecognised).toEqual([language.question]);
  });

  it.each(['mac', 'serial', 'firmware', 'extraGroup', 'shortOverLines'] as const)(
    'refuses a wrong %s with the same rule and words as in English',
    (which) => {
      const english = parseIntake(LANGUAGES.en.wrong[which], undefined, 'en');
      const result = parseIntake(language.wrong[which], undefined, 'en');
      expect(english.errors).toHaveLength(1);
      expect(result.errors).toEqual(english.errors);
      expect(result.fields).toEqual({});
      expect(result.challenge).toBeUndefined();
    },
  );
});

describe('labels that mean different things in different languages', () => {
  it('reads "Model" (English and Dutch) and "Type" (English, French, Dutch) as the model', () => {
    expect(parseIntake('Model NDE-5503-AL', undefined, 'en').fields).toEqual({ model: 'NDE-5503-AL' });
    expect(parseIntake('Type NDE-5503-AL', undefined, 'en').fields).toEqual({ model: 'NDE-5503-AL' });
  });

  it('reads "codice modello" and "código de producto" as the model, "codice" and "código" alone as the code', () => {
    expect(parseIntake('codice modello NDE-5503-AL', undefined, 'en').fields).toEqual({ model: 'NDE-5503-AL' });
    expect(parseIntake('Código de producto: F.01U.393.627', undefined, 'en').fields).toEqual({ model: 'F.01U.393.627' });
    expect(parseIntake(`codice ${CODE}`, undefined, 'en').challenge?.code).toBe(CODE);
    expect(parseIntake(`código ${CODE}`, undefined, 'en').challenge?.code).toBe(CODE);
  });

  it('reads "Référence" alone as the model only before a model number', () => {
    expect(parseIntake('Référence : MIC-7502-Z30B', undefined, 'en').fields).toEqual({ model: 'MIC-7502-Z30B' });
    expect(parseIntake('Reference: ticket 4711', undefined, 'en')).toMatchObject({ fields: {}, unrecognised: ['Reference: ticket 4711'] });
  });

  it('leaves English sentences as they were read before the other languages came', () => {
    for (const sentence of ['the type is a dome camera', 'the code expired', 'the serial number on the sticker is unreadable']) {
      expect(parseIntake(sentence, undefined, 'en'), sentence).toEqual({ fields: {}, errors: [], warnings: [], unrecognised: [sentence] });
    }
    // Short words of other languages are letters of a value too: "AL" (Spanish "al") stays in the model.
    expect(parseIntake('NDE 5503 AL', 'model', 'en').fields).toEqual({ model: 'NDE 5503 AL' });
  });

  it('reads labels in two languages in one message', () => {
    const result = parseIntake(
      `Seriennummer: 404754734001050102\nAdresse MAC : 00:07:5f:12:34:56\nCode: ${CODE}\nhace 5 minutos`,
      undefined,
      'en',
    );
    expect(result.fields).toEqual({ serial: '404754734001050102', mac: '00:07:5F:12:34:56' });
    expect(result.challenge).toEqual({ code: CODE, ageMs: minutes(5) });
  });

  it('keeps an accented word next to a code out of the code', () => {
    expect(parseIntake(`código ${GROUPED} grazie`, undefined, 'en').challenge?.code).toBe(CODE);
    expect(parseIntake(`für ${GROUPED} danke`, undefined, 'en').challenge?.code).toBe(CODE);
  });

  it('caps the amount of an age at four digits, as in English', () => {
    for (const phrase of [
      '12345 minutes ago',
      'vor 12345 Minuten',
      'il y a 12345 minutes',
      'hace 12345 minutos',
      '12345 minuti fa',
      '12345 minuten geleden',
    ]) {
      expect(parseIntake(phrase, undefined, 'en').ageMs, phrase).toBeUndefined();
    }
  });
});

describe('any mix of the six languages', () => {
  const pieces = LOCALES.flatMap((locale) => {
    const l = LANGUAGES[locale];
    return [
      ...l.labels.map(([line]) => line),
      ...l.ages,
      ...l.chat,
      l.question,
      l.sentence,
      ...Object.values(l.wrong),
      ...l.pasted.split('\n'),
    ];
  });
  const token = fc.oneof(fc.constantFrom(...pieces, '\n', ' ', ':', '°', 'º', 'é', 'ß', '’', "'"), fc.string({ maxLength: 12 }));
  const message = fc.array(token, { maxLength: 25 }).map((parts) => parts.join(' '));

  it('never throws, and every value it accepts is already in its normal form', () => {
    fc.assert(
      fc.property(
        message,
        fc.option(fc.constantFrom<FieldName>('challenge', 'model', 'mac', 'firmware', 'serial'), { nil: undefined }),
        (text, expecting) => {
          const r = parseIntake(text, expecting, 'en');
          for (const [field, value] of Object.entries(r.fields)) {
            const again = parseField(field as FieldName, value, 'en');
            expect(again.ok && again.value).toBe(value);
          }
          if (r.challenge) expect(r.challenge.code).toMatch(/^[A-Za-z0-9]{32}$/);
          if (r.ageMs !== undefined) expect(r.ageMs).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('reads hostile lines of half-labels and half-ages without backtracking for long', () => {
    const halves = ['n° de ', 'versione del ', 'vor ca. 1', 'il y a une demi', 'código de ', 'Serien-', 'mezz’', 'een half ', 'MAC-adres'];
    const t0 = performance.now();
    for (const half of halves) {
      parseIntake(
        half
          .repeat(Math.ceil(480 / half.length))
          .slice(0, 480)
          .repeat(200)
          .replace(/(.{480})/g, '$1\n'),
        undefined,
        'en',
      );
    }
    // A quadratic or worse pattern takes seconds here; the intake takes milliseconds.
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
