// A site (several cameras in one request) in a Slack story: each camera's own code, MAC and
// serial, its details as a block the technician pastes, and the moves that build a site through
// the real app — one camera at a time (Another camera, then its block) or as one pasted table.

import type { SlackMessage } from './fake.js';
import type { SlackWorld } from './harness.js';
import { TECH, textOf, type Thread } from './story.js';

/** Camera i's challenge code (32 characters, each camera's its own). */
export const siteCode = (i: number): string => `C${String(i).padStart(3, '0')}D4E5F6G7H8J9K0L1M2N3P4Q5R6S7`;
/** Camera i's MAC, as the device label prints it. */
export const siteMac = (i: number): string =>
  `00:07:5F:AA:${(0xb0 + Math.floor(i / 256)).toString(16).toUpperCase()}:${(i % 256).toString(16).toUpperCase().padStart(2, '0')}`;
export const siteSerial = (i: number): string => `4047547340010${String(i).padStart(5, '0')}`;
export const SITE_MODEL = 'NDE-3503-AL';
export const SITE_FIRMWARE = '7.80.0128';

/** Camera i as a block of lines, as a technician pastes one camera. */
export const cameraBlock = (i: number): string =>
  `${siteCode(i)}\nModel: ${SITE_MODEL}\nMAC ${siteMac(i)}\nFW ${SITE_FIRMWARE}\nSN ${siteSerial(i)}`;

/** The newest reply in the thread after index `from` (waits for it). */
export async function nextReply(w: SlackWorld, t: Thread, from: number, pattern: RegExp = /./): Promise<SlackMessage> {
  return w.reply(t, pattern, from);
}

/**
 * A site of `count` cameras built one at a time, through the buttons the technician sees: the
 * first camera's block, then Another camera (the desk for the first, whose one-camera summary
 * may not offer it), then the next block; resolves once the summary lists them all.
 */
export async function siteOneByOne(w: SlackWorld, count: number, user = TECH, block: (i: number) => string = cameraBlock): Promise<Thread> {
  const t = await w.begin(user);
  await w.say(t, block(1));
  await w.reply(t, /Everything is here/);
  for (let i = 2; i <= count; i++) {
    const before = w.replies(t).length;
    if (i === 2) {
      const outcome = await w.app.desk.anotherCamera(t.id, { platform: 'slack', id: user });
      if (!outcome.ok) throw new Error(`another camera refused: ${JSON.stringify(outcome.refusal.lines)}`);
    } else {
      await w.click(t, 'another_camera', user);
    }
    await w.reply(t, new RegExp(`Camera ${i}:`), before);
    const asked = w.replies(t).length;
    await w.say(t, block(i));
    await w.reply(t, new RegExp(`${i} cameras\\. Check them`), asked);
  }
  return t;
}

/** Sums of what a message sent to Slack holds, to hold against Slack's limits. */
export function measure(m: { text?: string; blocks?: unknown }): { blocks: number; longestSection: number; text: number } {
  const blocks = (m.blocks ?? []) as Array<{ type: string; text?: { text: string } }>;
  return {
    blocks: blocks.length,
    longestSection: Math.max(0, ...blocks.map((b) => b.text?.text.length ?? 0)),
    text: (m.text ?? '').length,
  };
}

export { textOf };

/** A PUK as Bosch writes one, camera i's own. */
export const sitePuk = (i: number): string => `7X${i.toString(16).toUpperCase().padStart(2, '0')}Q9M4K8P`;

/**
 * Cameras `ns` as a spreadsheet copy: tab-separated, a header row (English or German), and the
 * model and firmware given once above it as fields every camera shares. `broken` spoils one
 * cell of a camera (a MAC with a G in it, a code one character short); `ages` adds a column of
 * how many minutes ago each code was generated.
 */
export function siteTable(
  ns: readonly number[],
  options: { german?: boolean; broken?: Record<number, 'mac' | 'code'>; shared?: boolean; ages?: Record<number, number> } = {},
): string {
  const ages = options.ages;
  const age = ages ? (options.german ? '\tAlter' : '\tAge') : '';
  const header = (options.german ? 'Challenge-Code\tMAC-Adresse\tSeriennummer' : 'Challenge code\tMAC\tSerial number') + age;
  const rows = ns.map((i) => {
    const code = options.broken?.[i] === 'code' ? siteCode(i).slice(0, 31) : siteCode(i);
    const mac = options.broken?.[i] === 'mac' ? siteMac(i).replace('5F', '5G') : siteMac(i);
    return `${code}\t${mac}\t${siteSerial(i)}${ages ? `\t${ages[i] ?? 0}` : ''}`;
  });
  const shared = options.shared === false ? [] : [`Model: ${SITE_MODEL}`, `Firmware: ${SITE_FIRMWARE}`, ''];
  return [...shared, header, ...rows].join('\n');
}
