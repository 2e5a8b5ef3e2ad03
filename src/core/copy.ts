// The words of every notice, in one place for both platforms: each notice becomes a rich
// message that tells its reader exactly what to do next. Platforms only translate markup.

import type { ChallengeNews, Notice, DocumentKind } from './notices.js';
import { codeArg } from './reading.js';
import { type Actor, type RequestFile, type Platform, type ResetRequest, sameActor } from './request.js';
import { FIELD_LABELS, type FieldName } from './fields.js';
import { humanDuration } from './deadlines.js';
import { postResetSteps } from './firmware.js';
import type { CoreSettings } from './settings.js';
import { LOCALES } from './i18n/locale.js';
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

type CopyKey = Parameters<typeof COPY.say>[1];

/** The catalog message of each button the constants here carry. */
const ACTION_LABELS: Partial<Record<Action['id'], CopyKey>> = {
  submit: 'action.submit',
  edit: 'action.edit',
  cancel: 'action.cancel',
  use_form: 'action.use_form',
  done: 'action.done',
  failed: 'action.failed',
  claim: 'action.claim',
  release: 'action.release',
  take_over: 'action.take_over',
  send_puk: 'action.send_puk',
  ask: 'action.ask',
  request_document: 'action.request_document',
  record_ticket: 'action.record_ticket',
  reject: 'action.reject',
};

const labelled = (actions: Action[], locale: Locale): Action[] =>
  actions.map((a) => {
    const key = ACTION_LABELS[a.id];
    return key ? { ...a, label: COPY.word(locale, key) } : a;
  });

/** The buttons of each message, worded for one reader (the constants above are their English). */
export const summaryActions = (locale: Locale = 'en'): Action[] => labelled(SUMMARY_ACTIONS, locale);
export const intakeActions = (locale: Locale = 'en'): Action[] => labelled(INTAKE_ACTIONS, locale);
export const pukActions = (locale: Locale = 'en'): Action[] => labelled(PUK_ACTIONS, locale);
export const cardActions = (locale: Locale = 'en'): Action[] => labelled(CARD_ACTIONS, locale);

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

export const documentLabels = (locale: Locale = 'en'): Record<DocumentKind, string> => ({
  invoice: COPY.word(locale, 'document.invoice'),
  proof_of_ownership: COPY.word(locale, 'document.proof_of_ownership'),
  authorization_letter: COPY.word(locale, 'document.authorization_letter'),
  label_photo: COPY.word(locale, 'document.label_photo'),
});

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

export function deviceLines(request: ResetRequest, locale: Locale = 'en'): Paragraph[] {
  const d = request.device;
  const lines: Paragraph[] = [
    COPY.say(locale, 'device.model', { value: d.model ?? '—' }),
    COPY.say(locale, 'device.mac', { value: d.mac ?? '—' }),
    COPY.say(locale, 'device.firmware', { value: d.firmware ?? '—' }),
    COPY.say(locale, 'device.serial', { value: d.serial ?? '—' }),
  ];
  const label = COPY.word(locale, 'device.label_photo');
  const unnamed = COPY.word(locale, 'device.unnamed_photo');
  for (const p of d.photos) lines.push(fileLine(label, p, request, unnamed, locale));
  return lines;
}

/**
 * One shared file as support sees it: a copy in the card's thread is named with where it is
 * (the technician's own link may be one agents cannot open); a file with no copy is a link.
 * The copy is made into the card's thread whichever platform the card is on.
 */
export function fileLine(label: string, file: RequestFile, _request: ResetRequest, fallback?: string, locale: Locale = 'en'): Paragraph {
  const name = file.name ?? fallback ?? COPY.word(locale, 'file.unnamed');
  switch (file.copy) {
    case undefined:
      return [{ bold: label }, { link: file.url, label: name }];
    case 'delivered':
      return COPY.say(locale, 'file.delivered', { label, name });
    case 'pending':
      return COPY.say(locale, 'file.pending', { label, name });
    case 'failed':
      return COPY.say(locale, 'file.failed', { label, name });
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
export function fileCaption(name: string, reduced?: { from: [number, number]; to: [number, number] }, locale: Locale = 'en'): RichMessage {
  const lines: Paragraph[] = [COPY.say(locale, 'file.caption', { name })];
  if (reduced) {
    // Pixel sizes as text: a number would get a thousands separator ("4,032×3,024").
    lines.push(
      COPY.say(locale, 'file.reduced', {
        from_width: String(reduced.from[0]),
        from_height: String(reduced.from[1]),
        to_width: String(reduced.to[0]),
        to_height: String(reduced.to[1]),
      }),
    );
  }
  return { lines };
}

/** Tells the technician a file they shared was not taken, and what to do instead. */
export function fileRefused(name: string, problem: FileProblem, maxMb: number, locale: Locale = 'en'): RichMessage {
  const why: Record<FileProblem, CopyKey> = {
    too_large: 'file.refused.too_large',
    not_supported: 'file.refused.not_supported',
    not_from_platform: 'file.refused.not_from_platform',
    unreachable: 'file.refused.unreachable',
    attached_in_channel: 'file.refused.attached_in_channel',
    not_shown_there: 'file.refused.not_shown_there',
  };
  return { lines: [COPY.say(locale, why[problem], { name, max_mb: maxMb }), COPY.say(locale, 'file.refused.nothing_else')] };
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

export const stateLabels = (locale: Locale = 'en'): Record<ResetRequest['state'], string> => ({
  collecting: COPY.word(locale, 'state.collecting'),
  awaiting_support: COPY.word(locale, 'state.awaiting_support'),
  claimed: COPY.word(locale, 'state.claimed'),
  needs_info: COPY.word(locale, 'state.needs_info'),
  puk_delivered: COPY.word(locale, 'state.puk_delivered'),
  completed: COPY.word(locale, 'state.completed'),
  cancelled: COPY.word(locale, 'state.cancelled'),
  rejected: COPY.word(locale, 'state.rejected'),
  expired: COPY.word(locale, 'state.expired'),
  unconfirmed: COPY.word(locale, 'state.unconfirmed'),
  abandoned: COPY.word(locale, 'state.abandoned'),
});

/** The whole process in a few lines; `command` is how the platform starts a request. */
export function helpMessage(settings: CoreSettings, command: string, locale: Locale = 'en'): RichMessage {
  const lines: Paragraph[] = [COPY.say(locale, 'help.intro'), COPY.say(locale, 'help.step_page')];
  // The operator's own words, shown as they wrote them.
  if (settings.challengePageHint) lines.push(COPY.say(locale, 'help.tip', { hint: settings.challengePageHint }));
  // The command words stay as they are typed; only the placeholder for the code is the reader's.
  const withCode = `${command} <${COPY.word(locale, 'help.code_placeholder')}>`;
  lines.push(
    COPY.say(locale, 'help.step_start', {
      command: { code: command },
      command_with_code: { code: withCode },
      version_url: { code: 'http://<camera-ip>/version' },
    }),
    COPY.say(locale, 'help.step_submit', { submit: COPY.word(locale, 'action.submit') }),
    COPY.say(locale, 'help.expiry'),
    COPY.say(locale, 'help.commands', {
      status: { code: `${command} status` },
      cancel: { code: `${command} cancel [id]` },
      help: { code: `${command} help` },
    }),
    COPY.say(locale, 'help.language', {
      language: { code: `${command} language` },
      codes: new Intl.ListFormat(locale, { type: 'disjunction' }).format(LOCALES),
    }),
  );
  return { lines };
}

/** Whether a request's code still runs, for the status lines' select. */
function codeState(request: ResetRequest, now: number): 'running' | 'expired' | 'none' {
  const c = request.challenge;
  if (!c?.code || request.state === 'expired') return 'none';
  return c.expiresAt > now ? 'running' : 'expired';
}

function statusLine(request: ResetRequest, now: number, withRequester: boolean, locale: Locale): Paragraph {
  const expiresAt = request.challenge?.expiresAt ?? now;
  const values = {
    id: request.id,
    state: stateLabels(locale)[request.state],
    countdown: codeState(request, now),
    at: { time: expiresAt },
    left: humanDuration(expiresAt - now, locale),
  };
  if (!withRequester) return COPY.say(locale, 'status.line', values);
  // Before a claim, who held it last is not news: the queue shows a handler only while one works on it.
  const handler = request.state !== 'awaiting_support' ? request.claimedBy : undefined;
  return COPY.say(locale, 'queue.line', {
    ...values,
    requester: { mention: request.requester },
    handled: handler ? 'yes' : 'no',
    handler: { mention: handler ?? request.requester },
  });
}

/** A technician's open requests with their countdowns (`status`, the Slack Home tab). */
export function statusMessage(requests: ResetRequest[], now: number, command: string, locale: Locale = 'en'): RichMessage {
  if (!requests.length) return { lines: [COPY.say(locale, 'status.none', { command: { code: command } })] };
  return {
    lines: [COPY.say(locale, 'status.heading', { count: requests.length }), ...requests.map((r) => statusLine(r, now, false, locale))],
  };
}

/** The open queue for support agents. */
export function queueMessage(requests: ResetRequest[], now: number, locale: Locale = 'en'): RichMessage {
  if (!requests.length) return { lines: [COPY.say(locale, 'queue.empty')] };
  return {
    lines: [COPY.say(locale, 'queue.heading', { count: requests.length }), ...requests.map((r) => statusLine(r, now, true, locale))],
  };
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

export function cancelChoice(requests: ResetRequest[], command: string, locale: Locale = 'en'): RichMessage {
  const [first] = requests;
  if (!first) return { lines: [COPY.say(locale, 'cancel.none')] };
  const states = stateLabels(locale);
  return {
    lines: [
      COPY.say(locale, 'cancel.which', { count: requests.length, example: { code: `${command} cancel ${first.id}` } }),
      ...requests.map((r) => COPY.say(locale, 'cancel.choice_line', { id: r.id, state: states[r.state] })),
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
export function forms(locale: Locale = 'en'): Forms {
  const w = (key: CopyKey) => COPY.word(locale, key);
  return {
    details: {
      title: w('form.details.title'),
      submit: w('form.details.submit'),
      hint: w('form.details.hint'),
      photoLabel: w('form.details.photo_label'),
      photoHint: w('form.details.photo_hint'),
    },
    puk: { title: w('form.puk.title'), submit: w('form.puk.submit'), label: w('form.puk.label'), hint: w('form.puk.hint') },
    ask: { title: w('form.ask.title'), submit: w('form.ask.submit'), label: w('form.ask.label'), hint: w('form.ask.hint') },
    reject: { title: w('form.reject.title'), submit: w('form.reject.submit'), label: w('form.reject.label'), hint: w('form.reject.hint') },
    document: {
      title: w('form.document.title'),
      submit: w('form.document.submit'),
      label: w('form.document.label'),
      noteLabel: w('form.document.note_label'),
    },
    ticket: { title: w('form.ticket.title'), submit: w('form.ticket.submit'), label: w('form.ticket.label'), hint: w('form.ticket.hint') },
    claimed: { title: w('form.claimed.title'), hint: w('form.claimed.hint') },
    cancel: w('form.cancel'),
  };
}

// --- Answers to one person about what they just wrote (reading.ts) ---

/** The agent's PUK-shaped reply in the card's thread, before anything is sent. */
export function pukConfirmation(request: ResetRequest, puk: string, said: string, locale: Locale = 'en'): RichMessage {
  const shown = puk.length > 4 ? `${puk.slice(0, 4)}…` : puk;
  return {
    lines: [
      COPY.say(locale, 'puk.confirm', { puk: { code: shown }, requester: { mention: request.requester }, id: request.id }),
      COPY.say(locale, 'puk.confirm_note'),
    ],
    actions: [
      { id: 'puk_confirm', label: COPY.word(locale, 'puk.confirm_send'), style: 'primary', arg: puk },
      { id: 'puk_decline', label: COPY.word(locale, 'puk.confirm_decline'), arg: said.trim().slice(0, 500) },
    ],
  };
}

/** The start command where a request is still open. */
export function continueOrNew(request: ResetRequest, text: string, locale: Locale = 'en'): RichMessage {
  return {
    lines: [COPY.say(locale, 'continue.question', { id: request.id, state: stateLabels(locale)[request.state] })],
    actions: [
      { id: 'continue_request', label: COPY.word(locale, 'continue.continue', { id: request.id }) },
      { id: 'start_new', label: COPY.word(locale, 'continue.start_new'), arg: text.slice(0, 1500) },
    ],
  };
}

/**
 * When the request's code runs out, in these answers to one person. The notices word the same
 * deadline in their own catalog; these answers keep theirs here so each book stays whole.
 */
function codeDeadline(expiresAt: number, now: number, locale: Locale): Paragraph {
  const left = expiresAt - now;
  return left > 0
    ? COPY.say(locale, 'code.expires_at', { at: { time: expiresAt }, left: humanDuration(left, locale) })
    : COPY.say(locale, 'code.expired_at', { at: { time: expiresAt } });
}

export function continued(request: ResetRequest, now: number, locale: Locale = 'en'): RichMessage {
  const lines: Paragraph[] = [COPY.say(locale, 'continue.carrying_on', { id: request.id })];
  if (request.challenge?.code && request.state !== 'expired') lines.push(codeDeadline(request.challenge.expiresAt, now, locale));
  return { lines };
}

export function codeKept(request: ResetRequest, now: number, locale: Locale = 'en'): RichMessage {
  const lines: Paragraph[] = [COPY.say(locale, 'code.kept', { id: request.id })];
  if (request.challenge?.code) lines.push(codeDeadline(request.challenge.expiresAt, now, locale));
  return { lines };
}

export const pukDeclined = (id: string, locale: Locale = 'en'): RichMessage => ({
  lines: [COPY.say(locale, 'puk.declined', { id })],
});
