// A site's cameras on the support card: a row each (details, state with time left, the live
// code to copy), soonest to expire first. Teams refuses a card over ~28 KB, so the card shows
// the rows that fit beside everything else it carries, and names how many more there are; the
// full list then goes once into the card's thread as a message of its own (site list), redrawn
// with the card. A row is rendered the same way in both, only tighter in the list.

import type { CardModel } from '../../core/card.js';
import { SITE } from '../../core/i18n/catalog.js';
import type { Locale } from '../../core/i18n/locale.js';
import type { CameraRow } from '../../core/site/copy.js';
import { type CardElement, CardText, heading } from './render.js';

/**
 * What a card may weigh, in bytes of its JSON, buttons and refresh included: Teams' limit is
 * about 28 KB for the whole message, and the last 2 KB are left for the activity around it.
 */
export const CARD_BUDGET_BYTES = 26 * 1024;

const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));

/** The live challenge code of a row, monospace, on a line of its own so it selects whole. */
function rowCode(code: string): CardElement {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: code, fontType: 'Monospace', weight: 'Bolder' }] };
}

/**
 * One camera on the card: details, then its state (with its deadline), then its code, as
 * elements of the body (no container: a site of 50 must fit in one card, so every byte counts).
 */
export function cameraRow(row: CameraRow, words: CardText): CardElement[] {
  const items = [words.line(row.details, { separator: true }), words.line(row.state), row.code ? rowCode(row.code) : undefined];
  return items.filter((e): e is CardElement => !!e).map(mergedRuns);
}

/** Neighbouring TextRuns that look the same as one run: the same words, fewer bytes. */
function mergedRuns(element: CardElement): CardElement {
  if (element.type !== 'RichTextBlock' || !Array.isArray(element.inlines)) return element;
  const runs: CardElement[] = [];
  for (const run of element.inlines as CardElement[]) {
    const last = runs.at(-1);
    const { text: _a, ...lastStyle } = last ?? {};
    const { text: _b, ...style } = run;
    if (last && typeof last.text === 'string' && typeof run.text === 'string' && JSON.stringify(lastStyle) === JSON.stringify(style))
      runs[runs.length - 1] = { ...last, text: last.text + run.text };
    else runs.push(run);
  }
  return { ...element, inlines: runs };
}

/** A site on the card: summary, charges, then the rows that fit in `room` bytes, then "N more"; and how many rows it shows. */
export function siteElements(
  site: NonNullable<CardModel['site']>,
  words: CardText,
  locale: Locale,
  room: number,
): { elements: CardElement[]; shown: number } {
  const out: CardElement[] = [];
  const summary = words.line(site.summary, { separator: true });
  if (summary) out.push(summary);
  const charges = site.charges && words.line(site.charges, { color: 'Warning' });
  if (charges) out.push(charges);
  const scratch = words.fork();
  const rows = site.rows.map((r) => cameraRow(r, scratch));
  const more = (count: number) => words.line(SITE.say(locale, 'site.card.more', { count }), { color: 'Accent' });
  // Room for the "more" line too, unless every row fits.
  const reserve = bytes(scratch.line(SITE.say(locale, 'site.card.more', { count: site.rows.length }))) + 24;
  let used = bytes(out);
  let shown = 0;
  for (const row of rows) {
    const size = bytes(row) + 1;
    const last = shown === rows.length - 1;
    if (used + size + (last ? 0 : reserve) > room) break;
    used += size;
    shown++;
  }
  out.push(...site.rows.slice(0, shown).flatMap((r) => cameraRow(r, words)));
  if (shown < rows.length) {
    const line = more(rows.length - shown);
    if (line) out.push(line);
  }
  return { elements: out, shown };
}

/**
 * The full list of a site's cameras, posted in the card's thread when the card cannot show
 * every row: one line per camera (details, state, code), as tight as a line can be.
 */
export function siteListBody(site: NonNullable<CardModel['site']>, id: string, words: CardText, locale: Locale): CardElement[] {
  const body: CardElement[] = [heading(SITE.word(locale, 'site.card.list_heading', { id }))];
  for (const row of site.rows) {
    const line = words.line([...row.details, ' · ', ...row.state, ...(row.code ? [' · ', { code: row.code }] : [])], { separator: true });
    if (line) body.push(mergedRuns(line));
  }
  return body;
}
