// Issue 14, acceptance 2, "every refusal appears in the reader's language", on Teams: each kind
// of refusal of src/core/refusals.ts, caused through POST /api/messages and read where Teams
// shows it (the invoke's message, the dialog, the chat), worded in the reader's own language —
// the technician on a French client, the agents on German and Dutch ones, another technician on
// an Italian one, a site's technician on a Spanish one — while the support channel is English.
// A time in a refusal reads on the reader's clock, as every other message of theirs does. The
// last test fails when a kind is added without a story.

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  cardAction,
  channelMessage,
  personalChat,
  personalMessage,
  speaking,
  SUPPORT_CHANNEL,
  type TeamsUser,
  users,
} from '../../support/teams/activities.js';
import { cardsOf, textOf } from '../../support/teams/connector.js';
import { startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  executeData,
  CODE,
  PUK,
  type Submitted,
  agentView,
  dialogButtonData,
  dialogOf,
  fill,
  openDialog,
  requestIdIn,
  submitDialog,
  submitInChat,
} from '../../support/teams/story.js';
import { readerWords, sentencesIn } from '../../support/teams/catalog-sentences.js';
import { taskInvoke } from '../../support/teams/activities.js';
import { block, cameras, pressOn, siteByBlocks, startInChat, submitSite, type TestCamera } from '../../support/teams/site.js';
import { ManualClock } from '../../support/clock.js';
import { minutes } from '../../support/desk.js';
import { FIELDS, REFUSALS } from '../../../src/core/i18n/catalog.js';
import { LOCALES, type Locale } from '../../../src/core/i18n/locale.js';
import { fieldLabels, parsePuk } from '../../../src/core/fields.js';
import { formatClockTime } from '../../../src/core/deadlines.js';
import { StoreUnavailableError } from '../../../src/core/ports.js';
import { MemoryStore } from '../../../src/drivers/memory/store.js';
import { TEAMS_WORDS } from '../../../src/platforms/teams/words.js';
import { stateLabels } from '../../../src/core/copy.js';
import type { Values } from '../../../src/core/i18n/say.js';

type Json = Record<string, unknown>;
type Key = Parameters<typeof REFUSALS.word>[1];

const tech = speaking(users.tech, 'fr-FR');
const other = speaking(users.outsider, 'it-IT');
const agent = speaking(users.agent, 'de-DE');
const agent2 = speaking(users.agent2, 'nl-NL');
const siteTech: TeamsUser = {
  id: '29:1sitetech-bf-id',
  name: 'Sofía Site',
  aadObjectId: '00000000-0000-4000-8000-00000000a002',
  timeZone: 'Europe/Madrid',
  locale: 'es-ES',
};
const LANGUAGE: Record<string, Locale> = { [tech.id]: 'fr', [other.id]: 'it', [agent.id]: 'de', [agent2.id]: 'nl', [siteTech.id]: 'es' };

/** The refusal kinds of src/core/refusals.ts, read from its type. */
const KINDS = [...readFileSync(new URL('../../../src/core/refusals.ts', import.meta.url), 'utf8').matchAll(/^\s+\| '([a-z_]+)'/gm)].map(
  (m) => m[1]!,
);

const met = new Map<string, string>();
let h: TeamsHarness;
let clock: ManualClock;

afterAll(async () => {
  await h.close();
});

/** What `by` read: an invoke's message, or the words of the dialog it answered with. */
function readOf(body: Json): string {
  if (typeof body.value === 'string') return body.value;
  const dialog = dialogOf(body);
  return dialog.message ?? readerWords(dialog.card);
}

/** `by` met refusal `kind`, worded as `key` with `values` in their language, and nothing of another language. */
function refused(kind: string, by: TeamsUser, read: string, key: Key | ((locale: Locale) => string), values: Values = {}) {
  const locale = LANGUAGE[by.id]!;
  const expected = typeof key === 'function' ? key(locale) : REFUSALS.word(locale, key, values);
  expect(read, `${kind} for ${by.name} (${locale})`).toContain(expected);
  for (const l of LOCALES.filter((x) => x !== locale))
    expect(sentencesIn(l, read), `${kind}: ${l} in a ${locale} reader's words`).toEqual([]);
  met.set(kind, locale);
}

const press = async (by: TeamsUser, conversation: string, verb: string, data: Json) =>
  readOf((await h.bot.send(cardAction(h.connector.url, by, conversation, 'm-1', verb, data))).body as Json);
const onCard = (s: Submitted | { id: string; cardConversation: string }, by: TeamsUser, verb: string, id = s.id) =>
  press(by, s.cardConversation, verb, { requestId: id, card: 'support' });
/** A support card's button that opens `dialog`, as a card sent before the request moved on still carries it. */
const support = (s: { id: string }, dialog: string): Json => ({
  msteams: { type: 'task/fetch' },
  dialog,
  requestId: s.id,
  card: 'support',
});
/** `dialog` pressed on the card once its step is no longer taken: what `by` read instead, and no dialog opened. */
async function noDialog(by: TeamsUser, s: Submitted, dialog: string): Promise<string> {
  const d = await openDialog(h, by, s.cardConversation, s.cardMessage, support(s, dialog));
  expect(d.card, `${dialog}: a dialog opened`).toBeUndefined();
  expect(d.message, `${dialog}: no message`).toBeDefined();
  return d.message!;
}
/**
 * What a dialog opened before the request moved on answers its submit: Teams sees the request's
 * stamp changed and does nothing, saying so in `by`'s language (the core's refusal is what
 * pressing the button again says).
 */
function changedWhileOpen(by: TeamsUser, read: string, id: string, state: keyof ReturnType<typeof stateLabels>, holder?: TeamsUser) {
  const locale = LANGUAGE[by.id]!;
  const values = { id, state: stateLabels(locale)[state] };
  const changed = holder
    ? TEAMS_WORDS.word(locale, 'dialog.changed_held', { ...values, agent: mention(holder) })
    : TEAMS_WORDS.word(locale, 'dialog.changed', values);
  expect(read, `a stale dialog for ${by.name} (${locale})`).toContain(changed);
  expect(read).toContain(TEAMS_WORDS.word(locale, 'dialog.nothing_done'));
  for (const l of LOCALES.filter((x) => x !== locale)) expect(sentencesIn(l, read), `${l} in a ${locale} reader's words`).toEqual([]);
}
const mention = (u: TeamsUser) => ({ mention: { platform: 'teams' as const, id: u.id, name: u.name } });
const TEAMS_START = { code: 'camreset' };
const TEAMS_STATUS = { code: 'camreset status' };

/** Why the rules refuse `puk`, in `locale`. */
function pukError(puk: string, locale: Locale): string {
  const parsed = parsePuk(puk, locale);
  if (parsed.ok) throw new Error(`${puk} is a PUK`);
  return parsed.error;
}

/** Bosch's reply as an agent pastes it: a line per camera, its MAC and its PUK. */
const boschReply = (list: TestCamera[]) =>
  ['Sehr geehrter Partner,', '', ...list.map((c) => `MAC ${c.mac}  PUK ${c.puk}`), '', 'Mit freundlichen Grüßen'].join('\n');

describe('every refusal on Teams, in the language of the one who meets it', () => {
  it('says each refusal of one camera to its reader in their own language', async () => {
    clock = new ManualClock();
    // BATCH_MAX 2: a site is full at its second camera (the second test).
    h = await startTeams({ clock, env: { BATCH_MAX: '2' } });
    // The Italian technician's request, still being filled in: all but the serial.
    const otherChat = personalChat(other);
    await h.bot.send(personalMessage(h.connector.url, other, 'camreset'));
    const welcome = await h.connector.waitFor(() => h.connector.in(otherChat).at(-1), 3000, 'the welcome');
    const r0 = requestIdIn(textOf(welcome.activity));
    await h.bot.send(personalMessage(h.connector.url, other, `${CODE}\nModel: NDE-5503-AL\nMAC 00-07-5f-12-34-56\nFW 7.80.0128`));
    await h.connector.waitFor(() => h.connector.in(otherChat).length > 1 || undefined, 3000, 'the answer');
    const s = await submitInChat(h, tech);
    const chat = personalChat(tech);
    const card = { id: s.id, cardConversation: s.cardConversation };

    refused('incomplete', other, await press(other, otherChat, 'submit', { requestId: r0, card: 'summary' }), 'refusal.incomplete', {
      id: r0,
      fields: fieldLabels('it').serial,
    });
    refused('not_submitted', agent, await onCard({ ...card, id: r0 }, agent, 'claim'), 'refusal.not_submitted', { id: r0 });
    refused(
      'not_requester',
      other,
      await press(other, otherChat, 'cancel', { requestId: s.id, card: 'summary' }),
      'refusal.not_requester',
      {
        requester: mention(tech),
        id: s.id,
        what: 'cancel',
      },
    );
    refused('not_agent', other, await onCard(s, other, 'claim'), 'refusal.not_agent', { id: s.id, what: 'claim' });
    refused(
      'already_submitted',
      tech,
      await press(tech, chat, 'submit', { requestId: s.id, card: 'summary' }),
      'refusal.already_submitted',
      {
        id: s.id,
      },
    );
    refused('not_claimed', agent, await onCard(s, agent, 'release'), 'refusal.not_claimed', { id: s.id });
    refused('no_puk_yet', tech, await press(tech, chat, 'done', { requestId: s.id, card: 'puk' }), 'refusal.no_puk_yet', {
      id: s.id,
      what: 'done',
    });
    refused(
      'invalid_field',
      tech,
      await press(tech, chat, 'code_confirm', { requestId: s.id, card: 'notice' }),
      'refusal.button_without_code',
    );
    refused('not_found', agent, await onCard(s, agent, 'claim', 'CR-0000-GONE'), 'refusal.not_found', {
      id: 'CR-0000-GONE',
      cmd: TEAMS_STATUS,
    });

    await onCard(s, agent, 'claim');
    refused('already_yours', agent, await onCard(s, agent, 'claim'), 'refusal.already_yours', { id: s.id });
    refused('claimed_by_other', agent2, await onCard(s, agent2, 'claim'), 'refusal.claimed_by_other', { id: s.id, other: mention(agent) });
    refused('not_holder', agent2, await onCard(s, agent2, 'release'), 'refusal.not_holder', { id: s.id, other: mention(agent) });
    refused('empty', agent, readOf((await fill(h, s, agent, 'ask', { question: ' ' })).response), 'refusal.empty');
    refused('reason_required', agent, readOf((await fill(h, s, agent, 'reject', { reason: '' })).response), 'refusal.reason_required');

    // The details dialog of the Italian technician, with a MAC the rules refuse.
    const form = dialogOf(
      (
        await h.bot.send(
          taskInvoke(h.connector.url, other, 'task/fetch', otherChat, welcome.id, {
            msteams: { type: 'task/fetch' },
            dialog: 'details',
            requestId: r0,
            card: 'notice',
          }),
        )
      ).body as Json,
    );
    const bad = await submitDialog(h, other, otherChat, welcome.id, form.card!, 'set_fields', { mac: 'zz-07' });
    refused('invalid_fields', other, readOf(bad.response), (l) =>
      FIELDS.word(l, 'mac.bad_char', { char: FIELDS.word(l, 'field.char_quoted', { char: 'z' }), example: '00:07:5F:12:34:56' }),
    );

    // The PUK sent while a second Send PUK dialog and a question are open: each submit is told the
    // request changed and does nothing; either pressed after opens no dialog, and says why. The time it went out reads on the German
    // agent's clock (Europe/Berlin, as their client says), as every other time they read.
    const stalePuk = await openDialog(h, agent, s.cardConversation, s.cardMessage, support(s, 'send_puk'));
    const staleAsk = await openDialog(h, agent, s.cardConversation, s.cardMessage, support(s, 'ask'));
    await fill(h, s, agent, 'send_puk', { puk: PUK });
    const again = readOf(
      (await submitDialog(h, agent, s.cardConversation, s.cardMessage, stalePuk.card!, 'send_puk', { puk: PUK })).response,
    );
    const sentAt = (await h.app.desk.get(s.id))!.puk!.sentAt;
    const alreadyValues = { id: s.id, other: mention(agent), at: formatClockTime(sentAt, 'Europe/Berlin') };
    changedWhileOpen(agent, again, s.id, 'puk_delivered', agent);
    const pressedAgain = await noDialog(agent, s, 'send_puk');
    refused('puk_already_sent', agent, pressedAgain, 'refusal.puk_already_sent_by_at', alreadyValues);
    expect(pressedAgain).not.toContain('UTC');
    const notWithSupport = { id: s.id, state: 'puk_delivered', what: 'ask' };
    const asked = await submitDialog(h, agent, s.cardConversation, s.cardMessage, staleAsk.card!, 'ask', { question: 'Und?' });
    changedWhileOpen(agent, readOf(asked.response), s.id, 'puk_delivered', agent);
    refused('not_with_support', agent, await noDialog(agent, s, 'ask'), 'refusal.not_with_support', notWithSupport);

    // The Italian technician cancels theirs; an agent's claim comes too late.
    await press(other, otherChat, 'cancel', { requestId: r0, card: 'summary' });
    refused('ended', agent, await onCard({ ...card, id: r0 }, agent, 'claim'), 'refusal.ended', {
      id: r0,
      state: 'cancelled',
      what: 'claim',
      cmd: TEAMS_START,
    });

    // A request whose hour ran out while its Send PUK dialog was open: the submit does nothing,
    // and Send PUK pressed after opens no dialog and says the code expired.
    const late = await submitInChat(h, speaking(users.outsider, 'it-IT'));
    const opened = await openDialog(h, agent, late.cardConversation, late.cardMessage, support(late, 'send_puk'));
    await clock.advance(minutes(61));
    await h.connector.waitFor(async () => (await h.app.desk.get(late.id))?.state === 'expired' || undefined, 3000, 'the expiry');
    const puk = await submitDialog(h, agent, late.cardConversation, late.cardMessage, opened.card!, 'send_puk', { puk: PUK });
    changedWhileOpen(agent, readOf(puk.response), late.id, 'expired');
    refused('expired', agent, await noDialog(agent, late, 'send_puk'), 'refusal.expired', { id: late.id });
  });

  it('says each refusal of a site (several cameras), and of a store that is down, to its reader in their own language', async () => {
    // The Spanish technician's first site, still being filled in (BATCH_MAX 2): a camera given
    // camera 1's code, the details form, a camera missing its code, a third camera.
    const [c1, c2] = cameras(2);
    const a = await startInChat(h, siteTech);
    const say = async (text: string) => {
      const count = h.connector.in(a.chat).length;
      await h.bot.send(personalMessage(h.connector.url, siteTech, text));
      return h.connector.waitFor(() => h.connector.in(a.chat).slice(count).at(-1), 3000, 'the answer');
    };
    await say(block(c1!));
    await h.bot.send(cardAction(h.connector.url, siteTech, a.chat, 'x', 'another_camera', { requestId: a.id, card: 'notice' }));
    const same = await say(block({ ...c2!, code: c1!.code }));
    refused('site_same_code', siteTech, textOf(same.activity), 'refusal.site_same_code', { camera: 1 });
    const details = await h.bot.send(
      taskInvoke(h.connector.url, siteTech, 'task/fetch', a.chat, same.id, {
        msteams: { type: 'task/fetch' },
        dialog: 'details',
        requestId: a.id,
        card: 'notice',
      }),
    );
    refused('site_form', siteTech, readOf(details.body as Json), 'refusal.site_form', { id: a.id });
    refused(
      'site_incomplete',
      siteTech,
      await press(siteTech, a.chat, 'submit', { requestId: a.id, card: 'notice' }),
      'refusal.site_incomplete',
      { id: a.id, cameras: REFUSALS.word('es', 'refusal.site_camera_missing', { camera: 2, fields: fieldLabels('es').challenge }) },
    );
    refused(
      'batch_full',
      siteTech,
      await press(siteTech, a.chat, 'another_camera', { requestId: a.id, card: 'notice' }),
      'refusal.batch_full',
      { id: a.id, max: 2, cmd: TEAMS_START },
    );

    // Their second site, with support: a PUK the rules refuse, a camera not named, a camera settled twice.
    await press(siteTech, a.chat, 'cancel', { requestId: a.id, card: 'summary' });
    expect((await h.app.desk.get(a.id))?.state).toBe('cancelled');
    const list = cameras(2).map((c) => ({ ...c, code: c.code.replace('K', 'S'), mac: c.mac.replace('AA', 'AB') }));
    const s = await submitSite(h, await siteByBlocks(h, list, siteTech), siteTech);
    const view = await agentView(h, s, agent);
    const opened = await openDialog(h, agent, s.cardConversation, s.cardMessage, dialogButtonData(view, 'send_puk')!);
    const bad = await submitDialog(h, agent, s.cardConversation, s.cardMessage, opened.card!, 'send_puks', { puk_2: 'x!' });
    refused('invalid_puks', agent, readOf(bad.response), (l) =>
      REFUSALS.word(l, 'refusal.site_camera_problem', { camera: 2, message: pukError('x!', l) }),
    );
    refused('invalid_puks', agent, readOf(bad.response), (l) => TEAMS_WORDS.word(l, 'dialog.site.nothing_sent'));
    // Bosch's reply pasted in the card's thread: the agent is asked privately; camera 1's PUK goes another way first.
    const before = h.connector.sent.length;
    await h.bot.send(
      channelMessage(h.connector.url, agent, boschReply(list.slice(0, 1)), { channel: SUPPORT_CHANNEL, root: s.cardMessage }),
    );
    const asked = await h.connector.waitFor(
      () =>
        h.connector.sent
          .slice(before)
          .find((x) => !x.conversationId.startsWith('19:') && JSON.stringify(cardsOf(x.activity)).includes('"verb":"puks_confirm"')),
      3000,
      'the question to the agent',
    );
    const again = await openDialog(h, agent, s.cardConversation, s.cardMessage, dialogButtonData(view, 'send_puk')!);
    await submitDialog(h, agent, s.cardConversation, s.cardMessage, again.card!, 'send_puks', { puk_1: list[0]!.puk });
    const stale = await pressOn(h, agent, asked, 'puks_confirm', executeData(cardsOf(asked.activity), 'puks_confirm')!);
    refused('site_puk_camera', agent, readOf(stale), 'refusal.site_puk_camera', { camera: 1, reason: 'has_puk' });
    refused('invalid_puks', agent, readOf(stale), 'refusal.site_nothing_sent');

    const chat = personalChat(siteTech);
    refused(
      'site_needs_camera',
      siteTech,
      await press(siteTech, chat, 'done', { requestId: s.id, card: 'puk' }),
      'refusal.site_needs_camera',
      { id: s.id, what: 'done' },
    );
    await press(siteTech, chat, 'done', { requestId: s.id, card: 'puk', arg: '1' });
    refused(
      'site_camera_done',
      siteTech,
      await press(siteTech, chat, 'done', { requestId: s.id, card: 'puk', arg: '1' }),
      'refusal.site_camera_done',
      { camera: 1 },
    );

    // The store down (Redis gone, as the driver reports it): the Dutch agent's claim is refused, and nothing changed.
    const down = (['get', 'update', 'resolve', 'create'] as const).map((m) =>
      vi.spyOn(MemoryStore.prototype, m).mockRejectedValue(new StoreUnavailableError()),
    );
    const claim = await onCard(s, agent2, 'release');
    for (const spy of down) spy.mockRestore();
    refused('unavailable', agent2, claim, 'refusal.unavailable');
    expect((await h.app.desk.get(s.id))?.claimedBy?.id).toBe(agent.aadObjectId);
  });

  it('has met every kind of refusal', () => {
    expect([...met.keys()].sort()).toEqual([...KINDS].sort());
  });
});
