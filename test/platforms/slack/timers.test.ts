import { afterEach, expect, it } from 'vitest';
import { CODE, CODE2, SlackWorld, TECH, describeDrivers, hasButton, textOf } from '../../support/slack/harness.js';

// Short clocks keep these stories to seconds: an 8-second challenge warned 5 and 3 seconds before,
// which leaves room for the first replies and the submit (the bot's posts to one channel go out a
// second apart, Slack's pace) before the first warning.
const FAST = { CHALLENGE_VALIDITY: '8s', WARN_BEFORE: '5s,3s' };

describeDrivers('Slack warnings and expiry', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const count = (messages: Array<{ text: string; blocks: unknown[] }>, pattern: RegExp) =>
    messages.filter((m) => pattern.test(textOf(m))).length;

  it('warns both sides before the code expires, then asks for a new code, and a new code re-opens the card', async () => {
    w = await SlackWorld.start({ driver, env: FAST });
    const t = await w.submitted();
    const support = w.cardThread(t.card);

    await w.reply(t, /Heads up: the challenge code of CR-\w+ expires in/);
    await w.reply(support, /the challenge expires in/);
    await w.fake.waitFor(
      () => count(w!.replies(t), /Heads up/) === 2 && count(w!.replies(support), /the challenge expires in/) === 2,
      'both warnings on both sides',
    );
    const warned = await w.cardWhen(t, /left at <!date/);
    expect(warned.updates).toBeGreaterThanOrEqual(1);

    await w.reply(t, /has expired\.\* A code is only valid for an hour/);
    await w.reply(support, /the challenge code expired/);
    const expired = await w.cardWhen(t, /challenge expired/);
    expect(textOf(expired)).not.toContain(CODE);
    expect(hasButton(expired, 'send_puk')).toBe(false);

    await w.say(t, CODE2);
    await w.reply(t, /New challenge code received/);
    await w.reply(support, /is back: new challenge code/);
    const reopened = await w.cardWhen(t, new RegExp(CODE2));
    expect(textOf(reopened)).toMatch(/Challenge expires at <!date/);
    expect(hasButton(reopened, 'send_puk')).toBe(true);
    expect(count(w.replies(t), /Heads up/)).toBe(2);
  });

  if (driver === 'redis') {
    it('finishes the flow on a new app after a restart, with each warning fired once', async () => {
      w = await SlackWorld.start({ driver, env: { CHALLENGE_VALIDITY: '5s', WARN_BEFORE: '3s,2s' } });
      const t = await w.submitted();
      const support = w.cardThread(t.card);
      await w.restart();

      await w.fake.waitFor(
        () => count(w!.replies(t), /Heads up/) === 2 && count(w!.replies(support), /the challenge expires in/) === 2,
        'both warnings after the restart',
        8000,
      );
      await w.pukInThread(t.card, 'PUK: PUK7X2Q9M4K8');
      await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => textOf(m).includes('PUK7X2Q9M4K8')), 'the PUK DM');
      await w.click(t, 'done', TECH, w.fake.dmOf(TECH));
      await w.reply(t, /is done/);
      await w.cardWhen(t, /confirmed the reset worked/);

      // Past the old deadline: nothing more, and no warning twice.
      await new Promise((r) => setTimeout(r, 2500));
      await w.fake.quiet(300);
      expect(count(w.replies(t), /Heads up/)).toBe(2);
      expect(count(w.replies(support), /the challenge expires in/)).toBe(2);
      expect(count(w.replies(t), /has expired/)).toBe(0);
      expect((await w.app.desk.get(t.id))!.state).toBe('completed');
    });
  }
});
