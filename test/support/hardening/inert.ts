// Hostile text and the checks that prove it came out inert: a corpus of injection strings
// (Slack mrkdwn and link/mention syntax, Teams markdown and HTML, invisible and right-to-left
// characters, a 4,000-character line), and one checker per platform that reads everything the
// bot sent the way that platform would render it.

import type { SlackCall } from '../slack/fake.js';
import { cardsOf, type Sent } from '../teams/connector.js';

/** 4,000 characters on one line, full of markup, so it is cut somewhere in the middle of some. */
const LONG_LINE = Array.from({ length: 200 }, (_, i) =>
  i % 3 === 0 ? '<!channel>&x ' : i % 3 === 1 ? '**b** [l](https://evil.example) ' : '```<@U123>_i_ ',
)
  .join('')
  .slice(0, 4000);

export const CORPUS: Array<{ name: string; text: string }> = [
  { name: 'mrkdwn specials', text: 'a & b < c > d' },
  { name: 'bold/italic/strike', text: '*bold* _it_ ~s~' },
  { name: 'backticks', text: 'run `rm -rf /` now' },
  { name: 'code fence', text: '```\n<!channel>\n```' },
  { name: '<!everyone>', text: '<!everyone> wake up' },
  { name: '<!channel>', text: 'ping <!channel>' },
  { name: '<!here>', text: '<!here|here> now' },
  { name: '<!subteam>', text: '<!subteam^S123|@support> look' },
  { name: 'user mention', text: 'ask <@U123> or <@U123|boss>' },
  { name: 'channel link', text: 'see <#C123> and <#C123|general>' },
  { name: 'disguised link', text: '<https://evil.example|Click here>' },
  { name: 'entities pre-escaped', text: '&lt;!channel&gt; &amp;lt;' },
  { name: 'Teams bold', text: '**x** and __y__' },
  { name: 'markdown link', text: '[x](https://evil.example) ![img](https://evil.example/a.png)' },
  { name: 'html anchor', text: '<a href="https://evil.example">login</a>' },
  { name: 'script', text: '<script>alert(1)</script>' },
  { name: 'img onerror', text: '<img src=x onerror="alert(1)">' },
  { name: 'Teams mention', text: '<at>Someone</at> please' },
  { name: 'zero-width', text: 'a\u200bb\u2060c\ufeffd <\u200b!channel>' },
  { name: 'right-to-left', text: 'abc\u202egnp.exe \u2066<!here>\u2069' },
  { name: 'headings and lists', text: '# Title\n- item\n1. first\n> quote' },
  { name: 'backslashes', text: '\\*not bold\\* \\<b\\> \\' },
  { name: '4000-character line', text: LONG_LINE },
];

/** Slack user ids the bot may mention in a test world (anything else in `<@...>` came from user text). */
export const SLACK_PEOPLE = /^[UW](TECH\d|AGENT\d|STRANGER|MEMBER|UNKNOWN\d?|BOT|T\d+)$/;

/** Hosts the bot itself links to in Slack (file permalinks); a link to anything else came from user text. */
const SLACK_OWN_LINK = /^https:\/\/(files\.slack\.com|camreset-test\.slack\.com)\//;

/** Every mrkdwn string of one Slack call: the message `text` (mrkdwn by default) and mrkdwn text objects. */
export function slackMrkdwn(call: SlackCall): string[] {
  const out: string[] = [];
  const a = call.args;
  if (
    ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(call.method) &&
    typeof a.text === 'string' &&
    a.mrkdwn !== false
  )
    out.push(a.text);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    for (const x of Object.values(o)) walk(x);
  };
  walk(a.blocks);
  walk(a.view);
  return out;
}

/** What is wrong with one mrkdwn string, read the way Slack reads it; empty when inert. */
export function slackProblems(text: string): string[] {
  const problems: string[] = [];
  const tokens = text.match(/<[^<>]*>/g) ?? [];
  for (const token of tokens) {
    const inner = token.slice(1, -1);
    if (/^@/.test(inner)) {
      if (!SLACK_PEOPLE.test(inner.slice(1))) problems.push(`user mention from user text: ${token}`);
    } else if (/^!date\^\d+\^\{time\}\|[^|]*$/.test(inner)) {
      // the bot's own times
    } else if (/^!/.test(inner)) problems.push(`special mention: ${token}`);
    else if (/^#/.test(inner)) problems.push(`channel link: ${token}`);
    else if (/^https?:/.test(inner)) {
      if (!SLACK_OWN_LINK.test(inner)) problems.push(`link the bot did not make: ${token}`);
    } else problems.push(`unescaped markup: ${token.slice(0, 60)}`);
  }
  const rest = text.replace(/<[^<>]*>/g, '').replace(/&(amp|lt|gt);/g, '');
  if (/[<>]/.test(rest)) problems.push(`unescaped < or > near: ${JSON.stringify(context(rest, /[<>]/))}`);
  if (/&/.test(rest)) problems.push(`unescaped & near: ${JSON.stringify(context(rest, /&/))}`);
  return problems;
}

function context(s: string, re: RegExp): string {
  const i = s.search(re);
  return s.slice(Math.max(0, i - 20), i + 20);
}

/** Every problem in what the bot sent Slack (messages, updates, ephemerals, response_urls, views). */
export function slackCallProblems(calls: SlackCall[]): Array<{ method: string; problem: string }> {
  const out: Array<{ method: string; problem: string }> = [];
  for (const call of calls) {
    if (!(
      ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(call.method) || call.method.startsWith('views.')
    ))
      continue;
    for (const text of slackMrkdwn(call)) for (const problem of slackProblems(text)) out.push({ method: call.method, problem });
  }
  return out;
}

// --- Teams ----------------------------------------------------------------------------------

type Json = Record<string, unknown>;

/** Element types whose `text` Adaptive Cards never read as markdown. */
const PLAIN_TEXT_TYPES = new Set(['TextRun']);

/** Teams ids the bot may @mention in a test world: the AAD object ids of test people (anything else came from user text). */
export const TEAMS_PEOPLE = /^00000000-0000-4000-8000-0000000[0-9a-f]{5}$/;

/** A name the bot may put inside `<at>…</at>`: letters, digits, spaces and the punctuation of names. */
const MENTION_NAME = /^[\p{L}\p{M}\p{N}\p{Zs}.,'’@-]+$/u;

/**
 * The bot's own mentions in a card: the `<at>Name</at>` texts its `msteams.entities` list for
 * known people, with names that cannot carry markup. Every other entity is a problem.
 */
function cardMentions(card: Json, problems: string[]): string[] {
  const entities = ((card.msteams as Json | undefined)?.entities as Json[] | undefined) ?? [];
  const texts: string[] = [];
  for (const e of entities) {
    const m = e.mentioned as { id?: unknown; name?: unknown } | undefined;
    const name = typeof m?.name === 'string' ? m.name : '';
    const ok =
      e.type === 'mention' &&
      typeof m?.id === 'string' &&
      TEAMS_PEOPLE.test(m.id) &&
      MENTION_NAME.test(name) &&
      e.text === `<at>${name}</at>`;
    if (ok) texts.push(e.text as string);
    else problems.push(`mention entity the bot would not make: ${JSON.stringify(e)}`);
  }
  return texts;
}

/**
 * Problems in one Adaptive Card as Teams renders it: TextBlocks are markdown (and Teams also
 * reads a little HTML), so any text there must have its specials escaped, apart from the bot's
 * own mentions of known people; TextRuns are plain; no link may lead anywhere the bot did not
 * put it.
 */
export function teamsCardProblems(card: Json): string[] {
  const problems: string[] = [];
  const mentions = cardMentions(card, problems);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (o.type === 'mention') return;
    if (o.type === 'TextBlock' && typeof o.text === 'string') {
      const own = mentions.reduce((text, m) => text.split(m).join(''), o.text);
      const bare = own.replace(/\\[\\`*_[\]()~#+\-.!>|]/g, '').replace(/&(amp|lt|gt|quot|#\d+);/g, '');
      const bad = /[<>&*_[\]`~]|\]\(/.exec(bare);
      if (bad)
        problems.push(`markdown/HTML special ${JSON.stringify(bad[0])} unescaped in a TextBlock: ${JSON.stringify(o.text.slice(0, 80))}`);
    }
    if (
      typeof o.text === 'string' &&
      !PLAIN_TEXT_TYPES.has(String(o.type)) &&
      o.type !== 'TextBlock' &&
      /<(a|script|img|at)\b/i.test(o.text)
    ) {
      problems.push(`HTML in a ${String(o.type)} text: ${JSON.stringify(o.text.slice(0, 80))}`);
    }
    for (const key of ['url', 'iconUrl', 'backgroundImage']) {
      const value = o[key];
      if (typeof value === 'string' && /evil\.example/.test(value)) problems.push(`link to user-supplied ${value}`);
    }
    if (o.type === 'Image' && typeof o.url === 'string') problems.push(`image from ${o.url}`);
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return problems;
}

/** Problems in one activity the bot sent: markdown `text`, mention entities, and its cards. */
export function teamsActivityProblems(activity: Json): string[] {
  const problems: string[] = [];
  if (typeof activity.text === 'string' && /[<>*_[\]`]/.test(activity.text))
    problems.push(`markdown text on the activity: ${JSON.stringify(activity.text.slice(0, 80))}`);
  const entities = (activity.entities as Json[] | undefined) ?? [];
  for (const e of entities) if (e.type === 'mention') problems.push(`mention entity: ${JSON.stringify(e)}`);
  for (const card of cardsOf(activity)) problems.push(...teamsCardProblems(card));
  return problems;
}

export function teamsSentProblems(sent: Sent[]): Array<{ conversation: string; problem: string }> {
  return sent.flatMap((s) => teamsActivityProblems(s.activity).map((problem) => ({ conversation: s.conversationId, problem })));
}

/** The plain text of every TextRun in a card, run by run (what Teams shows as typed). */
export function textRuns(card: unknown): string[] {
  const runs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (o.type === 'TextRun' && typeof o.text === 'string') runs.push(o.text);
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return runs;
}

/** Slack's escaping, for "the user's text arrived, escaped" assertions. */
export const slackEscaped = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
