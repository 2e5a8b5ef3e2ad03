// Short request ids a technician can read out over the phone: CR- and four characters from an
// alphabet without look-alikes (no 0/O, 1/I/L, U).

import { randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRequestId(random: (max: number) => number = randomInt): string {
  let suffix = '';
  for (let i = 0; i < 4; i++) suffix += ALPHABET.charAt(random(ALPHABET.length));
  return `CR-${suffix}`;
}

export const REQUEST_ID_PATTERN = /\bCR-[2-9A-HJKMNP-TV-Z]{4}\b/i;
