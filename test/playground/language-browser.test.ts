// The language pickers in a real browser (Debian's Chromium): the technician picks Deutsch and is
// answered in German, the support pane picks Français and the support card reads in French; the
// buttons the technician presses are the German ones. Screenshots go to test-artifacts/. Without
// /usr/bin/chromium it is skipped with a message, except under CI=true, where that is a failure.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE, DETAILS } from '../support/desk.js';
import { ARTIFACTS, chromiumAvailable, playgroundInChromium, sayIn } from '../support/playground/chromium-suite.js';
import { REQUEST_ID } from '../support/request-id.js';

const available = chromiumAvailable('playground language pickers');

describe.skipIf(!available)('the playground language pickers in Chromium', () => {
  const world = playgroundInChromium();

  it('answers the technician in German and shows support the card in French', async () => {
    const { page, violations } = world.browser;
    const { base } = world;
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const technician = page.locator('#technician');
    const support = page.locator('#support');

    await page.selectOption('#language-technician', 'de');
    await page.selectOption('#language-support', 'fr');
    await expect
      .poll(async () => ((await (await fetch(`${base}/playground/session`)).json()) as { supportLanguage: string }).supportLanguage)
      .toBe('fr');

    await sayIn(technician, 'camreset');
    const welcome = technician.getByText(/Challenge-Code/).first();
    await welcome.waitFor({ timeout: 15_000 });
    const id = REQUEST_ID.exec((await technician.textContent()) ?? '')![0];
    expect(await technician.getByText(/Password reset CR-\w{4} started/).count()).toBe(0);

    await sayIn(technician, `${CODE}\n${DETAILS}`);
    await technician.getByRole('button', { name: 'An Support senden' }).last().click();

    // The shared card, in the support language the Support pane chose.
    await support
      .getByText(new RegExp(`${id}.*réinitialisation`, 'i'))
      .first()
      .waitFor({ timeout: 15_000 });
    expect(await support.getByText(`${id} · camera password reset`).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-languages-de-fr.png'), fullPage: true });
    expect(violations).toEqual([]);
  }, 90_000);
});
