// Slack's documented Block Kit limits, checked on what the real renderers produce. A renderer
// cuts text that would not fit (Slack refuses a message whole otherwise), so a check sees the
// cut too: a label ending in "…" at exactly its limit was cut, which a reader notices as much
// as a refusal ("PUK sen…"). Sections are not held to that: a 3000-character note is cut by design.

import type { Locale } from '../../../src/core/i18n/locale.js';

export const SLACK = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  contextText: 3000,
  headerText: 150,
  buttonText: 75,
  optionText: 75,
  modalTitle: 24,
  inputLabel: 2000,
  /** Slack truncates a message's top-level `text` beyond 40,000 characters. */
  messageText: 40_000,
} as const;

/** Calls `f` with its own arguments and then the reader's locale, so the check keeps working as
 * wording functions gain their trailing `locale` parameter (extra arguments are ignored before). */
export function inLocale<A extends unknown[], R>(locale: Locale, f: (...args: A) => R, ...args: A): R {
  return (f as (...args: unknown[]) => R)(...args, locale);
}

const cut = (text: string, max: number): boolean => text.length >= max - 1 && text.endsWith('…');

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string | undefined => (isObject(v) && typeof v.text === 'string' ? v.text : undefined);

/** Every limit a Slack surface (message blocks or a view) can break, as readable problems. */
export function slackBlockProblems(where: string, blocks: unknown[], maxBlocks: number): string[] {
  const problems: string[] = [];
  const over = (what: string, text: string, max: number): void => {
    if (text.length > max)
      problems.push(`${where}: ${what} is ${text.length} characters, over ${max}: ${JSON.stringify(text.slice(0, 80))}…`);
  };
  const wasCut = (what: string, text: string, max: number): void => {
    if (cut(text, max)) problems.push(`${where}: ${what} was cut to fit ${max} characters: ${JSON.stringify(text)}`);
  };
  if (blocks.length > maxBlocks) problems.push(`${where}: ${blocks.length} blocks, over ${maxBlocks}`);
  const visit = (node: unknown, parent: string | undefined): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, parent);
      return;
    }
    if (!isObject(node)) return;
    const type = typeof node.type === 'string' ? node.type : undefined;
    const text = textOf(node.text);
    if (type === 'section' && text !== undefined) over('section text', text, SLACK.sectionText);
    if (type === 'header' && text !== undefined) {
      over('header', text, SLACK.headerText);
      wasCut('header', text, SLACK.headerText);
    }
    if (type === 'button' && text !== undefined) {
      over('button text', text, SLACK.buttonText);
      wasCut('button text', text, SLACK.buttonText);
    }
    if (parent === 'context' && typeof node.text === 'string') over('context text', node.text, SLACK.contextText);
    if (type === 'input') {
      const label = textOf(node.label);
      const hint = textOf(node.hint);
      if (label !== undefined) over('input label', label, SLACK.inputLabel);
      if (hint !== undefined) over('input hint', hint, SLACK.inputLabel);
    }
    if (Array.isArray(node.options))
      for (const o of node.options) {
        const t = isObject(o) ? textOf(o.text) : undefined;
        if (t !== undefined) {
          over('option text', t, SLACK.optionText);
          wasCut('option text', t, SLACK.optionText);
        }
      }
    for (const [k, v] of Object.entries(node)) if (k !== 'text') visit(v, type);
  };
  visit(blocks, undefined);
  return problems;
}

/** A modal's title, submit and close: 24 characters, not cut. */
export function slackModalProblems(
  where: string,
  view: { title?: unknown; submit?: unknown; close?: unknown; blocks?: unknown },
): string[] {
  const problems: string[] = [];
  for (const key of ['title', 'submit', 'close'] as const) {
    const t = textOf(view[key]);
    if (t === undefined) continue;
    if (t.length > SLACK.modalTitle)
      problems.push(`${where}: modal ${key} is ${t.length} characters, over ${SLACK.modalTitle}: ${JSON.stringify(t)}`);
    if (cut(t, SLACK.modalTitle))
      problems.push(`${where}: modal ${key} was cut to fit ${SLACK.modalTitle} characters: ${JSON.stringify(t)}`);
  }
  const blocks = Array.isArray(view.blocks) ? (view.blocks as unknown[]) : [];
  return [...problems, ...slackBlockProblems(where, blocks, SLACK.viewBlocks)];
}

/** Every string under a key named like a modal title, submit or cancel label, anywhere in `forms`. */
export function titleWords(forms: unknown, path = 'forms'): Array<{ path: string; text: string }> {
  if (!isObject(forms)) return [];
  const out: Array<{ path: string; text: string }> = [];
  for (const [k, v] of Object.entries(forms)) {
    const p = `${path}.${k}`;
    if (typeof v === 'string' && /^(title|submit|cancel|close)$/.test(k)) out.push({ path: p, text: v });
    else out.push(...titleWords(v, p));
  }
  return out;
}
