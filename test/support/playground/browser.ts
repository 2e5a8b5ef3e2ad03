// Debian's Chromium through playwright-core, set up the same way for the browser test and the
// bench: headless, no sandbox (containers), no GPU, and no traffic of its own (background
// networking, QUIC, component updates, sync), with a fresh profile. Every request the page
// makes to another origin and every Content-Security-Policy violation is recorded.

import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** URLs the page asked for outside its own origin (blob: and data: are local). */
  foreign: string[];
  /** CSP violations reported by the page. */
  violations: string[];
  close(): Promise<void>;
}

export async function launchChromium(userDataDir: string): Promise<Browser> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const foreign: string[] = [];
  const violations: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['blob:', 'data:'].includes(url.protocol)) foreign.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return { context, page, foreign, violations, close: () => context.close() };
}

export interface LoadTimes {
  /** Navigation start to DOMContentLoaded, ms. */
  domContentLoaded: number;
  /** Navigation start to both Web Chat panes rendered (the page's `webchat-rendered` mark), ms. */
  rendered: number;
}

interface BrowserPerformance {
  getEntriesByType(type: string): Array<{ domContentLoadedEventEnd: number }>;
  getEntriesByName(name: string): Array<{ startTime: number }>;
}

export async function measureLoad(page: Page, url: string): Promise<LoadTimes> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  // Runs in the page; typed by hand because this project compiles without the DOM library.
  return page.evaluate(() => {
    const perf = (globalThis as unknown as { performance: BrowserPerformance }).performance;
    const nav = perf.getEntriesByType('navigation')[0];
    const mark = perf.getEntriesByName('webchat-rendered')[0];
    return { domContentLoaded: Math.round(nav?.domContentLoadedEventEnd ?? NaN), rendered: Math.round(mark?.startTime ?? NaN) };
  });
}
