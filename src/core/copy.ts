// The words of every notice, in one place for both platforms: each notice becomes a rich
// message that tells its reader exactly what to do next. Platforms only translate markup.

import type { ChallengeNews, Notice, DocumentKind } from './notices.js';
import { codeArg } from './reading.js';
import { type Actor, type RequestFile, type Platform, type ResetRequest, sameActor } from './request.js';
import { fieldLabels, type FieldName } from './fields.js';
import { humanDuration } from './deadlines.js';
import { postResetSteps } from './firmware.js';
import { localeOf } from './languages.js';
import type { CoreSettings } from './settings.js';
import { LOCALES } from './i18n/locale.js';
import type { Action, Paragraph, RichMessage } from './rich.js';
import type { Locale } from './i18n/locale.js';
import { COPY, NOTICES } from './i18n/catalog.js';
import { siteCardRows, siteNoticeMessage, sitePuk, siteSubmitted } from './site/copy.js';
import { byExpiry } from './site/cameras.js';
import type { Values } from './i18n/say.js';

type NoticeKey = Parameters<typeof NOTICES.say>[1];

// The firmware's own page, quoted as code: '<' is markup in a catalog, so the address is a value.
const VERSION_PAGE = 'http://<camera-ip>/version';

/** The catalog message that asks for each field, first of what is still missing. */
const QUESTIONS: Record<FieldName, 'question.challenge' | 'question.model' | 'question.mac' | 'question.firmware' | 'question.serial'> = {
  challenge: 'question.challenge',
  model: 'question.model',
  mac: 'question.mac',
  firmware: 'question.firmware',
  serial: 'question.serial',
};

type CopyKey = Parameters<typeof COPY.say>[1];

/** A button before it is worded: its id and look, and the catalog message that labels it. */
type ActionSpec = Omit<Action, 'label'> & { key: CopyKey };

const SUMMARY: readonly ActionSpec[] = [
  { id: 'submit', key: 'action.submit', style: 'primary' },
  { id: 'edit', key: 'action.edit' },
  { id: 'cancel', key: 'action.cancel', style: 'danger' },
];

const INTAKE: readonly ActionSpec[] = [
  { id: 'use_form', key: 'action.use_form' },
  { id: 'cancel', key: 'action.cancel', style: 'danger' },
];

const PUK: readonly ActionSpec[] = [
  { id: 'done', key: 'action.done', style: 'primary' },
  { id: 'failed', key: 'action.failed', style: 'danger' },
];

const CARD_BUTTONS: readonly ActionSpec[] = [
  { id: 'claim', key: 'action.claim' },
  { id: 'release', key: 'action.release' },
  { id: 'take_over', key: 'action.take_over' },
  { id: 'send_puk', key: 'action.send_puk', style: 'primary' },
  { id: 'ask', key: 'action.ask' },
  { id: 'request_document', key: 'action.request_document' },
  { id: 'record_ticket', key: 'action.record_ticket' },
  { id: 'bosch_email', key: 'action.bosch_email' },
  { id: 'reject', key: 'action.reject', style: 'danger' },
];

const labelled = (specs: readonly ActionSpec[], locale: Locale): Action[] =>
  specs.map(({ key, ...action }) => ({ ...action, label: COPY.word(locale, key) }));

/** The buttons of each message, worded for one reader. */
export const summaryActions = (locale: Locale): Action[] => labelled(SUMMARY, locale);
export const intakeActions = (locale: Locale): Action[] => labelled(INTAKE, locale);
export const pukActions = (locale: Locale): Action[] => labelled(PUK, locale);
export const cardActions = (locale: Locale): Action[] => labelled(CARD_BUTTONS, locale);

export const documentLabels = (locale: Locale): Record<DocumentKind, string> => ({
  invoice: COPY.word(locale, 'document.invoice'),
  proof_of_ownership: COPY.word(locale, 'document.proof_of_ownership'),
  authorization_letter: COPY.word(locale, 'document.authorization_letter'),
  label_photo: COPY.word(locale, 'document.label_photo'),
});

type DeadlineKeys = readonly [expires: 'deadline.expires' | 'intake.code_expires', expired: 'deadline.expired' | 'intake.code_expired'];

/** When the code runs out, or ran out; `keys` words it with a lead-in (one message each, never glued). */
function deadline(
  expiresAt: number,
  now: number,
  locale: Locale,
  keys: DeadlineKeys = ['deadline.expires', 'deadline.expired'],
): Paragraph {
  const left = expiresAt - now;
  return left > 0
    ? NOTICES.say(locale, keys[0], { at: { time: expiresAt }, left: humanDuration(left, locale) })
    : NOTICES.say(locale, keys[1], { at: { time: expiresAt } });
}

function nextQuestion(missing: FieldName[], locale: Locale): Paragraph[] {
  const first = missing[0];
  if (!first) return [];
  const labels = fieldLabels(locale);
  const rest = missing.slice(1).map((f) => labels[f]);
  const lines: Paragraph[] = [NOTICES.say(locale, QUESTIONS[first], { page: { code: VERSION_PAGE } })];
  if (rest.length)
    lines.push(NOTICES.say(locale, 'question.rest', { fields: new Intl.ListFormat(locale, { type: 'conjunction' }).format(rest) }));
  return lines;
}

export function deviceLines(request: ResetRequest, locale: Locale): Paragraph[] {
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
export function fileLine(
  label: string,
  file: RequestFile,
  _request: ResetRequest,
  fallback: string | undefined,
  locale: Locale,
): Paragraph {
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
export function fileCaption(
  name: string,
  reduced: { from: [number, number]; to: [number, number] } | undefined,
  locale: Locale,
): RichMessage {
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
export function fileRefused(name: string, problem: FileProblem, maxMb: number, locale: Locale): RichMessage {
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
      if (notice.unread) lines.push(say('intake.unread'));
      if (notice.aside) {
        // In place of the question just asked: how to go on, not the same question again.
        const field = notice.missing[0] ?? 'other';
        lines.push(say(notice.aside === 'hold' ? 'intake.hold' : 'intake.no_value', { field, page: { code: VERSION_PAGE } }));
      } else lines.push(...nextQuestion(notice.missing, locale));
      return { lines, actions: intakeActions(locale) };
    }
    case 'summary': {
      const lines: Paragraph[] = [say('summary.heading', { id }), ...deviceLines(request, locale)];
      if (notice.challengeNews === 'replaced' && request.challenge)
        lines.unshift(challengeNewsLine('replaced', request.challenge.expiresAt, now, locale));
      for (const w of notice.warnings) lines.push(say('note', { message: w.message }));
      if (request.challenge)
        lines.push(
          notice.challengeNews === 'same'
            ? challengeNewsLine('same', request.challenge.expiresAt, now, locale)
            : deadline(request.challenge.expiresAt, now, locale),
        );
      if (notice.unread) lines.push(say('intake.unread'));
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
      if (request.cameras) return siteSubmitted(request, now, locale);
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
      if (request.cameras) return sitePuk(request, notice.camera, now, locale);
      const puk = request.puk?.value;
      if (!puk) return undefined;
      // Firmware's own words (its owner gives postResetSteps a locale); the numbering is language-free.
      const steps = postResetSteps(request.device.firmware, locale);
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
            lines: [say('warning.heads_up', values), say(request.state === 'collecting' ? 'warning.collecting' : 'warning.reminded')],
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
      if (notice.audience === 'requester')
        // After "It did not work" no new code came: saying one did would send them looking for it.
        return {
          lines: [say(notice.reason === 'reset_failed' ? 'reopened.requester_failed' : 'reopened.requester', { id }), codeDeadline()],
        };
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
      for (const f of notice.files) lines.push(fileLine(label, f, request, undefined, locale));
      return { lines };
    }
    case 'file_failed': {
      const values = { role: notice.role, name: notice.name ?? COPY.word(locale, 'file.unnamed') };
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
    case 'site_intake':
    case 'site_next_camera':
    case 'site_warning':
    case 'site_puk_reminder':
    case 'site_expired':
    case 'site_puks_sent':
    case 'site_codes':
    case 'site_outcome':
      return siteNoticeMessage(notice, request, now, locale, START_COMMANDS[readerPlatform(notice, request)]);
  }
}

const capital = (s: string, locale: Locale) => s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);

/** What a message's code did to the one the request holds: nothing (the same one), or replaced it. */
function challengeNewsLine(news: ChallengeNews, expiresAt: number, now: number, locale: Locale): Paragraph {
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
  return forSupport ? settings.supportLanguage : localeOf(request.requester);
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

export const addressedTo = (agent: Actor, locale: Locale): Paragraph => NOTICES.say(locale, 'addressed_to', { agent: { mention: agent } });

// --- Words outside a single notice: help, status lists, the thread's opening line, forms ---

export const stateLabels = (locale: Locale): Record<ResetRequest['state'], string> => ({
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
export function helpMessage(settings: CoreSettings, command: string, locale: Locale): RichMessage {
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
/** The code a status line counts down: one camera's, or a site's soonest still waiting for its PUK. */
const countedCode = (request: ResetRequest) =>
  request.cameras ? byExpiry(request.cameras.filter((c) => c.state === 'open' && !!c.challenge?.code))[0]?.challenge : request.challenge;

function codeState(request: ResetRequest, now: number): 'running' | 'expired' | 'none' {
  const c = countedCode(request);
  if (!c?.code || request.state === 'expired') return 'none';
  return c.expiresAt > now ? 'running' : 'expired';
}

function statusLine(request: ResetRequest, now: number, withRequester: boolean, locale: Locale): Paragraph {
  const expiresAt = countedCode(request)?.expiresAt ?? now;
  const values = {
    id: request.id,
    state: stateLabels(locale)[request.state],
    countdown: codeState(request, now),
    at: { time: expiresAt },
    left: humanDuration(expiresAt - now, locale),
  };
  // A site's line says how its cameras stand after the one-camera words.
  const site = request.cameras ? [' ', ...siteCardRows(request, now, locale).summary] : [];
  if (!withRequester) return [...COPY.say(locale, 'status.line', values), ...site];
  // Before a claim, who held it last is not news: the queue shows a handler only while one works on it.
  const handler = request.state !== 'awaiting_support' ? request.claimedBy : undefined;
  return [
    ...COPY.say(locale, 'queue.line', {
      ...values,
      requester: { mention: request.requester },
      handled: handler ? 'yes' : 'no',
      handler: { mention: handler ?? request.requester },
    }),
    ...site,
  ];
}

/** A technician's open requests with their countdowns (`status`, the Slack Home tab). */
export function statusMessage(requests: ResetRequest[], now: number, command: string, locale: Locale): RichMessage {
  if (!requests.length) return { lines: [COPY.say(locale, 'status.none', { command: { code: command } })] };
  return {
    lines: [COPY.say(locale, 'status.heading', { count: requests.length }), ...requests.map((r) => statusLine(r, now, false, locale))],
  };
}

/** The open queue for support agents. */
export function queueMessage(requests: ResetRequest[], now: number, locale: Locale): RichMessage {
  if (!requests.length) return { lines: [COPY.say(locale, 'queue.empty')] };
  return {
    lines: [COPY.say(locale, 'queue.heading', { count: requests.length }), ...requests.map((r) => statusLine(r, now, true, locale))],
  };
}

/** The first message of a request's thread; `moved` when the bot could not post where it was started. */
export function threadOpening(id: string, requester: Actor, moved: boolean, locale: Locale): RichMessage {
  const lines: Paragraph[] = [COPY.say(locale, 'thread.opening', { id, requester: { mention: requester } })];
  if (moved) lines.push(COPY.say(locale, 'thread.moved'));
  return { lines };
}

/** Said privately where the request was started, when it had to move to a direct message. */
export function movedToDirectMessage(id: string, locale: Locale): RichMessage {
  return { lines: [COPY.say(locale, 'thread.moved_privately', { id })] };
}

export function cancelChoice(requests: ResetRequest[], command: string, locale: Locale): RichMessage {
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

export function cancelConfirmation(id: string, locale: Locale): RichMessage {
  return { lines: [COPY.say(locale, 'cancel.confirmed', { id })] };
}

/** Titles (24 characters at most, Slack's modal limit), labels and hints of the forms. */
export interface Forms {
  readonly details: {
    readonly title: string;
    readonly submit: string;
    readonly hint: string;
    readonly photoLabel: string;
    readonly photoHint: string;
  };
  readonly puk: { readonly title: string; readonly submit: string; readonly label: string; readonly hint: string };
  readonly ask: { readonly title: string; readonly submit: string; readonly label: string; readonly hint: string };
  readonly reject: { readonly title: string; readonly submit: string; readonly label: string; readonly hint: string };
  readonly document: { readonly title: string; readonly submit: string; readonly label: string; readonly noteLabel: string };
  readonly ticket: { readonly title: string; readonly submit: string; readonly label: string; readonly hint: string };
  readonly claimed: { readonly title: string; readonly hint: string };
  readonly cancel: string;
}

/** The forms' words for the person who opened them. */
export function forms(locale: Locale): Forms {
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
export function pukConfirmation(request: ResetRequest, puk: string, said: string, locale: Locale): RichMessage {
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
export function continueOrNew(request: ResetRequest, text: string, locale: Locale): RichMessage {
  return {
    lines: [COPY.say(locale, 'continue.question', { id: request.id, state: stateLabels(locale)[request.state] })],
    actions: [
      { id: 'continue_request', label: COPY.word(locale, 'continue.continue', { id: request.id }) },
      { id: 'start_new', label: COPY.word(locale, 'continue.start_new'), arg: text.slice(0, 1500) },
    ],
  };
}

export function continued(request: ResetRequest, now: number, locale: Locale): RichMessage {
  const lines: Paragraph[] = [COPY.say(locale, 'continue.carrying_on', { id: request.id })];
  if (request.challenge?.code && request.state !== 'expired') lines.push(deadline(request.challenge.expiresAt, now, locale));
  return { lines };
}

export function codeKept(request: ResetRequest, now: number, locale: Locale): RichMessage {
  const lines: Paragraph[] = [COPY.say(locale, 'code.kept', { id: request.id })];
  if (request.challenge?.code) lines.push(deadline(request.challenge.expiresAt, now, locale));
  return { lines };
}

export const pukDeclined = (id: string, locale: Locale): RichMessage => ({
  lines: [COPY.say(locale, 'puk.declined', { id })],
});
