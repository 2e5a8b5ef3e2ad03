// The Teams renderer on its own: how a time reads for one reader and for many, what a mention
// looks like and when one is made, and what stays plain text whoever wrote it.

import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/request.js';
import type { Paragraph } from '../../../src/core/rich.js';
import { CardText, clientTime, clock, escapeTeamsMarkdown, localizeTimes, mentionName } from '../../../src/platforms/teams/render.js';
import { isTimeZone, timeZoneOf } from '../../../src/platforms/teams/zones.js';

const AT = Date.parse('2026-11-26T14:02:37.123Z');
const alex: Actor = { platform: 'teams', id: '00000000-0000-4000-8000-00000000b001', name: 'Alex Agent' };
const tina: Actor = { platform: 'teams', id: '00000000-0000-4000-8000-00000000a001', name: 'Tina Tech' };

describe('times', () => {
  it('reads on the reader’s clock when their zone is known, in labelled UTC when it is not', () => {
    expect(clock(AT, 'Europe/Berlin')).toBe('15:02');
    expect(clock(AT, 'America/New_York')).toBe('09:02');
    expect(clock(AT, 'UTC')).toBe('14:02 UTC');
    expect(clock(Date.parse('2026-07-01T14:02:00Z'), 'Europe/Berlin')).toBe('16:02');
  });

  it('leaves each client to draw a time in a card many people read, as RFC 3339 UTC without fractions', () => {
    expect(clientTime(AT)).toBe('{{TIME(2026-11-26T14:02:37Z)}}');
    const block = new CardText().line(['Expires at ', { time: AT }]);
    expect(block).toEqual({ type: 'TextBlock', text: 'Expires at {{TIME(2026-11-26T14:02:37Z)}}', wrap: true });
  });

  it('turns the bot’s own TIME() placeholders into one reader’s clock, and nothing else', () => {
    const card = {
      body: [
        { type: 'TextBlock', text: `at ${clientTime(AT)}` },
        { type: 'TextRun', text: `at ${clientTime(AT)}` },
      ],
    };
    expect(localizeTimes(card, 'Europe/Berlin')).toEqual({
      body: [
        { type: 'TextBlock', text: 'at 15:02' },
        { type: 'TextRun', text: `at ${clientTime(AT)}` },
      ],
    });
  });

  it('reads the zone from localTimezone, else from the clientInfo entity, and only a real zone', () => {
    expect(timeZoneOf({ localTimezone: 'Europe/Berlin' })).toBe('Europe/Berlin');
    expect(timeZoneOf({ entities: [{ type: 'clientInfo', timezone: 'Asia/Kolkata' }] })).toBe('Asia/Kolkata');
    expect(timeZoneOf({ localTimezone: 'Mars/Olympus_Mons', entities: [{ type: 'clientInfo', timezone: 'Europe/Berlin' }] })).toBe(
      'Europe/Berlin',
    );
    expect(timeZoneOf({ localTimezone: 'Not/AZone' })).toBeUndefined();
    expect(isTimeZone('x'.repeat(100))).toBe(false);
  });
});

describe('mentions', () => {
  it('mentions the people it is told to, with a matching entity, and names everyone else', () => {
    const text = new CardText({ notify: (a) => a.id === alex.id });
    const line: Paragraph = ['Handled by ', { mention: alex }, ' for ', { mention: tina }];
    expect(text.line(line)).toEqual({ type: 'TextBlock', text: 'Handled by <at>Alex Agent</at> for @Tina Tech', wrap: true });
    expect(text.mentions).toEqual([{ type: 'mention', text: '<at>Alex Agent</at>', mentioned: { id: alex.id, name: 'Alex Agent' } }]);
    // Mentioned twice, listed once.
    text.line(['PUK sent by ', { mention: alex }]);
    expect(text.mentions).toHaveLength(1);
  });

  it('cannot mention two people under one name, since Teams matches a mention by its text', () => {
    const other: Actor = { ...alex, id: '00000000-0000-4000-8000-00000000b009' };
    const text = new CardText({ notify: () => true });
    expect(text.line([{ mention: alex }, ' and ', { mention: other }])).toMatchObject({ text: '<at>Alex Agent</at> and @Alex Agent' });
    expect(text.mentions.map((m) => m.mentioned.id)).toEqual([alex.id]);
  });

  it('never mentions someone from another platform, or anyone when not told to', () => {
    const slack: Actor = { platform: 'slack', id: 'U123', name: 'Sam' };
    const line: Paragraph = ['by ', { mention: slack }, ' and ', { mention: alex }];
    const told = new CardText({ notify: () => true });
    expect(told.line(line)).toMatchObject({ type: 'TextBlock', text: 'by @Sam and <at>Alex Agent</at>' });
    const quiet = new CardText();
    expect(quiet.line(line)).toMatchObject({ type: 'RichTextBlock' });
    expect(quiet.mentions).toEqual([]);
  });

  it('cuts a directory name down to one that can neither close the mention nor start markup', () => {
    const name = (n: string) => mentionName({ ...alex, name: n });
    expect(name('Zoë O’Brien-Smith, Jr.')).toBe('Zoë O’Brien-Smith, Jr.');
    expect(name('<at>Boss</at> **x** [y](https://evil.example)')).toBe('Boss x y https evil.example');
    expect(name('a</at><at>b')).toBe('a b');
    expect(name('{{TIME(2020-01-01T00:00:00Z)}} _i_ `c` ~s~ \\ | #')).toBe('TIME 2020-01-01T00 00 00Z i c s');
    expect(name('<b></b>')).toBe('Teams user');
    expect(name('x'.repeat(200))).toHaveLength(64);
  });
});

describe('what stays plain text', () => {
  it('keeps a line without a time for every reader or a notifying mention in TextRuns, templates made inert', () => {
    const block = new CardText({ timeZone: 'Europe/Berlin' }).line([
      { bold: 'Support asks: ' },
      'is it {{DATE(2020-01-01T00:00:00Z, SHORT)}} or {{ time(2020-01-01T00:00:00Z)}}?',
      ' at ',
      { time: AT },
    ]);
    expect(block).toEqual({
      type: 'RichTextBlock',
      inlines: [
        { type: 'TextRun', text: 'Support asks: ', weight: 'Bolder' },
        { type: 'TextRun', text: 'is it {\u200b{DATE(2020-01-01T00:00:00Z, SHORT)}} or {\u200b{ time(2020-01-01T00:00:00Z)}}?' },
        { type: 'TextRun', text: ' at ' },
        { type: 'TextRun', text: '15:02' },
      ],
    });
  });

  it('escapes everything in a TextBlock but its times and mentions, and bolds a line that opens in bold', () => {
    const block = new CardText({ notify: () => true }).line([
      { bold: 'Heads up <b>' },
      ' [x](y) *z* {{TIME(2020-01-01T00:00:00Z)}} at ',
      { time: AT },
      ' ',
      { mention: alex },
    ]);
    expect(block).toEqual({
      type: 'TextBlock',
      text: 'Heads up &lt;b&gt; \\[x\\]\\(y\\) \\*z\\* {\u200b{TIME\\(2020-01-01T00:00:00Z\\)}} at {{TIME(2026-11-26T14:02:37Z)}} <at>Alex Agent</at>',
      wrap: true,
      weight: 'Bolder',
    });
  });

  it('escapes list and heading markers at the start of a line the way markdown reads them', () => {
    expect(escapeTeamsMarkdown('1. first\n- item\n# title\n+ plus')).toBe('1\\. first\n\\- item\n\\# title\n\\+ plus');
  });
});
