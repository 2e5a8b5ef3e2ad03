// The e-mail to Bosch's Central Support an agent prepares from the card: everything Bosch asks for
// in plain text, the request id to match Bosch's answer, a mailto: link that opens with the same
// subject and body, addressed to BOSCH_SUPPORT_EMAIL only when it is set; for agents alone, while
// the code can still be answered; worded in the support language, the answer in the agent's own.

import { afterEach, describe, expect, it } from 'vitest';
import { MAILTO_MAX, boschEmail } from '../../src/core/bosch-email.js';
import { LOCALES, type Locale } from '../../src/core/i18n/locale.js';
import type { ResetRequest } from '../../src/core/request.js';
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

// --- a whole site (issue 15) ---------------------------------------------------------

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Camera i's own 32-character code, different for every camera. */
const codeOf = (i: number) => Array.from({ length: 32 }, (_, k) => ALNUM[(i * 7 + k * 13 + ((i * k) % 5)) % ALNUM.length]).join('');
const hex2 = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
const macOf = (i: number) => `00:07:5F:12:${hex2(i >> 8)}:${hex2(i & 255)}`;
const serialOf = (i: number) => `4047547340010${50000 + i}`;
const MODELS = ['NDE-5503-AL', 'NBN-80052-BA', 'MIC-7502-Z30B'];
const FIRMWARES = ['7.80.0128', '6.51.0026', '9.00.0210'];
const modelOf = (i: number) => MODELS[i % 3]!;
const firmwareOf = (i: number) => FIRMWARES[i % 3]!;
/** What the technician pastes for camera i: its code and its details. */
const block = (i: number) => `${codeOf(i)}\nModel: ${modelOf(i)}\nMAC ${macOf(i)}\nFW ${firmwareOf(i)}\nSN ${serialOf(i)}`;

/** A site of `count` cameras built as a technician does (a block, Another camera, the next block…), submitted, with its card. */
async function site(t: ReturnType<typeof createTestDesk>, count: number): Promise<ResetRequest> {
  const r = await t.start(tech, block(1));
  for (let i = 2; i <= count; i++) {
    const another = await t.desk.anotherCamera(r.id, tech);
    if (!another.ok) throw new Error(`another camera refused: ${another.refusal.code}`);
    const files = i === 2 ? [{ url: 'https://files.example/F1/label-1.jpg', name: 'label-1.jpg' }] : undefined;
    const pasted = await t.desk.message(r.id, tech, block(i), files);
    if (!pasted.ok) throw new Error(`camera ${i} refused: ${pasted.refusal.code}`);
  }
  const submitted = await t.desk.submit(r.id, tech);
  if (!submitted.ok) throw new Error(`submit refused: ${submitted.refusal.code}`);
  await t.desk.attachSupportCard(r.id, {
    platform: 'slack',
    channel: 'CSUPPORT',
    thread: '1700000001.000001',
    message: '1700000001.000001',
  });
  const stored = (await t.desk.get(r.id))!;
  expect(stored.cameras).toHaveLength(count);
  return stored;
}

/** The subject and body a mail program reads from the link, each parameter decoded with decodeURIComponent. */
function decoded(mailto: string): { to: string; subject: string; body: string } {
  const [address = '', query = ''] = mailto.replace(/^mailto:/, '').split('?');
  const params = Object.fromEntries(
    query.split('&').map((kv) => [kv.slice(0, kv.indexOf('=')), decodeURIComponent(kv.slice(kv.indexOf('=') + 1))]),
  );
  return { to: decodeURIComponent(address), subject: params.subject ?? '', body: (params.body ?? '').replace(/\r\n/g, '\n') };
}

/** The footer's link, if the answer offers one. */
const linkOf = (footer: unknown): string | undefined => /"link":"([^"]*)"/.exec(JSON.stringify(footer))?.[1];

describe('the e-mail to Bosch for a site', () => {
  it('asks for every camera in camera order, each code whole on its own line with every field, with the request id; the link opens with exactly the same', async () => {
    t = createTestDesk({ settings: { boschSupportEmail: 'central.support@bosch.example' } });
    const r = await site(t, 3);
    await t.desk.recordTicket(r.id, agent, '#8712345678');
    const request = (await t.desk.get(r.id))!;
    const email = boschEmail(request, 'central.support@bosch.example', 'en');
    const lines = email.body.split('\n');
    expect(email.subject).toBe(`PUK request ${r.id}: 3 cameras`);
    expect(email.body).toContain(`Our reference: ${r.id}`);
    expect(lines).toContain('Bosch ticket number: #8712345678');
    expect(lines).toContain('Cameras in this request: 3');
    expect(email.body).toMatch(/each camera's PUK next to its MAC address/);
    for (let i = 1; i <= 3; i++) {
      const at = lines.indexOf(`Camera ${i}`);
      expect(at, `camera ${i}`).toBeGreaterThan(0);
      // Its own lines, right under its heading: the code never cut, wrapped or shared with another camera's.
      expect(lines.slice(at + 1, at + 6)).toEqual([
        `Challenge code: ${codeOf(i)}`,
        `Model: ${modelOf(i)}`,
        `MAC address: ${macOf(i)}`,
        `Firmware version: ${firmwareOf(i)}`,
        `Serial number: ${serialOf(i)}`,
      ]);
      if (i > 1) expect(at).toBeGreaterThan(lines.indexOf(`Camera ${i - 1}`));
    }
    expect(lines).toContain('Label photo: label-1.jpg');
    expect(lines).toContain('The photos of the device labels are attached.');
    // Three cameras: Bosch does not charge, nothing to say about it.
    expect(email.body).not.toContain('Authorization Letter');
    expect(decoded(email.mailto)).toEqual({ to: 'central.support@bosch.example', subject: email.subject, body: email.body });

    const answer = await t.desk.boschEmail(r.id, agent);
    if (!answer.ok) throw new Error(answer.refusal.code);
    expect(answer.reply!.code).toBe(email.body);
    expect(linkOf(answer.reply!.footer)).toBe(email.mailto);
    expect(plainText(answer.reply!)).toContain('Attach the label photos from the support thread');
  });

  it('asks for a reply that is read back automatically: Bosch answering as asked, each PUK beside its MAC, matches every camera', async () => {
    t = createTestDesk();
    const r = await site(t, 3);
    const email = boschEmail(r, undefined, 'en');
    expect(email.body).toContain('(for example: 00:07:5F:12:34:56 PUK)');
    const reply = [
      `Re: ${email.subject}`,
      '',
      'Dear customer, here are the response codes:',
      ...[1, 2, 3].map((i) => `${macOf(i)} ABCD1234EF${i}H`),
      '',
      'Kind regards, Bosch Central Support',
    ].join('\n');
    const read = await t.desk.readBoschReply(r.id, agent, reply);
    if (!read.ok) throw new Error(read.refusal.code);
    expect(read.puks).toMatchObject({ missing: [], conflicting: [], unplaced: 0 });
    expect(read.puks!.matched.map((m) => [m.n, m.puk, m.by])).toEqual([1, 2, 3].map((i) => [i, `ABCD1234EF${i}H`, 'mac']));
  });

  it('of 50 cameras gives the whole text to copy, says Bosch may charge, and offers no link longer than the one-camera limit', async () => {
    t = createTestDesk({ settings: { boschSupportEmail: 'central.support@bosch.example' } });
    const r = await site(t, 50);
    const email = boschEmail(r, 'central.support@bosch.example', 'en');
    expect(email.subject).toBe(`PUK request ${r.id}: 50 cameras`);
    const lines = email.body.split('\n');
    for (let i = 1; i <= 50; i++) {
      expect(lines).toContain(`Challenge code: ${codeOf(i)}`);
      expect(lines).toContain(`MAC address: ${macOf(i)}`);
      expect(lines).toContain(`Serial number: ${serialOf(i)}`);
    }
    expect(lines).toContain(
      'Our customer is aware that Bosch may charge for resetting 50 cameras. The Authorization Letter is available on request.',
    );
    // The link still carries the same text, but it is far past what is offered as a link.
    expect(decoded(email.mailto).body).toBe(email.body);
    expect(email.mailto.length).toBeGreaterThan(MAILTO_MAX);
    expect(email.linkFits).toBe(false);

    const answer = await t.desk.boschEmail(r.id, agent);
    if (!answer.ok) throw new Error(answer.refusal.code);
    expect(answer.reply!.code).toBe(email.body);
    expect(linkOf(answer.reply!.footer)).toBeUndefined();
    expect(plainText(answer.reply!)).toMatch(
      /This e-mail is too long for a mail link \([\d,]+ characters\): copy the text above into a new e-mail\./,
    );
    expect(plainText(answer.reply!)).not.toContain('mailto:');
  });

  it('from 4 cameras says, as the agent, that the customer knows Bosch may charge; a link within the limit is offered', async () => {
    t = createTestDesk();
    const r = await site(t, 4);
    const email = boschEmail(r, undefined, 'en');
    expect(email.body).toContain(
      'Our customer is aware that Bosch may charge for resetting 4 cameras. The Authorization Letter is available on request.',
    );
    expect(email.mailto.length).toBeLessThanOrEqual(MAILTO_MAX);
    const answer = await t.desk.boschEmail(r.id, agent);
    if (!answer.ok) throw new Error(answer.refusal.code);
    expect(linkOf(answer.reply!.footer)).toBe(email.mailto);
  });

  it('does not ask again for a camera whose PUK went out', async () => {
    t = createTestDesk();
    const r = await site(t, 3);
    const sent = await t.desk.sendPuks(r.id, agent, [{ camera: 2, puk: 'ABCD1234EFGH' }]);
    if (!sent.ok) throw new Error(sent.refusal.code);
    const answer = await t.desk.boschEmail(r.id, agent);
    if (!answer.ok) throw new Error(answer.refusal.code);
    const body = answer.reply!.code!;
    expect(body).toContain(codeOf(1));
    expect(body).toContain(codeOf(3));
    expect(body).not.toContain(codeOf(2));
    expect(body).not.toContain(macOf(2));
    expect(body.split('\n')).not.toContain('Camera 2');
    expect(body).toContain('Cameras in this request: 2');
    expect(decoded(linkOf(answer.reply!.footer)!).subject).toBe(`PUK request ${r.id}: 2 cameras`);

    // Every PUK out: nothing left to ask Bosch for.
    await t.desk.sendPuks(r.id, agent, [
      { camera: 1, puk: 'ABCD1234EFGJ' },
      { camera: 3, puk: 'ABCD1234EFGK' },
    ]);
    const none = await t.desk.boschEmail(r.id, agent);
    expect(!none.ok && none.refusal.code).toBe('not_with_support');
  });

  it("is written in each of the six languages: every code and field, Bosch's own words verbatim, no English left", async () => {
    t = createTestDesk();
    const r = await site(t, 4);
    const english = boschEmail(r, undefined, 'en').body.split('\n');
    // What the English e-mail says in its own words (not data, not Bosch's words): none may remain elsewhere.
    const englishWords = [
      'Hello',
      'please send',
      'Our reference',
      'Please write',
      'each camera',
      'Cameras in this request',
      'Our customer',
      'Challenge code',
      'MAC address',
      'Firmware version',
      'Serial number',
      'Label photo',
      'attached',
      'Thank you',
      'kind regards',
    ];
    for (const w of englishWords) expect(english.join('\n'), w).toContain(w);
    for (const locale of LOCALES as readonly Locale[]) {
      const email = boschEmail(r, undefined, locale);
      for (let i = 1; i <= 4; i++)
        for (const part of [codeOf(i), macOf(i), serialOf(i), modelOf(i), firmwareOf(i)]) expect(email.body, locale).toContain(part);
      expect(email.body, locale).toContain(r.id);
      expect(email.subject, locale).toContain(r.id);
      expect(email.body, locale).toContain('Authorization Letter');
      expect(email.body, locale).toContain('Response Code');
      expect(email.body, locale).toMatch(/\b4\b/);
      expect(decoded(email.mailto).body, locale).toBe(email.body);
      if (locale === 'en') continue;
      for (const w of englishWords) expect(email.body, `${locale}: "${w}"`).not.toContain(w);
    }
    const german = boschEmail(r, undefined, 'de');
    expect(german.subject).toBe(`PUK-Anfrage ${r.id}: 4 Kameras`);
    expect(german.body.split('\n')).toContain(`Challenge-Code: ${codeOf(1)}`);
    expect(german.body).toContain('Unserem Kunden ist bewusst, dass Bosch für das Zurücksetzen von 4 Kameras Gebühren berechnen kann.');
  });
});
