import { describe, expect, it } from 'vitest';
import { compareFirmware, parseFirmwareVersion, postResetSteps, resetBehaviour } from '../../src/core/firmware.js';

describe('reading a firmware version', () => {
  it('splits a dotted version into numbers', () => {
    expect(parseFirmwareVersion('6.51.0026')).toEqual([6, 51, 26]);
    expect(parseFirmwareVersion('6.51')).toEqual([6, 51]);
  });

  it("reads the advisories' B-build form", () => {
    expect(parseFirmwareVersion('7.80 B128')).toEqual([7, 80, 128]);
  });

  it('gives nothing for text that is not a version', () => {
    expect(parseFirmwareVersion('latest')).toBeUndefined();
    expect(parseFirmwareVersion('')).toBeUndefined();
  });
});

describe('ordering firmware versions', () => {
  const ascending = ['6.9', '6.50', '6.51', '6.51.0026', '6.60', '7.80.0128', '9.0'];

  it('orders 6.9 < 6.50 < 6.51 < 6.51.0026 < 6.60 < 7.80.0128 < 9.0 numerically per part', () => {
    for (let i = 0; i + 1 < ascending.length; i += 1) {
      expect(compareFirmware(ascending[i]!, ascending[i + 1]!)).toBeLessThan(0);
      expect(compareFirmware(ascending[i + 1]!, ascending[i]!)).toBeGreaterThan(0);
    }
  });

  it('sorts a shuffled list into that order', () => {
    const shuffled = ['9.0', '6.51.0026', '6.9', '7.80.0128', '6.60', '6.51', '6.50'];
    expect([...shuffled].sort(compareFirmware)).toEqual(ascending);
  });

  it('treats a missing build as 0', () => {
    expect(compareFirmware('6.51', '6.51.0')).toBe(0);
    expect(compareFirmware('6.51', '6.51.0000')).toBe(0);
  });

  it('treats 7.80 B128 and 7.80.0128 as the same version', () => {
    expect(compareFirmware('7.80 B128', '7.80.0128')).toBe(0);
  });

  it('sorts text that is no version first rather than throwing', () => {
    expect(compareFirmware('unknown', '6.9')).toBeLessThan(0);
    expect(compareFirmware('6.9', 'unknown')).toBeGreaterThan(0);
    expect(compareFirmware('unknown', '???')).toBe(0);
  });
});

describe('what happens after the PUK, by firmware', () => {
  it('clears every password before 6.51 (6.50.9999)', () => {
    expect(resetBehaviour('6.50.9999')).toBe('all_cleared');
    const steps = postResetSteps('6.50.9999', 'en');
    expect(steps.behaviour).toBe('all_cleared');
    expect(steps.passwordsAfterPuk).toContain('all passwords are cleared');
    expect(steps.steps.join('\n')).toMatch(/empty password/);
    expect(steps.steps.join('\n')).toMatch(/"user" and "live"/);
  });

  it('makes the service password "service" and resets the others at exactly 6.51', () => {
    const steps = postResetSteps('6.51', 'en');
    expect(steps.behaviour).toBe('service_password_service_all_reset');
    expect(steps.steps.join('\n')).toContain('password "service"');
    expect(steps.steps.join('\n')).toMatch(/new passwords for "user" and "live"/);
  });

  it('still resets user and live at 6.51.0025', () => {
    expect(postResetSteps('6.51.0025', 'en').behaviour).toBe('service_password_service_all_reset');
  });

  it('resets only the service password from 6.51.0026', () => {
    const steps = postResetSteps('6.51.0026', 'en');
    expect(steps.behaviour).toBe('service_only');
    expect(steps.passwordsAfterPuk).toContain('keep their passwords');
    expect(steps.steps.join('\n')).toContain('Sign in at once as user "service" with password "service".');
  });

  it('resets only the service password on 7.80.0128, also written 7.80 B128', () => {
    expect(postResetSteps('7.80.0128', 'en').behaviour).toBe('service_only');
    expect(postResetSteps('7.80 B128', 'en').behaviour).toBe('service_only');
  });

  it('covers both cases honestly when the firmware is unknown', () => {
    for (const firmware of [undefined, '', 'dunno']) {
      const steps = postResetSteps(firmware, 'en');
      expect(steps.behaviour).toBe('unknown');
      const text = steps.steps.join('\n');
      expect(text).toContain('password "service"');
      expect(text).toContain('empty password');
      expect(text).toContain('/version');
    }
  });

  it('always starts with pasting the PUK into "Response Code" and clicking "Send"', () => {
    for (const firmware of ['6.50', '6.51', '6.51.0026', undefined]) {
      const { steps } = postResetSteps(firmware, 'en');
      expect(steps[0]).toContain('"Response Code"');
      expect(steps[0]).toMatch(/^Paste the PUK/);
      expect(steps[1]).toBe('Click "Send".');
    }
  });

  it('always tells the technician to set a new service password at once', () => {
    for (const firmware of ['6.50', '6.51', '6.51.0026', undefined]) {
      expect(postResetSteps(firmware, 'en').steps.join('\n')).toMatch(/new password for "service"/);
    }
  });

  it('never sends anyone to /reset, which reboots some models', () => {
    for (const firmware of ['6.50', '6.51', '6.51.0026', '7.80.0128', undefined]) {
      const { passwordsAfterPuk, steps } = postResetSteps(firmware, 'en');
      expect(`${passwordsAfterPuk}\n${steps.join('\n')}`).not.toMatch(/\/reset/i);
    }
  });

  it('keeps every step short enough to read on a phone', () => {
    for (const firmware of ['6.50', '6.51', '6.51.0026', undefined]) {
      for (const step of postResetSteps(firmware, 'en').steps) expect(step.length).toBeLessThanOrEqual(160);
    }
  });
});
