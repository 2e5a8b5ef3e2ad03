// A Teams support channel the bot has not been added to yet: the operator is told in the log and
// in /metrics, a technician who submits meanwhile is told their request waits, and the moment the
// app is installed in the support team the card appears and the technician hears it is with
// support now. On Redis the waiting request survives a restart.

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cardAction, installedInTeam, personalChat, personalMessage, SUPPORT_CHANNEL, users } from '../../support/teams/activities.js';
import { type Sent, textOf } from '../../support/teams/connector.js';
import { latestText, supportThreads, type TeamsHarness } from '../../support/teams/harness.js';
import { startTeamsLogged, type LoggedTeams } from '../../support/hardening/teams.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from '../../support/redis.js';
import { CODE, DETAILS, requestIdIn, withButton } from '../../support/teams/story.js';

let h: LoggedTeams | undefined;
const prefixes: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const p of prefixes.splice(0)) await cleanupPrefix(p);
});

const NOT_REACHABLE = 'Teams support channel is not reachable yet';
const chat = personalChat(users.tech);

async function gauge(harness: TeamsHarness): Promise<string | undefined> {
  const body = await (await fetch(`${harness.url}/metrics`)).text();
  return /^camreset_support_channel_connected\{platform="teams"\} (\d+)$/m.exec(body)?.[1];
}

/** camreset, the code and details, Submit, in the technician's 1:1 chat; resolves to the request id. */
async function submit(harness: TeamsHarness): Promise<string> {
  await harness.bot.send(personalMessage(harness.connector.url, users.tech, 'camreset'));
  const welcome = await harness.connector.waitFor(() => harness.connector.in(chat).at(-1), 3000, 'the welcome');
  const id = requestIdIn(textOf(welcome.activity));
  await harness.bot.send(personalMessage(harness.connector.url, users.tech, `${CODE}\n${DETAILS}`));
  const summary = await harness.connector.waitFor(() => withButton(harness.connector.in(chat), 'submit'), 3000, 'the summary');
  await harness.bot.send(cardAction(harness.connector.url, users.tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }));
  return id;
}

const chatTexts = (harness: TeamsHarness) => harness.connector.in(chat).map((s) => textOf(s.activity));

/** The app is added to the team that owns the support channel; resolves to the card then posted there. */
async function installAndAwaitCard(harness: TeamsHarness): Promise<Sent> {
  await harness.bot.send(installedInTeam(harness.connector.url, users.agent));
  const [card] = await harness.connector.waitFor(
    () => (supportThreads(harness.connector).length ? supportThreads(harness.connector) : undefined),
    3000,
    'the support card',
  );
  return card!;
}

describe('a Teams support channel the bot is not in yet', () => {
  it('says so in the log and the gauge, tells the technician the request waits, and delivers it once the app is added', async () => {
    h = await startTeamsLogged({ logLevel: 'info', install: false });
    const harness = h;
    const line = harness.logs.find((l) => l.includes(NOT_REACHABLE));
    expect(line).toContain('add the camreset app to the team that owns TEAMS_SUPPORT_CHANNEL');
    expect(JSON.parse(line!)).toMatchObject({ level: 40, supportChannel: SUPPORT_CHANNEL });
    expect(await gauge(harness)).toBe('0');

    const id = await submit(harness);
    const waiting = await harness.connector.waitFor(
      () => chatTexts(harness).find((t) => t.includes('support is not connected yet')),
      3000,
      'the waiting notice',
    );
    expect(waiting).toContain(`${id} is ready, but support is not connected yet`);
    expect(waiting).toContain('goes to support as soon as they connect');
    expect(chatTexts(harness).join('\n')).not.toContain('with support now');
    expect(supportThreads(harness.connector)).toEqual([]);
    // Said once at start (and every few minutes), not once per request.
    expect(harness.logs.filter((l) => l.includes(NOT_REACHABLE))).toHaveLength(1);
    expect(await gauge(harness)).toBe('0');

    // The app is added to the team that owns the support channel.
    const card = await installAndAwaitCard(harness);
    expect(latestText(harness.connector, card.id)).toContain(id);
    expect(latestText(harness.connector, card.id)).toContain('NDE-5503-AL');
    const told = await harness.connector.waitFor(
      () => chatTexts(harness).find((t) => t.includes('with support now')),
      3000,
      'with support now',
    );
    expect(told).toContain(`${id} is with support now`);
    // The card came first: whoever the technician is told has it can already answer it.
    const order = harness.connector.sent
      .map((s) => (s.id === card.id ? 'card' : textOf(s.activity).includes('with support now') ? 'told' : ''))
      .filter(Boolean);
    expect(order).toEqual(['card', 'told']);
    expect(supportThreads(harness.connector)).toHaveLength(1);
    expect(chatTexts(harness).filter((t) => t.includes('with support now'))).toHaveLength(1);
    expect(await gauge(harness)).toBe('1');
    expect(harness.logs.some((l) => l.includes('Teams support channel connected'))).toBe(true);
  });

  it('tells a technician "with support now" at once when the app is already in the support team', async () => {
    h = await startTeamsLogged({ logLevel: 'info' });
    const harness = h;
    expect(await gauge(harness)).toBe('1');
    // The harness installs the app right after start: the log says it connected.
    expect(harness.logs.some((l) => l.includes('Teams support channel connected'))).toBe(true);
    const id = await submit(harness);
    await harness.connector.waitFor(
      () => chatTexts(harness).find((t) => t.includes(`${id} is with support now`)),
      3000,
      'with support now',
    );
    expect(chatTexts(harness).join('\n')).not.toContain('not connected yet');
    expect(supportThreads(harness.connector)).toHaveLength(1);
  });
});

describeRedis('a waiting Teams request across a restart', () => {
  it('is delivered when the app is added after the bot restarted', async () => {
    const prefix = uniquePrefix('teams-connect');
    prefixes.push(prefix);
    const env = { REDIS_URL: redisUrl, DATA_KEY: randomBytes(32).toString('base64') };
    h = await startTeamsLogged({ logLevel: 'info', install: false, env, prefix });
    const harness = h;
    const id = await submit(harness);
    await harness.connector.waitFor(() => chatTexts(harness).find((t) => t.includes('not connected yet')), 3000, 'the waiting notice');

    // A new process: only what is in Redis.
    await harness.stopApp();
    harness.logs.splice(0);
    await harness.restart();
    expect(harness.logs.some((l) => l.includes(NOT_REACHABLE))).toBe(true);
    expect(supportThreads(harness.connector)).toEqual([]);

    const card = await installAndAwaitCard(harness);
    expect(latestText(harness.connector, card.id)).toContain(id);
    await harness.connector.waitFor(
      () => chatTexts(harness).find((t) => t.includes(`${id} is with support now`)),
      3000,
      'with support now',
    );
    expect(chatTexts(harness).filter((t) => t.includes('not connected yet'))).toHaveLength(1);
    expect(await gauge(harness)).toBe('1');
  });
});
