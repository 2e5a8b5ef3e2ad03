// The e-mail to Bosch's Central Support an agent prepares from the card: everything Bosch asks for
// in plain text, the request id to match Bosch's answer, a mailto: link that opens with the same
// subject and body, addressed to BOSCH_SUPPORT_EMAIL only when it is set; for agents alone, while
// the code can still be answered; worded in the support language, the answer in the agent's own.

import { afterEach, describe, expect, it } from 'vitest';
import { boschEmail } from '../../src/core/bosch-email.js';
import { loadConfig, ConfigError } from '../../src/config.js';
import { plainText } from '../../src/core/rich.js';
import { CODE, agent, createTestDesk, tech } from '../support/desk.js';

let t: ReturnType<typeof createTestDesk> | undefined;
afterEach(() => t?.close());

/** The subject and body a mail program reads from the link (RFC 6068). */
function opened(mailto: string): { to: string; subject: string; body: string } {
  const url = new URL(mailto);
  expect(url.protocol).toBe('mailto:');
  return {
    to: decodeURIComponent(url.pathname),
    subject: url.searchParams.get('subject') ?? '',
    body: (url.searchParams.get('body') ?? '').replace(/\r\n/g, '\n'),
  };
}

describe('the e-mail to Bosch', () => {
  it('holds the challenge code in plain text, every field, the ticket and the request id; the link opens with the same', async () => {
    t = createTestDesk({ settings: { boschSupportEmail: 'central.support@bosch.example' } });
    const r = await t.submitted();
    await t.desk.recordTicket(r.id, agent, '#8712345678');
    const request = (await t.desk.get(r.id))!;
    const email = boschEmail(request, 'central.support@bosch.example', 'en');
    for (const part of [CODE, 'NDE-5503-AL', '00:07:5F:12:34:56', '7.80.0128', '404754734001050102', '#8712345678', r.id])
      expect(email.body).toContain(part);
    expect(email.body).toContain(`Challenge code: ${CODE}`);
    expect(email.subject).toBe(`PUK request ${r.id}: 1 camera`);
    expect(opened(email.mailto)).toEqual({ to: 'central.support@bosch.example', subject: email.subject, body: email.body });
  });

  it('is addressed to nobody when BOSCH_SUPPORT_EMAIL is unset, and says so to the agent', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const answer = await t.desk.boschEmail(r.id, agent);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.reply?.code).toContain(CODE);
    const text = plainText(answer.reply!);
    expect(text).toContain('No Bosch address is configured (BOSCH_SUPPORT_EMAIL)');
    const link = JSON.stringify(answer.reply!.footer);
    expect(link).toMatch(/"link":"mailto:\?subject=/);
    // Nothing was posted anywhere: the answer is for the agent alone.
    expect(t.outbox.sent).toEqual([]);
  });

  it('is worded in the support language, and the answer in the agent’s own', async () => {
    t = createTestDesk({ settings: { supportLanguage: 'de' } });
    const r = await t.submitted();
    const answer = await t.desk.boschEmail(r.id, { ...agent, locale: 'fr' });
    if (!answer.ok) throw new Error('refused');
    expect(answer.reply!.code).toContain(`Challenge-Code: ${CODE}`);
    expect(answer.reply!.code).toContain('Seriennummer: 404754734001050102');
    expect(plainText(answer.reply!)).toContain(`E-mail à Bosch pour ${r.id}`);
  });

  it('is for agents only, and only while the code can still be answered', async () => {
    t = createTestDesk();
    const r = await t.submitted();
    const byTech = await t.desk.boschEmail(r.id, tech);
    expect(!byTech.ok && byTech.refusal.code).toBe('not_agent');
    expect(!byTech.ok && plainText({ lines: byTech.refusal.lines })).toContain(
      `Only support agents can prepare the e-mail to Bosch for ${r.id}`,
    );
    await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    const afterPuk = await t.desk.boschEmail(r.id, agent);
    expect(!afterPuk.ok && afterPuk.refusal.code).toBe('not_with_support');
    const unknown = await t.desk.boschEmail('CR-ZZZZ', agent);
    expect(!unknown.ok && unknown.refusal.code).toBe('not_found');
  });

  it('refuses a BOSCH_SUPPORT_EMAIL that is not an address at start', () => {
    expect(() => loadConfig({ BOSCH_SUPPORT_EMAIL: 'bosch support' })).toThrow(ConfigError);
    expect(loadConfig({ BOSCH_SUPPORT_EMAIL: 'central.support@bosch.example' }).settings.boschSupportEmail).toBe(
      'central.support@bosch.example',
    );
  });
});
