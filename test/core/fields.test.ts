import { describe, expect, it } from 'vitest';
import {
  BOSCH_OUIS,
  DEVICE_FIELDS,
  fieldLabels,
  MAX_FIELD_INPUT,
  PUK_RULE,
  challengeCodeSchemaIn,
  macAddressSchemaIn,
  parseBoschTicket,
  parseChallenge,
  parseField,
  parseFirmware,
  parseMac,
  parseModel,
  parsePuk,
  parseSerial,
  type FieldResult,
} from '../../src/core/fields.js';

const CODE = 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6';

function value(result: FieldResult): string {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.value;
}

function error(result: FieldResult): string {
  if (result.ok) throw new Error(`expected an error, got: ${result.value}`);
  return result.error;
}

describe('the challenge code', () => {
  it('accepts 32 letters and digits as shown on the reset page', () => {
    expect(value(parseChallenge(CODE, 'en'))).toBe(CODE);
  });

  it('removes the spaces a technician types between groups of four', () => {
    expect(value(parseChallenge('A1B2 C3D4 E5F6 G7H8 J9K0 L1M2 N3P4 Q5R6', 'en'))).toBe(CODE);
  });

  it('removes grouping dashes and line breaks', () => {
    expect(value(parseChallenge('A1B2-C3D4-E5F6-G7H8-J9K0-L1M2-N3P4-Q5R6', 'en'))).toBe(CODE);
    expect(value(parseChallenge('A1B2C3D4\nE5F6G7H8\r\nJ9K0L1M2\nN3P4Q5R6', 'en'))).toBe(CODE);
  });

  it('keeps lower-case letters as typed, since the camera may be case-sensitive', () => {
    expect(value(parseChallenge('a1b2c3d4e5f6g7h8J9K0L1M2N3P4Q5R6', 'en'))).toBe('a1b2c3d4e5f6g7h8J9K0L1M2N3P4Q5R6');
  });

  it('says how many characters a short code has and to look for a missed one', () => {
    expect(error(parseChallenge(CODE.slice(1), 'en'))).toBe(
      'That challenge code has 31 characters; it needs exactly 32 letters and digits. Check for a missed character.',
    );
  });

  it('says to look for an extra character when the code is too long', () => {
    expect(error(parseChallenge(`${CODE}X`, 'en'))).toContain('has 33 characters');
    expect(error(parseChallenge(`${CODE}X`, 'en'))).toContain('extra character');
  });

  it('names a character that does not belong in a code', () => {
    expect(error(parseChallenge(`${CODE.slice(0, 31)}!`, 'en'))).toMatch(/^'!' is not allowed in a challenge code/);
  });

  it('names an emoji whole rather than half of it', () => {
    expect(error(parseChallenge(`${CODE.slice(0, 31)}😀`, 'en'))).toMatch(/^'😀' is not allowed/);
  });

  it('names invisible control characters by their code point', () => {
    expect(error(parseChallenge(`${CODE.slice(0, 16)}\u0007${CODE.slice(16)}`, 'en'))).toContain('U+0007');
  });

  it('explains an empty answer', () => {
    expect(error(parseChallenge('   ', 'en'))).toContain('empty');
  });

  it('refuses a pasted log file at once instead of scanning it', () => {
    const message = error(parseChallenge('A'.repeat(100_000), 'en'));
    expect(message).toContain('100000 characters');
    expect(message).toContain('Paste just the challenge code');
  });

  it('exposes the zod schema, which normalises the same way', () => {
    expect(challengeCodeSchemaIn('en').parse('A1B2 C3D4 E5F6 G7H8 J9K0 L1M2 N3P4 Q5R6')).toBe(CODE);
  });
});

describe('the model number', () => {
  it('accepts Bosch model numbers and upper-cases them', () => {
    expect(value(parseModel('nde-5503-al', 'en'))).toBe('NDE-5503-AL');
    expect(value(parseModel('NIN-73023-A10AS', 'en'))).toBe('NIN-73023-A10AS');
    expect(value(parseModel('MIC-7502-Z30B', 'en'))).toBe('MIC-7502-Z30B');
  });

  it('accepts an order code from the label', () => {
    expect(value(parseModel('F.01U.393.627', 'en'))).toBe('F.01U.393.627');
  });

  it('trims and collapses spaces in names like AUTODOME IP 5000i', () => {
    expect(value(parseModel('  AUTODOME  IP 5000i ', 'en'))).toBe('AUTODOME IP 5000I');
  });

  it('refuses one character', () => {
    expect(error(parseModel('N', 'en'))).toContain('at least 2 characters');
  });

  it('refuses more than 40 characters', () => {
    expect(error(parseModel('N'.repeat(41), 'en'))).toContain('at most 40');
  });

  it('names a character that is not allowed', () => {
    expect(error(parseModel('NDE_5503', 'en'))).toMatch(/^'_' is not allowed in a model number/);
  });

  it('refuses punctuation alone', () => {
    expect(error(parseModel('--', 'en'))).toContain('letters or digits');
  });
});

describe('the MAC address', () => {
  it('accepts colons and normalises to upper case', () => {
    expect(value(parseMac('00:07:5f:12:34:56', 'en'))).toBe('00:07:5F:12:34:56');
  });

  it('accepts a MAC written with dashes, as Windows shows it', () => {
    expect(value(parseMac('00-07-5F-12-34-56', 'en'))).toBe('00:07:5F:12:34:56');
  });

  it('accepts a MAC written with dots, like on Cisco switches', () => {
    expect(value(parseMac('0007.5f12.3456', 'en'))).toBe('00:07:5F:12:34:56');
  });

  it('accepts a MAC with no separators at all', () => {
    expect(value(parseMac('00075F123456', 'en'))).toBe('00:07:5F:12:34:56');
  });

  it('accepts pairs separated by spaces, as read off a label', () => {
    expect(value(parseMac('00 07 5F 12 34 56', 'en'))).toBe('00:07:5F:12:34:56');
  });

  it('says how many digits are missing', () => {
    expect(error(parseMac('00:07:5f:12:34', 'en'))).toBe(
      'A MAC address has 12 hexadecimal digits (0-9, A-F), like 00:07:5F:12:34:56 — that one has 10.',
    );
  });

  it('names a letter that is not hexadecimal', () => {
    expect(error(parseMac('00:07:5G:12:34:56', 'en'))).toMatch(/^'G' is not a hexadecimal digit/);
  });

  it('names the letter O typed for a zero', () => {
    expect(error(parseMac('OO:07:5F:12:34:56', 'en'))).toMatch(/^'O' is not a hexadecimal digit/);
  });

  it('refuses a group with an odd number of digits', () => {
    expect(error(parseMac('0:07:5f:12:34:56:7', 'en'))).toContain("'0' has an odd number of digits");
  });

  it('accepts every known Bosch prefix without a warning', () => {
    for (const oui of BOSCH_OUIS) {
      const result = parseMac(`${oui}:12:34:56`, 'en');
      expect(result).toEqual({ ok: true, value: `${oui}:12:34:56` });
    }
  });

  it('warns, but accepts, a MAC whose prefix is not Bosch', () => {
    expect(parseMac('00:11:22:33:44:55', 'en')).toEqual({
      ok: true,
      value: '00:11:22:33:44:55',
      warning: "00:11:22 is not a Bosch MAC prefix — please double-check the label (we'll use it anyway).",
    });
  });

  it('exposes the zod schema', () => {
    expect(macAddressSchemaIn('en').safeParse('00075f123456').data).toBe('00:07:5F:12:34:56');
    expect(macAddressSchemaIn('en').safeParse('nope').success).toBe(false);
  });
});

describe('the firmware version', () => {
  it('accepts major.minor.build as shown on /version', () => {
    expect(value(parseFirmware('7.80.0128', 'en'))).toBe('7.80.0128');
    expect(value(parseFirmware('6.51.0026', 'en'))).toBe('6.51.0026');
  });

  it('accepts major.minor without a build', () => {
    expect(value(parseFirmware('6.51', 'en'))).toBe('6.51');
  });

  it("normalises the advisories' 7.80 B128 to 7.80.0128", () => {
    expect(value(parseFirmware('7.80 B128', 'en'))).toBe('7.80.0128');
    expect(value(parseFirmware('7.80b128', 'en'))).toBe('7.80.0128');
  });

  it('pads a short build to four digits', () => {
    expect(value(parseFirmware('6.51.26', 'en'))).toBe('6.51.0026');
  });

  it('tolerates a leading v', () => {
    expect(value(parseFirmware('v9.00.0210', 'en'))).toBe('9.00.0210');
  });

  it('explains the format and where to find it', () => {
    expect(error(parseFirmware('latest', 'en'))).toBe(
      'Write the firmware as major.minor.build, like 7.80.0128 (the camera shows it at http://<camera-ip>/version).',
    );
  });

  it('points out commas written instead of dots', () => {
    expect(error(parseFirmware('7,80,0128', 'en'))).toMatch(/^Use dots, not commas/);
  });

  it('points out a version with only one part', () => {
    expect(error(parseFirmware('7', 'en'))).toMatch(/only one part/);
  });

  it('points out a version with too many parts', () => {
    expect(error(parseFirmware('7.80.0128.5', 'en'))).toMatch(/more than three parts/);
  });
});

describe('the serial number', () => {
  it('accepts the long digit strings on Bosch labels', () => {
    expect(value(parseSerial('404754734001050102', 'en'))).toBe('404754734001050102');
  });

  it('upper-cases letters and allows dashes', () => {
    expect(value(parseSerial('ab-123456', 'en'))).toBe('AB-123456');
  });

  it('says how many characters a short serial has', () => {
    expect(error(parseSerial('12345', 'en'))).toContain('has 5 characters; a serial number has 6 to 32');
  });

  it('refuses more than 32 characters', () => {
    expect(error(parseSerial('1'.repeat(33), 'en'))).toContain('has 33 characters');
  });

  it('names a character that is not allowed, including a space', () => {
    expect(error(parseSerial('1234 5678', 'en'))).toMatch(/^A space is not allowed in a serial number/);
  });

  it('never lets chat markup through', () => {
    expect(parseSerial('<!channel>', 'en').ok).toBe(false);
  });
});

describe('the Bosch ticket number', () => {
  it('accepts #87 followed by digits, as typed', () => {
    expect(value(parseBoschTicket(' #8712345678 ', 'en'))).toBe('#8712345678');
  });

  it("asks for the '#' when it is missing", () => {
    expect(error(parseBoschTicket('8712345678', 'en'))).toContain('write #8712345678');
  });

  it('refuses other numbers', () => {
    expect(error(parseBoschTicket('#12345678', 'en'))).toContain("'#87' followed by digits");
  });
});

describe('the PUK', () => {
  it('accepts letters and digits, returning them trimmed but otherwise as typed', () => {
    expect(value(parsePuk('  ab12-CD34 ef56  ', 'en'))).toBe('ab12-CD34 ef56');
  });

  it('refuses fewer than 8 letters and digits', () => {
    expect(error(parsePuk('ab12-cd', 'en'))).toContain('has 6 letters and digits');
  });

  it('refuses more than 64', () => {
    expect(error(parsePuk('a'.repeat(65), 'en'))).toContain(`${PUK_RULE.minLength} to ${PUK_RULE.maxLength}`);
  });

  it('names a character that is not allowed', () => {
    expect(error(parsePuk('abcd1234!', 'en'))).toMatch(/^'!' is not allowed in a PUK/);
  });
});

describe('parseField', () => {
  it('dispatches by field name', () => {
    expect(value(parseField('challenge', CODE, 'en'))).toBe(CODE);
    expect(value(parseField('model', 'nde-5503-al', 'en'))).toBe('NDE-5503-AL');
    expect(value(parseField('mac', '00075f123456', 'en'))).toBe('00:07:5F:12:34:56');
    expect(value(parseField('firmware', '7.80 B128', 'en'))).toBe('7.80.0128');
    expect(value(parseField('serial', '404754734001050102', 'en'))).toBe('404754734001050102');
  });

  it('has a plain label for every field and lists the device fields', () => {
    expect(DEVICE_FIELDS).toEqual(['model', 'mac', 'firmware', 'serial']);
    expect(fieldLabels('en')).toEqual({
      challenge: 'challenge code',
      model: 'model number',
      mac: 'MAC address',
      firmware: 'firmware version',
      serial: 'serial number',
    });
  });

  it('never throws, whatever is typed', () => {
    const nasty = [
      '',
      '\u0000\u0001\u0002',
      '😀'.repeat(500),
      'x'.repeat(MAX_FIELD_INPUT + 1),
      'a'.repeat(100_000),
      '\u200b\ufeff',
      '<!channel> <@U123>',
      undefined as unknown as string,
      42 as unknown as string,
    ];
    for (const input of nasty) {
      for (const name of ['challenge', 'model', 'mac', 'firmware', 'serial'] as const) {
        expect(() => parseField(name, input, 'en')).not.toThrow();
      }
      expect(() => parsePuk(input, 'en')).not.toThrow();
      expect(() => parseBoschTicket(input, 'en')).not.toThrow();
    }
  });

  it('refuses anything over the single-field cap with a clear message', () => {
    expect(error(parseField('serial', '1'.repeat(MAX_FIELD_INPUT + 1), 'en'))).toContain('far too long for a serial number');
  });
});
