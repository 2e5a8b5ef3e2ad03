// The playground drives the Teams handlers through Direct Line: a site (several cameras) runs
// there as in Teams — the support card shows a row per camera with its code, the Send PUKs
// dialog has an input per camera, and each PUK reaches the technician on its own.

import { afterEach, describe, expect, it } from 'vitest';
import { cardsOf } from '../../support/teams/connector.js';
import { block, cameras } from '../../support/teams/site.js';
import {
  findAction,
  findDialogButton,
  type Json,
  type PlaygroundRig,
  readable,
  startPlayground,
} from '../../support/playground/directline.js';
import { allCardProblems } from '../../support/teams/validate.js';

let rig: PlaygroundRig | undefined;
afterEach(async () => {
  await rig?.app.stop();
  rig = undefined;
});

/** A press of `verb` as the playground reads it: a postBack whose marker names the verb (as `like` carries another one). */
function pressLike(like: Json, verb: string): Json {
  const data = structuredClone(like.data as Json);
  (data.__playground as Json).verb = verb;
  return { type: 'message', channelData: { postBack: true }, value: data };
}

describe('a site in the playground', () => {
  it('shows the site card with each camera and its code, and sends each PUK from the Send PUKs dialog', async () => {
    rig = await startPlayground();
    const { technician, support } = rig;
    const list = cameras(3);
    await technician.say('camreset');
    await technician.waitFor((a) => /Password reset CR-\w{4} started/.test(readable(a)));
    for (const [i, c] of list.entries()) {
      const seen = technician.shown().length;
      if (i > 0) {
        // Another camera, as the site's intake carries it (the first camera's summary has no button for it).
        const last = technician.shown().at(-1)!;
        await technician.post(pressLike(findAction(last, 'submit') ?? findAction(last, 'cancel')!, 'another_camera'));
        await technician.waitFor((a) => technician.shown().indexOf(a) >= seen && !!findAction(a, 'another_camera'));
      }
      await technician.say(block(c));
      await technician.waitFor((a) => technician.shown().indexOf(a) >= seen && readable(a).includes(c.mac));
    }
    const intake = await technician.waitFor((a) => !!findAction(a, 'submit') && readable(a).includes(list[2]!.mac));
    await technician.press(intake, 'submit');

    const card = await support.waitFor((a) => !!findAction(a, 'claim'));
    for (const c of list) expect(readable(card)).toContain(c.code);
    expect(allCardProblems(cardsOf(card))).toEqual([]);
    expect(findDialogButton(card, 'send_puk')).toBeDefined();

    const dialog = await support.openDialog(card, 'send_puk');
    expect(dialog.title).toBe('Send PUKs');
    const inputs = JSON.stringify(dialog.card).match(/"id":"puk_\d+"/g);
    expect(inputs).toEqual(['"id":"puk_1"', '"id":"puk_2"', '"id":"puk_3"']);
    const sent = await support.submitDialog(dialog, Object.fromEntries(list.map((c) => [`puk_${c.n}`, c.puk])), 'Check and send');
    expect(sent.kind).toBe('closed');
    for (const c of list) {
      const puk = await technician.waitFor((a) => readable(a).includes(c.puk));
      expect(readable(puk)).toContain(c.mac);
    }
    expect(support.seen.some((a) => list.some((c) => readable(a).includes(c.puk)))).toBe(false);
  });
});
