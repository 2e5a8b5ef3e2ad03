// The playground beside a real platform (issue 10.2): with Slack configured (against the Slack
// fake) and PLAYGROUND=on, the playground runs on a desk, store and clock of its own. A Slack
// request never shows on any playground route and is untouched by its speed, its Reset and a
// claim pressed in its Support pane; the Slack flow then completes. Beside a platform the
// playground answers only clients on this machine.

import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CODE, CODE2, DETAILS } from '../support/desk.js';
import {
  findAction,
  type Json,
  type PaneInfo,
  type PlaygroundRig,
  DirectLinePane,
  readable,
  startPlayground,
} from '../support/playground/directline.js';
import { requestFrom } from '../support/playground/remote.js';
import { AGENT, SlackWorld, TECH, describeDrivers, textOf } from '../support/slack/harness.js';
import { REQUEST_ID } from '../support/request-id.js';

const PUK = 'PUK7X2Q9M4K8';

describeDrivers('the playground beside Slack (PLAYGROUND=on)', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  /** Every answer of a playground route, to check afterwards that none of them knows the Slack request. */
  const answers: string[] = [];
  const call = async (base: string, path: string, init?: RequestInit): Promise<Response> => {
    const res = await fetch(`${base}${path}`, init);
    answers.push(`${path} ${res.status} ${await res.clone().text()}`);
    return res;
  };
  const post = (base: string, path: string, body: unknown) =>
    call(base, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('never shows, speeds up, resets or lets anyone claim a Slack request, and the Slack flow then completes', async () => {
    answers.length = 0;
    w = await SlackWorld.start({ driver, env: { PLAYGROUND: 'on' }, logLevel: 'warn' });
    const base = `http://127.0.0.1:${w.port}`;
    expect(w.logs.join('')).toContain('PLAYGROUND=on beside Slack');
    const slack = await w.submitted();
    const filed = (await w.app.desk.get(slack.id))!;
    expect(filed.state).toBe('awaiting_support');

    // The page, the session and the status know nothing of it.
    expect((await call(base, '/')).status).toBe(200);
    const session = (await (await call(base, '/playground/session')).json()) as { panes: PaneInfo[] };
    const status = async () =>
      (await (await call(base, '/playground/status')).json()) as { scale: number; requests: Array<{ id: string; state: string }> };
    expect((await status()).requests).toEqual([]);

    // A request of the playground's own, through its panes, to the card in its Support pane.
    const pane = (key: string) =>
      new DirectLinePane(
        base,
        session.panes.find((p) => p.key === key)!,
      );
    const technician = pane('technician');
    const support = pane('support');
    await technician.say('camreset');
    const started = await technician.waitFor((a) => /Password reset CR-\w{4} started/.test(readable(a)));
    const own = REQUEST_ID.exec(readable(started))![0];
    await technician.say(`${CODE2}\n${DETAILS}`);
    await technician.press(await technician.waitFor((a) => !!findAction(a, 'submit')), 'submit');
    const card = await support.waitFor((a) => !!findAction(a, 'claim'));
    expect((await status()).requests.map((r) => r.id)).toEqual([own]);

    // Buttons pressed in the Support pane for the Slack request's id reach only the playground's desk.
    const slackCalls = w.fake.calls.length;
    const refusals: unknown[] = [];
    // Claim is a card button (Action.Execute); the forms open Teams dialogs (task/fetch), refused before any opens.
    const forgeries = [
      { requestId: slack.id, card: 'support', __playground: { type: 'Action.Execute', verb: 'claim', activityId: String(card.id) } },
      ...(['send_puk', 'ask', 'reject'] as const).map((dialog) => ({
        msteams: { type: 'task/fetch' },
        dialog,
        requestId: slack.id,
        card: 'support',
        __playground: { type: 'Action.Submit', activityId: String(card.id) },
      })),
    ];
    for (const forged of forgeries) {
      const seen = support.seen.length;
      expect((await support.post({ type: 'message', channelData: { postBack: true }, value: forged })).status).toBe(200);
      refusals.push(
        (await support.waitFor((a) => support.seen.indexOf(a) >= seen && readable(a).includes(`I could not find ${slack.id}.`))).id,
      );
    }
    await w.fake.quiet(200);
    expect(w.fake.calls.slice(slackCalls)).toEqual([]);
    // The control: the same press for the playground's own request claims it.
    await support.press(card, 'claim');
    await support.waitFor((a) => a.id === card.id && readable(a).includes('Handled by'));
    expect((await w.app.desk.get(slack.id))!).toMatchObject({ state: 'awaiting_support' });
    expect((await w.app.desk.get(slack.id))!.claimedBy).toBeUndefined();

    // 3600x: the playground's request runs out in about a second of real time; Slack's does not move.
    expect((await post(base, '/playground/time-scale', { scale: 3600 })).status).toBe(200);
    await technician.waitFor((a) => readable(a).includes(`The challenge code of ${own} has expired.`), 20_000);
    expect(Math.abs(w.app.desk.now() - Date.now())).toBeLessThan(1000);
    const after = (await w.app.desk.get(slack.id))!;
    expect(after.state).toBe('awaiting_support');
    expect(after.challenge?.expiresAt).toBe(filed.challenge?.expiresAt);
    expect(w.replies(slack).filter((m) => /expires in|has expired/.test(textOf(m)))).toEqual([]);

    // Reset clears the playground only.
    expect((await post(base, '/playground/reset', {})).status).toBe(200);
    expect((await status()).requests).toEqual([]);
    expect((await w.app.desk.openRequests()).map((r) => r.id)).toEqual([slack.id]);
    // The connector emulation is not on the deployment's server at all.
    expect((await call(base, '/playground/connector/v3/conversations/x/members')).status).toBe(404);

    // Nothing any playground route answered carries the Slack request or its challenge code.
    // (What the bot said, not the panes' echoes of what their people posted nor its answers to the forged id.)
    const fromBot = [...technician.seen, ...support.seen].filter((a: Json) => (a.from as Json).role !== 'user' && !refusals.includes(a.id));
    answers.push(...fromBot.map((a) => JSON.stringify(a)));
    for (const answer of answers) {
      expect(answer).not.toContain(slack.id);
      expect(answer).not.toContain(CODE);
    }

    // And the Slack flow completes, on real time.
    await w.clickCard(slack.card, 'claim', AGENT);
    await w.reply(slack, /<@UAGENT1> is working on/);
    expect((await w.submitForm(slack.card, 'send_puk', 'camreset.puk', { puk: PUK })).status).toBe(200);
    await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => textOf(m).includes(PUK)), 'the PUK DM');
    await w.click(slack, 'done', TECH, w.fake.dmOf(TECH));
    await w.reply(slack, /is done/);
    await w.cardWhen(slack, /confirmed the reset worked/);
    expect((await w.app.desk.get(slack.id))!.state).toBe('completed');
  }, 60_000);
});

/** Every route the playground serves, as a client would call it. */
function routes(conversationId: string): Array<{ method: string; url: string; body?: string }> {
  return [
    { method: 'GET', url: '/' },
    { method: 'GET', url: '/playground/app.js' },
    { method: 'GET', url: '/playground/docs/README.md' },
    { method: 'GET', url: '/playground/session' },
    { method: 'GET', url: '/playground/status' },
    { method: 'POST', url: '/playground/time-scale', body: '{"scale":600}' },
    { method: 'POST', url: '/playground/reset', body: '{}' },
    { method: 'POST', url: '/v3/directline/tokens/refresh' },
    { method: 'GET', url: `/v3/directline/conversations/${conversationId}/activities` },
    { method: 'POST', url: `/v3/directline/conversations/${conversationId}/activities`, body: '{"type":"message","text":"camreset"}' },
  ];
}

/** A GET over real HTTP on loopback with headers fetch would not send as given (Host). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('whom the playground answers', () => {
  let w: SlackWorld | undefined;
  let rig: PlaygroundRig | undefined;
  afterEach(async () => {
    await w?.stop();
    await rig?.app.stop();
    w = undefined;
    rig = undefined;
  });

  it('beside Slack, refuses every playground route to a client on another machine and changes nothing', async () => {
    w = await SlackWorld.start({ driver: 'memory', env: { PLAYGROUND: 'on' } });
    const base = `http://127.0.0.1:${w.port}`;
    const session = (await (await fetch(`${base}/playground/session`)).json()) as { panes: PaneInfo[] };
    const technician = new DirectLinePane(
      base,
      session.panes.find((p) => p.key === 'technician')!,
    );
    await technician.say('camreset');
    await technician.waitFor((a) => /Password reset CR-\w{4} started/.test(readable(a)));
    const status = async () => (await (await fetch(`${base}/playground/status`)).json()) as { scale: number; requests: unknown[] };
    expect(await status()).toMatchObject({ scale: 1, requests: [expect.anything()] });

    const auth = { authorization: `Bearer ${technician.info.token}` };
    for (const remoteAddress of ['203.0.113.7', '::ffff:10.1.2.3', 'fe80::1']) {
      for (const route of routes(technician.info.conversationId)) {
        const answer = await requestFrom(w.app.http.server, { remoteAddress, ...route, headers: auth });
        expect([route.url, answer.status]).toEqual([route.url, 403]);
        expect(answer.body).toContain('answers only on the machine it runs on');
      }
    }
    // Nothing was sped up, reset or said.
    expect(await status()).toMatchObject({ scale: 1, requests: [expect.anything()] });
    const said = technician.seen.length;
    await technician.poll();
    expect(technician.seen.length).toBe(said);
    // The control: the same requests from a loopback peer are answered.
    const local = await requestFrom(w.app.http.server, { remoteAddress: '127.0.0.1', method: 'GET', url: '/playground/status' });
    expect(local.status).toBe(200);
    // The Slack endpoint is not the playground's business: it still answers anyone (and checks signatures).
    expect((await requestFrom(w.app.http.server, { remoteAddress: '203.0.113.7', method: 'GET', url: '/healthz' })).status).toBe(200);
  });

  it('beside Slack, refuses a loopback request that names another host (DNS rebinding) or came through a proxy', async () => {
    w = await SlackWorld.start({ driver: 'memory', env: { PLAYGROUND: 'on' } });
    expect(await rawGet(w.port, '/playground/status', { host: `localhost:${w.port}` })).toBe(200);
    expect(await rawGet(w.port, '/playground/status', { host: `[::1]:${w.port}` })).toBe(200);
    expect(await rawGet(w.port, '/playground/status', { host: `attacker.example:${w.port}` })).toBe(403);
    expect(await rawGet(w.port, '/', { host: `127.0.0.1.attacker.example:${w.port}` })).toBe(403);
    expect(await rawGet(w.port, '/playground/session', { host: `localhost:${w.port}`, 'x-forwarded-for': '203.0.113.7' })).toBe(403);
    expect(await rawGet(w.port, '/playground/session', { host: `localhost:${w.port}`, forwarded: 'for=203.0.113.7' })).toBe(403);
  });

  it('without Slack or Teams, answers anyone who reaches the port (a container), unless PLAYGROUND=on keeps it to this machine', async () => {
    rig = await startPlayground();
    const remote = { remoteAddress: '172.17.0.1', method: 'GET', url: '/playground/status', headers: { host: 'camreset.example:3000' } };
    expect((await requestFrom(rig.app.http.server, remote)).status).toBe(200);
    await rig.app.stop();
    rig = await startPlayground(undefined, { PLAYGROUND: 'on' });
    expect((await requestFrom(rig.app.http.server, remote)).status).toBe(403);
  });
});

describe('the playground beside Teams', () => {
  let rig: PlaygroundRig | undefined;
  afterEach(async () => {
    await rig?.app.stop();
    rig = undefined;
  });

  it("runs its own anonymous Teams bot although the deployment's needs Bot Framework tokens", async () => {
    rig = await startPlayground(undefined, {
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'pw',
      PLAYGROUND: 'on',
    });
    await rig.technician.say('camreset');
    await rig.technician.waitFor((a) => /Password reset CR-\w{4} started/.test(readable(a)));
    expect(await rig.own.desk.openRequests()).toHaveLength(1);
    expect(await rig.app.desk.openRequests()).toEqual([]);
  });
});
