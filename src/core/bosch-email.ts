// The request as Bosch's Central Support asks for it, for the agent to send: each camera's
// challenge code in plain text with its model, MAC address, firmware and serial number, the label
// photos to attach, the Bosch ticket when one is recorded, and the request id, so Bosch's answer
// can be matched to it. A ready text to copy and a mailto: link with the same subject and body,
// addressed to BOSCH_SUPPORT_EMAIL when it is set (never an address of ours). Worded in the
// support channel's language: the desk writes to Bosch as it works.
//
// A site asks for every camera still waiting for its PUK at once, in camera order, and asks
// Bosch to put each PUK next to its camera's MAC so the reply can be read back (bosch-reply.ts).

import { BOSCH } from './i18n/catalog.js';
import type { Locale } from './i18n/locale.js';
import type { Camera, ResetRequest } from './request.js';
import type { Paragraph, RichMessage } from './rich.js';
import { BOSCH_CHARGES_FROM, awaitingPuk } from './site/cameras.js';

export interface BoschEmail {
  /** BOSCH_SUPPORT_EMAIL; unset, the agent's mail program asks whom to send it to. */
  to?: string;
  subject: string;
  body: string;
  /** RFC 6068: the body's line breaks as %0D%0A, every other reserved character encoded. */
  mailto: string;
  /** Whether `mailto` is short enough to be offered as a link (MAILTO_MAX). */
  linkFits: boolean;
}

/**
 * The longest mailto: link offered. Slack keeps a link whole only within one section of 3,000
 * characters (with its label and the `&amp;` Slack asks for; render.ts `fitLinks`), the tighter
 * of the two platforms; past it the link would be dropped there anyway, and a link of a
 * 50-camera site (tens of kilobytes) is more than mail programs take. The text to copy always
 * holds everything.
 */
export const MAILTO_MAX = 2_900;

type CameraDetails = Pick<Camera, 'model' | 'mac' | 'firmware' | 'serial'> & { n: number; code?: string };

/** One camera's lines: the code whole on its own line, never cut or wrapped. */
function cameraLines(camera: CameraDetails, locale: Locale): string[] {
  const none = BOSCH.word(locale, 'value.none');
  return [
    BOSCH.word(locale, 'camera.heading', { n: camera.n }),
    BOSCH.word(locale, 'camera.challenge', { value: camera.code ?? none }),
    BOSCH.word(locale, 'camera.model', { value: camera.model ?? none }),
    BOSCH.word(locale, 'camera.mac', { value: camera.mac ?? none }),
    BOSCH.word(locale, 'camera.firmware', { value: camera.firmware ?? none }),
    BOSCH.word(locale, 'camera.serial', { value: camera.serial ?? none }),
  ];
}

const photoLines = (request: ResetRequest, locale: Locale): string[] =>
  request.device.photos.map((p) => BOSCH.word(locale, 'camera.photo', { name: p.name ?? BOSCH.word(locale, 'photo.unnamed') }));

/** A site's cameras still waiting for their PUK, in camera order: those already answered are not asked again. */
const siteCameras = (request: ResetRequest): CameraDetails[] =>
  awaitingPuk(request)
    .sort((a, b) => a.n - b.n)
    .map((c) => ({ ...c, ...(c.challenge?.code ? { code: c.challenge.code } : {}) }));

function siteBody(request: ResetRequest, cameras: CameraDetails[], locale: Locale): string[] {
  const count = cameras.length;
  const photos = photoLines(request, locale);
  return [
    BOSCH.word(locale, 'greeting'),
    '',
    BOSCH.word(locale, 'ask', { id: request.id, cameras: count }),
    BOSCH.word(locale, 'site.reply_format'),
    ...(request.boschTicket ? [BOSCH.word(locale, 'ticket', { ticket: request.boschTicket })] : []),
    BOSCH.word(locale, 'site.count', { cameras: count }),
    ...(count >= BOSCH_CHARGES_FROM ? [BOSCH.word(locale, 'site.charges', { cameras: count })] : []),
    ...cameras.flatMap((c) => ['', ...cameraLines(c, locale)]),
    ...(photos.length ? ['', ...photos, BOSCH.word(locale, 'photos_attached')] : []),
    '',
    BOSCH.word(locale, 'closing'),
  ];
}

function oneCameraBody(request: ResetRequest, locale: Locale): string[] {
  const d = request.device;
  const camera: CameraDetails = { ...d, n: 1, ...(request.challenge?.code ? { code: request.challenge.code } : {}) };
  return [
    BOSCH.word(locale, 'greeting'),
    '',
    BOSCH.word(locale, 'ask', { id: request.id, cameras: 1 }),
    ...(request.boschTicket ? [BOSCH.word(locale, 'ticket', { ticket: request.boschTicket })] : []),
    '',
    ...cameraLines(camera, locale),
    ...photoLines(request, locale),
    ...(d.photos.length ? ['', BOSCH.word(locale, 'photos_attached')] : []),
    '',
    BOSCH.word(locale, 'closing'),
  ];
}

export function boschEmail(request: ResetRequest, to: string | undefined, locale: Locale): BoschEmail {
  const cameras = request.cameras ? siteCameras(request) : undefined;
  const subject = BOSCH.word(locale, 'subject', { id: request.id, cameras: cameras?.length ?? 1 });
  const body = (cameras ? siteBody(request, cameras, locale) : oneCameraBody(request, locale)).join('\n');
  const query = `subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body.replace(/\n/g, '\r\n'))}`;
  const mailto = `mailto:${to ? encodeURIComponent(to).replace(/%40/g, '@') : ''}?${query}`;
  return { ...(to ? { to } : {}), subject, body, mailto, linkFits: mailto.length <= MAILTO_MAX };
}

/**
 * What the agent who asked reads, privately and in their own language: the text to copy, whole,
 * and the link when it fits (else why there is none).
 */
export function boschEmailAnswer(request: ResetRequest, email: BoschEmail, locale: Locale): RichMessage {
  const lines: Paragraph[] = [
    BOSCH.say(locale, 'agent.heading', { id: request.id }),
    email.to ? BOSCH.say(locale, 'agent.to', { to: email.to }) : BOSCH.say(locale, 'agent.no_address'),
  ];
  if (request.device.photos.length) lines.push(BOSCH.say(locale, 'agent.photos'));
  const footer = email.linkFits
    ? BOSCH.say(locale, 'agent.open', { url: email.mailto })
    : BOSCH.say(locale, 'agent.too_long', { length: email.mailto.length });
  return { lines, code: email.body, footer: [footer] };
}
