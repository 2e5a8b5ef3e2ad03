// The e-mail to Bosch on Teams: the agent's view of the support card has it with the paperwork
// (a "Paperwork" menu, so the card keeps to the five buttons Teams draws), and pressing it opens
// a dialog for that agent alone with the text to copy and an Action.OpenUrl mailto: link. Nobody
// else gets it, and the challenge code it holds never goes to the channel. Through POST
// /api/messages with real JWTs and the fake Bot Connector.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BOSCH } from '../../../src/core/i18n/catalog.js';
import { LOCALES } from '../../../src/core/i18n/locale.js';
import { boschEmail, boschEmailAnswer } from '../../../src/core/bosch-email.js';
import { dialogCard } from '../../../src/platforms/teams/dialogs.js';
import { plainLines } from '../../../src/platforms/teams/render.js';
import { TEAMS_WORDS } from '../../../src/platforms/teams/words.js';
import { SUPPORT_CHANNEL, speaking, taskInvoke, type TeamsUser, users } from '../../support/teams/activities.js';
import { textOf } from '../../support/teams/connector.js';
import { startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import {
  CODE,
  PUK,
  type Dialog,
  type Submitted,
  agentView,
  dialogButtonData,
  dialogOf,
  dialogs,
  fill,
  inputsIn,
  openDialog,
  press,
  submitInChat,
  supportChannelText,
} from '../../support/teams/story.js';
import { allCardProblems } from '../../support/teams/validate.js';

type Json = Record<string, unknown>;

const BOSCH_ADDRESS = 'central.support@bosch.example';

let h: TeamsHarness | undefined;
const seen: Json[] = [];

afterEach(async () => {
  if (h) {
    seen.push(...h.connector.cards());
    await h.close();
  }
  h = undefined;
});
afterAll(() => {
  // Every card posted and every dialog opened in these flows parses within Teams' limits.
  expect(seen.length).toBeGreaterThan(5);
  expect(allCardProblems(seen)).toEqual([]);
});

async function started(env: Record<string, string> = {}): Promise<{ harness: TeamsHarness; s: Submitted }> {
  h = await startTeams({ env });
  return { harness: h, s: await submitInChat(h) };
}

/** The agent's view of the support card, with its e-mail button found and pressed: task/fetch. */
async function openEmail(harness: TeamsHarness, s: Submitted, by: TeamsUser = users.agent): Promise<Dialog> {
  const view = await agentView(harness, s, by);
  if (view) seen.push(view);
  const data = dialogButtonData(view, 'bosch_email');
  expect(data, "the e-mail button on the agent's view").toBeDefined();
  const d = await openDialog(harness, by, s.cardConversation, s.cardMessage, data!);
  if (d.card) seen.push(d.card);
  return d;
}

/** A task/fetch for the e-mail sent straight by `by`, as anyone could forge it. */
async function forged(harness: TeamsHarness, s: Submitted, by: TeamsUser): Promise<Dialog> {
  const data = { msteams: { type: 'task/fetch' }, dialog: 'bosch_email', requestId: s.id, card: 'support' };
  const r = await harness.bot.send(taskInvoke(harness.connector.url, by, 'task/fetch', s.cardConversation, s.cardMessage, data));
  return dialogOf(r.body as Json);
}

function field(card: Json | undefined, id: string): string | undefined {
  let found: string | undefined;
  const walk = (n: unknown): void => {
    if (found !== undefined || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Json;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && o.id === id && typeof o.value === 'string') found = o.value;
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

function openUrls(card: Json | undefined): Array<{ title: string; url: string }> {
  const found: Array<{ title: string; url: string }> = [];
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Json;
    if (o.type === 'Action.OpenUrl') found.push({ title: String(o.title), url: String(o.url) });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

/** What a mail program reads from the link (RFC 6068). */
function mailOf(mailto: string): { to: string; subject: string; body: string } {
  const url = new URL(mailto);
  expect(url.protocol).toBe('mailto:');
  return {
    to: decodeURIComponent(url.pathname),
    subject: url.searchParams.get('subject') ?? '',
    body: (url.searchParams.get('body') ?? '').replace(/\r\n/g, '\n'),
  };
}

const dialogText = (card: Json | undefined) =>
  textOf({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });

describe('the e-mail to Bosch on Teams', () => {
  it("sits with the paperwork in the agent's view, and opens privately with the text to copy and a mailto: link addressed to BOSCH_SUPPORT_EMAIL", async () => {
    const { harness, s } = await started({ BOSCH_SUPPORT_EMAIL: BOSCH_ADDRESS });
    const view = await agentView(harness, s, users.agent);
    // Teams draws five buttons: the e-mail and the paperwork dialog share the "Paperwork" menu.
    const top = (view?.actions as Json[]).map((a) => a.title);
    expect(top).toHaveLength(5);
    expect(top).toContain('Paperwork');
    const menu = (view?.actions as Json[]).find((a) => a.title === 'Paperwork')!;
    expect(menu.type).toBe('Action.ShowCard');
    expect(dialogs(menu)).toEqual(['paperwork', 'bosch_email']);
    expect([...dialogs(view)].sort()).toEqual(['ask', 'bosch_email', 'paperwork', 'reject', 'send_puk']);

    const before = harness.connector.sent.length;
    const d = await openEmail(harness, s);
    expect(d.response.task).toMatchObject({ type: 'continue', value: { title: 'E-mail to Bosch' } });
    const body = field(d.card, 'email');
    expect(body).toBeDefined();
    for (const part of [
      `Challenge code: ${CODE}`,
      'Model: NDE-5503-AL',
      'MAC address: 00:07:5F:12:34:56',
      'Firmware version: 7.80.0128',
      'Serial number: 404754734001050102',
      s.id,
    ])
      expect(body).toContain(part);
    expect(inputsIn(d.card)).toEqual(['Input.Text#email']);
    const text = dialogText(d.card);
    expect(text).toContain(`E-mail to Bosch for ${s.id}`);
    expect(text).toContain(`It is addressed to ${BOSCH_ADDRESS}.`);

    // One link, the mail program's: the same subject and body, to Bosch's configured address.
    const links = openUrls(d.card);
    expect(links).toHaveLength(1);
    expect(links[0]!.title).toBe('Open in your mail program');
    expect(mailOf(links[0]!.url)).toEqual({ to: BOSCH_ADDRESS, subject: `PUK request ${s.id}: 1 camera`, body });
    // Nothing to submit, and nothing went anywhere: the code stays in this agent's dialog.
    expect(JSON.stringify(d.card)).not.toContain('Action.Submit');
    expect(harness.connector.sent.slice(before).filter((x) => x.conversationId.startsWith(SUPPORT_CHANNEL))).toEqual([]);
    expect(harness.connector.sent.length).toBe(before);
  });

  it('without BOSCH_SUPPORT_EMAIL the link names no address, and the agent is told to enter it', async () => {
    const { harness, s } = await started();
    const d = await openEmail(harness, s);
    const link = openUrls(d.card)[0]!;
    expect(link.url.startsWith('mailto:?')).toBe(true);
    expect(mailOf(link.url)).toEqual({ to: '', subject: `PUK request ${s.id}: 1 camera`, body: field(d.card, 'email') });
    expect(dialogText(d.card)).toContain('No Bosch address is configured (BOSCH_SUPPORT_EMAIL): enter it in your mail program.');
  });

  it('is refused to the technician and to anyone not an agent, and to the agent once the PUK is sent', async () => {
    const { harness, s } = await started({ BOSCH_SUPPORT_EMAIL: BOSCH_ADDRESS });
    // Their view of the card has no such button; a forged task/fetch gets the core's refusal.
    expect(dialogs(await agentView(harness, s, users.tech))).toEqual([]);
    for (const who of [users.tech, users.outsider]) {
      const d = await forged(harness, s, who);
      expect(d.card).toBeUndefined();
      expect(d.message).toBe(
        `Only support agents can prepare the e-mail to Bosch for ${s.id}. If you should be one, ask your admin to add you to the support group.`,
      );
      expect(d.message).not.toContain(CODE);
    }

    await press(harness, s, users.agent, 'claim');
    const sent = await fill(harness, s, users.agent, 'send_puk', { puk: PUK });
    expect(sent.message).toContain('Sent the PUK');
    const after = await harness.bot.send(
      taskInvoke(harness.connector.url, users.agent, 'task/fetch', s.cardConversation, s.cardMessage, {
        msteams: { type: 'task/fetch' },
        dialog: 'bosch_email',
        requestId: s.id,
        card: 'support',
      }),
    );
    const refused = dialogOf(after.body as Json);
    expect(refused.card).toBeUndefined();
    expect(refused.message).toBe(`${s.id} already has its PUK, so you cannot prepare the e-mail to Bosch for it now.`);
    // Once answered, the card offers only the ticket: no e-mail button.
    expect(dialogs(await agentView(harness, s, users.agent))).toEqual(['paperwork']);
    expect(supportChannelText(harness)).not.toContain(`Challenge code: ${CODE}`);
  });

  it('speaks to a Spanish agent in Spanish while the e-mail and the card follow SUPPORT_LANGUAGE', async () => {
    const { harness, s } = await started({ SUPPORT_LANGUAGE: 'de' });
    const agent = speaking(users.agent, 'es-ES');
    const view = await agentView(harness, s, agent);
    // The card is the channel's German, its menu too.
    expect(JSON.stringify(view)).toContain(`"title":"${TEAMS_WORDS.word('de', 'card.paperwork')}"`);
    expect(JSON.stringify(view)).toContain(`"title":"${TEAMS_WORDS.word('de', 'card.paperwork_forms')}"`);

    const d = await openEmail(harness, s, agent);
    expect(d.response.task).toMatchObject({ type: 'continue', value: { title: 'Correo a Bosch' } });
    const text = dialogText(d.card);
    expect(text).toContain(`Correo a Bosch para ${s.id}`);
    expect(text).toContain(plainLines([BOSCH.say('es', 'agent.no_address')], 'UTC'));
    expect(JSON.stringify(d.card)).toContain(`"label":"${TEAMS_WORDS.word('es', 'dialog.bosch_email.text')}"`);
    expect(openUrls(d.card)[0]!.title).toBe('Abrir en el programa de correo');
    // The e-mail itself is the desk's German, as Bosch gets it from this desk.
    const body = field(d.card, 'email')!;
    expect(body).toContain(BOSCH.word('de', 'camera.challenge', { value: CODE }));
    expect(body).toContain(BOSCH.word('de', 'camera.serial', { value: '404754734001050102' }));
    expect(body).not.toContain(BOSCH.word('es', 'camera.challenge', { value: CODE }));
    expect(mailOf(openUrls(d.card)[0]!.url).subject).toBe(BOSCH.word('de', 'subject', { id: s.id, cameras: 1 }));
  });

  it('fits Teams in every language, addressed or not', async () => {
    const { harness, s } = await started();
    const request = (await harness.app.desk.get(s.id))!;
    const cards: Json[] = [];
    for (const locale of LOCALES)
      for (const to of [undefined, BOSCH_ADDRESS]) {
        const reply = boschEmailAnswer(request, boschEmail(request, to, locale), locale);
        const card = dialogCard('bosch_email', request, 'support', { reply }, locale);
        expect(openUrls(card)).toHaveLength(1);
        cards.push(card);
      }
    expect(allCardProblems(cards)).toEqual([]);
  });
});
