// The challenge's one-hour clock: durations from configuration, the expiry and warning
// times derived from the challenge's age, and how a deadline reads to a person.
import { type Locale as DateFnsLocale, formatDuration } from 'date-fns';
import { de, enUS, es, fr, it, nl } from 'date-fns/locale';
import type { Locale } from './i18n/locale.js';

/** date-fns' own words for each language the bot speaks (durations read "12 Minuten", "12 minutes"). */
const DURATION_LOCALES: Record<Locale, DateFnsLocale> = { en: enUS, de, fr, es, it, nl };

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

// Units in fixed order, each at most once; bounded digit runs keep it linear and exact.
const DURATION = /^(?:(\d{1,9})d)? ?(?:(\d{1,9})h)? ?(?:(\d{1,9})m(?!s))? ?(?:(\d{1,9})s)? ?(?:(\d{1,9})ms)?$/;

/** '90s' | '15m' | '1h' | '1h30m' | '500ms' | '7d' -> milliseconds; undefined if invalid or not positive. */
export function parseDuration(input: string): number | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') return undefined;
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const [, d, h, min, s, ms] = m;
  if (d === undefined && h === undefined && min === undefined && s === undefined && ms === undefined) return undefined;
  const total =
    Number(d ?? 0) * UNIT_MS.d +
    Number(h ?? 0) * UNIT_MS.h +
    Number(min ?? 0) * UNIT_MS.m +
    Number(s ?? 0) * UNIT_MS.s +
    Number(ms ?? 0) * UNIT_MS.ms;
  return Number.isSafeInteger(total) && total > 0 ? total : undefined;
}

/** '15m,5m' -> [900000, 300000]: longest first, duplicates dropped; undefined if any part is invalid. */
export function parseDurationList(input: string): number[] | undefined {
  if (typeof input !== 'string' || input.length > 1024) return undefined;
  const parts = input.split(',');
  const values = new Set<number>();
  for (const part of parts) {
    const ms = parseDuration(part);
    if (ms === undefined) return undefined;
    values.add(ms);
  }
  return [...values].sort((a, b) => b - a);
}

export interface ChallengeWindow {
  receivedAt: number;
  expiresAt: number;
}

/**
 * The clock starts when the camera generated the code, not when we heard of it: a code
 * "generated 10 minutes ago" has 50 minutes left. The age is clamped to [0, validity]
 * so a wild claim can neither extend the window nor push it further than "already over".
 */
export function challengeWindow(now: number, validityMs: number, ageMs?: number): ChallengeWindow {
  const validity = Number.isFinite(validityMs) && validityMs > 0 ? validityMs : 0;
  const age = ageMs !== undefined && Number.isFinite(ageMs) ? Math.min(Math.max(ageMs, 0), validity) : 0;
  const receivedAt = now - age;
  return { receivedAt, expiresAt: receivedAt + validity };
}

/** 'about 12 minutes' style text for a person; precise to the second only when little time is left. */
export function humanDuration(ms: number, language: Locale): string {
  const locale = DURATION_LOCALES[language];
  const safe = Number.isFinite(ms) ? Math.abs(ms) : 0;
  const seconds = Math.round(safe / 1000);
  if (seconds < 60) return formatDuration({ seconds }, { zero: true, locale });
  if (seconds < 5 * 60) {
    return formatDuration({ minutes: Math.floor(seconds / 60), seconds: seconds % 60 }, { locale });
  }
  const minutes = Math.round(safe / 60_000);
  return formatDuration({ hours: Math.floor(minutes / 60), minutes: minutes % 60 }, { locale });
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

function clockFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = clockFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    } catch {
      // An unknown zone name is a configuration slip; the local clock is the least surprising fallback.
      format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    }
    clockFormats.set(key, format);
  }
  return format;
}

/** '14:32' on a 24-hour clock, in `timeZone` when given, else the process's local zone. */
export function formatClockTime(at: number, timeZone?: string): string {
  if (!Number.isFinite(at)) return '--:--';
  return clockFormat(timeZone).format(new Date(at));
}

/** '14:32 UTC': a time for a reader whose zone is unknown, labelled so nobody takes it for local. */
export function formatUtcClockTime(at: number): string {
  return `${formatClockTime(at, 'UTC')} UTC`;
}

/** 900000 -> '15m', 90000 -> '90s', 3600000 -> '1h': the largest unit that divides evenly, so parseDuration reads it back. */
export function durationLabel(ms: number): string {
  const value = Math.round(ms);
  if (value > 0 && value % UNIT_MS.h === 0) return `${value / UNIT_MS.h}h`;
  if (value > 0 && value % UNIT_MS.m === 0) return `${value / UNIT_MS.m}m`;
  if (value > 0 && value % UNIT_MS.s === 0) return `${value / UNIT_MS.s}s`;
  return `${value}ms`;
}
