// Rich text -> Adaptive Card elements. Every string a person typed goes out as a TextRun of a
// RichTextBlock, which Adaptive Cards never read as markdown. A line becomes a TextBlock only
// when it needs what just TextBlocks can do in Teams — a time each client shows on its own
// clock ({{TIME()}}) or an @mention that notifies — and the copy only puts the bot's own words
// next to those; even so, every string in a TextBlock is escaped for Teams markdown and HTML.
// So `<b>`, `[x](y)`, `**`, `<at>` or `{{DATE(…)}}` from anyone arrive as the characters typed.

import { formatClockTime, formatUtcClockTime } from '../../core/deadlines.js';
import type { Locale } from '../../core/i18n/locale.js';
import type { Actor } from '../../core/request.js';
import type { Inline, Paragraph, RichMessage } from '../../core/rich.js';
import { TEAMS_WORDS } from './words.js';

export type CardElement = Record<string, unknown>;

/** A Teams mention as a card's `msteams.entities` lists it; `text` appears verbatim in a TextBlock. */
export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

export interface RenderOptions {
  /**
   * How times read. An IANA zone: as text on that zone's clock ("15:02"; "UTC" is labelled,
   * "14:02 UTC"), for a message one person reads. Unset: {{TIME()}} in a TextBlock, which each
   * Teams client shows in its own local time, for cards that people in many zones read.
   */
  timeZone?: string;
  /** Who gets a real @mention (a notification); everyone else is shown as @name. */
  notify?: (person: Actor) => boolean;
  /** The reader's language, for the few words the renderer adds itself (a nameless person's name). */
  locale?: Locale;
}

/**
 * Adaptive Cards' DATE()/TIME() templates, made inert in text that is not the bot's own: the
 * zero-width space between the braces stops every renderer's pattern from matching.
 */
function inertTemplates(text: string): string {
  return text.replace(/\{(?=\{\s*(?:DATE|TIME)\s*\()/gi, '{\u200b');
}

/** Markdown specials of Teams TextBlocks, backslash-escaped; HTML specials as entities. */
export function escapeTeamsMarkdown(text: string): string {
  return escapeLineStarts(escapeInline(text));
}

function escapeInline(text: string): string {
  return inertTemplates(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]()~])/g, '\\$1');
}

/** List and heading markers at the start of a line: "- x", "+ x", "# x", "1. x". */
function escapeLineStarts(text: string): string {
  return text.replace(/^(\s*)(?:([-+#])|(\d+)\.)(?=\s)/gm, (_m, space: string, sign?: string, digits?: string) =>
    sign ? `${space}\\${sign}` : `${space}${digits}\\.`,
  );
}

/**
 * For plain-text surfaces (the message an invoke response shows, a dialog's error): no markup at
 * all, and no {{TIME()}} either, so a time is written on the clock of `timeZone` — the reader's,
 * which every caller must name (a default would quietly show UTC to someone in Berlin).
 */
export function plainLines(lines: Paragraph[], timeZone: string): string {
  return lines.map((l) => l.map((p) => inlineText(p, timeZone)).join('')).join('\n');
}

export function mentionText(a: Actor): string {
  return `@${a.name ?? a.id}`;
}

/**
 * The name inside `<at>…</at>`: Teams shows it as the mention, so it is cut down to letters,
 * digits, spaces and the punctuation names use. Tags go first, so "<at>Boss</at>" leaves "Boss"
 * rather than "atBossat"; what is left can neither close the mention nor start markup.
 */
export function mentionName(a: Actor, locale: Locale = 'en'): string {
  const name = (a.name ?? '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[^\p{L}\p{M}\p{N}\p{Zs}.,'’@-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 64)
    .trim();
  return name || TEAMS_WORDS.word(locale, 'render.unnamed_user');
}

/** '15:02' in `timeZone`, or '14:02 UTC' when the zone is UTC (the fallback when it is unknown). */
export function clock(at: number, timeZone: string): string {
  return timeZone === 'UTC' ? formatUtcClockTime(at) : formatClockTime(at, timeZone);
}

/** `{{TIME(2026-11-26T14:02:00Z)}}`: RFC 3339 in UTC without fractions, the form every renderer parses. */
export function clientTime(at: number): string {
  if (!Number.isFinite(at)) return '--:--';
  return `{{TIME(${new Date(at).toISOString().replace(/\.\d+Z$/, 'Z')})}}`;
}

const TIME_TEMPLATE = /\{\{TIME\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\)\}\}/g;

/**
 * A card for one reader whose zone is known (or 'UTC'): the bot's own {{TIME()}} placeholders
 * in TextBlocks become that clock's text. Placeholders only ever come from `clientTime` — user
 * text cannot carry one (see `inertTemplates`) — so nothing typed is rewritten.
 */
export function localizeTimes<T>(card: T, timeZone: string): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    if (out.type === 'TextBlock' && typeof out.text === 'string') {
      out.text = out.text.replace(TIME_TEMPLATE, (_m, iso: string) => clock(Date.parse(iso), timeZone));
    }
    return out;
  };
  return walk(card) as T;
}

function inlineText(p: Inline, timeZone: string): string {
  if (typeof p === 'string') return p;
  if ('bold' in p) return p.bold;
  if ('code' in p) return p.code;
  if ('mention' in p) return mentionText(p.mention);
  if ('time' in p) return clock(p.time, timeZone);
  return p.label;
}

/**
 * Renders the lines of one card and collects the mentions it makes, which the card must list
 * in `msteams.entities` for Teams to turn `<at>Name</at>` into a mention.
 */
export class CardText {
  readonly mentions: MentionEntity[] = [];

  constructor(private readonly options: RenderOptions = {}) {}

  /** The same rendering with its own mentions: to weigh elements that may not be used. */
  fork(): CardText {
    return new CardText(this.options);
  }

  /** One paragraph; undefined when it has nothing to show. */
  line(line: Paragraph, options: { color?: string; separator?: boolean } = {}): CardElement | undefined {
    const block = this.needsTextBlock(line) ? this.textBlock(line) : this.richText(line);
    if (!block) return undefined;
    if (options.color) {
      if (block.type === 'TextBlock') block.color = options.color;
      else for (const r of block.inlines as CardElement[]) r.color = options.color;
    }
    if (options.separator) block.separator = true;
    return block;
  }

  lines(lines: Paragraph[], options: { color?: string } = {}): CardElement[] {
    return lines.map((l) => this.line(l, options)).filter((e): e is CardElement => !!e);
  }

  /** The body of a notice: lines, then the code block, then the footer. */
  body(message: RichMessage): CardElement[] {
    const body = this.lines(message.lines);
    if (message.code) body.push(codeElement(message.code));
    if (message.footer) body.push(...this.lines(message.footer));
    return body;
  }

  private notifies(a: Actor): boolean {
    return a.platform === 'teams' && !!a.id && !!this.options.notify?.(a);
  }

  private needsTextBlock(line: Paragraph): boolean {
    return line.some(
      (p) =>
        typeof p === 'object' && (('time' in p && this.options.timeZone === undefined) || ('mention' in p && this.notifies(p.mention))),
    );
  }

  private time(at: number): string {
    return this.options.timeZone === undefined ? clientTime(at) : clock(at, this.options.timeZone);
  }

  private richText(line: Paragraph): CardElement | undefined {
    const inlines = line.map((p) => this.textRun(p)).filter((r): r is CardElement => !!r);
    return inlines.length ? { type: 'RichTextBlock', inlines } : undefined;
  }

  private textRun(p: Inline): CardElement | undefined {
    if (typeof p === 'string') return p ? { type: 'TextRun', text: inertTemplates(p) } : undefined;
    if ('bold' in p) return p.bold ? { type: 'TextRun', text: inertTemplates(p.bold), weight: 'Bolder' } : undefined;
    if ('code' in p) return { type: 'TextRun', text: inertTemplates(p.code), fontType: 'Monospace' };
    if ('mention' in p) return { type: 'TextRun', text: inertTemplates(mentionText(p.mention)), weight: 'Bolder' };
    if ('time' in p) return { type: 'TextRun', text: this.time(p.time) };
    const run: CardElement = { type: 'TextRun', text: inertTemplates(p.label || p.link) };
    if (/^https:\/\//i.test(p.link)) run.selectAction = { type: 'Action.OpenUrl', url: p.link };
    return run;
  }

  /**
   * Markdown text with no markdown of ours: escaped strings, times, mentions. Emphasis is not
   * written as `**` (nothing could then tell the bot's markup from typed markup that slipped
   * through), so a line that opens in bold — a warning's headline — is bold throughout.
   */
  private textBlock(line: Paragraph): CardElement | undefined {
    const text = escapeLineStarts(
      line
        .map((p) => {
          if (typeof p === 'string') return escapeInline(p);
          if ('bold' in p) return escapeInline(p.bold);
          if ('code' in p) return escapeInline(p.code);
          if ('mention' in p) return this.notifies(p.mention) ? this.mention(p.mention) : escapeInline(mentionText(p.mention));
          if ('time' in p) return this.time(p.time);
          return escapeInline(p.label || p.link);
        })
        .join(''),
    );
    if (!text.trim()) return undefined;
    const first = line[0];
    const block: CardElement = { type: 'TextBlock', text, wrap: true };
    if (typeof first === 'object' && 'bold' in first) block.weight = 'Bolder';
    return block;
  }

  private mention(a: Actor): string {
    const name = mentionName(a, this.options.locale);
    const text = `<at>${name}</at>`;
    const known = this.mentions.find((m) => m.text === text);
    // Two people shown under one name cannot both be mentioned: Teams matches by the text.
    if (known && known.mentioned.id !== a.id) return escapeInline(`@${name}`);
    if (!known) this.mentions.push({ type: 'mention', text, mentioned: { id: a.id, name } });
    return text;
  }
}

/** A copyable block: the challenge code or the PUK, in a monospace run on its own. */
export function codeElement(code: string): CardElement {
  return {
    type: 'Container',
    style: 'emphasis',
    items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: code, fontType: 'Monospace', size: 'Large', weight: 'Bolder' }] }],
  };
}

/** A heading; its text is escaped because TextBlocks are markdown. */
export function heading(text: string): CardElement {
  return { type: 'TextBlock', text: escapeTeamsMarkdown(text), weight: 'Bolder', size: 'Medium', wrap: true };
}
