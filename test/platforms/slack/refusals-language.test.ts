// Issue 14, acceptance 2: every refusal a technician or an agent can meet on a one-camera
// request, through the real /slack/events endpoint, reads in that person's own language
// (German here, from their Slack profiles) while the support channel stays in
// SUPPORT_LANGUAGE (English, the default). Each refusal is the private answer to the move
// that caused it, word for word as the German catalog says it; its notification text too.

import { afterEach, describe, expect, it } from 'vitest';
import { REFUSALS } from '../../../src/core/i18n/catalog.js';
import type { Values } from '../../../src/core/i18n/say.js';
import { mrkdwnLine } from '../../../src/platforms/slack/render.js';
import { VIEWS } from '../../../src/platforms/slack/modals.js';
import { AGENT, AGENT2, CODE, FIELD, SUPPORT, SlackWorld, TECH, hasButton, textOf } from '../../support/slack/harness.js';

const who = (id: string): Values[string] => ({ mention: { platform: 'slack', id } });
type Key = Parameters<typeof REFUSALS.say>[1];
const PUK = 'PUK7X2Q9M4K8';

describe('Slack: every refusal in the reader’s own language (German people, English support channel)', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  it('refuses the technician and the agents in German, from the first click to after the end', async () => {
    w = await SlackWorld.start({
      driver: 'memory',
      fake: (f) => {
        f.user(TECH, 'jonas', { locale: 'de-DE' });
        f.user(AGENT, 'anna', { locale: 'de-AT' });
        f.user(AGENT2, 'ben', { locale: 'de-CH' });
      },
    });
    const world = w;
    const seen: string[] = [];
    /** `move` by `user` is refused privately with the German of `key`; the card is not touched. */
    const refused = async (user: string, move: () => Promise<unknown>, key: Key, values: Values = {}) => {
      const before = world.fake.ephemerals(user).length;
      await move();
      const [answer] = (await world.ephemeralsFor(user, before + 1)).slice(before);
      const german = mrkdwnLine(REFUSALS.say('de', key, values));
      expect(textOf(answer!.args), key).toContain(german);
      // The notification preview (chat.postEphemeral's `text`) is the same German.
      expect(String(answer!.args.text), `${key}: notification text`).toContain(german.slice(0, 60));
      seen.push(key);
    };
    const click = (user: string, action: string, value: string, channel = FIELD, threadTs?: string) =>
      world.slack.click({
        user,
        actionId: `camreset.${action}`,
        value,
        channel,
        messageTs: `${Date.now() / 1000}`,
        ...(threadTs ? { threadTs } : {}),
      });

    // Collecting: nothing to claim yet, nothing to confirm, not complete, not theirs.
    const t = await world.begin(TECH, FIELD);
    await refused(AGENT, () => click(AGENT, 'claim', t.id, SUPPORT), 'refusal.not_submitted', { id: t.id });
    await refused(TECH, () => click(TECH, 'done', t.id, FIELD, t.thread), 'refusal.no_puk_yet', { id: t.id, what: 'done' });
    await refused(TECH, () => click(TECH, 'submit', t.id, FIELD, t.thread), 'refusal.incomplete', {
      id: t.id,
      fields: 'Challenge-Code, Modellnummer, MAC-Adresse, Firmware-Version und Seriennummer',
    });
    await refused(AGENT, () => click(AGENT, 'cancel', t.id, FIELD, t.thread), 'refusal.not_requester', {
      id: t.id,
      requester: who(TECH),
      what: 'cancel',
    });
    await refused(TECH, () => click(TECH, 'claim', 'CR-ZZZZ', SUPPORT), 'refusal.not_found', {
      id: 'CR-ZZZZ',
      cmd: { code: '/camreset status' },
    });

    // With support: the technician can no longer edit; agents trip over each other.
    await world.say(
      t,
      `${CODE}\nModellnummer: NDE-5503-AL\nMAC-Adresse: 00-07-5f-12-34-56\nFirmware-Version: 7.80.0128\nSeriennummer: 404754734001050102`,
    );
    await world.fake.waitFor(() => world.replies(t).find((m) => hasButton(m, 'submit')), 'the summary');
    await world.click(t, 'submit', TECH);
    const card = await world.cardOf(t.id);
    await refused(TECH, () => click(TECH, 'submit', t.id, FIELD, t.thread), 'refusal.already_submitted', { id: t.id });
    await refused(TECH, () => click(TECH, 'claim', t.id, SUPPORT), 'refusal.not_agent', { id: t.id, what: 'claim' });
    await refused(AGENT, () => world.clickCard(card, 'release', AGENT), 'refusal.not_claimed', { id: t.id });
    await world.clickCard(card, 'claim', AGENT);
    await world.cardWhen(card, /Handled by <@UAGENT1>/);
    await refused(AGENT, () => world.clickCard(card, 'claim', AGENT), 'refusal.already_yours', { id: t.id });
    await refused(AGENT2, () => world.clickCard(card, 'claim', AGENT2), 'refusal.claimed_by_other', { id: t.id, other: who(AGENT) });
    await refused(AGENT2, () => world.clickCard(card, 'release', AGENT2), 'refusal.not_holder', { id: t.id, other: who(AGENT) });

    // The PUK is sent: sending again, asking, or e-mailing Bosch now is refused.
    await world.submitForm(card, 'send_puk', VIEWS.puk, { puk: PUK }, AGENT);
    const sent = await world.cardWhen(card, /PUK sent by/);
    const at = (await world.app.desk.get(t.id))!.puk!.sentAt;
    await refused(AGENT, () => world.submitForm(sent, 'send_puk', VIEWS.puk, { puk: PUK }, AGENT), 'refusal.puk_already_sent_by_at', {
      id: t.id,
      other: who(AGENT),
      at: { time: at },
    });
    await refused(AGENT, () => world.clickCard(sent, 'bosch_email', AGENT), 'refusal.not_with_support', {
      id: t.id,
      what: 'bosch_email',
      state: 'puk_delivered',
    });

    // Done: everything after the end.
    await world.click(t, 'done', TECH, world.fake.dmOf(TECH));
    await world.cardWhen(card, /confirmed/);
    await refused(TECH, () => click(TECH, 'cancel', t.id, FIELD, t.thread), 'refusal.ended', {
      id: t.id,
      what: 'cancel',
      state: 'completed',
      cmd: { code: '/camreset' },
    });
    await refused(AGENT, () => world.clickCard(card, 'claim', AGENT), 'refusal.ended', {
      id: t.id,
      what: 'claim',
      state: 'completed',
      cmd: { code: '/camreset' },
    });
    expect(seen.length).toBe(15);
    // The card stayed in the support channel's language all along.
    expect(textOf(world.fake.messages(SUPPORT).find((m) => m.ts === card.ts)!)).toContain('Requested by <@UTECH1>');
  });
});
