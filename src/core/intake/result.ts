// What reading a message yields (IntakeResult), and the Intake that collects it as the facets
// find values: the last code found wins, and a code's near misses are reported only when no
// code was found at all.
import type { DeviceField, FieldName, FieldResult } from '../fields.js';
import type { Locale } from '../i18n/locale.js';
import type { Aside } from './asides.js';

export interface IntakeResult {
  /** Accepted, normalised values. */
  fields: Partial<Record<DeviceField, string>>;
  /** A 32-character code found anywhere in the message. */
  challenge?: { code: string; ageMs?: number };
  /** "generated 10 minutes ago", also when the message holds no code. */
  ageMs?: number;
  /** A value clearly meant for a field that breaks its rule. */
  errors: Array<{ field: FieldName; input: string; message: string }>;
  warnings: Array<{ field: FieldName; message: string }>;
  /** Lines we could not place (trimmed, non-empty). */
  unrecognised: string[];
  /**
   * The end of the message was not read: it has more than MAX_LINES lines or MAX_TEXT_CHARS
   * characters. A fact, not words: the reply tells the writer in their language.
   */
  unread?: true;
  /**
   * The message held no value but said something instead, to the field asked for: "wait"
   * ('hold'), or "unreadable", "don't know", a question ('no_value').
   */
  aside?: Aside;
}

export class Intake {
  /** The reader's language: the words of each problem, never what is understood. */
  constructor(readonly locale: Locale) {}

  readonly result: IntakeResult = { fields: {}, errors: [], warnings: [], unrecognised: [] };
  private codes: string[] = [];
  private challengeErrors: Array<{ input: string; message: string }> = [];

  record(field: FieldName, input: string, parsed: FieldResult): boolean {
    if (!parsed.ok) {
      if (field === 'challenge') this.challengeError(input, parsed.error);
      else this.result.errors.push({ field, input, message: parsed.error });
      return false;
    }
    if (field === 'challenge') {
      this.codes.push(parsed.value);
      return true;
    }
    this.result.fields[field] = parsed.value;
    if (parsed.warning) this.result.warnings.push({ field, message: parsed.warning });
    return true;
  }

  /** Every code found, in order (finish keeps the last). */
  get foundCodes(): readonly string[] {
    return this.codes;
  }

  /** A near miss of a code was found (reported by `finish` when no code is). */
  get hasChallengeErrors(): boolean {
    return this.challengeErrors.length > 0;
  }

  code(code: string): void {
    this.codes.push(code);
  }

  challengeError(input: string, message: string): void {
    if (!this.challengeErrors.some((e) => e.input === input)) this.challengeErrors.push({ input, message });
  }

  finish(): IntakeResult {
    const code = this.codes[this.codes.length - 1];
    const { ageMs } = this.result;
    if (code !== undefined) {
      this.result.challenge = ageMs === undefined ? { code } : { code, ageMs };
    } else {
      this.result.errors.unshift(...this.challengeErrors.map((e) => ({ field: 'challenge' as const, ...e })));
    }
    return this.result;
  }
}
