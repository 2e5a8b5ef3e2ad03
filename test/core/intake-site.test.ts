import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseField } from '../../src/core/fields.js';
import { LOCALES } from '../../src/core/i18n/locale.js';
import { parseSite } from '../../src/core/intake/site.js';

const MINUTE = 60_000;
// Codes that differ only at the end, as a site's cameras' codes never do: a mix-up of rows shows.
const code = (n: number): string => `K7Q2M9X4R1T8W3Z6P5N0H2J7F4D9B${String(n).padStart(3, '0')}`;
const mac = (n: number): string => `00:07:5F:AA:BB:${n.toString(16).padStart(2, '0').toUpperCase()}`;
const serial = (n: number): string => `0440123456${String(n).padStart(2, '0')}`;

describe('a table copied from a spreadsheet', () => {
  it('reads a tab-separated table under an English heading, ignoring a location column', () => {
    const text = [
      'Location\tChallenge code\tMAC\tFirmware\tSerial number\tModel',
      `Lobby\t${code(1)}\t${mac(1)}\t7.80.0012\t${serial(1)}\tNDE-3503-AL`,
      `Gate 2\t${code(2)}\t${mac(2)}\t6.32\t${serial(2)}\tNBN-832V-IP`,
    ].join('\n');
    const site = parseSite(text, 'en');
    expect(site.multi).toBe(true);
    expect(site.rows).toHaveLength(2);
    expect(site.rows[0]).toMatchObject({
      row: 2,
      code: code(1),
      fields: { mac: mac(1), firmware: '7.80.0012', serial: serial(1), model: 'NDE-3503-AL' },
      errors: [],
    });
    expect(site.rows[1]).toMatchObject({ row: 3, code: code(2), fields: { mac: mac(2), firmware: '6.32', model: 'NBN-832V-IP' } });
    expect(site.unrecognised).toEqual([]);
  });

  const headings: Record<string, string[]> = {
    de: ['Challenge-Code', 'MAC-Adresse', 'Firmware-Version', 'Seriennummer', 'Modell', 'Standort', 'Alter'],
    fr: ['Code de challenge', 'Adresse MAC', 'Version du firmware', 'N° de série', 'Modèle', 'Emplacement', 'Âge'],
    es: ['Código de desafío', 'Dirección MAC', 'Versión de firmware', 'Número de serie', 'Modelo', 'Ubicación', 'Edad'],
    it: ['Codice di sfida', 'Indirizzo MAC', 'Versione firmware', 'Numero di serie', 'Modello', 'Posizione', 'Età'],
    nl: ['Challengecode', 'MAC-adres', 'Firmwareversie', 'Serienummer', 'Modelnummer', 'Locatie', 'Leeftijd'],
    en: ['Code', 'MAC address', 'FW', 'S/N', 'Model', 'Name', 'Age (min)'],
  };
  for (const [lang, heading] of Object.entries(headings)) {
    it(`reads a semicolon table under a heading in ${lang}, the age column included`, () => {
      const text = [
        heading.join(';'),
        `${code(1)};${mac(1)};7.80;${serial(1)};NDE-3503-AL;Halle 1;10`,
        `${code(2)};${mac(2)};7.81;${serial(2)};NDE-3503-AL;Halle 2;25 min`,
      ].join('\n');
      const site = parseSite(text, 'en');
      expect(site.rows.map((r) => [r.code, r.fields.mac, r.fields.firmware, r.fields.serial, r.fields.model, r.ageMs])).toEqual([
        [code(1), mac(1), '7.80', serial(1), 'NDE-3503-AL', 10 * MINUTE],
        [code(2), mac(2), '7.81', serial(2), 'NDE-3503-AL', 25 * MINUTE],
      ]);
      expect(site.unrecognised).toEqual([]);
    });
  }

  it('places the columns of a table without a heading by the shapes of their values', () => {
    const text = [
      `NDE-3503-AL\t7.80.0012\t${mac(1)}\tEntrance\t${serial(1)}\t${code(1)}`,
      `MIC-IP-7100\t6.32\t00075FAABB02\tYard\t${serial(2)}\t${code(2)}`,
      `NBN-832V-IP\t7.10\t${mac(3)}\tRoof\t${serial(3)}\t${code(3)}`,
    ].join('\n');
    const site = parseSite(text, 'en');
    expect(site.rows.map((r) => [r.row, r.code, r.fields])).toEqual([
      [1, code(1), { model: 'NDE-3503-AL', firmware: '7.80.0012', mac: mac(1), serial: serial(1) }],
      [2, code(2), { model: 'MIC-IP-7100', firmware: '6.32', mac: mac(2), serial: serial(2) }],
      [3, code(3), { model: 'NBN-832V-IP', firmware: '7.10', mac: mac(3), serial: serial(3) }],
    ]);
    // The names are neither fields nor quoted back as lines not understood.
    expect(site.unrecognised).toEqual([]);
  });

  it('keeps 10 good rows of 12 and says exactly what is wrong with the other two', () => {
    const lines = ['Code\tMAC\tFW\tSN'];
    for (let n = 1; n <= 12; n += 1) {
      const c = n === 9 ? code(9).slice(0, 31) : code(n);
      const m = n === 4 ? '00:07:5G:AA:BB:04' : mac(n);
      lines.push(`${c}\t${m}\t7.80\t${serial(n)}`);
    }
    const site = parseSite(lines.join('\n'), 'en');
    expect(site.rows).toHaveLength(12);
    const good = site.rows.filter((r) => r.errors.length === 0);
    expect(good).toHaveLength(10);
    expect(good.every((r) => r.code !== undefined && r.fields.mac !== undefined)).toBe(true);
    const badMac = site.rows.find((r) => r.row === 5);
    expect(badMac?.errors).toEqual([{ field: 'mac', input: '00:07:5G:AA:BB:04', message: expect.stringContaining("'G'") as string }]);
    // The rest of that row is read: only the MAC is wrong.
    expect(badMac?.code).toBe(code(4));
    const shortCode = site.rows.find((r) => r.row === 10);
    expect(shortCode?.errors).toHaveLength(1);
    expect(shortCode?.errors[0]).toMatchObject({ field: 'challenge', message: expect.stringContaining('31 characters') as string });
    expect(shortCode?.code).toBeUndefined();
    expect(shortCode?.fields.mac).toBe(mac(9));
  });

  it('words a bad cell in the reader’s language, as for one camera', () => {
    const text = `Code;MAC\n${code(1)};${mac(1)}\n${code(2)};00:07:5G:AA:BB:02`;
    const site = parseSite(text, 'de');
    const expected = parseField('mac', '00:07:5G:AA:BB:02', 'de');
    expect(expected.ok).toBe(false);
    expect(site.rows[1]?.errors[0]?.message).toBe(expected.ok ? '' : expected.error);
  });

  it('takes model and firmware given once above a table of codes as shared', () => {
    const text = `Model: NDE-3503-AL\nFirmware: 7.80.0012\n\nCode\tMAC\n${code(1)}\t${mac(1)}\n${code(2)}\t${mac(2)}`;
    const site = parseSite(text, 'en');
    expect(site.shared).toEqual({ model: 'NDE-3503-AL', firmware: '7.80.0012' });
    expect(site.rows.map((r) => r.fields)).toEqual([{ mac: mac(1) }, { mac: mac(2) }]);
  });

  it('takes a labelled line right above the table, without a blank line, as shared', () => {
    const text = `Modell: NDE-3503-AL\n${code(1)};${mac(1)}\n${code(2)};${mac(2)}`;
    const site = parseSite(text, 'de');
    expect(site.shared).toEqual({ model: 'NDE-3503-AL' });
    expect(site.rows.map((r) => r.code)).toEqual([code(1), code(2)]);
  });

  it('copes with quoted cells, Windows line endings, trailing separators, padding and a repeated heading', () => {
    const text = [
      '"Code";"MAC";"Name";;',
      `"${code(1)}";"${mac(1)}";"Hall; north";;`,
      `${code(2)}   ${' '.repeat(3000)};  ${mac(2)}  ;"say ""hi""";;`,
      '"Code";"MAC";"Name";;',
      `${code(3)};${mac(3)};;;`,
    ].join('\r\n');
    const site = parseSite(text, 'en');
    expect(site.rows.map((r) => [r.row, r.code, r.fields.mac])).toEqual([
      [2, code(1), mac(1)],
      [3, code(2), mac(2)],
      [5, code(3), mac(3)],
    ]);
    expect(site.rows.every((r) => r.errors.length === 0)).toBe(true);
    expect(site.unrecognised).toEqual([]);
  });

  it('keeps the heading’s columns for rows after a blank line in the table', () => {
    // Bare minutes are an age only under an age heading.
    const text = `Name;MAC;Code;Alter\nLobby;${mac(1)};${code(1)};10\n\nYard;${mac(2)};${code(2)};5\nRoof;${mac(3)};${code(3)};7`;
    const site = parseSite(text, 'en');
    expect(site.rows.map((r) => [r.row, r.code, r.fields.mac, r.ageMs])).toEqual([
      [2, code(1), mac(1), 10 * MINUTE],
      [4, code(2), mac(2), 5 * MINUTE],
      [5, code(3), mac(3), 7 * MINUTE],
    ]);
  });

  it('reads a markdown table with | separators and its divider line', () => {
    const text = `| Code | MAC | FW |\n|---|---|---|\n| ${code(1)} | ${mac(1)} | 7.80 |\n| ${code(2)} | ${mac(2)} | 7.81 |`;
    const site = parseSite(text, 'en');
    expect(site.rows.map((r) => [r.row, r.code, r.fields.firmware])).toEqual([
      [3, code(1), '7.80'],
      [4, code(2), '7.81'],
    ]);
    expect(site.unrecognised).toEqual([]);
  });

  it('leaves a field missing for an empty cell or a placeholder', () => {
    const text = `Code\tMAC\tFW\n${code(1)}\t\t7.80\n${code(2)}\tn/a\t-`;
    const site = parseSite(text, 'en');
    expect(site.rows.map((r) => [r.fields, r.errors])).toEqual([
      [{ firmware: '7.80' }, []],
      [{}, []],
    ]);
  });

  it('takes a labelled line with the separator above the rows as shared, not as a camera', () => {
    const site = parseSite(`Modell: NDE-3503-AL; Firmware: 7.80\n${code(1)};${mac(1)}\n${code(2)};${mac(2)}`, 'de');
    expect(site.shared).toEqual({ model: 'NDE-3503-AL', firmware: '7.80' });
    expect(site.rows.map((r) => r.code)).toEqual([code(1), code(2)]);
  });

  it('reports a row with a code in each of two code columns', () => {
    const text = `Code\tCode\tMAC\n${code(1)}\t\t${mac(1)}\n${code(2)}\t${code(3)}\t${mac(2)}`;
    const site = parseSite(text, 'fr');
    expect(site.rows[0]?.errors).toEqual([]);
    expect(site.rows[1]?.errors.map((e) => e.field)).toEqual(['challenge']);
    expect(site.rows[1]?.errors[0]?.message).toContain('deux codes de challenge');
    expect(site.rows[1]?.code).toBeUndefined();
  });

  it('reads a code column whose heading is none of ours ("Response Code") by its values', () => {
    const text = `Response Code\tMAC\n${code(1)}\t${mac(1)}\n${code(2)}\t${mac(2)}`;
    expect(parseSite(text, 'en').rows.map((r) => r.code)).toEqual([code(1), code(2)]);
  });
});

describe('one line per camera', () => {
  it('reads values in any order, separated by spaces, commas or slashes, labels optional', () => {
    const text = [
      `${mac(1)} NDE-3503-AL 7.80.0012 ${code(1)} ${serial(1)}`,
      `NBN-832V-IP, ${code(2)}, 6.32, ${mac(2)}, 04401234`,
      `${serial(3)}/${code(3)}/${mac(3)}/7.10`,
      `MAC ${mac(4)}, FW 7.80, code ${code(4)}, S/N ${serial(4)}`,
    ].join('\n');
    const site = parseSite(text, 'en');
    expect(site.multi).toBe(true);
    expect(site.rows.map((r) => [r.row, r.code, r.fields])).toEqual([
      [1, code(1), { mac: mac(1), model: 'NDE-3503-AL', firmware: '7.80.0012', serial: serial(1) }],
      [2, code(2), { model: 'NBN-832V-IP', firmware: '6.32', mac: mac(2), serial: '04401234' }],
      [3, code(3), { serial: serial(3), mac: mac(3), firmware: '7.10' }],
      [4, code(4), { mac: mac(4), firmware: '7.80', serial: serial(4) }],
    ]);
    expect(site.rows.every((r) => r.errors.length === 0)).toBe(true);
  });

  it('reads a code typed in groups with the MAC right after it', () => {
    const grouped = (n: number): string => code(n).match(/.{4}/g)?.join(' ') ?? '';
    const site = parseSite(`${grouped(1)} ${mac(1)} 7.80\n${grouped(2)} ${mac(2)} 7.81`, 'en');
    expect(site.rows.map((r) => [r.code, r.fields.mac, r.fields.firmware])).toEqual([
      [code(1), mac(1), '7.80'],
      [code(2), mac(2), '7.81'],
    ]);
    expect(site.rows[0]?.text).toBe(`K7Q2…B001 ${mac(1)} 7.80`);
  });

  it('reads the age said on a camera’s line', () => {
    const site = parseSite(`${code(1)} ${mac(1)} generated 10 minutes ago\n${code(2)} ${mac(2)} vor 5 Minuten erzeugt`, 'en');
    expect(site.rows.map((r) => r.ageMs)).toEqual([10 * MINUTE, 5 * MINUTE]);
  });

  it('reports a line with two codes, and a bad MAC beside a code, on that line only', () => {
    const site = parseSite(`${code(1)} ${mac(1)}\n${code(2)} ${code(3)} ${mac(2)}\n${code(4)} 00:07:5G:AA:BB:04`, 'en');
    expect(site.rows).toHaveLength(3);
    expect(site.rows[0]?.errors).toEqual([]);
    expect(site.rows[1]?.errors.map((e) => e.field)).toEqual(['challenge']);
    expect(site.rows[1]?.errors[0]?.message).toContain('two challenge codes');
    expect(site.rows[1]?.code).toBeUndefined();
    expect(site.rows[2]?.errors).toEqual([{ field: 'mac', input: '00:07:5G:AA:BB:04', message: expect.stringContaining("'G'") as string }]);
  });

  it('keeps a first or last line with a broken code as a camera’s row with its error, not the site’s', () => {
    const site = parseSite(`${code(1).slice(0, 31)} ${mac(1)}\n${code(2)} ${mac(2)}\n${code(3)} ${mac(3)}\n${code(4)}X ${mac(4)}`, 'en');
    expect(site.sharedErrors).toEqual([]);
    expect(site.rows.map((r) => [r.row, r.code, r.errors.map((e) => e.field)])).toEqual([
      [1, undefined, ['challenge']],
      [2, code(2), []],
      [3, code(3), []],
      [4, undefined, ['challenge']],
    ]);
    expect(site.rows[0]?.errors[0]?.message).toContain('31 characters');
    expect(site.rows[3]?.errors[0]?.message).toContain('33 characters');
  });

  it('takes field lines above the camera lines as shared', () => {
    const site = parseSite(`Model: NDE-3503-AL\n${code(1)} ${mac(1)}\n${code(2)} ${mac(2)}`, 'en');
    expect(site.shared).toEqual({ model: 'NDE-3503-AL' });
    expect(site.rows.map((r) => [r.row, r.fields])).toEqual([
      [2, { mac: mac(1) }],
      [3, { mac: mac(2) }],
    ]);
  });

  it('reads one bare code per line under shared fields', () => {
    const site = parseSite(`Modell: NDE-3503-AL\nFW 7.80\n${code(1)}\n${code(2)}\n${code(3)}`, 'de');
    expect(site.shared).toEqual({ model: 'NDE-3503-AL', firmware: '7.80' });
    expect(site.rows.map((r) => r.code)).toEqual([code(1), code(2), code(3)]);
  });
});

describe('one block per camera', () => {
  it('reads labelled blocks between blank lines, numbered as blocks', () => {
    const text = `Code: ${code(1)}\nMAC: ${mac(1)}\nModel: NDE-3503-AL\n\nCode: ${code(2)}\nMAC-Adresse: ${mac(2)}\nFirmware: 7.80 B128\nvor 10 Minuten erzeugt`;
    const site = parseSite(text, 'en');
    expect(site.multi).toBe(true);
    expect(site.rows.map((r) => [r.row, r.code, r.fields, r.ageMs])).toEqual([
      [1, code(1), { mac: mac(1), model: 'NDE-3503-AL' }, undefined],
      [2, code(2), { mac: mac(2), firmware: '7.80.0128' }, 10 * MINUTE],
    ]);
  });

  it('lets a name line head each camera’s block without quoting it back, but quotes other stray lines', () => {
    const text = `Camera 1 – Lobby\nCode: ${code(1)}\nMAC: ${mac(1)}\n\nKamera 2\nCode: ${code(2)}\nsee the photo on the ticket please\nMAC: ${mac(2)}`;
    const site = parseSite(text, 'en');
    expect(site.rows.map((r) => [r.code, r.fields.mac])).toEqual([
      [code(1), mac(1)],
      [code(2), mac(2)],
    ]);
    expect(site.unrecognised).toEqual(['see the photo on the ticket please']);
  });

  it('takes a block of fields without a code as shared when it comes first or last, and as a row between', () => {
    const text = `Model: NDE-3503-AL\n\nCode: ${code(1)}\nMAC: ${mac(1)}\n\nMAC: ${mac(2)}\n\nCode: ${code(3)}\nMAC: ${mac(3)}\n\nFirmware: 7.80`;
    const site = parseSite(text, 'en');
    expect(site.shared).toEqual({ model: 'NDE-3503-AL', firmware: '7.80' });
    expect(site.rows.map((r) => [r.code, r.fields.mac])).toEqual([
      [code(1), mac(1)],
      [undefined, mac(2)],
      [code(3), mac(3)],
    ]);
  });

  it('splits labelled cameras typed without blank lines where a field comes again', () => {
    const text = `Code: ${code(1)}\nMAC: ${mac(1)}\nCode: ${code(2)}\nMAC: ${mac(2)}`;
    expect(parseSite(text, 'en').rows.map((r) => [r.code, r.fields.mac])).toEqual([
      [code(1), mac(1)],
      [code(2), mac(2)],
    ]);
  });

  it('reads a code over four lines of eight inside a block', () => {
    const grouped = code(1).match(/.{8}/g)?.join('\n') ?? '';
    const site = parseSite(`${grouped}\nMAC: ${mac(1)}\n\nCode: ${code(2)}\nMAC: ${mac(2)}`, 'en');
    expect(site.rows.map((r) => r.code)).toEqual([code(1), code(2)]);
  });

  it('keeps a block whose only code is broken as a camera’s row', () => {
    const site = parseSite(`Code: ${code(1).slice(0, 31)}\nMAC: ${mac(1)}\n\nCode: ${code(2)}\nMAC: ${mac(2)}`, 'en');
    expect(site.sharedErrors).toEqual([]);
    expect(site.rows.map((r) => [r.row, r.code, r.fields.mac, r.errors.map((e) => e.field)])).toEqual([
      [1, undefined, mac(1), ['challenge']],
      [2, code(2), mac(2), []],
    ]);
  });

  it('gives the problems of a shared block as shared errors', () => {
    const site = parseSite(`MAC: 00:07:5G:AA:BB:01\n\nCode: ${code(1)}\n\nCode: ${code(2)}`, 'en');
    expect(site.sharedErrors.map((e) => e.field)).toEqual(['mac']);
    expect(site.rows.every((r) => r.errors.length === 0)).toBe(true);
  });
});

describe('one camera', () => {
  it('is not multi: one block with one code gives one row', () => {
    const site = parseSite(`Code: ${code(1)}\nMAC: ${mac(1)}\nFW 7.80`, 'en');
    expect(site.multi).toBe(false);
    expect(site.rows).toHaveLength(1);
    expect(site.rows[0]).toMatchObject({ code: code(1), fields: { mac: mac(1), firmware: '7.80' } });
  });

  it('is not multi: a heading and one row of a table', () => {
    const site = parseSite(`Code\tMAC\n${code(1)}\t${mac(1)}`, 'en');
    expect(site.multi).toBe(false);
    expect(site.rows.map((r) => r.code)).toEqual([code(1)]);
  });
});

describe('repeats', () => {
  it('reports the second row with a code or MAC already given, naming the row it repeats', () => {
    const text = `Code\tMAC\n${code(1)}\t${mac(1)}\n${code(2)}\t${mac(2)}\n${code(1)}\t${mac(3)}\n${code(4)}\t${mac(2)}`;
    const site = parseSite(text, 'en');
    expect(site.rows.map((r) => r.errors.map((e) => [e.field, e.message]))).toEqual([
      [],
      [],
      [['row', 'Repeats row 2: the same challenge code.']],
      [['row', 'Repeats row 3: the same MAC address.']],
    ]);
  });

  it('words a repeat in each language', () => {
    const text = `${code(1)} ${mac(1)}\n${code(2)} ${mac(1)}`;
    const messages = LOCALES.map((l) => parseSite(text, l).rows[1]?.errors[0]?.message ?? '');
    expect(new Set(messages).size).toBe(LOCALES.length);
    expect(messages.every((m) => m.includes('1'))).toBe(true);
  });
});

describe('what is quoted back', () => {
  it('never shows a whole code in a row’s text', () => {
    const grouped = code(2).match(/.{4}/g)?.join(' ') ?? '';
    const site = parseSite(`${code(1)} ${mac(1)}\n${mac(2)} ${grouped}\n${code(3).slice(0, 31)} ${mac(3)}`, 'en');
    for (const row of site.rows) {
      expect(row.text).not.toMatch(/[A-Za-z0-9]{20}/);
      expect(row.text.replace(/\s/g, '')).not.toContain(code(2).slice(4, 28));
    }
    expect(site.rows[0]?.text).toBe(`K7Q2…B001 ${mac(1)}`);
  });

  it('cuts a long row and quotes lines that are none of ours', () => {
    const site = parseSite(`Hello team, site Munich below\n\n${code(1)} ${mac(1)} ${'remark '.repeat(30)}\n${code(2)} ${mac(2)}`, 'en');
    expect(site.rows[0]?.text.length).toBeLessThanOrEqual(81);
    expect(site.unrecognised).toEqual(['Hello team, site Munich below']);
  });
});

describe('hostile pastes stay bounded', () => {
  it('reads at most 200 rows and says the rest is unread', () => {
    const lines = ['Code\tMAC'];
    for (let n = 0; n < 260; n += 1) lines.push(`${code(n)}\t${mac(n % 256)}`);
    const site = parseSite(lines.join('\n'), 'en');
    expect(site.rows).toHaveLength(200);
    expect(site.unread).toBe(true);
  });

  it('reads at most 200 camera lines', () => {
    const lines = Array.from({ length: 230 }, (_, n) => `${code(n)} NDE-3503-AL`);
    const site = parseSite(lines.join('\n'), 'en');
    expect(site.rows).toHaveLength(200);
    expect(site.unread).toBe(true);
  });

  it('answers a 100 KB line, 10,000 separators and 5,000 short lines with nothing read as a camera', () => {
    for (const text of [
      'x'.repeat(100_000),
      ';'.repeat(10_000),
      '\t'.repeat(10_000),
      'a;b\n'.repeat(5_000),
      'MAC 00:07:5F:12:34\n'.repeat(5_000),
    ]) {
      const site = parseSite(text, 'en');
      expect(site.rows.filter((r) => r.code !== undefined)).toEqual([]);
      expect(site.unrecognised.length).toBeLessThanOrEqual(20);
    }
    expect(parseSite('x'.repeat(100_000), 'en').unread).toBe(true);
  });

  it('reads no text that is not a string', () => {
    expect(parseSite(42 as unknown as string, 'en').rows).toEqual([]);
  });
});

describe('any paste', () => {
  it('never throws, reads at most 200 rows and never quotes a whole code back', () => {
    const piece = fc.constantFrom(
      '\t',
      ';',
      '|',
      '\n',
      '\r\n',
      ' ',
      ',',
      '/',
      '"',
      'Code',
      'MAC',
      'FW:',
      'Modell',
      code(1),
      code(2),
      mac(1),
      '7.80',
      'NDE-3503-AL',
      '00:07:5G',
      '10 min ago',
      'x',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => {
        const site = parseSite(pieces.join(''), 'en');
        expect(site.rows.length).toBeLessThanOrEqual(200);
        for (const row of site.rows) expect(row.text).not.toMatch(/[A-Za-z0-9]{24}/);
        for (const line of site.unrecognised) expect(line).not.toMatch(/[A-Za-z0-9]{24}/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a generated table reads back as the cameras it was made from', () => {
  const MODELS = ['NDE-3503-AL', 'NBN-832V-IP', 'MIC-IP-7100', 'NDI-5503-A'];
  const columns = ['code', 'mac', 'firmware', 'serial', 'model'] as const;
  const HEADINGS: Record<(typeof columns)[number], string[]> = {
    code: ['Challenge code', 'Code', 'Challenge-Code', 'Código', 'Codice di sfida', 'Challengecode'],
    mac: ['MAC', 'MAC-Adresse', 'Adresse MAC', 'Dirección MAC', 'Indirizzo MAC', 'MAC-adres'],
    firmware: ['Firmware', 'FW', 'Firmware-Version', 'Version du firmware', 'Versión de firmware', 'Versione firmware'],
    serial: ['Serial number', 'S/N', 'Seriennummer', 'N° de série', 'Número de serie', 'Serienummer'],
    model: ['Model', 'Modell', 'Modèle', 'Modelo', 'Modello', 'Modelnummer'],
  };
  const camera = fc.record({
    code: fc.stringMatching(/^[A-Z0-9]{32}$/).filter((c) => /[A-Z]/.test(c) && /\d/.test(c)),
    mac: fc
      .array(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 })
      .map((b) => `00:07:5F:${b.map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(':')}`),
    firmware: fc
      .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 9999 }))
      .map(([a, b, c]) => `${a}.${b}.${String(c).padStart(4, '0')}`),
    serial: fc.stringMatching(/^\d{10,18}$/),
    model: fc.constantFrom(...MODELS),
  });

  it('for N cameras, any column order, any separator, with or without a heading in any language', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(camera, { minLength: 2, maxLength: 30, selector: (c) => c.code })
          .filter((cams) => new Set(cams.map((c) => c.mac)).size === cams.length),
        fc.shuffledSubarray([...columns], { minLength: 5, maxLength: 5 }),
        fc.constantFrom('\t', ';', ' | '),
        fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        fc.boolean(),
        (cams, order, separator, headingLanguage, crlf) => {
          const lines = cams.map((c) => order.map((k) => c[k]).join(separator));
          if (headingLanguage !== undefined) lines.unshift(order.map((k) => HEADINGS[k][headingLanguage]).join(separator));
          const site = parseSite(lines.join(crlf ? '\r\n' : '\n'), 'en');
          expect(site.multi).toBe(true);
          expect(site.rows.map((r) => ({ code: r.code, ...r.fields }))).toEqual(cams.map((c) => ({ ...c })));
          expect(site.rows.every((r) => r.errors.length === 0)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
