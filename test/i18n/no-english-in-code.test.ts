// No user-facing English left in code (issue 14, acceptance 1): every string and template
// literal in src/**/*.ts is read with the TypeScript compiler and reported when it reads as
// words for a person (two words of letters, a capitalised word followed by a space, or a single
// capitalised word where a label would go), unless it is one of the things that are English on
// purpose or not for a reader at all:
//   - log calls (log.*, logger.*, this.log.*, ctx.logger.*, console.*), thrown errors and
//     `new …Error(…)`, metric names and help (prom-client), src/config.ts (operators read it);
//   - import and export paths, object keys, type-level literals, `case` labels and comparisons
//     (what a person typed is matched, not shown), RegExp sources, ids and machine tokens;
//   - the entries of test/i18n/not-user-facing.json: { file, text?, pattern?, reason }, where `file` ending in / is a folder,
//     `text` is the literal exactly as it reads here (template parts as ${…}), `pattern` a
//     regular expression over it, and neither means the whole file. Each needs its reason.
//
// How to use: run `npx vitest run test/i18n/no-english-in-code.test.ts`; every finding is
// printed as `file:line  "text"`. Move a user-facing one into its catalog
// (src/core/i18n/catalogs/<locale>/<namespace>.json, src/platforms/<p>/catalogs/<locale>.json);
// list one that is not for a reader in not-user-facing.json with why.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/i18n/catalogs.js';

interface Allowed {
  file: string;
  text?: string;
  pattern?: string;
  reason: string;
}
const allowlist = (JSON.parse(readFileSync(new URL('./not-user-facing.json', import.meta.url), 'utf8')) as { entries: Allowed[] }).entries;

/** Files nobody reads as the bot's words. */
const SKIPPED_FILES = new Set(['src/config.ts']);

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'catalogs' && entry !== 'node_modules') tsFiles(path, out);
    } else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const LOG_CALLEE = /(^|\.)((log|logger|console)(\.[A-Za-z]+|\[.*\])|process\.(stderr|stdout)\.write)$/;
const METRIC = /^(Counter|Gauge|Histogram|Summary)$/;
/** Object properties whose values are machine tokens (Block Kit, Adaptive Cards, our own ids), not words. */
const TOKEN_KEYS = new Set([
  'type',
  'style',
  'weight',
  'size',
  'color',
  'width',
  'height',
  'spacing',
  'horizontalAlignment',
  'verticalContentAlignment',
  'fontType',
  'version',
  'verb',
  'id',
  'action_id',
  'block_id',
  'callback_id',
  'mode',
  'kind',
  'dialog',
  'card',
  'platform',
  'state',
  'audience',
  'event',
  'method',
  'role',
  'contentType',
  'code',
  'reason_code',
  'format',
  'unit',
  'scope',
  'imageSize',
]);

const calleeText = (e: ts.Expression, sf: ts.SourceFile): string => e.getText(sf).replace(/\s+/g, '').replace(/\?\./g, '.');

/** `super(…)` in a class that extends an Error: the message of a thrown error. */
function inErrorClass(node: ts.Node): boolean {
  for (let n: ts.Node = node; !ts.isSourceFile(n); n = n.parent)
    if (ts.isClassLike(n)) return !!n.heritageClauses?.some((h) => h.types.some((t) => /Error$/.test(t.expression.getText())));
  return false;
}

/** Why the literal is not for a reader, or undefined when it may be. */
function excluded(node: ts.Node, sf: ts.SourceFile): string | undefined {
  let child: ts.Node = node;
  let parent: ts.Node = node.parent;
  for (;;) {
    if (
      ts.isImportDeclaration(parent) ||
      ts.isExportDeclaration(parent) ||
      ts.isImportTypeNode(parent) ||
      ts.isExternalModuleReference(parent)
    )
      return 'import';
    if (ts.isLiteralTypeNode(parent) || ts.isTypeNode(parent)) return 'type';
    if (ts.isPropertyAssignment(parent) && parent.name === child) return 'key';
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && child !== parent.expression) return 'key';
    if (ts.isPropertyAssignment(parent) && child === parent.initializer && TOKEN_KEYS.has(parent.name.getText(sf).replace(/['"]/g, '')))
      return 'token';
    if (
      ts.isBinaryExpression(parent) &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      child === parent.right &&
      ts.isPropertyAccessExpression(parent.left) &&
      TOKEN_KEYS.has(parent.left.name.text)
    )
      return 'token';
    if (ts.isCaseClause(parent) && parent.expression === child) return 'case';
    if (
      ts.isBinaryExpression(parent) &&
      [
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ts.SyntaxKind.EqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsToken,
      ].includes(parent.operatorToken.kind)
    )
      return 'comparison';
    if (ts.isThrowStatement(parent)) return 'thrown';
    if (ts.isNewExpression(parent)) {
      const name = calleeText(parent.expression, sf);
      if (/Error$/.test(name)) return 'error';
      if (name === 'RegExp') return 'regex';
      if (METRIC.test(name.split('.').pop() ?? '')) return 'metric';
    }
    if (ts.isCallExpression(parent)) {
      const name = calleeText(parent.expression, sf);
      if (LOG_CALLEE.test(name)) return 'log';
      if (parent.expression.kind === ts.SyntaxKind.ImportKeyword || name === 'require') return 'import';
      if (parent.expression.kind === ts.SyntaxKind.SuperKeyword && inErrorClass(parent)) return 'error';
    }
    // A statement ends the expression the literal is part of.
    if (ts.isStatement(parent) || ts.isSourceFile(parent)) return undefined;
    child = parent;
    parent = parent.parent;
  }
}

/** The literal as a reader would see it, `${…}` where the code fills in a value. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => '${…}' + s.literal.text).join('');
  return undefined;
}

/** Names that read the same in every language. */
const NAMES = new Set(['Slack', 'Teams', 'Microsoft Teams', 'Bosch', 'camreset', 'PUK', 'MAC', 'Redis']);

/** Reads as words for a person: the heuristic the findings come from. */
function readsAsEnglish(text: string, inLabelSlot: boolean): boolean {
  const words = text.replace(/\$\{…\}/g, ' ');
  if (/^[a-z0-9]+([._:/-][a-z0-9]+)+$/i.test(words.trim())) return false; // ids, paths, keys, versions
  if (/^(https?:|mailto:|\/)/.test(words.trim()) && !/\s/.test(words.trim())) return false;
  if (/^([a-z]+\/[\w.+-]+|public|private|no-cache|Bearer|Basic)\b[,;]?/.test(words.trim())) return false; // media types, HTTP header values
  if (/\b[A-Za-z][a-z]+[,;]? +[a-z]{2,}\b/.test(words)) return true; // "two words", "Send, then"
  if (/\b[A-Z][a-z]+ /.test(words) && /[a-z]{2,}/.test(words.replace(/\b[A-Z][a-z]+ /, ''))) return true;
  if (/^[A-Z][a-z]+ $/.test(words)) return true; // a label glued to a value: "Model: " ends like this too
  if (NAMES.has(words.trim())) return false;
  // A word with a name that reads the same everywhere is still a phrase to translate: "Send PUK".
  const rest = words.replace(/\b(PUKs?|MAC|Bosch|Slack|Teams|camreset)\b/g, ' ').trim();
  if (/\s/.test(words.trim()) && /^[A-Z][a-z]+[.:!?…]?$/.test(rest)) return true;
  if (/^[A-Z][a-z]{1,}[.:!?…]?$/.test(words.trim()) && inLabelSlot) return true; // "Paperwork", "Done."
  return false;
}

/**
 * Where a single word would be a label: an argument, a property value (title, label…), a returned
 * or assigned value, a constant or default parameter that one of those later reads
 * (`const label = 'Cancel'`, `(text = 'Release')`), or such a value under `as const`, parentheses
 * or `${…}`.
 */
function inLabelSlot(node: ts.Node): boolean {
  let p = node.parent;
  while (ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isParenthesizedExpression(p) || ts.isTemplateSpan(p)) p = p.parent;
  return (
    (ts.isVariableDeclaration(p) && p.initializer !== undefined) ||
    (ts.isParameter(p) && p.initializer !== undefined) ||
    ts.isTemplateExpression(p) ||
    ts.isPropertyAssignment(p) ||
    ts.isCallExpression(p) ||
    ts.isReturnStatement(p) ||
    ts.isArrayLiteralExpression(p) ||
    ts.isConditionalExpression(p) ||
    ts.isBinaryExpression(p)
  );
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** The findings in one file's source. */
function findingsIn(file: string, source: string, out: Finding[] = []): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== undefined) {
      if (readsAsEnglish(text, inLabelSlot(node)) && excluded(node, sf) === undefined)
        out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
      if (ts.isTemplateExpression(node)) for (const s of node.templateSpans) visit(s.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function findings(): Finding[] {
  const out: Finding[] = [];
  for (const path of tsFiles(join(ROOT, 'src')).sort()) {
    const file = relative(ROOT, path);
    if (!SKIPPED_FILES.has(file)) findingsIn(file, readFileSync(path, 'utf8'), out);
  }
  return out;
}

const allowedBy = (f: Finding): Allowed | undefined =>
  allowlist.find(
    (a) =>
      (a.file === f.file || (a.file.endsWith('/') && f.file.startsWith(a.file))) &&
      (a.text === undefined || a.text === f.text) &&
      (a.pattern === undefined || new RegExp(a.pattern).test(f.text)),
  );

describe('the code', () => {
  it('lists a reason for every entry of not-user-facing.json', () => {
    expect(allowlist.filter((a) => !a.reason.trim() || !a.file)).toEqual([]);
  });

  it('would report English planted in code the way an adapter would write it', () => {
    // Each line is a shape a hurried change could take; each must be found.
    const planted = [
      "export const modal = { close: { type: 'plain_text', text: 'Cancel' } };",
      "export const action = { title: 'Submit', data: { verb: 'submit' } };",
      'export const expired = (id: string): string => `Request ${id} expired`;',
      "export const pick = (ok: boolean): string => (ok ? 'Send' : 'Retry');",
      "const label = 'Cancel';",
      "export function button(text = 'Release'): string { return text; }",
      "export const done = 'Done' as const;",
      "export const send = make('Send PUK');",
    ];
    const found = planted.map((line) => findingsIn('src/platforms/slack/planted.ts', line).map((f) => f.text));
    expect(found).toEqual([
      ['Cancel'],
      ['Submit'],
      ['Request ${…} expired'],
      ['Send', 'Retry'],
      ['Cancel'],
      ['Release'],
      ['Done'],
      ['Send PUK'],
    ]);
    // …and what is not for a reader stays out.
    const quiet = [
      "log.info({ id }, 'Request expired');",
      "throw new Error('Request expired');",
      "if (verb === 'Cancel') return;",
      "export const t = { type: 'AdaptiveCard', version: '1.5' };",
    ];
    expect(quiet.flatMap((line) => findingsIn('src/platforms/slack/planted.ts', line))).toEqual([]);
  });

  it('holds no user-facing English (each finding printed as file:line "text")', () => {
    const all = findings();
    const left = all.filter((f) => !allowedBy(f));
    const unused = allowlist.filter((a) => !all.some((f) => allowedBy(f) === a));
    if (unused.length)
      console.log(
        `not-user-facing.json entries that match nothing now (remove them):\n${unused.map((a) => `  ${a.file}  ${a.text ?? a.pattern ?? '(whole file)'}`).join('\n')}`,
      );
    if (left.length)
      console.log(
        `${left.length} user-facing English strings in code:\n${left.map((f) => `${f.file}:${f.line}  ${JSON.stringify(f.text)}`).join('\n')}`,
      );
    expect(left.map((f) => `${f.file}:${f.line}  ${JSON.stringify(f.text)}`)).toEqual([]);
  });
});
