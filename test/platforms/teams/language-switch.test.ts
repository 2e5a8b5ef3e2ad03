// A technician whose Teams client changes language in the middle of a request (issue 14: Teams
// sends the client's locale with each activity): what a timer tells them later follows the
// language of their last activity, even one that changed nothing (`status`); a language they
// chose wins over any client's, for good. Through POST /api/messages with the fake connector.

import { afterEach, describe, expect, it } from 'vitest';
import { cardAction, personalChat, personalMessage, speaking, type TeamsUser, users } from '../../support/teams/activities.js';
import { textOf } from '../../support/teams/connector.js';
import { startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import { submitInChat } from '../../support/teams/story.js';
import { sentencesIn } from '../../support/teams/catalog-sentences.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';
import { NOTICES } from '../../../src/core/i18n/catalog.js';
import { LOCALES, type Locale } from '../../../src/core/i18n/locale.js';

let h: TeamsHarness | undefined;
let clock: ManualClock;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const chat = personalChat(users.tech);
const said = () => h!.connector.in(chat).map((s) => textOf(s.activity));

/** Says `text` in the 1:1 chat from a client set to `locale`, and waits for the answer. */
async function say(user: TeamsUser, text: string): Promise<string> {
  const before = said().length;
  await h!.bot.send(personalMessage(h!.connector.url, user, text));
  await h!.connector.waitFor(() => said().length > before || undefined, 3000, `the answer to ${text}`);
  return said().at(-1)!;
}

/** The next thing the chat is told that starts like `key` does in `locale`. */
function next(key: 'warning.heads_up' | 'expired.requester', locale: Locale, after: number, id: string) {
  const opening = NOTICES.word(locale, key, { id, left: '@@', at: '@@' }).split('@@')[0]!;
  return h!.connector.waitFor(
    () =>
      said()
        .slice(after)
        .find((t) => t.startsWith(opening)),
    3000,
    `${key} in ${locale}`,
  );
}

/** The languages whose catalog sentences `text` holds. */
const languagesIn = (text: string) => LOCALES.filter((l) => sentencesIn(l, text).length > 0);

describe('a technician whose Teams client changes language mid-request', () => {
  it('reads the next warning and the expiry in the language of their last message, even a status', async () => {
    clock = new ManualClock();
    h = await startTeams({ clock });
    const s = await submitInChat(h, speaking(users.tech, 'fr-FR'));
    // The client is switched to German; the technician only asks how it stands.
    const status = await say(speaking(users.tech, 'de-DE'), 'status');
    expect(languagesIn(status)).toEqual(['de']);
    expect((await h.app.desk.get(s.id))?.requester.locale).toBe('de');

    let mark = said().length;
    await clock.advance(minutes(46));
    expect(languagesIn(await next('warning.heads_up', 'de', mark, s.id))).toEqual(['de']);

    // Back to French, through a button this time (one that changes nothing: a stale card's).
    await h.bot.send(cardAction(h.connector.url, speaking(users.tech, 'fr-FR'), chat, 'x', 'submit', { requestId: '' }));
    expect((await h.app.desk.get(s.id))?.requester.locale).toBe('fr');
    mark = said().length;
    await clock.advance(minutes(15));
    expect(languagesIn(await next('expired.requester', 'fr', mark, s.id))).toEqual(['fr']);
  });

  it('keeps a language they chose, whatever their client says afterwards', async () => {
    clock = new ManualClock();
    h = await startTeams({ clock });
    const s = await submitInChat(h, speaking(users.tech, 'fr-FR'));
    expect(languagesIn(await say(speaking(users.tech, 'fr-FR'), 'camreset language es'))).toEqual(['es']);
    expect(languagesIn(await say(speaking(users.tech, 'de-DE'), 'status'))).toEqual(['es']);
    await h.bot.send(cardAction(h.connector.url, speaking(users.tech, 'nl-NL'), chat, 'x', 'submit', { requestId: '' }));
    expect((await h.app.desk.get(s.id))?.requester.locale).toBe('es');
    const mark = said().length;
    await clock.advance(minutes(46));
    expect(languagesIn(await next('warning.heads_up', 'es', mark, s.id))).toEqual(['es']);
  });
});
