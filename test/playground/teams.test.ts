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

    // The agent's view of the support card, which the playground gets by Teams' automatic refresh.
    const card = await support.waitFor((a) => !!findAction(a, 'claim'));
    expect(readable(card)).toContain(CODE);
    // Web Chat's card renderer shows {{TIME()}} on the browser's clock itself; it is passed on as is.
    expect(readable(card)).toMatch(/Challenge expires at \{\{TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\}\}/);

    // A Teams mention on the card, which Web Chat would strip to a bare name, shows as a bold @name.
    await support.press(card, 'claim');
    const claimed = await support.waitFor((a) => a.id === card.id && readable(a).includes('Handled by'));
    expect(readable(claimed)).toContain('Handled by **@Support agent**');
    expect(readable(claimed)).not.toMatch(/"type":"TextBlock","text":"[^"]*<at>/);
    // Send PUK is a Teams dialog: a value the rules refuse comes back in the dialog, with the words the chat would use.
    const dialog = await support.openDialog(claimed, 'send_puk');
    expect(dialog.title).toMatch(/PUK/);
    const refused = await support.submitDialog(dialog, { puk: 'not a puk' });
    expect(refused.kind === 'dialog' && JSON.stringify(refused.card)).toMatch(/That PUK has 7 letters and digits; a PUK has 8/);
    const sent = await support.submitDialog(dialog, { puk: PUK });
    expect(sent).toEqual({ kind: 'closed', dialogId: dialog.dialogId });

    const delivered = await technician.waitFor((a) => readable(a).includes(PUK));
    expect(readable(delivered)).toContain('Next steps');
    // The support card was redrawn in place (same id) and says the PUK went out, without it.
    const redrawn = await support.waitFor((a) => a.id === card.id && /PUK sent by/.test(readable(a)));
    expect(readable(redrawn)).not.toContain(PUK);
    expect(support.seen.some((a) => readable(a).includes(PUK))).toBe(false);
    expect(support.seen.filter((a) => a.id === card.id).length).toBeGreaterThan(1);
  });
});
