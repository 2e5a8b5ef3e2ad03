// Steps of a Teams site (several cameras in one request) that the site tests share: cameras
// with their own codes and MACs, a site built one block per camera ("Another camera" between
// them) or pasted as a table, submitted to support; and the Send PUKs dialog on its card.

import { expect } from 'vitest';
import { cardAction, personalChat, personalMessage, SUPPORT_CHANNEL, type TeamsUser, users } from './activities.js';
import { cardsOf, type Sent, textOf } from './connector.js';
import type { TeamsHarness } from './harness.js';
import { requestIdIn, type Submitted, withButton } from './story.js';

type Json = Record<string, unknown>;

export interface TestCamera {
  n: number;
  code: string;
  model: string;
  mac: string;
  firmware: string;
  serial: string;
  puk: string;
}

const hex = (i: number) => i.toString(16).toUpperCase().padStart(2, '0');

/** Camera i (1-based): its own 32-character code, MAC 00:07:5F:AA:BB:<i>, serial and PUK. */
export function camera(i: number, firmware = i % 2 ? '7.80.0128' : '6.30.0059'): TestCamera {
  const tag = String(i).padStart(3, '0');
  return {
    n: i,
    code: `C${tag}X`.padEnd(32, 'K').slice(0, 28) + `Z${tag}`,
    model: i % 3 ? 'NDE-5503-AL' : 'NBN-80052-BA',
    mac: `00:07:5F:AA:BB:${hex(i)}`,
    firmware,
    serial: `40475473400105${String(1000 + i)}`,
    puk: `PUK${tag}Q7M2X9`,
  };
}

export const cameras = (count: number): TestCamera[] => Array.from({ length: count }, (_, i) => camera(i + 1));

/** One camera's block as a technician types it. */
export function block(c: TestCamera): string {
  return `${c.code}\nModel: ${c.model}\nMAC ${c.mac}\nFW ${c.firmware}\nSN ${c.serial}`;
}

/** The newest message in a conversation that carries button `verb`. */
export async function latestWith(h: TeamsHarness, conversation: string, verb: string, after = 0): Promise<Sent> {
  return h.connector.waitFor(() => withButton(h.connector.in(conversation).slice(after), verb), 3000, `a message with ${verb}`);
}

/** The technician presses an Action.Execute button on a message in their chat; resolves to the invoke's body. */
export async function pressOn(h: TeamsHarness, by: TeamsUser, message: Sent, verb: string, data: Json): Promise<Json> {
  const r = await h.bot.send(cardAction(h.connector.url, by, message.conversationId, message.id, verb, data));
  return r.body as Json;
}

export interface SiteInChat {
  id: string;
  chat: string;
}

/** Starts a request in the technician's 1:1 chat; resolves once the welcome is there. */
export async function startInChat(h: TeamsHarness, tech: TeamsUser = users.tech): Promise<SiteInChat> {
  const chat = personalChat(tech);
  const before = h.connector.in(chat).length;
  await h.bot.send(personalMessage(h.connector.url, tech, 'camreset'));
  const welcome = await h.connector.waitFor(() => h.connector.in(chat).slice(before).at(-1), 3000, 'the welcome');
  return { id: requestIdIn(textOf(welcome.activity)), chat };
}

/**
 * A site built one camera at a time: the first camera's block, then for each next one "Another
 * camera" and its block. Resolves once the intake holds every camera.
 */
export async function siteByBlocks(h: TeamsHarness, list: TestCamera[], tech: TeamsUser = users.tech): Promise<SiteInChat> {
  const site = await startInChat(h, tech);
  for (const [i, c] of list.entries()) {
    if (i > 0) {
      const count = h.connector.in(site.chat).length;
      // The first time, a one-camera request has no button for it yet: the verb as a site's intake carries it.
      await h.bot.send(cardAction(h.connector.url, tech, site.chat, 'x', 'another_camera', { requestId: site.id, card: 'notice' }));
      await h.connector.waitFor(() => h.connector.in(site.chat).length > count || undefined, 3000, `the question for camera ${c.n}`);
    }
    const count = h.connector.in(site.chat).length;
    await h.bot.send(personalMessage(h.connector.url, tech, block(c)));
    await h.connector.waitFor(() => h.connector.in(site.chat).length > count || undefined, 3000, `the answer to camera ${c.n}`);
  }
  const request = await h.app.desk.get(site.id);
  expect(request?.cameras?.length).toBe(list.length);
  return site;
}

/** The technician presses Submit on the site's newest intake message; resolves to the support card. */
export async function submitSite(h: TeamsHarness, site: SiteInChat, tech: TeamsUser = users.tech): Promise<Submitted> {
  const intake = await latestWith(h, site.chat, 'submit');
  const before = h.connector.sent.length;
  const body = await pressOn(h, tech, intake, 'submit', { requestId: site.id, card: 'notice' });
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  const card = await h.connector.waitFor(
    () => h.connector.sent.slice(before).find((s) => s.kind === 'create' && s.conversationId.startsWith(`${SUPPORT_CHANNEL};`)),
    3000,
    'the support card',
  );
  return { id: site.id, cardConversation: card.conversationId, cardMessage: card.id };
}

/** Every card sent to a conversation after `after`, as text. */
export function textsIn(h: TeamsHarness, conversation: string, after = 0): string[] {
  return h.connector
    .in(conversation)
    .slice(after)
    .map((s) => textOf(s.activity));
}

/** The text of a dialog's card (or its message). */
export function dialogText(d: { card?: Json; message?: string }): string {
  if (d.message !== undefined) return d.message;
  return textOf({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: d.card }] });
}

export { cardsOf };
