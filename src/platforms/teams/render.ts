// Rich text -> Adaptive Card elements. Every string a person typed goes out as a TextRun of a
// RichTextBlock, which Adaptive Cards never read as markdown; the rare TextBlock (markdown-
// processed) only ever gets text escaped for Teams markdown and HTML. So `<b>`, `[x](y)`,
// `**` or `<at>` from a technician arrive as the characters they typed.

import { formatClockTime } from '../../core/deadlines.js';
import type { Actor } from '../../core/request.js';
import type { Inline, Line, RichMessage } from '../../core/rich.js';

export type CardElement = Record<string, unknown>;

/** Markdown specials of Teams TextBlocks, backslash-escaped; HTML specials as entities. */
export function escapeTeamsMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]()~])/g, '\\$1')
    .replace(/^(\s*)([-+#]|\d+\.)(?=\s)/gm, (_m, space: string, marker: string) => `${space}\\${marker}`);
}

/** For plain-text surfaces (the message an invoke response shows): no markup at all. */
export function plainLines(lines: Line[]): string {
  return lines.map((l) => l.map(inlineText).join('')).join('\n');
}

export function mentionText(a: Actor): string {
  return `@${a.name ?? a.id}`;
}

export function clock(at: number): string {
  return `${formatClockTime(at, 'UTC')} UTC`;
}

function inlineText(p: Inline): string {
  if (typeof p === 'string') return p;
  if ('bold' in p) return p.bold;
  if ('code' in p) return p.code;
  if ('mention' in p) return mentionText(p.mention);
  if ('time' in p) return clock(p.time);
  return p.label;
}

function textRun(p: Inline): CardElement | undefined {
  if (typeof p === 'string') return p ? { type: 'TextRun', text: p } : undefined;
  if ('bold' in p) return p.bold ? { type: 'TextRun', text: p.bold, weight: 'Bolder' } : undefined;
  if ('code' in p) return { type: 'TextRun', text: p.code, fontType: 'Monospace' };
  if ('mention' in p) return { type: 'TextRun', text: mentionText(p.mention), weight: 'Bolder' };
  if ('time' in p) return { type: 'TextRun', text: clock(p.time) };
  const run: CardElement = { type: 'TextRun', text: p.label || p.link };
  if (/^https:\/\//i.test(p.link)) run.selectAction = { type: 'Action.OpenUrl', url: p.link };
  return run;
}

/** One paragraph; undefined when it has nothing to show. */
export function lineElement(line: Line, options: { color?: string; separator?: boolean } = {}): CardElement | undefined {
  const inlines = line.map(textRun).filter((r): r is CardElement => !!r);
  if (!inlines.length) return undefined;
  if (options.color) for (const r of inlines) r.color = options.color;
  const block: CardElement = { type: 'RichTextBlock', inlines };
  if (options.separator) block.separator = true;
  return block;
}

export function lineElements(lines: Line[], options: { color?: string } = {}): CardElement[] {
  return lines.map((l) => lineElement(l, options)).filter((e): e is CardElement => !!e);
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

/** The body of a notice: lines, then the code block, then the footer. */
export function messageBody(message: RichMessage): CardElement[] {
  const body = lineElements(message.lines);
  if (message.code) body.push(codeElement(message.code));
  if (message.footer) body.push(...lineElements(message.footer));
  return body;
}
