// How old the technician says the code is ("generated 10 minutes ago").
import { MAX_TEXT_CHARS } from './clean.js';

export const AGE_PATTERN =
  /(?<![A-Za-z0-9])(\d{1,4}|an?|one|half an?) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h) (?:ago|old)(?![A-Za-z0-9])/gi;

export function ageUnitMs(unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith('h')) return 3_600_000;
  if (u.startsWith('m')) return 60_000;
  return 1_000;
}

export function ageAmount(amount: string): number {
  const a = amount.toLowerCase();
  if (a.startsWith('half')) return 0.5;
  if (a === 'a' || a === 'an' || a === 'one') return 1;
  return Number.parseInt(a, 10);
}

/** The text without its age phrase ("generated 10 minutes ago"), and the age it gave. */
export function splitAge(text: string): { rest: string; ageMs?: number } {
  let ageMs: number | undefined;
  const rest = text.slice(0, MAX_TEXT_CHARS).replace(AGE_PATTERN, (_all, amount: string, unit: string) => {
    ageMs = Math.round(ageAmount(amount) * ageUnitMs(unit));
    return ' ';
  });
  return ageMs === undefined ? { rest } : { rest, ageMs };
}
