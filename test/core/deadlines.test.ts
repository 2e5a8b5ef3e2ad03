import { describe, expect, it } from 'vitest';
import {
  challengeWindow,
  durationLabel,
  formatClockTime,
  humanDuration,
  parseDuration,
  parseDurationList,
} from '../../src/core/deadlines.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 2026-03-02 14:00:00 UTC
const NOW = Date.UTC(2026, 2, 2, 14, 0, 0);

describe('durations from configuration', () => {
  it('reads seconds, minutes, hours, milliseconds and combinations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(15 * MINUTE);
    expect(parseDuration('1h')).toBe(HOUR);
    expect(parseDuration('1h30m')).toBe(90 * MINUTE);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration(' 60M ')).toBe(HOUR);
  });

  it('refuses zero, negative, unit-less and malformed durations', () => {
    for (const bad of ['0m', '0', '-5m', '15', 'm', '', '15x', '1.5h', '30m1h', '15 minutes', 'x'.repeat(10_000)]) {
      expect(parseDuration(bad), bad).toBeUndefined();
    }
  });

  it('reads WARN_BEFORE as a list, longest first and without duplicates', () => {
    expect(parseDurationList('15m,5m')).toEqual([15 * MINUTE, 5 * MINUTE]);
    expect(parseDurationList('5m, 15m, 300s')).toEqual([15 * MINUTE, 5 * MINUTE]);
  });

  it('refuses a list with any bad part', () => {
    expect(parseDurationList('15m,soon')).toBeUndefined();
    expect(parseDurationList('15m,')).toBeUndefined();
    expect(parseDurationList('')).toBeUndefined();
  });

  it('labels durations the way they are written in configuration', () => {
    expect(durationLabel(15 * MINUTE)).toBe('15m');
    expect(durationLabel(90_000)).toBe('90s');
    expect(durationLabel(HOUR)).toBe('1h');
    expect(durationLabel(90 * MINUTE)).toBe('90m');
    expect(durationLabel(1500)).toBe('1500ms');
  });

  it('labels read back to the same duration', () => {
    for (const ms of [500, 90_000, 15 * MINUTE, HOUR, 90 * MINUTE]) {
      expect(parseDuration(durationLabel(ms))).toBe(ms);
    }
  });
});

describe('the challenge window', () => {
  it('runs the full hour from now for a fresh code', () => {
    expect(challengeWindow(NOW, HOUR)).toEqual({ receivedAt: NOW, expiresAt: NOW + HOUR });
  });

  it('expires 50 minutes from now for a code generated 10 minutes ago', () => {
    const window = challengeWindow(NOW, HOUR, 10 * MINUTE);
    expect(window.receivedAt).toBe(NOW - 10 * MINUTE);
    expect(window.expiresAt).toBe(NOW + 50 * MINUTE);
  });

  it('never extends the window for a negative age', () => {
    expect(challengeWindow(NOW, HOUR, -10 * MINUTE).expiresAt).toBe(NOW + HOUR);
  });

  it('treats a code older than the validity as already expired, not earlier still', () => {
    expect(challengeWindow(NOW, HOUR, 3 * HOUR)).toEqual({ receivedAt: NOW - HOUR, expiresAt: NOW });
  });
});

describe('deadlines in words', () => {
  it('says durations the way a person would', () => {
    expect(humanDuration(45_000, 'en')).toBe('45 seconds');
    expect(humanDuration(12 * MINUTE, 'en')).toBe('12 minutes');
    expect(humanDuration(HOUR, 'en')).toBe('1 hour');
    expect(humanDuration(90 * MINUTE, 'en')).toBe('1 hour 30 minutes');
    expect(humanDuration(150_000, 'en')).toBe('2 minutes 30 seconds');
    expect(humanDuration(0, 'en')).toBe('0 seconds');
  });

  it('shows clock times on a 24-hour clock in the given zone', () => {
    expect(formatClockTime(NOW + 32 * MINUTE, 'UTC')).toBe('14:32');
    expect(formatClockTime(NOW + 32 * MINUTE, 'Europe/Berlin')).toBe('15:32');
    expect(formatClockTime(NOW + 32 * MINUTE, 'America/New_York')).toBe('09:32');
  });

  it('falls back to the local zone for an unknown zone name instead of throwing', () => {
    expect(formatClockTime(NOW, 'Mars/Olympus_Mons')).toMatch(/^\d{2}:\d{2}$/);
    expect(formatClockTime(NOW)).toMatch(/^\d{2}:\d{2}$/);
  });
});
