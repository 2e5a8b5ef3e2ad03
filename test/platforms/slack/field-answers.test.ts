// Through the real /slack/events endpoint: a German technician asked for the serial number types
// "unleserlich". It was stored as the serial ("*Seriennummer:* UNLESERLICH" on the summary, and on
// support's card after submit). Now it is not a value: the technician is told, in German, what the
// serial looks like, where else it is printed and that a photo of the label helps; "Moment" gets
// a short "take your time"; the summary shows the serial only once one is typed.
import { afterEach, describe, expect, it } from 'vitest';
import { NOTICES } from '../../../src/core/i18n/catalog.js';
import type { Values } from '../../../src/core/i18n/say.js';
import { mrkdwnLine } from '../../../src/platforms/slack/render.js';
import { CODE, FIELD, SlackWorld, TECH, type Thread, hasButton, textOf } from '../../support/slack/harness.js';

const de = (key: Parameters<typeof NOTICES.say>[1], values?: Values): string => mrkdwnLine(NOTICES.say('de', key, values));

describe('Slack: what a German technician says instead of the serial number', () => {
  let w: SlackWorld | undefined;
  afterEach(async () => {
    await w?.stop();
    w = undefined;
  });

  it('is not the serial: "unleserlich" gets the way on in German, and the summary waits for the real serial', async () => {
    w = await SlackWorld.start({ driver: 'memory', fake: (f) => f.user(TECH, 'jonas', { locale: 'de-DE' }) });
    const world = w;
    const answer = async (t: Thread, text: string): Promise<string> => {
      const from = world.replies(t).length;
      await world.say(t, text, { user: TECH });
      return textOf(await world.reply(t, /./, from));
    };

    const t = await world.begin(TECH, FIELD);
    await answer(t, CODE);
    await answer(t, 'NDE-5503-AL');
    await answer(t, '00:07:5F:12:34:56');
    expect(await answer(t, '7.80.0128')).toContain(de('question.serial'));

    const unreadable = await answer(t, 'unleserlich');
    expect(unreadable).toContain(de('intake.no_value', { field: 'serial', page: { code: 'http://<camera-ip>/version' } }));
    expect(unreadable).toContain('Das habe ich nicht als Seriennummer übernommen.');
    expect(unreadable).toContain('Mach ein Foto vom Typenschild');
    expect(unreadable).not.toMatch(/UNLESERLICH/i);
    // Neither "nothing found" nor the same question again: what to do next, once.
    expect(unreadable).not.toContain(de('intake.not_understood'));
    expect(unreadable).not.toContain(de('question.serial'));
    const wait = await answer(t, 'Moment bitte');
    expect(wait).toContain(de('intake.hold', { field: 'serial' }));
    expect(wait).not.toContain(de('question.serial'));
    // No summary yet: nothing to submit without the serial.
    expect(world.replies(t).some((m) => hasButton(m, 'submit'))).toBe(false);

    await answer(t, '404754734001050102');
    const summary = await world.fake.waitFor(() => world.replies(t).find((m) => hasButton(m, 'submit')), 'the summary');
    expect(textOf(summary)).toContain('*Seriennummer:* 404754734001050102');
    expect(world.replies(t).map(textOf).join('\n')).not.toMatch(/Seriennummer:\*? UNLESERLICH/i);
  });
});
