import { afterEach, describe, expect, it } from 'vitest';
import { addresseeOf, fileLine, noticeMessage } from '../../src/core/copy.js';
import { plainText } from '../../src/core/rich.js';
import type { Notice } from '../../src/core/notices.js';
import { agent, createTestDesk, tech } from '../support/desk.js';

let t: ReturnType<typeof createTestDesk>;
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a test that failed before creating its desk leaves `t` unset
afterEach(() => t?.close());

const relay: Notice = { audience: 'support', kind: 'relay', from: tech, text: 'Site 4', files: [] };
const warning: Notice = { audience: 'support', kind: 'warning', label: '15m', remainingMs: 900_000, expiresAt: 0 };
const expired: Notice = { audience: 'support', kind: 'expired' };

describe('who a support notice is for', () => {
  it('is the agent handling the request when the technician writes back or the clock runs out', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.claim(r.id, agent);
    const claimed = (await t.desk.get(r.id))!;
    for (const n of [relay, warning, expired]) expect(addresseeOf(n, claimed), n.kind).toEqual(agent);
    expect(addresseeOf({ audience: 'support', kind: 'reopened', reason: 'reset_failed' }, claimed)).toBeUndefined();
    expect(addresseeOf({ ...expired, audience: 'requester' }, claimed)).toBeUndefined();
  });

  it('is nobody before a claim, or when the agent handling it is the requester themself', async () => {
    t = createTestDesk({ agents: [agent, tech] });
    const r = await t.submitted();
    expect(addresseeOf(relay, r)).toBeUndefined();
    await t.desk.claim(r.id, tech);
    expect(addresseeOf(relay, (await t.desk.get(r.id))!)).toBeUndefined();
  });
});

describe('how a shared file is named for support', () => {
  const photo = { url: 'https://files.slack.com/files-pri/T1-F1/download/label.jpg', name: 'label.jpg' };
  it.each([
    [undefined, 'slack', /^Label photo: <link>label\.jpg$/],
    ['pending', 'slack', /label\.jpg \(being copied into this thread\)/],
    ['delivered', 'slack', /label\.jpg \(in this thread\)/],
    ['failed', 'slack', /label\.jpg \(could not be copied; the technician was asked to send it again\)/],
    // The copy goes to the card's thread whichever platform it is on: never "not copied here".
    ['pending', 'teams', /label\.jpg \(being copied into this thread\)/],
    ['delivered', 'teams', /label\.jpg \(in this thread\)/],
  ] as const)('a %s copy, card on %s', async (copy, cardOn, shown) => {
    t = createTestDesk();
    const r = await t.submitted();
    const request = {
      ...(await t.desk.get(r.id))!,
      conversation: { platform: 'slack' as const, channel: 'C1', thread: '1.1' },
      supportCard: { platform: cardOn, channel: 'S1', thread: '2.2' },
    };
    const line = fileLine('Label photo: ', copy ? { ...photo, copy } : photo, request, undefined, 'en');
    const text = line.map((p) => (typeof p === 'string' ? p : 'bold' in p ? p.bold : 'link' in p ? `<link>${p.label}` : '')).join('');
    expect(text).toMatch(shown);
    // Never the technician's private download address when a copy is meant.
    if (copy) expect(JSON.stringify(line)).not.toContain('files-pri');
  });
});

describe('how an ended request tells the technician to start again', () => {
  const ended: Notice[] = [
    { audience: 'requester', kind: 'closed', outcome: 'unconfirmed' },
    { audience: 'requester', kind: 'closed', outcome: 'abandoned' },
    { audience: 'requester', kind: 'rejected', by: agent, reason: 'Not our camera' },
    { audience: 'requester', kind: 'cancelled' },
  ];
  it.each([
    ['slack', '/camreset'],
    ['teams', 'camreset'],
  ] as const)('names the command a %s technician types', async (platform, command) => {
    t = createTestDesk();
    const r = await t.submitted();
    const request = {
      ...(await t.desk.get(r.id))!,
      requester: { ...tech, platform },
      conversation: { platform, channel: 'C1', thread: '1.1' },
    };
    for (const notice of ended) {
      const text = plainText(noticeMessage(notice, request, t.clock.now(), t.desk.settings)!);
      expect(text, notice.kind).toMatch(new RegExp(`with ${command.replace('/', '\\/')}\\.$`));
      if (platform === 'teams') expect(text, notice.kind).not.toContain('/camreset');
    }
  });
});
