// The shapes of device values (MAC, firmware, model or order code, serial), by which a bare
// value is placed in its field.
import type { DeviceField, FieldName } from '../fields.js';
import { trimValue } from './clean.js';

export const MAC_SHAPES = [
  /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i,
  /^[0-9a-f]{2}(?: [0-9a-f]{2}){5}$/i,
  /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i,
];
export const BARE_MAC = /^[0-9a-f]{12}$/i;
// Bosch OUIs written without separators; all-digit ones would otherwise look like serials.
const BOSCH_OUI_PREFIXES = ['00075f', '000463', '000131', '001c44'];
export const NEAR_MAC = /^[0-9a-f]{1,2}(?:[:-][0-9a-z]{1,3}){3,7}$/i;
const FIRMWARE_SHAPES = [/^v?\d{1,4}\.\d{1,4}(?:\.\d{1,6})?$/i, /^v?\d{1,4}\.\d{1,4} ?(?:b|build) ?\d{1,6}$/i];
/** The build written after the version as a word of its own: "B128", "build 26", "B 26". */
export const BUILD_SUFFIX = /^ (?:b|build) ?\d{1,6}(?![A-Za-z0-9])/i;
const MODEL_SHAPE = /^[a-z]{2,6}-[a-z0-9]{2,10}(?:-[a-z0-9]{1,10}){0,3}$/i;
const ORDER_CODE_SHAPE = /^[a-z]\.\d{2}[a-z]\.\d{3}\.\d{3}(?:-\d{1,3})?$/i;
const SERIAL_SHAPE = /^\d{6,32}$/;

export function shapeOf(text: string): DeviceField | undefined {
  if (MAC_SHAPES.some((re) => re.test(text))) return 'mac';
  if (BARE_MAC.test(text) && (/[a-f]/i.test(text) || BOSCH_OUI_PREFIXES.includes(text.slice(0, 6).toLowerCase()))) {
    return 'mac';
  }
  if (FIRMWARE_SHAPES.some((re) => re.test(text))) return 'firmware';
  if ((MODEL_SHAPE.test(text) && /\d/.test(text)) || ORDER_CODE_SHAPE.test(text)) return 'model';
  if (SERIAL_SHAPE.test(text)) return 'serial';
  return undefined;
}

/** Shapes strong enough to trust a label found in the middle of a sentence. */
export function fitsInlineLabel(field: FieldName, token: string): boolean {
  if (field === 'challenge') return false;
  if (field === 'serial') return /^(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{6,32}$/.test(token);
  return shapeOf(token) === field;
}

/** The words of a line as values: a firmware's build written after it ("7.80 B128", "6.51 build 26") stays with it. */
export function valueTokens(bare: string): string[] {
  const tokens: string[] = [];
  const words = bare.split(' ').filter((w) => w !== '');
  for (let k = 0; k < words.length; k += 1) {
    const word = words[k] ?? '';
    const previous = tokens[tokens.length - 1];
    const afterFirmware = previous !== undefined && shapeOf(previous) === 'firmware' && !/\.\d+\./.test(previous);
    if (afterFirmware && /^b\d{1,6}$/i.test(word)) {
      tokens[tokens.length - 1] = `${previous} ${trimValue(word)}`;
    } else if (afterFirmware && /^(?:b|build)$/i.test(word) && /^\d{1,6}[,;.]?$/.test(words[k + 1] ?? '')) {
      tokens[tokens.length - 1] = `${previous} ${word} ${trimValue(words[k + 1] ?? '')}`;
      k += 1;
    } else {
      tokens.push(trimValue(word));
    }
  }
  return tokens;
}
