// Issue 11's lifecycle rules as Teams conversations through POST /api/messages and the fake
// Bot Connector: a claim is released or taken over (the one who held it is @mentioned), the
// support channel is mentioned when nobody claimed a request at its first warning, an age moves
// the clock once and the warnings follow the deadline, every notice reaches its reader (support
// hears when the technician's chat cannot be reached), and every request ends. A ManualClock
// drives the memory timers, so hours pass in a line.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cardAction, personalChat, personalMessage, SUPPORT_CHANNEL, type TeamsUser, users } from '../../support/teams/activities.js';
import { textOf, type Sent } from '../../support/teams/connector.js';
import { latestText, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  CODE,
  DETAILS,
  PUK,
  agentView,
  buttons,
  fill,
  press,
  requestIdIn,
  submitInChat,
  verbs,
  withButton,
  type Submitted,
} from '../../support/teams/story.js';
import { allCardProblems } from '../../support/teams/validate.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';
import { REQUEST_ID } from '../../support/request-id.js';

type Json = Record<string, unknown>;
const HOURS_24 = 24 * 60 * minutes(1);

let h: TeamsHarness | undefined;
let clock: ManualClock;
const allCards: Json[] = [];

async function start(): Promise<TeamsHarness> {
  clock = new ManualClock();
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

const chatOf = (u: TeamsUser = users.tech) => h!.connector.in(personalChat(u));
const said = (messages: Sent[]) => messages.map((m) => textOf(m.activity));
const count = (messages: Sent[], pattern: RegExp) => said(messages).filter((t) => pattern.test(t)).length;
/** Messages in the support card's thread (not the card itself). */
const thread = (s: Submitted) => h!.connector.sent.filter((m) => m.conversationId === s.cardConversation && m.kind === 'send');
const mentionsOf = (m: Sent): Array<{ mentioned: { id: string } }> =>
  (((m.activity.attachments as Array<{ content?: Json }> | undefined)?.[0]?.content?.msteams as Json | undefined)?.entities as
    Array<{ mentioned: { id: string } }> | undefined) ?? [];
const waitFor = <T>(check: () => T | undefined | false, what: string) => h!.connector.waitFor(check, 5000, what);
const stored = async (id: string) => (await h!.app.desk.get(id))!;

describe('Teams: the lifecycle rules', () => {
  it('lets the holder release a claim and another agent take it over; the one who held it is @mentioned', async () => {
    h = await start();
    const s = await submitInChat(h);
    await press(h, s, users.agent, 'claim');
    expect(verbs(await agentView(h, s, users.agent2))).toEqual(expect.arrayContaining(['release', 'take_over']));
    expect(verbs(await agentView(h, s, users.agent2))).not.toContain('claim');

    // A second agent's claim is refused, privately, and points at Take over.
    const refused = await press(h, s, users.agent2, 'claim');
    expect(String(refused.value)).toMatch(/is being handled by @Alex Agent\. Ask them, or press Take over/);
    const taken = await press(h, s, users.agent2, 'take_over');
    expect(taken.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(latestText(h.connector, s.cardMessage)).toContain('Handled by <at>Ada Agent</at>');
    const told = await waitFor(() => thread(s).find((m) => /took CR-\w+ over from/.test(textOf(m.activity))), 'the take-over note');
    expect(textOf(told.activity)).toMatch(/For <at>Alex Agent<\/at>:/);
    expect(mentionsOf(told).map((m) => m.mentioned.id)).toContain(users.agent.aadObjectId);
    await waitFor(() => said(chatOf()).some((t) => t.includes('@Ada Agent is working on')), 'the technician told who has it now');

    // Only the holder releases.
    expect(String((await press(h, s, users.agent, 'release')).value)).toMatch(/claimed by @Ada Agent; only they can release it/);
    await press(h, s, users.agent2, 'release');
    expect(latestText(h.connector, s.cardMessage)).toContain('Nobody has claimed it yet');
    expect(verbs(await agentView(h, s, users.agent))).toContain('claim');
    const released = await waitFor(() => thread(s).find((m) => /released CR-/.test(textOf(m.activity))), 'the release note');
    expect(mentionsOf(released).map((m) => m.mentioned.id)).toContain(users.agent2.aadObjectId);
    expect((await stored(s.id)).claimedBy).toBeUndefined();
  });

  it('mentions the support channel in the first warning of a request nobody has claimed, and only then', async () => {
    h = await start();
    const s = await submitInChat(h);
    await clock.advance(minutes(45));
    const first = await waitFor(
      () => thread(s).find((m) => /the challenge expires in 15 minutes/.test(textOf(m.activity))),
      'the first warning',
    );
    expect(mentionsOf(first).map((m) => m.mentioned.id)).toContain(SUPPORT_CHANNEL);
    expect(textOf(first.activity)).toMatch(/Nobody has claimed it yet/);

    await press(h, s, users.agent, 'claim');
    await clock.advance(minutes(10));
    const second = await waitFor(
      () => thread(s).find((m) => /the challenge expires in 5 minutes/.test(textOf(m.activity))),
      'the second warning',
    );
    expect(mentionsOf(second).map((m) => m.mentioned.id)).not.toContain(SUPPORT_CHANNEL);
    expect(mentionsOf(second).map((m) => m.mentioned.id)).toContain(users.agent.aadObjectId);
  });

  it('counts an age back from the moment it is said, once per code, and warns on the new deadline, once each', async () => {
    h = await start();
    const tech = users.tech;
    await h.bot.send(personalMessage(h.connector.url, tech, 'camreset'));
    const welcome = await waitFor(() => chatOf().at(-1), 'the welcome');
    const id = requestIdIn(textOf(welcome.activity));
    await h.bot.send(personalMessage(h.connector.url, tech, `${CODE}\n${DETAILS}`));
    await waitFor(() => withButton(chatOf(), 'submit'), 'the summary');

    // 14:05 UTC (15:05 in Berlin): "generated 10 minutes ago" -> expires 14:55 UTC, 15:55 in Berlin.
    await clock.advance(minutes(5));
    let before = chatOf().length;
    await h.bot.send(personalMessage(h.connector.url, tech, 'The code was generated 10 minutes ago'));
    await waitFor(() => said(chatOf().slice(before)).some((t) => /expires at 15:55/.test(t)), 'the new deadline');
    await clock.advance(minutes(5));
    before = chatOf().length;
    await h.bot.send(personalMessage(h.connector.url, tech, 'as I said, generated 10 minutes ago'));
    await waitFor(
      () => said(chatOf().slice(before)).some((t) => /already counted this code's age once/.test(t)),
      'the age not counted twice',
    );
    expect((await stored(id)).challenge!.expiresAt).toBe(Date.parse('2026-11-26T14:55:00Z'));

    const summary = withButton(chatOf(), 'submit')!;
    await h.bot.send(cardAction(h.connector.url, tech, personalChat(tech), summary.id, 'submit', { requestId: id, card: 'summary' }));
    await clock.advance(minutes(30)); // 14:40
    await waitFor(
      () => count(chatOf(), /Heads up: the challenge code of CR-\w+ expires in 15 minutes/) === 1,
      'the 15-minute warning at 14:40',
    );
    await clock.advance(minutes(5)); // 14:45, the old deadline's 15-minute mark
    expect(count(chatOf(), /Heads up/)).toBe(1);
    await clock.advance(minutes(5)); // 14:50
    await waitFor(() => count(chatOf(), /expires in 5 minutes/) === 1, 'the 5-minute warning');
    await clock.advance(minutes(5)); // 14:55
    await waitFor(() => count(chatOf(), /has expired/) === 1, 'the expiry');
    expect(count(chatOf(), /Heads up/)).toBe(2);
  });

  it("delivers support's warning while the technician's chat is unreachable, tells support, and sends the technician's once it is back", async () => {
    h = await start();
    const s = await submitInChat(h);
    h.connector.unreachable.add(personalChat(users.tech));
    await clock.advance(minutes(45));
    await waitFor(() => thread(s).find((m) => /the challenge expires in 15 minutes/.test(textOf(m.activity))), "support's warning");
    expect(h.connector.refused.map((r) => textOf(r.activity)).join('\n')).toMatch(/Heads up/);
    for (let i = 0; i < 2; i++) {
      clock.set(clock.now() + 31_000);
      await h.app.desk.redeliver();
    }
    const told = await waitFor(() => thread(s).find((m) => /could not reach/.test(textOf(m.activity))), 'support told');
    expect(textOf(told.activity)).toMatch(
      new RegExp(REQUEST_ID.source + /: could not reach @Tina Tech on Teams since \{\{TIME\(2026-11-26T14:45:00Z\)\}\}/.source),
    );
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/camreset_notice_delivery_failures_total\{reader="technician",platform="teams",unreachable="true"\} 1/);

    h.connector.unreachable.clear();
    clock.set(clock.now() + 31_000);
    await h.app.desk.redeliver();
    await waitFor(() => count(chatOf(), /Heads up: the challenge code of CR-\w+ expires in/) === 1, "the technician's warning, once back");
    expect(count(thread(s), /could not reach/)).toBe(1);
    expect((await stored(s.id)).pendingNotices).toBeUndefined();
  });

  it('asks "Did the reset work?" when the window runs out after the PUK, and closes it as unconfirmed when nobody answers', async () => {
    h = await start();
    const s = await submitInChat(h);
    await fill(h, s, users.agent, 'send_puk', { puk: PUK });
    await waitFor(() => withButton(chatOf(), 'done'), 'the PUK');
    const before = chatOf().length;
    await clock.advance(minutes(60));
    const asked = await waitFor(
      () =>
        chatOf()
          .slice(before)
          .find((m) => /Did the reset work\?/.test(textOf(m.activity))),
      'the question',
    );
    expect(buttons((asked.activity.attachments as Array<{ content: Json }>)[0]!.content)).toEqual(['done', 'failed']);
    expect(said(chatOf().slice(before)).join('\n')).not.toMatch(/Generate a new challenge code/);
    const toSupport = await waitFor(() => thread(s).find((m) => /window ran out after the PUK/.test(textOf(m.activity))), 'support told');
    expect(textOf(toSupport.activity)).not.toMatch(/useless/);
    expect((await stored(s.id)).puk?.value).toBeUndefined();

    await clock.advance(HOURS_24);
    await waitFor(() => said(chatOf()).some((t) => /is closed as unconfirmed/.test(t)), 'the close');
    expect(latestText(h.connector, s.cardMessage)).toMatch(/closed, unconfirmed/);
    expect((await stored(s.id)).state).toBe('unconfirmed');
    expect((await h.app.desk.openRequests()).map((r) => r.id)).not.toContain(s.id);
  });

  it('completes the request when the technician answers "Reset worked" after the window ran out', async () => {
    h = await start();
    const s = await submitInChat(h);
    await fill(h, s, users.agent, 'send_puk', { puk: PUK });
    await waitFor(() => withButton(chatOf(), 'done'), 'the PUK');
    await clock.advance(minutes(60));
    const asked = await waitFor(() => chatOf().find((m) => /Did the reset work\?/.test(textOf(m.activity))), 'the question');
    await h.bot.send(
      cardAction(h.connector.url, users.tech, personalChat(users.tech), asked.id, 'done', { requestId: s.id, card: 'notice' }),
    );
    expect((await stored(s.id)).state).toBe('completed');
    expect(latestText(h.connector, s.cardMessage)).toContain('confirmed the reset worked');
  });

  it('closes an untouched intake and an expired request without a new code as abandoned, and forgets them', async () => {
    h = await start();
    const s = await submitInChat(h);
    const other = users.outsider;
    await h.bot.send(personalMessage(h.connector.url, other, 'camreset'));
    const welcome = await waitFor(() => chatOf(other).at(-1), 'the welcome');
    const idle = requestIdIn(textOf(welcome.activity));

    await clock.advance(minutes(60));
    await waitFor(() => said(chatOf()).some((t) => /has expired/.test(t)), 'the expiry');
    expect((await stored(s.id)).challenge?.code).toBeUndefined();
    expect(latestText(h.connector, s.cardMessage)).not.toContain(CODE);

    await clock.advance(HOURS_24);
    await waitFor(() => said(chatOf()).some((t) => /is closed as abandoned/.test(t)), 'the expired request closed');
    await waitFor(() => said(chatOf(other)).some((t) => /is closed as abandoned/.test(t)), 'the untouched intake closed');
    expect(latestText(h.connector, s.cardMessage)).toMatch(/closed, abandoned/);
    expect((await stored(s.id)).state).toBe('abandoned');
    expect((await stored(idle)).state).toBe('abandoned');
    expect(await h.app.desk.openRequests()).toEqual([]);
  });
});
