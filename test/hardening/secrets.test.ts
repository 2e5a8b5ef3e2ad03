// Secrets, end to end on each platform: the whole flow (code in, support card, claim, question
// and answer, PUK, "reset worked") runs with LOG_LEVEL=trace, and no challenge code, PUK,
// Slack token, signing secret, Microsoft app password or DATA_KEY appears in any log line. On
// Redis, every key under the app's prefix (store hashes, links, dedupe keys, BullMQ's hashes,
// zsets, lists and event streams) is read while the request is open: codes and PUK only ever
// encrypted. After the request ends, the code and PUK are gone from it; the audit trail stays.
// What people write (an agent's question, a technician's failure note, a rejection's reason,
// each quoting a PUK) goes in through the same endpoints and is found neither in clear in
// Redis nor in the audit export, which records only that it was given.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ResetRequest } from '../../src/core/request.js';
import { AGENT, SIGNING_SECRET, SUPPORT, SlackWorld, TECH, type Driver } from '../support/slack/harness.js';
import { messageEvent } from '../support/slack/requests.js';
import { textOf as slackText } from '../support/slack/story.js';
import { cardAction, channelMessage, FIELD_CHANNEL, personalChat, personalMessage, users } from '../support/teams/activities.js';
import { textOf as teamsText } from '../support/teams/connector.js';
import { fill, fillOnCard, press, submitInChat, supportChannelText, withButton } from '../support/teams/story.js';
import { describeRedis, redisUrl, uniquePrefix, cleanupPrefix } from '../support/redis.js';
import { dumpPrefix, keysHolding } from '../support/hardening/redis-dump.js';
import { auditExport } from '../support/hardening/audit-export.js';
import { startTeamsLogged, type LoggedTeams } from '../support/hardening/teams.js';

const CODE = 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6';
const PUK = 'PUK7X2Q9M4K8';
const SLACK_TOKEN = 'xoxb-test-token';
const APP_PASSWORD = 'ms-app-password-Zq8~secret.value';

/** Each secret, and the forms a log might carry it in. */
function variants(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')];
}

/** After "reset worked": no code or PUK anywhere (Redis: not even encrypted), the audit kept. */
async function expectEndedWithoutSecrets(stored: ResetRequest | undefined, prefix: string | undefined, id: string): Promise<void> {
  if (prefix) {
    expectEndedClean(stored, await rawDoc(prefix, id), ['started', 'submitted', 'claimed', 'asked', 'puk_sent', 'completed']);
    const dump = await dumpPrefix(prefix);
    expect(keysHolding(dump, [CODE, PUK]), 'secrets left after the request ended').toEqual([]);
    expect(dump.map((d) => d.text).join('\n'), 'no encrypted code or PUK left either').not.toMatch(/"code":"v\d\.|"value":"v\d\./);
  } else {
    expect(stored?.challenge?.code).toBeUndefined();
    expect(stored?.puk?.value).toBeUndefined();
    expect(stored?.audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['started', 'submitted', 'claimed', 'puk_sent', 'completed']),
    );
  }
}

function leaks(logs: string[], secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const form of variants(secret)) {
      const line = logs.find((l) => l.includes(form));
      if (line) found.push(`${name} in: ${line.slice(0, 300)}`);
    }
  }
  return found;
}

/** The raw document of a request as Redis holds it (no decryption). */
async function rawDoc(prefix: string, id: string): Promise<Record<string, unknown>> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const doc = await redis.hget(`{${prefix}}:req:${id}`, 'doc');
    expect(doc, `the request ${id} is stored under {${prefix}}:req:${id}`).toBeTruthy();
    return JSON.parse(doc!) as Record<string, unknown>;
  } finally {
    redis.disconnect();
  }
}

async function expectNoClearSecrets(prefix: string, secrets: string[], when: string) {
  const dump = await dumpPrefix(prefix);
  expect(dump.length, `keys under ${prefix} ${when}`).toBeGreaterThan(3);
  // BullMQ's keys are there too (the timers of the open request).
  expect(
    dump.some((d) => d.key.includes(':timers:')),
    `BullMQ keys ${when}`,
  ).toBe(true);
  expect(keysHolding(dump, secrets), `secrets in clear text ${when}`).toEqual([]);
  return dump;
}

function expectEndedClean(request: ResetRequest | undefined, doc: Record<string, unknown>, actions: string[]) {
  expect(request?.state).toBe('completed');
  expect(request?.challenge?.code).toBeUndefined();
  expect(request?.puk?.value).toBeUndefined();
  expect(
    (doc.challenge as { code?: unknown } | undefined)?.code,
    'challenge code (even encrypted) left in the ended request',
  ).toBeUndefined();
  expect((doc.puk as { value?: unknown } | undefined)?.value, 'PUK (even encrypted) left in the ended request').toBeUndefined();
  const trail = (doc.audit as Array<{ action: string }>).map((a) => a.action);
  for (const a of actions) expect(trail, 'audit trail').toContain(a);
}

// What libraries print to the console (botbuilder reports auth failures there) is a log too.
const consoleLines: string[] = [];
beforeAll(() => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleLines.push(
        args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '),
      );
    });
  }
});
afterAll(() => {
  vi.restoreAllMocks();
});

// --- Slack ------------------------------------------------------------------------------

function slackSecrets(driver: Driver) {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  it(`runs the whole flow at LOG_LEVEL=trace with no secret in the logs${driver === 'redis' ? ' or in clear text in Redis' : ''}`, async () => {
    const dataKey = randomBytes(32).toString('base64');
    w = await SlackWorld.start({ driver, logLevel: 'trace', env: { DATA_KEY: dataKey, LOG_LEVEL: 'trace' } });
    const t = await w.submitted(TECH);
    const card = t.card;
    if (driver === 'redis') {
      const doc = await rawDoc(w.prefix, t.id);
      expect(String((doc.challenge as { code: unknown }).code)).toMatch(/^v2\./);
      await expectNoClearSecrets(w.prefix, [CODE], 'after submission');
    }
    await w.clickCard(card, 'claim', AGENT);
    await w.reply(t, /is working on/);
    await w.slack.event(messageEvent({ user: AGENT, channel: SUPPORT, thread_ts: card.ts, text: 'Which site is it?' }));
    await w.reply(t, /Support asks/);
    await w.say(t, 'Site 4');
    await w.reply(w.cardThread(card), /Site 4/);
    await w.say(t, `the code was ${CODE}`);
    // The PUK by form.
    const before = w.fake.callsTo('views.open').length;
    await w.clickCard(card, 'send_puk', AGENT);
    const view = await w.openedView('camreset.puk', before);
    await w.slack.submitView({ user: AGENT, view, values: { puk: PUK } });
    await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => JSON.stringify(m.blocks).includes(PUK)), 'the PUK DM');
    if (driver === 'redis') {
      const doc = await rawDoc(w.prefix, t.id);
      expect(String((doc.puk as { value: unknown }).value)).toMatch(/^v2\./);
      await expectNoClearSecrets(w.prefix, [CODE, PUK], 'with the PUK delivered');
    }
    await w.click(t, 'done', TECH, w.fake.dmOf(TECH));
    await w.cardWhen({ card }, /confirmed the reset worked/);
    await w.fake.quiet(100);

    await expectEndedWithoutSecrets(await w.app.desk.get(t.id), driver === 'redis' ? w.prefix : undefined, t.id);

    expect(w.logs.length, 'trace logging captured something').toBeGreaterThan(5);
    expect(
      leaks([...w.logs, ...consoleLines], {
        'challenge code': CODE,
        PUK,
        'Slack bot token': SLACK_TOKEN,
        'signing secret': SIGNING_SECRET,
        DATA_KEY: dataKey,
      }),
    ).toEqual([]);
  });
}

describe('secrets · Slack · memory', () => slackSecrets('memory'));
describeRedis('secrets · Slack · redis', () => slackSecrets('redis'));

// --- Teams ------------------------------------------------------------------------------

function teamsSecrets(driver: Driver) {
  let h: LoggedTeams | undefined;
  let prefix: string | undefined;
  afterEach(async () => {
    await h?.close();
    if (prefix) await cleanupPrefix(prefix);
    h = undefined;
    prefix = undefined;
  });

  it(`runs the whole flow at LOG_LEVEL=trace with no secret in the logs${driver === 'redis' ? ' or in clear text in Redis' : ''}`, async () => {
    const dataKey = randomBytes(32).toString('base64');
    prefix = driver === 'redis' ? uniquePrefix('teams-secrets') : undefined;
    const env: Record<string, string> = {
      LOG_LEVEL: 'trace',
      DATA_KEY: dataKey,
      MicrosoftAppPassword: APP_PASSWORD,
      ...(driver === 'redis' ? { REDIS_URL: redisUrl } : {}),
    };
    h = await startTeamsLogged({ env, logLevel: 'trace', ...(prefix ? { prefix } : {}) });
    const s = await submitInChat(h);
    if (prefix) {
      const doc = await rawDoc(prefix, s.id);
      expect(String((doc.challenge as { code: unknown }).code)).toMatch(/^v2\./);
      await expectNoClearSecrets(prefix, [CODE], 'after submission');
    }
    await press(h, s, users.agent, 'claim');
    await fill(h, s, users.agent, 'ask', { question: 'Which site is it?' });
    await h.bot.send(personalMessage(h.connector.url, users.tech, 'Site 4'));
    await h.bot.send(personalMessage(h.connector.url, users.tech, `the code was ${CODE}`));
    await fill(h, s, users.agent, 'send_puk', { puk: PUK });
    const chat = personalChat(users.tech);
    const pukMessage = await h.connector.waitFor(() => withButton(h!.connector.in(chat), 'done'), 3000, 'the PUK');
    expect(teamsText(pukMessage.activity)).toContain(PUK);
    if (prefix) {
      const doc = await rawDoc(prefix, s.id);
      expect(String((doc.puk as { value: unknown }).value)).toMatch(/^v2\./);
      await expectNoClearSecrets(prefix, [CODE, PUK], 'with the PUK delivered');
    }
    await h.bot.send(cardAction(h.connector.url, users.tech, chat, pukMessage.id, 'done', { requestId: s.id, card: 'puk' }));

    await expectEndedWithoutSecrets(await h.app.desk.get(s.id), prefix, s.id);

    expect(h.logs.length, 'trace logging captured something').toBeGreaterThan(3);
    expect(
      leaks([...h.logs, ...consoleLines], { 'challenge code': CODE, PUK, 'Microsoft app password': APP_PASSWORD, DATA_KEY: dataKey }),
    ).toEqual([]);
  });
}

describe('secrets · Teams · memory', () => teamsSecrets('memory'));
describeRedis('secrets · Teams · redis', () => teamsSecrets('redis'));

describe('secrets · Teams with an app id', () => {
  it('keeps the Microsoft app password out of the logs while refusing unauthenticated callers', async () => {
    const h = await startTeamsLogged({
      env: { LOG_LEVEL: 'trace', MicrosoftAppId: '5b7c1f43-0000-4000-8000-000000000abc', MicrosoftAppPassword: APP_PASSWORD },
      logLevel: 'trace',
      install: false,
    });
    try {
      const activity = channelMessage(h.connector.url, users.tech, `camreset ${CODE}`, { channel: FIELD_CHANNEL }, { mention: true });
      expect((await h.bot.post(activity, { authorization: '' })).status).toBe(401);
      expect((await h.bot.post(activity, { authorization: `Bearer ${APP_PASSWORD}` })).status).toBe(401);
      expect(
        h.logs.filter((l) => l.includes('teams: activity refused')),
        'the refusals are logged',
      ).toHaveLength(2);
      expect(leaks([...h.logs, ...consoleLines], { 'challenge code': CODE, 'Microsoft app password': APP_PASSWORD })).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

// --- People's words -----------------------------------------------------------------------

// Each quotes a PUK the way people do; none is a PUK the bot would take as one.
const QUESTION = 'Which site is it? And did the camera refuse PUK QQ11WW22EE33?';
const NOTE = 'It did not work: PUK ABCD7788XYZ rejected';
const REASON = 'Refused: PUK ZZ99YY88XX77 was issued for another camera';
const WORDS = { question: QUESTION, 'failure note': NOTE, 'rejection reason': REASON };

async function expectWordsNowhereInClear(prefix: string, words: string[], when: string): Promise<void> {
  const dump = await dumpPrefix(prefix);
  expect(dump.length, `keys under ${prefix} ${when}`).toBeGreaterThan(3);
  expect(keysHolding(dump, words), `people's words in clear text ${when}`).toEqual([]);
}

/** The audit export (CSV and JSON) holds none of `secrets`, and does show that each was given. */
function expectExportWithout(prefix: string, dataKey: string, id: string, secrets: Record<string, string>, actions: string[]): void {
  const out = auditExport(prefix, { DATA_KEY: dataKey });
  for (const [name, secret] of Object.entries(secrets)) {
    expect(out.csv, `${name} in the CSV export`).not.toContain(secret);
    expect(out.json, `${name} in the JSON export`).not.toContain(secret);
  }
  const [record] = JSON.parse(out.json) as Array<{ id: string; trail: Array<{ action: string; detail?: string }> }>;
  expect(record?.id).toBe(id);
  expect(record?.trail.map((e) => e.action)).toEqual(expect.arrayContaining(actions));
  for (const a of actions) expect(out.csv, `the CSV has a ${a} row`).toContain(`,${a},`);
}

describeRedis("people's words · Slack · redis", () => {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  it('keeps a question, a failure note and a rejection reason quoting a PUK out of Redis in clear, the trace log and the audit export', async () => {
    const dataKey = randomBytes(32).toString('base64');
    w = await SlackWorld.start({ driver: 'redis', logLevel: 'trace', env: { DATA_KEY: dataKey, LOG_LEVEL: 'trace' } });
    const t = await w.submitted(TECH);
    const support = w.cardThread(t.card);
    // A reply in the card's thread that is not PUK-shaped is a question to the technician.
    await w.slack.event(messageEvent({ user: AGENT, channel: SUPPORT, thread_ts: t.card.ts, text: QUESTION }));
    await w.reply(t, /Support asks/);
    expect((await w.app.desk.get(t.id))?.question?.text).toBe(QUESTION);
    await expectWordsNowhereInClear(w.prefix, [QUESTION], 'with the question open');
    await w.say(t, 'Site 4');
    await w.reply(support, /Site 4/);

    await w.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
    await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => JSON.stringify(m.blocks).includes(PUK)), 'the PUK DM');
    await w.click(t, 'failed', TECH, w.fake.dmOf(TECH));
    await w.reply(support, /did not work/i);
    // The technician says what happened in the thread; support reads it there.
    await w.say(t, NOTE);
    await w.reply(support, /ABCD7788XYZ/);
    await expectWordsNowhereInClear(w.prefix, [QUESTION, NOTE, PUK, CODE], 'with the note relayed');

    await w.submitForm(t.card, 'reject', 'camreset.reject', { reason: REASON });
    await w.reply(t, /ZZ99YY88XX77/);
    const card = await w.cardWhen(t, /Rejected by/);
    expect(slackText(card), 'the card still shows why').toContain('ZZ99YY88XX77');
    await w.fake.quiet(100);
    await expectWordsNowhereInClear(w.prefix, [QUESTION, NOTE, REASON, PUK, CODE], 'after the rejection');
    expectExportWithout(w.prefix, dataKey, t.id, { ...WORDS, PUK, 'challenge code': CODE }, [
      'asked',
      'answered',
      'puk_sent',
      'reset_failed',
      'relayed',
      'rejected',
    ]);
    expect(w.logs.length, 'trace logging captured something').toBeGreaterThan(5);
    expect(leaks(w.logs, WORDS), "people's words in the trace log").toEqual([]);
  });
});

describeRedis("people's words · Teams · redis", () => {
  let h: LoggedTeams | undefined;
  let prefix: string | undefined;
  afterEach(async () => {
    await h?.close();
    if (prefix) await cleanupPrefix(prefix);
    h = undefined;
    prefix = undefined;
  });

  it('keeps a question, a failure note and a rejection reason quoting a PUK out of Redis in clear, the trace log and the audit export', async () => {
    const dataKey = randomBytes(32).toString('base64');
    prefix = uniquePrefix('teams-words');
    h = await startTeamsLogged({ env: { DATA_KEY: dataKey, REDIS_URL: redisUrl, LOG_LEVEL: 'trace' }, logLevel: 'trace', prefix });
    const s = await submitInChat(h);
    await fill(h, s, users.agent, 'ask', { question: QUESTION });
    expect((await h.app.desk.get(s.id))?.question?.text).toBe(QUESTION);
    await expectWordsNowhereInClear(prefix, [QUESTION], 'with the question open');
    await h.bot.send(personalMessage(h.connector.url, users.tech, 'Site 4'));
    await fill(h, s, users.agent, 'send_puk', { puk: PUK });
    const chat = personalChat(users.tech);
    const pukMessage = await h.connector.waitFor(() => withButton(h!.connector.in(chat), 'failed'), 3000, 'the PUK');

    // "It did not work", with the note Teams' card asks for.
    await fillOnCard(h, users.tech, pukMessage, 'failed', 'failed', { note: NOTE });
    await h.connector.waitFor(() => supportChannelText(h!).includes('ABCD7788XYZ') || undefined, 3000, 'the note in the support channel');
    expect((await h.app.desk.get(s.id))?.state).toBe('awaiting_support');
    await expectWordsNowhereInClear(prefix, [QUESTION, NOTE, PUK, CODE], 'with the note given');

    await fill(h, s, users.agent, 'reject', { reason: REASON });
    await h.connector.waitFor(
      () => h!.connector.in(chat).find((m) => teamsText(m.activity).includes('ZZ99YY88XX77')),
      3000,
      'the reason to the technician',
    );
    expect((await h.app.desk.get(s.id))?.rejection?.reason).toBe(REASON);
    await expectWordsNowhereInClear(prefix, [QUESTION, NOTE, REASON, PUK, CODE], 'after the rejection');
    expectExportWithout(prefix, dataKey, s.id, { ...WORDS, PUK, 'challenge code': CODE }, [
      'asked',
      'answered',
      'puk_sent',
      'reset_failed',
      'rejected',
    ]);
    expect(h.logs.length, 'trace logging captured something').toBeGreaterThan(3);
    expect(leaks(h.logs, WORDS), "people's words in the trace log").toEqual([]);
  });
});
