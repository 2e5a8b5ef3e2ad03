// What a forged or careless language cannot do on Teams: a details dialog submitted with a
// language value we never offered, an activity whose locale is huge or not a string, and the
// e-mail to Bosch asked for on another request than the card's. Through POST /api/messages with
// real JWTs and the fake Bot Connector.

import { afterEach, describe, expect, it } from 'vitest';
import { isEnded } from '../../../src/core/request.js';
import { personalChat, personalMessage, speaking, taskInvoke, type TeamsUser, users } from '../../support/teams/activities.js';
import { cardsOf, textOf } from '../../support/teams/connector.js';
import { startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  CODE,
  type Dialog,
  type Submitted,
  dialogButtonData,
  dialogOf,
  fill,
  openDialog,
  press,
  requestIdIn,
  submitDialog,
  submitInChat,
  withButton,
} from '../../support/teams/story.js';
import { french } from '../../support/i18n/quotes.js';

type Json = Record<string, unknown>;

let h: TeamsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FIELDS = {
  challenge: CODE,
  model: 'NDE-5503-AL',
  mac: '00:07:5F:12:34:56',
  firmware: '7.80.0128',
  serial: '404754734001050102',
};

const choice = (card: Json | undefined, id: string) => ((card?.body ?? []) as Json[]).find((e) => e.id === id);

async function detailsDialog(
  harness: TeamsHarness,
  user: TeamsUser,
  chat: string,
  message: { id: string; activity: Json },
): Promise<Dialog> {
  const data = dialogButtonData(cardsOf(message.activity), 'details');
  if (!data) throw new Error('no details button on that card');
  return openDialog(harness, user, chat, message.id, data);
}

describe('a forged language in the details dialog', () => {
  it('changes nothing: the answer is in the client’s French and the next dialog is still French', async () => {
    h = await startTeams();
    const harness = h;
    const tech = speaking(users.tech, 'fr-FR');
    const chat = personalChat(tech);
    await harness.bot.send(personalMessage(harness.connector.url, tech, 'camreset'));
    let message = await harness.connector.waitFor(() => withButton(harness.connector.in(chat), 'details'), 3000, 'the welcome');
    const id = requestIdIn(textOf(message.activity));
    for (const language of ['pt', '__proto__', 'x'.repeat(5000)]) {
      const form = await detailsDialog(harness, tech, chat, message);
      const done = await submitDialog(harness, tech, chat, message.id, form.card!, 'set_fields', { ...FIELDS, language });
      expect(done.message, language.slice(0, 20)).toBe(french('Détails vérifiés ; le récapitulatif est dans le chat.'));
      message = await harness.connector.waitFor(() => withButton(harness.connector.in(chat), 'submit'), 3000, 'the summary');
      const again = await detailsDialog(harness, tech, chat, message);
      expect(choice(again.card, 'language')).toMatchObject({ label: 'Langue', value: 'fr' });
      expect((await harness.app.desk.get(id))?.requester.locale).toBe('fr');
    }
  });
});

describe('an activity whose locale is not a usable tag', () => {
  for (const [what, locale] of [
    ['10,000 characters', 'q'.repeat(10_000)],
    ['a number', 42],
    ['an object', { tag: 'de-DE' }],
  ] as const) {
    it(`reads English when it is ${what}, and the turn answers normally`, async () => {
      h = await startTeams();
      const harness = h;
      const chat = personalChat(users.tech);
      // A client that sends no clientInfo locale either, so the activity's own is all there is.
      const tech = speaking(users.tech, '');
      const activity: Json = { ...personalMessage(harness.connector.url, tech, 'camreset'), locale };
      const r = await harness.bot.send(activity);
      expect(r.status).toBeLessThan(300);
      const welcome = await harness.connector.waitFor(() => withButton(harness.connector.in(chat), 'details'), 3000, 'the welcome');
      const id = requestIdIn(textOf(welcome.activity));
      expect((await harness.app.desk.get(id))?.requester.locale).toBe('en');
      // Nothing long was echoed back to them.
      for (const s of harness.connector.in(chat)) expect(textOf(s.activity)).not.toContain('q'.repeat(40));
    });
  }
});

describe('the e-mail to Bosch asked for on another request than the card’s', () => {
  const forged = async (harness: TeamsHarness, card: Submitted, requestId: string, by: TeamsUser): Promise<Dialog> => {
    const data = { msteams: { type: 'task/fetch' }, dialog: 'bosch_email', requestId, card: 'support' };
    const r = await harness.bot.send(taskInvoke(harness.connector.url, by, 'task/fetch', card.cardConversation, card.cardMessage, data));
    return dialogOf(r.body as Json);
  };

  it('is refused to a non-agent, and to an agent once that other request has ended, without the challenge code', async () => {
    h = await startTeams();
    const harness = h;
    const first = await submitInChat(harness, users.tech);
    const other = await submitInChat(harness, users.outsider);
    expect(other.id).not.toBe(first.id);

    for (const who of [users.tech, users.outsider]) {
      const d = await forged(harness, first, other.id, who);
      expect(d.card).toBeUndefined();
      expect(d.message).toContain('Only support agents');
      expect(JSON.stringify(d.response)).not.toContain(CODE);
    }

    await press(harness, other, users.agent, 'claim');
    const rejected = await fill(harness, other, users.agent, 'reject', { reason: 'Not our camera.' });
    expect(rejected.card).toBeUndefined();
    expect(isEnded((await harness.app.desk.get(other.id))!.state)).toBe(true);
    const late = await forged(harness, first, other.id, users.agent);
    expect(late.card).toBeUndefined();
    expect(late.message).toBe(`${other.id} is closed, so you cannot prepare the e-mail to Bosch for it now.`);
    expect(JSON.stringify(late.response)).not.toContain(CODE);
  });
});
