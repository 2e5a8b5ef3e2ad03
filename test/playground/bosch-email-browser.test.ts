// The e-mail to Bosch in a real browser (Debian's Chromium): the agent opens Paperwork → E-mail to
// Bosch on the support card, the page's dialog shows the text with the challenge code, and the
// mailto: link it opens carries the same subject and body (the page's window.open is recorded,
// not followed). Without /usr/bin/chromium it is skipped with a message, except under CI=true.

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

describe.skipIf(!available)('the e-mail to Bosch in the playground, in Chromium', () => {
  let app: App;
  let base: string;
  let browser: Browser;
  let profile: string;

  beforeAll(async () => {
    app = await createApp(loadConfig({ BOSCH_SUPPORT_EMAIL: 'central.support@bosch.example' }), { logger: createLogger('silent') });
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

  it('shows the agent the text with the code, and opens a mailto link with the same subject and body', async () => {
    const { page, violations } = browser;
    // The page's window.open is recorded, not followed (a mailto: would leave the page).
    await page.addInitScript('window.__opened = []; window.open = (url) => { window.__opened.push(String(url)); return null; };');
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const technician = page.locator('#technician');
    const support = page.locator('#support');
    const say = async (pane: typeof technician, text: string) => {
      const box = pane.locator('textarea, input[type="text"]').last();
      await box.fill(text);
      await box.press('Enter');
    };

    await say(technician, 'camreset');
    await technician.getByText(new RegExp(`Password reset ${REQUEST_ID.source} started`)).waitFor({ timeout: 15_000 });
    const id = REQUEST_ID.exec((await technician.textContent()) ?? '')![0];
    await say(technician, `${CODE}\n${DETAILS}`);
    await technician.getByRole('button', { name: 'Submit to support' }).last().click();
    await support.getByText(`${id} · camera password reset`).first().waitFor({ timeout: 15_000 });

    await support.getByRole('button', { name: 'Paperwork' }).last().click();
    await support.getByRole('button', { name: 'E-mail to Bosch' }).last().click();
    const dialog = page.locator('#dialog');
    await dialog.waitFor({ state: 'visible' });
    const text = await dialog.locator('textarea').first().inputValue();
    expect(text).toContain(`Challenge code: ${CODE}`);
    expect(text).toContain(id);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-bosch-email.png'), fullPage: true });

    // Adaptive Cards draws an Action.OpenUrl as a link.
    await dialog.getByRole('link', { name: /mail program/i }).click();
    const opened = await page.evaluate<string[]>('window.__opened');
    expect(opened).toHaveLength(1);
    const link = new URL(opened[0]!);
    expect(link.protocol).toBe('mailto:');
    expect(decodeURIComponent(link.pathname)).toBe('central.support@bosch.example');
    expect(link.searchParams.get('subject')).toBe(`PUK request ${id}: 1 camera`);
    expect(link.searchParams.get('body')!.replace(/\r\n/g, '\n')).toBe(text);
    expect(violations).toEqual([]);
  }, 90_000);
});
