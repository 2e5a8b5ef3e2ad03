// Agents are who the operator meant: only people of the app's own workspace act as support on
// Slack. A support channel shared with another organisation (Slack Connect), or a user group
// that holds people met through one, has members whose users.info team_id is their own
// organisation's; whatever they click or write on a card is refused privately and changes
// nothing, while the same move by an agent of the workspace works.

import { afterEach, describe, expect, it } from 'vitest';
import { AGENT, AGENT2, AGENTS_GROUP, SUPPORT, SlackWorld, TECH, textOf } from '../../support/slack/harness.js';
import { EXTERNAL_TEAM, type SlackCall, type SlackFake } from '../../support/slack/fake.js';
import { messageEvent } from '../../support/slack/requests.js';
import type { ResetRequest } from '../../../src/core/request.js';

const EXT = 'UEXT1';
const PUK = 'PUK7X2Q9M4K8';

type Card = Awaited<ReturnType<SlackWorld['submitted']>>;

/** What a move may change on a request. */
const snapshot = (r: ResetRequest | undefined) =>
  JSON.stringify(r && { state: r.state, claimedBy: r.claimedBy, puk: r.puk, rejection: r.rejection, audit: r.audit });

const wordCall = (c: SlackCall) => c.method.startsWith('chat.') || c.method.startsWith('views.') || c.method === 'response_url';

/** The two ways Slack connects a support channel to another organisation. */
const SHARED: Array<[string, Record<string, string>, (f: SlackFake) => void]> = [
  [
    'the members of a Slack Connect support channel (no user group set)',
    { SLACK_SUPPORT_USERGROUP: '' },
    (f) => f.externalMember(EXT).channelMembers(SUPPORT, [AGENT, AGENT2, f.botUserId, EXT]),
  ],
  [
    'the members of the support user group',
    {},
    (f) => f.externalMember(EXT).usergroup(AGENTS_GROUP, [AGENT, AGENT2, EXT]).channelMembers(SUPPORT, [AGENT, AGENT2, f.botUserId, EXT]),
  ],
];

describe.each(SHARED)("Slack agents are people of the app's own workspace, among %s", (_label, env, fake) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  /** Runs `move`, then checks that only `user` heard a refusal and the request did not change. */
  async function expectRefusedPrivately(t: Card, user: string, move: () => Promise<unknown>, what: string): Promise<void> {
    await w!.fake.quiet(60);
    const before = w!.fake.calls.length;
    const state = snapshot(await w!.app.desk.get(t.id));
    await move();
    const privateToUser = (c: SlackCall) =>
      (c.method === 'chat.postEphemeral' && c.args.user === user) || (c.method === 'response_url' && c.args.response_type === 'ephemeral');
    const refusal = await w!.fake.waitFor(
      () => w!.fake.calls.slice(before).find((c) => wordCall(c) && privateToUser(c)),
      `a private refusal of ${what}`,
      3000,
    );
    expect(textOf(refusal.args), what).toMatch(/Only support agents can/);
    await w!.fake.quiet(100);
    const said = w!.fake.calls.slice(before).filter(wordCall);
    expect(
      said.filter((c) => !privateToUser(c)).map((c) => `${c.method} ${String(c.args.channel)}`),
      `${what}: posted beyond the refusal`,
    ).toEqual([]);
    expect(snapshot(await w!.app.desk.get(t.id)), `${what}: the request changed`).toBe(state);
  }

  const click = (t: Card, action: string, user: string, userTeam?: string) =>
    w!.slack.click({
      user,
      actionId: `camreset.${action}`,
      value: t.id,
      channel: SUPPORT,
      messageTs: t.card.ts,
      ...(userTeam ? { userTeam } : {}),
    });

  it("refuses an external member's Claim, Send PUK and Reject privately, and changes nothing; the workspace's agent then does all of it", async () => {
    w = await SlackWorld.start({ driver: 'memory', env, fake });
    const t = await w.submitted();

    await expectRefusedPrivately(t, EXT, () => click(t, 'claim', EXT, EXTERNAL_TEAM), 'Claim');
    const opened = w.fake.callsTo('views.open').length;
    await expectRefusedPrivately(t, EXT, () => click(t, 'send_puk', EXT, EXTERNAL_TEAM), 'Send PUK');
    await expectRefusedPrivately(
      t,
      EXT,
      () => w!.slack.event(messageEvent({ user: EXT, team: EXTERNAL_TEAM, channel: SUPPORT, thread_ts: t.card.ts, text: `PUK: ${PUK}` })),
      'a PUK written in the card thread',
    );
    await expectRefusedPrivately(t, EXT, () => click(t, 'reject', EXT, EXTERNAL_TEAM), 'Reject');
    expect(w.fake.callsTo('views.open').slice(opened), 'no form opened for the external member').toEqual([]);

    // The very form an agent was given, submitted by the external member.
    const before = w.fake.callsTo('views.open').length;
    await w.clickCard(t.card, 'reject', AGENT);
    const rejectForm = await w.openedView('camreset.reject', before);
    await expectRefusedPrivately(
      t,
      EXT,
      () => w!.slack.submitView({ user: EXT, userTeam: EXTERNAL_TEAM, view: rejectForm, values: { reason: 'Not a Bosch camera' } }),
      'a submitted Reject form',
    );
    expect(
      w.fake.messages(w.fake.dmOf(TECH)).filter((m) => JSON.stringify(m).includes(PUK)),
      'no PUK reached the technician',
    ).toEqual([]);
    expect(w.fake.callsTo('users.info').some((c) => c.args.user === EXT)).toBe(true);

    // The workspace's own agent: the claim and the PUK go through.
    await w.clickCard(t.card, 'claim', AGENT);
    await w.reply(t, /<@UAGENT1> is working on/);
    expect((await w.app.desk.get(t.id))!.claimedBy).toMatchObject({ platform: 'slack', id: AGENT });
    await w.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
    await w.fake.waitFor(
      () => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => JSON.stringify(m).includes(PUK)),
      "the PUK in the technician's DM",
    );
    expect((await w.app.desk.get(t.id))!.state).toBe('puk_delivered');
    expect(w.fake.ephemerals(AGENT).filter((c) => /Only support agents/.test(textOf(c.args)))).toEqual([]);
  });

  it("refuses the external member's Reject while the workspace's agent rejects the same request", async () => {
    w = await SlackWorld.start({ driver: 'memory', env, fake });
    const t = await w.submitted();
    await expectRefusedPrivately(t, EXT, () => click(t, 'reject', EXT, EXTERNAL_TEAM), 'Reject');
    await w.submitForm(t.card, 'reject', 'camreset.reject', { reason: 'Not a Bosch camera' }, AGENT2);
    await w.reply(t, /Not a Bosch camera/);
    expect((await w.app.desk.get(t.id))!).toMatchObject({ state: 'rejected' });
  });
});

describe('Slack agents and workspaces', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  it("counts a member of an Enterprise Grid org who belongs to the app's workspace as an agent, and one who does not as none", async () => {
    const GRID_IN = 'WGRID1';
    const GRID_OUT = 'WGRID2';
    w = await SlackWorld.start({
      driver: 'memory',
      env: { SLACK_SUPPORT_USERGROUP: '' },
      fake: (f) =>
        f
          .user(GRID_IN, 'grid-in', { team: 'T0OTHERWS', enterpriseTeams: ['T0OTHERWS', f.teamId] })
          .user(GRID_OUT, 'grid-out', { team: 'T0OTHERWS', enterpriseTeams: ['T0OTHERWS'] })
          .channelMembers(SUPPORT, [f.botUserId, GRID_IN, GRID_OUT]),
    });
    const t = await w.submitted();
    await w.clickCard(t.card, 'claim', GRID_OUT);
    const [refusal] = await w.ephemeralsFor(GRID_OUT);
    expect(textOf(refusal!.args)).toMatch(/Only support agents can claim/);
    await w.clickCard(t.card, 'claim', GRID_IN);
    await w.reply(t, /<@WGRID1> is working on/);
  });

  it('says in the start log that every member of the support channel is an agent when no user group is set', async () => {
    const warning = /SLACK_SUPPORT_USERGROUP is not set: every member of the support channel \(of this workspace\) is a support agent/;
    w = await SlackWorld.start({ driver: 'memory', env: { SLACK_SUPPORT_USERGROUP: '' }, logLevel: 'warn' });
    expect(w.logs.filter((l) => warning.test(l))).toHaveLength(1);
    await w.stop();
    w = await SlackWorld.start({ driver: 'memory', logLevel: 'warn' });
    expect(w.logs.filter((l) => warning.test(l))).toEqual([]);
  });

  it('tells the agent privately that camreset is unavailable, and the log what scope is missing, when users:read was never granted', async () => {
    w = await SlackWorld.start({ driver: 'memory', logLevel: 'error' });
    const t = await w.submitted();
    w.fake.failOnce('users.info', 'missing_scope');
    await w.clickCard(t.card, 'claim', AGENT);
    const [r] = await w.ephemeralsFor(AGENT);
    expect(textOf(r!.args)).toMatch(/temporarily unavailable/);
    expect((await w.app.desk.get(t.id))!.state).toBe('awaiting_support');
    expect(w.logs.join('\n')).toMatch(/users:read scope: reinstall the Slack app/);
  });
});
