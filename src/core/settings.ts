// The knobs of the core that come from configuration: how long a challenge lives, when to
// warn, when an idle request closes, and the operator's hint on opening the reset page.

import type { Locale } from './i18n/locale.js';

export interface CoreSettings {
  /** CHALLENGE_VALIDITY in ms (default 60 minutes). */
  validityMs: number;
  /** WARN_BEFORE offsets in ms, largest first (default 15m, 5m). */
  warnBeforeMs: number[];
  /** REQUEST_IDLE_CLOSE in ms (default 24 hours): an untouched intake or expired request closes then. */
  idleCloseMs: number;
  /** CHALLENGE_PAGE_HINT: how technicians open the reset page on their models. */
  challengePageHint?: string;
  /** SUPPORT_LANGUAGE (default en): the support card and its thread are worded in it, for every agent alike. */
  supportLanguage: Locale;
  /** BOSCH_SUPPORT_EMAIL: where the e-mail to Bosch an agent prepares is addressed; unset, the agent enters it. */
  boschSupportEmail?: string;
  /** BATCH_MAX (default 50, at most MAX_BATCH): how many cameras one site request holds. */
  batchMax?: number;
}

/** BATCH_MAX as it applies: the setting, else 50. */
export const batchMax = (settings: CoreSettings): number => settings.batchMax ?? 50;

/** The most cameras BATCH_MAX may allow: what the platforms' cards and forms are checked for. */
export const MAX_BATCH = 100;

export const DEFAULT_SETTINGS: CoreSettings = {
  validityMs: 60 * 60_000,
  warnBeforeMs: [15 * 60_000, 5 * 60_000],
  idleCloseMs: 24 * 60 * 60_000,
  supportLanguage: 'en',
  batchMax: 50,
};
