// What a reader of another language must never read: one language's catalog sentences (the
// core's and the platform's own, Teams' unless told), cut at their placeholders and marks into the pieces that reach a
// message as they are. A piece of three words or more is a sentence of ours, not a name, a code
// or one of Bosch's own labels ("Response Code", "Send"), which stay English in every language.

import { readdirSync, readFileSync } from 'node:fs';
import type { Locale } from '../../../src/core/i18n/locale.js';

const SRC = new URL('../../../src/', import.meta.url);

type Platform = 'teams' | 'slack';

function catalogs(locale: Locale, platform: Platform): Array<Record<string, string>> {
  const core = new URL(`core/i18n/catalogs/${locale}/`, SRC);
  const files = readdirSync(core)
    .filter((f) => f.endsWith('.json'))
    .map((f) => new URL(f, core));
  files.push(new URL(`platforms/${platform}/catalogs/${locale}.json`, SRC));
  return files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, string>);
}

/** Each literal piece of a message: between placeholders, plural and select arms, and marks. */
function pieces(message: string): string[] {
  return message
    .replace(/''/g, "'")
    .split(/<\/?[a-z]+>|[{}#]/)
    .map((p) => p.trim())
    .filter((p) => p.split(/\s+/).length >= 3 && !/^\w+, (?:plural|select|number)/.test(p));
}

const PIECES = new Map<string, readonly string[]>();

/** The sentences of `locale`'s catalogs (the core's and `platform`'s) found in `text`. */
export function sentencesIn(locale: Locale, text: string, platform: Platform = 'teams'): string[] {
  let all = PIECES.get(`${platform}:${locale}`);
  if (!all) {
    all = [...new Set(catalogs(locale, platform).flatMap((c) => Object.values(c).flatMap(pieces)))];
    PIECES.set(`${platform}:${locale}`, all);
  }
  return all.filter((p) => text.includes(p));
}

/** The English sentences found in `text` (none, for a reader of another language). */
export const englishIn = (text: string): string[] => sentencesIn('en', text);

type Json = Record<string, unknown>;
const READ = new Set(['text', 'title', 'label', 'placeholder', 'errorMessage', 'fallbackText']);

/**
 * Every word a person reads in an activity, a card, a dialog or an invoke's answer: texts,
 * button titles, labels and placeholders (not the data buttons carry back).
 */
export function readerWords(node: unknown): string {
  const found: string[] = [];
  const walk = (n: unknown, key?: string): void => {
    if (typeof n === 'string') {
      if (key === undefined || READ.has(key)) found.push(n);
      return;
    }
    if (Array.isArray(n)) return n.forEach((x) => walk(x, key === 'inlines' ? 'text' : undefined));
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n as Json)) {
      if (k === 'data') continue;
      // An invoke's plain answer is the message itself.
      if (k === 'value' && typeof v === 'string' && (n as Json).type === 'application/vnd.microsoft.activity.message') found.push(v);
      else if (k === 'value' && typeof v === 'string' && (n as Json).type === 'message') found.push(v);
      else walk(v, typeof v === 'string' ? k : undefined);
    }
  };
  walk(node);
  return found.join('\n');
}
