// Turns the core's platform-neutral words (rich messages, the support card, refusals) into
// Slack Block Kit: mrkdwn with every plain string escaped so user text can never become markup,
// mentions only for Slack people, times in each reader's zone, and Slack's size limits kept by
// truncating safely instead of letting Slack reject the message.

import type { types } from '@slack/bolt';
import type { CardModel } from '../../core/card.js';
import type { CameraRow } from '../../core/site/copy.js';
import { SITE } from '../../core/i18n/catalog.js';
import { formatUtcClockTime } from '../../core/deadlines.js';
import type { Refusal } from '../../core/refusals.js';
import type { Actor } from '../../core/request.js';
import type { Action, Inline, Paragraph, RichMessage } from '../../core/rich.js';
import type { Locale } from '../../core/i18n/locale.js';
import { SLACK } from './words.js';

export type Block = types.KnownBlock;

/** Slack's documented Block Kit limits: a message or view over any of them is refused whole, so text is cut to fit. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  modalTitle: 24,
  /** The `text` of a message is the notification preview; Slack allows more, nobody reads more. */
  fallbackText: 300,
} as const;

export const ACTION_PREFIX = 'camreset.';

/** Slack mrkdwn escaping: the three characters Slack asks apps to escape. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack sends message and command text with `&`, `<`, `>` escaped and its own markup
 * (`<@U1>`, `<!channel>`, `<https://x|y>`) as angle-bracket tokens. The core works on what the
 * person typed, so the entities are decoded and the tokens kept as plain characters; they are
 * escaped again on the way out and so arrive as inert text.
 */
export function slackTextToPlain(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const SAFE_URL = /^https?:\/\/[^\s<>|]+$/;
/** A mailto: link as core/bosch-email.ts builds it: every reserved character percent-encoded, so no `|`, `<`, `>` or space. */
const SAFE_MAILTO = /^mailto:[^\s<>|]*$/;

export function mention(actor: Actor): string {
  if (actor.platform === 'slack' && SLACK_USER_ID.test(actor.id)) return `<@${actor.id}>`;
  return escapeText(actor.name ?? actor.id);
}

const SLACK_USERGROUP_ID = /^S[A-Z0-9]{2,}$/;

/** `<!subteam^S123>`: notifies every member of a user group; undefined for an id that is not one. */
export function usergroupMention(id: string | undefined): string | undefined {
  return id && SLACK_USERGROUP_ID.test(id) ? `<!subteam^${id}>` : undefined;
}

/** `<!date^EPOCH^{time}|14:02 UTC>`: every client shows its reader's local time. */
export function slackTime(ms: number): string {
  return `<!date^${Math.floor(ms / 1000)}^{time}|${formatUtcClockTime(ms)}>`;
}

function bold(text: string): string {
  // Slack only renders *bold* when the asterisks hug non-space characters.
  // The pattern matches every string; the fallback only satisfies the type.
  const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/s.exec(text.replace(/\*/g, '')) ?? [];
  return core ? `${lead}*${escapeText(core)}*${trail}` : text;
}

export function inline(part: Inline): string {
  if (typeof part === 'string') return escapeText(part);
  if ('bold' in part) return bold(part.bold);
  if ('code' in part) return `\`${escapeText(part.code.replace(/`/g, "'"))}\``;
  if ('mention' in part) return mention(part.mention);
  if ('time' in part) return slackTime(part.time);
  const label = escapeText(part.label);
  if (SAFE_URL.test(part.link)) return `<${part.link}|${label}>`;
  // Slack decodes `&amp;` inside a link; the query's `&` escaped as Slack asks keeps subject and body apart.
  if (SAFE_MAILTO.test(part.link)) return `<${escapeText(part.link)}|${label}>`;
  return `${label} (${escapeText(part.link)})`;
}

/**
 * A link too long for one section (a mailto: carrying a long e-mail) is never cut, which would
 * break it: its label stays as plain words and a line after it says why (the text to copy is in
 * the message). Other lines pass unchanged.
 */
export function fitLinks(lines: Paragraph[], locale?: Locale): Paragraph[] {
  return lines.flatMap((line) => {
    if (mrkdwnLine(line).length <= LIMITS.sectionText) return [line];
    const tooLong = (p: Inline) => typeof p !== 'string' && 'link' in p && inline(p).length > LIMITS.sectionText / 2;
    if (!line.some(tooLong)) return [line];
    const kept = line.map((p) => (typeof p !== 'string' && 'link' in p && tooLong(p) ? p.label : p));
    return [kept, [SLACK.word(locale, 'link.too_long')]];
  });
}

export const mrkdwnLine = (line: Paragraph): string => line.map(inline).join('');

/** Cuts a string to `max` characters without splitting a surrogate pair. */
export function truncatePlain(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Cuts mrkdwn without leaving half an entity (`&am`) or half a token (`<@U12`) behind. */
export function truncateMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  const lt = cut.lastIndexOf('<');
  if (lt > cut.lastIndexOf('>')) cut = cut.slice(0, lt);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const fences = cut.split('```').length - 1;
  if (fences % 2 === 1) cut = `${cut.slice(0, Math.max(0, max - 5))}\`\`\``;
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text, LIMITS.sectionText) } });

/** Lines as few sections as fit: each section stays within Slack's 3000 characters. */
export function sections(lines: Paragraph[]): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const line of lines) {
    const text = mrkdwnLine(line);
    if (!text.trim()) continue;
    if (current && current.length + 1 + text.length > LIMITS.sectionText) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${text}` : text;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

export function codeBlock(code: string): Block {
  return section(`\`\`\`${escapeText(code.replace(/`/g, "'"))}\`\`\``);
}

/**
 * A code block of any length as as many sections as it takes, cut at line breaks (the e-mail to
 * Bosch for a site of 50 is about 9,000 characters): never a line cut, never a character lost.
 */
export function codeBlocks(code: string): Block[] {
  const room = LIMITS.sectionText - 6;
  const lines = escapeText(code.replace(/`/g, "'")).split('\n');
  const chunks: string[] = [];
  let current: string | undefined;
  for (let line of lines) {
    // A line longer than a section (no real text has one) goes in pieces of its own.
    while (line.length > room) {
      if (current !== undefined) chunks.push(current);
      current = undefined;
      chunks.push(line.slice(0, room));
      line = line.slice(room);
    }
    if (current !== undefined && current.length + 1 + line.length > room) {
      chunks.push(current);
      current = undefined;
    }
    current = current === undefined ? line : `${current}\n${line}`;
  }
  if (current !== undefined) chunks.push(current);
  return chunks.map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${chunk}\`\`\`` } }));
}

export function buttons(actions: readonly Action[], requestId: string): Block {
  return {
    type: 'actions',
    block_id: `${ACTION_PREFIX}actions`,
    elements: actions.map((a) => {
      const button: types.Button = {
        type: 'button',
        action_id: `${ACTION_PREFIX}${a.id}`,
        text: { type: 'plain_text', text: truncatePlain(a.label, LIMITS.buttonText) },
        value: buttonValue(requestId, a.arg),
      };
      if (a.style) button.style = a.style;
      return button;
    }),
  };
}

/** Slack's limit on a button's value. */
const BUTTON_VALUE_MAX = 2000;

/** A button's value: the request id, then `|` and what the button hands back (a PUK to confirm, a code). */
export function buttonValue(requestId: string, arg?: string): string {
  if (arg === undefined) return requestId;
  const value = `${requestId}|${arg}`;
  if (value.length <= BUTTON_VALUE_MAX) return value;
  // A list ("3=PUK;7=PUK", a site's confirmed PUKs) loses whole entries, never half a PUK.
  const cut = value.slice(0, BUTTON_VALUE_MAX + 1);
  const lastPart = cut.lastIndexOf(';');
  return lastPart > requestId.length ? cut.slice(0, lastPart) : value.slice(0, BUTTON_VALUE_MAX);
}

/** Keeps a message within Slack's block count, saying so (in the reader's language) when something had to go. */
export function capBlocks(blocks: Block[], max: number = LIMITS.messageBlocks, locale?: Locale): Block[] {
  if (blocks.length <= max) return blocks;
  const actions = blocks.filter((b) => b.type === 'actions').slice(-1);
  const room = max - 1 - actions.length;
  return [
    ...blocks.filter((b) => b.type !== 'actions').slice(0, room),
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeText(SLACK.word(locale, 'message.shortened')) }] },
    ...actions,
  ];
}

export interface SlackMessage {
  /** Notification preview and fallback: the first line only, so a code never shows on a lock screen. */
  text: string;
  blocks: Block[];
}

/** `locale`: the reader's, for the few words Slack adds itself (the core words the message). */
export function renderMessage(message: RichMessage, requestId: string, locale?: Locale): SlackMessage {
  const blocks = sections(fitLinks(message.lines, locale));
  if (message.code) blocks.push(...codeBlocks(message.code));
  // Its own sections, after the code: a link there (the mailto: to Bosch) shares them with nothing.
  if (message.footer) blocks.push(...sections(fitLinks(message.footer, locale)));
  if (message.actions?.length) blocks.push(buttons(message.actions, requestId));
  const first = message.lines.find((l) => l.length) ?? [];
  return {
    text: truncateMrkdwn(mrkdwnLine(first), LIMITS.fallbackText) || 'camreset',
    blocks: capBlocks(blocks, LIMITS.messageBlocks, locale),
  };
}

export function renderCard(card: CardModel, requestId: string, locale?: Locale): SlackMessage {
  return renderCardWithList(card, requestId, locale).card;
}

/** One camera of a site as a line of its card: details, state with time left, and its live code to copy. */
export function cameraRowLine(row: CameraRow): Paragraph {
  return [...row.details, ' — ', ...row.state, ...(row.code ? [' ', { code: row.code }] : [])];
}

/**
 * The card, and for a site whose rows cannot all be on it (Slack's 50 blocks, 3000 characters
 * a section), the full list of its cameras for the card's thread, in as many messages as it
 * takes. Rows share sections, so 100 cameras with every field at the longest the intake takes
 * fit on the card itself; `list` is only a safety net for rows longer than that.
 */
export function renderCardWithList(card: CardModel, requestId: string, locale?: Locale): { card: SlackMessage; list?: SlackMessage[] } {
  const head: Block[] = [{ type: 'header', text: { type: 'plain_text', text: truncatePlain(card.title, LIMITS.headerText) } }];
  head.push(...sections([card.requester, ...card.status]));
  const tail: Block[] = [];
  tail.push(...sections(card.device));
  if (card.code) tail.push(codeBlock(card.code));
  if (card.deadline) tail.push(...sections([card.deadline]));
  if (card.extra.length) tail.push(...sections(card.extra));
  if (card.actions.length) tail.push(buttons(card.actions, requestId));
  const text = truncateMrkdwn(escapeText(card.title), LIMITS.fallbackText);
  const site = card.site;
  if (!site) return { card: { text, blocks: capBlocks([...head, ...tail], LIMITS.messageBlocks, locale) } };

  const top = sections([site.summary, ...(site.charges ? [site.charges] : [])]);
  const lines = site.rows.map(cameraRowLine);
  const all = sections(lines);
  const room = LIMITS.messageBlocks - head.length - top.length - tail.length;
  if (all.length <= room) return { card: { text, blocks: [...head, ...top, ...all, ...tail] } };
  // Too many rows for one message: those that fit (soonest to expire first), a line saying
  // where the rest are, and every row in the thread.
  let shown = lines.length;
  while (shown > 0 && sections(lines.slice(0, shown)).length > room - 1) shown--;
  const more: Block = {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: mrkdwnLine(SITE.say(locale ?? 'en', 'site.card.more', { count: lines.length - shown })) }],
  };
  // The list in as many messages as its sections need (each within Slack's 50 blocks).
  const listed = sections([SITE.say(locale ?? 'en', 'site.card.list_heading', { id: requestId }), ...lines]);
  const list: SlackMessage[] = [];
  for (let i = 0; i < listed.length; i += LIMITS.messageBlocks) {
    const blocks = listed.slice(i, i + LIMITS.messageBlocks);
    list.push({ text: i === 0 ? text : `${text} (${i / LIMITS.messageBlocks + 1})`, blocks });
  }
  return {
    card: { text, blocks: capBlocks([...head, ...top, ...sections(lines.slice(0, shown)), more, ...tail], LIMITS.messageBlocks, locale) },
    list,
  };
}

export function renderRefusal(refusal: Pick<Refusal, 'lines' | 'actions' | 'requestId'>, locale?: Locale): SlackMessage {
  const shown = sections(refusal.lines);
  // What the person can do instead (Take over), as buttons on the private answer itself.
  if (refusal.actions?.length && refusal.requestId) shown.push(buttons(refusal.actions, refusal.requestId));
  const blocks = capBlocks(shown, LIMITS.messageBlocks, locale);
  const fallback = escapeText(SLACK.word(locale, 'refusal.fallback'));
  return { text: truncateMrkdwn(refusal.lines.map(mrkdwnLine).join(' '), LIMITS.fallbackText) || fallback, blocks };
}
