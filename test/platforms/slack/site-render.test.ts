// A site's card drawn for Slack when its rows are longer than any intake allows today (100
// cameras, every field at its longest): the card keeps Slack's limits by showing the rows that
// fit, soonest to expire first, and a line saying the rest are in the thread; the thread's list
// holds every row. And a button that carries a list of PUKs loses whole entries, never half a PUK.

import { describe, expect, it } from 'vitest';
import type { CardModel } from '../../../src/core/card.js';
import type { CameraRow } from '../../../src/core/site/copy.js';
import { buttonValue, cameraRowLine, mrkdwnLine, renderCardWithList, renderMessage } from '../../../src/platforms/slack/render.js';
import { boschEmail, boschEmailAnswer } from '../../../src/core/bosch-email.js';
import { siteIn } from '../../support/i18n/longest.js';
import pino from 'pino';
import { newRequest } from '../../../src/core/lifecycle.js';
import type { Camera, ResetRequest } from '../../../src/core/request.js';
import { DEFAULT_SETTINGS } from '../../../src/core/settings.js';
import type { SlackMessenger } from '../../../src/platforms/slack/messenger.js';
import type { SlackMessage } from '../../../src/platforms/slack/render.js';
import { SlackSurface, type SlackSurfaceOptions } from '../../../src/platforms/slack/surface.js';
import { SlackFake, validateBlocks } from '../../support/slack/fake.js';

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
    const { card, list } = renderCardWithList(
      site(100, 'NDE-3503-AL · MAC 00:07:5F:AA:BB:01 · FW 7.80.0128 · S/N 404754734001050102'),
      'CR-7K3M',
      'en',
    );
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

describe('Slack: a site card whose cameras do not all fit, as the surface posts it', () => {
  const NOW = Date.parse('2026-11-26T14:00:00Z');

  /** A site of 100 cameras whose details are longer than any intake takes, so its card must overflow. */
  function longSite(): ResetRequest {
    const base = newRequest({
      id: 'CR-7K3M',
      requester: { platform: 'slack', id: 'UTECH1' },
      conversation: { platform: 'slack', channel: 'CFIELD', thread: '1.2' },
      now: NOW,
    });
    const cameras: Camera[] = Array.from({ length: 100 }, (_, i) => ({
      n: i + 1,
      model: `NDE-3503-AL ${'long model name '.repeat(60)}`,
      mac: `00:07:5F:AA:B0:${(i + 1).toString(16).toUpperCase().padStart(2, '0')}`,
      firmware: '7.80.0128',
      serial: `4047547340010${String(i + 1).padStart(5, '0')}`,
      challenge: { seq: 1, code: code(i + 1), receivedAt: NOW, expiresAt: NOW + 3_600_000 },
      previousChallenges: [],
      state: 'open',
    }));
    return { ...base, state: 'awaiting_support', device: { photos: [], documents: [] }, cameras };
  }

  it('posts the full list in the card thread once, keeps its ts with the card, and updates it with the card', async () => {
    let stored = longSite();
    const posts: Array<{ channel: string; thread?: string; text: string }> = [];
    const updates: Array<{ channel: string; ts: string }> = [];
    let seq = 0;
    const messenger = {
      inOrder: <T>(_channel: string, work: () => Promise<T>) => work(),
      postMessage: (channel: string, m: SlackMessage) => {
        posts.push({ channel, text: m.text });
        return Promise.resolve({ ts: `1.${++seq}`, channel });
      },
      postNow: (channel: string, m: SlackMessage, thread?: string) => {
        expect(validateBlocks(m.blocks, 50, '/blocks')).toEqual([]);
        posts.push({ channel, text: m.text, ...(thread ? { thread } : {}) });
        return Promise.resolve(`1.${++seq}`);
      },
      update: (channel: string, ts: string, m: SlackMessage) => {
        expect(validateBlocks(m.blocks, 50, '/blocks')).toEqual([]);
        updates.push({ channel, ts });
        return Promise.resolve();
      },
      idle: () => Promise.resolve(),
    };
    const desk = {
      now: () => NOW,
      settings: DEFAULT_SETTINGS,
      get: () => Promise.resolve(stored),
      attachSupportCard: (_id: string, card: ResetRequest['supportCard']) => {
        stored = { ...stored, ...(card ? { supportCard: card } : {}) };
        return Promise.resolve();
      },
      fileCopied: () => Promise.resolve(),
    };
    const surface = new SlackSurface({
      messenger: messenger as unknown as SlackMessenger,
      desk: desk as unknown as SlackSurfaceOptions['desk'],
      supportChannel: 'CSUPPORT',
      logger: pino({ level: 'silent' }),
    });

    await surface.toSupport(stored, { audience: 'card', kind: 'card' });
    const card = posts.filter((p) => !p.thread);
    const list = posts.filter((p) => p.thread);
    expect(card).toHaveLength(1);
    expect(list.length).toBeGreaterThanOrEqual(1);
    expect(list.every((p) => p.thread === '1.1')).toBe(true);
    const kept = stored.supportCard?.reference?.cameraList;
    expect(kept).toEqual(list.map((_, i) => `1.${i + 2}`));

    // The next milestone updates the card and each list message in place: nothing new is posted.
    await surface.toSupport(stored, { audience: 'card', kind: 'card' });
    expect(posts).toHaveLength(1 + list.length);
    expect(updates.map((u) => u.ts)).toEqual(['1.1', ...(kept as string[])]);
  });
});

describe('the e-mail to Bosch for a site of 50 in Slack', () => {
  it('reaches the agent whole: the text in as many code sections as it takes, none over 3000 characters', () => {
    const site = siteIn('awaiting_support', 'de', 'slack', 50);
    const email = boschEmail(site, 'central.support@bosch.example', 'de');
    const blocks = renderMessage(boschEmailAnswer(site, email, 'de'), site.id).blocks as Array<{ type: string; text?: { text: string } }>;
    const code = blocks
      .map((b) => b.text?.text ?? '')
      .filter((t) => t.startsWith('```'))
      .map((t) => t.slice(3, -3));
    expect(code.length).toBeGreaterThan(1);
    for (const t of blocks) expect((t.text?.text ?? '').length).toBeLessThanOrEqual(3000);
    const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(unescape(code.join('\n'))).toBe(email.body.replace(/`/g, "'"));
    for (const c of site.cameras ?? []) if (c.state === 'open' && c.challenge?.code) expect(email.body).toContain(c.challenge.code);
  });
});
