// A support form pressed on a card whose request has moved on (the PUK went out, the request was
// cancelled, another agent holds it), through /slack/events: no modal opens, and the agent is told
// why at once, privately, in their own language (German here, from their Slack profile) — not
// after filling the form in. A form whose step the request still takes opens as before.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSALS } from '../../../src/core/i18n/catalog.js';
import type { Values } from '../../../src/core/i18n/say.js';
import { mrkdwnLine } from '../../../src/platforms/slack/render.js';
import { VIEWS } from '../../../src/platforms/slack/modals.js';
import { AGENT, AGENT2, SUPPORT, SlackWorld, TECH, textOf } from '../../support/slack/harness.js';
import type { SlackMessage } from '../../support/slack/fake.js';

type Key = Parameters<typeof REFUSALS.say>[1];
const PUK = 'PUK7X2Q9M4K8';
const FORM_VIEWS = {
  send_puk: VIEWS.puk,
  ask: VIEWS.ask,
  reject: VIEWS.reject,
  request_document: VIEWS.document,
  record_ticket: VIEWS.ticket,
} as const;
type Form = keyof typeof FORM_VIEWS;
const who = (id: string): Values[string] => ({ mention: { platform: 'slack', id } });

describe('Slack: a support form the request no longer takes does not open', () => {
  let w: SlackWorld;
  beforeAll(async () => {
    w = await SlackWorld.start({
      driver: 'memory',
      fake: (f) => {
        f.user(AGENT, 'anna', { locale: 'de-AT' });
        f.user(AGENT2, 'ben', { locale: 'de-CH' });
      },
    });
  });
  afterAll(async () => w.stop());

  /** `form` pressed on `card` by `user`: no modal, and the German of `key` said to them alone. */
  const refusedAtOnce = async (card: SlackMessage, form: Form, key: Key, values: Values, user = AGENT) => {
    const opened = w.fake.callsTo('views.open').length;
    const before = w.fake.ephemerals(user).length;
    await w.clickCard(card, form, user);
    const [answer] = (await w.ephemeralsFor(user, before + 1)).slice(before);
    expect(answer!.args.channel, form).toBe(SUPPORT);
    expect(textOf(answer!.args), form).toContain(mrkdwnLine(REFUSALS.say('de', key, values)));
    expect(w.fake.callsTo('views.open').length, `${form}: a modal opened`).toBe(opened);
  };
  /** `form` pressed on `card` by `user` opens its modal. */
  const opens = async (card: SlackMessage, form: Form, user = AGENT) => {
    const opened = w.fake.callsTo('views.open').length;
    await w.clickCard(card, form, user);
    expect(await w.openedView(FORM_VIEWS[form], opened)).toBeDefined();
  };

  it('after the PUK went out: Send PUK, Ask and Request document are refused; a ticket can still be recorded, the request rejected', async () => {
    const t = await w.submitted(TECH);
    await w.submitForm(t.card, 'send_puk', VIEWS.puk, { puk: PUK }, AGENT);
    await w.cardWhen(t, /PUK sent by/);
    const at = (await w.app.desk.get(t.id))!.puk!.sentAt;
    await refusedAtOnce(t.card, 'send_puk', 'refusal.puk_already_sent_by_at', { id: t.id, other: who(AGENT), at: { time: at } });
    for (const form of ['ask', 'request_document'] as const)
      await refusedAtOnce(t.card, form, 'refusal.not_with_support', { id: t.id, what: form, state: 'puk_delivered' });
    await opens(t.card, 'record_ticket');
    await opens(t.card, 'reject');
  });

  it('after the request was cancelled: every support form is refused', async () => {
    const t = await w.submitted(TECH);
    await w.click(t, 'cancel', TECH);
    await w.fake.waitFor(async () => (await w.app.desk.get(t.id))?.state === 'cancelled' || undefined, 'the cancel');
    for (const form of Object.keys(FORM_VIEWS) as Form[])
      await refusedAtOnce(t.card, form, 'refusal.ended', { id: t.id, what: form, state: 'cancelled', cmd: { code: '/camreset' } });
  });

  it('while another agent holds the request: Ask is refused to the second agent and opens for the holder', async () => {
    const t = await w.submitted(TECH);
    await w.clickCard(t.card, 'claim', AGENT);
    await w.cardWhen(t, /Handled by <@UAGENT1>/);
    await refusedAtOnce(t.card, 'ask', 'refusal.claimed_by_other', { id: t.id, other: who(AGENT) }, AGENT2);
    await opens(t.card, 'ask', AGENT);
  });
});
