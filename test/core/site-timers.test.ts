// A site's clocks (issue 15): each camera's code has its own, and the technician hears of them
// per site, not per camera: warnings due together (codes pasted together, or a minute apart)
// come as one message, an unclaimed site with several codes at risk is told once which to
// renew and in which order, expiries and PUK reminders due at once are one message, a new
// code for one camera moves only that camera's clock, and a site nobody comes back to closes.
// The clock is stepped in small increments (ManualClock.advance jumps) so each message is seen
// at the moment it goes out.

import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../src/core/notices.js';
import type { ResetRequest } from '../../src/core/request.js';
import { agent, createTestDesk, minutes, tech } from '../support/desk.js';

let t: ReturnType<typeof createTestDesk> | undefined;
afterEach(() => t?.close());

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Camera i's own 32-character code (`seq` for a second code of the same camera). */
const codeOf = (i: number, seq = 1) =>
  Array.from({ length: 32 }, (_, k) => ALNUM[(i * 7 + seq * 11 + k * 13 + ((i * k) % 5)) % ALNUM.length]).join('');
const macOf = (i: number) => `00:07:5F:12:00:${i.toString(16).padStart(2, '0').toUpperCase()}`;
const block = (i: number, extra = '') =>
  `${codeOf(i)}${extra}\nModel: NDE-5503-AL\nMAC ${macOf(i)}\nFW 7.80.0128\nSN 40475473400105000${i}`;

interface Heard {
  /** Minutes since the first code. */
  at: number;
  notice: Notice;
  text: string;
}

/**
 * A site as a technician builds it, one camera after another: `cameras[k]` minutes after the
 * first code comes camera k+1's (with `extra` after its code, e.g. an age). Submitted with its
 * card; claimed when `claimed`. The outbox is cleared: what follows is what the timers say.
 */
async function site(cameras: Array<number | { after: number; extra: string }>, options: { claimed: boolean }) {
  const desk = t!;
  const t0 = desk.clock.now();
  const first = cameras[0];
  const r = await desk.start(tech, block(1, typeof first === 'object' ? first.extra : ''));
  for (let k = 1; k < cameras.length; k++) {
    const c = cameras[k]!;
    const after = typeof c === 'number' ? c : c.after;
    const another = await desk.desk.anotherCamera(r.id, tech);
    if (!another.ok) throw new Error(`another camera refused: ${another.refusal.code}`);
    await walk(t0 + minutes(after) - desk.clock.now());
    const pasted = await desk.desk.message(r.id, tech, block(k + 1, typeof c === 'object' ? c.extra : ''));
    if (!pasted.ok) throw new Error(`camera ${k + 1} refused: ${pasted.refusal.code}`);
  }
  const submitted = await desk.desk.submit(r.id, tech);
  if (!submitted.ok) throw new Error(`submit refused: ${submitted.refusal.code}`);
  await desk.desk.attachSupportCard(r.id, {
    platform: 'slack',
    channel: 'CSUPPORT',
    thread: '1700000001.000001',
    message: '1700000001.000001',
  });
  if (options.claimed) {
    const claimed = await desk.desk.claim(r.id, agent);
    if (!claimed.ok) throw new Error(`claim refused: ${claimed.refusal.code}`);
  }
  const stored = (await desk.desk.get(r.id))!;
  expect(stored.cameras?.length).toBe(cameras.length);
  desk.outbox.clear();
  return { id: r.id, t0, request: stored };
}

/** Moves the clock `ms` forward in steps of `step`, so every timer is honoured at its own moment. */
async function walk(ms: number, step = 15_000): Promise<void> {
  const until = t!.clock.now() + ms;
  while (t!.clock.now() < until) await t!.clock.advance(Math.min(step, until - t!.clock.now()));
}

/** Walks to `minutesAfter` the first code; returns what the technician was told meanwhile, with when. */
async function until(t0: number, minutesAfter: number, step?: number): Promise<Heard[]> {
  const heard: Heard[] = [];
  const target = t0 + minutes(minutesAfter);
  while (t!.clock.now() < target) {
    const before = t!.outbox.sent.length;
    await t!.clock.advance(Math.min(step ?? 15_000, target - t!.clock.now()));
    for (const s of t!.outbox.sent.slice(before))
      if (s.notice.audience === 'requester') heard.push({ at: (t!.clock.now() - t0) / 60_000, notice: s.notice, text: s.text });
  }
  return heard;
}

const ofKind = (heard: Heard[], kind: Notice['kind']) => heard.filter((h) => h.notice.kind === kind);
const camerasOf = (h: Heard) => ('cameras' in h.notice ? h.notice.cameras : []);
const toSupport = (kind: Notice['kind']) => t!.outbox.to('support').filter((s) => s.notice.kind === kind);

describe('a site’s warnings', () => {
  it('come as one message for codes pasted together and codes a minute apart; a code three minutes later warns on its own', async () => {
    t = createTestDesk();
    const { id, t0 } = await site([0, 0, 1, 3], { claimed: true });
    const heard = await until(t0, 56);
    const warnings = ofKind(heard, 'site_warning');
    // 15 minutes before cameras 1 and 2 run out: camera 3 (a minute later) comes with them, camera 4 (three) does not.
    expect(warnings.map((w) => [w.at, camerasOf(w)])).toEqual([
      [45, [1, 2, 3]],
      [48, [4]],
      [55, [1, 2, 3]],
    ]);
    expect(warnings[0]!.text).toContain(`the codes of cameras 1–3 on request ${id} expire in 15 minutes`);
    expect(warnings[0]!.notice).not.toHaveProperty('regenerate');
    // Support reads the same, once per message.
    expect(toSupport('site_warning').map((s) => camerasOf({ at: 0, notice: s.notice, text: '' }))).toEqual([[1, 2, 3], [4], [1, 2, 3]]);
    // No message from one camera's timer alone, and none twice.
    expect(ofKind(heard, 'warning')).toEqual([]);
  });

  it('of an unclaimed site with several codes at risk: one message saying which to renew, in expiry order, and no later warning for those', async () => {
    t = createTestDesk();
    // Camera 2's code is a minute older than camera 1's (said so when pasted); camera 3's came twenty minutes later.
    const { id, t0 } = await site([0, { after: 0, extra: ' generated 1 minute ago' }, 20], { claimed: false });
    const heard = await until(t0, 76);
    const warnings = ofKind(heard, 'site_warning');
    expect(warnings[0]!.at).toBe(44);
    expect(warnings[0]!.notice).toMatchObject({ regenerate: true, cameras: [2, 1] });
    expect(warnings[0]!.text).toContain(`Support has not picked up request ${id} yet, and 2 codes will run out before they can answer.`);
    const order = warnings[0]!.text.split('\n').filter((l) => /^\d\. /.test(l));
    expect(order).toHaveLength(2);
    expect(order[0]).toMatch(/^1\. Camera 2/i);
    expect(order[1]).toMatch(/^2\. Camera 1/i);
    // Nothing more about cameras 1 and 2 until they run out; camera 3 (not at risk then) warns as usual.
    expect(warnings.slice(1).map((w) => [w.at, camerasOf(w)])).toEqual([
      [65, [3]],
      [75, [3]],
    ]);
    expect(ofKind(heard, 'site_expired').map((e) => [e.at, camerasOf(e)])).toEqual([
      [59, [2]],
      [60, [1]],
    ]);
    expect(toSupport('site_warning')[0]!.notice).toMatchObject({ regenerate: true, unclaimed: true, cameras: [2, 1] });
  });

  it('of an unclaimed site whose codes came together: one message listing every camera at risk', async () => {
    t = createTestDesk();
    const { t0 } = await site([0, 0, 0], { claimed: false });
    const heard = await until(t0, 59);
    const warnings = ofKind(heard, 'site_warning');
    expect(warnings.map((w) => [w.at, camerasOf(w), 'regenerate' in w.notice && w.notice.regenerate])).toEqual([[45, [1, 2, 3], true]]);
  });

  it('of an unclaimed site: a camera whose warning is due with the regenerate message is named in it, never silently skipped', async () => {
    t = createTestDesk();
    // Cameras 1 and 2 together, camera 3 ninety seconds later: its warning is due with theirs (COALESCE_MS).
    const { t0 } = await site([0, 0, 1.5], { claimed: false });
    const heard = await until(t0, 62);
    const warnings = ofKind(heard, 'site_warning');
    expect(warnings.map((w) => [w.at, camerasOf(w), 'regenerate' in w.notice && w.notice.regenerate])).toEqual([[45, [1, 2, 3], true]]);
    expect(ofKind(heard, 'site_expired').map((e) => [e.at, camerasOf(e)])).toEqual([
      [60, [1, 2]],
      [61.5, [3]],
    ]);
  });

  it('of an unclaimed site with one code at risk are the usual warnings', async () => {
    t = createTestDesk();
    // Camera 2's code came 40 minutes after camera 1's: never two at risk at once.
    const { t0 } = await site([0, 40], { claimed: false });
    const warnings = ofKind(await until(t0, 96), 'site_warning');
    expect(warnings.map((w) => [w.at, camerasOf(w), 'regenerate' in w.notice])).toEqual([
      [45, [1], false],
      [55, [1], false],
      [85, [2], false],
      [95, [2], false],
    ]);
  });

  it('of an unclaimed site: a camera warned before still hears of its last warning when others are told to renew', async () => {
    t = createTestDesk();
    // Camera 1 alone at its 15-minute warning; by its 5-minute one, cameras 2 and 3 (16 and 17 minutes later) are at risk too.
    const { t0 } = await site([0, 16, 17], { claimed: false });
    const heard = await until(t0, 61);
    const warnings = ofKind(heard, 'site_warning');
    expect(warnings[0]).toMatchObject({ at: 45, notice: { cameras: [1] } });
    const at55 = warnings.filter((w) => w.at === 55);
    expect(at55.flatMap(camerasOf).sort()).toEqual([1, 2, 3]);
    expect(at55.some((w) => 'regenerate' in w.notice && w.notice.regenerate && camerasOf(w).includes(2) && camerasOf(w).includes(3))).toBe(
      true,
    );
  });
});

describe('a site’s expiries', () => {
  it('due at once are one message, to the technician and to support', async () => {
    t = createTestDesk();
    const { id, t0 } = await site([0, 0, 0, 2], { claimed: true });
    const heard = await until(t0, 63);
    const expired = ofKind(heard, 'site_expired');
    expect(expired.map((e) => [e.at, camerasOf(e)])).toEqual([
      [60, [1, 2, 3]],
      [62, [4]],
    ]);
    expect(expired[0]!.text).toContain(`The codes of cameras 1–3 on request ${id} ran out without a PUK.`);
    expect(toSupport('site_expired').map((s) => ('cameras' in s.notice ? s.notice.cameras : []))).toEqual([[1, 2, 3], [4]]);
    const stored = (await t.desk.get(id))!;
    expect(stored.state).toBe('expired');
    expect(stored.cameras!.map((c) => [c.state, c.challenge?.code])).toEqual([
      ['expired', undefined],
      ['expired', undefined],
      ['expired', undefined],
      ['expired', undefined],
    ]);
  });
});

describe('a new code for one camera of a site', () => {
  it('pasted with its MAC after submission restarts that camera’s clock only', async () => {
    t = createTestDesk();
    const { id, t0 } = await site([0, 0, 0], { claimed: true });
    await until(t0, 30);
    const pasted = await t.desk.message(id, tech, `${codeOf(2, 2)} MAC ${macOf(2)}`);
    expect(pasted.ok).toBe(true);
    const stored = (await t.desk.get(id))!;
    expect(stored.cameras!.map((c) => [c.n, c.challenge?.code, (c.challenge!.expiresAt - t0) / 60_000])).toEqual([
      [1, codeOf(1), 60],
      [2, codeOf(2, 2), 90],
      [3, codeOf(3), 60],
    ]);
    const heard = await until(t0, 91);
    expect(ofKind(heard, 'site_warning').map((w) => [w.at, camerasOf(w)])).toEqual([
      [45, [1, 3]],
      [55, [1, 3]],
      [75, [2]],
      [85, [2]],
    ]);
    expect(ofKind(heard, 'site_expired').map((e) => [e.at, camerasOf(e)])).toEqual([
      [60, [1, 3]],
      [90, [2]],
    ]);
  });
});

describe('a site’s PUK reminders', () => {
  it('for PUKs whose codes came together are one message, once per camera', async () => {
    t = createTestDesk();
    const { id, t0 } = await site([0, 0, 0, 20], { claimed: true });
    await until(t0, 30);
    const sent = await t.desk.sendPuks(
      id,
      agent,
      [1, 2, 3, 4].map((n) => ({ camera: n, puk: `ABCD1234EF${n}H` })),
    );
    if (!sent.ok) throw new Error(sent.refusal.code);
    const heard = await until(t0, 81);
    const reminders = ofKind(heard, 'site_puk_reminder');
    expect(reminders.map((r) => [r.at, camerasOf(r)])).toEqual([
      [55, [1, 2, 3]],
      [75, [4]],
    ]);
    expect(reminders[0]!.text).toContain(`The codes of cameras 1–3 on request ${id} run out in 5 minutes`);
    // No warnings once the PUKs are out.
    expect(ofKind(heard, 'site_warning')).toEqual([]);
    expect(ofKind(heard, 'site_expired').map((e) => [e.at, 'afterPuk' in e.notice ? e.notice.afterPuk : []])).toEqual([
      [60, [1, 2, 3]],
      [80, [4]],
    ]);
  });
});

describe('a site nobody comes back to', () => {
  it('closes once REQUEST_IDLE_CLOSE passes after its codes ran out: abandoned without PUKs, one message', async () => {
    t = createTestDesk();
    const { id, t0 } = await site([0, 0], { claimed: true });
    await until(t0, 61);
    expect((await t.desk.get(id))!.state).toBe('expired');
    // Quiet since the codes ran out at 60 minutes: nothing until 24 hours after that.
    const heard = await until(t0, 60 + 24 * 60 - 1, 10 * 60_000);
    expect(ofKind(heard, 'closed')).toEqual([]);
    const closing = await until(t0, 60 + 24 * 60 + 1, 15_000);
    expect(closing.map((h) => h.at)).toEqual([60 + 24 * 60]);
    const closed = ofKind(closing, 'closed');
    expect(closed).toHaveLength(1);
    expect(closed[0]!.text).toContain(`${id} is closed as abandoned.`);
    const stored: ResetRequest = (await t.desk.get(id))!;
    expect(stored.state).toBe('abandoned');
  });

  it('closes as unconfirmed when PUKs went out and nobody said whether they worked', async () => {
    t = createTestDesk();
    const { id, t0 } = await site([0, 0], { claimed: true });
    await t.desk.sendPuks(id, agent, [
      { camera: 1, puk: 'ABCD1234EF1H' },
      { camera: 2, puk: 'ABCD1234EF2H' },
    ]);
    await until(t0, 61);
    await until(t0, 61 + 24 * 60 + 1, 10 * 60_000);
    const stored = (await t.desk.get(id))!;
    expect(stored.state).toBe('unconfirmed');
    expect(
      t.outbox
        .to('requester')
        .filter((s) => s.notice.kind === 'closed')
        .map((s) => s.text),
    ).toEqual([expect.stringContaining(`${id} is closed as unconfirmed.`)]);
  });
});
