// Firmware version order and what the technician must do after entering the PUK, which
// depends on the firmware: from 6.51 the "service" password becomes "service", from 6.51.0026
// only that one is reset, and before 6.51 every password is cleared.
import { parseFirmware } from './fields.js';
import { FIRMWARE } from './i18n/catalog.js';
import { type Locale, SOURCE_LOCALE } from './i18n/locale.js';

type FirmwareKey = Parameters<typeof FIRMWARE.word>[1];

/** '6.51.0026' -> [6, 51, 26], '7.80 B128' -> [7, 80, 128]; undefined when it is no version. */
export function parseFirmwareVersion(input: string): number[] | undefined {
  // Only whether it is a version counts here: the words of a problem are never shown.
  const result = parseFirmware(input, SOURCE_LOCALE);
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
// because on some models http://<ip>/reset reboots the camera. The camera's own words
// ("Response Code", "Send", the user names "service", "user" and "live") stay as the camera
// shows them in every language; the catalog's sentences explain around them.
const VERSION_PAGE = 'http://<camera-ip>/version';

/** What to do after the PUK, in the technician's language (`locale`); the steps depend only on the firmware. */
export function postResetSteps(firmware: string | undefined, locale: Locale): PostResetSteps {
  const behaviour = resetBehaviour(firmware);
  const version = firmware?.trim() ?? '';
  const say = (key: FirmwareKey): string => FIRMWARE.word(locale, key, { version, url: VERSION_PAGE });
  const enterPuk = [say('firmware.enter_puk'), say('firmware.click_send')];
  switch (behaviour) {
    case 'service_only':
      return {
        behaviour,
        passwordsAfterPuk: say('firmware.service_only_after'),
        steps: [
          ...enterPuk,
          say('firmware.sign_in_default'),
          say('firmware.set_service_default'),
          say('firmware.service_only_keep_others'),
        ],
      };
    case 'service_password_service_all_reset':
      return {
        behaviour,
        passwordsAfterPuk: say('firmware.all_reset_after'),
        steps: [...enterPuk, say('firmware.sign_in_default'), say('firmware.set_service_default'), say('firmware.all_reset_set_others')],
      };
    case 'all_cleared':
      return {
        behaviour,
        passwordsAfterPuk: say('firmware.cleared_after'),
        steps: [...enterPuk, say('firmware.cleared_sign_in'), say('firmware.cleared_set_service'), say('firmware.cleared_set_others')],
      };
    default:
      return {
        behaviour: 'unknown',
        passwordsAfterPuk: say('firmware.unknown_after'),
        steps: [
          ...enterPuk,
          say('firmware.unknown_sign_in'),
          say('firmware.unknown_set_service'),
          say('firmware.unknown_check_others'),
          say('firmware.unknown_version_page'),
        ],
      };
  }
}
