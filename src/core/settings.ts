// The knobs of the core that come from configuration: how long a challenge lives, when to
// warn, and the operator's hint on opening the reset page.

export interface CoreSettings {
  /** CHALLENGE_VALIDITY in ms (default 60 minutes). */
  validityMs: number;
  /** WARN_BEFORE offsets in ms, largest first (default 15m, 5m). */
  warnBeforeMs: number[];
  /** CHALLENGE_PAGE_HINT: how technicians open the reset page on their models. */
  challengePageHint?: string;
}

export const DEFAULT_SETTINGS: CoreSettings = {
  validityMs: 60 * 60_000,
  warnBeforeMs: [15 * 60_000, 5 * 60_000],
};
