// Platform-neutral rich text: what the bot says, with the few kinds of emphasis both Slack
// and Teams can show. Platforms turn it into mrkdwn or Teams markdown and escape every
// plain string on the way, so user text can never become markup.

import { formatUtcClockTime } from './deadlines.js';
import type { Actor } from './terms.js';

export type Inline =
  | string
  | { bold: string }
  | { code: string }
  | { mention: Actor }
  /** A moment shown in the reader's own time zone where the platform can (Slack's <!date>). */
  | { time: number }
  | { link: string; label: string };

/** One paragraph, shown on a line of its own (a line of a Slack section, one Teams text block). */
export type Paragraph = Inline[];

/** The buttons of a question the bot asked one person (reading.ts, copy.ts): answered through Desk.answer. */
export const ANSWERS = [
  'puk_confirm',
  'puk_decline',
  'code_confirm',
  'code_keep',
  'continue_request',
  'start_new',
  'puks_confirm',
] as const;

/** Every button id a card can carry; each platform renders them and reads them back. */
export const ACTION_IDS = [
  'submit',
  'edit',
  'cancel',
  'use_form',
  'done',
  'failed',
  'claim',
  'release',
  'take_over',
  'send_puk',
  'ask',
  'reject',
  'record_ticket',
  'bosch_email',
  'request_document',
  // A site (several cameras): the technician adds one more.
  'another_camera',
  ...ANSWERS,
] as const;

export type ActionId = (typeof ACTION_IDS)[number];

export interface Action {
  id: ActionId;
  label: string;
  style?: 'primary' | 'danger';
  /** What the button hands back besides the request id (a PUK to confirm, a new code). */
  arg?: string;
}

export interface RichMessage {
  lines: Paragraph[];
  /** Shown as a copyable block (the challenge code, the PUK). */
  code?: string;
  /** Lines shown after the code block. */
  footer?: Paragraph[];
  actions?: Action[];
}

/** Plain text of rich content, for logs-free fallbacks (notification previews, tests). */
export function plainText(message: RichMessage, mention: (a: Actor) => string = (a) => `@${a.name ?? a.id}`): string {
  const inline = (p: Inline): string => {
    if (typeof p === 'string') return p;
    if ('bold' in p) return p.bold;
    if ('code' in p) return p.code;
    if ('mention' in p) return mention(p.mention);
    if ('time' in p) return formatUtcClockTime(p.time);
    return `${p.label} (${p.link})`;
  };
  const text = (lines: Paragraph[]) => lines.map((l) => l.map(inline).join('')).join('\n');
  return [text(message.lines), message.code, message.footer && text(message.footer)].filter(Boolean).join('\n');
}
