// The bot process killed at every step of the flow. The real src/main.ts runs as its own process
// on a redis-server of the test's own, and talks to a fake Slack that lives in this test (through
// a proxy that can slow or hold chosen Web API calls); every move is a signed HTTP request, as
// Slack would send it. SIGKILL after each step, and once in the middle of delivering a warning: a
// new process on the same Redis finishes the flow; nothing is lost and nothing is said twice.
// (SIGTERM with work in flight: graceful-stop.test.ts.)
import { expect } from 'vitest';
import type { ResetRequest } from '../../src/core/request.js';
import { CODE, DETAILS } from '../support/desk.js';
import {
  AGENT,
  ProcessStory,
  SUPPORT,
  TECH,
  type Thread,
  count,
  hasButton,
  itWithRedisServer,
  sleep,
  textOf,
} from '../support/faults/bot.js';
import { HEADS_UP, PUK, SUPPORT_WARNING, restartKit } from '../support/faults/restarts.js';
import { describeRedis } from '../support/redis.js';
import { SlackFake, type SlackMessage } from '../support/slack/fake.js';

describeRedis('bot restarts', () => {
  const { kit, setup, startBot, stored, cardThread, bull } = restartKit();

  itWithRedisServer(
    'SIGKILL after every step of the flow, and in the middle of a warning: a new process finishes it, nothing lost, nothing twice',
    async () => {
      await setup();
      let bot = await startBot();
      const story = new ProcessStory(kit.fake, () => bot.port);
      const kills: string[] = [];
      /**
       * SIGKILL, then a new process on the same Redis. After a step the kill waits until no
       * warning is being delivered: a kill in the middle of one is step 8's story (a copy already
       * posted but not yet struck off goes out again, Slack having no idempotency key), and a
       * warning falling due just then under a loaded CPU made this step that story by chance.
       */
      const crash = async (step: string, midWarning = false) => {
        for (let waited = 0; !midWarning && kit.redis!.cli('llen', bull('active')).trim() !== '0' && waited < 15_000; waited += 100)
          await sleep(100);
        await bot.crash();
        kills.push(step);
        bot = await startBot();
      };
      const dm = kit.fake.dmOf(TECH);
      let t: Thread;
      let card: SlackMessage | undefined;

      /** After each step: one thread, one card at most, nothing said twice, the state as expected. */
      const check = async (step: string, state: ResetRequest['state']) => {
        // Longer than Slack's pace (a post a second per channel), which these processes keep: a
        // post waiting for its channel's turn is not silence.
        await kit.fake.quiet(1500);
        const thread = story.replies(t);
        const texts = thread.map((m) => JSON.stringify([m.text, m.blocks]));
        expect(new Set(texts).size, `${step}: a thread message twice`).toBe(texts.length);
        expect(
          kit.fake.messages(t.channel).filter((m) => !m.thread_ts && m.text.includes(t.id)),
          `${step}: thread parents`,
        ).toHaveLength(1);
        expect(story.cards(t.id).length, `${step}: cards`).toBeLessThanOrEqual(1);
        if (card) {
          const support = story.replies(cardThread(card)).map((m) => JSON.stringify([m.text, m.blocks]));
          expect(new Set(support).size, `${step}: a support message twice`).toBe(support.length);
        }
        expect(
          kit.fake.messages(dm).filter((m) => textOf(m).includes(PUK)),
          `${step}: PUK DMs`,
        ).toHaveLength(state === 'puk_delivered' || state === 'completed' ? 1 : 0);
        let r = await stored(t.id);
        // A timer may commit a warning just as the step ends (the first is due 5 s after the code):
        // that one is on its way, not lost. What is still pending 3 s later is undelivered.
        for (let waited = 0; r.pendingNotices?.length && waited < 3000; waited += 100) {
          await sleep(100);
          r = await stored(t.id);
        }
        expect(r.state, step).toBe(state);
        if (r.challenge && state !== 'completed') expect(r.challenge.code, `${step}: the code is readable`).toBe(CODE);
        expect(r.pendingNotices ?? [], `${step}: undelivered notices`).toEqual([]);
        return r;
      };

      // 1. /camreset
      t = await story.begin();
      await check('after /camreset', 'collecting');
      await crash('after /camreset');

      // 2. the challenge code
      await story.say(t, CODE);
      await story.reply(t, /Got the challenge code/);
      await check('after the code', 'collecting');
      await crash('after the code');

      // 3. all the details
      await story.say(t, DETAILS);
      await story.reply(t, /Everything is here/);
      await check('after the details', 'collecting');
      await crash('after the details');

      // 4. Submit
      await story.click(t, 'submit', TECH);
      card = await story.cardOf(t.id);
      await story.reply(t, /is with support now/);
      await check('after submit', 'awaiting_support');
      await crash('after submit');

      // 5. Claim
      await story.clickCard(card, 'claim', AGENT);
      await story.reply(t, /<@UAGENT1> is working on/);
      await story.cardWhen(card, /Handled by <@UAGENT1>/);
      await check('after claim', 'claimed');
      await crash('after claim');

      // 6. the PUK, through the card's form
      const sent = await story.submitForm(card, 'send_puk', 'camreset.puk', { puk: PUK });
      expect(sent.status).toBe(200);
      await kit.fake.waitFor(() => kit.fake.messages(dm).find((m) => textOf(m).includes(PUK)), 'the PUK DM');
      await story.reply(t, /PUK has been sent to you in a private message/);
      await story.cardWhen(card, /PUK sent by <@UAGENT1>/);
      await check('after the PUK', 'puk_delivered');
      await crash('after the PUK');

      // 7. "Reset worked"
      const pukMessage = kit.fake.messages(dm).find((m) => textOf(m).includes(PUK))!;
      expect(hasButton(pukMessage, 'done')).toBe(true);
      await story.click(t, 'done', TECH, dm);
      await story.reply(t, /is done/);
      await story.cardWhen(card, /confirmed the reset worked/);
      const done = await check('after "reset worked"', 'completed');
      await crash('after "reset worked"');

      // Every warning the request fired reached the technician once, and support once when it had
      // the request; every warning due well before the PUK fired; the reminder at most once.
      const warned = done.audit.filter((a) => a.action === 'warned');
      const submittedAt = done.audit.find((a) => a.action === 'submitted')!.at;
      const pukAt = done.audit.find((a) => a.action === 'puk_sent')!.at;
      const expiresAt = done.challenge!.expiresAt;
      for (const [label, beforeMs] of [
        ['40s', 40_000],
        ['30s', 30_000],
      ] as const) {
        if (expiresAt - beforeMs < pukAt - 1500)
          expect(
            warned.map((w) => w.detail),
            `warning ${label} was due before the PUK`,
          ).toContain(label);
      }
      expect(new Set(warned.map((w) => w.detail)).size).toBe(warned.length);
      await kit.fake.quiet(1000);
      expect(count(story.replies(t), HEADS_UP)).toBe(warned.length);
      expect(count(story.replies(cardThread(card)), SUPPORT_WARNING)).toBe(warned.filter((w) => w.at >= submittedAt).length);
      expect(count(story.replies(t), /Reminder: enter the PUK/)).toBe(done.audit.filter((a) => a.action === 'reminded').length);
      expect(story.cards(t.id)).toHaveLength(1);
      expect(kit.fake.messages(dm).filter((m) => textOf(m).includes(PUK))).toHaveLength(1);
      expect(done.challenge?.code).toBeUndefined(); // the code is gone once the request ends
      expect(
        kit
          .redis!.cli('--scan', '--pattern', bull('*'))
          .split('\n')
          .filter((k) => k.includes(t.id)),
      ).toEqual([]);

      // 8. In the middle of a warning: the technician's copy is out, support's is on its way.
      const r2 = await story.submitted(TECH, 'CFIELD2');
      const held = kit.proxy.hold(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.channel === SUPPORT &&
          SUPPORT_WARNING.test(SlackFake.textOf(c.args)) &&
          SlackFake.textOf(c.args).includes(r2.id),
      );
      await held;
      // Both readers' copies leave at once: the technician's may still be on its way.
      await kit.fake.waitFor(() => count(story.replies(r2), HEADS_UP) === 1, "the technician's copy of the warning", 10_000);
      expect(count(story.replies(r2), HEADS_UP)).toBe(1);
      // Each reader's copy goes its own way: wait until the technician's is struck off too.
      let mid = await stored(r2.id);
      for (let i = 0; i < 100 && mid.pendingNotices?.[0]?.notices.some((n) => n.audience === 'requester'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        mid = await stored(r2.id);
      }
      expect(mid.pendingNotices?.length, 'the warning is committed, not yet delivered').toBe(1);
      expect(
        mid.pendingNotices![0]!.notices.map((n) => n.audience),
        "only support's copy is left",
      ).not.toContain('requester');
      await crash('during a due warning', true);
      // The dead worker's job comes back once its 10 s lock has lapsed; its rest goes out then.
      await kit.fake.waitFor(
        () => count(story.replies(cardThread(r2.card)), SUPPORT_WARNING) === 2 && count(story.replies(r2), HEADS_UP) >= 2,
        'both warnings of the second request on both sides',
        35_000,
      );
      await kit.fake.quiet(1500);
      const r2done = await stored(r2.id);
      expect(
        r2done.audit
          .filter((a) => a.action === 'warned')
          .map((a) => a.detail)
          .sort(),
      ).toEqual(['30s', '40s']);
      expect(count(story.replies(r2), HEADS_UP), 'technician warnings').toBe(2);
      expect(count(story.replies(cardThread(r2.card)), SUPPORT_WARNING), 'support warnings').toBe(2);
      expect(r2done.pendingNotices ?? []).toEqual([]);
      expect(story.cards(r2.id)).toHaveLength(1);
      expect(kills).toHaveLength(8);
    },
    110_000,
  );
});
