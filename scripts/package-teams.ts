// Builds the Teams app package that "Upload an app" accepts: manifest.json (with the bot id
// from MicrosoftAppId), color.png and outline.png at the root of a zip. `--icons` redraws the
// two icons with a tiny PNG writer (node:zlib only), so no image tool is needed.
//
//   MicrosoftAppId=<guid> npm run package:teams        -> dist/camreset-teams.zip
//   npm run package:teams -- --icons                   -> manifests/teams/{color,outline}.png

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_DIR = join(ROOT, 'manifests', 'teams');
export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PackageError extends Error {}

/** The manifest with the bot's app id in every place Teams needs it. */
export function manifestFor(appId: string | undefined, template: Record<string, unknown>, version?: string): Record<string, unknown> {
  const id = appId?.trim();
  if (!id)
    throw new PackageError(
      "MicrosoftAppId is not set: set it to the bot's Microsoft App ID (a GUID from the Azure Bot resource) and run again.",
    );
  if (!GUID.test(id)) throw new PackageError(`MicrosoftAppId must be a GUID like 2b6b0e4d-1c2a-4f5e-9a8b-0c1d2e3f4a5b (got "${id}").`);
  const text = JSON.stringify(template).split(PLACEHOLDER_ID).join(id.toLowerCase());
  const manifest = JSON.parse(text) as Record<string, unknown>;
  if (version) manifest.version = version;
  return manifest;
}

/**
 * The localization files the manifest names (`localizationInfo.additionalLanguages[].file`): Teams
 * shows the app's name, description and command list in the client's language from them, and
 * reads them from the package's root beside manifest.json.
 */
export function localizationFiles(template: Record<string, unknown>): string[] {
  const info = template.localizationInfo as { additionalLanguages?: Array<{ file?: unknown }> } | undefined;
  return (info?.additionalLanguages ?? []).map(({ file }) => {
    if (typeof file !== 'string' || !/^[a-z]{2}(-[A-Za-z]{2})?\.json$/.test(file))
      throw new PackageError(`localizationInfo names a file Teams cannot read from the package's root: ${JSON.stringify(file)}`);
    return file;
  });
}

/** The zip's bytes: manifest.json, color.png, outline.png and the localization files at the root, as Teams requires. */
export function buildPackage(appId: string | undefined, dir = MANIFEST_DIR): Uint8Array {
  const template = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const manifest = manifestFor(appId, template, version);
  return zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': readFileSync(join(dir, 'color.png')),
    'outline.png': readFileSync(join(dir, 'outline.png')),
    ...Object.fromEntries(localizationFiles(template).map((file) => [file, readFileSync(join(dir, file))])),
  });
}

// --- icons ------------------------------------------------------------------------------

type RGBA = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- `& 0xff` always indexes the 256-entry table
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG from a pixel function. */
export function png(width: number, height: number, pixel: (x: number, y: number) => RGBA): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage (0..1) of a camera glyph in a unit square, sampled 4x4 per pixel for smooth edges. */
function cameraCoverage(u: number, v: number): number {
  const inBody = u >= 0.12 && u <= 0.88 && v >= 0.32 && v <= 0.8;
  const inBump = u >= 0.34 && u <= 0.6 && v >= 0.22 && v <= 0.33;
  const d = Math.hypot(u - 0.5, v - 0.56);
  const inLensHole = d <= 0.17 && d > 0.1;
  const inLensCore = d <= 0.06;
  if (inBody || inBump) return inLensHole ? 0 : 1;
  return inLensCore ? 1 : 0;
}

function glyph(size: number, x: number, y: number, inset: number): number {
  let covered = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      const u = ((x + (i + 0.5) / 4) / size - inset) / (1 - 2 * inset);
      const v = ((y + (j + 0.5) / 4) / size - inset) / (1 - 2 * inset);
      covered += cameraCoverage(u, v);
    }
  return covered / 16;
}

/** 192x192, full colour: a white camera on the accent colour. */
export function colorIcon(): Buffer {
  const accent: RGBA = [0x00, 0x5a, 0x9e, 255];
  return png(192, 192, (x, y) => {
    const a = glyph(192, x, y, 0.16);
    return [
      Math.round(accent[0] + (255 - accent[0]) * a),
      Math.round(accent[1] + (255 - accent[1]) * a),
      Math.round(accent[2] + (255 - accent[2]) * a),
      255,
    ];
  });
}

/** 32x32: white glyph, transparent elsewhere, as Teams requires for the outline icon. */
export function outlineIcon(): Buffer {
  return png(32, 32, (x, y) => [255, 255, 255, Math.round(255 * glyph(32, x, y, 0.02))]);
}

function main(args: string[]): void {
  if (args.includes('--icons')) {
    writeFileSync(join(MANIFEST_DIR, 'color.png'), colorIcon());
    writeFileSync(join(MANIFEST_DIR, 'outline.png'), outlineIcon());
    process.stdout.write(`wrote ${join(MANIFEST_DIR, 'color.png')} and outline.png\n`);
    return;
  }
  const out = join(ROOT, 'dist', 'camreset-teams.zip');
  try {
    const zip = buildPackage(process.env.MicrosoftAppId);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zip);
    process.stdout.write(
      `wrote ${out}: in Teams, Apps > Manage your apps > Upload an app, then add it to the team with the support channel (manifests/teams/README.md)\n`,
    );
  } catch (err) {
    if (err instanceof PackageError) {
      process.stderr.write(`package:teams: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
