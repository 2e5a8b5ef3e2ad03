// The Socket Mode stories (socket-mode.test.ts on the memory driver, socket-mode-redis.test.ts on
// Redis: two files, so the two halves of a suite that mostly waits on reconnects run side by side).
// The real app started with SLACK_APP_TOKEN (as the Socket Mode steps of manifests/slack/README.md
// say) connects to the Socket Mode fake, and the same story the HTTP suites tell (story.ts) arrives
// as envelopes on that WebSocket: /camreset, the answers in the thread, the clicks, the PUK form and
// the PUK's DM. Every envelope must be acknowledged within Slack's 3 s (the world fails the test
// otherwise); Slack's refreshes, a dropped socket and an outage of apps.connections.open in the
// middle of a request lose nothing and repeat nothing.

import { afterEach, expect, it } from 'vitest';
import { CODE, DETAILS } from '../desk.js';
import { AGENT, type Driver, SIGNING_SECRET, SlackWorld, TECH, textOf } from './harness.js';
import { messageEvent } from './requests.js';
import { ACK_DEADLINE_MS, SOCKET_APP_TOKEN, SlackSocketMode, type Envelope } from './socket.js';

const PUK = 'PUK7X2Q9M4K8';

const kindOf = (e: Envelope): string =>
  e.type === 'interactive'
    ? String(e.payload.type)
    : e.type === 'events_api'
      ? `event:${(e.payload.event as { type?: string }).type}`
      : String(e.payload.command);

/** The Socket Mode stories on one driver (call inside a describe). */
export function socketModeStories(driver: Driver): void {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const socket = () => w!.socket!;

  it('runs a whole request over the socket, each envelope acknowledged within 3 s and a command before its work', async () => {
    w = await SlackWorld.start({ driver, socketMode: true });
    // The app asked for its WebSocket URL with the app-level token.
    const opens = w.fake.callsTo('apps.connections.open');
    expect(opens.map((c) => c.args.token)).toEqual([SOCKET_APP_TOKEN]);

    const t = await w.submitted();
    await w.clickCard(t.card, 'claim', AGENT);
    await w.cardWhen(t, /Handled by <@UAGENT1>/);
    const before = w.fake.callsTo('views.open').length;
    await w.clickCard(t.card, 'send_puk', AGENT);
    const view = await w.openedView('camreset.puk', before);
    const bad = await w.slack.submitView({ user: AGENT, view, values: { puk: 'abc' } });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.any, expect.stringMatching, ...) are typed any on purpose
    expect(bad.json).toMatchObject({ response_action: 'errors', errors: { puk: expect.any(String) } });
    expect((await w.slack.submitView({ user: AGENT, view, values: { puk: PUK } })).status).toBe(200);
    const dm = w.fake.dmOf(TECH);
    const pukMessage = await w.fake.waitFor(() => w!.fake.messages(dm).find((m) => textOf(m).includes(PUK)), 'the PUK DM');
    expect(textOf(pukMessage)).toMatch(/Next steps/);
    await w.cardWhen(t, /PUK sent by <@UAGENT1>/);
    await w.fake.quiet(200);

    const envelopes = socket().envelopes;
    expect(new Set(envelopes.map(kindOf))).toEqual(new Set(['/camreset', 'event:message', 'block_actions', 'view_submission']));
    for (const e of envelopes) {
      expect(SlackSocketMode.ackMs(e), `${kindOf(e)} acknowledged`).toBeLessThanOrEqual(ACK_DEADLINE_MS);
      expect(e.ackConnection).toBe(e.connection);
    }
    // The slash command is acknowledged before anything it does reaches Slack.
    const command = envelopes.find((e) => e.type === 'slash_commands')!;
    const firstWork = w.fake.calls.find((c) => c.at >= command.sentAt && c.method !== 'apps.connections.open')!;
    expect(command.ackedAt!).toBeLessThanOrEqual(firstWork.at);
    // One connection throughout; the PUK went only to the technician's DM.
    expect(socket().connections).toHaveLength(1);
    expect(
      w.fake.calls.filter((c) => JSON.stringify(c.args).includes(PUK) && !(c.method === 'chat.postMessage' && c.args.channel === dm)),
    ).toEqual([]);
    expect(w.fake.postedTwice()).toEqual([]);
  });

  it.each(['refresh_requested', 'warning'] as const)(
    'reconnects when Slack disconnects (%s) in the middle of /camreset, and the request carries on',
    async (reason) => {
      w = await SlackWorld.start({ driver, socketMode: true });
      // /camreset is acknowledged; its thread is on its way to Slack when the disconnect comes.
      const held = w.fake.hold('chat.postMessage');
      const begun = w.begin();
      await held.arrived;
      const old = socket().disconnect(reason);
      // The app closes the retired connection and finishes the work while it has none.
      await w.fake.waitFor(() => old.closedAt, 'the app to close the retired connection');
      held.release();
      const t = await begun;
      const fresh = await socket().opened(2);

      await w.say(t, `${CODE}\n${DETAILS}`);
      await w.reply(t, /Everything is here/);
      await w.click(t, 'submit', TECH);
      await w.cardOf(t.id);
      await w.fake.quiet(200);

      expect(old.closedAt, 'the app closed the connection Slack retired').toBeDefined();
      expect(fresh.id).toBe(2);
      expect(
        socket()
          .envelopes.filter((e) => e.sentAt > old.retiredAt!)
          .every((e) => e.connection === fresh.id),
      ).toBe(true);
      expect(w.fake.messages().filter((m) => /Camera password reset CR-/.test(m.text))).toHaveLength(1);
      expect(w.cards(t.id)).toHaveLength(1);
      expect(w.fake.postedTwice()).toEqual([]);
    },
  );

  it('reconnects after the socket drops in the middle of an answer, and loses nothing', async () => {
    w = await SlackWorld.start({ driver, socketMode: true });
    const t = await w.begin();
    // The answer is acknowledged and being handled when the network drops the connection.
    const held = w.fake.hold('chat.postMessage');
    await w.say(t, `${CODE}\n${DETAILS}`);
    await held.arrived;
    const old = socket().drop();
    await socket().opened(2);
    held.release();
    await w.reply(t, /Everything is here/);
    expect(old.ended).toBe('dropped');

    // An answer on its way when the connection drops (no ack can come back) is sent again, and handled once.
    socket().dropAfterNextEnvelope();
    const more = w.say(t, 'The label says the camera is in the car park.');
    const third = await socket().opened(3);
    await more;
    await w.click(t, 'submit', TECH);
    await w.cardOf(t.id);
    await w.fake.quiet(300);
    const answers = socket().envelopes.filter((e) => e.type === 'events_api' && JSON.stringify(e.payload).includes('car park'));
    expect(answers.map((e) => e.retry_attempt)).toEqual([0, 1]);
    expect(answers[1]!.connection).toBe(third.id);
    expect(w.cards(t.id)).toHaveLength(1);
    expect(w.fake.postedTwice()).toEqual([]);
  });

  it('handles an event Slack sends again (same event_id, retry_attempt 1) once, as over HTTP', async () => {
    w = await SlackWorld.start({ driver, socketMode: true });
    const t = await w.begin();
    const event = messageEvent({ user: TECH, channel: t.channel, thread_ts: t.thread, text: CODE });
    const first = await w.slack.event(event);
    await w.reply(t, /Got the challenge code/);
    await w.fake.quiet(200);
    const said = w.fake.calls.length;
    await w.slack.event(event, { eventId: first.eventId, retryNum: 1, retryReason: 'timeout' });
    await w.slack.event(event, { eventId: first.eventId, retryNum: 2, retryReason: 'timeout' });
    await w.fake.quiet(300);
    // Read again, the same words would be a second answer ("Got it: model number …").
    expect(w.fake.calls.slice(said)).toEqual([]);
    const sent = socket().envelopes.filter((e) => e.type === 'events_api');
    expect(sent.map((e) => [e.retry_attempt, e.retry_reason])).toEqual([
      [0, ''],
      [1, 'timeout'],
      [2, 'timeout'],
    ]);
    expect(new Set(sent.map((e) => e.envelope_id)).size).toBe(3);
    expect(w.replies(t).filter((m) => /Got the challenge code/.test(textOf(m)))).toHaveLength(1);
  });

  it(
    'keeps reconnecting while apps.connections.open fails several times in a row, and logs no token or ticket',
    { timeout: 60_000 },
    async () => {
      w = await SlackWorld.start({ driver, socketMode: true, logLevel: 'info' });
      const t = await w.begin();
      // Slack is down for its next six answers: more tries than the other Web API calls get.
      w.fake.failHttp('apps.connections.open', 6);
      const opensBefore = w.fake.callsTo('apps.connections.open').length;
      socket().disconnect('refresh_requested');
      await socket().opened(2, 45_000);
      expect(
        w.fake
          .callsTo('apps.connections.open')
          .slice(opensBefore)
          .map((c) => c.status),
      ).toEqual([503, 503, 503, 503, 503, 503, 200]);
      await w.say(t, `${CODE}\n${DETAILS}`);
      await w.reply(t, /Everything is here/);
      const said = w.logs.map((l) => (JSON.parse(l) as { msg: string }).msg).filter((m) => /slack socket/.test(m));
      expect(said).toEqual(['slack socket connected', 'slack socket lost: reconnecting', 'slack socket connected']);
      expect(w.logs.filter((l) => l.includes(SOCKET_APP_TOKEN.slice(5)) || l.includes('ticket='))).toEqual([]);
    },
  );

  it('cannot run against an app started in HTTP mode: no connection, no story', async () => {
    await expect(
      SlackWorld.start({ driver, socketMode: true, env: { SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: SIGNING_SECRET } }),
    ).rejects.toThrow(/opened no Socket Mode connection: it started in HTTP mode/);
  });
}
