// The bot process stopped with SIGTERM under load. The real src/main.ts runs as its own process
// on a redis-server of the test's own, and talks to a fake Slack that lives in this test (through
// a proxy that can slow or hold chosen Web API calls); every move is a signed HTTP request, as
// Slack would send it. SIGTERM with 20 slash commands and due warnings in flight: the in-flight
// work finishes, the BullMQ worker lets go of every job, the process exits 0 within its grace
// period. (SIGKILL at every step: restarts.test.ts.)
import { expect } from 'vitest';
import { ProcessStory, TECH, type ProxiedCall, count, itWithRedisServer, sleep } from '../support/faults/bot.js';
import { GRACE_MS, HEADS_UP, SUPPORT_WARNING, restartKit } from '../support/faults/restarts.js';
import { describeRedis } from '../support/redis.js';
import { SlackFake } from '../support/slack/fake.js';
import { REQUEST_ID } from '../support/request-id.js';

describeRedis('bot stopped gracefully', () => {
  const { kit, setup, startBot, stored, cardThread, bull } = restartKit();

  itWithRedisServer(
    'SIGTERM with 20 slash commands and due warnings in flight: finishes them, lets go of every timer job, exits 0',
    async () => {
      await setup();
      let bot = await startBot();
      const story = new ProcessStory(kit.fake, () => bot.port);

      // Five requests with support, whose first warning falls due 5 s after their code.
      const waiting = await Promise.all(Array.from({ length: 5 }, (_, i) => story.submitted(TECH, `CWARN${i}`)));

      // Slack answers slowly now: the request threads' posts take 1.5 s each, the warnings' 300 ms,
      // so both kinds of work are still running when the signal comes.
      const isWarning = (c: ProxiedCall) => HEADS_UP.test(SlackFake.textOf(c.args)) || SUPPORT_WARNING.test(SlackFake.textOf(c.args));
      const isBurst = (c: ProxiedCall) => /^CBURST/.test(String(c.args.channel));
      kit.proxy.delay((c) => c.method === 'chat.postMessage' && isWarning(c), 200);
      kit.proxy.delay((c) => c.method === 'chat.postMessage' && isBurst(c), 1000);
      // Once a worker holds the first warning's job: 20 commands acked (their threads still being
      // posted), and one more whose request is still arriving, on a keep-alive connection as
      // Slack's are, when the signal comes.
      await kit.proxy.seen((c) => c.method === 'chat.postMessage' && HEADS_UP.test(SlackFake.textOf(c.args)), 15_000);
      const channels = Array.from({ length: 21 }, (_, i) => `CBURST${String(i).padStart(2, '0')}`);
      const late = story.slowCommand('UFIELD20', channels[20]!);
      const sent = channels.slice(0, 20).map((channel, i) => story.slack.command({ user: `UFIELD${i}`, channel }).catch(() => undefined));
      const early = await Promise.all(sent);
      const active = Number(kit.redis!.cli('llen', bull('active')).trim());
      const signalled = Date.now();
      bot.kill('SIGTERM');
      await sleep(200);
      late.finish();
      const answers = [...early.map((a) => a?.status), await late.status];
      const exit = await bot.exited;
      const took = exit.at - signalled;
      const acked = channels.filter((_, i) => answers[i] === 200);
      console.log(`restarts: graceful stop with ${acked.length} of 21 commands acked and ${active} timer job(s) in flight took ${took} ms`);
      expect(active).toBeGreaterThan(0);
      expect(answers[20], 'the command still arriving at the signal').toBe(200);
      expect(acked).toEqual(channels);
      expect(exit.signal).toBeNull();
      expect(exit.code).toBe(0);
      expect(took).toBeLessThan(GRACE_MS);
      expect(bot.output).not.toMatch(/"level":(50|60)/); // no error logged on the way down

      // Every acked command got its thread and its welcome, and its request is in Redis.
      for (const channel of acked) {
        const parents = kit.fake.messages(channel).filter((m) => !m.thread_ts);
        expect(parents, channel).toHaveLength(1);
        const id = REQUEST_ID.exec(parents[0]!.text)![0];
        expect(count(kit.fake.thread(channel, parents[0]!.ts), /Password reset CR-.* started/), `${id}'s welcome`).toBe(1);
        const r = await stored(id);
        expect(r.state).toBe('collecting');
        expect(r.conversation).toMatchObject({ channel, thread: parents[0]!.ts });
      }
      // The worker let go of every job: none active, no lock left behind.
      expect(kit.redis!.cli('llen', bull('active')).trim()).toBe('0');
      expect(kit.redis!.cli('--scan', '--pattern', bull('*:lock')).trim()).toBe('');

      // A new process delivers what was not due yet; what was delivered is not delivered again.
      kit.proxy.clear();
      bot = await startBot();
      await kit.fake.waitFor(
        () =>
          waiting.every((t) => count(story.replies(t), HEADS_UP) === 2 && count(story.replies(cardThread(t.card)), SUPPORT_WARNING) === 2),
        'both warnings of the five requests',
        25_000,
      );
      await kit.fake.quiet(1500);
      for (const t of waiting) {
        expect(count(story.replies(t), HEADS_UP), `${t.id} technician`).toBe(2);
        expect(count(story.replies(cardThread(t.card)), SUPPORT_WARNING), `${t.id} support`).toBe(2);
        expect((await stored(t.id)).audit.filter((a) => a.action === 'warned').map((a) => a.detail)).toEqual(['40s', '30s']);
      }
    },
    60_000,
  );

  itWithRedisServer(
    'SIGTERM right after one command is acked: its thread and welcome still go out before the process ends',
    async () => {
      await setup();
      const bot = await startBot();
      const story = new ProcessStory(kit.fake, () => bot.port);
      // Nothing else is going on, so nothing else keeps the process busy while this one finishes.
      kit.proxy.delay((c) => c.method === 'chat.postMessage', 500);
      const ack = await story.slack.command({ user: TECH, channel: 'CLONE' });
      expect(ack.status).toBe(200);
      bot.kill('SIGTERM');
      const exit = await bot.exited;
      expect(exit.code).toBe(0);
      const parents = kit.fake.messages('CLONE').filter((m) => !m.thread_ts);
      expect(parents).toHaveLength(1);
      expect(count(kit.fake.thread('CLONE', parents[0]!.ts), /Password reset CR-.* started/), 'the welcome').toBe(1);
      const id = REQUEST_ID.exec(parents[0]!.text)![0];
      expect((await stored(id)).state).toBe('collecting');
    },
    30_000,
  );
});
