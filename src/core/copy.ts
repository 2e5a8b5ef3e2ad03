// The words of every notice, in one place for both platforms: each notice becomes a rich
// message that tells its reader exactly what to do next. Platforms only translate markup.
/* eslint-disable @typescript-eslint/no-unused-vars -- the locale parameters are used as the words move into the catalogs (issue 14) */

import type { ChallengeNews, Notice, DocumentKind } from './notices.js';
import { codeArg } from './reading.js';
import { type Actor, type RequestFile, type Platform, type ResetRequest, sameActor } from './request.js';
import { fieldLabels, type FieldName } from './fields.js';
import { humanDuration } from './deadlines.js';
import { postResetSteps } from './firmware.js';
import type { CoreSettings } from './settings.js';
import type { Action, Paragraph, RichMessage } from './rich.js';
import type { Locale } from './i18n/locale.js';
import { COPY, NOTICES } from './i18n/catalog.js';
import type { Values } from './i18n/say.js';

type NoticeKey = Parameters<typeof NOTICES.say>[1];

/** The catalog message that asks for each field, first of what is still missing. */
const QUESTIONS: Record<FieldName, 'question.challenge' | 'question.model' | 'question.mac' | 'question.firmware' | 'question.serial'> = {
  challenge: 'question.challenge',
  model: 'question.model',
  mac: 'question.mac',
  firmware: 'question.firmware',
  serial: 'question.serial',
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

export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  invoice: 'Invoice',
  proof_of_ownership: 'Proof of ownership',
  authorization_letter: 'Authorization Letter',
  label_photo: 'Label photo',
};

export const documentLabels = (_locale: Locale = 'en'): Record<DocumentKind, string> => DOCUMENT_LABELS;

type DeadlineKeys = readonly [expires: 'deadline.expires' | 'intake.code_expires', expired: 'deadline.expired' | 'intake.code_expired'];

/** When the code runs out, or ran out; `keys` words it with a lead-in (one message each, never glued). */
function deadline(
  expiresAt: number,
  now: number,
  locale: Locale = 'en',
  keys: DeadlineKeys = ['deadline.expires', 'deadline.expired'],
): Paragraph {
  const left = expiresAt - now;
  return left > 0
    ? NOTICES.say(locale, keys[0], { at: { time: expiresAt }, left: humanDuration(left, locale) })
    : NOTICES.say(locale, keys[1], { at: { time: expiresAt } });
}

function nextQuestion(missing: FieldName[], locale: Locale = 'en'): Paragraph[] {
  const first = missing[0];
  if (!first) return [];
  const labels = fieldLabels(locale);
  const rest = missing.slice(1).map((f) => labels[f]);
  const lines: Paragraph[] = [NOTICES.say(locale, QUESTIONS[first], { page: { code: 'http://<camera-ip>/version' } })];
  if (rest.length)
    lines.push(NOTICES.say(locale, 'question.rest', { fields: new Intl.ListFormat(locale, { type: 'conjunction' }).format(rest) }));
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

/** Words one notice for its audience, in its reader's language. Returns undefined for notices without text (the card). */
export function noticeMessage(notice: Notice, request: ResetRequest, now: number, settings: CoreSettings): RichMessage | undefined {
  const locale = readerLocale(notice, request, settings);
  const say = (key: NoticeKey, values?: Values): Paragraph => NOTICES.say(locale, key, values);
  const id = request.id;
  // What the reader types to start again, on the platform they read this on.
  const start = { code: START_COMMANDS[readerPlatform(notice, request)] };
  const codeDeadline = (): Paragraph => (request.challenge ? deadline(request.challenge.expiresAt, now, locale) : []);
  switch (notice.kind) {
    case 'welcome': {
      const lines: Paragraph[] = [say('welcome.started', { id }), say('welcome.open_page', { reset: { code: '/reset' } })];
      // The operator's own words, shown as they wrote them.
      if (settings.challengePageHint) lines.push(say('welcome.tip', { hint: settings.challengePageHint }));
      lines.push(...nextQuestion(notice.missing, locale));
      return { lines, actions: intakeActions(locale) };
    }
    case 'intake_reply': {
      const labels = fieldLabels(locale);
      const lines: Paragraph[] = [];
      const accepted = notice.accepted.filter((a) => a.field !== 'challenge').map((a) => `${labels[a.field]} ${a.value}`);
      if (notice.challengeNews && request.challenge?.code)
        lines.push(challengeNewsLine(notice.challengeNews, request.challenge.expiresAt, now, locale));
      else if (notice.accepted.some((a) => a.field === 'challenge') && request.challenge) {
        lines.push(deadline(request.challenge.expiresAt, now, locale, ['intake.code_expires', 'intake.code_expired']));
      }
      // A list of values, not a sentence: no "and" before the last one.
      if (accepted.length) lines.push(say('intake.accepted', { values: new Intl.ListFormat(locale, { type: 'unit' }).format(accepted) }));
      if (notice.photoAdded) lines.push(say('intake.photo_added'));
      for (const e of notice.errors) lines.push(say('intake.error', { field: capital(labels[e.field], locale), message: e.message }));
      for (const w of notice.warnings) lines.push(say('note', { message: w.message }));
      if (!notice.understood) lines.push(say('intake.not_understood'));
      lines.push(...nextQuestion(notice.missing, locale));
      return { lines, actions: intakeActions(locale) };
    }
    case 'summary': {
      const lines: Paragraph[] = [say('summary.heading', { id }), ...deviceLines(request)];
      if (notice.challengeNews === 'replaced' && request.challenge)
        lines.unshift(challengeNewsLine('replaced', request.challenge.expiresAt, now, locale));
      for (const w of notice.warnings) lines.push(say('note', { message: w.message }));
      if (request.challenge)
        lines.push(
          notice.challengeNews === 'same'
            ? challengeNewsLine('same', request.challenge.expiresAt, now, locale)
            : deadline(request.challenge.expiresAt, now, locale),
        );
      lines.push(say('summary.submit_hint'));
      return { lines, code: request.challenge?.code, actions: summaryActions(locale) };
    }
    case 'same_code':
      return request.challenge?.code ? { lines: [challengeNewsLine('same', request.challenge.expiresAt, now, locale)] } : undefined;
    case 'confirm_code': {
      const puk = request.puk ? 'yes' : 'no';
      return {
        lines: [say('confirm.question', { puk, id }), say('confirm.replaces', { puk })],
        actions: [
          { id: 'code_confirm', label: NOTICES.word(locale, 'confirm.yes'), style: 'primary', arg: codeArg(notice.code, notice.ageMs) },
          { id: 'code_keep', label: NOTICES.word(locale, 'confirm.no') },
        ],
      };
    }
    case 'edit_help':
      return {
        lines: [say('edit.help', { mac: { code: 'MAC 00:07:5F:12:34:56' }, fw: { code: 'FW 7.80.0128' } })],
        actions: intakeActions(locale),
      };
    case 'submitted':
      return { lines: [say('submitted.with_support', { id }), codeDeadline(), say('submitted.keep_open')] };
    case 'support_waiting':
      return { lines: [say('waiting.not_connected', { id }), codeDeadline(), say('waiting.urgent', { id })] };
    case 'claimed':
      return { lines: [say('claimed', { agent: { mention: notice.agent }, id })] };
    case 'question':
      return { lines: [say('question.asks', { text: notice.text }), say('question.waiting', { from: { mention: notice.from } })] };
    case 'document_requested': {
      const lines: Paragraph[] = [say('document.needed', { document: notice.document })];
      if (notice.document === 'authorization_letter' && request.boschTicket)
        lines.push(say('document.ticket', { ticket: request.boschTicket }));
      if (notice.note) lines.push(say('document.note', { note: notice.note }));
      lines.push(say('document.pass_on', { from: { mention: notice.from } }));
      return { lines };
    }
    case 'puk_sent_note':
      return { lines: [say('puk_sent_note', { agent: { mention: notice.agent } })] };
    case 'puk': {
      const puk = request.puk?.value;
      if (!puk) return undefined;
      // Firmware's own words (its owner gives postResetSteps a locale); the numbering is language-free.
      const steps = postResetSteps(request.device.firmware);
      const footer: Paragraph[] = [
        say('puk.next_steps', { text: steps.passwordsAfterPuk }),
        ...steps.steps.map((s, i): Paragraph => [`${i + 1}. ${s}`]),
      ];
      if (request.challenge) footer.push(deadline(request.challenge.expiresAt, now, locale));
      footer.push(say('puk.tell_me'));
      return {
        lines: [
          say('puk.heading', { id, model: request.device.model ?? NOTICES.word(locale, 'puk.camera'), mac: request.device.mac ?? '—' }),
        ],
        code: puk,
        footer,
        actions: pukActions(locale),
      };
    }
    case 'warning': {
      const values = { id, left: humanDuration(notice.remainingMs, locale), at: { time: notice.expiresAt } };
      return notice.audience === 'requester'
        ? {
            lines: [
              say('warning.heads_up', values),
              say(request.state === 'collecting' ? 'warning.collecting' : 'warning.reminded'),
            ],
          }
        : { lines: [say('warning.support', values), ...(notice.unclaimed ? [say('warning.unclaimed')] : [])] };
    }
    case 'puk_reminder':
      return {
        lines: [say('puk_reminder', { id, at: { time: notice.expiresAt }, left: humanDuration(notice.remainingMs, locale) })],
        actions: pukActions(locale),
      };
    case 'expired':
      return notice.audience === 'requester'
        ? { lines: [say('expired.requester', { id }), say('expired.new_code')] }
        : { lines: [say('expired.support', { id })] };
    case 'reset_check':
      return notice.audience === 'requester'
        ? {
            lines: [say('reset_check.ask', { id, service: { code: 'service' } }), say('reset_check.failed')],
            actions: pukActions(locale),
          }
        : { lines: [say('reset_check.support', { id })] };
    case 'closed': {
      const when = humanDuration(settings.idleCloseMs, locale);
      return { lines: [say(notice.outcome === 'unconfirmed' ? 'closed.unconfirmed' : 'closed.abandoned', { id, when, start })] };
    }
    case 'claim_released':
      return { lines: [say('claim_released', { from: { mention: notice.from }, id })] };
    case 'claim_taken':
      return { lines: [say('claim_taken', { by: { mention: notice.by }, id, from: { mention: notice.from } })] };
    case 'undelivered': {
      const values = { id, platform: PLATFORM_NAMES[notice.platform], since: { time: notice.since } };
      return {
        lines: [
          notice.reader === 'technician'
            ? say('undelivered.technician', { ...values, who: { mention: request.requester } })
            : say('undelivered.support', values),
          say('undelivered.retrying'),
        ],
      };
    }
    case 'reopened':
      if (notice.audience === 'requester') return { lines: [say('reopened.requester', { id }), codeDeadline()] };
      return notice.reason === 'new_challenge'
        ? { lines: [say('reopened.new_challenge', { id })] }
        : { lines: [say('reopened.reset_failed', { id }), ...(notice.note ? [say('reopened.they_wrote', { note: notice.note })] : [])] };
    case 'rejected':
      return {
        lines: [say('rejected', { id, by: { mention: notice.by }, reason: notice.reason }), say('rejected.start_again', { start })],
      };
    case 'cancelled':
      return { lines: [say('cancelled', { id, start })] };
    case 'completed':
      return { lines: [say('completed', { id })] };
    case 'relayed':
      return undefined;
    case 'relay': {
      const lines: Paragraph[] = [say('relay', { from: { mention: notice.from }, text: notice.text })];
      const label = NOTICES.word(locale, 'relay.file_label');
      for (const f of notice.files) lines.push(fileLine(label, f, request));
      return { lines };
    }
    case 'file_failed': {
      const values = { role: notice.role, name: notice.name };
      return notice.audience === 'requester'
        ? { lines: [say('file_failed.requester', values), say('file_failed.unchanged')] }
        : { lines: [say('file_failed.support', values)] };
    }
    case 'puk_taken':
      return {
        lines: [
          say('puk_taken', { agent: { mention: notice.agent }, id, requester: { mention: request.requester } }),
          say('puk_taken.tip'),
        ],
      };
    case 'ticket_recorded':
      return { lines: [say('ticket_recorded', { by: { mention: notice.by }, ticket: notice.ticket, id })] };
    case 'card':
      return undefined;
  }
}

const capital = (s: string, locale: Locale) => s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);

/** What a message's code did to the one the request holds: nothing (the same one), or replaced it. */
function challengeNewsLine(news: ChallengeNews, expiresAt: number, now: number, locale: Locale = 'en'): Paragraph {
  const left = expiresAt - now;
  const at = { time: expiresAt };
  if (left > 0)
    return NOTICES.say(locale, news === 'same' ? 'news.same_expires' : 'news.replaced_expires', { at, left: humanDuration(left, locale) });
  return NOTICES.say(locale, news === 'same' ? 'news.same_expired' : 'news.replaced_expired', { at });
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

export const addressedTo = (agent: Actor, locale: Locale = 'en'): Paragraph => NOTICES.say(locale, 'addressed_to', { agent: { mention: agent } });

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
