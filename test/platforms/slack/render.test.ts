import { describe, expect, it } from 'vitest';
import { cardModel } from '../../../src/core/card.js';
import { newRequest } from '../../../src/core/lifecycle.js';
import type { ResetRequest } from '../../../src/core/request.js';
import type { RichMessage } from '../../../src/core/rich.js';
import { VIEWS, type ViewKind, buildView } from '../../../src/platforms/slack/modals.js';
import {
  LIMITS,
  escapeText,
  inline,
  mention,
  renderCard,
  renderMessage,
  renderRefusal,
  slackTextToPlain,
  slackTime,
  truncateMrkdwn,
} from '../../../src/platforms/slack/render.js';
import { validateBlocks, validateView } from '../../support/slack/fake.js';
import { CODE } from '../../support/desk.js';

const request = (over: Partial<ResetRequest> = {}): ResetRequest => ({
  ...newRequest({
    id: 'CR-7K3M',
    requester: { platform: 'slack', id: 'UTECH1' },
    conversation: { platform: 'slack', channel: 'CFIELD', thread: '1.2' },
    now: Date.parse('2026-11-26T14:00:00Z'),
  }),
  ...over,
});

describe('Slack rendering', () => {
  it('escapes every plain string, so Slack markup typed by a person stays text', () => {
    expect(escapeText('<!channel> & <https://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;https://x|y&gt;');
    expect(inline({ bold: '<!here>' })).toBe('*&lt;!here&gt;*');
    expect(inline({ code: '<@U1>' })).toBe('`&lt;@U1&gt;`');
    expect(inline({ link: 'javascript:alert(1)', label: '<b>' })).toBe('&lt;b&gt; (javascript:alert(1))');
    expect(inline({ link: 'https://files.slack.com/x.jpg', label: 'a<b' })).toBe('<https://files.slack.com/x.jpg|a&lt;b>');
  });

  it("reads Slack's escaped text back as what the person typed", () => {
    expect(slackTextToPlain('a &lt;b&gt; &amp;lt; <!channel>')).toBe('a <b> &lt; <!channel>');
    expect(escapeText(slackTextToPlain('&amp;lt;'))).toBe('&amp;lt;');
  });

  it('mentions Slack people and names Teams people without markup', () => {
    expect(mention({ platform: 'slack', id: 'U123ABC' })).toBe('<@U123ABC>');
    expect(mention({ platform: 'teams', id: '29:abc', name: 'Ann <!channel>' })).toBe('Ann &lt;!channel&gt;');
    expect(mention({ platform: 'slack', id: 'not-an-id>', name: 'x' })).toBe('x');
  });

  it("shows times with Slack's date syntax and a UTC fallback", () => {
    const at = Date.parse('2026-11-26T14:02:30.750Z');
    expect(slackTime(at)).toBe(`<!date^${Math.floor(at / 1000)}^{time}|14:02 UTC>`);
  });

  it('never cuts an entity or a token in half when truncating', () => {
    const text = `${'a'.repeat(2990)}&amp;<@U123456789>`;
    for (let max = 2988; max < text.length; max++) {
      const cut = truncateMrkdwn(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/&[a-z]*…$|<[^>]*…$/);
    }
  });

  it("keeps a huge message within Slack's limits and keeps its buttons", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => [`line ${i} `, '<&>'.repeat(40)]);
    const { blocks, text } = renderMessage({ lines, actions: [{ id: 'submit', label: 'S'.repeat(200) }] }, 'CR-7K3M');
    expect(validateBlocks(blocks, LIMITS.messageBlocks, '/blocks')).toEqual([]);
    expect(blocks.at(-1)!.type).toBe('actions');
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  });

  it('keeps the PUK out of the notification preview', () => {
    const { text, blocks } = renderMessage({ lines: [['PUK for CR-7K3M:']], code: 'SECRET12345' }, 'CR-7K3M');
    expect(text).not.toContain('SECRET12345');
    expect(JSON.stringify(blocks)).toContain('SECRET12345');
  });

  it('draws a valid card even from absurd field values', () => {
    const r = request({
      state: 'awaiting_support',
      challenge: { seq: 1, code: CODE, receivedAt: 0, expiresAt: Date.parse('2026-11-26T15:00:00Z') },
      device: {
        model: '<!channel>'.repeat(300),
        mac: 'x',
        firmware: 'y',
        serial: '&'.repeat(3000),
        photos: Array.from({ length: 80 }, (_, i) => ({ url: `https://f/${i}`, name: `p${i}` })),
        documents: [],
      },
    });
    const { blocks } = renderCard(cardModel(r, Date.parse('2026-11-26T14:10:00Z'), 'en'), r.id);
    expect(validateBlocks(blocks, LIMITS.messageBlocks, '/blocks')).toEqual([]);
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
  });

  it('renders refusals as a private message', () => {
    expect(renderRefusal({ lines: [['Only ', { mention: { platform: 'slack', id: 'U1AB' } }, ' can.']] }).text).toBe('Only <@U1AB> can.');
  });

  it("builds every form within Slack's view limits", () => {
    const r = request({ boschTicket: '#8712345678', device: { model: 'M'.repeat(500), photos: [], documents: [] } });
    for (const kind of Object.keys(VIEWS) as ViewKind[]) {
      const view = buildView(kind, r, { channel: 'CSUPPORT', thread: '1.2' });
      expect(validateView(view, 'modal'), kind).toEqual([]);
    }
  });
});

describe('Slack: a mailto: link too long for a section', () => {
  it('is never cut: its label stays as words and the agent is told to copy the text (in their language)', () => {
    const mailto = `mailto:central.support@bosch.example?subject=x&body=${'%C3%A4'.repeat(700)}`;
    const message: RichMessage = { lines: [['E-mail to Bosch']], code: 'the body', footer: [[{ link: mailto, label: 'Öffnen' }]] };
    const { blocks } = renderMessage(message, 'CR-1', 'de');
    const texts = (blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? '');
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(3000);
    expect(texts.join('\n')).not.toContain('mailto:');
    expect(texts.join('\n')).toMatch(/^Öffnen$/m);
    expect(texts.join('\n')).toContain('Der Link ist zu lang für Slack');

    // A link that fits is left whole, with Slack's `&amp;` between its parameters.
    const fits: RichMessage = { ...message, footer: [[{ link: 'mailto:?subject=a%20b&body=c', label: 'Open' }]] };
    const short = renderMessage(fits, 'CR-1', 'en');
    expect(JSON.stringify(short.blocks)).toContain('<mailto:?subject=a%20b&amp;body=c|Open>');
  });
});
