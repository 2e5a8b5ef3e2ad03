// Firmware version order and what the technician must do after entering the PUK, which
// depends on the firmware: from 6.51 the "service" password becomes "service", from 6.51.0026
// only that one is reset, and before 6.51 every password is cleared.
import { parseFirmware } from './fields.js';

/** '6.51.0026' -> [6, 51, 26], '7.80 B128' -> [7, 80, 128]; undefined when it is no version. */
export function parseFirmwareVersion(input: string): number[] | undefined {
  const result = parseFirmware(input);
  if (!result.ok) return undefined;
  return result.value.split('.').map((part) => Number.parseInt(part, 10));
}

/**
 * Numeric per part with missing parts read as 0, so 6.9 < 6.50 < 6.51 < 6.51.0026.
 * Text that is no version sorts before every version (and equal to other such text),
 * so a sort never throws on a bad value.
 */
export function compareFirmware(a: string, b: string): number {
  const left = parseFirmwareVersion(a);
  const right = parseFirmwareVersion(b);
  if (!left || !right) return (left ? 1 : 0) - (right ? 1 : 0);
  return compareParts(left, right);
}

function compareParts(left: number[], right: number[]): number {
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

export type ResetBehaviour = 'all_cleared' | 'service_password_service_all_reset' | 'service_only' | 'unknown';

export interface PostResetSteps {
  behaviour: ResetBehaviour;
  passwordsAfterPuk: string;
  steps: string[];
}

const SERVICE_DEFAULT_FROM = [6, 51];
const SERVICE_ONLY_FROM = [6, 51, 26];

export function resetBehaviour(firmware: string | undefined): ResetBehaviour {
  const version = firmware === undefined ? undefined : parseFirmwareVersion(firmware);
  if (!version) return 'unknown';
  if (compareParts(version, SERVICE_ONLY_FROM) >= 0) return 'service_only';
  if (compareParts(version, SERVICE_DEFAULT_FROM) >= 0) return 'service_password_service_all_reset';
  return 'all_cleared';
}

// Every path starts on the page that showed the challenge; we name the page, never a URL,
// because on some models http://<ip>/reset reboots the camera.
const ENTER_PUK = [
  'Paste the PUK into the "Response Code" box on the same password-reset page that showed the challenge code.',
  'Click "Send".',
];

export function postResetSteps(firmware: string | undefined): PostResetSteps {
  const behaviour = resetBehaviour(firmware);
  const version = firmware?.trim();
  switch (behaviour) {
    case 'service_only':
      return {
        behaviour,
        passwordsAfterPuk: `Firmware ${version}: after the PUK, the password of user "service" is "service". The "user" and "live" accounts keep their passwords.`,
        steps: [
          ...ENTER_PUK,
          'Sign in at once as user "service" with password "service".',
          'Set a new password for "service" straight away — until you do, anyone who knows the default can sign in.',
          'Leave "user" and "live" as they are; their passwords did not change.',
        ],
      };
    case 'service_password_service_all_reset':
      return {
        behaviour,
        passwordsAfterPuk: `Firmware ${version}: after the PUK, the password of user "service" is "service", and the "user" and "live" passwords are reset too.`,
        steps: [
          ...ENTER_PUK,
          'Sign in at once as user "service" with password "service".',
          'Set a new password for "service" straight away — until you do, anyone who knows the default can sign in.',
          'Set new passwords for "user" and "live" as well; theirs were reset too.',
        ],
      };
    case 'all_cleared':
      return {
        behaviour,
        passwordsAfterPuk: `Firmware ${version} (before 6.51): after the PUK, all passwords are cleared — "service", "user" and "live" have none.`,
        steps: [
          ...ENTER_PUK,
          'Sign in at once as user "service" with an empty password.',
          'Set a new password for "service" straight away — until you do, anyone can sign in.',
          'Set new passwords for "user" and "live" too; they have none now.',
        ],
      };
    default:
      return {
        behaviour: 'unknown',
        passwordsAfterPuk:
          'Firmware unknown: from 6.51 the "service" password becomes "service"; before 6.51 all passwords are cleared. The steps cover both.',
        steps: [
          ...ENTER_PUK,
          'Sign in at once as user "service" with password "service". If that is refused, sign in as "service" with an empty password (older firmware).',
          'Set a new password for "service" straight away.',
          'Check "user" and "live": if they now have no password (older firmware), set new ones for them too.',
          'To know for next time: http://<camera-ip>/version shows the firmware version.',
        ],
      };
  }
}
