// What every Chromium suite of the playground sets up the same way: whether Debian's Chromium is
// there (skipped with a message without it, a failure under CI=true), the app with the
// playground on a port of its own, a fresh browser profile, the screenshots' folder, and typing
// into a Web Chat pane. Kept apart from browser.ts, which the bench uses without vitest.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { CHROMIUM, launchChromium, type Browser } from './browser.js';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** Whether this machine can run the suite; `suite` names it in the skip message. */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(`${CHROMIUM} is missing: CI must install Chromium (apt-get install -y chromium) before npm test`);
  console.warn(`[${suite}] skipped: ${CHROMIUM} not found (apt-get install -y chromium to run it)`);
  return false;
}

export interface PlaygroundInChromium {
  readonly app: App;
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  readonly browser: Browser;
}

/** Registers the suite's beforeAll/afterAll: the app (with `env`) and Chromium, both stopped after. */
export function playgroundInChromium(env: Record<string, string> = {}): PlaygroundInChromium {
  let app: App | undefined;
  let base = '';
  let browser: Browser | undefined;
  let profile: string | undefined;
  beforeAll(async () => {
    app = await createApp(loadConfig(env), { logger: createLogger('silent') });
    base = `http://127.0.0.1:${await app.start(0)}`;
    profile = await mkdtemp(join(tmpdir(), 'camreset-chromium-'));
    browser = await launchChromium(profile);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    // Both are still unset when beforeAll failed before starting them.
    await browser?.close();
    await app?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} did not start`);
    return value;
  };
  return {
    get app() {
      return started(app, 'app');
    },
    get base() {
      return base;
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}

/** Types `text` into a Web Chat pane's send box and sends it. */
export async function sayIn(pane: Locator, text: string): Promise<void> {
  const box = pane.locator('textarea, input[type="text"]').last();
  await box.fill(text);
  await box.press('Enter');
}
