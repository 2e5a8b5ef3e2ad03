// Field-level encryption at rest for what must not sit in Redis in clear: challenge codes, PUKs
// and the words people write (AES-256-GCM, key from DATA_KEY). A token names the key that sealed
// it (`v2.<key id>.<iv>.<tag>.<ciphertext>`, base64url), so DATA_KEY can be rotated: the cipher
// opens tokens of DATA_KEY and of every DATA_KEY_PREVIOUS key, and seals only with DATA_KEY.
// `v1.<iv>.<tag>.<ciphertext>` tokens (written before key ids existed) are still read.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface Cipher {
  /** Id of DATA_KEY, the key every new token is sealed with. */
  readonly keyId: string;
  encrypt(plaintext: string): string;
  /** Throws CipherError when no key this cipher holds opens the token, or it has been altered. */
  decrypt(token: string): string;
  /** True when the token is sealed with DATA_KEY in the current format (nothing to re-encrypt). */
  isCurrent(token: string): boolean;
}

const VERSION = 'v2';
const LEGACY = 'v1';
const IV_BYTES = 12; // the GCM standard nonce size; random per token
const TAG_BYTES = 16;

export class CipherError extends Error {
  /** The id of the key that sealed the token, when the token names one this cipher lacks. */
  readonly keyId: string | undefined;
  constructor(message: string, options: { cause?: unknown; keyId?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CipherError';
    this.keyId = options.keyId;
  }
}

/**
 * A key's public name: 8 base64url characters of a domain-separated SHA-256 of the key. It tells
 * an operator which key sealed a value (compare with the id the start log prints) and tells
 * nothing useful about the key itself.
 */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('camreset data key id\0').update(key).digest('base64url').slice(0, 8);
}

function parseKey(keyBase64: string, name: string): Buffer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new CipherError(`${name} must be 32 bytes encoded as base64 (got ${key.length} bytes)`);
  return key;
}

/**
 * `current` seals and opens; each of `previous` (older DATA_KEYs) only opens. A previous key equal
 * to the current one is harmless and ignored.
 */
export function createCipher(current: string, previous: readonly string[] = []): Cipher {
  const key = parseKey(current, 'DATA_KEY');
  const keyId = keyIdOf(key);
  const keys = new Map<string, Buffer>([[keyId, key]]);
  previous.forEach((p, i) => {
    const old = parseKey(p, `DATA_KEY_PREVIOUS (key ${i + 1})`);
    const id = keyIdOf(old);
    const known = keys.get(id);
    if (known && !known.equals(old))
      throw new CipherError(`DATA_KEY_PREVIOUS (key ${i + 1}) has the same key id as another key; make a new key`);
    keys.set(id, old);
  });

  const open = (k: Buffer, iv: Buffer, tag: Buffer, body: Buffer): string => {
    const decipher = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  };
  const parts = (iv64: string, tag64: string, body64: string) => {
    const iv = Buffer.from(iv64, 'base64url');
    const tag = Buffer.from(tag64, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new CipherError('malformed encrypted token');
    return { iv, tag, body: Buffer.from(body64, 'base64url') };
  };

  return {
    keyId,

    encrypt(plaintext: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, keyId, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.');
    },

    decrypt(token: string): string {
      const fields = token.split('.');
      if (fields.length === 5 && fields[0] === VERSION) {
        // The length check above means the defaults never apply; they only tell the type checker.
        const [, id = '', iv64 = '', tag64 = '', body64 = ''] = fields;
        const k = keys.get(id);
        if (!k)
          throw new CipherError(`sealed with key id ${id}, which neither DATA_KEY (${keyId}) nor DATA_KEY_PREVIOUS holds`, { keyId: id });
        const { iv, tag, body } = parts(iv64, tag64, body64);
        try {
          return open(k, iv, tag, body);
        } catch (err) {
          throw new CipherError(`cannot decrypt a value sealed with key id ${id}: tampered data`, { cause: err, keyId: id });
        }
      }
      if (fields.length === 4 && fields[0] === LEGACY) {
        // Written before tokens named their key: try each key (GCM's tag tells the right one).
        const [, iv64 = '', tag64 = '', body64 = ''] = fields;
        const { iv, tag, body } = parts(iv64, tag64, body64);
        for (const k of keys.values()) {
          try {
            return open(k, iv, tag, body);
          } catch {
            // not this key
          }
        }
        throw new CipherError(
          `cannot decrypt a value written before key ids: wrong DATA_KEY (${keyId}) and no DATA_KEY_PREVIOUS opens it, or tampered data`,
        );
      }
      throw new CipherError('not an encrypted token of a known version');
    },

    isCurrent(token: string): boolean {
      return token.startsWith(`${VERSION}.${keyId}.`);
    },
  };
}
