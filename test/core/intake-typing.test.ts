// What a hurried technician types on a phone, in each of the six languages: the age of the code
// as people say it (a whole duration, a decimal, a quarter, a number word, a range, days), "just
// now", the typography phones and web pages add (no-break spaces, curly quotes), labels as
// they are written, and commands with a colon or courtesy around them.
import { afterEach, describe, expect, it } from 'vitest';
import type { FieldName } from '../../src/core/fields.js';
import { parseIntake } from '../../src/core/intake.js';
import { type Command, commandIn, onlyCode } from '../../src/core/reading.js';
import { CODE, createTestDesk, minutes, tech } from '../support/desk.js';

const SECOND = 1_000;
const DAY = minutes(24 * 60);

describe('the age of the code, as people say it', () => {
  // Each of these was read wrong (a part of it) or not at all.
  it.each<[string, number]>([
    // The whole duration, never its last part alone: 70 minutes is past the hour's validity.
    ['1 hour 10 minutes ago', minutes(70)],
    ['an hour and 10 minutes ago', minutes(70)],
    ['an hour and a half ago', minutes(90)],
    ['vor 1 Stunde und 10 Minuten', minutes(70)],
    ['vor 1 Std. 10 Min.', minutes(70)],
    ['vor anderthalb Stunden', minutes(90)],
    ['il y a 1h10', minutes(70)],
    ['il y a une heure et demie', minutes(90)],
    ['hace 1 hora y media', minutes(90)],
    ['hace una hora y 10 minutos', minutes(70)],
    ["un'ora e 10 minuti fa", minutes(70)],
    ["un'ora e mezza fa", minutes(90)],
    ['1 uur en 10 minuten geleden', minutes(70)],
    ['anderhalf uur geleden', minutes(90)],
    // A decimal is one number: not "5 hours" in "0.5 hours", not "5 minutes" in "2,5 minuti".
    ['0.5 hours ago', minutes(30)],
    ['1.5 hours ago', minutes(90)],
    ['vor 0,5 Stunden', minutes(30)],
    ['vor 1/2 Stunde', minutes(30)],
    ['il y a 1,5 heure', minutes(90)],
    ['hace 0,5 horas', minutes(30)],
    ['2,5 minuti fa', 150 * SECOND],
    ['0,5 uur geleden', minutes(30)],
    // A quarter of an hour is 15 minutes, not "an hour".
    ['a quarter of an hour ago', minutes(15)],
    ['three quarters of an hour ago', minutes(45)],
    ['vor einer Viertelstunde', minutes(15)],
    ['vor einer Dreiviertelstunde', minutes(45)],
    ["il y a un quart d'heure", minutes(15)],
    ['hace un cuarto de hora', minutes(15)],
    ["un quarto d'ora fa", minutes(15)],
    ['een kwartier geleden', minutes(15)],
    // Numbers in words.
    ['ten minutes ago', minutes(10)],
    ['vor fünf Minuten', minutes(5)],
    ['vor zehn Minuten', minutes(10)],
    ['il y a cinq minutes', minutes(5)],
    ['il y a dix-sept minutes', minutes(17)],
    ['hace cinco minutos', minutes(5)],
    ['cinque minuti fa', minutes(5)],
    ['vijf minuten geleden', minutes(5)],
    ['vor zwanzig Minuten', minutes(20)],
    // The short units every language uses, in every language.
    ['hace 10 mins', minutes(10)],
    ['vor 10 sec', 10 * SECOND],
    // A range is as old as its larger end.
    ['vor 10-15 Minuten', minutes(15)],
    ['vor 10 bis 15 Minuten', minutes(15)],
    ['hace 10 o 15 minutos', minutes(15)],
    // "More than", "a good", "almost": the number said.
    ['vor über 10 Minuten', minutes(10)],
    ['vor gut 50 Minuten', minutes(50)],
    ['il y a plus de 50 minutes', minutes(50)],
    ['hace más de 50 minutos', minutes(50)],
    // Days: a code that old is refused, not taken as fresh.
    ['vor 2 Tagen', 2 * DAY],
    ['il y a 2 jours', 2 * DAY],
    ['hace 2 días', 2 * DAY],
    ['2 giorni fa', 2 * DAY],
    ['2 dagen geleden', 2 * DAY],
    ['2 days ago', 2 * DAY],
  ])('reads "%s"', (phrase, ageMs) => {
    const result = parseIntake(phrase, undefined, 'en');
    expect(result.ageMs).toBe(ageMs);
    expect(result.unrecognised).toEqual([]);
    expect(onlyCode(`${CODE} ${phrase}`)).toEqual({ code: CODE, ageMs });
  });

  it.each([
    'erzeugt um 14:05',
    'généré à 14h05',
    'generado a las 14:05',
    'generato alle 14:05',
    'gegenereerd om 14:05',
    'generated at 14:05',
  ])('reads no age from a clock time ("%s"): it needs the technician\'s time zone, so it is handed back', (phrase) => {
    const result = parseIntake(phrase, undefined, 'en');
    expect(result.ageMs).toBeUndefined();
    expect(result.unrecognised).toEqual([phrase]);
  });

  it('reads no age from a distance or a number and unit without the words of an age', () => {
    for (const text of ['Kamera 2 h', 'la cámara está a 5 m', 'généré à 14h05'])
      expect(parseIntake(text, undefined, 'en').ageMs, text).toBeUndefined();
    // The end of a MAC is not the start of a range.
    expect(parseIntake('MAC 00-07-5f-12-34-56 - 10 minutes ago', undefined, 'en').ageMs).toBe(minutes(10));
    // A code's last group of digits is not the start of a range.
    const spaced = 'A1B2 C3D4 E5F6 G7H8 J9K0 L1M2 N3P4 5678';
    expect(parseIntake(`${spaced} - 10 minutes ago`, undefined, 'en').ageMs).toBe(minutes(10));
  });
});

describe('"just now", in each language', () => {
  const phrases = [
    'just now',
    'gerade eben',
    'eben erst generiert',
    'soeben erzeugt',
    "à l'instant",
    'ahora mismo',
    'recién generado',
    'appena generato',
    'zojuist',
    'net gegenereerd',
  ];
  let t: ReturnType<typeof createTestDesk> | undefined;
  afterEach(() => t?.close());

  it.each(phrases)('understands "%s": not handed back, and the code beside it is still only a code', (phrase) => {
    const result = parseIntake(phrase, undefined, 'en');
    expect(result.unrecognised).toEqual([]);
    expect(result.ageMs).toBeUndefined();
    expect(onlyCode(`${CODE} ${phrase}`)).toEqual({ code: CODE });
  });

  it('gives the code no age of its own, so a later "generated 20 minutes ago" still moves its clock', async () => {
    t = createTestDesk();
    const r = await t.start(tech);
    await t.desk.message(r.id, tech, `Code: ${CODE}\ngerade eben erzeugt`);
    await t.desk.message(r.id, tech, 'doch schon vor 20 Minuten');
    expect(((await t.desk.get(r.id))?.challenge?.expiresAt ?? 0) - t.clock.now()).toBe(minutes(40));
  });
});

describe('typography phones and web pages add', () => {
  it('reads an age with no-break spaces in a message that is only a code', () => {
    expect(onlyCode(`${CODE} vor 10\u00a0Minuten`)).toEqual({ code: CODE, ageMs: minutes(10) });
    expect(onlyCode(`${CODE}\u00a0il y a 10\u202fmin`)).toEqual({ code: CODE, ageMs: minutes(10) });
  });
});

describe('labels as they are typed and pasted', () => {
  it.each<[string, FieldName, string]>([
    // Curly quotes, in each language's way, around a value.
    ['Seriennummer: „404754734001050102“', 'serial', '404754734001050102'],
    ['Serial number: “404754734001050102”', 'serial', '404754734001050102'],
    ['N° de série : «404754734001050102»', 'serial', '404754734001050102'],
    ['Numero di serie: ‘404754734001050102’', 'serial', '404754734001050102'],
    ['S.N. 404754734001050102', 'serial', '404754734001050102'],
    // The camera's or device's type in one word.
    ['Kameratyp: NDE-5503-AL', 'model', 'NDE-5503-AL'],
    ['Gerätetyp: NDE-5503-AL', 'model', 'NDE-5503-AL'],
    ['Kameramodell NDE-5503-AL', 'model', 'NDE-5503-AL'],
    ['Cameramodel: NDE-5503-AL', 'model', 'NDE-5503-AL'],
    ['Camera type: NDE-5503-AL', 'model', 'NDE-5503-AL'],
    ['Produktname: NDE-5503-AL', 'model', 'NDE-5503-AL'],
    // The MAC as a computer names it (ipconfig in each language).
    ['Physical Address: 00-07-5F-12-34-56', 'mac', '00:07:5F:12:34:56'],
    ['Physische Adresse: 00-07-5F-12-34-56', 'mac', '00:07:5F:12:34:56'],
    ['Adresse physique : 00-07-5F-12-34-56', 'mac', '00:07:5F:12:34:56'],
    ['Dirección física: 00-07-5F-12-34-56', 'mac', '00:07:5F:12:34:56'],
    ['Indirizzo fisico: 00-07-5F-12-34-56', 'mac', '00:07:5F:12:34:56'],
    ['Fysiek adres: 00-07-5F-12-34-56', 'mac', '00:07:5F:12:34:56'],
    ['Hardware-Adresse: 00:07:5f:12:34:56', 'mac', '00:07:5F:12:34:56'],
  ])('reads "%s"', (line, field, value) => {
    const result = parseIntake(line, undefined, 'en');
    expect(result.fields).toEqual({ [field]: value });
    expect(result.errors).toEqual([]);
    expect(result.unrecognised).toEqual([]);
  });
});

describe('commands as they are typed', () => {
  it.each<[string, Command]>([
    ['Sprache: Deutsch', { word: 'language', locale: 'de' }],
    ['Langue : français', { word: 'language', locale: 'fr' }],
    ['idioma: español', { word: 'language', locale: 'es' }],
    ['Hilfe bitte', { word: 'help' }],
    ['aide svp', { word: 'help' }],
    ["aide s'il vous plaît", { word: 'help' }],
    ['ayuda por favor', { word: 'help' }],
    ['aiuto per favore', { word: 'help' }],
    ['help alstublieft', { word: 'help' }],
    ['Status bitte', { word: 'status' }],
    ['status please', { word: 'status' }],
    ['bitte Status', { word: 'status' }],
    ['estado, por favor', { word: 'status' }],
    ['Noch eine Kamera bitte', { word: 'another' }],
    ['Another camera please', { word: 'another' }],
  ])('%j is %j', (text, command) => {
    expect(commandIn(text)).toEqual(command);
  });

  // Cancel acts at once, with no confirmation: with courtesy around it, it stays words for
  // support, as "please cancel" always was in English.
  it.each([
    'bitte abbrechen',
    'Abbrechen bitte',
    'annuler svp',
    'cancelar por favor',
    'annulla per favore',
    'annuleren aub',
    'please cancel',
    'stopp',
  ])('%j is no command', (text) => {
    expect(commandIn(text)).toBeUndefined();
  });

  it('reads a 100 KB message with a long run of spaces in it quickly (no command)', () => {
    expect(commandIn(`a${' '.repeat(100_000)}b`)).toBeUndefined();
    expect(commandIn(`a${'.'.repeat(100_000)}b`)).toBeUndefined();
  });
});
