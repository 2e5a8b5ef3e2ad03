// A site's card drawn for Slack when its rows are longer than any intake allows today (100
// cameras, every field at its longest): the card keeps Slack's limits by showing the rows that
// fit, soonest to expire first, and a line saying the rest are in the thread; the thread's list
// holds every row. And a button that carries a list of PUKs loses whole entries, never half a PUK.

import { describe, expect, it } from 'vitest';
import type { CardModel } from '../../../src/core/card.js';
import type { CameraRow } from '../../../src/core/site/copy.js';
import { buttonValue, cameraRowLine, mrkdwnLine, renderCardWithList } from '../../../src/platforms/slack/render.js';
import { validateBlocks } from '../../support/slack/fake.js';
import { SlackFake } from '../../support/slack/fake.js';

const code = (n: number) => `K${String(n).padStart(3, '0')}D4E5F6G7H8J9K0L1M2N3P4Q5R6S7`;

function site(count: number, detail: string): CardModel {
  const rows: CameraRow[] = Array.from({ length: count }, (_, i) => ({
    n: i + 1,
    details: [`${i + 1}. ${detail}`],
    state: ['waiting: runs out at ', { time: Date.parse('2026-11-26T15:00:00Z') + i * 1000 }],
    code: code(i + 1),
  }));
  return {
    title: 'CR-7K3M · camera password reset · waiting for an agent',
    requester: ['Requested by ', { mention: { platform: 'slack', id: 'UTECH1' } }],
    status: [['Nobody has claimed it yet.']],
    device: [],
    extra: [],
    actions: [{ id: 'claim', label: 'Claim' }],
    site: { rows, summary: [`${count} cameras: ${count} waiting for a PUK.`], charges: ['Bosch may charge.'] },
  };
}

describe('Slack: a site card at the limits', () => {
  it('shows 100 cameras of ordinary length on the card itself, in a few sections', () => {
    const { card, list } = renderCardWithList(site(100, 'NDE-3503-AL · MAC 00:07:5F:AA:BB:01 · FW 7.80.0128 · S/N 404754734001050102'), 'CR-7K3M', 'en');
    expect(list).toBeUndefined();
    expect(validateBlocks(card.blocks, 50, '/blocks')).toEqual([]);
    const text = SlackFake.textOf(card);
    for (let n = 1; n <= 100; n++) expect(text).toContain(`\`${code(n)}\``);
  });

  it('shows the rows that fit and says the rest are in the thread when rows are too long for one message; the list holds them all', () => {
    const model = site(100, 'x'.repeat(1400));
    const { card, list } = renderCardWithList(model, 'CR-7K3M', 'en');
    expect(validateBlocks(card.blocks, 50, '/blocks')).toEqual([]);
    const shown = SlackFake.textOf(card);
    expect(shown).toContain(`\`${code(1)}\``);
    expect(shown).not.toContain(`\`${code(100)}\``);
    const more = /(\d+) more cameras are listed in the thread/.exec(shown);
    expect(more).not.toBeNull();
    const onCard = Array.from({ length: 100 }, (_, i) => code(i + 1)).filter((c) => shown.includes(c)).length;
    expect(onCard + Number(more![1])).toBe(100);
    // The summary, the charge note and the buttons stay.
    expect(shown).toContain('100 cameras: 100 waiting');
    expect(shown).toContain('Bosch may charge.');
    expect(JSON.stringify(card.blocks)).toContain('"camreset.claim"');

    expect(list?.length).toBeGreaterThan(1);
    for (const m of list!) expect(validateBlocks(m.blocks, 50, '/blocks')).toEqual([]);
    const listed = list!.map((m) => SlackFake.textOf(m)).join('\n');
    expect(listed).toMatch(/All cameras of request CR-7K3M, the soonest to expire first/);
    // Every row whole: the thread's list never cuts one (a row is shorter than a section).
    const missing = model.site!.rows.filter((row) => !listed.includes(mrkdwnLine(cameraRowLine(row))));
    expect(missing.map((r) => r.n)).toEqual([]);
  });

  it('cuts a list carried by a button between its entries, never inside a PUK', () => {
    const entries = Array.from({ length: 120 }, (_, i) => `${i + 1}=PUK${String(i).padStart(3, '0')}ABCDEFGH`);
    const value = buttonValue('CR-7K3M', entries.join(';'));
    expect(value.length).toBeLessThanOrEqual(2000);
    const [, arg] = value.split('|');
    const parts = arg!.split(';');
    expect(parts.length).toBeGreaterThan(50);
    parts.forEach((p, i) => expect(p).toBe(entries[i]));
    // Short values are unchanged.
    expect(buttonValue('CR-7K3M', '3=ABCD1234')).toBe('CR-7K3M|3=ABCD1234');
    expect(buttonValue('CR-7K3M')).toBe('CR-7K3M');
  });
});
