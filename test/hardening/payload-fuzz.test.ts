// Property-based fuzzing of every platform payload, through the real HTTP entry points (signed,
// for Slack): slash commands, Events API callbacks, block_actions and view_submission payloads on
// POST /slack/events; Bot Framework bodies, message activities and adaptiveCard/action invokes on
// POST /api/messages. The server never answers 5xx, never crashes (it still answers /healthz),
// and every word it says back is a readable sentence: no stack trace, no "undefined", no
// "[object …]". These runs prove the wiring; the 10,000-case runs of each parser are in process,
// in parsers-fuzz.test.ts.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENT, FIELD, SUPPORT, SlackWorld, TECH } from '../support/slack/harness.js';
import { SlackFake } from '../support/slack/fake.js';
import { personalChat, SUPPORT_CHANNEL, TENANT, users } from '../support/teams/activities.js';
import { textOf as teamsText } from '../support/teams/connector.js';
import { handleCardAction } from '../../src/platforms/teams/actions.js';
import { createTestDesk } from '../support/desk.js';
import { signerFor, startTeams, type TeamsHarness } from '../support/teams/harness.js';
import { SEED, junk, maybe, requestId, text, unreadable } from '../support/hardening/arbitraries.js';

// Over HTTP each case costs a signed round trip and the handler's work (~3 ms on a 2-CPU box),
// so the end-to-end runs are sampled. handleCardAction is the whole Teams card path short of
// botbuilder, so it gets its 10,000 cases here with the desk behind it.
const RUNS = 400;
const IN_PROCESS_RUNS = 10_000;
/** Interactivity payloads open modals and post refusals: each costs several Web API calls. */
const INTERACTIVE_RUNS = 150;
const CONCURRENCY = 48;

/** The first cases that got a 5xx, for the failure message. */
const failing: string[] = [];

/** Sends every case, CONCURRENCY at a time; resolves to the HTTP statuses seen. */
async function blast<T>(cases: T[], send: (c: T) => Promise<number>): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  failing.length = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const status = await send(c);
        if (status >= 500 && status !== 501 && failing.length < 3) failing.push(JSON.stringify(c).slice(0, 600));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

const slackUser = fc.constantFrom(TECH, AGENT, 'UBOT', 'USTRANGER', '', 'W123');

describe('payload fuzzing · Slack (POST /slack/events, signed)', () => {
  let w: SlackWorld;
  beforeAll(async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    // Vitest runs what beforeAll returns after the suite: only a world that started is stopped.
    return () => w.stop();
  });
  // A real request and card, so some random payloads hit live ids.
  beforeAll(async () => {
    await w.submitted();
  });

  async function check(statuses: Map<number, number>) {
    await w.fake.quiet(200, 30_000);
    expect(
      [...statuses.keys()].filter((s) => s >= 500),
      `5xx for: ${failing.join('\n')}`,
    ).toEqual([]);
    const said = w.fake.wordCalls().map((c) => SlackFake.textOf({ text: c.args.text, blocks: c.args.blocks, view: c.args.view }));
    expect(said.filter(unreadable)).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${w.port}/healthz`)).status).toBe(200);
  }

  it('slash commands', async () => {
    const cases = fc.sample(fc.record({ user: slackUser, channel: fc.constantFrom(FIELD, SUPPORT, 'DX1', ''), text }), {
      numRuns: RUNS,
      seed: SEED,
    });
    await check(await blast(cases, async (c) => (await w.slack.command(c)).status));
  });

  it('Events API callbacks', async () => {
    const event = fc.oneof(
      fc.record({
        type: fc.constantFrom('message', 'app_home_opened', 'app_mention', 'reaction_added'),
        channel: maybe(fc.oneof(fc.constantFrom(FIELD, SUPPORT), fc.string({ maxLength: 10 }))),
        user: maybe(slackUser),
        text: maybe(junk),
        ts: maybe(fc.constantFrom('1700001000.000001', '1.2', '')),
        thread_ts: maybe(fc.constantFrom('1700001000.000001', '1.2', '')),
        subtype: maybe(fc.constantFrom('file_share', 'bot_message', 'message_changed', 'thread_broadcast')),
        bot_id: maybe(fc.constantFrom('BBOT', 'B2')),
        files: maybe(
          fc.oneof(
            fc.array(fc.record({ name: maybe(text), permalink: maybe(text), url_private: maybe(text), title: maybe(junk) }), {
              maxLength: 3,
            }),
            junk,
          ),
        ),
        tab: maybe(fc.constantFrom('home', 'messages')),
      }),
      fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 5 }),
    );
    // Replies in the live request's thread and card thread too.
    const thread = w.fake.messages(FIELD).find((m) => !m.thread_ts)!.ts;
    const card = w.fake.messages(SUPPORT).find((m) => !m.thread_ts)!.ts;
    const cases = fc.sample(fc.tuple(event, fc.constantFrom(undefined, thread, card)), { numRuns: RUNS, seed: SEED });
    await check(
      await blast(
        cases,
        async ([e, t]) =>
          (await w.slack.event(t && typeof e === 'object' && 'type' in e ? { ...e, thread_ts: t } : (e as Record<string, unknown>))).status,
      ),
    );
  });

  it('block_actions payloads', async () => {
    const action = fc.record({
      type: maybe(fc.constantFrom('button', 'static_select')),
      action_id: fc.oneof(
        fc.constantFrom(
          'camreset.claim',
          'camreset.send_puk',
          'camreset.ask',
          'camreset.reject',
          'camreset.submit',
          'camreset.edit',
          'camreset.cancel',
          'camreset.done',
          'camreset.failed',
          'camreset.use_form',
          'camreset.request_document',
          'camreset.record_ticket',
          'camreset.nope',
        ),
        fc.string({ maxLength: 20 }),
      ),
      value: maybe(fc.oneof(requestId, junk)),
      block_id: maybe(text),
    });
    const payload = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          type: fc.constant('block_actions'),
          user: fc.oneof(fc.record({ id: slackUser, username: maybe(text), name: maybe(junk) }), junk),
          trigger_id: maybe(fc.oneof(fc.constant(`${Date.now()}.1.abc`), text)),
          channel: maybe(fc.oneof(fc.record({ id: fc.constantFrom(FIELD, SUPPORT, 'DUTECH1') }), junk)),
          container: maybe(
            fc.oneof(
              fc.record({
                type: fc.constantFrom('message', 'view'),
                channel_id: maybe(fc.constantFrom(FIELD, SUPPORT)),
                thread_ts: maybe(text),
                message_ts: maybe(text),
              }),
              junk,
            ),
          ),
          message: maybe(junk),
          actions: fc.oneof(fc.array(action, { minLength: 0, maxLength: 2 }), junk),
          team: fc.constant({ id: 'T0001', domain: 'camreset-test' }),
          api_app_id: fc.constant('A0CAMRESET'),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 5 }).map((d) => ({ ...d, type: 'block_actions' })),
      },
    );
    const cases = fc.sample(payload, { numRuns: INTERACTIVE_RUNS, seed: SEED });
    await check(
      await blast(
        cases,
        async (p) =>
          (await w.slack.send(new URLSearchParams({ payload: JSON.stringify(p) }).toString(), 'application/x-www-form-urlencoded')).status,
      ),
    );
  });

  it('view_submission payloads', async () => {
    const values = fc.dictionary(
      fc.constantFrom('puk', 'question', 'reason', 'ticket', 'document', 'note', 'challenge', 'model', 'mac', 'firmware', 'serial', 'x'),
      fc.oneof(
        fc.record({ value: fc.record({ type: fc.constant('plain_text_input'), value: fc.oneof(text, fc.constant(null)) }) }),
        fc.record({
          value: fc.record({
            type: fc.constant('static_select'),
            selected_option: fc.oneof(fc.constant(null), fc.record({ value: fc.oneof(fc.constantFrom('invoice', 'label_photo'), text) })),
          }),
        }),
        junk,
      ),
      { maxKeys: 6 },
    );
    const payload = fc.record({
      type: fc.constant('view_submission'),
      user: fc.record({ id: slackUser, name: maybe(text) }),
      team: fc.constant({ id: 'T0001', domain: 'camreset-test' }),
      api_app_id: fc.constant('A0CAMRESET'),
      view: fc.record({
        id: fc.constant('V0MODAL'),
        type: fc.constant('modal'),
        callback_id: fc.oneof(
          fc.constantFrom('camreset.form', 'camreset.puk', 'camreset.ask', 'camreset.reject', 'camreset.document', 'camreset.ticket'),
          text,
        ),
        private_metadata: fc.oneof(
          fc.record({ id: requestId, channel: maybe(fc.constantFrom(FIELD, SUPPORT)), thread: maybe(text) }).map((m) => JSON.stringify(m)),
          fc.json({ maxDepth: 2 }),
          text,
        ),
        state: fc.oneof(fc.record({ values }), junk),
      }),
    });
    const cases = fc.sample(payload, { numRuns: INTERACTIVE_RUNS, seed: SEED });
    await check(
      await blast(
        cases,
        async (p) =>
          (await w.slack.send(new URLSearchParams({ payload: JSON.stringify(p) }).toString(), 'application/x-www-form-urlencoded')).status,
      ),
    );
  });
});

describe('payload fuzzing · Teams (POST /api/messages)', () => {
  let h: TeamsHarness;
  const answers: unknown[] = [];
  beforeAll(async () => {
    h = await startTeams();
    // Vitest runs what beforeAll returns after the suite: only a world that started is stopped.
    return () => h.close();
  });

  /** Signed as the Bot Connector would sign it, so the fuzz reaches the bot, not only the token check. */
  function authorization(body: string): Record<string, string> {
    try {
      const value: unknown = JSON.parse(body);
      if (value && typeof value === 'object' && !Array.isArray(value))
        return { authorization: signerFor(h.identity!)(value as Record<string, unknown>) };
    } catch {
      /* not JSON: nothing to sign */
    }
    return {};
  }

  async function post(body: string): Promise<number> {
    const res = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization(body) },
      body,
    });
    const raw = await res.text();
    try {
      answers.push(raw ? JSON.parse(raw) : undefined);
    } catch {
      answers.push(raw);
    }
    return res.status;
  }

  async function check(statuses: Map<number, number>) {
    // 501 is Bot Framework's documented answer to an invoke no handler implements.
    expect(
      [...statuses.keys()].filter((s) => s >= 500 && s !== 501),
      `${JSON.stringify([...statuses])} 5xx for: ${failing.join('\n')}`,
    ).toEqual([]);
    // botbuilder's own 400 for an invoke without an action ("The action 'undefined' is not supported.") is the library's, not ours.
    const words = answers
      .filter((a) => !(a && typeof a === 'object' && (a as { type?: unknown }).type === 'application/vnd.microsoft.error'))
      .map((a) => (typeof a === 'string' ? a : JSON.stringify(a ?? '')));
    expect(words.filter(unreadable).slice(0, 5)).toEqual([]);
    expect(h.connector.sent.map((s) => teamsText(s.activity)).filter(unreadable)).toEqual([]);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    answers.length = 0;
  }

  const from = fc.oneof(
    fc.constantFrom(users.tech, users.agent, users.outsider).map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId })),
    junk,
  );
  const conversation = fc.oneof(
    fc.constant({ conversationType: 'personal', tenantId: TENANT, id: personalChat(users.tech) }),
    fc.constant({ isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${SUPPORT_CHANNEL};messageid=1` }),
    fc.record({ id: fc.string({ maxLength: 20 }), conversationType: maybe(text), isGroup: maybe(fc.boolean()) }),
  );

  it('raw bodies (not JSON, not objects, no type)', async () => {
    // JSON.stringify answers undefined for undefined (fc.anything makes it), whatever its type says.
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.anything({ maxDepth: 2 }).map((a) => (JSON.stringify(a) as string | undefined) ?? 'null'),
    );
    const cases = fc.sample(body, { numRuns: RUNS, seed: SEED });
    await check(await blast(cases, post));
  });

  it('message activities', async () => {
    const activity = fc.record({
      type: fc.constantFrom('message', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'typing', 'event', 'x'),
      id: maybe(fc.string({ maxLength: 10 })),
      channelId: maybe(fc.constantFrom('msteams', 'emulator', '')),
      serviceUrl: fc.constant(''),
      from,
      recipient: fc.constant({ id: '28:camreset-bot', name: 'camreset' }),
      conversation,
      text: maybe(junk),
      attachments: maybe(
        fc.oneof(
          fc.array(
            fc.record({
              contentType: maybe(fc.constantFrom('image/png', 'reference', 'text/html')),
              contentUrl: maybe(text),
              name: maybe(junk),
            }),
            { maxLength: 3 },
          ),
          junk,
        ),
      ),
      entities: maybe(
        fc.oneof(
          fc.array(
            fc.record({
              type: fc.constantFrom('mention', 'clientInfo'),
              mentioned: maybe(fc.oneof(fc.constant({ id: '28:camreset-bot' }), junk)),
              text: maybe(text),
            }),
            { maxLength: 2 },
          ),
          junk,
        ),
      ),
      channelData: maybe(fc.oneof(fc.constant({ tenant: { id: TENANT } }), junk)),
      membersAdded: maybe(junk),
      replyToId: maybe(text),
    });
    const cases = fc.sample(activity, { numRuns: RUNS, seed: SEED }).map((a) => ({ ...a, serviceUrl: h.connector.url }));
    await check(await blast(cases, (a) => post(JSON.stringify(a))));
  });

  it('adaptiveCard/action invokes', async () => {
    const data = fc.oneof(
      fc.record({
        requestId: requestId,
        card: fc.oneof(fc.constantFrom('notice', 'summary', 'puk', 'form', 'support'), text),
        puk: maybe(junk),
        question: maybe(junk),
        reason: maybe(junk),
        ticket: maybe(junk),
        note: maybe(junk),
        document: maybe(fc.oneof(fc.constantFrom('invoice', 'label_photo'), text)),
        challenge: maybe(text),
        model: maybe(text),
        mac: maybe(text),
        firmware: maybe(text),
        serial: maybe(text),
      }),
      junk,
    );
    const invoke = fc.record({
      type: fc.constant('invoke'),
      name: fc.oneof(fc.constantFrom('adaptiveCard/action', 'composeExtension/query', 'task/fetch'), text),
      id: maybe(fc.string({ maxLength: 10 })),
      channelId: fc.constant('msteams'),
      from,
      recipient: fc.constant({ id: '28:camreset-bot', name: 'camreset' }),
      conversation,
      value: fc.oneof(
        fc.record({
          action: fc.oneof(
            fc.record({
              type: fc.constant('Action.Execute'),
              verb: fc.oneof(
                fc.constantFrom(
                  'claim',
                  'send_puk',
                  'ask',
                  'reject',
                  'submit',
                  'edit',
                  'cancel',
                  'done',
                  'failed',
                  'use_form',
                  'set_fields',
                  'request_document',
                  'record_ticket',
                ),
                text,
              ),
              data,
            }),
            junk,
          ),
          trigger: maybe(text),
        }),
        junk,
      ),
    });
    const cases = fc.sample(invoke, { numRuns: RUNS, seed: SEED }).map((a) => ({ ...a, serviceUrl: h.connector.url }));
    await check(await blast(cases, (a) => post(JSON.stringify(a))));
  });
});

describe('payload fuzzing · Teams card actions in-process (handleCardAction)', () => {
  it(`parses ${IN_PROCESS_RUNS} random Action.Execute data without throwing; refusals are readable`, async () => {
    const t = createTestDesk({ agents: [{ platform: 'teams', id: users.agent.aadObjectId }] });
    const live = await t.submitted({ platform: 'teams', id: users.tech.aadObjectId });
    const by = fc
      .constantFrom(users.tech, users.agent, users.outsider)
      .map((u) => ({ platform: 'teams' as const, id: u.aadObjectId, name: u.name }));
    const data = fc.oneof(
      fc.record({
        requestId: fc.oneof(fc.constant(live.id), requestId),
        card: fc.oneof(fc.constantFrom('notice', 'summary', 'puk', 'form', 'support'), text),
        puk: maybe(junk),
        question: maybe(junk),
        reason: maybe(junk),
        ticket: maybe(junk),
        note: maybe(junk),
        document: maybe(junk),
        challenge: maybe(junk),
        model: maybe(text),
        mac: maybe(text),
      }),
      junk,
    );
    const verb = fc.oneof(
      fc.constantFrom(
        'claim',
        'send_puk',
        'ask',
        'reject',
        'submit',
        'edit',
        'cancel',
        'done',
        'failed',
        'use_form',
        'set_fields',
        'request_document',
        'record_ticket',
      ),
      text,
    );
    await fc.assert(
      fc.asyncProperty(by, verb, data, async (actor, v, d) => {
        const r = await handleCardAction(t.desk, actor, 'UTC', v, d);
        expect(r.statusCode).toBe(200);
        if (r.type === 'application/vnd.microsoft.activity.message') {
          // A message answer's value is its text, though botbuilder types every value as an object.
          const value: unknown = r.value;
          const said = String(value);
          expect(unreadable(said), said).toBe(false);
        } else expect(r.type).toBe('application/vnd.microsoft.card.adaptive');
      }),
      { numRuns: IN_PROCESS_RUNS, seed: SEED },
    );
    await t.close();
  });
});
