// Times a reader can use and mentions that reach someone: the technician reads every deadline
// on the clock of the zone their Teams client reports (UTC, labelled, when it reports none);
// the support card and its thread, read by agents in many zones, carry {{TIME()}} in TextBlocks
// of the bot's own words; and the agent handling a request is @mentioned for real when the
// technician writes back or the clock runs low, with names that cannot smuggle markup in.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cardAction, personalChat, personalMessage, type TeamsUser, users, withoutTimeZone } from '../../support/teams/activities.js';
import { cardsOf, textOf } from '../../support/teams/connector.js';
import { latestCard, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import { CODE, DETAILS, fill, press, requestIdIn, submitInChat, withButton } from '../../support/teams/story.js';
import { allCardProblems } from '../../support/teams/validate.js';
import { teamsCardProblems, textRuns } from '../../support/hardening/inert.js';
import { ManualClock } from '../../support/clock.js';

type Json = Record<string, unknown>;
interface Mention {
  type: string;
  text: string;
  mentioned: { id: string; name: string };
}

// 13:02 UTC on a winter day: the challenge expires at 14:02 UTC, which is 15:02 in Berlin (CET).
const START = Date.parse('2026-11-26T13:02:00Z');
const minutes = (n: number) => n * 60_000;
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const TIME_PLACEHOLDER = /\{\{TIME\([^)]*\)\}\}/g;

let h: TeamsHarness | undefined;
let clock: ManualClock;
const allCards: Json[] = [];

async function start(): Promise<TeamsHarness> {
  clock = new ManualClock(START);
  h = await startTeams({ clock });
  return h;
}

afterEach(async () => {
  if (h) allCards.push(...h.connector.cards());
  await h?.close();
  h = undefined;
});
afterAll(() => {
  expect(allCards.length).toBeGreaterThan(10);
  expect(allCardProblems(allCards)).toEqual([]);
});

/** The text of every TextBlock of a card, in order (ShowCard sub-cards included). */
function textBlocks(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return out;
}

const mentionsOf = (card: Json | undefined): Mention[] => ((card?.msteams as Json | undefined)?.entities as Mention[] | undefined) ?? [];

/** Every `<at>…</at>` in the card's TextBlocks has its entity, and every entity is used. */
function expectMentionsListed(card: Json): void {
  const inText = new Set(
    textBlocks(card)
      .join('\n')
      .match(/<at>[^<]*<\/at>/g) ?? [],
  );
  expect(new Set(mentionsOf(card).map((m) => m.text))).toEqual(inText);
}

const cardText = (card: Json) => textOf({ attachments: [{ contentType: ADAPTIVE, content: card }] });

describe("the technician's clock", () => {
  it('shows a technician in Berlin the deadline and the warnings on the Berlin clock', async () => {
    h = await start();
    const chat = personalChat(users.tech);
    const s = await submitInChat(h);
    const said = () =>
      h!.connector
        .in(chat)
        .map((x) => textOf(x.activity))
        .join('\n');
    // The summary and the "with support now" message both give the deadline.
    expect(said().match(/The challenge code expires at 15:02, in 1 hour\./g)).toHaveLength(2);
    await press(h, s, users.agent, 'claim');

    await clock.advance(minutes(45));
    expect(said()).toContain(`Heads up: the challenge code of ${s.id} expires in 15 minutes (at 15:02).`);
    await clock.advance(minutes(10));
    expect(said()).toContain(`Heads up: the challenge code of ${s.id} expires in 5 minutes (at 15:02).`);
    // Nothing the technician reads is on another clock, or left for the client to work out.
    expect(said()).not.toMatch(/UTC|\{\{TIME/);
  });

  it('shows a technician whose client reports no time zone the times in UTC, and says so', async () => {
    h = await start();
    const tech = withoutTimeZone(users.tech);
    const chat = personalChat(tech);
    const s = await submitInChat(h, tech);
    const said = () =>
      h!.connector
        .in(chat)
        .map((x) => textOf(x.activity))
        .join('\n');
    expect(said()).toContain('The challenge code expires at 14:02 UTC, in 1 hour.');
    await clock.advance(minutes(45));
    expect(said()).toContain(`Heads up: the challenge code of ${s.id} expires in 15 minutes (at 14:02 UTC).`);
  });

  it('follows the technician to the zone their client reports last, also when only its clientInfo says so', async () => {
    h = await start();
    const chat = personalChat(users.tech);
    const s = await submitInChat(h);
    // Now on a phone in New York whose activity names the zone only in the clientInfo entity.
    const moved = personalMessage(h.connector.url, { ...users.tech, timeZone: 'America/New_York' }, 'status');
    delete moved.localTimezone;
    await h.bot.send(moved);
    expect(textOf(h.connector.in(chat).at(-1)!.activity)).toContain(`${s.id} — waiting for an agent. Code expires at 09:02 (in 1 hour).`);
    await clock.advance(minutes(45));
    expect(textOf(h.connector.in(chat).at(-1)!.activity)).toContain('expires in 15 minutes (at 09:02).');
  });

  it('redraws a card the technician pressed on their clock, and the support card for every agent', async () => {
    h = await start();
    const url = h.connector.url;
    const chat = personalChat(users.tech);
    await h.bot.send(personalMessage(url, users.tech, `camreset ${CODE}\n${DETAILS}`));
    const summary = await h.connector.waitFor(() => withButton(h!.connector.in(chat), 'submit'));
    const id = requestIdIn(textOf(summary.activity));
    const submitted = await h.bot.send(cardAction(url, users.tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }));
    const redrawn = cardText((submitted.body as Json).value as Json);
    expect(redrawn).toContain('The challenge code expires at 15:02, in 1 hour.');
    expect(redrawn).toContain('Sent to support at 14:02.');
    expect(redrawn).not.toMatch(/UTC|\{\{TIME/);

    const card = await h.connector.waitFor(() => h!.connector.sent.find((x) => x.kind === 'create'));
    const claimed = await press(h, { id, cardConversation: card.conversationId, cardMessage: card.id }, users.agent, 'claim');
    expect(textBlocks(claimed.value)).toContain(
      'Challenge expires at {{TIME(2026-11-26T14:02:00Z)}} \\(1 hour left at {{TIME(2026-11-26T13:02:00Z)}}\\)',
    );
  });
});

describe('the support side', () => {
  it('puts the deadline of the support card in a TextBlock of its own with {{TIME()}}, and nothing anyone typed there', async () => {
    h = await start();
    const s = await submitInChat(h);
    const card = latestCard(h.connector, s.cardMessage)!;
    const blocks = textBlocks(card);
    expect(blocks.filter((t) => t.includes('{{TIME('))).toEqual([
      'Challenge expires at {{TIME(2026-11-26T14:02:00Z)}} \\(1 hour left at {{TIME(2026-11-26T13:02:00Z)}}\\)',
    ]);
    // RFC 3339 in UTC, whole seconds: the form Teams and the Adaptive Cards renderers parse.
    for (const t of blocks.join('\n').match(TIME_PLACEHOLDER) ?? []) expect(t).toMatch(/^\{\{TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\}\}$/);
    // What the technician typed (the code, the device) and their name stay in TextRuns.
    for (const typed of [CODE, 'NDE-5503-AL', '00:07:5F:12:34:56', '7.80.0128', '404754734001050102', 'Tina Tech']) {
      expect(blocks.join('\n')).not.toContain(typed);
      expect(textRuns(card).join('\n')).toContain(typed);
    }
    expect(teamsCardProblems(card)).toEqual([]);
  });

  it('mentions the agent who claimed the request, for real, on the card and when the technician writes back', async () => {
    h = await start();
    const s = await submitInChat(h);
    await press(h, s, users.agent, 'claim');
    const card = latestCard(h.connector, s.cardMessage)!;
    expect(textBlocks(card)).toContain('Handled by <at>Alex Agent</at>');
    expect(mentionsOf(card)).toEqual([
      { type: 'mention', text: '<at>Alex Agent</at>', mentioned: { id: users.agent.aadObjectId, name: 'Alex Agent' } },
    ]);
    // The technician, often not in the support team, is named, not mentioned.
    expect(textRuns(card)).toContain('@Tina Tech');
    expectMentionsListed(card);

    const typed = 'Building 7, <at>Ada Agent</at> knows {{TIME(2020-01-01T00:00:00Z)}}';
    await h.bot.send(personalMessage(h.connector.url, users.tech, typed));
    const relay = await h.connector.waitFor(() =>
      h!.connector.in(s.cardConversation).find((x) => x.kind === 'send' && textOf(x.activity).includes(' wrote: ')),
    );
    const [relayed] = cardsOf(relay.activity);
    expect(textBlocks(relayed)).toEqual(['For <at>Alex Agent</at>:']);
    expect(mentionsOf(relayed)).toEqual([
      { type: 'mention', text: '<at>Alex Agent</at>', mentioned: { id: users.agent.aadObjectId, name: 'Alex Agent' } },
    ]);
    // The reply itself is plain text: no mention of Ada, no time worked out from it.
    expect(textRuns(relayed)).toContain('Building 7, <at>Ada Agent</at> knows {\u200b{TIME(2020-01-01T00:00:00Z)}}');
    expect(teamsCardProblems(relayed!)).toEqual([]);

    // The clock running low in the support thread: the handler again, and the time for every agent.
    await clock.advance(minutes(55));
    const warning = h.connector.in(s.cardConversation).find((x) => textOf(x.activity).includes('the challenge expires in 5 minutes'));
    const [warned] = cardsOf(warning!.activity);
    expect(textBlocks(warned)).toEqual([
      'For <at>Alex Agent</at>:',
      `${s.id}: the challenge expires in 5 minutes \\(at {{TIME(2026-11-26T14:02:00Z)}}\\). Send the PUK before then, or the technician must start over with a new code.`,
    ]);
    expectMentionsListed(warned!);
  });

  it('keeps a hostile directory name inert: a clean name in one mention, the raw one only as plain text', async () => {
    h = await start();
    const eve: TeamsUser = { ...users.agent2, name: 'Eve <at>Boss</at> **x** [y](https://evil.example) {{TIME(2020-01-01T00:00:00Z)}}' };
    const s = await submitInChat(h);
    await press(h, s, eve, 'claim');
    const card = latestCard(h.connector, s.cardMessage)!;
    expect(mentionsOf(card)).toEqual([
      {
        type: 'mention',
        text: '<at>Eve Boss x y https evil.example TIME 2020-01-01T00 00 00Z</at>',
        mentioned: { id: eve.aadObjectId, name: 'Eve Boss x y https evil.example TIME 2020-01-01T00 00 00Z' },
      },
    ]);
    expect(textBlocks(card).join('\n').match(/<at>/g)).toHaveLength(1);
    expectMentionsListed(card);
    expect(teamsCardProblems(card)).toEqual([]);

    // The technician is told who took it: the name as Teams gave it, in a TextRun, evaluated by nothing.
    const chat = personalChat(users.tech);
    const told = h.connector.in(chat).find((x) => textOf(x.activity).includes('is working on'))!;
    const [toldCard] = cardsOf(told.activity);
    expect(textRuns(toldCard)).toContain('@Eve <at>Boss</at> **x** [y](https://evil.example) {\u200b{TIME(2020-01-01T00:00:00Z)}}');
    expect(textBlocks(toldCard)).toEqual([]);
    expect(mentionsOf(toldCard)).toEqual([]);
  });

  it('names, without notifying, the people on a finished card', async () => {
    h = await start();
    const s = await submitInChat(h);
    await fill(h, s, users.agent, 'reject', { reason: '**No** <at>Alex Agent</at> contract' });
    const card = latestCard(h.connector, s.cardMessage)!;
    expect(mentionsOf(card)).toEqual([]);
    expect(textRuns(card).join('')).toContain('Rejected by @Alex Agent: **No** <at>Alex Agent</at> contract');
    expect(teamsCardProblems(card)).toEqual([]);
  });
});
