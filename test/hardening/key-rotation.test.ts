// Rotating DATA_KEY as an operator would, through Slack's real endpoint: requests written under
// key A (a question open, a PUK delivered, one rejected), a deploy with DATA_KEY=B and
// DATA_KEY_PREVIOUS=A: every request reads as before and the technicians and agents carry on;
// the start log says when everything is re-encrypted under B, after which B alone reads it all.
// A deploy with a wrong key (C) starts, says clearly which key the data needs, refuses the
// person politely, and logs no secret.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { createCipher } from '../../src/drivers/redis/cipher.js';
import { AGENT, SUPPORT, SlackWorld, TECH, TECH2 } from '../support/slack/harness.js';
import { messageEvent } from '../support/slack/requests.js';
import { describeRedis, redisUrl } from '../support/redis.js';
import { auditExport } from '../support/hardening/audit-export.js';

const PUK = 'PUK7X2Q9M4K8';
const QUESTION = 'Did the camera refuse PUK QQ11WW22EE33?';
const REASON = 'Refused: PUK ZZ99YY88XX77 was issued for another camera';

const newKey = () => randomBytes(32).toString('base64');

async function rawDocs(prefix: string, ids: string[]): Promise<string[]> {
  const redis = new Redis(redisUrl);
  try {
    return await Promise.all(ids.map(async (id) => (await redis.hget(`{${prefix}}:req:${id}`, 'doc')) ?? ''));
  } finally {
    redis.disconnect();
  }
}

/** Every token in the docs names key `keyId`. */
function sealedOnlyWith(docs: string[], keyId: string): boolean {
  const tokens = docs.join('\n').match(/"v\d\.[A-Za-z0-9_-]+\./g) ?? [];
  return tokens.length > 0 && tokens.every((t) => t === `"v2.${keyId}.`);
}

describeRedis('DATA_KEY rotation · Slack · redis', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  it('reads every request after a rotation from A to B, re-encrypts it under B, and refuses clearly under a wrong key', async () => {
    const [a, b, c] = [newKey(), newKey(), newKey()];
    const [idA, idB, idC] = [createCipher(a).keyId, createCipher(b).keyId, createCipher(c).keyId];
    w = await SlackWorld.start({ driver: 'redis', logLevel: 'info', env: { DATA_KEY: a } });

    // Under A: a question open, a PUK delivered, a rejection (ended, kept for the audit).
    const asked = await w.submitted(TECH);
    await w.slack.event(messageEvent({ user: AGENT, channel: SUPPORT, thread_ts: asked.card.ts, text: QUESTION }));
    await w.reply(asked, /Support asks/);
    const delivered = await w.submitted(TECH2);
    await w.submitForm(delivered.card, 'send_puk', 'camreset.puk', { puk: PUK });
    await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH2)).find((m) => JSON.stringify(m.blocks).includes(PUK)), 'the PUK DM');
    const rejected = await w.submitted(TECH);
    await w.submitForm(rejected.card, 'reject', 'camreset.reject', { reason: REASON });
    await w.cardWhen(rejected, /Rejected by/);
    await w.fake.quiet(100);
    const ids = [asked.id, delivered.id, rejected.id];
    const before = await Promise.all(ids.map((id) => w!.app.desk.get(id)));
    expect(before[0]?.question?.text).toBe(QUESTION);
    expect(before[1]?.puk?.value).toBe(PUK);
    expect(before[2]?.rejection?.reason).toBe(REASON);
    expect(sealedOnlyWith(await rawDocs(w.prefix, ids), idA)).toBe(true);

    // The deploy: DATA_KEY=B, DATA_KEY_PREVIOUS=A.
    let from = w.logs.length;
    await w.restart({ DATA_KEY: b, DATA_KEY_PREVIOUS: a });
    await w.fake.waitFor(
      () => w!.logs.slice(from).find((l) => l.includes(`re-encryption done: every stored request is sealed with DATA_KEY (key id ${idB})`)),
      'the re-encryption log',
    );
    expect(await Promise.all(ids.map((id) => w!.app.desk.get(id)))).toEqual(before);
    expect(sealedOnlyWith(await rawDocs(w.prefix, ids), idB), 'every value re-encrypted under B').toBe(true);
    expect(auditExport(w.prefix, { DATA_KEY: b, DATA_KEY_PREVIOUS: a }).json).toContain(rejected.id);
    // People carry on: the technician answers the open question, the other confirms the reset.
    await w.say(asked, 'Yes, it refused it');
    await w.reply(w.cardThread(asked.card), /refused it/);
    await w.click(delivered, 'done', TECH2, w.fake.dmOf(TECH2));
    await w.cardWhen(delivered, /confirmed the reset worked/);

    // The old key dropped: B alone reads everything.
    await w.restart({ DATA_KEY: b, DATA_KEY_PREVIOUS: '' });
    expect((await w.app.desk.get(asked.id))?.challenge?.code).toBe(before[0]?.challenge?.code);
    expect((await w.app.desk.get(rejected.id))?.rejection?.reason).toBe(REASON);
    await w.submitForm(asked.card, 'send_puk', 'camreset.puk', { puk: PUK });
    await w.fake.waitFor(
      () => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => JSON.stringify(m.blocks).includes(PUK)),
      'the PUK DM after the old key went',
    );

    // A wrong key: the bot starts, says which key the data needs, and refuses politely.
    from = w.logs.length;
    await w.restart({ DATA_KEY: c });
    const unreadable = await w.fake.waitFor(
      () => w!.logs.slice(from).find((l) => l.includes('no configured key opens')),
      'the unreadable-data log',
    );
    // The completed request holds nothing sealed any more (its code and PUK were wiped): it reads.
    const log = JSON.parse(unreadable) as Record<string, unknown>;
    expect(log).toMatchObject({ level: 50, unreadable: 2, keyIds: [idB], dataKeyId: idC });
    expect(log.requestIds).toEqual(expect.arrayContaining([asked.id, rejected.id]));
    const ephemerals = w.fake.ephemerals(TECH).length;
    await w.say(asked, 'Is anyone there?');
    const refusal = await w.fake.waitFor(() => w!.fake.ephemerals(TECH)[ephemerals], 'the refusal');
    expect(JSON.stringify(refusal.args)).toMatch(/temporarily unavailable/);
    expect((await w.app.desk.openRequests()).map((r) => r.id)).toEqual([]);
    const logs = w.logs.slice(from).join('\n');
    expect(logs).toContain(`request ${asked.id} cannot be read: sealed with key id ${idB}`);
    for (const secret of [PUK, REASON, QUESTION, before[0]!.challenge!.code!, a, b, c]) expect(logs).not.toContain(secret);
    // Nothing was changed under the wrong key: B still reads it all.
    await w.restart({ DATA_KEY: b });
    expect(await w.app.desk.get(rejected.id)).toEqual(before[2]);
  });
});
