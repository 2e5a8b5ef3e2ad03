// The words of every notice, in one place for both platforms: each notice becomes a rich
// message that tells its reader exactly what to do next. Platforms only translate markup.
/* eslint-disable @typescript-eslint/no-unused-vars -- the locale parameters are used as the words move into the catalogs (issue 14) */

import type { ChallengeNews, Notice, DocumentKind } from './notices.js';
import { codeArg } from './reading.js';
import { type Actor, type RequestFile, type Platform, type ResetRequest, sameActor } from './request.js';
import { FIELD_LABELS, type FieldName } from './fields.js';
import { humanDuration } from './deadlines.js';
import { postResetSteps } from './firmware.js';
import type { CoreSettings } from './settings.js';
import type { Action, Paragraph, RichMessage } from './rich.js';
import type { Locale } from './i18n/locale.js';
import { COPY } from './i18n/catalog.js';

const QUESTIONS: Record<FieldName, Paragraph> = {
  challenge: [
    'Paste the ',
    { bold: '32-character challenge code' },
    ' from the camera\'s password-reset page (spaces and line breaks are fine). If it was generated a while ago, add "generated 10 minutes ago".',
  ],
  model: ['What is the ', { bold: 'model number' }, '? It is on the device label, like NDE-5503-AL or NBN-80052-BA.'],
  mac: ['What is the ', { bold: 'MAC address' }, '? On the label, like 00:07:5F:12:34:56 (dashes, dots or no separators are fine).'],
  firmware: ['What is the ', { bold: 'firmware version' }, '? Like 7.80.0128; ', { code: 'http://<camera-ip>/version' }, ' shows it.'],
  serial: ['What is the ', { bold: 'serial number' }, '? On the label, a long number like 404754734001050102.'],
};

export const SUMMARY_ACTIONS: Action[] = [
  { id: 'submit', label: 'Submit to support', style: 'primary' },
  { id: 'edit', label: 'Edit' },
  { id: 'cancel', label: 'Cancel', style: 'danger' },
];

export const INTAKE_ACTIONS: Action[] = [
  { id: 'use_form', label: 'Use a form instead' },
  { id: 'cancel', label: 'Cancel', style: 'danger' },
];

export const PUK_ACTIONS: Action[] = [
  { id: 'done', label: 'Reset worked', style: 'primary' },
  { id: 'failed', label: 'It did not work', style: 'danger' },
];

/** The buttons of each message, worded for one reader (the constants above are their English). */
export const summaryActions = (_locale: Locale = 'en'): Action[] => SUMMARY_ACTIONS;
export const intakeActions = (_locale: Locale = 'en'): Action[] => INTAKE_ACTIONS;
export const pukActions = (_locale: Locale = 'en'): Action[] => PUK_ACTIONS;
export const cardActions = (_locale: Locale = 'en'): Action[] => CARD_ACTIONS;

export const CARD_ACTIONS: Action[] = [
  { id: 'claim', label: 'Claim' },
  { id: 'release', label: 'Release' },
  { id: 'take_over', label: 'Take over' },
  { id: 'send_puk', label: 'Send PUK', style: 'primary' },
  { id: 'ask', label: 'Ask technician' },
  { id: 'request_document', label: 'Request document' },
  { id: 'record_ticket', label: 'Bosch ticket #' },
  { id: 'reject', label: 'Reject', style: 'danger' },
];

const DOCUMENTS: Record<DocumentKind, string> = {
  invoice: 'the purchase invoice for this device',
  proof_of_ownership: 'a proof of ownership for this device',
  authorization_letter: "Bosch's Authorization Letter, signed, carrying the Bosch ticket number",
  label_photo: 'a clear photo of the device label',
};

export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  invoice: 'Invoice',
  proof_of_ownership: 'Proof of ownership',
  authorization_letter: 'Authorization Letter',
  label_photo: 'Label photo',
};

export const documentLabels = (_locale: Locale = 'en'): Record<DocumentKind, string> => DOCUMENT_LABELS;

function deadline(expiresAt: number, now: number): Paragraph {
  const left = expiresAt - now;
  return left > 0
    ? ['The challenge code expires at ', { time: expiresAt }, `, in ${humanDuration(left)}.`]
    : ['The challenge code expired at ', { time: expiresAt }, '.'];
}

function nextQuestion(missing: FieldName[]): Paragraph[] {
  const first = missing[0];
  if (!first) return [];
  const rest = missing.slice(1).map((f) => FIELD_LABELS[f]);
  const lines: Paragraph[] = [QUESTIONS[first]];
  if (rest.length) lines.push([`After that I still need: ${rest.join(', ')}. You can also paste them all at once, one per line.`]);
  return lines;
}

export function deviceLines(request: ResetRequest): Paragraph[] {
  const d = request.device;
  const lines: Paragraph[] = [
    [{ bold: 'Model: ' }, d.model ?? '—'],
    [{ bold: 'MAC: ' }, d.mac ?? '—'],
    [{ bold: 'Firmware: ' }, d.firmware ?? '—'],
    [{ bold: 'Serial: ' }, d.serial ?? '—'],
  ];
  for (const p of d.photos) lines.push(fileLine('Label photo: ', p, request, 'photo'));
  return lines;
}

/**
 * One shared file as support sees it: a copy in the card's thread is named with where it is
 * (the technician's own link may be one agents cannot open); a file with no copy is a link.
 * The copy is made into the card's thread whichever platform the card is on.
 */
export function fileLine(label: string, file: RequestFile, _request: ResetRequest, fallback = 'file'): Paragraph {
  const name = file.name ?? fallback;
  switch (file.copy) {
    case undefined:
      return [{ bold: label }, { link: file.url, label: name }];
    case 'delivered':
      return [{ bold: label }, name, ' (in this thread)'];
    case 'pending':
      return [{ bold: label }, name, ' (being copied into this thread)'];
    case 'failed':
      return [{ bold: label }, name, ' (could not be copied; the technician was asked to send it again)'];
    default:
      return [{ bold: label }, name];
  }
}

/** Why a shared file was not taken (the platform checked it before anything changed). */
export type FileProblem = 'too_large' | 'not_supported' | 'not_from_platform' | 'unreachable' | 'not_shown_there' | 'attached_in_channel';

/**
 * The words over a technician's file in a Teams support thread. `reduced`: the image was made
 * smaller to fit a Teams message (width × height before and after), so the agent knows a
 * sharper one can be asked for.
 */
export function fileCaption(name: string, reduced?: { from: [number, number]; to: [number, number] }): RichMessage {
  const lines: Paragraph[] = [[{ bold: 'From the technician: ' }, name]];
  if (reduced) {
    lines.push([
      `Reduced from ${reduced.from[0]}×${reduced.from[1]} to ${reduced.to[0]}×${reduced.to[1]} pixels to fit a Teams message. If a detail is unreadable, ask the technician here for a closer photo of that part.`,
    ]);
  }
  return { lines };
}

/** Tells the technician a file they shared was not taken, and what to do instead. */
export function fileRefused(name: string, problem: FileProblem, maxMb: number): RichMessage {
  const why: Record<FileProblem, string> = {
    too_large: `it is larger than ${maxMb} MB. Please send a smaller photo (a phone photo of the label is plenty)`,
    not_supported: 'it is not a photo (JPEG, PNG, GIF, WebP or HEIC) or a PDF, whatever its name says. Please send the photo or PDF itself',
    not_from_platform: 'it is not stored where I may fetch files from. Please upload the file itself into this thread',
    unreachable: 'I could not download it just now. Please send it again in a minute',
    attached_in_channel:
      'Teams does not let me open a file attached in a channel. Please paste the photo into your message instead (copy and paste, not the paperclip)',
    not_shown_there:
      'support works in Microsoft Teams, where I can pass photos but not PDFs. Please send a photo or screenshot of each page instead',
  };
  return { lines: [[{ bold: `I could not take ${name}: ` }, `${why[problem]}, or type what the label says.`], ['Nothing else changed.']] };
}

/** Words one notice for its audience. Returns undefined for notices without text (the card). */
export function noticeMessage(notice: Notice, request: ResetRequest, now: number, settings: CoreSettings): RichMessage | undefined {
  const id = request.id;
  // What the reader types to start again, on the platform they read this on.
  const start = START_COMMANDS[readerPlatform(notice, request)];
  switch (notice.kind) {
    case 'welcome': {
      const lines: Paragraph[] = [
        [
          { bold: `Password reset ${id} started.` },
          ' I will collect what Bosch support needs, one answer at a time or all pasted at once.',
        ],
        [
          'On the camera, open its password-reset page (it shows a 32-character challenge code, valid for 1 hour). Do ',
          { bold: 'not' },
          ' open ',
          { code: '/reset' },
          ' — on some models it reboots the camera.',
        ],
      ];
      if (settings.challengePageHint) lines.push([{ bold: 'Tip: ' }, settings.challengePageHint]);
      lines.push(...nextQuestion(notice.missing));
      return { lines, actions: INTAKE_ACTIONS };
    }
    case 'intake_reply': {
      const lines: Paragraph[] = [];
      const accepted = notice.accepted.filter((a) => a.field !== 'challenge').map((a) => `${FIELD_LABELS[a.field]} ${a.value}`);
      if (notice.challengeNews && request.challenge?.code)
        lines.push(challengeNewsLine(notice.challengeNews, request.challenge.expiresAt, now));
      else if (notice.accepted.some((a) => a.field === 'challenge') && request.challenge) {
        lines.push(['Got the challenge code. ', ...deadline(request.challenge.expiresAt, now)]);
      }
      if (accepted.length) lines.push([`Got it: ${accepted.join(', ')}.`]);
      if (notice.photoAdded) lines.push(['Label photo added; support will see it.']);
      for (const e of notice.errors) lines.push([{ bold: `${capital(FIELD_LABELS[e.field])}: ` }, e.message]);
      for (const w of notice.warnings) lines.push([{ bold: 'Note: ' }, w.message]);
      if (!notice.understood) lines.push(["I couldn't find any of the details in that message."]);
      lines.push(...nextQuestion(notice.missing));
      return { lines, actions: INTAKE_ACTIONS };
    }
    case 'summary': {
      const lines: Paragraph[] = [[{ bold: `Everything is here for ${id}. Please check it:` }], ...deviceLines(request)];
      if (notice.challengeNews === 'replaced' && request.challenge)
        lines.unshift(challengeNewsLine('replaced', request.challenge.expiresAt, now));
      for (const w of notice.warnings) lines.push([{ bold: 'Note: ' }, w.message]);
      if (request.challenge)
        lines.push(
          notice.challengeNews === 'same'
            ? challengeNewsLine('same', request.challenge.expiresAt, now)
            : deadline(request.challenge.expiresAt, now),
        );
      lines.push(['Press ', { bold: 'Submit to support' }, ' to send it, or correct a value by typing it again (e.g. "FW 7.80.0128").']);
      return { lines, code: request.challenge?.code, actions: SUMMARY_ACTIONS };
    }
    case 'same_code':
      return request.challenge?.code ? { lines: [challengeNewsLine('same', request.challenge.expiresAt, now)] } : undefined;
    case 'confirm_code':
      return {
        lines: [
          [
            { bold: 'Is this a new challenge code?' },
            request.puk ? ' The PUK support sent is for the old one.' : ` Support is working on ${id} with the code you sent before.`,
          ],
          [
            "Only a new code from the camera's reset page replaces the old one",
            request.puk ? ', and the PUK you have then no longer works.' : '.',
          ],
        ],
        actions: [
          { id: 'code_confirm', label: 'Yes, a new code', style: 'primary', arg: codeArg(notice.code, notice.ageMs) },
          { id: 'code_keep', label: 'No' },
        ],
      };
    case 'edit_help':
      return {
        lines: [
          [
            'Type the corrected value with its label, e.g. ',
            { code: 'MAC 00:07:5F:12:34:56' },
            ' or ',
            { code: 'FW 7.80.0128' },
            ', or paste a new challenge code. Or use the form.',
          ],
        ],
        actions: INTAKE_ACTIONS,
      };
    case 'submitted':
      return {
        lines: [
          [{ bold: `${id} is with support now.` }, ' An agent will send you the PUK in a private message from me.'],
          request.challenge ? deadline(request.challenge.expiresAt, now) : [],
          ["Keep the camera's reset page open. Anything you write in this thread goes to the agent."],
        ],
      };
    case 'support_waiting':
      return {
        lines: [
          [
            { bold: `${id} is ready, but support is not connected yet.` },
            ' Your request waits and goes to support as soon as they connect; I will tell you then.',
          ],
          request.challenge ? deadline(request.challenge.expiresAt, now) : [],
          ["Keep the camera's reset page open. If it is urgent, call your support team and give them the id ", { bold: id }, '.'],
        ],
      };
    case 'claimed':
      return { lines: [[{ mention: notice.agent }, ` is working on ${id} and is asking Bosch for the PUK.`]] };
    case 'question':
      return {
        lines: [
          [{ bold: 'Support asks: ' }, notice.text],
          [{ mention: notice.from }, ' is waiting for your answer — reply in this thread.'],
        ],
      };
    case 'document_requested': {
      const lines: Paragraph[] = [[{ bold: 'Bosch needs a document: ' }, `please upload ${DOCUMENTS[notice.document]} in this thread.`]];
      if (notice.document === 'authorization_letter' && request.boschTicket)
        lines.push([`The Bosch ticket number is ${request.boschTicket}; it must appear on the letter.`]);
      if (notice.note) lines.push([{ bold: 'Note from support: ' }, notice.note]);
      lines.push([{ mention: notice.from }, ' will pass it to Bosch.']);
      return { lines };
    }
    case 'puk_sent_note':
      return {
        lines: [
          [
            { bold: 'The PUK has been sent to you in a private message' },
            ' by ',
            { mention: notice.agent },
            '. Open your direct messages with camreset.',
          ],
        ],
      };
    case 'puk': {
      const puk = request.puk?.value;
      if (!puk) return undefined;
      const steps = postResetSteps(request.device.firmware);
      const footer: Paragraph[] = [
        [{ bold: 'Next steps: ' }, steps.passwordsAfterPuk],
        ...steps.steps.map((s, i): Paragraph => [`${i + 1}. ${s}`]),
      ];
      if (request.challenge) footer.push(deadline(request.challenge.expiresAt, now));
      footer.push(['Then tell me how it went:']);
      return {
        lines: [[{ bold: `PUK for ${id}` }, ` (${request.device.model ?? 'camera'}, MAC ${request.device.mac ?? '—'}):`]],
        code: puk,
        footer,
        actions: PUK_ACTIONS,
      };
    }
    case 'warning':
      return notice.audience === 'requester'
        ? {
            lines: [
              [
                { bold: `Heads up: the challenge code of ${id} expires in ${humanDuration(notice.remainingMs)}` },
                ' (at ',
                { time: notice.expiresAt },
                ').',
              ],
              [
                request.state === 'collecting'
                  ? 'Finish the details and submit now, or generate a new code when it expires.'
                  : 'Support has been reminded. Keep the reset page open; if it expires, generate a new code and paste it here.',
              ],
            ],
          }
        : {
            lines: [
              [
                { bold: `${id}: the challenge expires in ${humanDuration(notice.remainingMs)}` },
                ' (at ',
                { time: notice.expiresAt },
                '). Send the PUK before then, or the technician must start over with a new code.',
              ],
              ...(notice.unclaimed ? [[{ bold: 'Nobody has claimed it yet.' }, ' Press Claim on the card to take it.'] as Paragraph] : []),
            ],
          };
    case 'puk_reminder':
      return {
        lines: [
          [
            { bold: `Reminder: enter the PUK for ${id} before ` },
            { time: notice.expiresAt },
            ` (in ${humanDuration(notice.remainingMs)}).`,
            ' Paste it into the "Response Code" box and click "Send", then tell me how it went.',
          ],
        ],
        actions: PUK_ACTIONS,
      };
    case 'expired':
      return notice.audience === 'requester'
        ? {
            lines: [
              [{ bold: `The challenge code of ${id} has expired.` }, ' A code is only valid for an hour, so a new one is needed.'],
              [
                "Generate a new challenge code on the camera's reset page and paste it here: the request keeps its details and goes straight back to support.",
              ],
            ],
          }
        : {
            lines: [
              [
                { bold: `${id}: the challenge code expired.` },
                ' Any PUK for it is useless now. The technician has been asked for a new code; the request returns here when it arrives.',
              ],
            ],
          };
    case 'reset_check':
      return notice.audience === 'requester'
        ? {
            lines: [
              [
                { bold: `Did the reset work? ${id}'s challenge window has run out.` },
                ' If you entered the PUK in time and can sign in as ',
                { code: 'service' },
                ', press ',
                { bold: 'Reset worked' },
                '.',
              ],
              [
                'If it did not work, press ',
                { bold: 'It did not work' },
                ": you will then need a new challenge code from the camera's reset page.",
              ],
            ],
            actions: PUK_ACTIONS,
          }
        : {
            lines: [
              [
                { bold: `${id}: the challenge window ran out after the PUK was sent.` },
                ' The technician has not confirmed yet; I asked whether the reset worked. No new code is needed unless they say it did not.',
              ],
            ],
          };
    case 'closed': {
      const when = humanDuration(settings.idleCloseMs);
      return notice.outcome === 'unconfirmed'
        ? {
            lines: [
              [
                { bold: `${id} is closed as unconfirmed.` },
                ` Nobody said whether the reset worked within ${when}. If it still needs doing, start again with `,
                { code: start },
                '.',
              ],
            ],
          }
        : {
            lines: [
              [
                { bold: `${id} is closed as abandoned.` },
                ` Nothing happened on it for ${when}. Start again any time with `,
                { code: start },
                '.',
              ],
            ],
          };
    }
    case 'claim_released':
      return { lines: [[{ mention: notice.from }, ` released ${id}; it is open for any agent to claim.`]] };
    case 'claim_taken':
      return { lines: [[{ mention: notice.by }, ` took ${id} over from `, { mention: notice.from }, '.']] };
    case 'undelivered':
      return {
        lines: [
          [
            { bold: `${id}: could not reach ` },
            notice.reader === 'technician' ? { mention: request.requester } : 'the support channel',
            ` on ${PLATFORM_NAMES[notice.platform]} since `,
            { time: notice.since },
            '.',
          ],
          ['I keep trying; what they have not seen yet goes out as soon as it can.'],
        ],
      };
    case 'reopened':
      if (notice.audience === 'requester')
        return {
          lines: [
            [{ bold: `New challenge code received: ${id} is back with support.` }],
            request.challenge ? deadline(request.challenge.expiresAt, now) : [],
          ],
        };
      return notice.reason === 'new_challenge'
        ? {
            lines: [
              [
                { bold: `${id} is back: new challenge code.` },
                ' The card shows the new code and deadline; the previous PUK is no longer valid.',
              ],
            ],
          }
        : {
            lines: [
              [{ bold: `${id}: the technician reports the reset did not work.` }, ' It is open again for support.'],
              ...(notice.note ? [['They wrote: ', notice.note] as Paragraph] : []),
            ],
          };
    case 'rejected':
      return {
        lines: [
          [{ bold: `${id} was declined by support` }, ' (', { mention: notice.by }, '): ', notice.reason],
          ['If you can fix what they mention, start a new request with ', { code: start }, '.'],
        ],
      };
    case 'cancelled':
      return { lines: [[{ bold: `${id} is cancelled.` }, ' Nothing more will happen. Start again any time with ', { code: start }, '.']] };
    case 'completed':
      return {
        lines: [
          [{ bold: `${id} is done.` }, ' Thanks! Remember to set a new password for the service account now, and note it in your records.'],
        ],
      };
    case 'relayed':
      return undefined;
    case 'relay': {
      const lines: Paragraph[] = [[{ mention: notice.from }, ' wrote: ', notice.text]];
      for (const f of notice.files) lines.push(fileLine('File: ', f, request));
      return { lines };
    }
    case 'file_failed': {
      const what = notice.role === 'label_photo' ? 'label photo' : 'document';
      return notice.audience === 'requester'
        ? {
            lines: [
              [
                { bold: `I could not pass your ${what} ${notice.name} to support.` },
                ' Please send it again in this thread',
                notice.role === 'label_photo' ? ', or type what the label says.' : '.',
              ],
              ['Everything else in your request is unchanged.'],
            ],
          }
        : {
            lines: [
              [
                { bold: `The technician's ${what} ${notice.name} could not be copied into this thread.` },
                ' They have been asked to send it again.',
              ],
            ],
          };
    }
    case 'puk_taken':
      return {
        lines: [
          [
            `Took `,
            { mention: notice.agent },
            `'s reply as the PUK for ${id} and sent it privately to `,
            { mention: request.requester },
            '.',
          ],
          ['Tip: the ', { bold: 'Send PUK' }, ' button keeps the PUK out of this channel.'],
        ],
      };
    case 'ticket_recorded':
      return { lines: [[{ mention: notice.by }, ` recorded Bosch ticket ${notice.ticket} on ${id}.`]] };
    case 'card':
      return undefined;
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What a message's code did to the one the request holds: nothing (the same one), or replaced it. */
function challengeNewsLine(news: ChallengeNews, expiresAt: number, now: number): Paragraph {
  const left = expiresAt - now;
  const when: Paragraph = left > 0 ? [{ time: expiresAt }, `, in ${humanDuration(left)}.`] : [{ time: expiresAt }, '.'];
  return news === 'same'
    ? ['That is the code I already have; it expires at ', ...when]
    : [{ bold: 'Replaced the challenge code with the new one.' }, ' It expires at ', ...when];
}

const PLATFORM_NAMES: Record<Platform, string> = { slack: 'Slack', teams: 'Teams' };

/** How people start a request on each platform: Slack's slash command, the word typed to the bot in Teams. */
export const START_COMMANDS: Record<Platform, string> = { slack: '/camreset', teams: 'camreset' };

/** The language a notice is worded in: the support channel's one for support, the technician's own otherwise. */
export function readerLocale(notice: Notice, request: ResetRequest, settings: CoreSettings): Locale {
  const forSupport = notice.audience === 'support' || notice.audience === 'card';
  return forSupport ? settings.supportLanguage : (request.requester.locale ?? 'en');
}

/** The platform a notice is read on: support's where the card is (or will be), the technician's own otherwise. */
function readerPlatform(notice: Notice, request: ResetRequest): Platform {
  const forSupport = notice.audience === 'support' || notice.audience === 'card';
  return forSupport ? (request.supportCard?.platform ?? request.conversation.platform) : request.conversation.platform;
}

/**
 * The agent a support notice is really for: the one handling the request, when the notice needs
 * them (the technician wrote back, the clock is running out, the code expired) — never the
 * requester, who hears it in their own thread. A platform that can notify one person in a
 * shared thread puts `addressedTo(agent)` before the notice.
 */
export function addresseeOf(notice: Notice, request: ResetRequest): Actor | undefined {
  // The agent who lost the claim is told by mention, wherever the claim went.
  if (notice.kind === 'claim_taken' || notice.kind === 'claim_released')
    return sameActor(notice.from, request.requester) ? undefined : notice.from;
  const agent = request.claimedBy;
  if (notice.audience !== 'support' || !agent || sameActor(agent, request.requester)) return undefined;
  return notice.kind === 'relay' || notice.kind === 'warning' || notice.kind === 'expired' ? agent : undefined;
}

export const addressedTo = (agent: Actor): Paragraph => ['For ', { mention: agent }, ':'];

// --- Words outside a single notice: help, status lists, the thread's opening line, forms ---

export const STATE_LABELS: Record<ResetRequest['state'], string> = {
  collecting: 'details being entered',
  awaiting_support: 'waiting for an agent',
  claimed: 'an agent is on it',
  needs_info: 'support asked you something',
  puk_delivered: 'PUK sent',
  completed: 'done',
  cancelled: 'cancelled',
  rejected: 'declined',
  expired: 'challenge code expired',
  unconfirmed: 'closed, reset not confirmed',
  abandoned: 'closed, abandoned',
};

export const stateLabels = (_locale: Locale = 'en'): Record<ResetRequest['state'], string> => STATE_LABELS;

/** The whole process in a few lines; `command` is how the platform starts a request. */
export function helpMessage(settings: CoreSettings, command: string): RichMessage {
  const lines: Paragraph[] = [
    [
      { bold: 'camreset' },
      " gets you the PUK that resets a Bosch camera's ",
      { code: 'service' },
      ' password, from our support team, before the challenge code expires.',
    ],
    [
      "1. In a browser, open the camera's ",
      { bold: 'password-reset page' },
      ': it shows a 32-character challenge code, valid for 1 hour from the moment it appears. Do ',
      { bold: 'not' },
      ' open ',
      { code: '/reset' },
      ' — on some models it reboots the camera.',
    ],
  ];
  if (settings.challengePageHint) lines.push([{ bold: 'Tip: ' }, settings.challengePageHint]);
  lines.push(
    [
      '2. Type ',
      { code: command },
      ' (or ',
      { code: `${command} <code>` },
      ') and answer in the thread: the code, then the model number, MAC address, serial number (all on the label) and firmware version (',
      { code: 'http://<camera-ip>/version' },
      '). Paste them one at a time or all at once; a photo of the label helps.',
    ],
    [
      '3. Check the summary and press ',
      { bold: 'Submit to support' },
      '. The PUK comes in a private message from me; paste it into the page\'s "Response Code" box and click "Send".',
    ],
    ['I warn you before the code expires. If it does, generate a new one on the camera and paste it in the same thread.'],
    [
      { code: `${command} status` },
      ' lists your open requests, ',
      { code: `${command} cancel [id]` },
      ' cancels one, ',
      { code: `${command} help` },
      ' shows this.',
    ],
  );
  return { lines };
}

function statusLine(request: ResetRequest, now: number, withRequester: boolean): Paragraph {
  const line: Paragraph = [{ bold: request.id }, ` — ${STATE_LABELS[request.state]}`];
  if (withRequester) line.push(', for ', { mention: request.requester });
  if (withRequester && request.claimedBy && request.state !== 'awaiting_support')
    line.push(', handled by ', { mention: request.claimedBy });
  const c = request.challenge;
  if (c?.code && request.state !== 'expired') {
    const left = c.expiresAt - now;
    if (left > 0) line.push('. Code expires at ', { time: c.expiresAt }, ` (in ${humanDuration(left)}).`);
    else line.push('. The code has expired.');
  } else line.push('.');
  return line;
}

/** A technician's open requests with their countdowns (`status`, the Slack Home tab). */
export function statusMessage(requests: ResetRequest[], now: number, command: string): RichMessage {
  if (!requests.length) return { lines: [['You have no open camera password resets. Start one with ', { code: command }, '.']] };
  return {
    lines: [[{ bold: `Your open camera password resets (${requests.length}):` }], ...requests.map((r) => statusLine(r, now, false))],
  };
}

/** The open queue for support agents. */
export function queueMessage(requests: ResetRequest[], now: number): RichMessage {
  if (!requests.length) return { lines: [[{ bold: 'Support queue: ' }, 'nothing open.']] };
  return { lines: [[{ bold: `Support queue (${requests.length} open):` }], ...requests.map((r) => statusLine(r, now, true))] };
}

/** The first message of a request's thread; `moved` when the bot could not post where it was started. */
export function threadOpening(id: string, requester: Actor, moved: boolean, locale: Locale = 'en'): RichMessage {
  const lines: Paragraph[] = [COPY.say(locale, 'thread.opening', { id, requester: { mention: requester } })];
  if (moved) lines.push(COPY.say(locale, 'thread.moved'));
  return { lines };
}

/** Said privately where the request was started, when it had to move to a direct message. */
export function movedToDirectMessage(id: string, locale: Locale = 'en'): RichMessage {
  return { lines: [COPY.say(locale, 'thread.moved_privately', { id })] };
}

export function cancelChoice(requests: ResetRequest[], command: string): RichMessage {
  const [first] = requests;
  if (!first) return { lines: [['You have no open request to cancel.']] };
  return {
    lines: [
      [`You have ${requests.length} open requests; say which one to cancel, e.g. `, { code: `${command} cancel ${first.id}` }, ':'],
      ...requests.map((r) => [{ bold: r.id }, ` — ${STATE_LABELS[r.state]}`] as Paragraph),
    ],
  };
}

export function cancelConfirmation(id: string, locale: Locale = 'en'): RichMessage {
  return { lines: [COPY.say(locale, 'cancel.confirmed', { id })] };
}

/** Titles (24 characters at most, Slack's modal limit), labels and hints of the forms. */
export const FORMS = {
  details: {
    title: 'Camera details',
    submit: 'Save',
    hint: 'Same rules as in the chat; I check every value.',
    photoLabel: 'Photo of the device label (optional)',
    photoHint: 'JPEG, PNG, GIF, WebP or HEIC, up to 10 MB. Support gets a copy they can open.',
  },
  puk: {
    title: 'Send PUK',
    submit: 'Send to technician',
    label: 'PUK (response code) from Bosch',
    hint: 'Only the technician will see it, in a private message from camreset.',
  },
  ask: {
    title: 'Ask the technician',
    submit: 'Ask',
    label: 'Your question',
    hint: "Posted in the technician's thread; their answer comes back to the card's thread.",
  },
  reject: { title: 'Reject request', submit: 'Reject', label: 'Reason', hint: 'The technician sees this reason.' },
  document: { title: 'Request a document', submit: 'Request', label: 'Document', noteLabel: 'Note for the technician (optional)' },
  ticket: { title: 'Bosch ticket number', submit: 'Save', label: 'Bosch ticket number', hint: 'Like #8712345678.' },
  claimed: { title: 'Claimed…', hint: 'Release it if you cannot finish it; take it over if its holder is away (they are told).' },
  cancel: 'Cancel',
} as const;

type Widened<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widened<T[K]> };
export type Forms = Widened<typeof FORMS>;
/** The forms' words for the person who opened them. */
export const forms = (_locale: Locale = 'en'): Forms => FORMS;

// --- Answers to one person about what they just wrote (reading.ts) ---

/** The agent's PUK-shaped reply in the card's thread, before anything is sent. */
export function pukConfirmation(request: ResetRequest, puk: string, said: string): RichMessage {
  const shown = puk.length > 4 ? `${puk.slice(0, 4)}…` : puk;
  return {
    lines: [
      ['Send ', { code: shown }, ' to ', { mention: request.requester }, ` as the PUK for ${request.id}?`],
      ['Nothing has been sent yet. The technician gets it privately, with the next steps.'],
    ],
    actions: [
      { id: 'puk_confirm', label: 'Send', style: 'primary', arg: puk },
      { id: 'puk_decline', label: 'It is a message', arg: said.trim().slice(0, 500) },
    ],
  };
}

/** The start command where a request is still open. */
export function continueOrNew(request: ResetRequest, text: string): RichMessage {
  return {
    lines: [
      [{ bold: `Continue ${request.id} or start a new one?` }, ` ${request.id} is still open here (${STATE_LABELS[request.state]}).`],
    ],
    actions: [
      { id: 'continue_request', label: `Continue ${request.id}` },
      { id: 'start_new', label: 'Start a new one', arg: text.slice(0, 1500) },
    ],
  };
}

export function continued(request: ResetRequest, now: number): RichMessage {
  const lines: Paragraph[] = [[`Carrying on with ${request.id}: just write here.`]];
  if (request.challenge?.code && request.state !== 'expired') lines.push(deadline(request.challenge.expiresAt, now));
  return { lines };
}

export function codeKept(request: ResetRequest, now: number): RichMessage {
  const lines: Paragraph[] = [[`Kept the challenge code ${request.id} already has; nothing changed.`]];
  if (request.challenge?.code) lines.push(deadline(request.challenge.expiresAt, now));
  return { lines };
}

export const pukDeclined = (id: string): RichMessage => ({
  lines: [[`Passed it on to the technician of ${id} as a message; no PUK was sent.`]],
});
