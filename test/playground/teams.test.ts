import { afterEach, describe, expect, it } from 'vitest';
import { CODE, DETAILS } from '../support/desk.js';
import { findAction, type PlaygroundRig, readable, startPlayground } from '../support/playground/directline.js';

const PUK = 'PUK7K3M9Q2X8';

let rig: PlaygroundRig | undefined;
afterEach(async () => {
  await rig?.app.stop();
  rig = undefined;
});

describe('the playground on the real Teams bot (no browser)', () => {
  it('runs a reset through Direct Line: the card buttons reach the Teams card handlers, and the PUK only reaches the technician', async () => {
    rig = await startPlayground();
    const { technician, support } = rig;
    await technician.say('camreset');
    await technician.waitFor((a) => /Password reset CR-\w{4} started/.test(readable(a)));
    await technician.say(`${CODE}\n${DETAILS}`);
    const summary = await technician.waitFor((a) => !!findAction(a, 'submit'));
    await technician.press(summary, 'submit');

    const card = await support.waitFor((a) => !!findAction(a, 'send_puk'));
    expect(readable(card)).toContain(CODE);
    // Web Chat's card renderer shows {{TIME()}} on the browser's clock itself; it is passed on as is.
    expect(readable(card)).toMatch(/Challenge expires at \{\{TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\}\}/);

    // A Teams mention on the card, which Web Chat would strip to a bare name, shows as a bold @name.
    await support.press(card, 'claim');
    const claimed = await support.waitFor((a) => a.id === card.id && readable(a).includes('Handled by'));
    expect(readable(claimed)).toContain('Handled by **@Support agent**');
    expect(readable(claimed)).not.toMatch(/"type":"TextBlock","text":"[^"]*<at>/);
    await support.press(claimed, 'send_puk', { puk: PUK });

    const delivered = await technician.waitFor((a) => readable(a).includes(PUK));
    expect(readable(delivered)).toContain('Next steps');
    // The support card was redrawn in place (same id) and says the PUK went out, without it.
    const redrawn = await support.waitFor((a) => a.id === card.id && /PUK sent by/.test(readable(a)));
    expect(readable(redrawn)).not.toContain(PUK);
    expect(support.seen.some((a) => readable(a).includes(PUK))).toBe(false);
    expect(support.seen.filter((a) => a.id === card.id).length).toBeGreaterThan(1);
  });
});
