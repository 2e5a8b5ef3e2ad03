// What the payload fuzz tests feed the parsers, shared so the HTTP round trips and the in-process
// runs speak the same hostile vocabulary, and the check that words meant for a person are readable.

import fc from 'fast-check';
import { CORPUS } from './inert.js';

/** Fixed, so a failure found once is found again on every machine. */
export const SEED = 20_240_601;

/**
 * A stack frame, a JavaScript value printed as such, or an exception's name: internals leaking
 * into words. A frame names a file (`at fn (/app/x.js:1:2)`, `at node:internal/…:1:2`), which
 * tells it apart from a Teams time such as `at {{TIME(2026-01-01T15:00:00Z)}}`.
 */
export const unreadable = (s: string) =>
  /\n\s*at \S|\bat (?:\S+ \()?(?:file:|node:|\/|[A-Za-z]:\\)\S*:\d+:\d+|\bundefined\b|\[object |Error:|TypeError|ZodError/.test(s);

/** A sentence a person can act on: not empty, and no internals. */
export const readable = (s: unknown) => typeof s === 'string' && s.trim().length > 5 && !unreadable(s);

export const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 60 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...CORPUS.map((c) => c.text.slice(0, 300)),
      'help',
      'status',
      'cancel',
      'cancel CR-2345',
      'PUK: ABCD1234EFGH',
      'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
);
export const junk = fc.oneof(fc.anything({ maxDepth: 2 }), text);
export const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
export const requestId = fc.oneof(fc.constantFrom('CR-2345', 'CR-ZZZZ', ''), fc.string({ maxLength: 12 }));

/** Keys that find Object.prototype's members when a parser indexes a plain object with input. */
export const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'] as const;
