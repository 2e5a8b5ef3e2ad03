// Placing values written without a label: first as the field the bot just asked for, then by
// the shape of the value (a MAC, a firmware version, a model number, a serial).
import { type DeviceField, type FieldName, parseChallenge, parseField } from '../fields.js';
import { holdsNoDigit } from './asides.js';
import { cleanLine, onlyStopwords, sentenceLike, trimValue } from './clean.js';
import type { InputLine } from './line.js';
import type { Intake } from './result.js';
import { BARE_MAC, NEAR_MAC, shapeOf, valueTokens } from './shapes.js';

/**
 * The answer is read first as the field the bot just asked for: asked for the serial, one value
 * of 32 letters and digits that fits the serial rule is the serial, not a new challenge code.
 */
export function answersAsked(intake: Intake, rawLines: string[], expecting: DeviceField): boolean {
  const lines = rawLines.map((l) => cleanLine(l)).filter((l) => l !== '');
  const [only] = lines;
  if (lines.length !== 1 || only === undefined) return false;
  const value = trimValue(only);
  if (/\s/.test(value) || !parseChallenge(value, intake.locale).ok) return false;
  const parsed = parseField(expecting, value, intake.locale);
  if (!parsed.ok) return false;
  intake.record(expecting, value, parsed);
  return true;
}

/** Lines no label, age or code took: each placed whole, or value by value, by its shape. */
export function classifyBareLines(intake: Intake, lines: InputLine[], expecting: FieldName | undefined): void {
  for (const line of lines) {
    if (line.contributed || line.labelled) continue;
    const bare = trimValue(line.free);
    if (bare === '' || onlyStopwords(bare)) continue;
    const shape = shapeOf(bare);
    // A device value carries digits: "unleserlich", "idk" or "hmm" typed when the serial is asked
    // for is something said instead of a value, never the serial (intake.ts answers it).
    if (expecting && expecting !== 'challenge' && !shape && holdsNoDigit(bare)) continue;
    if (expecting && !sentenceLike(bare)) {
      // A strong shape of another field wins: a MAC typed when asked for the model is still a MAC.
      const field = shape && shape !== expecting && !ambiguousSerial(expecting, shape, bare) ? shape : expecting;
      intake.record(field, bare, parseField(field, bare, intake.locale));
      line.contributed = true;
      continue;
    }
    if (shape) {
      intake.record(shape, bare, parseField(shape, bare, intake.locale));
      line.contributed = true;
      continue;
    }
    if (classifyTokens(intake, bare)) {
      line.contributed = true;
      continue;
    }
    if (NEAR_MAC.test(bare)) {
      intake.record('mac', bare, parseField('mac', bare, intake.locale));
      line.contributed = true;
    }
  }
}

/** Twelve bare digits/hex letters answer "serial number?" as a serial, not as a MAC. */
function ambiguousSerial(expecting: FieldName, shape: DeviceField, bare: string): boolean {
  return expecting === 'serial' && shape === 'mac' && BARE_MAC.test(bare);
}

/** "NDE-5503-AL 00:07:5F:12:34:56 7.80 B128": several values on one line, each by its shape. */
function classifyTokens(intake: Intake, bare: string): boolean {
  const tokens = valueTokens(bare);
  if (tokens.length < 2) return false;
  const shaped: Array<[DeviceField, string]> = [];
  for (const token of tokens) {
    const shape = shapeOf(token);
    if (shape === undefined) return false;
    shaped.push([shape, token]);
  }
  for (const [shape, token] of shaped) intake.record(shape, token, parseField(shape, token, intake.locale));
  return true;
}
