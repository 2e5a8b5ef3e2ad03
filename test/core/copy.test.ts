import { afterEach, describe, expect, it } from 'vitest';
import { addresseeOf } from '../../src/core/copy.js';
import type { Notice } from '../../src/core/notices.js';
import { agent, createTestDesk, tech } from '../support/desk.js';

let t: ReturnType<typeof createTestDesk>;
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
