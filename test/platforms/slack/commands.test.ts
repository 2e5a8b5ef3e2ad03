import { afterEach, expect, it } from 'vitest';
import { CODE, FIELD, SlackWorld, TECH, TECH2, describeDrivers, textOf } from '../../support/slack/harness.js';

describeDrivers('Slack /camreset command', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const lastResponse = (after = 0) => w!.fake.waitFor(() => w!.fake.responses().slice(after).at(-1), 'a private answer');

  it('explains the whole process for /camreset help, without ever sending anyone to /reset', async () => {
    w = await SlackWorld.start({ driver, env: { CHALLENGE_PAGE_HINT: 'Open https://<camera-ip> and choose "Forgot password".' } });
    const res = await w.slack.command({ user: TECH, channel: FIELD, text: 'help' });
    expect(res.status).toBe(200);
    const answer = await lastResponse();
    const text = textOf(answer.args);
    expect(answer.args.response_type).toBe('ephemeral');
    expect(text).toMatch(/password-reset page/);
    expect(text).toMatch(/32-character challenge code/);
    expect(text).toMatch(/Do \*not\* open `\/reset`/);
    expect(text).not.toMatch(/(?<!not\* )open `?\S*\/reset/i);
    expect(text).toContain('https://&lt;camera-ip&gt;');
    expect(text).toMatch(/`\/camreset status`/);
    expect(w.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it("lists the technician's open requests with their countdowns for /camreset status", async () => {
    w = await SlackWorld.start({ driver });
    const none = w.fake.responses().length;
    await w.slack.command({ user: TECH, channel: FIELD, text: 'status' });
    expect(textOf((await lastResponse(none)).args)).toMatch(/no open camera password resets/);
    const a = await w.begin(TECH, FIELD, CODE);
    const b = await w.begin(TECH);
    await w.begin(TECH2);
    const from = w.fake.responses().length;
    await w.slack.command({ user: TECH, channel: FIELD, text: 'status' });
    const text = textOf((await lastResponse(from)).args);
    expect(text).toMatch(
      new RegExp(`${a.id}\\* — details being entered. Code expires at <!date\\^\\d+\\^\\{time\\}\\|[^>]+> \\(in 1 hour\\)`),
    );
    expect(text).toContain(b.id);
    expect(text).toMatch(/\(2\)/);
  });

  it('cancels the only open request for /camreset cancel, and asks which one when there are several', async () => {
    w = await SlackWorld.start({ driver });
    const a = await w.begin(TECH);
    let from = w.fake.responses().length;
    await w.slack.command({ user: TECH, channel: FIELD, text: 'cancel' });
    expect(textOf((await lastResponse(from)).args)).toMatch(new RegExp(`${a.id} is cancelled`));
    await w.reply(a, /is cancelled\.\* Nothing more will happen/);

    const b = await w.begin(TECH);
    const c = await w.begin(TECH);
    from = w.fake.responses().length;
    await w.slack.command({ user: TECH, channel: FIELD, text: 'cancel' });
    const choice = textOf((await lastResponse(from)).args);
    expect(choice).toContain(b.id);
    expect(choice).toContain(c.id);
    from = w.fake.responses().length;
    await w.slack.command({ user: TECH, channel: FIELD, text: `cancel ${c.id.toLowerCase()}` });
    expect(textOf((await lastResponse(from)).args)).toMatch(new RegExp(`${c.id} is cancelled`));
    expect((await w.app.desk.get(b.id))!.state).toBe('collecting');
    expect((await w.app.desk.get(c.id))!.state).toBe('cancelled');
  });

  it("refuses to cancel someone else's request", async () => {
    w = await SlackWorld.start({ driver });
    const a = await w.begin(TECH);
    const from = w.fake.responses().length;
    await w.slack.command({ user: TECH2, channel: FIELD, text: `cancel ${a.id}` });
    expect(textOf((await lastResponse(from)).args)).toMatch(/Only <@UTECH1> who started/);
    expect((await w.app.desk.get(a.id))!.state).toBe('collecting');
  });

  it("moves to the technician's DM when the bot is not in the channel, and says so", async () => {
    w = await SlackWorld.start({ driver, fake: (f) => f.botNotIn('CPRIVATE') });
    const t = await w.begin(TECH, 'CPRIVATE');
    expect(t.channel).toBe(w.fake.dmOf(TECH));
    const parent = w.fake.messages(t.channel).find((m) => m.ts === t.thread)!;
    expect(textOf(parent)).toMatch(/continues here, in our direct messages/);
    const moved = await w.fake.waitFor(
      () => w!.fake.responses().find((r) => /continues in your direct messages/.test(textOf(r.args))),
      'the moved note',
    );
    expect(moved.args.response_type).toBe('ephemeral');
    // The conversation goes on in the DM thread.
    await w.say(t, CODE);
    await w.reply(t, /Got the challenge code/);
  });

  it('moves to the DM when /camreset is typed in a DM between people', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin(TECH, 'DPEOPLE42');
    expect(t.channel).toBe(w.fake.dmOf(TECH));
    expect(w.fake.callsTo('chat.postMessage').some((c) => c.args.channel === 'DPEOPLE42' && c.response.error === 'channel_not_found')).toBe(
      true,
    );
  });
});
