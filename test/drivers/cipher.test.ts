// Encryption at rest: codes round-trip, tokens never repeat, and the wrong key or an altered
// token is refused rather than yielding garbage. Tokens name their key, so a rotated DATA_KEY
// reads old tokens through DATA_KEY_PREVIOUS and tells which ones it must re-encrypt.

import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCipher } from '../../src/drivers/redis/cipher.js';

const key = () => randomBytes(32).toString('base64');
const CODE = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

describe('cipher', () => {
  it('gives back exactly what it encrypted, in a v2 token naming its key, of base64url parts', () => {
    const cipher = createCipher(key());
    const token = cipher.encrypt(CODE);
    expect(cipher.keyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(token).toMatch(new RegExp(`^v2\\.${cipher.keyId}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]+$`));
    expect(token).not.toContain(CODE);
    expect(cipher.decrypt(token)).toBe(CODE);
    expect(cipher.decrypt(cipher.encrypt('PUK – ünïcödé ✓'))).toBe('PUK – ünïcödé ✓');
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  it('uses a fresh IV every time, so equal codes do not give equal tokens', () => {
    const cipher = createCipher(key());
    expect(cipher.encrypt(CODE)).not.toBe(cipher.encrypt(CODE));
  });

  it('refuses a token made with another DATA_KEY, naming the key id it was sealed with', () => {
    const other = createCipher(key());
    const token = other.encrypt(CODE);
    const mine = createCipher(key());
    expect(() => mine.decrypt(token)).toThrow(
      new RegExp(`key id ${other.keyId}, which neither DATA_KEY \\(${mine.keyId}\\) nor DATA_KEY_PREVIOUS holds`),
    );
  });

  it('reads tokens of DATA_KEY_PREVIOUS keys, seals only with DATA_KEY, and tells which tokens are not current', () => {
    const [a, b, c] = [key(), key(), key()];
    const old = createCipher(a);
    const older = createCipher(c);
    const rotated = createCipher(b, [a, c]);
    const tokenA = old.encrypt(CODE);
    expect(rotated.decrypt(tokenA)).toBe(CODE);
    expect(rotated.decrypt(older.encrypt('PUK1234ABCD'))).toBe('PUK1234ABCD');
    expect(rotated.isCurrent(tokenA)).toBe(false);
    const tokenB = rotated.encrypt(CODE);
    expect(rotated.isCurrent(tokenB)).toBe(true);
    expect(createCipher(b).decrypt(tokenB)).toBe(CODE);
    expect(() => old.decrypt(tokenB)).toThrow(/neither DATA_KEY/);
    expect(rotated.keyId).toBe(createCipher(b).keyId);
  });

  it('still reads v1 tokens (written before key ids) with the current or a previous key', () => {
    const [a, b] = [key(), key()];
    const v1 = (k: string, plain: string) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', Buffer.from(k, 'base64'), iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    };
    expect(createCipher(a).decrypt(v1(a, CODE))).toBe(CODE);
    expect(createCipher(b, [a]).decrypt(v1(a, CODE))).toBe(CODE);
    expect(createCipher(b, [a]).isCurrent(v1(b, CODE))).toBe(false);
    expect(() => createCipher(b).decrypt(v1(a, CODE))).toThrow(/written before key ids: wrong DATA_KEY/);
  });

  it('refuses a token whose ciphertext, tag or IV was altered', () => {
    const cipher = createCipher(key());
    const [v, id, iv, tag, body] = cipher.encrypt(CODE).split('.') as [string, string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    expect(() => cipher.decrypt([v, id, iv, tag, flip(body)].join('.'))).toThrow(/tampered/);
    expect(() => cipher.decrypt([v, id, iv, flip(tag), body].join('.'))).toThrow(/tampered/);
    expect(() => cipher.decrypt([v, id, flip(iv), tag, body].join('.'))).toThrow(/tampered/);
    expect(() => cipher.decrypt(['v3', id, iv, tag, body].join('.'))).toThrow(/version/);
    expect(() => cipher.decrypt(CODE)).toThrow();
  });

  it('refuses a DATA_KEY or DATA_KEY_PREVIOUS key that is not 32 bytes', () => {
    expect(() => createCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => createCipher('')).toThrow(/32 bytes/);
    expect(() => createCipher(key(), [key(), 'short'])).toThrow(/DATA_KEY_PREVIOUS \(key 2\) must be 32 bytes/);
  });
});
