// Field-level encryption at rest for challenge codes and PUKs (AES-256-GCM, key from DATA_KEY).
// Tokens are self-describing (`v1.<iv>.<tag>.<ciphertext>`, base64url) so the key or the
// algorithm can be rotated later by adding a version.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Cipher {
  encrypt(plain: string): string;
  /** Throws when the token was made with another key or has been altered. */
  decrypt(token: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12; // the GCM standard nonce size; random per token
const TAG_BYTES = 16;

export class CipherError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'CipherError';
  }
}

export function createCipher(keyBase64: string): Cipher {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) {
    throw new CipherError(`DATA_KEY must be 32 bytes encoded as base64 (got ${key.length} bytes)`);
  }

  return {
    encrypt(plain: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.');
    },

    decrypt(token: string): string {
      const parts = token.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new CipherError('not an encrypted token of a known version');
      }
      const iv = Buffer.from(parts[1]!, 'base64url');
      const tag = Buffer.from(parts[2]!, 'base64url');
      const body = Buffer.from(parts[3]!, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new CipherError('malformed encrypted token');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (err) {
        // GCM authentication failed: wrong DATA_KEY or a tampered value.
        throw new CipherError('cannot decrypt: wrong DATA_KEY or tampered data', err);
      }
    },
  };
}
