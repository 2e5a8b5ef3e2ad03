// Which support form opens on a request, and which refusal meets it instead: the desk asks the
// lifecycle about the form's step with nothing typed yet, so a stale card (the PUK went out, the
// code ran out, the request ended, someone else holds it) is refused as the form opens, in the
// agent's language, not after they filled it in. What the agent types is the form's business and
// the submit's (an empty form would be refused for its emptiness): that never keeps a form shut.

import { afterEach, describe, expect, it } from 'vitest';
import { REFUSALS } from '../../src/core/i18n/catalog.js';
import type { Actor } from '../../src/core/request.js';
import { plainText } from '../../src/core/rich.js';
import { agent, agent2, createTestDesk, minutes, tech } from '../support/desk.js';

type World = ReturnType<typeof createTestDesk>;
const FORMS = ['send_puk', 'ask', 'reject', 'request_document', 'record_ticket', 'paperwork'] as const;
type Form = (typeof FORMS)[number];
/** 'opens', or the code of the refusal the form meets as it opens. */
type Row = Record<Form, string>;

const PUK = 'PUK7X2Q9M4K8';
/** Camera `i` of a site pasted whole: its own code (32 characters, no I or O), MAC and serial. */
const camera = (i: number) =>
  [
    `C${String(i).padStart(3, '0')}D4E5F6G7H8J9K0L1M2N3P4Q5R6S7`,
    'Model: NDE-5503-AL',
    `MAC 00:07:5F:12:34:${(16 + i).toString(16).toUpperCase()}`,
    'FW 7.80.0128',
    `SN 4047547340010${String(i).padStart(5, '0')}`,
  ].join('\n');
const every = (code: string): Row => ({
  send_puk: code,
  ask: code,
  reject: code,
  request_document: code,
  record_ticket: code,
  paperwork: code,
});
const OPEN = every('opens');

/** Each state a support card can be pressed in, reached through the desk; `by` is the agent who presses. */
const STATES: Array<{ state: string; by: Actor; reach: (t: World, id: string) => Promise<unknown>; expected: Row }> = [
  { state: 'awaiting_support', by: agent, reach: async () => undefined, expected: OPEN },
  { state: 'claimed by them', by: agent, reach: (t, id) => t.desk.claim(id, agent), expected: OPEN },
  {
    // A ticket is Bosch's, not the holder's: anyone may record it; the rest is the holder's.
    state: 'claimed by someone else',
    by: agent2,
    reach: (t, id) => t.desk.claim(id, agent),
    expected: { ...every('claimed_by_other'), record_ticket: 'opens', paperwork: 'opens' },
  },
  { state: 'needs_info', by: agent, reach: (t, id) => t.desk.ask(id, agent, 'Which site?'), expected: OPEN },
  {
    // A ticket may still be recorded, and the request rejected, until it ends.
    state: 'puk_delivered',
    by: agent,
    reach: (t, id) => t.desk.sendPuk(id, agent, PUK),
    expected: {
      send_puk: 'puk_already_sent',
      ask: 'not_with_support',
      reject: 'opens',
      request_document: 'not_with_support',
      record_ticket: 'opens',
      paperwork: 'opens',
    },
  },
  {
    state: 'expired',
    by: agent,
    reach: (t) => t.clock.advance(minutes(61)),
    expected: {
      send_puk: 'expired',
      ask: 'not_with_support',
      reject: 'opens',
      request_document: 'not_with_support',
      record_ticket: 'opens',
      paperwork: 'opens',
    },
  },
  {
    state: 'completed',
    by: agent,
    reach: async (t, id) => {
      await t.desk.sendPuk(id, agent, PUK);
      return t.desk.done(id, tech);
    },
    expected: every('ended'),
  },
  { state: 'cancelled', by: agent, reach: (t, id) => t.desk.cancel(id, tech), expected: every('ended') },
  { state: 'rejected', by: agent, reach: (t, id) => t.desk.reject(id, agent2, 'Not our camera'), expected: every('ended') },
];

async function opens(t: World, id: string, by: Actor, form: Form): Promise<string> {
  const may = await t.desk.mayOpenForm(id, by, 'support', form);
  return may.ok ? 'opens' : may.refusal.code;
}

describe('a support form as it opens', () => {
  let t: World;
  afterEach(() => t.close());

  for (const { state, by, reach, expected } of STATES)
    it(`on a request ${state}: ${FORMS.map((f) => `${f} ${expected[f]}`).join(', ')}`, async () => {
      t = createTestDesk();
      const r = await t.submitted();
      await reach(t, r.id);
      const row: Partial<Row> = {};
      for (const form of FORMS) row[form] = await opens(t, r.id, by, form);
      expect(row).toEqual(expected);
      // Opening, or being refused, changed nothing.
      const before = await t.desk.get(r.id);
      for (const form of FORMS) await opens(t, r.id, by, form);
      expect(await t.desk.get(r.id)).toEqual(before);
    });

  it('refuses a technician and an unknown request before asking anything else', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    for (const form of FORMS) {
      expect(await opens(t, r.id, tech, form)).toBe('not_agent');
      expect(await opens(t, 'CR-ZZZZ', agent, form)).toBe('not_found');
    }
  });

  it('says why in the agent’s own language', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.sendPuk(r.id, agent, PUK);
    const german: Actor = { ...agent, locale: 'de' };
    const may = await t.desk.mayOpenForm(r.id, german, 'support', 'ask');
    expect(may.ok).toBe(false);
    const text = may.ok ? '' : plainText({ lines: may.refusal.lines });
    expect(text).toBe(REFUSALS.word('de', 'refusal.not_with_support', { id: r.id, state: 'puk_delivered', what: 'ask' }));
  });

  it('says of Paperwork after the end that nothing is left to do (neither a document nor a ticket)', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    await t.desk.cancel(r.id, tech);
    const may = await t.desk.mayOpenForm(r.id, agent, 'support', 'paperwork');
    expect(may.ok ? '' : plainText({ lines: may.refusal.lines })).toContain('so there is nothing left to do.');
  });

  it('opens a site’s Send PUKs while a camera waits for its PUK, and not once none does', async () => {
    t = createTestDesk();
    const site = async () => {
      const r = await t.start(tech, camera(1));
      await t.desk.anotherCamera(r.id, tech);
      await t.desk.message(r.id, tech, camera(2));
      const s = await t.desk.submit(r.id, tech);
      if (!s.ok) throw new Error(`submit refused: ${s.refusal.code}`);
      return r.id;
    };
    const sent = await site();
    expect(await opens(t, sent, agent, 'send_puk')).toBe('opens');
    expect((await t.desk.sendPuks(sent, agent, [{ camera: 1, puk: PUK }])).ok).toBe(true);
    expect(await opens(t, sent, agent, 'send_puk')).toBe('opens');
    expect((await t.desk.sendPuks(sent, agent, [{ camera: 2, puk: 'PUK7X2Q9M4K9' }])).ok).toBe(true);
    expect((await t.desk.get(sent))?.state).toBe('puk_delivered');
    expect(await opens(t, sent, agent, 'send_puk')).toBe('puk_already_sent');
    // A Send PUKs form opened before, submitted now, meets the same refusal.
    expect(await t.desk.sendPuks(sent, agent, [{ camera: 1, puk: PUK }])).toMatchObject({
      ok: false,
      refusal: { code: 'puk_already_sent' },
    });

    const late = await site();
    await t.clock.advance(minutes(61));
    expect((await t.desk.get(late))?.state).toBe('expired');
    expect(await opens(t, late, agent, 'send_puk')).toBe('expired');
  });
});
