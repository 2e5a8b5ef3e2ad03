// The e-mail to Bosch in a real browser (Debian's Chromium): the agent opens Paperwork → E-mail to
// Bosch on the support card, the page's dialog shows the text with the challenge code, and the
// mailto: link it opens carries the same subject and body (the page's window.open is recorded,
// not followed). Without /usr/bin/chromium it is skipped with a message, except under CI=true.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE, DETAILS } from '../support/desk.js';
import { ARTIFACTS, chromiumAvailable, playgroundInChromium, sayIn } from '../support/playground/chromium-suite.js';
import { REQUEST_ID } from '../support/request-id.js';

const available = chromiumAvailable('playground e-mail to Bosch');

describe.skipIf(!available)('the e-mail to Bosch in the playground, in Chromium', () => {
  const world = playgroundInChromium({ BOSCH_SUPPORT_EMAIL: 'central.support@bosch.example' });

  it('shows the agent the text with the code, and opens a mailto link with the same subject and body', async () => {
    const { page, violations } = world.browser;
    const { base } = world;
    // The page's window.open is recorded, not followed (a mailto: would leave the page).
    await page.addInitScript('window.__opened = []; window.open = (url) => { window.__opened.push(String(url)); return null; };');
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const technician = page.locator('#technician');
    const support = page.locator('#support');

    await sayIn(technician, 'camreset');
    await technician.getByText(new RegExp(`Password reset ${REQUEST_ID.source} started`)).waitFor({ timeout: 15_000 });
    const id = REQUEST_ID.exec((await technician.textContent()) ?? '')![0];
    await sayIn(technician, `${CODE}\n${DETAILS}`);
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

  it('for a site of three cameras pasted as a table: every code and field in the text, and the same in the mailto link', async () => {
    const { page, violations } = world.browser;
    const { base } = world;
    await page.addInitScript('window.__opened = []; window.open = (url) => { window.__opened.push(String(url)); return null; };');
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const technician = page.locator('#technician');
    const support = page.locator('#support');
    const cameras = [1, 2, 3].map((i) => ({
      code: `Q9P8N7M6L5K4J3H2G1F9E8D7C6B5A4${i}${i}`,
      mac: `00:07:5F:AB:CD:0${i}`,
      serial: `40475473400105010${i}`,
      model: i === 3 ? 'NBN-832V-IP' : 'NDE-5503-AL',
      firmware: i === 3 ? '6.32.0111' : '7.80.0128',
    }));
    const table = [
      'Challenge code\tModel\tMAC address\tFirmware\tSerial number',
      ...cameras.map((c) => [c.code, c.model, c.mac, c.firmware, c.serial].join('\t')),
    ].join('\n');

    // The playground keeps its people and its dialog: the test before left its e-mail open, and its request.
    if (await page.locator('#dialog').isVisible()) await page.locator('#dialog-close').click();
    // The playground keeps its people: the request of the test before is still open, so it goes first.
    const started = technician.getByText(new RegExp(`Password reset ${REQUEST_ID.source} started`));
    if (await started.count()) {
      await sayIn(technician, 'camreset cancel');
      await technician
        .getByText(/cancelled/i)
        .last()
        .waitFor({ timeout: 15_000 });
    }
    const before = await started.count();
    await sayIn(technician, 'camreset');
    await expect.poll(() => started.count(), { timeout: 15_000 }).toBe(before + 1);
    const id = REQUEST_ID.exec((await started.last().textContent()) ?? '')![0];
    await sayIn(technician, table);
    await technician.getByText(/3 cameras\. Check them/).waitFor({ timeout: 15_000 });
    // An empty dialog the page may still show from the test before would catch the click.
    if (await page.locator('#dialog').isVisible()) await page.locator('#dialog-close').click();
    await technician.getByRole('button', { name: 'Submit to support' }).last().click();
    await support.getByText(`${id} · camera password reset`).first().waitFor({ timeout: 15_000 });

    await support.getByRole('button', { name: 'Paperwork' }).last().click();
    await support.getByRole('button', { name: 'E-mail to Bosch' }).last().click();
    const dialog = page.locator('#dialog');
    await dialog.waitFor({ state: 'visible' });
    const text = await dialog.locator('textarea').first().inputValue();
    expect(text).toContain(id);
    for (const c of cameras) for (const value of Object.values(c)) expect(text, value).toContain(value);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-bosch-email-site.png'), fullPage: true });

    await dialog.getByRole('link', { name: /mail program/i }).click();
    const opened = await page.evaluate<string[]>('window.__opened');
    expect(opened).toHaveLength(1);
    const link = new URL(opened[0]!);
    expect(link.protocol).toBe('mailto:');
    expect(decodeURIComponent(link.pathname)).toBe('central.support@bosch.example');
    expect(link.searchParams.get('subject')).toContain(id);
    expect(link.searchParams.get('subject')).toContain('3');
    expect(link.searchParams.get('body')!.replace(/\r\n/g, '\n')).toBe(text);
    expect(violations).toEqual([]);
  }, 90_000);
});
