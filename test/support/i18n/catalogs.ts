// Every message catalog in the tree, found on disk rather than listed, so the checks judge
// whatever namespaces and platforms exist when they run: `src/**/catalogs/` holds either one
// folder per language of namespace files (the core: `<locale>/<namespace>.json`, one catalog
// per namespace) or one file per language (a platform: `<locale>.json`, one catalog).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from '../../../src/core/i18n/locale.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = join(ROOT, 'src');

export interface Catalog {
  /** How failures name it: `core/notices`, `slack`, `teams`. */
  readonly name: string;
  /** Where each language's file is (relative to the repository), present or not. */
  readonly files: Readonly<Record<Locale, string>>;
  /** Each language's messages; undefined when its file is missing. Values are whatever the JSON holds. */
  readonly messages: Readonly<Record<Locale, Readonly<Record<string, unknown>> | undefined>>;
  /** Problems reading the files (missing, not JSON, not a flat object). */
  readonly errors: readonly string[];
}

function catalogDirs(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    if (entry === 'catalogs') out.push(path);
    else catalogDirs(path, out);
  }
  return out;
}

function readCatalog(name: string, pathOf: (l: Locale) => string): Catalog {
  const files = {} as Record<Locale, string>;
  const messages = {} as Record<Locale, Record<string, unknown> | undefined>;
  const errors: string[] = [];
  for (const l of LOCALES) {
    const path = pathOf(l);
    files[l] = relative(ROOT, path);
    messages[l] = undefined;
    if (!existsSync(path)) {
      errors.push(`catalog ${name}, locale ${l}: file ${files[l]} is missing`);
      continue;
    }
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        errors.push(`catalog ${name}, locale ${l}: ${files[l]} is not a JSON object`);
        continue;
      }
      messages[l] = parsed as Record<string, unknown>;
    } catch (e) {
      errors.push(`catalog ${name}, locale ${l}: ${files[l]} is not JSON (${(e as Error).message})`);
    }
  }
  return { name, files, messages, errors };
}

/** All catalogs under src/, sorted by name. */
export function loadCatalogs(): Catalog[] {
  const out: Catalog[] = [];
  for (const dir of catalogDirs(SRC)) {
    const owner = relative(SRC, join(dir, '..')).split('/');
    // src/core/i18n/catalogs -> core, src/platforms/slack/catalogs -> slack
    const base = owner[0] === 'platforms' ? (owner[1] ?? 'platforms') : (owner[0] ?? 'src');
    const enDir = join(dir, 'en');
    if (existsSync(enDir) && statSync(enDir).isDirectory()) {
      const namespaces = new Set<string>();
      for (const l of LOCALES) {
        const ld = join(dir, l);
        if (existsSync(ld)) for (const f of readdirSync(ld)) if (f.endsWith('.json')) namespaces.add(f.slice(0, -5));
      }
      for (const ns of [...namespaces].sort()) out.push(readCatalog(`${base}/${ns}`, (l) => join(dir, l, `${ns}.json`)));
    } else {
      out.push(readCatalog(base, (l) => join(dir, `${l}.json`)));
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
