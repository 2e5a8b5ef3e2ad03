// Encryption at rest: codes round-trip, tokens never repeat, and the wrong key or an altered
// token is refused rather than yielding garbage.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCipher } from '../../src/drivers/redis/cipher.js';

const key = () => randomBytes(32).toString('base64');
const CODE = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

describe('cipher', () => {
  it('gives back exactly what it encrypted, in a v1 token of base64url parts', () => {
    const cipher = createCipher(key());
    const token = cipher.encrypt(CODE);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(token).not.toContain(CODE);
    expect(cipher.decrypt(token)).toBe(CODE);
    expect(cipher.decrypt(cipher.encrypt('PUK – ünïcödé ✓'))).toBe('PUK – ünïcödé ✓');
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  it('uses a fresh IV every time, so equal codes do not give equal tokens', () => {
    const cipher = createCipher(key());
    expect(cipher.encrypt(CODE)).not.toBe(cipher.encrypt(CODE));
  });

  it('refuses a token made with another DATA_KEY', () => {
    const token = createCipher(key()).encrypt(CODE);
    expect(() => createCipher(key()).decrypt(token)).toThrow(/wrong DATA_KEY or tampered/);
  });

  it('refuses a token whose ciphertext, tag or IV was altered', () => {
    const cipher = createCipher(key());
    const [v, iv, tag, body] = cipher.encrypt(CODE).split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    expect(() => cipher.decrypt([v, iv, tag, flip(body)].join('.'))).toThrow();
    expect(() => cipher.decrypt([v, iv, flip(tag), body].join('.'))).toThrow();
    expect(() => cipher.decrypt([v, flip(iv), tag, body].join('.'))).toThrow();
    expect(() => cipher.decrypt(['v2', iv, tag, body].join('.'))).toThrow(/version/);
    expect(() => cipher.decrypt(CODE)).toThrow();
  });

  it('refuses a DATA_KEY that is not 32 bytes', () => {
    expect(() => createCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => createCipher('')).toThrow(/32 bytes/);
  });
});
