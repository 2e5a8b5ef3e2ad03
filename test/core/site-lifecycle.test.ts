// A whole site in one request (issue 15), through the desk: cameras added one after another,
// each with its own code, PUK and outcome; PUKs sent all-or-nothing; who may do what; secrets
// kept out of every shared message; the one-camera flow untouched until a second camera comes.

import { afterEach, describe, expect, it } from 'vitest';
import { type Actor } from '../../src/core/request.js';
import { plainText } from '../../src/core/rich.js';
import { agent, agent2, createTestDesk, minutes, otherTech, tech } from '../support/desk.js';

/** A distinct valid 32-character code per camera (no I, O: the code rule refuses look-alikes). */
export const siteCode = (i: number): string =>
  `A1B2C3D4E5F6G7H8J9K2L1M2N3P4Q${String.fromCharCode(65 + (i % 20))}${String(i).padStart(2, '5')}`.slice(0, 32);
const mac = (i: number) => `00:07:5F:12:34:${(16 + i).toString(16).toUpperCase().padStart(2, '0')}`;
const block = (i: number, fw = '7.80.0128') =>
  `${siteCode(i)}\nModel: NDE-5503-AL\nMAC ${mac(i)}\nFW ${fw}\nSN 40475473400105${String(1000 + i)}`;

type World = ReturnType<typeof createTestDesk>;

/** A site of `n` cameras built with Another camera, submitted and given a support card. */
async function site(t: World, n: number, by: Actor = tech, fw?: (i: number) => string) {
  const r = await t.start(by, block(1, fw?.(1)));
  for (let i = 2; i <= n; i++) {
    const a = await t.desk.anotherCamera(r.id, by);
    if (!a.ok) throw new Error(`another camera refused: ${a.refusal.code}`);
    await t.desk.message(r.id, by, block(i, fw?.(i)));
  }
  return r.id;
}

async function submitted(t: World, n: number, fw?: (i: number) => string) {
  const id = await site(t, n, tech, fw);
  const s = await t.desk.submit(id, tech);
  if (!s.ok) throw new Error(`submit refused: ${s.refusal.code}`);
  await t.desk.attachSupportCard(id, { platform: 'slack', channel: 'CSUPPORT', thread: '1700000001.000001', message: '1700000001.000001' });
  t.outbox.clear();
  return id;
}

describe('a site built one camera after another', () => {
  let t: World;
  afterEach(() => t.close());

  it('keeps the first camera as camera 1 and asks for camera 2 by number', async () => {
    t = createTestDesk();
    const r = await t.start(tech, block(1));
    t.outbox.clear();
    const a = await t.desk.anotherCamera(r.id, tech);
    expect(a.ok).toBe(true);
    const asked = t.outbox.to('requester').at(-1);
    expect(asked?.notice.kind).toBe('site_next_camera');
    expect(asked?.text).toContain('Camera 2:');
    expect(asked?.text).toContain('32-character challenge code');
    const stored = await t.desk.get(r.id);
    expect(stored?.cameras?.map((c) => [c.n, c.mac, !!c.challenge?.code])).toEqual([
      [1, mac(1), true],
      [2, undefined, false],
    ]);
    // Pressing it again before camera 2 has anything adds no second empty camera.
    await t.desk.anotherCamera(r.id, tech);
    expect((await t.desk.get(r.id))?.cameras).toHaveLength(2);
  });

  it('asks for what the camera being filled lacks, one answer at a time, naming it', async () => {
    t = createTestDesk();
    const r = await t.start(tech, block(1));
    await t.desk.anotherCamera(r.id, tech);
    t.outbox.clear();
    await t.desk.message(r.id, tech, siteCode(2));
    const reply = t.outbox.to('requester').at(-1);
    expect(reply?.text).toContain('Camera 2:');
    expect(reply?.text).toMatch(/model/i);
    await t.desk.message(r.id, tech, 'NDE-5503-AL');
    await t.desk.message(r.id, tech, mac(2));
    await t.desk.message(r.id, tech, '7.80.0128');
    await t.desk.message(r.id, tech, '404754734001051002');
    const done = t.outbox.to('requester').at(-1);
    expect(done?.text).toContain('2 cameras. Check them:');
    expect(done?.notice.kind).toBe('site_intake');
  });

  it("refuses a camera's code that another camera of the site already has, and changes nothing", async () => {
    t = createTestDesk();
    const r = await t.start(tech, block(1));
    await t.desk.anotherCamera(r.id, tech);
    t.outbox.clear();
    await t.desk.message(r.id, tech, siteCode(1));
    expect(t.outbox.to('requester').at(-1)?.text).toContain('already belongs to camera 1');
    expect((await t.desk.get(r.id))?.cameras?.[1]?.challenge).toBeUndefined();
  });

  it('refuses a camera past BATCH_MAX, naming the limit', async () => {
    t = createTestDesk({ settings: { batchMax: 3 } });
    const id = await site(t, 3);
    const a = await t.desk.anotherCamera(id, tech);
    expect(a.ok).toBe(false);
    if (a.ok) return;
    expect(a.refusal.code).toBe('batch_full');
    expect(a.refusal.lines.map((l) => plainText({ lines: [l] })).join('\n')).toContain('3 cameras');
    expect(a.refusal.lines.map((l) => plainText({ lines: [l] })).join('\n')).toContain('BATCH_MAX');
  });

  it('lets only the technician add a camera, and only before submission', async () => {
    t = createTestDesk();
    const id = await site(t, 2);
    expect(await t.desk.anotherCamera(id, otherTech)).toMatchObject({ ok: false, refusal: { code: 'not_requester' } });
    await t.desk.submit(id, tech);
    expect(await t.desk.anotherCamera(id, tech)).toMatchObject({ ok: false, refusal: { code: 'already_submitted' } });
  });

  it('will not submit while a camera lacks something, and names the camera and the field', async () => {
    t = createTestDesk();
    const r = await t.start(tech, block(1));
    await t.desk.anotherCamera(r.id, tech);
    await t.desk.message(r.id, tech, siteCode(2));
    const s = await t.desk.submit(r.id, tech);
    expect(s.ok).toBe(false);
    if (s.ok) return;
    expect(s.refusal.code).toBe('site_incomplete');
    expect(s.refusal.lines.map((l) => plainText({ lines: [l] })).join('\n')).toMatch(/camera 2: model.*MAC.*firmware.*serial/i);
  });

  it('does not offer the one-camera details form on a site', async () => {
    t = createTestDesk();
    const id = await site(t, 2);
    expect(await t.desk.mayOpenForm(id, tech, 'details', 'edit')).toMatchObject({ ok: false, refusal: { code: 'site_form' } });
  });
});

describe("a site's PUKs", () => {
  let t: World;
  afterEach(() => t.close());

  it('sends each PUK privately, named by its camera, with the steps for that camera’s firmware', async () => {
    t = createTestDesk();
    const id = await submitted(t, 3, (i) => (i === 2 ? '6.32.0111' : '7.80.0128'));
    const out = await t.desk.sendPuks(id, agent, [
      { camera: 1, puk: 'ABCD1234' },
      { camera: 2, puk: 'EFGH5678' },
    ]);
    expect(out.ok).toBe(true);
    const dms = t.outbox.to('requester_private');
    expect(dms.map((d) => d.notice)).toEqual([
      { audience: 'requester_private', kind: 'puk', camera: 1 },
      { audience: 'requester_private', kind: 'puk', camera: 2 },
    ]);
    expect(dms[0]?.text).toContain(`PUK for camera 1: NDE-5503-AL, MAC ${mac(1)}`);
    expect(dms[0]?.text).toContain('ABCD1234');
    expect(dms[1]?.text).toContain(`PUK for camera 2: NDE-5503-AL, MAC ${mac(2)}`);
    // 6.32 and 7.80 are told different things about the passwords after the PUK.
    expect(dms[0]?.text).not.toEqual(dms[1]?.text.replace('EFGH5678', 'ABCD1234').replace(mac(2), mac(1)).replace('camera 2', 'camera 1'));
    expect(dms[0]?.text).toContain('Firmware 7.80.0128');
    expect(dms[1]?.text).toContain('6.32.0111');
    // No PUK anywhere but the private messages.
    for (const s of t.outbox.sent.filter((x) => x.notice.audience !== 'requester_private')) {
      expect(s.text).not.toContain('ABCD1234');
      expect(s.text).not.toContain('EFGH5678');
    }
    const support = t.outbox.to('support').at(-1)?.text ?? '';
    expect(support).toContain('cameras 1 and 2');
    expect(support).toContain('Still waiting for a PUK: camera 3');
    const stored = await t.desk.get(id);
    expect(stored?.cameras?.map((c) => c.state)).toEqual(['puk_delivered', 'puk_delivered', 'open']);
    expect(stored?.state).toBe('claimed');
    expect(stored?.claimedBy?.id).toBe(agent.id);
  });

  it('sends nothing when one PUK cannot go, and says which camera and why', async () => {
    t = createTestDesk();
    const id = await submitted(t, 3);
    await t.desk.sendPuks(id, agent, [{ camera: 1, puk: 'ABCD1234' }]);
    t.outbox.clear();
    const out = await t.desk.sendPuks(id, agent, [
      { camera: 1, puk: 'WXYZ9876' },
      { camera: 2, puk: 'no!' },
      { camera: 3, puk: 'EFGH5678' },
      { camera: 9, puk: 'EFGH5679' },
    ]);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.refusal.code).toBe('invalid_puks');
    expect(Object.keys(out.refusal.cameraErrors ?? {}).sort()).toEqual(['1', '2', '9']);
    expect(out.refusal.cameraErrors?.[1]).toContain('already gone out');
    expect(out.refusal.cameraErrors?.[9]).toContain('no such camera');
    expect(out.refusal.lines.map((l) => plainText({ lines: [l] })).join('\n')).toContain('Nothing was sent');
    expect(t.outbox.sent).toEqual([]);
    expect((await t.desk.get(id))?.cameras?.[2]?.state).toBe('open');
  });

  it('refuses PUKs from someone who is not an agent, and from an agent while another holds the site', async () => {
    t = createTestDesk();
    const id = await submitted(t, 2);
    expect(await t.desk.sendPuks(id, tech, [{ camera: 1, puk: 'ABCD1234' }])).toMatchObject({ ok: false, refusal: { code: 'not_agent' } });
    await t.desk.claim(id, agent);
    expect(await t.desk.sendPuks(id, agent2, [{ camera: 1, puk: 'ABCD1234' }])).toMatchObject({
      ok: false,
      refusal: { code: 'claimed_by_other' },
    });
  });

  it('asks which camera when one PUK is sent the one-camera way', async () => {
    t = createTestDesk();
    const id = await submitted(t, 2);
    expect(await t.desk.sendPuk(id, agent, 'ABCD1234')).toMatchObject({ ok: false, refusal: { code: 'site_needs_camera' } });
  });

  it('never relays a PUK the agent wrote in the card thread to the technician', async () => {
    t = createTestDesk();
    const id = await submitted(t, 2);
    const out = await t.desk.agentReply(id, agent, 'ABCD1234');
    expect(t.outbox.sent.filter((s) => s.text.includes('ABCD1234'))).toEqual([]);
    expect(out.ok).toBe(true);
    // A plain question still reaches the technician.
    await t.desk.agentReply(id, agent, 'Which camera is the one above the gate?');
    expect(t.outbox.to('requester').at(-1)?.text).toContain('Which camera is the one above the gate?');
  });

  it('takes "It worked" and "It did not work" per camera, and ends the site when every camera worked', async () => {
    t = createTestDesk();
    const id = await submitted(t, 2);
    await t.desk.sendPuks(id, agent, [
      { camera: 1, puk: 'ABCD1234' },
      { camera: 2, puk: 'EFGH5678' },
    ]);
    expect((await t.desk.get(id))?.state).toBe('puk_delivered');
    t.outbox.clear();
    expect(await t.desk.done(id, tech)).toMatchObject({ ok: false, refusal: { code: 'site_needs_camera' } });
    expect((await t.desk.done(id, tech, 1)).ok).toBe(true);
    expect(t.outbox.to('support').at(-1)?.text).toContain('Camera 1: the reset worked');
    expect(await t.desk.done(id, tech, 1)).toMatchObject({ ok: false, refusal: { code: 'site_camera_done' } });
    const failed = await t.desk.failed(id, tech, 'It says wrong code', 2);
    expect(failed.ok).toBe(true);
    let stored = await t.desk.get(id);
    expect(stored?.cameras?.map((c) => c.state)).toEqual(['completed', 'open']);
    expect(stored?.state).toBe('claimed');
    expect(t.outbox.to('support').at(-1)?.text).toContain('They wrote: It says wrong code');
    await t.desk.sendPuks(id, agent, [{ camera: 2, puk: 'JKLM2345' }]);
    await t.desk.done(id, tech, 2);
    stored = await t.desk.get(id);
    expect(stored?.state).toBe('completed');
    // Ended: no code and no PUK kept.
    expect(JSON.stringify(stored)).not.toMatch(/ABCD1234|EFGH5678|JKLM2345/);
    expect(stored?.cameras?.every((c) => !c.challenge?.code && !c.puk?.value)).toBe(true);
  });

  it('wipes every camera’s code and PUK when the site is cancelled or rejected', async () => {
    t = createTestDesk();
    const a = await submitted(t, 3);
    await t.desk.sendPuks(a, agent, [{ camera: 1, puk: 'ABCD1234' }]);
    await t.desk.reject(a, agent, 'Not your cameras');
    const rejected = await t.desk.get(a);
    expect(rejected?.state).toBe('rejected');
    expect(rejected?.cameras?.every((c) => !c.challenge?.code && !c.puk?.value)).toBe(true);
    const b = await site(t, 2);
    await t.desk.cancel(b, tech);
    expect((await t.desk.get(b))?.cameras?.every((c) => !c.challenge?.code)).toBe(true);
  });

  it('takes a new code after expiry for the camera whose MAC is beside it, and only that camera', async () => {
    t = createTestDesk();
    const id = await submitted(t, 2);
    await t.desk.claim(id, agent);
    await t.clock.advance(minutes(61));
    const before = await t.desk.get(id);
    expect(before?.state).toBe('expired');
    t.outbox.clear();
    const fresh = 'Q9P8N7M6L5K4J3H2G1F9E8D7C6B5A4Z3';
    await t.desk.message(id, tech, `MAC ${mac(2)} ${fresh}`);
    const after = await t.desk.get(id);
    expect(after?.cameras?.map((c) => [c.n, c.state, c.challenge?.code ?? null])).toEqual([
      [1, 'expired', null],
      [2, 'open', fresh],
    ]);
    expect(after?.state).toBe('claimed');
    expect(t.outbox.to('requester').at(-1)?.text).toContain('New code taken for camera 2');
    expect(t.outbox.to('support').at(-1)?.text).toContain('camera 2');
    expect(t.outbox.to('support').at(-1)?.text).not.toContain(fresh);
  });
});

describe('a site pasted at once', () => {
  let t: World;
  afterEach(() => t.close());

  const header = 'Challenge code\tMAC address\tSerial number\tName';
  const row = (i: number) => `${siteCode(i)}\t${mac(i)}\t40475473400105${String(1000 + i)}\tGate ${i}`;
  const table = (n: number, bad: Record<number, string> = {}) =>
    ['Model: NDE-5503-AL', 'Firmware: 7.80.0128', '', header, ...Array.from({ length: n }, (_, i) => bad[i + 1] ?? row(i + 1))].join('\n');

  it('takes a table of 12 with two bad rows: names each bad row, keeps ten, applies the shared fields', async () => {
    t = createTestDesk();
    const r = await t.start(tech);
    t.outbox.clear();
    const bad = {
      4: `${siteCode(4)}\t00:07:5G:12:34:14\t404754734001051004\tGate 4`,
      9: `${siteCode(9).slice(0, 31)}\t${mac(9)}\t404754734001051009\tGate 9`,
    };
    await t.desk.message(r.id, tech, table(12, bad));
    const reply = t.outbox.to('requester').at(-1);
    expect(reply?.notice.kind).toBe('site_intake');
    const text = reply?.text ?? '';
    expect(text).toContain('Added 10 cameras');
    expect(text).toMatch(/Row 8 not taken\. MAC address: .*G/);
    expect(text).toMatch(/Row 13 not taken\. Challenge code: .*31/);
    expect(text).toContain('Send those rows again, corrected');
    expect(text).toContain('Model number NDE-5503-AL applies to cameras 1–10, which had none.');
    expect(text).toContain('00:07:5G:12:34:14');
    expect(text).not.toContain(siteCode(4));
    let stored = await t.desk.get(r.id);
    expect(stored?.cameras).toHaveLength(10);
    expect(stored?.cameras?.every((c) => c.model === 'NDE-5503-AL' && c.firmware === '7.80.0128')).toBe(true);
    expect(stored?.cameras?.map((c) => c.mac)).not.toContain(mac(4));
    // The two rows sent again, corrected: twelve, ready to submit.
    await t.desk.message(r.id, tech, [header, row(4), row(9)].join('\n'));
    stored = await t.desk.get(r.id);
    expect(stored?.cameras).toHaveLength(12);
    const summary = t.outbox.to('requester').at(-1);
    expect(summary?.text).toContain('12 cameras. Check them:');
    expect(summary?.text).toContain('Bosch may charge');
    expect(summary?.text).toContain('"Authorization Letter"');
    expect((await t.desk.submit(r.id, tech)).ok).toBe(true);
    const submittedText = t.outbox.to('requester').at(-1)?.text ?? '';
    expect(submittedText).toContain('12 cameras is with support now');
    expect(submittedText).toContain('Bosch may charge');
  });

  it('refuses a paste of more cameras than BATCH_MAX, naming it, and takes none', async () => {
    t = createTestDesk();
    const r = await t.start(tech);
    t.outbox.clear();
    await t.desk.message(r.id, tech, table(51));
    const text = t.outbox.to('requester').at(-1)?.text ?? '';
    expect(text).toContain('51 cameras');
    expect(text).toContain('at most 50 (BATCH_MAX)');
    const stored = await t.desk.get(r.id);
    expect(stored?.cameras ?? []).toHaveLength(0);
    // 50 is fine.
    await t.desk.message(r.id, tech, table(50));
    expect((await t.desk.get(r.id))?.cameras).toHaveLength(50);
  });

  it('reads one line per camera, in any order, as a site', async () => {
    t = createTestDesk();
    const r = await t.start(tech);
    const lines = [1, 2, 3].map((i) =>
      i % 2
        ? `${mac(i)} NDE-5503-AL 7.80.0128 ${siteCode(i)} 40475473400105${1000 + i}`
        : `SN 40475473400105${1000 + i}, FW 7.80.0128, ${siteCode(i)}, NDE-5503-AL, MAC ${mac(i)}`,
    );
    await t.desk.message(r.id, tech, lines.join('\n'));
    const stored = await t.desk.get(r.id);
    expect(stored?.cameras?.map((c) => [c.mac, c.challenge?.code])).toEqual([1, 2, 3].map((i) => [mac(i), siteCode(i)]));
    expect(t.outbox.to('requester').at(-1)?.text).toContain('3 cameras. Check them:');
  });

  it('leaves a one-camera paste a one-camera request', async () => {
    t = createTestDesk();
    const r = await t.start(tech, block(1));
    const stored = await t.desk.get(r.id);
    expect(stored?.cameras).toBeUndefined();
    expect(stored?.challenge?.code).toBe(siteCode(1));
    expect(t.outbox.to('requester').at(-1)?.notice.kind).toBe('summary');
  });
});

describe("a site's warnings of different offsets at one moment", () => {
  let t: World;
  afterEach(() => t.close());

  it('are one message per offset, each with its own time left', async () => {
    t = createTestDesk();
    const r = await t.start(tech, block(1));
    await t.clock.advance(minutes(10));
    await t.desk.anotherCamera(r.id, tech);
    await t.desk.message(r.id, tech, block(2));
    await t.desk.submit(r.id, tech);
    await t.desk.claim(r.id, agent);
    await t.clock.advance(minutes(35));
    t.outbox.clear();
    // 55 minutes in: camera 1's 5-minute warning and camera 2's 15-minute one fall due together.
    await t.clock.advance(minutes(10));
    const told = t.outbox.to('requester').filter((s) => s.notice.kind === 'site_warning');
    expect(told.map((s) => s.text.split('\n')[0])).toEqual([
      expect.stringMatching(/code of camera 2 .* expires in 15 minutes/),
      expect.stringMatching(/code of camera 1 .* expires in 5 minutes/),
    ]);
  });
});

describe('a second camera for a one-camera request', () => {
  let t: World;
  afterEach(() => t.close());

  it('comes from pasting a whole other camera (its own code, MAC and serial) after the first is complete', async () => {
    t = createTestDesk();
    const r = await t.start(tech, block(1));
    expect((await t.desk.get(r.id))?.cameras).toBeUndefined();
    await t.desk.message(r.id, tech, block(2));
    const stored = await t.desk.get(r.id);
    expect(stored?.cameras?.map((c) => [c.n, c.mac, c.challenge?.code])).toEqual([
      [1, mac(1), siteCode(1)],
      [2, mac(2), siteCode(2)],
    ]);
    expect(t.outbox.to('requester').at(-1)?.text).toContain('2 cameras. Check them:');
  });

  it('is not made of a correction: the same camera pasted again with a new code keeps one camera', async () => {
    t = createTestDesk();
    const r = await t.start(tech, block(1));
    await t.desk.message(r.id, tech, block(1).replace(siteCode(1), siteCode(7)));
    const stored = await t.desk.get(r.id);
    expect(stored?.cameras).toBeUndefined();
    expect(stored?.challenge?.code).toBe(siteCode(7));
  });

  it('comes from typing "another camera" in any of the six languages', async () => {
    for (const words of ['another camera', 'Weitere Kamera', 'une autre caméra', 'otra cámara', "un'altra telecamera", 'nog een camera']) {
      t = createTestDesk();
      const r = await t.start(tech, block(1));
      t.outbox.clear();
      await t.desk.hear({
        where: { platform: 'slack', channel: r.conversation.channel, ...(r.conversation.thread ? { thread: r.conversation.thread } : {}) },
        by: tech,
        text: words,
        command: '/camreset',
        open: () => Promise.resolve(r.conversation),
      });
      const stored = await t.desk.get(r.id);
      expect(stored?.cameras?.length, words).toBe(2);
      expect(t.outbox.to('requester').at(-1)?.notice.kind, words).toBe('site_next_camera');
      await t.close();
    }
  });
});

describe("the Bosch-reply confirmation's button, pressed by the wrong person or too late", () => {
  let t: World;
  afterEach(() => t.close());

  it('sends nothing for a non-agent, a forged value, or a click after those PUKs went out', async () => {
    t = createTestDesk();
    const id = await submitted(t, 2);
    const byTech = await t.desk.answer(id, tech, 'puks_confirm', '1=ABCD1234');
    expect(byTech.refusal?.code).toBe('not_agent');
    for (const forged of ['', '1=', 'x=ABCD1234', '1=ABCD;2', `1=${'%'.repeat(50)}`, '9'.repeat(9000)])
      expect((await t.desk.answer(id, agent, 'puks_confirm', forged)).refusal, forged).toBeDefined();
    expect(t.outbox.sent).toEqual([]);
    expect((await t.desk.answer(id, agent, 'puks_confirm', '1=ABCD1234')).refusal).toBeUndefined();
    t.outbox.clear();
    // The same confirmation pressed again (a stale card): camera 1's PUK is out already.
    const stale = await t.desk.answer(id, agent, 'puks_confirm', '1=ABCD1234');
    expect(stale.refusal?.code).toBe('invalid_puks');
    expect(t.outbox.sent).toEqual([]);
  });
});
