// Bytes of files a technician might share, each what its name says (or deliberately not), for
// the stories about files copied to support.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

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

/** A real JPEG photo of `width`×`height` noisy pixels (noise keeps it large, as a phone photo is). */
export function photo(width: number, height: number, quality = 90): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .jpeg({ quality })
    .toBuffer();
}

/** A real PNG of one colour: small, within what Teams shows as is. */
export function smallPng(width = 200, height = 120): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .png()
    .toBuffer();
}

/** A host files must never be fetched from: it counts the requests it gets (a test expects none). */
export interface ForeignHost {
  port: number;
  hits(): number;
  close(): Promise<void>;
}

export async function foreignHost(): Promise<ForeignHost> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    hits: () => hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
