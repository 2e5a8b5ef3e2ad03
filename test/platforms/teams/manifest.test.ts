// The Teams app package: the manifest validates offline against the official schema of its
// manifestVersion, the icons are what Teams asks for, and the zip carries the bot's app id.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildPackage, localizationFiles, MANIFEST_DIR, PackageError, PLACEHOLDER_ID } from '../../../scripts/package-teams.js';
import { LOCALES } from '../../../src/core/i18n/locale.js';
import { commandIn } from '../../../src/core/reading.js';

const require = createRequire(import.meta.url);
// Both are CommonJS with a default export; under NodeNext the class sits on `.default`.
const Ajv = AjvDraft04.default;
const addFormats = addFormatsModule.default;
/**
 * The manifest fields these tests read. A cast, not a parse: the file is the repository's own, and
 * the tests below check each field they read (and the whole file against the official schema).
 */
interface Manifest {
  $schema: string;
  id: string;
  manifestVersion: string;
  version: string;
  supportsChannelFeatures?: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  localizationInfo?: { defaultLanguageTag: string; additionalLanguages: Array<{ languageTag: string; file: string }> };
  bots: Array<{
    botId: string;
    scopes: string[];
    supportsFiles?: boolean;
    commandLists: Array<{ commands: Array<{ title: string; description: string }> }>;
  }>;
}
const manifest = JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as Manifest;
const APP_ID = '2b6b0e4d-1c2a-4f5e-9a8b-0c1d2e3f4a5b';

/** The highest v1.x schema directory the installed @microsoft/app-manifest has (devPreview aside). */
function newestSchemaVersion(): string {
  const dir = dirname(require.resolve('@microsoft/app-manifest/build/json-schemas/teams/v1.19/MicrosoftTeams.schema.json'));
  const versions = readdirSync(dirname(dir)).flatMap((d) => (/^v1\.\d+$/.test(d) ? [d.slice(1)] : []));
  return versions.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])).at(-1)!;
}

function validator(kind: 'schema' | 'Localization.schema' = 'schema') {
  const schemaPath = `@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.${kind}.json`;
  const schema = require(schemaPath) as Record<string, unknown>;
  // The localization schema's patterns hold a bare `]`, which only a non-unicode RegExp accepts.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Width, height and colour type from a PNG's IHDR, and whether any pixel row is fully opaque. */
function pngInfo(bytes: Uint8Array) {
  const b = Buffer.from(bytes);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), colorType: b[25] };
}

describe('the Teams app manifest', () => {
  it('is on the newest schema @microsoft/app-manifest ships and validates against it', () => {
    expect(manifest.manifestVersion).toBe(newestSchemaVersion());
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    const validate = validator();
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('declares files in the 1:1 chat and the channel features a private or shared support channel needs', () => {
    const bot = manifest.bots[0]!;
    // Teams offers file upload to a bot only in the personal scope, and only with supportsFiles.
    expect(bot.scopes).toContain('personal');
    expect(bot.supportsFiles).toBe(true);
    // Without it Teams does not offer the app in a private or shared channel at all.
    expect(manifest.supportsChannelFeatures).toBe('tier1');
  });

  it('carries the release version of package.json, so an updated package replaces the uploaded one', () => {
    const pkg = JSON.parse(readFileSync(join(MANIFEST_DIR, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
  });

  it('lists the bot commands in personal and team scope', () => {
    const bot = manifest.bots[0]!;
    expect(bot.scopes).toEqual(['personal', 'team']);
    expect(bot.commandLists[0]!.commands.map((c) => c.title)).toEqual(['camreset', 'help', 'status', 'cancel', 'language']);
  });

  it('ships a 192x192 colour icon and a 32x32 outline icon, white on transparent', async () => {
    const color = pngInfo(readFileSync(join(MANIFEST_DIR, 'color.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = readFileSync(join(MANIFEST_DIR, 'outline.png'));
    expect(pngInfo(outline)).toMatchObject({ width: 32, height: 32, colorType: 6 });
    // Decode the outline: every pixel is white (any alpha) or fully transparent.
    const { inflateSync } = await import('node:zlib');
    const idat = outline.subarray(outline.indexOf('IDAT') + 4, outline.indexOf('IEND') - 8);
    const raw = inflateSync(idat);
    let transparent = 0;
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 32; x++) {
        const p = y * (32 * 4 + 1) + 1 + x * 4;
        const [r, g, b, a] = [raw[p], raw[p + 1], raw[p + 2], raw[p + 3]];
        if (a === 0) transparent++;
        else expect([r, g, b]).toEqual([255, 255, 255]);
      }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
  });
});

/** What Teams may show in the client's language: the keys a localization file must give, with English's text. */
function localizable(): Record<string, string> {
  const keys: Record<string, string> = {
    'name.short': manifest.name.short,
    'name.full': manifest.name.full,
    'description.short': manifest.description.short,
    'description.full': manifest.description.full,
  };
  manifest.bots[0]!.commandLists.forEach((list, l) =>
    list.commands.forEach((command, c) => {
      keys[`bots[0].commandLists[${l}].commands[${c}].title`] = command.title;
      keys[`bots[0].commandLists[${l}].commands[${c}].description`] = command.description;
    }),
  );
  return keys;
}

const localization = (file: string) => JSON.parse(readFileSync(join(MANIFEST_DIR, file), 'utf8')) as Record<string, string>;

describe("the Teams app in the client's language", () => {
  it('names a localization file for each of the other five languages, English being the default', () => {
    expect(manifest.localizationInfo?.defaultLanguageTag).toBe('en');
    expect(manifest.localizationInfo?.additionalLanguages).toEqual(
      LOCALES.filter((l) => l !== 'en').map((languageTag) => ({ languageTag, file: `${languageTag}.json` })),
    );
  });

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s: validates against the official localization schema and words everything English shows',
    (locale) => {
      const words = localization(`${locale}.json`);
      const validate = validator('Localization.schema');
      expect(validate(words), JSON.stringify(validate.errors, null, 2)).toBe(true);
      expect(words.$schema).toBe(
        `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`,
      );
      const english = localizable();
      const { $schema: _, ...given } = words;
      // A command added to the English list and not here would show in English to this client.
      expect(Object.keys(given).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        if (key === 'name.short' || key.endsWith('.title')) continue;
        expect(given[key], `${locale} ${key} is still English`).not.toBe(text);
      }
    },
  );

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s: each command Teams offers in that language is one the bot reads as the English one',
    (locale) => {
      const words = localization(`${locale}.json`);
      const english = manifest.bots[0]!.commandLists[0]!.commands;
      english.forEach((command, i) => {
        const title = words[`bots[0].commandLists[0].commands[${i}].title`]!;
        // Picking a command in Teams sends its title as the message.
        expect(commandIn(title), `${locale} "${title}"`).toEqual(commandIn(command.title));
        expect(commandIn(title)).toBeDefined();
      });
    },
  );
});

describe('npm run package:teams', () => {
  it('writes a zip with the manifest (bot id from MicrosoftAppId) and both icons at its root', () => {
    const files = unzipSync(buildPackage(APP_ID));
    expect(Object.keys(files).sort()).toEqual([
      'color.png',
      'de.json',
      'es.json',
      'fr.json',
      'it.json',
      'manifest.json',
      'nl.json',
      'outline.png',
    ]);
    for (const file of localizationFiles(manifest as unknown as Record<string, unknown>))
      expect(new TextDecoder().decode(files[file])).toBe(readFileSync(join(MANIFEST_DIR, file), 'utf8'));
    const packed = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
    expect(packed.id).toBe(APP_ID);
    expect(packed.bots[0]!.botId).toBe(APP_ID);
    expect(JSON.stringify(packed)).not.toContain(PLACEHOLDER_ID);
    const validate = validator();
    expect(validate(packed), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('refuses with a clear message when MicrosoftAppId is unset or not a GUID', () => {
    expect(() => buildPackage(undefined)).toThrow(PackageError);
    expect(() => buildPackage('')).toThrow(/MicrosoftAppId is not set/);
    expect(() => buildPackage('my-bot')).toThrow(/must be a GUID/);
  });

  it('refuses a localization file named outside the package root', () => {
    const template = { localizationInfo: { additionalLanguages: [{ languageTag: 'de', file: '../../etc/passwd' }] } };
    expect(() => localizationFiles(template)).toThrow(/cannot read from the package's root/);
  });
});
