// Bytes of files a technician might share, each what its name says (or deliberately not), for
// the stories about files copied to support.

import { randomBytes } from 'node:crypto';

const MB = 1024 * 1024;

/** A JPEG: its magic bytes, then noise (`size` bytes in all, distinct per call). */
export function jpeg(size = 40_000): Buffer {
  const b = randomBytes(size);
  b[0] = 0xff;
  b[1] = 0xd8;
  b[2] = 0xff;
  b[3] = 0xe0;
  return b;
}

/** A PDF: `%PDF-1.7` and noise. */
export function pdf(size = 20_000): Buffer {
  const b = randomBytes(size);
  b.write('%PDF-1.7\n', 0, 'latin1');
  return b;
}

/** A Windows executable (MZ header): not an image, whatever it is named. */
export function exe(size = 30_000): Buffer {
  const b = randomBytes(size);
  b.write('MZ', 0, 'latin1');
  return b;
}

export const megabytes = (n: number): number => Math.round(n * MB);
