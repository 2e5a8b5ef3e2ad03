// What the restart suites share (restarts.test.ts: SIGKILL at every step; graceful-stop.test.ts:
// SIGTERM with work in flight): one timing, the warnings' words, and the suite's fault kit.
import type { SlackMessage } from '../slack/fake.js';
import { faultKit } from './bot.js';

export const PUK = 'PUK7X2Q9M4K8';
// Warnings 5 s and 15 s after the code arrives; the code expires after 45 s.
const VALIDITY = '45s';
const WARN_BEFORE = '40s,30s';
/** main.ts gives up waiting for a graceful stop after this long and exits 1. */
export const GRACE_MS = 25_000;
/** The key prefix main.ts uses (no per-test prefix there: this Redis is the test's own). */
const PREFIX = 'camreset';

export const HEADS_UP = /Heads up: the challenge code of CR-\w+ expires in/;
export const SUPPORT_WARNING = /the challenge expires in/;

/** The fault kit of a restart suite (hooks registered: call inside its describe), and its views. */
export function restartKit() {
  const kit = faultKit({ validity: VALIDITY, warnBefore: WARN_BEFORE });
  return {
    kit,
    setup: () => kit.setup(),
    startBot: () => kit.startBot(),
    stored: (id: string) => kit.stored(id),
    cardThread: (card: SlackMessage) => ({ channel: card.channel, thread: card.ts }),
    /** A BullMQ key of the bot's timer queue. */
    bull: (suffix: string) => `{${PREFIX}}:timers:${suffix}`,
  };
}
