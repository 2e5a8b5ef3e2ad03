// The language pickers in a real browser (Debian's Chromium): the technician picks Deutsch and is
// answered in German, the support pane picks Français and the support card reads in French; the
// buttons the technician presses are the German ones. Screenshots go to test-artifacts/. Without
// /usr/bin/chromium it is skipped with a message, except under CI=true, where that is a failure.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { CODE, DETAILS } from '../support/desk.js';
import { CHROMIUM, launchChromium, type Browser } from '../support/playground/browser.js';
import { REQUEST_ID } from '../support/request-id.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must install Chromium before npm test`);

describe.skipIf(!available)('the playground language pickers in Chromium', () => {
  let app: App;
  let base: string;
  let browser: Browser;
  let profile: string;

  beforeAll(async () => {
    app = await createApp(loadConfig({}), { logger: createLogger('silent') });
    base = `http://127.0.0.1:${await app.start(0)}`;
    profile = await mkdtemp(join(tmpdir(), 'camreset-chromium-'));
    browser = await launchChromium(profile);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await (browser as Browser | undefined)?.close();
    await (app as App | undefined)?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('answers the technician in German and shows support the card in French', async () => {
    const { page, violations } = browser;
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const technician = page.locator('#technician');
    const support = page.locator('#support');
    const say = async (pane: typeof technician, text: string) => {
      const box = pane.locator('textarea, input[type="text"]').last();
      await box.fill(text);
      await box.press('Enter');
    };

    await page.selectOption('#language-technician', 'de');
    await page.selectOption('#language-support', 'fr');
    await expect
      .poll(async () => ((await (await fetch(`${base}/playground/session`)).json()) as { supportLanguage: string }).supportLanguage)
      .toBe('fr');

    await say(technician, 'camreset');
    const welcome = technician.getByText(/Challenge-Code/).first();
    await welcome.waitFor({ timeout: 15_000 });
    const id = REQUEST_ID.exec((await technician.textContent()) ?? '')![0];
    expect(await technician.getByText(/Password reset CR-\w{4} started/).count()).toBe(0);

    await say(technician, `${CODE}\n${DETAILS}`);
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
