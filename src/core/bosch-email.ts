// The request as Bosch's Central Support asks for it, for the agent to send: each camera's
// challenge code in plain text with its model, MAC address, firmware and serial number, the label
// photos to attach, the Bosch ticket when one is recorded, and the request id, so Bosch's answer
// can be matched to it. A ready text to copy and a mailto: link with the same subject and body,
// addressed to BOSCH_SUPPORT_EMAIL when it is set (never an address of ours). Worded in the
// support channel's language: the desk writes to Bosch as it works.

import { BOSCH } from './i18n/catalog.js';
import type { Locale } from './i18n/locale.js';
import type { ResetRequest } from './request.js';
import type { Paragraph, RichMessage } from './rich.js';

export interface BoschEmail {
  /** BOSCH_SUPPORT_EMAIL; unset, the agent's mail program asks whom to send it to. */
  to?: string;
  subject: string;
  body: string;
  /** RFC 6068: the body's line breaks as %0D%0A, every other reserved character encoded. */
  mailto: string;
}

/** One camera of the e-mail: today a request is one camera. */
function cameraLines(request: ResetRequest, n: number, locale: Locale): string[] {
  const d = request.device;
  const none = BOSCH.word(locale, 'value.none');
  const lines = [
    BOSCH.word(locale, 'camera.heading', { n }),
    BOSCH.word(locale, 'camera.challenge', { value: request.challenge?.code ?? none }),
    BOSCH.word(locale, 'camera.model', { value: d.model ?? none }),
    BOSCH.word(locale, 'camera.mac', { value: d.mac ?? none }),
    BOSCH.word(locale, 'camera.firmware', { value: d.firmware ?? none }),
    BOSCH.word(locale, 'camera.serial', { value: d.serial ?? none }),
  ];
  for (const p of d.photos) lines.push(BOSCH.word(locale, 'camera.photo', { name: p.name ?? BOSCH.word(locale, 'photo.unnamed') }));
  return lines;
}

export function boschEmail(request: ResetRequest, to: string | undefined, locale: Locale): BoschEmail {
  const cameras = 1;
  const subject = BOSCH.word(locale, 'subject', { id: request.id, cameras });
  const body = [
    BOSCH.word(locale, 'greeting'),
    '',
    BOSCH.word(locale, 'ask', { id: request.id, cameras }),
    ...(request.boschTicket ? [BOSCH.word(locale, 'ticket', { ticket: request.boschTicket })] : []),
    '',
    ...cameraLines(request, 1, locale),
    ...(request.device.photos.length ? ['', BOSCH.word(locale, 'photos_attached')] : []),
    '',
    BOSCH.word(locale, 'closing'),
  ].join('\n');
  const query = `subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body.replace(/\n/g, '\r\n'))}`;
  const mailto = `mailto:${to ? encodeURIComponent(to).replace(/%40/g, '@') : ''}?${query}`;
  return { ...(to ? { to } : {}), subject, body, mailto };
}

/** What the agent who asked reads, privately and in their own language: the text to copy and the link. */
export function boschEmailAnswer(request: ResetRequest, email: BoschEmail, locale: Locale): RichMessage {
  const lines: Paragraph[] = [
    BOSCH.say(locale, 'agent.heading', { id: request.id }),
    email.to ? BOSCH.say(locale, 'agent.to', { to: email.to }) : BOSCH.say(locale, 'agent.no_address'),
  ];
  if (request.device.photos.length) lines.push(BOSCH.say(locale, 'agent.photos'));
  return { lines, code: email.body, footer: [BOSCH.say(locale, 'agent.open', { url: email.mailto })] };
}
