import { plainText } from '../../src/core/rich.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CODE, CODE2, DETAILS, agent, agent2, createTestDesk, minutes, otherTech, tech } from '../support/desk.js';
import type { ResetRequest } from '../../src/core/request.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { timerPlan } from '../../src/core/schedule.js';

/** The request's next timer as the desk arms it. */
const nextTimerOf = (r: ResetRequest | undefined) => {
  const plan = timerPlan(r!, DEFAULT_SETTINGS).sort((a, b) => a.at - b.at);
  return plan[0] && { id: plan[0].id, requestId: plan[0].requestId, at: plan[0].at };
};

let t: ReturnType<typeof createTestDesk>;
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a test that failed before creating its desk leaves `t` unset
afterEach(() => t?.close());

const refusalCode = (o: { ok: boolean; refusal?: { code: string } }) => (o.ok ? 'ok' : o.refusal?.code);

describe('intake in the request thread', () => {
  it('welcomes the technician and asks for the challenge code first', async () => {
    t = createTestDesk();
    const r = await t.start();
    expect(r.state).toBe('collecting');
    expect(t.outbox.kinds()).toEqual(['welcome']);
    expect(t.outbox.sent[0]!.text).toMatch(/32-character challenge code/);
    expect(t.outbox.sent[0]!.text).toMatch(/not open \/reset/);
  });

  it('asks only for what is missing, one answer at a time', async () => {
    t = createTestDesk();
    const r = await t.start();
    await t.desk.message(r.id, tech, CODE);
    expect(t.outbox.sent.at(-1)!.text).toMatch(/model number/);
    await t.desk.message(r.id, tech, 'NDE-5503-AL');
    expect(t.outbox.sent.at(-1)!.text).toMatch(/MAC address/);
    await t.desk.message(r.id, tech, '00075f123456');
    expect(t.outbox.sent.at(-1)!.text).toMatch(/firmware version/);
    await t.desk.message(r.id, tech, '7.80.0128');
    expect(t.outbox.sent.at(-1)!.text).toMatch(/serial number/);
    const done = await t.desk.message(r.id, tech, '404754734001050102');
    expect(t.outbox.kinds().at(-1)).toBe('summary');
    expect(done.ok && done.request.device).toMatchObject({
      model: 'NDE-5503-AL',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
  });

  it('takes a code and every detail pasted at once and shows the summary with the code', async () => {
    t = createTestDesk();
    await t.start(tech, `${CODE}\n${DETAILS}`);
    const summary = t.outbox.sent.at(-1)!;
    expect(summary.notice.kind).toBe('summary');
    expect(summary.text).toContain(CODE);
    expect(summary.text).toMatch(/NDE-5503-AL/);
  });

  it('answers a wrong value with the rule it broke and changes nothing', async () => {
    t = createTestDesk();
    const r = await t.start();
    await t.desk.message(r.id, tech, CODE);
    const before = await t.desk.get(r.id);
    await t.desk.message(r.id, tech, 'MAC 00:07:5F:12:34');
    const reply = t.outbox.sent.at(-1)!;
    expect(reply.notice.kind).toBe('intake_reply');
    expect(reply.text).toMatch(/MAC address/i);
    expect(reply.text).toMatch(/12/);
    const after = await t.desk.get(r.id);
    expect(after!.device).toEqual(before!.device);
  });

  it('says so when a message holds none of the details', async () => {
    t = createTestDesk();
    const r = await t.start();
    await t.desk.message(r.id, tech, 'hello? is this thing on');
    expect(t.outbox.sent.at(-1)!.text).toMatch(/couldn't find any of the details/);
  });

  it('starts the clock earlier when the code was "generated 10 minutes ago"', async () => {
    t = createTestDesk();
    const r = await t.start(tech, `${CODE} generated 10 minutes ago`);
    const stored = await t.desk.get(r.id);
    expect(stored!.challenge!.expiresAt - t.clock.now()).toBe(minutes(50));
  });

  it('refuses a code that is already older than the validity window', async () => {
    t = createTestDesk();
    const r = await t.start(tech, `${CODE} generated 75 minutes ago`);
    expect(t.outbox.sent.at(-1)!.text).toMatch(/only valid for 1 hour/);
    expect((await t.desk.get(r.id))!.challenge).toBeUndefined();
  });

  it('keeps a label photo shared in the thread for the support card', async () => {
    t = createTestDesk();
    const r = await t.start();
    await t.desk.message(r.id, tech, '', [{ url: 'https://files.example/label.jpg', name: 'label.jpg' }]);
    expect((await t.desk.get(r.id))!.device.photos).toHaveLength(1);
    expect(t.outbox.sent.at(-1)!.text).toMatch(/Label photo added/);
  });

  it('records a copied file once: delivered names it on the card; failed asks the technician again and tells support', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const url = 'https://files.slack.com/files-pri/T1-F1/download/label.jpg';
    await t.desk.message(r.id, tech, '', [{ url, name: 'label.jpg', copy: 'pending' }]);
    const before = (await t.desk.get(r.id))!;
    t.outbox.sent.length = 0;
    await t.desk.fileCopied(r.id, url, false);
    expect(t.outbox.kinds()).toEqual(['file_failed', 'file_failed', 'card']);
    expect(t.outbox.sent.map((s) => s.text).join('\n')).toMatch(
      /Please send it again in this thread\.[\s\S]*Everything else in your request is unchanged[\s\S]*could not be copied into this thread/,
    );
    const after = (await t.desk.get(r.id))!;
    expect(after.device.documents).toEqual([{ url, name: 'label.jpg', copy: 'failed' }]);
    expect({
      ...after,
      device: before.device,
      audit: before.audit,
      updatedAt: before.updatedAt,
      pendingNotices: before.pendingNotices,
    }).toEqual(before);
    // A repeated or late report about the same file is no news.
    t.outbox.sent.length = 0;
    await t.desk.fileCopied(r.id, url, true);
    expect(t.outbox.kinds()).toEqual([]);
    expect((await t.desk.get(r.id))!.device.documents[0]!.copy).toBe('failed');
  });

  it('ignores nobody: another person typing in the thread is told only the requester can add details', async () => {
    t = createTestDesk();
    const r = await t.start();
    const o = await t.desk.message(r.id, otherTech, CODE);
    expect(refusalCode(o)).toBe('not_requester');
    expect((await t.desk.get(r.id))!.challenge).toBeUndefined();
  });

  it('offers edit help before submission and refuses edits afterwards', async () => {
    t = createTestDesk();
    const r = await t.start(tech, `${CODE}\n${DETAILS}`);
    expect(refusalCode(await t.desk.edit(r.id, tech))).toBe('ok');
    expect(t.outbox.kinds().at(-1)).toBe('edit_help');
    await t.desk.submit(r.id, tech);
    expect(refusalCode(await t.desk.edit(r.id, tech))).toBe('already_submitted');
    expect(refusalCode(await t.desk.edit(r.id, otherTech))).toBe('not_requester');
  });
});

it('gives concurrent starts different ids even when the random ids collide', async () => {
  const ids = ['CR-AAAA', 'CR-AAAA', 'CR-AAAA', 'CR-BBBB'];
  t = createTestDesk({ newId: () => ids.shift() ?? 'CR-CCCC' });
  const slowOpen = async () => {
    await new Promise((r) => setTimeout(r, 20));
    return { platform: 'slack' as const, channel: 'C1', thread: String(Math.random()) };
  };
  const [a, b] = await Promise.all([t.desk.start({ requester: tech, open: slowOpen }), t.desk.start({ requester: tech, open: slowOpen })]);
  expect(a.ok && b.ok).toBe(true);
  if (a.ok && b.ok) expect(a.request.id).not.toBe(b.request.id);
});

describe('the form', () => {
  it('shows every field error at once and changes nothing', async () => {
    t = createTestDesk();
    const r = await t.start();
    const o = await t.desk.setFields(r.id, tech, { challenge: 'SHORT', model: 'NDE-5503-AL', mac: 'zz', firmware: 'seven', serial: '1' });
    expect(o.ok).toBe(false);
    if (o.ok) return;
    expect(o.refusal.code).toBe('invalid_fields');
    expect(Object.keys(o.refusal.fieldErrors ?? {}).sort()).toEqual(['challenge', 'firmware', 'mac', 'serial']);
    expect((await t.desk.get(r.id))!.device.model).toBeUndefined();
  });

  it('fills every field from a valid form and shows the summary', async () => {
    t = createTestDesk();
    const r = await t.start();
    const o = await t.desk.setFields(r.id, tech, {
      challenge: CODE,
      model: 'nde-5503-al',
      mac: '00:07:5f:12:34:56',
      firmware: '7.80.0128',
      serial: '404754734001050102',
    });
    expect(o.ok).toBe(true);
    expect(t.outbox.kinds().at(-1)).toBe('summary');
    expect((await t.desk.get(r.id))!.device.model).toBe('NDE-5503-AL');
  });
});

describe('submission', () => {
  it('sends a complete request to support and tells the technician what happens next', async () => {
    t = createTestDesk();
    const r = await t.start(tech, `${CODE}\n${DETAILS}`);
    t.outbox.clear();
    const o = await t.desk.submit(r.id, tech);
    expect(o.ok && o.request.state).toBe('awaiting_support');
    expect(t.outbox.kinds('card')).toEqual(['card']);
    expect(t.outbox.kinds('requester')).toEqual(['submitted']);
    expect(t.outbox.to('requester')[0]!.text).toMatch(/private message/);
  });

  it('refuses an incomplete request and names what is missing', async () => {
    t = createTestDesk();
    const r = await t.start(tech, CODE);
    const o = await t.desk.submit(r.id, tech);
    expect(refusalCode(o)).toBe('incomplete');
    if (!o.ok) expect(plainText({ lines: o.refusal.lines })).toMatch(/model number, MAC address, firmware version, serial number/);
  });

  it('refuses a submit by someone else, and a second submit', async () => {
    t = createTestDesk();
    const r = await t.start(tech, `${CODE}\n${DETAILS}`);
    expect(refusalCode(await t.desk.submit(r.id, otherTech))).toBe('not_requester');
    expect(refusalCode(await t.desk.submit(r.id, tech))).toBe('ok');
    expect(refusalCode(await t.desk.submit(r.id, tech))).toBe('already_submitted');
  });

  it('refuses support actions before submission', async () => {
    t = createTestDesk();
    const r = await t.start(tech, `${CODE}\n${DETAILS}`);
    expect(refusalCode(await t.desk.sendPuk(r.id, agent, 'PUK12345678'))).toBe('not_submitted');
    expect(refusalCode(await t.desk.claim(r.id, agent))).toBe('not_submitted');
  });
});

describe('support actions', () => {
  it('lets an agent claim, tells the technician who is on it, and refuses a second agent with who holds it', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const o = await t.desk.claim(r.id, agent);
    expect(o.ok && o.request.state).toBe('claimed');
    expect(t.outbox.to('requester')[0]!.text).toMatch(/@agent is working on/);
    const second = await t.desk.claim(r.id, agent2);
    expect(refusalCode(second)).toBe('claimed_by_other');
    if (!second.ok) expect(second.refusal.lines[0]).toContainEqual({ mention: agent });
    expect(refusalCode(await t.desk.claim(r.id, agent))).toBe('already_yours');
  });

  it('refuses every support action by someone who is not an agent, and changes nothing', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const before = await t.desk.get(r.id);
    for (const o of [
      await t.desk.claim(r.id, otherTech),
      await t.desk.sendPuk(r.id, otherTech, 'PUK12345678'),
      await t.desk.ask(r.id, otherTech, 'which site?'),
      await t.desk.reject(r.id, otherTech, 'no'),
      await t.desk.recordTicket(r.id, otherTech, '#871234567'),
      await t.desk.requestDocument(r.id, otherTech, 'invoice'),
      await t.desk.agentReply(r.id, tech, '1234ABCD5678'),
    ])
      expect(refusalCode(o)).toBe('not_agent');
    expect(await t.desk.get(r.id)).toEqual(before);
    expect(t.outbox.sent).toEqual([]);
  });

  it('sends the PUK only privately to the technician, with a note in the thread and on the card', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const o = await t.desk.sendPuk(r.id, agent, ' 9F8E-7D6C-5B4A ');
    expect(o.ok && o.request.state).toBe('puk_delivered');
    expect(o.ok && o.request.claimedBy).toEqual(agent);
    expect(t.outbox.technicianKinds()).toEqual(['puk', 'puk_sent_note']);
    expect(t.outbox.kinds('card')).toEqual(['card']);
    const priv = t.outbox.to('requester_private')[0]!;
    expect(priv.text).toContain('9F8E-7D6C-5B4A');
    expect(priv.text).toMatch(/Response Code/);
    for (const s of t.outbox.sent.filter((x) => x.notice.audience !== 'requester_private')) expect(s.text).not.toContain('9F8E');
  });

  it('chooses the next steps from the firmware: service/service from 6.51, all cleared before', async () => {
    t = createTestDesk();
    const r = await t.start(tech, `${CODE}\nModel NDE-5503-AL\nMAC 00075f123456\nFW 6.50.0100\nSN 404754734001050102`);
    await t.desk.submit(r.id, tech);
    await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    const old = t.outbox.to('requester_private')[0]!.text;
    const r2 = await t.start(tech, `${CODE2}\nModel NDE-5503-AL\nMAC 00075f123457\nFW 7.80.0128\nSN 404754734001050103`);
    await t.desk.submit(r2.id, tech);
    await t.desk.sendPuk(r2.id, agent, 'ABCD1234EFGH');
    const modern = t.outbox.to('requester_private')[1]!.text;
    expect(old).not.toEqual(modern);
    expect(modern).toMatch(/service/);
  });

  it('keeps a PUK whose private message could not be sent, and delivers it once on the next sweep', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const deliver = t.outbox.deliver.bind(t.outbox);
    t.outbox.deliver = async () => {
      throw new Error('Slack is down');
    };
    const o = await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    expect(o.ok).toBe(true);
    const pending = (await t.desk.get(r.id))!.pendingNotices!;
    expect(pending[0]!.notices.map((n) => n.kind)).toEqual(['puk', 'puk_sent_note', 'card']);
    expect(JSON.stringify(pending)).not.toContain('ABCD1234EFGH');
    t.outbox.deliver = deliver;
    expect(await t.desk.redeliver()).toBe(0); // too fresh: another process may still be sending
    t.clock.set(t.clock.now() + 35_000);
    expect(await t.desk.redeliver()).toBe(1);
    expect(await t.desk.redeliver()).toBe(0);
    expect(t.outbox.technicianKinds()).toEqual(['puk', 'puk_sent_note']);
    expect(t.outbox.kinds('card')).toEqual(['card']);
    expect(t.outbox.to('requester_private')[0]!.text).toContain('ABCD1234EFGH');
    expect((await t.desk.get(r.id))!.pendingNotices).toBeUndefined();
  });

  it('does not send again what a slow delivery is still sending (a minute behind a rate-limited channel)', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    t.outbox.clear();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const deliver = t.outbox.deliver.bind(t.outbox);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let waiting = false;
      t.outbox.deliver = async (request, notices) => {
        waiting = true;
        await gate;
        return deliver(request, notices);
      };
      const sending = t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the fake outbox sets it, in another call
      while (!waiting) await new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < 6; i++) {
        t.clock.set(t.clock.now() + 10_000);
        await vi.advanceTimersByTimeAsync(10_000);
      }
      // A minute on, the PUK is still on its way: a sweep here or on another replica leaves it.
      expect(await t.desk.redeliver()).toBe(0);
      release();
      expect((await sending).ok).toBe(true);
      expect(t.outbox.technicianKinds()).toEqual(['puk', 'puk_sent_note']);
      expect(t.outbox.kinds('card')).toEqual(['card']);
      expect((await t.desk.get(r.id))!.pendingNotices).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a malformed PUK with the rule, and a second PUK after delivery with who sent it', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const bad = await t.desk.sendPuk(r.id, agent, 'abc');
    expect(refusalCode(bad)).toBe('invalid_field');
    await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    const again = await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    expect(refusalCode(again)).toBe('puk_already_sent');
    expect(refusalCode(await t.desk.claim(r.id, agent))).toBe('puk_already_sent');
  });

  it('relays an agent question to the technician and the answer back to support', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const asked = await t.desk.ask(r.id, agent, 'Is the camera on a PoE switch?');
    expect(asked.ok && asked.request.state).toBe('needs_info');
    expect(t.outbox.to('requester')[0]!.text).toMatch(/Support asks: Is the camera on a PoE switch\?/);
    const answered = await t.desk.message(r.id, tech, 'yes, a Cisco one');
    expect(answered.ok && answered.request.state).toBe('claimed');
    expect(t.outbox.to('support').at(-1)!.text).toMatch(/@tech wrote: yes, a Cisco one/);
  });

  it('passes on an answer that repeats the current challenge code instead of dropping it', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.ask(r.id, agent, 'Which site is this?');
    const o = await t.desk.message(r.id, tech, `Site 4, the code was ${CODE}`);
    expect(o.ok && o.request.state).toBe('claimed');
    expect(t.outbox.to('support').at(-1)!.text).toMatch(/Site 4/);
  });

  it('takes a PUK-shaped reply in the card thread as the PUK and any other reply as a question', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const q = await t.desk.agentReply(r.id, agent, 'can you send a label photo?');
    expect(q.ok && q.request.state).toBe('needs_info');
    const p = await t.desk.agentReply(r.id, agent, 'PUK: 1A2B3C4D5E6F');
    // Nothing is sent until the agent confirms it privately.
    expect(p.ok && p.request.state).toBe('needs_info');
    expect(p.ok && p.reply && plainText(p.reply)).toMatch(/^Send 1A2B… to @tech as the PUK/);
    expect(t.outbox.to('requester_private')).toEqual([]);
    await t.desk.answer(r.id, agent, 'puk_confirm', '1A2B3C4D5E6F');
    expect((await t.desk.get(r.id))!.state).toBe('puk_delivered');
    expect(t.outbox.to('requester_private')[0]!.text).toContain('1A2B3C4D5E6F');
    const ack = t.outbox.to('support').at(-1)!;
    expect(ack.notice.kind).toBe('puk_taken');
    expect(ack.text).toMatch(/sent it privately to @tech/);
    expect(ack.text).not.toContain('1A2B3C4D5E6F');
  });

  it('asks for a document; the upload is forwarded to the support thread and the card', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.recordTicket(r.id, agent, '#871234567');
    await t.desk.requestDocument(r.id, agent, 'authorization_letter', 'Signed by the site owner');
    expect(t.outbox.to('requester').at(-1)!.text).toMatch(/Authorization Letter.*#871234567/s);
    await t.desk.message(r.id, tech, 'here it is', [{ url: 'https://files.example/letter.pdf', name: 'letter.pdf' }]);
    const stored = await t.desk.get(r.id);
    expect(stored!.device.documents).toHaveLength(1);
    expect(stored!.boschTicket).toBe('#871234567');
    expect(t.outbox.to('support').at(-1)!.text).toMatch(/letter\.pdf/);
  });

  it('refuses a ticket number that is not a Bosch one', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    expect(refusalCode(await t.desk.recordTicket(r.id, agent, '12345'))).toBe('invalid_field');
  });

  it('rejects with a reason the technician reads, and wipes the code', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    expect(refusalCode(await t.desk.reject(r.id, agent, '   '))).toBe('reason_required');
    const o = await t.desk.reject(r.id, agent, 'Device is not registered to your company');
    expect(o.ok && o.request.state).toBe('rejected');
    expect(o.ok && o.request.challenge?.code).toBeUndefined();
    expect(t.outbox.to('requester')[0]!.text).toMatch(/declined.*not registered/s);
    expect(refusalCode(await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH'))).toBe('ended');
  });
});

describe('after the PUK', () => {
  it('completes when the technician confirms, wiping the PUK and the code but keeping the audit', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    expect(refusalCode(await t.desk.done(r.id, otherTech))).toBe('not_requester');
    const o = await t.desk.done(r.id, tech);
    expect(o.ok && o.request.state).toBe('completed');
    const stored = (await t.desk.get(r.id))!;
    expect(stored.puk?.value).toBeUndefined();
    expect(stored.challenge?.code).toBeUndefined();
    expect(stored.audit.map((a) => a.action)).toEqual(['started', 'details_added', 'submitted', 'claimed', 'puk_sent', 'completed']);
    expect(refusalCode(await t.desk.message(r.id, tech, 'thanks'))).toBe('ended');
  });

  it('refuses "done" before any PUK was sent', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    expect(refusalCode(await t.desk.done(r.id, tech))).toBe('no_puk_yet');
    expect(refusalCode(await t.desk.failed(r.id, tech))).toBe('no_puk_yet');
  });

  it('re-opens the request for support when the technician says the PUK failed', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    t.outbox.clear();
    const o = await t.desk.failed(r.id, tech, 'Response code rejected');
    expect(o.ok && o.request.state).toBe('awaiting_support');
    expect(o.ok && o.request.puk).toBeUndefined();
    expect(t.outbox.to('support')[0]!.text).toMatch(/did not work.*Response code rejected/s);
    // The technician is told what happened, not that a new code arrived (none did).
    const told = t.outbox
      .to('requester')
      .map((m) => m.text)
      .join('\n');
    expect(told).toMatch(/Support has been told the reset did not work: CR-\w+ is back with them/);
    expect(told).not.toMatch(/New challenge code/);
    expect(refusalCode(await t.desk.sendPuk(r.id, agent2, 'ZZZZ9999YYYY'))).toBe('ok');
  });

  it('reminds the technician once to enter the PUK, and warns support no more', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    t.outbox.clear();
    await t.clock.advance(minutes(56));
    expect(t.outbox.kinds()).toEqual(['puk_reminder']);
    expect(t.outbox.sent[0]!.text).toMatch(/Response Code/);
  });
});

describe('cancel', () => {
  it('lets only the requester cancel, tells support via the card, and wipes the code', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    expect(refusalCode(await t.desk.cancel(r.id, otherTech))).toBe('not_requester');
    expect(refusalCode(await t.desk.cancel(r.id, agent))).toBe('not_requester');
    const o = await t.desk.cancel(r.id, tech);
    expect(o.ok && o.request.state).toBe('cancelled');
    expect(t.outbox.kinds()).toEqual(['cancelled', 'card']);
    expect((await t.desk.get(r.id))!.challenge?.code).toBeUndefined();
    expect(refusalCode(await t.desk.cancel(r.id, tech))).toBe('ended');
  });

  it('cancels while still collecting without touching support', async () => {
    t = createTestDesk();
    const r = await t.start(tech, CODE);
    t.outbox.clear();
    await t.desk.cancel(r.id, tech);
    expect(t.outbox.kinds()).toEqual(['cancelled']);
  });
});

describe('the challenge clock', () => {
  it('warns the technician and support 15 and 5 minutes before the challenge expires', async () => {
    t = createTestDesk();
    await t.submitted();
    await t.clock.advance(minutes(44));
    expect(t.outbox.sent).toEqual([]);
    await t.clock.advance(minutes(1));
    expect(t.outbox.kinds()).toEqual(['warning', 'warning', 'card']);
    expect(t.outbox.to('requester')[0]!.text).toMatch(/expires in 15 minutes/);
    await t.clock.advance(minutes(10));
    expect(t.outbox.kinds().filter((k) => k === 'warning')).toHaveLength(4);
    expect(t.outbox.to('support').at(-1)!.text).toMatch(/5 minutes/);
  });

  it('says nothing of a warning honoured only after the code ran out: the expiry tells both sides', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const { id } = nextTimerOf(await t.desk.get(r.id))!;
    // The 15-minute warning's job runs late, after the whole hour (the process was down).
    t.clock.set(t.clock.now() + minutes(61));
    t.outbox.clear();
    await t.desk.onTimer({ id, requestId: r.id, at: t.clock.now() });
    expect(t.outbox.kinds()).not.toContain('warning');
    expect(t.outbox.sent.map((m) => m.text).join('\n')).not.toMatch(/expires in 0 seconds/);
  });

  it('never sends a warning twice, even when the timer fires again', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const { id } = nextTimerOf(await t.desk.get(r.id))!;
    await t.clock.advance(minutes(45));
    await t.desk.onTimer({ id, requestId: r.id, at: t.clock.now() });
    await t.desk.onTimer({ id, requestId: r.id, at: t.clock.now() });
    expect(t.outbox.kinds().filter((k) => k === 'warning')).toHaveLength(2);
  });

  it('keeps a warning whose delivery failed and sends it, once, when the timer comes again', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const deliver = t.outbox.deliver.bind(t.outbox);
    t.outbox.deliver = async () => {
      throw new Error('Slack is down');
    };
    const job = nextTimerOf(await t.desk.get(r.id))!;
    await t.clock.advance(minutes(45));
    expect((await t.desk.get(r.id))!.pendingNotices).toHaveLength(1);
    // The timer delivered again (its process died): what is left goes out, once; the sweep finds nothing more.
    t.outbox.deliver = deliver;
    await t.desk.onTimer(job);
    await t.desk.onTimer(job);
    expect(t.outbox.kinds().sort()).toEqual(['card', 'warning', 'warning']);
    t.clock.set(t.clock.now() + 35_000);
    expect(await t.desk.redeliver()).toBe(0);
    expect((await t.desk.get(r.id))!.pendingNotices).toBeUndefined();
  });

  it('skips the warnings whose moment had already passed when an old code arrived', async () => {
    t = createTestDesk();
    await t.start(tech, `${CODE} generated 50 minutes ago`);
    t.outbox.clear();
    await t.clock.advance(minutes(5));
    expect(t.outbox.kinds()).toEqual(['warning']);
    expect(t.outbox.sent[0]!.text).toMatch(/5 minutes/);
  });

  it('expires the request, asks for a new code, and re-opens it for support when one arrives', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.claim(r.id, agent);
    await t.clock.advance(minutes(60));
    const expired = (await t.desk.get(r.id))!;
    expect(expired.state).toBe('expired');
    expect(expired.challenge?.code).toBeUndefined();
    expect(t.outbox.to('requester').at(-1)!.text).toMatch(/Generate a new challenge code/);
    expect(refusalCode(await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH'))).toBe('expired');
    t.outbox.clear();
    const o = await t.desk.message(r.id, tech, `new code: ${CODE2}`);
    expect(o.ok && o.request.state).toBe('awaiting_support');
    expect(o.ok && o.request.challenge).toMatchObject({ seq: 2, code: CODE2, expiresAt: t.clock.now() + minutes(60) });
    expect(t.outbox.kinds()).toEqual(['reopened', 'reopened', 'card']);
    // The new window warns again; the old one stays silent.
    t.outbox.clear();
    await t.clock.advance(minutes(45));
    expect(t.outbox.kinds().filter((k) => k === 'warning')).toHaveLength(2);
  });

  it('tells the technician in an expired request that only a new code helps', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.clock.advance(minutes(60));
    expect(refusalCode(await t.desk.message(r.id, tech, 'hello?'))).toBe('expired');
  });

  it('drops an expired code while still collecting and asks for a fresh one', async () => {
    t = createTestDesk();
    const r = await t.start(tech, CODE);
    await t.clock.advance(minutes(60));
    const stored = (await t.desk.get(r.id))!;
    expect(stored.state).toBe('collecting');
    expect(stored.challenge?.code).toBeUndefined();
    expect(t.outbox.kinds().at(-1)).toBe('expired');
    expect(refusalCode(await t.desk.submit(r.id, tech))).toBe('incomplete');
  });

  it('stops every timer when the request ends', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.cancel(r.id, tech);
    t.outbox.clear();
    await t.clock.advance(minutes(120));
    expect(t.outbox.sent).toEqual([]);
  });

  it('asks the technician to confirm a new code after the PUK, and only Yes sends it back to support', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    const o = await t.desk.message(r.id, tech, CODE2);
    expect(o.ok && o.request.state).toBe('puk_delivered');
    expect(t.outbox.sent.at(-1)!.text).toContain('Is this a new challenge code? The PUK support sent is for the old one.');
    const yes = await t.desk.answer(r.id, tech, 'code_confirm', CODE2);
    expect(yes.refusal).toBeUndefined();
    const after = (await t.desk.get(r.id))!;
    expect(after.state).toBe('awaiting_support');
    expect(after.puk).toBeUndefined();
    expect(after.challenge?.code).toBe(CODE2);
  });
});

describe('the audit trail', () => {
  it('records who did what and when for every change', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.ask(r.id, agent, 'which building?');
    await t.desk.message(r.id, tech, 'B2');
    await t.clock.advance(minutes(45));
    await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    const audit = (await t.desk.get(r.id))!.audit;
    expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual([
      'slack:UTECH1 started',
      'slack:UTECH1 details_added',
      'slack:UTECH1 submitted',
      'slack:UAGENT1 claimed',
      'slack:UAGENT1 asked',
      'slack:UTECH1 answered',
      'system warned',
      'slack:UAGENT1 puk_sent',
    ]);
    expect(audit.every((a) => typeof a.at === 'number')).toBe(true);
  });
});
