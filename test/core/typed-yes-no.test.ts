// "Is this a new challenge code?" answered by typing, in any of the six languages, as its
// buttons answer it: a yes makes the code offered the request's challenge, a no keeps the one
// support is working on. Only the next message answers it: a "yes" after anything else is words
// for support, never a new code.

import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/core/i18n/locale.js';
import { NOTICES } from '../../src/core/i18n/catalog.js';
import { YES_NO, yesNo } from '../../src/core/reading.js';
import type { Actor } from '../../src/core/request.js';
import { CODE, CODE2, agent, createTestDesk, minutes, tech } from '../support/desk.js';

describe('a typed yes or no', () => {
  it.each([
    ['yes', 'yes'],
    ['Yes!', 'yes'],
    ['  yep. ', 'yes'],
    ['Yes, a new code', 'yes'],
    ['Ja', 'yes'],
    ['ja, neuer Code', 'yes'],
    ['Jawohl!', 'yes'],
    ['Oui', 'yes'],
    ['oui !', 'yes'],
    ['Oui, un nouveau code', 'yes'],
    ['Sí', 'yes'],
    ['¡Sí!', 'yes'],
    ['si', 'yes'],
    ['Sì, nuovo codice', 'yes'],
    ['ja, een nieuwe code', 'yes'],
    ['👍', 'yes'],
    ['👍🏽', 'yes'],
    ['no', 'no'],
    ['No.', 'no'],
    ['Nein', 'no'],
    ['nö', 'no'],
    ['Non', 'no'],
    ['non merci', 'no'],
    ['nee', 'no'],
    ['Neen!', 'no'],
    ['👎', 'no'],
  ] as const)('%j reads as %s', (typed, meant) => {
    expect(yesNo(typed)).toBe(meant);
  });

  it.each([
    'ok',
    "d'accord",
    'vale',
    'va bene',
    'yes but the page shows an error',
    'ja, aber die Seite hängt',
    'no idea',
    'nein, der Code ist von gestern? Ich prüfe',
    'Is this a new code?',
    'jein',
    '',
    `${' '.repeat(100)}yes`,
    'yes'.repeat(30),
  ])('%j is no answer (words for support)', (typed) => {
    expect(yesNo(typed)).toBeUndefined();
  });

  it("reads each language's Yes and No buttons typed as they read", () => {
    for (const l of LOCALES) {
      expect(yesNo(NOTICES.word(l, 'confirm.yes')), `${l} "${NOTICES.word(l, 'confirm.yes')}"`).toBe('yes');
      expect(yesNo(NOTICES.word(l, 'confirm.no')), `${l} "${NOTICES.word(l, 'confirm.no')}"`).toBe('no');
    }
  });

  it('reads every listed phrase as what it is listed for: none is a yes in one language and a no in another', () => {
    for (const l of LOCALES)
      for (const meant of ['yes', 'no'] as const) for (const p of YES_NO[l][meant]) expect(yesNo(p), `${l} "${p}"`).toBe(meant);
  });
});

describe('answering "Is this a new challenge code?" by typing', () => {
  // The request's thread, as the test desk opens it for the first request.
  const inThread = { platform: 'slack' as const, channel: 'CFIELD', thread: '1700000000.000001' };
  const words = (by: Actor, text: string) => ({
    where: inThread,
    by,
    text,
    command: '/camreset',
    open: async () => inThread,
  });

  async function offered(by: Actor = tech) {
    const t = createTestDesk();
    const r = await t.submitted(by);
    await t.desk.sendPuk(r.id, agent, 'ABCD1234EFGH');
    await t.desk.hear(words(by, CODE2));
    expect(t.outbox.sent.at(-1)!.notice.kind).toBe('confirm_code');
    return { t, r };
  }

  it.each([
    ['en', 'yes'],
    ['de', 'Ja'],
    ['fr', 'oui'],
    ['es', 'Sí'],
    ['it', 'sì'],
    ['nl', 'ja'],
  ] as const)('%s: %j makes the new code the one support answers, as the Yes button does', async (locale, typed) => {
    const { t, r } = await offered({ ...tech, locale });
    t.outbox.clear();
    await t.desk.hear(words({ ...tech, locale }, typed));
    const after = (await t.desk.get(r.id))!;
    expect(after.challenge?.code).toBe(CODE2);
    expect(after.state).toBe('awaiting_support');
    expect(after.puk).toBeUndefined();
    expect(after.offeredCode).toBeUndefined();
    expect(t.outbox.kinds()).toContain('reopened');
    // The yes itself is no message for support.
    expect(t.outbox.sent.filter((s) => s.notice.kind === 'relayed')).toEqual([]);
    await t.close();
  });

  it.each([
    ['en', 'no'],
    ['de', 'nein'],
    ['fr', 'Non'],
    ['nl', 'nee'],
  ] as const)('%s: %j keeps the code support is working on and says so, as the No button does', async (locale, typed) => {
    const { t, r } = await offered({ ...tech, locale });
    t.outbox.clear();
    const heard = await t.desk.hear(words({ ...tech, locale }, typed));
    const after = (await t.desk.get(r.id))!;
    expect(after.challenge?.code).toBe(CODE);
    expect(after.state).toBe('puk_delivered');
    expect(after.offeredCode).toBeUndefined();
    expect(heard.reply).toBeDefined();
    expect(t.outbox.sent).toEqual([]);
    await t.close();
  });

  it.each(['typed', 'button'] as const)('the time the question waited counts against the new code (%s yes)', async (how) => {
    const { t, r } = await offered();
    await t.clock.advance(minutes(20));
    if (how === 'typed') await t.desk.hear(words(tech, 'yes'));
    else await t.desk.answer(r.id, tech, 'code_confirm', CODE2);
    const after = (await t.desk.get(r.id))!;
    expect(after.challenge?.code).toBe(CODE2);
    expect(after.challenge?.expiresAt).toBe(t.clock.now() + minutes(40));
    await t.close();
  });

  it('only the next message answers: a "yes" after other words goes to support and the code stays', async () => {
    const { t, r } = await offered();
    await t.desk.hear(words(tech, 'the camera rebooted while I was typing'));
    expect((await t.desk.get(r.id))!.offeredCode).toBeUndefined();
    t.outbox.clear();
    await t.desk.hear(words(tech, 'yes'));
    const after = (await t.desk.get(r.id))!;
    expect(after.challenge?.code).toBe(CODE);
    expect(t.outbox.sent.map((s) => s.notice.kind)).toContain('relayed');
    await t.close();
  });

  it("a support question in between takes the offer away: the technician's yes answers the agent", async () => {
    const t = createTestDesk();
    const r = await t.submitted();
    await t.desk.hear(words(tech, CODE2));
    expect((await t.desk.get(r.id))!.offeredCode?.code).toBe(CODE2);
    await t.desk.ask(r.id, agent, 'Is the camera still powered?');
    expect((await t.desk.get(r.id))!.offeredCode).toBeUndefined();
    await t.desk.hear(words(tech, 'yes'));
    const after = (await t.desk.get(r.id))!;
    expect(after.challenge?.code).toBe(CODE);
    expect(after.state).not.toBe('needs_info');
    await t.close();
  });

  it('a yes typed by someone else in the thread replaces nothing', async () => {
    const { t, r } = await offered();
    await t.desk.hear(words(agent, 'yes'));
    const after = (await t.desk.get(r.id))!;
    expect(after.challenge?.code).toBe(CODE);
    expect(after.offeredCode?.code).toBe(CODE2);
    await t.close();
  });

  it('the buttons forget the offer too, and the offered code is wiped when the request ends', async () => {
    const { t, r } = await offered();
    await t.desk.answer(r.id, tech, 'code_keep', undefined);
    expect((await t.desk.get(r.id))!.offeredCode).toBeUndefined();
    await t.desk.hear(words(tech, CODE2));
    expect((await t.desk.get(r.id))!.offeredCode?.code).toBe(CODE2);
    await t.desk.cancel(r.id, tech);
    expect((await t.desk.get(r.id))!.offeredCode).toBeUndefined();
    await t.close();
  });
});
