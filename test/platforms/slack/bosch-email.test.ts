// Issue 15 part 4 on Slack, through the real POST /slack/events: the support card's "E-mail to
// Bosch" button gives the agent who pressed it, and only them, the request as Bosch's Central
// Support asks for it: the text to copy (a code block) and a mailto: link with the same subject
// and body, addressed to BOSCH_SUPPORT_EMAIL when it is set. Anyone else is refused privately;
// once the PUK is sent there is nothing left to ask Bosch for.

import { afterEach, describe, expect, it } from 'vitest';
import { AGENT, AGENT2, STRANGER, SUPPORT, SlackWorld, TECH, hasButton, textOf } from '../../support/slack/harness.js';
import type { SlackCall } from '../../support/slack/index.js';
import { slackTextToPlain } from '../../../src/platforms/slack/render.js';
import { BOSCH, COPY } from '../../../src/core/i18n/catalog.js';

const BOSCH_ADDRESS = 'central.support@bosch.example';
const PUK = 'PUK7X2Q9M4K8';

type Section = { type: string; text?: { text: string }; elements?: Array<{ action_id?: string }> };

/** What the agent can copy (the code block) and the link, as Slack would show and open them. */
function emailOf(call: SlackCall) {
  const blocks = (call.args.blocks ?? []) as Section[];
  const texts = blocks.map((b) => b.text?.text ?? '');
  const fenced = texts.find((t) => t.startsWith('```'));
  expect(fenced, 'a code block with the e-mail').toBeDefined();
  const body = slackTextToPlain(fenced!.slice(3, -3));
  const linkSection = texts.find((t) => t.includes('<mailto:'));
  expect(linkSection, 'a mailto: link').toBeDefined();
  // A whole link: `<mailto:…|label>`, never cut (the section is within Slack's 3000 characters).
  expect(linkSection!.length).toBeLessThanOrEqual(3000);
  const [, href, label] = /<(mailto:[^|>]*)\|([^>]+)>/.exec(linkSection!)!;
  const url = new URL(slackTextToPlain(href!));
  return {
    body,
    label: label!,
    text: texts.join('\n'),
    to: decodeURIComponent(url.pathname),
    subject: url.searchParams.get('subject'),
    mailBody: url.searchParams.get('body')?.replace(/\r\n/g, '\n'),
  };
}

describe('Slack: the e-mail to Bosch from the support card', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  const pressed = async (world: SlackWorld, card: Parameters<SlackWorld['clickCard']>[0], user: string) => {
    const before = world.fake.ephemerals(user).length;
    await world.clickCard(card, 'bosch_email', user);
    const calls = await world.ephemeralsFor(user, before + 1);
    return calls[before]!;
  };

  it('gives the agent who pressed it, privately, the text to copy and a mailto: link to BOSCH_SUPPORT_EMAIL with the same subject and body', async () => {
    w = await SlackWorld.start({ driver: 'memory', env: { BOSCH_SUPPORT_EMAIL: BOSCH_ADDRESS } });
    const t = await w.submitted();
    expect(hasButton(t.card, 'bosch_email')).toBe(true);
    const inSupport = w.fake.messages(SUPPORT).length;
    const posted = w.fake.callsTo('chat.postMessage').length;

    const call = await pressed(w, t.card, AGENT);
    expect(call.args.user).toBe(AGENT);
    expect(call.args.channel).toBe(SUPPORT);
    const mail = emailOf(call);
    for (const value of ['A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6', 'NDE-5503-AL', '00:07:5F:12:34:56', '7.80.0128', '404754734001050102', t.id])
      expect(mail.body).toContain(value);
    expect(mail.to).toBe(BOSCH_ADDRESS);
    expect(mail.subject).toBe(BOSCH.word('en', 'subject', { id: t.id, cameras: 1 }));
    expect(mail.mailBody).toBe(mail.body);
    expect(mail.label).toBe('Open in your mail program');
    expect(mail.text).toContain(`It is addressed to ${BOSCH_ADDRESS}.`);
    expect(mail.text).toContain('only you see this');

    // Nothing for anyone else: no message posted, no ephemeral to the other agent.
    await new Promise((r) => setTimeout(r, 100));
    expect(w.fake.messages(SUPPORT)).toHaveLength(inSupport);
    expect(w.fake.callsTo('chat.postMessage')).toHaveLength(posted);
    expect(w.fake.ephemerals(AGENT2)).toHaveLength(0);
    expect(w.fake.ephemerals(TECH).some((c) => textOf(c.args).includes('mailto:'))).toBe(false);
  });

  it('addresses it to nobody without BOSCH_SUPPORT_EMAIL, and tells the agent to enter the address', async () => {
    w = await SlackWorld.start({ driver: 'memory' });
    const t = await w.submitted();
    const mail = emailOf(await pressed(w, t.card, AGENT));
    expect(mail.to).toBe('');
    expect(mail.subject).toBe(BOSCH.word('en', 'subject', { id: t.id, cameras: 1 }));
    expect(mail.mailBody).toBe(mail.body);
    expect(mail.text).toContain('No Bosch address is configured (BOSCH_SUPPORT_EMAIL): enter it in your mail program.');
  });

  it('refuses the technician and anyone who is not an agent privately, with no e-mail', async () => {
    w = await SlackWorld.start({ driver: 'memory', env: { BOSCH_SUPPORT_EMAIL: BOSCH_ADDRESS } });
    const t = await w.submitted();
    for (const who of [TECH, STRANGER]) {
      const call = await pressed(w, t.card, who);
      expect(call.args.user).toBe(who);
      const text = textOf(call.args);
      expect(text).not.toContain('mailto:');
      expect(text).not.toContain('A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6');
      expect(text).toMatch(/agent/i);
    }
    expect(w.fake.ephemerals(AGENT)).toHaveLength(0);
  });

  it('is gone from the card once the PUK is sent, and a late press is refused privately', async () => {
    w = await SlackWorld.start({ driver: 'memory', env: { BOSCH_SUPPORT_EMAIL: BOSCH_ADDRESS } });
    const t = await w.submitted();
    await w.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
    const after = await w.cardWhen(t, /PUK/);
    await w.fake.waitFor(() => {
      const now = w!.fake.messages(SUPPORT).find((m) => m.ts === t.card.ts);
      return now && !hasButton(now, 'send_puk') ? now : undefined;
    }, 'the card without its support buttons');
    const now = w.fake.messages(SUPPORT).find((m) => m.ts === after.ts)!;
    expect(hasButton(now, 'bosch_email')).toBe(false);

    const call = await pressed(w, t.card, AGENT);
    const text = textOf(call.args);
    expect(text).not.toContain('mailto:');
    expect(text).not.toContain('A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6');
  });

  it('is in German for a de-DE agent with SUPPORT_LANGUAGE=de: the button, the answer and the e-mail', async () => {
    w = await SlackWorld.start({
      driver: 'memory',
      env: { SUPPORT_LANGUAGE: 'de', BOSCH_SUPPORT_EMAIL: BOSCH_ADDRESS },
      fake: (f) => f.user(AGENT, 'anna', { locale: 'de-DE' }),
    });
    const t = await w.submitted();
    const card = await w.cardOf(t.id);
    const button = (card.blocks as Section[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'camreset.bosch_email') as
      { text?: { text: string } } | undefined;
    expect(button?.text?.text).toBe(COPY.word('de', 'action.bosch_email'));

    const mail = emailOf(await pressed(w, card, AGENT));
    expect(mail.subject).toBe(BOSCH.word('de', 'subject', { id: t.id, cameras: 1 }));
    expect(mail.subject).toMatch(/^PUK-Anfrage/);
    expect(mail.body).toContain(BOSCH.word('de', 'greeting'));
    expect(mail.body).toContain(BOSCH.word('de', 'camera.serial', { value: '404754734001050102' }));
    expect(mail.mailBody).toBe(mail.body);
    expect(mail.to).toBe(BOSCH_ADDRESS);
    expect(mail.label).toBe('Im Mailprogramm öffnen');
    expect(mail.text).toContain(`Sie ist an ${BOSCH_ADDRESS} adressiert.`);
  });
});
