// Authorisation matrix: every action × every role, on Slack and on Teams, through the real
// HTTP entry points. Each cell asserts the state afterwards and what was posted to whom.
//
//   allowed   the action happens: the state (or the record) changes as it should, the audit
//             trail names the actor, and the actor gets no refusal.
//   refused   nothing changes, and only the actor hears why: Slack, an ephemeral message (or
//             a response_url answer with response_type ephemeral) for that user only; Teams,
//             the invoke response to the actor, or for a message a card in their own 1:1 chat.
//   ignored   nothing changes and nothing is posted to anyone: the bot's own user id.
//
// | action                       | requester | other tech | agent   | non-agent in support channel | bot itself | unknown user |
// | ---------------------------- | --------- | ---------- | ------- | ---------------------------- | ---------- | ------------ |
// | claim                        | refused   | refused    | allowed | refused                      | ignored    | refused      |
// | release (the holder)         | refused   | refused    | allowed | refused                      | ignored    | refused      |
// | take over (another's claim)  | refused   | refused    | allowed | refused                      | ignored    | refused      |
// | send PUK (button + form)     | refused   | refused    | allowed | refused                      | ignored    | refused      |
// | send PUK (card-thread reply) | refused   | refused    | allowed | refused                      | ignored    | refused      |
// | ask technician               | refused   | refused    | allowed | refused                      | ignored    | refused      |
// | request document             | refused   | refused    | allowed | refused                      | ignored    | refused      |
// | record Bosch ticket          | refused   | refused    | allowed | refused                      | ignored    | refused      |
// | reject                       | refused   | refused    | allowed | refused                      | ignored    | refused      |
// | submit                       | allowed   | refused    | refused | refused                      | ignored    | refused      |
// | edit                         | allowed   | refused    | refused | refused                      | ignored    | refused      |
// | cancel                       | allowed   | refused    | refused | refused                      | ignored    | refused      |
// | reset worked                 | allowed   | refused    | refused | refused                      | ignored    | refused      |
// | it did not work              | allowed   | refused    | refused | refused                      | ignored    | refused      |
//
// For the form actions, a refused role is tried twice: pressing the button, and submitting the
// very form an agent was given (a replayed view_submission / an invoke carrying the inputs).

import { beforeAll, describe, expect, it } from 'vitest';
import type { ResetRequest, State } from '../../src/core/request.js';
import { AGENT, AGENT2, SUPPORT, SlackWorld, TECH, TECH2, type Thread } from '../support/slack/harness.js';
import type { SlackCall, SlackMessage } from '../support/slack/fake.js';
import { messageEvent } from '../support/slack/requests.js';
import { stampOf } from '../../src/platforms/teams/dialogs.js';
import {
  BOT,
  cardAction,
  channelMessage,
  personalChat,
  personalMessage,
  SUPPORT_CHANNEL,
  taskInvoke,
  type TeamsUser,
  users,
} from '../support/teams/activities.js';
import { textOf as teamsText } from '../support/teams/connector.js';
import { startTeams, type TeamsHarness } from '../support/teams/harness.js';
import { CODE, DETAILS, answerPrivately, requestIdIn, withButton, type Submitted } from '../support/teams/story.js';

export const ROLES = ['requester', 'other technician', 'agent', 'non-agent in support channel', 'bot itself', 'unknown user'] as const;
export type Role = (typeof ROLES)[number];
export type Expect = 'allowed' | 'refused' | 'ignored';
export const ACTIONS = [
  'claim',
  'release',
  'take_over',
  'send_puk',
  'send_puk_reply',
  'ask',
  'request_document',
  'record_ticket',
  'reject',
  'submit',
  'edit',
  'cancel',
  'done',
  'failed',
] as const;
export type Action = (typeof ACTIONS)[number];

const AGENT_ACTIONS: readonly Action[] = [
  'claim',
  'release',
  'take_over',
  'send_puk',
  'send_puk_reply',
  'ask',
  'request_document',
  'record_ticket',
  'reject',
];

/** The table above, as data. */
export const MATRIX: Record<Action, Record<Role, Expect>> = Object.fromEntries(
  ACTIONS.map((a) => {
    const owner: Role = AGENT_ACTIONS.includes(a) ? 'agent' : 'requester';
    return [
      a,
      Object.fromEntries(ROLES.map((r) => [r, r === owner ? 'allowed' : r === 'bot itself' ? 'ignored' : 'refused'])) as Record<
        Role,
        Expect
      >,
    ];
  }),
) as Record<Action, Record<Role, Expect>>;

const PUK = 'PUK7X2Q9M4K8';

/** What an allowed action leaves behind: the state, and the audit action it records (if any). */
const ALLOWED: Record<Action, { state: State; audit?: string; check?: (r: ResetRequest) => void }> = {
  claim: { state: 'claimed', audit: 'claimed' },
  release: { state: 'awaiting_support', audit: 'released', check: (r) => expect(r.claimedBy).toBeUndefined() },
  take_over: { state: 'claimed', audit: 'taken_over' },
  send_puk: { state: 'puk_delivered', audit: 'puk_sent' },
  send_puk_reply: { state: 'puk_delivered', audit: 'puk_sent' },
  ask: { state: 'needs_info', audit: 'asked' },
  request_document: { state: 'needs_info', audit: 'document_requested' },
  record_ticket: { state: 'awaiting_support', audit: 'ticket_recorded', check: (r) => expect(r.boschTicket).toBe('#8712345678') },
  reject: { state: 'rejected', audit: 'rejected' },
  submit: { state: 'awaiting_support', audit: 'submitted' },
  edit: { state: 'collecting' },
  cancel: { state: 'cancelled', audit: 'cancelled' },
  done: { state: 'completed', audit: 'completed' },
  failed: { state: 'awaiting_support', audit: 'reset_failed' },
};

/** Which stage of the flow each action is tried at: `claimed` by the agent, `claimed_by_other` by a second agent. */
type Stage = 'collected' | 'submitted' | 'claimed' | 'claimed_by_other' | 'puk';
const STAGE: Record<Action, Stage> = {
  claim: 'submitted',
  release: 'claimed',
  take_over: 'claimed_by_other',
  send_puk: 'submitted',
  send_puk_reply: 'submitted',
  ask: 'submitted',
  request_document: 'submitted',
  record_ticket: 'submitted',
  reject: 'submitted',
  submit: 'collected',
  edit: 'collected',
  cancel: 'collected',
  done: 'puk',
  failed: 'puk',
};

/** Refused and ignored roles first (they change nothing), the one allowed role last. */
const order = (a: Action): Role[] => [...ROLES].sort((x, y) => Number(MATRIX[a][x] === 'allowed') - Number(MATRIX[a][y] === 'allowed'));

/** The part of a request an action may change. */
const snapshot = (r: ResetRequest | undefined) =>
  JSON.stringify(
    r && {
      state: r.state,
      claimedBy: r.claimedBy,
      puk: r.puk,
      question: r.question,
      ticket: r.boschTicket,
      rejection: r.rejection,
      audit: r.audit,
    },
  );

const FORMS: Partial<Record<Action, { callbackId: string; values: Record<string, string>; selects?: string[] }>> = {
  send_puk: { callbackId: 'camreset.puk', values: { puk: PUK } },
  ask: { callbackId: 'camreset.ask', values: { question: 'Which site?' } },
  request_document: { callbackId: 'camreset.document', values: { document: 'invoice', note: 'Bosch asks' }, selects: ['document'] },
  record_ticket: { callbackId: 'camreset.ticket', values: { ticket: '#8712345678' } },
  reject: { callbackId: 'camreset.reject', values: { reason: 'Not a Bosch camera' } },
};

// --- Slack ------------------------------------------------------------------------------

describe('authorisation matrix · Slack', () => {
  let w: SlackWorld;
  const MEMBER = 'UMEMBER';
  const UNKNOWN = 'UUNKNOWN9';
  beforeAll(async () => {
    w = await SlackWorld.start({ driver: 'memory', fake: (f) => f.channelMembers(SUPPORT, [AGENT, AGENT2, f.botUserId, MEMBER]) });
    // Vitest runs what beforeAll returns after the suite: only a world that started is stopped.
    return () => w.stop();
  });

  const idOf = (role: Role): string =>
    ({
      requester: TECH,
      'other technician': TECH2,
      agent: AGENT,
      'non-agent in support channel': MEMBER,
      'bot itself': w.fake.botUserId,
      'unknown user': UNKNOWN,
    })[role];

  interface Req extends Thread {
    card?: SlackMessage;
  }

  async function setup(stage: Stage): Promise<Req> {
    if (stage === 'collected') {
      const t = await w.begin(TECH);
      await w.say(t, `${CODE}\n${DETAILS}`);
      await w.reply(t, /Everything is here/);
      return t;
    }
    const t = await w.submitted(TECH);
    if (stage === 'puk') {
      await w.app.desk.sendPuk(t.id, { platform: 'slack', id: AGENT }, PUK);
      await w.fake.waitFor(
        () => w.fake.messages(w.fake.dmOf(TECH)).find((m) => JSON.stringify(m.blocks).includes('camreset.done')),
        'the PUK DM',
      );
    }
    if (stage === 'claimed' || stage === 'claimed_by_other') {
      await w.app.desk.claim(t.id, { platform: 'slack', id: stage === 'claimed' ? AGENT : AGENT2 });
      await w.cardWhen(await w.cardOf(t.id), /Handled by/);
    }
    await w.fake.quiet(60);
    return t;
  }

  /** The agent opens the form (so a refused role can replay its submission). */
  async function agentView(r: Req, action: Action): Promise<Record<string, unknown>> {
    const before = w.fake.callsTo('views.open').length;
    await w.clickCard(r.card!, action, AGENT);
    return w.openedView(FORMS[action]!.callbackId, before);
  }

  /** One try of `action` by `user`. */
  async function act(r: Req, action: Action, user: string, replayView?: Record<string, unknown>): Promise<void> {
    const form = FORMS[action];
    if (replayView && form) {
      await w.slack.submitView({ user, view: replayView, values: form.values, ...(form.selects ? { selects: form.selects } : {}) });
      return;
    }
    switch (action) {
      case 'send_puk_reply': {
        const event = messageEvent({ user, channel: SUPPORT, thread_ts: r.card!.ts, text: `PUK: ${PUK}` });
        const asked = w.fake.ephemerals(user).length;
        // Slack delivers the bot's own posts with its bot_id.
        await w.slack.event(user === w.fake.botUserId ? { ...event, bot_id: w.fake.botId, subtype: 'bot_message' } : event);
        // An agent who may send it is asked privately first ("Send PUK7… as the PUK?") and says Send.
        const until = Date.now() + 1500;
        while (Date.now() < until && !w.fake.ephemerals(user).slice(asked).length) await new Promise((res) => setTimeout(res, 20));
        if (JSON.stringify(w.fake.ephemerals(user).slice(asked)).includes('camreset.puk_confirm'))
          await w.answerPrivately(user, 'puk_confirm', asked);
        return;
      }
      case 'submit':
      case 'edit':
      case 'cancel':
        await w.click(r, action, user);
        return;
      case 'done':
      case 'failed':
        await w.click(r, action, user, w.fake.dmOf(TECH));
        return;
      default:
        if (form && user === AGENT) {
          const before = w.fake.callsTo('views.open').length;
          await w.clickCard(r.card!, action, user);
          const view = await w.openedView(form.callbackId, before);
          await w.slack.submitView({ user, view, values: form.values, ...(form.selects ? { selects: form.selects } : {}) });
          return;
        }
        await w.clickCard(r.card!, action, user);
    }
  }

  const wordMethods = (c: SlackCall) => c.method.startsWith('chat.') || c.method.startsWith('views.') || c.method === 'response_url';
  const privateTo = (user: string) => (c: SlackCall) =>
    (c.method === 'chat.postEphemeral' && c.args.user === user) ||
    (c.method === 'response_url' && c.args.response_type === 'ephemeral') ||
    (c.method === 'chat.postMessage' && c.args.channel === w.fake.dmOf(user));

  async function expectRefused(r: Req, action: Action, role: Role, replay?: Record<string, unknown>) {
    const user = idOf(role);
    const before = w.fake.calls.length;
    const state = snapshot(await w.app.desk.get(r.id));
    await act(r, action, user, replay);
    await w.fake.waitFor(
      () => w.fake.calls.slice(before).some((c) => wordMethods(c) && privateTo(user)(c)),
      `a private refusal to ${role} for ${action}`,
      3000,
    );
    await w.fake.quiet(60);
    const said = w.fake.calls.slice(before).filter(wordMethods);
    expect(
      said.filter((c) => !privateTo(user)(c)).map((c) => `${c.method} ${String(c.args.channel)}`),
      `${action} by ${role}: posted to others`,
    ).toEqual([]);
    expect(said.map((c) => SlackFake_text(c)).join('\n'), `${action} by ${role}: a reason`).toMatch(/Only|can|cannot|already/);
    expect(snapshot(await w.app.desk.get(r.id)), `${action} by ${role}: state changed`).toBe(state);
  }

  async function expectIgnored(r: Req, action: Action, role: Role) {
    const user = idOf(role);
    const before = w.fake.calls.length;
    const state = snapshot(await w.app.desk.get(r.id));
    await act(r, action, user);
    await w.fake.quiet(150);
    expect(
      w.fake.calls
        .slice(before)
        .filter(wordMethods)
        .map((c) => `${c.method} to ${String(c.args.user ?? c.args.channel)}: ${SlackFake_text(c).slice(0, 80)}`)
        .join(' | '),
      `${action} by ${role}: should be ignored`,
    ).toBe('');
    expect(snapshot(await w.app.desk.get(r.id)), `${action} by ${role}: state changed`).toBe(state);
  }

  async function expectAllowed(r: Req, action: Action, role: Role) {
    const user = idOf(role);
    const before = w.fake.calls.length;
    const auditBefore = (await w.app.desk.get(r.id))!.audit.length;
    await act(r, action, user);
    const want = ALLOWED[action];
    let stored = (await w.app.desk.get(r.id))!;
    const until = Date.now() + 3000;
    while ((stored.state !== want.state || (want.audit && stored.audit.at(-1)?.action !== want.audit)) && Date.now() < until) {
      await new Promise((res) => setTimeout(res, 20));
      stored = (await w.app.desk.get(r.id))!;
    }
    await w.fake.quiet(60);
    expect(stored.state, `${action} by ${role}`).toBe(want.state);
    if (want.audit)
      expect(stored.audit.at(-1), `${action} by ${role}: audit`).toMatchObject({ action: want.audit, actor: `slack:${user}` });
    else expect(stored.audit.length).toBe(auditBefore);
    want.check?.(stored);
    const said = w.fake.calls.slice(before).filter(wordMethods);
    // The agent's own "Send PUK7… as the PUK?" question is no refusal.
    const asksTypist = (c: SlackCall) =>
      c.method === 'chat.postEphemeral' && c.args.user === AGENT && JSON.stringify(c.args).includes('camreset.puk_confirm');
    expect(
      said.filter((c) => c.method === 'chat.postEphemeral' && c.args.user === user && !asksTypist(c)).map(SlackFake_text),
      `${action} by ${role}: refused`,
    ).toEqual([]);
    // The PUK is only ever in the technician's DM (and in the question to the agent who typed it).
    expect(
      w.fake.calls
        .filter(
          (c) =>
            JSON.stringify(c.args).includes(PUK) &&
            !asksTypist(c) &&
            !(c.method === 'chat.postMessage' && c.args.channel === w.fake.dmOf(TECH)),
        )
        .map((c) => c.method),
    ).toEqual([]);
    if (action === 'edit') expect(said.map(SlackFake_text).join('\n')).toMatch(/Type the corrected value/);
    if (action === 'send_puk' || action === 'send_puk_reply')
      expect(said.some((c) => c.args.channel === w.fake.dmOf(TECH) && JSON.stringify(c.args).includes(PUK))).toBe(true);
  }

  for (const action of ACTIONS) {
    it(`${action}: ${order(action)
      .map((r) => `${r} ${MATRIX[action][r]}`)
      .join(', ')}`, async () => {
      const r = await setup(STAGE[action]);
      if (STAGE[action] !== 'collected') r.card = await w.cardOf(r.id);
      const replay = FORMS[action] ? await agentView(r, action) : undefined;
      const failures: string[] = [];
      for (const role of order(action)) {
        try {
          const expected = MATRIX[action][role];
          if (expected === 'allowed') await expectAllowed(r, action, role);
          else if (expected === 'ignored') await expectIgnored(r, action, role);
          else {
            await expectRefused(r, action, role);
            if (replay) await expectRefused(r, action, role, replay);
          }
        } catch (err) {
          failures.push(`${role}: ${(err as Error).message.replace(/\s+/g, ' ').slice(0, 400)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('never lets the bot act as an agent when the support channel members are the agents (the bot is one of them)', async () => {
    const v = await SlackWorld.start({
      driver: 'memory',
      env: { SLACK_SUPPORT_USERGROUP: '' },
      fake: (f) => f.channelMembers(SUPPORT, [AGENT, f.botUserId]),
    });
    try {
      const t = await v.submitted();
      await v.fake.quiet(60);
      const before = v.fake.calls.length;
      await v.clickCard(t.card, 'claim', v.fake.botUserId);
      await v.clickCard(t.card, 'send_puk', v.fake.botUserId);
      await v.fake.quiet(150);
      expect((await v.app.desk.get(t.id))!.state).toBe('awaiting_support');
      expect((await v.app.desk.get(t.id))!.claimedBy).toBeUndefined();
      expect(
        v.fake.calls
          .slice(before)
          .filter((c) => c.method.startsWith('chat.') || c.method.startsWith('views.'))
          .map((c) => `${c.method} ${String(c.args.user ?? c.args.channel)}`)
          .join(' | '),
      ).toBe('');
    } finally {
      await v.stop();
    }
  });
});

function SlackFake_text(c: SlackCall): string {
  return JSON.stringify([c.args.text, c.args.blocks]);
}

// --- Teams ------------------------------------------------------------------------------

describe('authorisation matrix · Teams', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams();
    // Vitest runs what beforeAll returns after the suite: only a world that started is stopped.
    return () => h.close();
  });

  const tech2: TeamsUser = { id: '29:1tech2-bf-id', name: 'Theo Tech', aadObjectId: '00000000-0000-4000-8000-00000000a002' };
  const unknown = { id: '29:1unknown-bf-id', name: 'Nobody Known' } as unknown as TeamsUser;
  const bot = { id: BOT.id, name: BOT.name } as unknown as TeamsUser;
  const userOf = (role: Role): TeamsUser =>
    ({
      requester: users.tech,
      'other technician': tech2,
      agent: users.agent,
      'non-agent in support channel': users.outsider,
      'bot itself': bot,
      'unknown user': unknown,
    })[role];
  const keyOf = (u: TeamsUser) => u.aadObjectId || u.id;

  interface Req extends Submitted {
    chat: string;
    summary?: string;
    pukMessage?: string;
  }

  async function setup(stage: Stage): Promise<Req> {
    const chat = personalChat(users.tech);
    const url = h.connector.url;
    const start = h.connector.sent.length;
    await h.bot.send(personalMessage(url, users.tech, 'camreset'));
    // The chat still holds the previous test's request: the technician says "Start a new one".
    if (h.connector.sent.slice(start).some((s) => /Continue CR-\w+ or start a new one/.test(teamsText(s.activity))))
      await answerPrivately(h, users.tech, 'start_new', start);
    const welcome = await h.connector.waitFor(
      () => h.connector.sent.slice(start).find((s) => s.conversationId === chat && /Password reset CR-/.test(teamsText(s.activity))),
      3000,
      'the welcome',
    );
    const id = requestIdIn(teamsText(welcome.activity));
    await h.bot.send(personalMessage(url, users.tech, `${CODE}\n${DETAILS}`));
    const summary = await h.connector.waitFor(() => withButton(h.connector.sent.slice(start), 'submit'), 3000, 'the summary');
    const r: Req = { id, chat, summary: summary.id, cardConversation: '', cardMessage: '' };
    if (stage === 'collected') return r;
    await h.bot.send(cardAction(url, users.tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }));
    const card = await h.connector.waitFor(
      () => h.connector.sent.slice(start).find((s) => s.kind === 'create' && s.conversationId.startsWith(`${SUPPORT_CHANNEL};`)),
      3000,
      'the card',
    );
    r.cardConversation = card.conversationId;
    r.cardMessage = card.id;
    if (stage === 'puk') {
      await h.app.desk.sendPuk(id, { platform: 'teams', id: users.agent.aadObjectId }, PUK);
      const puk = await h.connector.waitFor(() => withButton(h.connector.sent.slice(start), 'done'), 3000, 'the PUK');
      r.pukMessage = puk.id;
    }
    if (stage === 'claimed' || stage === 'claimed_by_other') {
      await h.app.desk.claim(id, { platform: 'teams', id: (stage === 'claimed' ? users.agent : users.agent2).aadObjectId });
    }
    return r;
  }

  const INPUTS: Partial<Record<Action, Record<string, unknown>>> = {
    send_puk: { puk: PUK },
    ask: { question: 'Which site?' },
    request_document: { document: 'invoice', note: 'Bosch asks' },
    record_ticket: { ticket: '#8712345678' },
    reject: { reason: 'Not a Bosch camera' },
  };

  /** One try; resolves to the invoke response body (or undefined for a message). */
  async function act(r: Req, action: Action, u: TeamsUser): Promise<Record<string, unknown> | undefined> {
    const url = h.connector.url;
    switch (action) {
      case 'send_puk_reply': {
        const asked = h.connector.sent.length;
        await h.bot.send(channelMessage(url, u, `PUK: ${PUK}`, { channel: SUPPORT_CHANNEL, root: r.cardMessage }));
        // An agent who may send it is asked in their 1:1 chat first and says Send.
        const question = h.connector.sent.slice(asked).some((x) => JSON.stringify(x.activity).includes('"puk_confirm"'));
        if (question) await answerPrivately(h, u, 'puk_confirm', asked);
        return undefined;
      }
      case 'submit':
      case 'cancel':
        return (await h.bot.send(cardAction(url, u, r.chat, r.summary!, action, { requestId: r.id, card: 'summary' }))).body as Record<
          string,
          unknown
        >;
      case 'edit':
        // Edit opens the details dialog (task/fetch), reopening the request for editing.
        return dialogAnswer(
          (
            await h.bot.send(
              taskInvoke(url, u, 'task/fetch', r.chat, r.summary, {
                msteams: { type: 'task/fetch' },
                dialog: 'details',
                verb: 'edit',
                requestId: r.id,
                card: 'summary',
              }),
            )
          ).body,
        );
      case 'done':
        return (await h.bot.send(cardAction(url, u, r.chat, r.pukMessage!, action, { requestId: r.id, card: 'puk' }))).body as Record<
          string,
          unknown
        >;
      case 'failed':
        return submitForm(r, u, r.chat, r.pukMessage!, 'failed', 'failed', 'puk', { note: 'Page said invalid' });
      case 'claim':
      case 'release':
      case 'take_over':
        return (await h.bot.send(cardAction(url, u, r.cardConversation, r.cardMessage, action, { requestId: r.id, card: 'support' })))
          .body as Record<string, unknown>;
      default:
        return submitForm(
          r,
          u,
          r.cardConversation,
          r.cardMessage,
          action === 'request_document' || action === 'record_ticket' ? 'paperwork' : action,
          action,
          'support',
          INPUTS[action] ?? {},
        );
    }
  }

  /**
   * A form's task/submit exactly as the dialog would send it, with the request's current stamp,
   * sent straight by `u` whether or not they could have opened the dialog: what the core lets
   * through here is what anyone could forge.
   */
  async function submitForm(
    r: Req,
    u: TeamsUser,
    conversation: string,
    message: string,
    dialog: string,
    verb: string,
    card: string,
    inputs: Record<string, unknown>,
  ) {
    const stamp = stampOf((await h.app.desk.get(r.id))!);
    return dialogAnswer(
      (
        await h.bot.send(
          taskInvoke(h.connector.url, u, 'task/submit', conversation, message, { dialog, verb, requestId: r.id, card, stamp, ...inputs }),
        )
      ).body,
    );
  }

  /** A dialog's answer in the matrix's terms: a message (done, or refused), or a dialog card (opened). */
  function dialogAnswer(body: unknown): Record<string, unknown> | undefined {
    const task = (body as { task?: { type?: string; value?: unknown } } | undefined)?.task;
    if (!task) return body as Record<string, unknown> | undefined;
    return task.type === 'message' ? { type: 'dialog message', value: task.value } : { type: 'dialog card', value: task.value };
  }

  /** Conversations that are `u`'s own 1:1 chat with the bot. */
  const ownChat = (u: TeamsUser, conversationId: string) =>
    conversationId === personalChat(u) ||
    h.connector.created.some(
      (c) => c.id === conversationId && JSON.stringify(c.parameters.members) === JSON.stringify([{ id: u.id, name: u.name }]),
    );

  async function expectRefused(r: Req, action: Action, role: Role) {
    const u = userOf(role);
    const before = h.connector.sent.length;
    const state = snapshot(await h.app.desk.get(r.id));
    const body = await act(r, action, u);
    const sent = h.connector.sent.slice(before);
    if (body) {
      expect(['application/vnd.microsoft.activity.message', 'dialog message'], `${action} by ${role}: invoke response`).toContain(
        body.type,
      );
      expect(String(body.value)).toMatch(/Only|can|cannot/);
      expect(
        sent.map((s) => `${s.kind} ${s.conversationId}`),
        `${action} by ${role}: posted`,
      ).toEqual([]);
    } else {
      expect(sent.length, `${action} by ${role}: a private refusal`).toBeGreaterThan(0);
      expect(
        sent.filter((s) => !ownChat(u, s.conversationId)).map((s) => `${s.kind} ${s.conversationId}`),
        `${action} by ${role}: posted to others`,
      ).toEqual([]);
      expect(sent.map((s) => teamsText(s.activity)).join('\n')).toMatch(/Only support agents/);
    }
    expect(snapshot(await h.app.desk.get(r.id)), `${action} by ${role}: state changed`).toBe(state);
  }

  async function expectIgnored(r: Req, action: Action, role: Role) {
    const u = userOf(role);
    const before = h.connector.sent.length;
    const createdBefore = h.connector.created.length;
    const state = snapshot(await h.app.desk.get(r.id));
    const body = await act(r, action, u);
    expect(
      h.connector.sent
        .slice(before)
        .map((s) => `${s.kind} ${s.conversationId}: ${teamsText(s.activity).slice(0, 80)}`)
        .join(' | '),
      `${action} by ${role}: should be ignored`,
    ).toBe('');
    expect(h.connector.created.length, `${action} by ${role}: opened a chat`).toBe(createdBefore);
    if (body) expect(['application/vnd.microsoft.card.adaptive', 'dialog card'], `${action} by ${role}: acted on`).not.toContain(body.type);
    expect(snapshot(await h.app.desk.get(r.id)), `${action} by ${role}: state changed`).toBe(state);
  }

  async function expectAllowed(r: Req, action: Action, role: Role) {
    const u = userOf(role);
    const before = h.connector.sent.length;
    const auditBefore = (await h.app.desk.get(r.id))!.audit.length;
    const body = await act(r, action, u);
    if (body)
      expect(
        ['application/vnd.microsoft.card.adaptive', 'dialog message', 'dialog card'],
        `${action} by ${role}: invoke response`,
      ).toContain(body.type);
    if (body?.type === 'dialog message')
      expect(String(body.value), `${action} by ${role}: dialog answer`).not.toMatch(/Only|cannot|changed while/);
    const stored = (await h.app.desk.get(r.id))!;
    const want = ALLOWED[action];
    expect(stored.state, `${action} by ${role}`).toBe(want.state);
    if (want.audit)
      expect(stored.audit.at(-1), `${action} by ${role}: audit`).toMatchObject({ action: want.audit, actor: `teams:${keyOf(u)}` });
    else expect(stored.audit.length).toBe(auditBefore);
    want.check?.(stored);
    const sent = h.connector.sent.slice(before);
    // The PUK only ever goes to the technician's chat.
    const asksTypist = (s: (typeof h.connector.sent)[number]) =>
      !s.conversationId.startsWith('19:') && JSON.stringify(s.activity).includes('"puk_confirm"');
    expect(
      h.connector.sent
        .filter((s) => JSON.stringify(s.activity).includes(PUK) && s.conversationId !== r.chat && !asksTypist(s))
        .map((s) => s.conversationId),
    ).toEqual([]);
    if (action === 'send_puk' || action === 'send_puk_reply')
      expect(sent.some((s) => s.conversationId === r.chat && JSON.stringify(s.activity).includes(PUK))).toBe(true);
    expect(sent.filter((s) => /Only support agents|Only @/.test(teamsText(s.activity)))).toEqual([]);
  }

  for (const action of ACTIONS) {
    it(`${action}: ${order(action)
      .map((r) => `${r} ${MATRIX[action][r]}`)
      .join(', ')}`, async () => {
      const r = await setup(STAGE[action]);
      const failures: string[] = [];
      for (const role of order(action)) {
        try {
          const expected = MATRIX[action][role];
          if (expected === 'allowed') await expectAllowed(r, action, role);
          else if (expected === 'ignored') await expectIgnored(r, action, role);
          else await expectRefused(r, action, role);
        } catch (err) {
          failures.push(`${role}: ${(err as Error).message.replace(/\s+/g, ' ').slice(0, 400)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
