import { describe, expect, it } from 'vitest';
import { parseIntake } from '../../src/core/intake.js';

const CODE = 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6';
const GROUPED = 'A1B2 C3D4 E5F6 G7H8 J9K0 L1M2 N3P4 Q5R6';
const MINUTE = 60_000;

describe('finding the challenge code', () => {
  it('reads a code pasted in one piece', () => {
    const result = parseIntake(CODE, undefined, 'en');
    expect(result.challenge).toEqual({ code: CODE });
    expect(result.errors).toEqual([]);
    expect(result.unrecognised).toEqual([]);
  });

  it('joins a code split into groups of four by spaces', () => {
    expect(parseIntake(GROUPED, undefined, 'en').challenge?.code).toBe(CODE);
  });

  it('joins a code split by dashes and keeps its lower-case letters', () => {
    const result = parseIntake('a1b2-c3d4-e5f6-g7h8-j9k0-l1m2-n3p4-q5r6', undefined, 'en');
    expect(result.challenge?.code).toBe('a1b2c3d4e5f6g7h8j9k0l1m2n3p4q5r6');
  });

  it('joins a code copied off the screen as four lines of eight', () => {
    expect(parseIntake('A1B2C3D4\nE5F6G7H8\nJ9K0L1M2\nN3P4Q5R6', undefined, 'en').challenge?.code).toBe(CODE);
  });

  it('finds a code in the middle of a sentence without taking the words around it', () => {
    const result = parseIntake(`hi, here is the code ${GROUPED} thanks`, undefined, 'en');
    expect(result.challenge?.code).toBe(CODE);
    expect(result.unrecognised).toEqual([]);
  });

  it('finds a code between emoji and a shortened word', () => {
    expect(parseIntake(`here you go 👍 ${GROUPED} thx 🙏`, undefined, 'en').challenge?.code).toBe(CODE);
  });

  it('does not take a camera name like "cam3" as part of the code', () => {
    expect(parseIntake(`pls reset cam3 ${GROUPED}`, undefined, 'en').challenge?.code).toBe(CODE);
  });

  it('reads a code labelled "Challenge code:" and keeps a mixed case as typed', () => {
    const mixed = 'Ab3dEf6hIj9lMn0pQr3tUv6xYz9bCd2f';
    expect(parseIntake(`Challenge code: ${mixed}`, undefined, 'en').challenge?.code).toBe(mixed);
  });

  it('reads a code labelled "Code:" whose groups continue on the next line', () => {
    expect(parseIntake('Code: A1B2 C3D4 E5F6 G7H8\nJ9K0 L1M2 N3P4 Q5R6', undefined, 'en').challenge?.code).toBe(CODE);
  });

  it('reads a code that follows "Code:" alone on its line', () => {
    expect(parseIntake('Code:\nA1B2 C3D4 E5F6 G7H8\nJ9K0 L1M2 N3P4 Q5R6', undefined, 'en').challenge?.code).toBe(CODE);
  });

  it('takes the later code when a corrected one follows', () => {
    const corrected = `${CODE.slice(0, 31)}7`;
    expect(parseIntake(`${CODE}\nsorry, this one:\n${corrected}`, undefined, 'en').challenge?.code).toBe(corrected);
  });

  it('recognises a code even while another field is being asked for', () => {
    expect(parseIntake(GROUPED, 'model', 'en').challenge?.code).toBe(CODE);
  });
});

describe('a code with a character too few or too many', () => {
  it('says a labelled code has 31 characters', () => {
    const result = parseIntake('Code: A1B2 C3D4 E5F6 G7H8 J9K0 L1M2 N3P4 Q5R', undefined, 'en');
    expect(result.challenge).toBeUndefined();
    expect(result.errors).toEqual([
      {
        field: 'challenge',
        input: 'A1B2 C3D4 E5F6 G7H8 J9K0 L1M2 N3P4 Q5R',
        message: 'That challenge code has 31 characters; it needs exactly 32 letters and digits. Check for a missed character.',
      },
    ]);
  });

  it('says an unlabelled run of groups with an extra group has 36 characters, rather than guessing', () => {
    const result = parseIntake(`${GROUPED} 7890`, undefined, 'en');
    expect(result.challenge).toBeUndefined();
    expect(result.errors[0]?.field).toBe('challenge');
    expect(result.errors[0]?.message).toContain('has 36 characters');
  });

  it('counts the characters of a code split over lines', () => {
    const result = parseIntake('A1B2C3D4\nE5F6G7H8\nJ9K0L1M2\nN3P4Q5R', undefined, 'en');
    expect(result.errors.map((e) => e.message)).toEqual([
      'That challenge code has 31 characters; it needs exactly 32 letters and digits. Check for a missed character.',
    ]);
  });

  it('treats a bare answer as the code when the code was asked for', () => {
    const result = parseIntake('A1B2C3D4E5F6G7H PQRSTUVWXYZ1234', 'challenge', 'en');
    expect(result.errors[0]?.field).toBe('challenge');
    expect(result.errors[0]?.message).toContain('has 30 characters');
  });

  it('drops the complaint when a valid code comes in the same message', () => {
    const result = parseIntake(`Code: ${CODE.slice(1)}\noops, here: ${CODE}`, undefined, 'en');
    expect(result.challenge?.code).toBe(CODE);
    expect(result.errors).toEqual([]);
  });
});

describe('labelled device details', () => {
  it('reads the four fields one per line', () => {
    const result = parseIntake('Model: NDE-5503-AL\nMAC 00-07-5f-12-34-56\nFW 7.80.0128\nSN 123456789', undefined, 'en');
    expect(result.fields).toEqual({
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '123456789',
    });
    expect(result.errors).toEqual([]);
    expect(result.unrecognised).toEqual([]);
  });

  it('reads several fields on one line separated by commas and semicolons', () => {
    const result = parseIntake('Model: NDE-5503-AL, MAC 00-07-5f-12-34-56; FW 7.80.0128; SN 404754734001050102', undefined, 'en');
    expect(result.fields).toEqual({
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
  });

  it('reads fields pasted in any order, with only spaces between them', () => {
    const result = parseIntake('SN 404754734001050102 FW 7.80.0128 MAC 0007.5f12.3456 Type NBN-80052-BA', undefined, 'en');
    expect(result.fields).toEqual({
      serial: '404754734001050102',
      firmware: '7.80.0128',
      mac: '00:07:5F:12:34:56',
      model: 'NBN-80052-BA',
    });
  });

  it('reads a whole request: greeting, all four fields and the code, with an e-mail signature', () => {
    const message = [
      'Hi team,',
      'please reset the lobby camera',
      'CTN: MIC-7502-Z30B',
      'S/N: 404754734001050102',
      'F/W: 6.51.0026',
      'Ethernet: 00-04-63-aa-bb-cc',
      `Challenge code: ${GROUPED}`,
      'generated 10 minutes ago',
      'Thanks!',
    ].join('\n');
    const result = parseIntake(message, undefined, 'en');
    expect(result.fields).toEqual({
      model: 'MIC-7502-Z30B',
      serial: '404754734001050102',
      firmware: '6.51.0026',
      mac: '00:04:63:AA:BB:CC',
    });
    expect(result.challenge).toEqual({ code: CODE, ageMs: 10 * MINUTE });
    expect(result.ageMs).toBe(10 * MINUTE);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    // The greeting and thanks are dropped; the remark is handed back for a person to read.
    expect(result.unrecognised).toEqual(['please reset the lobby camera']);
  });

  it('does not take a labelled serial or MAC next to the code as part of it', () => {
    const result = parseIntake(`SN: 404754734001050102 code ${GROUPED}\nMAC 00075f123456`, undefined, 'en');
    expect(result.challenge?.code).toBe(CODE);
    expect(result.fields).toEqual({ serial: '404754734001050102', mac: '00:07:5F:12:34:56' });
  });

  it('reads chat formatting and bullet lists', () => {
    const result = parseIntake('- *Model:* NDE-5503-AL\n- *MAC:* `00:07:5f:12:34:56`', undefined, 'en');
    expect(result.fields).toEqual({ model: 'NDE-5503-AL', mac: '00:07:5F:12:34:56' });
  });

  it('reads a value given on the line after its label', () => {
    expect(parseIntake('Serial:\n404754734001050102', undefined, 'en').fields).toEqual({ serial: '404754734001050102' });
  });

  it('reads labels inside a sentence when the value has the right shape', () => {
    const result = parseIntake('the serial number is 404754734001050102 and the mac is 00:07:5f:12:34:56', undefined, 'en');
    expect(result.fields).toEqual({ serial: '404754734001050102', mac: '00:07:5F:12:34:56' });
  });

  it('finds the model in "Type of camera: NDE-5503-AL"', () => {
    expect(parseIntake('Type of camera: NDE-5503-AL', undefined, 'en').fields).toEqual({ model: 'NDE-5503-AL' });
  });

  it('keeps spaces in a model name like AUTODOME IP 5000i', () => {
    expect(parseIntake('Product: AUTODOME IP 5000i', undefined, 'en').fields).toEqual({ model: 'AUTODOME IP 5000I' });
  });

  it("normalises the advisories' firmware 7.80 B128", () => {
    expect(parseIntake('FW 7.80 B128', undefined, 'en').fields).toEqual({ firmware: '7.80.0128' });
  });

  describe('understands every label spelling people use', () => {
    const cases: Array<[string, string, string]> = [
      ['Model: NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Model no NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Model number: NIN-73023-A10AS', 'model', 'NIN-73023-A10AS'],
      ['Type NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['CTN = NBN-80052-BA', 'model', 'NBN-80052-BA'],
      ['Product NDE-5503-AL', 'model', 'NDE-5503-AL'],
      ['Part no: F.01U.393.627', 'model', 'F.01U.393.627'],
      ['MAC 00:07:5f:12:34:56', 'mac', '00:07:5F:12:34:56'],
      ['MAC address: 00:07:5f:12:34:56', 'mac', '00:07:5F:12:34:56'],
      ['mac-addr 00075f123456', 'mac', '00:07:5F:12:34:56'],
      ['MAC addr 00-07-5F-12-34-56', 'mac', '00:07:5F:12:34:56'],
      ['HW address 0007.5f12.3456', 'mac', '00:07:5F:12:34:56'],
      ['Ethernet: 00:07:5F:12:34:56', 'mac', '00:07:5F:12:34:56'],
      ['FW 7.80.0128', 'firmware', '7.80.0128'],
      ['Firmware: 6.51.0026', 'firmware', '6.51.0026'],
      ['Firmware version 9.00.0210', 'firmware', '9.00.0210'],
      ['F/W 7.80.0128', 'firmware', '7.80.0128'],
      ['Version: 6.60', 'firmware', '6.60'],
      ['SW 7.80.0128', 'firmware', '7.80.0128'],
      ['Software version = 7.80 B128', 'firmware', '7.80.0128'],
      ['S/N 404754734001050102', 'serial', '404754734001050102'],
      ['SN# 404754734001050102', 'serial', '404754734001050102'],
      ['Serial: 404754734001050102', 'serial', '404754734001050102'],
      ['Serial no. 404754734001050102', 'serial', '404754734001050102'],
      ['Serial number - 404754734001050102', 'serial', '404754734001050102'],
      ['Ser. no 404754734001050102', 'serial', '404754734001050102'],
    ];
    it.each(cases)('%s', (message, field, expected) => {
      const result = parseIntake(message, undefined, 'en');
      expect(result.fields).toEqual({ [field]: expected });
      expect(result.errors).toEqual([]);
    });

    it.each([`Challenge ${GROUPED}`, `Challenge code: ${GROUPED}`, `code: ${GROUPED}`, `CODE = ${CODE}`])('%s', (message) => {
      expect(parseIntake(message, undefined, 'en').challenge?.code).toBe(CODE);
    });
  });
});

describe('unlabelled answers', () => {
  it('recognises each field by its shape, one per line', () => {
    const result = parseIntake('NDE-5503-AL\n00:07:5F:12:34:56\n7.80.0128\n404754734001050102', undefined, 'en');
    expect(result.fields).toEqual({
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
  });

  it('recognises several shapes on one line', () => {
    const result = parseIntake('NDE-5503-AL 00:07:5F:12:34:56 7.80 B128 404754734001050102', undefined, 'en');
    expect(result.fields).toEqual({
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
  });

  it('recognises MACs with dots, dashes, no separators and in lower case', () => {
    for (const mac of ['0007.5f12.3456', '00-07-5f-12-34-56', '00075F123456', '00075f123456']) {
      expect(parseIntake(mac, undefined, 'en').fields, mac).toEqual({ mac: '00:07:5F:12:34:56' });
    }
  });

  it('takes 12 digits starting with a Bosch prefix as a MAC, other long digit strings as a serial', () => {
    expect(parseIntake('000463123456', undefined, 'en').fields).toEqual({ mac: '00:04:63:12:34:56' });
    expect(parseIntake('123456789012', undefined, 'en').fields).toEqual({ serial: '123456789012' });
  });

  it('recognises an order code as the model', () => {
    expect(parseIntake('F.01U.393.627', undefined, 'en').fields).toEqual({ model: 'F.01U.393.627' });
  });

  it('answers the question asked with a bare line', () => {
    expect(parseIntake('abc123xyz', 'serial', 'en').fields).toEqual({ serial: 'ABC123XYZ' });
    expect(parseIntake('DINION 5000', 'model', 'en').fields).toEqual({ model: 'DINION 5000' });
  });

  it('still reads a MAC as a MAC when the model was asked for', () => {
    expect(parseIntake('00:07:5f:12:34:56', 'model', 'en').fields).toEqual({ mac: '00:07:5F:12:34:56' });
  });

  it('reads 12 digits as the serial when the serial was asked for', () => {
    expect(parseIntake('000463123456', 'serial', 'en').fields).toEqual({ serial: '000463123456' });
  });

  it('explains a wrong answer to the question asked', () => {
    const result = parseIntake('7', 'firmware', 'en');
    expect(result.errors).toEqual([
      {
        field: 'firmware',
        input: '7',
        message:
          "'7' has only one part. Write the firmware as major.minor.build, like 7.80.0128 (the camera shows it at http://<camera-ip>/version).",
      },
    ]);
  });
});

describe('wrong values and warnings', () => {
  it('says a labelled MAC with five pairs has 10 digits', () => {
    expect(parseIntake('MAC 00:07:5f:12:34', undefined, 'en').errors).toEqual([
      {
        field: 'mac',
        input: '00:07:5f:12:34',
        message: 'A MAC address has 12 hexadecimal digits (0-9, A-F), like 00:07:5F:12:34:56 — that one has 10.',
      },
    ]);
  });

  it('points at the letter that is not hexadecimal', () => {
    expect(parseIntake('MAC: 00:07:5G:12:34:56', undefined, 'en').errors[0]?.message).toMatch(/^'G' is not a hexadecimal digit/);
  });

  it('explains an unlabelled, almost-MAC', () => {
    expect(parseIntake('00:07:5f:12:34', undefined, 'en').errors[0]?.field).toBe('mac');
  });

  it('says a labelled serial is too short', () => {
    expect(parseIntake('SN 12345', undefined, 'en').errors[0]).toMatchObject({ field: 'serial', input: '12345' });
  });

  it('keeps the good fields when one is wrong', () => {
    const result = parseIntake('Model: NDE-5503-AL\nFW 7,80,0128', undefined, 'en');
    expect(result.fields).toEqual({ model: 'NDE-5503-AL' });
    expect(result.errors[0]).toMatchObject({ field: 'firmware', input: '7,80,0128' });
    expect(result.errors[0]?.message).toMatch(/^Use dots, not commas/);
  });

  it('warns about a MAC that is not from Bosch, but keeps it', () => {
    const result = parseIntake('MAC 00:11:22:33:44:55', undefined, 'en');
    expect(result.fields).toEqual({ mac: '00:11:22:33:44:55' });
    expect(result.warnings).toEqual([
      {
        field: 'mac',
        message: "00:11:22 is not a Bosch MAC prefix — please double-check the label (we'll use it anyway).",
      },
    ]);
  });
});

describe('the age of the code', () => {
  it.each([
    ['generated 10 minutes ago', 10 * MINUTE],
    ['code is 10 min old', 10 * MINUTE],
    ['it was created 5 mins ago', 5 * MINUTE],
    ['15 minutes old', 15 * MINUTE],
    ['made about an hour ago', 60 * MINUTE],
    ['generated 90 seconds ago', 90_000],
  ])('reads "%s" even without a code', (message, ageMs) => {
    const result = parseIntake(message, undefined, 'en');
    expect(result.ageMs).toBe(ageMs);
    expect(result.challenge).toBeUndefined();
    expect(result.unrecognised).toEqual([]);
  });

  it('attaches the age to a code in the same message, without its number joining the code', () => {
    const result = parseIntake(`Code generated 10 minutes ago: ${GROUPED}`, undefined, 'en');
    expect(result.challenge).toEqual({ code: CODE, ageMs: 10 * MINUTE });
  });
});

describe('text we cannot place', () => {
  it('returns junk lines as unrecognised, trimmed', () => {
    const result = parseIntake('  asdf qwerty lorem ipsum  \nModel NBN-80052-BA', undefined, 'en');
    expect(result.unrecognised).toEqual(['asdf qwerty lorem ipsum']);
    expect(result.fields).toEqual({ model: 'NBN-80052-BA' });
  });

  it('returns a question as unrecognised', () => {
    expect(parseIntake('what version do you need?', undefined, 'en').unrecognised).toEqual(['what version do you need?']);
  });

  it('ignores greetings and thanks', () => {
    expect(parseIntake('Hi team\n\nthanks!', undefined, 'en')).toEqual({ fields: {}, errors: [], warnings: [], unrecognised: [] });
  });

  it('quotes only the start of an over-long line', () => {
    const result = parseIntake('x'.repeat(100_000), undefined, 'en');
    expect(result.unrecognised).toHaveLength(1);
    expect(result.unrecognised[0]!.length).toBeLessThan(100);
    expect(result.unread).toBe(true);
  });

  it('says when the end of a message was not read (too many lines, too many characters), in no words of its own', () => {
    const lines = parseIntake(`Serial 404754734001050102\n${'see you\n'.repeat(250)}MAC 00:07:5F:12:34:56`, undefined, 'en');
    expect(lines.unread).toBe(true);
    expect(lines.fields).toEqual({ serial: '404754734001050102' });
    const chars = parseIntake(`Serial 404754734001050102 ${'see you '.repeat(3_000)}`, undefined, 'en');
    expect(chars.unread).toBe(true);
    // What is left unplaced is only ever the technician's own words.
    for (const r of [lines, chars]) expect(r.unrecognised.join(' ')).not.toMatch(/not read|too long/);
    expect(parseIntake(`Serial 404754734001050102\n${'see you\n'.repeat(150)}`, undefined, 'en')).not.toHaveProperty('unread');
  });

  it('never throws on hostile input', () => {
    const hostile = [
      '',
      '\u0000\u0001\u0002\n\r\n',
      '😀'.repeat(50_000),
      'a-'.repeat(50_000),
      'ab '.repeat(33_000),
      'Code: '.repeat(10_000),
      'MAC '.repeat(25_000),
      'ABCD '.repeat(20_000),
      'A1B2\n'.repeat(20_000),
      '\u200b\ufeff<!channel>',
      undefined as unknown as string,
    ];
    for (const text of hostile) {
      expect(() => parseIntake(text, undefined, 'en')).not.toThrow();
      expect(() => parseIntake(text, 'challenge', 'en')).not.toThrow();
    }
  });
});
