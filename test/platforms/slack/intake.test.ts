import { afterEach, expect, it } from 'vitest';
import { jpeg } from '../../support/files.js';
import {
  CODE,
  DETAILS,
  FIELD,
  STRANGER,
  SUPPORT,
  SlackWorld,
  TECH,
  describeDrivers,
  hasButton,
  textOf,
} from '../../support/slack/harness.js';

describeDrivers('Slack intake', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  it('opens a thread for /camreset in the channel where it was typed and asks for the challenge code', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin(TECH, FIELD);
    expect(t.channel).toBe(FIELD);
    const welcome = await w.reply(t, /Password reset CR-/);
    expect(textOf(welcome)).toMatch(/32-character challenge code/);
    expect(textOf(welcome)).toMatch(/\*not\* open `\/reset`/);
    expect(hasButton(welcome, 'use_form')).toBe(true);
  });

  it('starts with the code filled in for /camreset <code> and asks for the model next', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin(TECH, FIELD, CODE);
    const reply = await w.reply(t, /Got the challenge code/);
    expect(textOf(reply)).toMatch(/<!date\^\d+\^\{time\}\|\d\d:\d\d UTC>/);
    expect(textOf(reply)).toMatch(/model number/);
  });

  it('asks only for what is missing, one answer at a time, and ends with a summary to submit', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    const steps: Array<[string, RegExp]> = [
      [CODE, /model number/],
      ['NDE-5503-AL', /MAC address/],
      ['00075f123456', /firmware version/],
      ['7.80.0128', /serial number/],
    ];
    for (const [answer, next] of steps) {
      const from = w.replies(t).length;
      await w.say(t, answer);
      await w.reply(t, next, from);
    }
    await w.say(t, '404754734001050102');
    const summary = await w.reply(t, /Everything is here/);
    expect(textOf(summary)).toContain('```' + CODE + '```');
    expect(textOf(summary)).toMatch(/00:07:5F:12:34:56/);
    for (const b of ['submit', 'edit', 'cancel']) expect(hasButton(summary, b)).toBe(true);
  });

  it('answers a wrong value with the rule it broke', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin(TECH, FIELD, CODE);
    await w.reply(t, /Got the challenge code/);
    await w.say(t, 'MAC 00:07:5F:12:34');
    const reply = await w.reply(t, /\*MAC address:\* /);
    expect(textOf(reply)).toMatch(/12/);
  });

  it('takes a label photo shared in the thread and names it on the support card, copied into its thread', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    await w.say(t, CODE, { files: [w.fake.file({ name: 'label.jpg', bytes: jpeg() })] });
    await w.reply(t, /Label photo added/);
    await w.say(t, DETAILS);
    await w.reply(t, /Everything is here/);
    await w.click(t, 'submit', TECH);
    const card = await w.cardWhen({ card: await w.cardOf(t.id) }, /Label photo:\*? label\.jpg \(in this thread\)/);
    // No link to the technician's copy: agents outside the technician's channel cannot open it.
    expect(textOf(card)).not.toMatch(/files-pri|camreset-test\.slack\.com\/files/);
  });

  it('posts one card with everything support needs when the technician submits', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    const card = await w.cardOf(t.id);
    const text = textOf(card);
    expect(card.channel).toBe(SUPPORT);
    expect(text).toContain(t.id);
    expect(text).toContain(`<@${TECH}>`);
    expect(text).toContain('```' + CODE + '```');
    for (const v of ['NDE-5503-AL', '00:07:5F:12:34:56', '7.80.0128', '404754734001050102']) expect(text).toContain(v);
    expect(text).toMatch(/Challenge expires at <!date\^\d+\^\{time\}\|/);
    for (const b of ['claim', 'send_puk', 'ask', 'reject', 'request_document', 'record_ticket']) expect(hasButton(card, b)).toBe(true);
    expect(w.fake.messages(SUPPORT).filter((m) => !m.thread_ts)).toHaveLength(1);
  });

  it('opens a form with the same fields and shows mistakes on the fields', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin(TECH, FIELD, CODE);
    await w.reply(t, /Got the challenge code/);
    await w.click(t, 'use_form', TECH);
    const view = await w.openedView('camreset.form');
    expect(JSON.stringify(view)).toContain(CODE);
    const before = w.fake.calls.length;
    const bad = await w.slack.submitView({
      user: TECH,
      view,
      values: { challenge: CODE, model: 'NDE-5503-AL', mac: '00:07:5F:12:34', firmware: '7.80.0128', serial: '' },
    });
    expect(bad.status).toBe(200);
    /* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.any, expect.stringMatching, ...) are typed any on purpose */
    expect(bad.json).toMatchObject({
      response_action: 'errors',
      errors: { mac: expect.stringMatching(/MAC/), serial: expect.stringMatching(/serial number/) },
    });
    /* eslint-enable @typescript-eslint/no-unsafe-assignment */
    await w.fake.quiet(200);
    expect(w.fake.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);

    const good = await w.slack.submitView({
      user: TECH,
      view,
      values: { challenge: CODE, model: 'NDE-5503-AL', mac: '00:07:5F:12:34:56', firmware: '7.80.0128', serial: '404754734001050102' },
    });
    expect(good.status).toBe(200);
    expect(good.body).toBe('');
    await w.reply(t, /Everything is here/);
  });

  it('keeps the form to the technician who started the request', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    await w.reply(t, /Password reset/);
    await w.click(t, 'use_form', STRANGER);
    const [refusal] = await w.ephemeralsFor(STRANGER);
    expect(textOf(refusal!.args)).toMatch(/Only <@UTECH1> who started/);
    expect(w.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('cancels from the thread, and explains how to edit', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin(TECH, FIELD, `${CODE}\n${DETAILS}`);
    await w.reply(t, /Everything is here/);
    await w.click(t, 'edit', TECH);
    await w.reply(t, /Type the corrected value/);
    await w.click(t, 'cancel', TECH);
    await w.reply(t, /is cancelled/);
    expect(await w.app.desk.get(t.id)).toMatchObject({ state: 'cancelled' });
  });
});
