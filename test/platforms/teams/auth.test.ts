// Who may speak to the bot on POST /api/messages, tried as an attacker would: an unsigned
// activity beside Slack, forged and broken Bot Framework tokens (real RS256 tokens, checked by
// botbuilder against the fake identity's OpenID metadata and keys), activities from another
// channel or tenant, and serviceUrls the bot must never call. Each refusal leaves no trace: no
// request, no call to any connector. A valid token is the positive control of every matrix.

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BotClient,
  cardAction,
  channelMessage,
  installedInTeam,
  personalChat,
  personalMessage,
  SUPPORT_CHANNEL,
  TENANT,
  users,
} from '../../support/teams/activities.js';
import { FakeConnector, textOf } from '../../support/teams/connector.js';
import { latestText, startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import { APP_ID, newKey } from '../../support/teams/identity.js';
import { CODE, DETAILS, PUK, fill, requestIdIn, submitInChat, withButton } from '../../support/teams/story.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from '../../support/redis.js';
import { SUPPORT, SlackWorld } from '../../support/slack/harness.js';
import { startTeamsLogged } from '../../support/hardening/teams.js';
import { REQUEST_ID } from '../../support/request-id.js';

type Json = Record<string, unknown>;

let h: TeamsHarness | undefined;
let world: SlackWorld | undefined;
const elsewhere: FakeConnector[] = [];
afterEach(async () => {
  await h?.close();
  await world?.stop();
  for (const c of elsewhere.splice(0)) await c.stop();
  h = undefined;
  world = undefined;
});

/** A Bot Connector of the attacker's choosing: it records whatever the bot sends it. */
async function attackerConnector(): Promise<FakeConnector> {
  const c = await new FakeConnector().start();
  elsewhere.push(c);
  return c;
}

const camreset = (serviceUrl: string) => personalMessage(serviceUrl, users.tech, 'camreset');

/** Nothing happened: no request opened, no call to the connector since `calls`. */
async function expectNothingProcessed(harness: TeamsHarness, calls = 0): Promise<void> {
  expect(await harness.app.desk.openRequests()).toEqual([]);
  expect(harness.connector.requests.slice(calls)).toEqual([]);
}

describe('Teams beside Slack, without MicrosoftAppId', () => {
  it('answers 404 to an unsigned activity, posts nothing, calls no serviceUrl, and Slack still works', async () => {
    world = await SlackWorld.start({ driver: 'memory', logLevel: 'info' });
    expect(world.logs.some((l) => l.includes('Teams is off'))).toBe(true);
    const attacker = await attackerConnector();
    const anonymous = new BotClient(`http://127.0.0.1:${world.port}`);
    const r = await anonymous.post(camreset(attacker.url));
    expect(r.status).toBe(404);
    const invoke = await anonymous.post(
      channelMessage(attacker.url, users.outsider, 'camreset', { channel: SUPPORT_CHANNEL }, { mention: true }),
    );
    expect(invoke.status).toBe(404);
    expect(attacker.requests).toEqual([]);
    expect(await world.app.desk.openRequests()).toEqual([]);
    expect(world.fake.messages(SUPPORT)).toEqual([]);
    // The Slack flow is untouched: a technician's request reaches the support channel.
    const { card } = await world.submitted();
    expect(JSON.stringify(card)).toContain('NDE-5503-AL');
  });
});

describe('signed Bot Framework tokens (MicrosoftAppId set)', () => {
  it('says at start that every activity must be signed, and which serviceUrls it will call', async () => {
    const logged = await startTeamsLogged({ logLevel: 'info', install: false });
    h = logged;
    const line = logged.logs.find((l) => l.includes('Teams is on'));
    expect(line).toContain('valid Bot Framework token');
    expect(line).toContain(h.connector.url);
  });

  it("accepts a valid token and runs the bot: the welcome arrives, through the connector, with the bot's token", async () => {
    h = await startTeams({ install: false });
    const r = await h.bot.post(camreset(h.connector.url));
    expect(r.status).toBe(200);
    const welcome = await h.connector.waitFor(() => h!.connector.in(personalChat(users.tech)).at(-1), 3000, 'the welcome');
    expect(textOf(welcome.activity)).toMatch(REQUEST_ID);
    expect(await h.app.desk.openRequests()).toHaveLength(1);
    expect(h.connector.unauthorized).toEqual([]);
  });

  it("accepts a token that expired less than botbuilder's 5-minute clock tolerance ago", async () => {
    h = await startTeams({ install: false });
    const activity = camreset(h.connector.url);
    const r = await h.bot.post(activity, {
      authorization: `Bearer ${h.identity!.channelToken({ serviceUrl: h.connector.url, expiresIn: -60 })}`,
    });
    expect(r.status).toBe(200);
    await h.connector.waitFor(() => h!.connector.in(personalChat(users.tech)).at(-1), 3000, 'the welcome');
  });

  const forged: Array<[string, (h: TeamsHarness) => string]> = [
    ['no Authorization header', () => ''],
    ['a header that is not a JWT', () => 'Bearer not.a.jwt'],
    ['another scheme', (t) => `Basic ${t.identity!.channelToken({ serviceUrl: t.connector.url })}`],
    [
      'a token expired beyond the clock tolerance',
      (t) => `Bearer ${t.identity!.channelToken({ serviceUrl: t.connector.url, expiresIn: -600 })}`,
    ],
    [
      'a token for another bot (audience)',
      (t) => `Bearer ${t.identity!.channelToken({ serviceUrl: t.connector.url, audience: '11111111-2222-4333-8444-555555555555' })}`,
    ],
    [
      'a token from another issuer',
      (t) => `Bearer ${t.identity!.channelToken({ serviceUrl: t.connector.url, issuer: 'https://login.example.com/' })}`,
    ],
    [
      'a token for another serviceUrl',
      (t) => `Bearer ${t.identity!.channelToken({ serviceUrl: 'https://smba.trafficmanager.net/emea/' })}`,
    ],
    [
      'a token signed with a key the metadata does not list',
      (t) => `Bearer ${t.identity!.channelToken({ serviceUrl: t.connector.url, key: newKey() })}`,
    ],
    [
      'a token naming a listed key but signed with another (botbuilder alone answers 500)',
      (t) => `Bearer ${t.identity!.channelToken({ serviceUrl: t.connector.url, key: newKey(), kid: t.identity!.channelKey.kid })}`,
    ],
  ];

  it.each(forged)('refuses %s with 401 and processes nothing', async (_what, header) => {
    h = await startTeams({ install: false });
    const r = await h.bot.post(camreset(h.connector.url), { authorization: header(h) });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'unauthorized' });
    await expectNothingProcessed(h);
  });

  it('refuses a forged agent: an unsigned Claim press from a listed agent id changes nothing', async () => {
    h = await startTeams();
    const s = await submitInChat(h);
    const before = h.connector.requests.length;
    const state = (await h.app.desk.get(s.id))?.state;
    const press = cardAction(h.connector.url, users.agent, s.cardConversation, s.cardMessage, 'claim', {
      requestId: s.id,
      card: 'support',
    });
    expect((await h.bot.post(press, { authorization: '' })).status).toBe(401);
    expect((await h.app.desk.get(s.id))?.state).toBe(state);
    expect((await h.app.desk.get(s.id))?.claimedBy).toBeUndefined();
    expect(h.connector.requests.slice(before)).toEqual([]);
  });
});

describe('what a valid token does not make acceptable', () => {
  it('refuses an activity from a channel other than msteams (403), nothing processed', async () => {
    h = await startTeams({ install: false });
    const r = await h.bot.post({ ...camreset(h.connector.url), channelId: 'directline' });
    expect(r.status).toBe(403);
    await expectNothingProcessed(h);
  });

  it('refuses other tenants when TEAMS_TENANT_ID is set, and takes each tenant of a comma list', async () => {
    const OTHER = '0b9a3b4e-6f1d-4c2a-9e7f-000000000999';
    h = await startTeams({ install: false, env: { TEAMS_TENANT_ID: `${OTHER}, ${TENANT}` } });
    const elsewhereTenant = '3c2b1a00-0000-4000-8000-00000000dead';
    const foreign = {
      ...camreset(h.connector.url),
      conversation: { conversationType: 'personal', tenantId: elsewhereTenant, id: personalChat(users.tech) },
      channelData: { tenant: { id: elsewhereTenant } },
    };
    expect((await h.bot.post(foreign)).status).toBe(403);
    // The two places Teams names the tenant must agree.
    const mixed = { ...camreset(h.connector.url), channelData: { tenant: { id: elsewhereTenant } } };
    expect((await h.bot.post(mixed)).status).toBe(403);
    const none = {
      ...camreset(h.connector.url),
      conversation: { conversationType: 'personal', id: personalChat(users.tech) },
      channelData: {},
    };
    expect((await h.bot.post(none)).status).toBe(403);
    await expectNothingProcessed(h);
    // The positive control: the configured tenant (second in the list) is served.
    expect((await h.bot.post(camreset(h.connector.url))).status).toBe(200);
    await h.connector.waitFor(() => h!.connector.in(personalChat(users.tech)).at(-1), 3000, 'the welcome');
  });

  it('refuses a serviceUrl off the allowlist (403), even with a token issued for it, and never calls it', async () => {
    h = await startTeams({ install: false });
    const attacker = await attackerConnector();
    const activity = camreset(attacker.url);
    const r = await h.bot.post(activity, { authorization: `Bearer ${h.identity!.channelToken({ serviceUrl: attacker.url })}` });
    expect(r.status).toBe(403);
    expect(attacker.requests).toEqual([]);
    await expectNothingProcessed(h);
  });

  it('keeps the support channel where it was learned: forged activities in it re-point nothing', async () => {
    h = await startTeams();
    const attacker = await attackerConnector();
    const inSupport = (serviceUrl: string) =>
      channelMessage(serviceUrl, users.outsider, 'hello', { channel: SUPPORT_CHANNEL }, { mention: true });
    expect((await h.bot.post(inSupport(attacker.url), { authorization: '' })).status).toBe(401);
    expect(
      (await h.bot.post(inSupport(attacker.url), { authorization: `Bearer ${h.identity!.channelToken({ serviceUrl: attacker.url })}` }))
        .status,
    ).toBe(403);
    const s = await submitInChat(h);
    expect(s.cardConversation.startsWith(`${SUPPORT_CHANNEL};`)).toBe(true);
    expect(attacker.requests).toEqual([]);
  });

  it('posts no support card until the support channel is known from its own team, then posts it there', async () => {
    h = await startTeams({ install: false });
    // An installation in another team, one without the support channel, teaches nothing about it.
    const otherTeam = { id: '19:other-team@thread.tacv2', name: 'Elsewhere' };
    h.connector.channels.set(otherTeam.id, [{ id: otherTeam.id, name: 'General' }]);
    const other = installedInTeam(h.connector.url, users.outsider);
    await h.bot.send({
      ...other,
      conversation: { ...(other.conversation as Json), id: otherTeam.id },
      channelData: { ...(other.channelData as Json), team: otherTeam },
    });
    await expect(submitInChat(h)).rejects.toThrow(/the support card/);
    expect(h.connector.created.filter((c) => c.id.startsWith(`${SUPPORT_CHANNEL};`))).toEqual([]);
    // Installed in the team that owns the support channel: the next card goes there.
    await h.bot.send(installedInTeam(h.connector.url, users.agent));
    const s = await submitInChat(h, users.outsider);
    expect(s.cardConversation.startsWith(`${SUPPORT_CHANNEL};`)).toBe(true);
  });
});

describe('the app id the bot speaks as', () => {
  it('sends as 28:<MicrosoftAppId> when it opens a conversation', async () => {
    h = await startTeams();
    await submitInChat(h);
    const thread = h.connector.created.find((c) => c.id.startsWith(`${SUPPORT_CHANNEL};`));
    expect((thread?.parameters.bot as { id?: string } | undefined)?.id).toBe(`28:${APP_ID}`);
  });
});

describeRedis('a stored conversation reference', () => {
  it('gets nothing sent once its serviceUrl is off the allowlist: the PUK never leaves for it', async () => {
    const prefix = uniquePrefix('teams-auth');
    const connector = await new FakeConnector().start();
    elsewhere.push(connector);
    const before = await attackerConnector();
    const env = {
      REDIS_URL: redisUrl,
      DATA_KEY: randomBytes(32).toString('base64'),
      TEAMS_SERVICE_URL_ALLOWLIST: `${connector.url},${before.url}`,
    };
    try {
      h = await startTeams({ connector, prefix, env });
      const identity = h.identity!;
      before.authorize = (header) => identity.acceptsConnectorCall(header);
      // The technician's chat lives behind the second connector, allowed at the time.
      const chat = personalChat(users.tech);
      await h.bot.send(personalMessage(before.url, users.tech, 'camreset'));
      const id = requestIdIn(textOf((await before.waitFor(() => before.in(chat).at(-1), 3000, 'the welcome')).activity));
      await h.bot.send(personalMessage(before.url, users.tech, `${CODE}\n${DETAILS}`));
      const summary = await before.waitFor(() => withButton(before.in(chat), 'submit'), 3000, 'the summary');
      await h.bot.send(cardAction(before.url, users.tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }));
      const card = await connector.waitFor(
        () => connector.sent.find((x) => x.kind === 'create' && x.conversationId.startsWith(`${SUPPORT_CHANNEL};`)),
        3000,
        'the card',
      );

      // The operator narrows the allowlist; the stored reference still names the old host.
      await h.stopApp();
      await h.restart({ TEAMS_SERVICE_URL_ALLOWLIST: connector.url });
      const calls = before.requests.length;
      const answer = await fill(h, { id, cardConversation: card.conversationId, cardMessage: card.id }, users.agent, 'send_puk', {
        puk: PUK,
      });
      expect(answer.message).toContain('Sent the PUK');
      expect(latestText(connector, card.id)).toContain('PUK sent by');
      await new Promise((r) => setTimeout(r, 500));
      expect(before.requests.slice(calls)).toEqual([]);
      expect(JSON.stringify(before.sent)).not.toContain(PUK);
    } finally {
      await cleanupPrefix(prefix);
    }
  });
});
