// The request lifecycle as pure transitions: (request, event, context) -> new request +
// notices, or a refusal a person can read. Claiming is optional and never strands a request,
// and every request ends (completed, cancelled, rejected, unconfirmed or abandoned). Every change
// lands in the audit trail.

import {
  type Actor,
  type Challenge,
  type FileRole,
  type RequestFile,
  type ResetRequest,
  type State,
  actorKey,
  isEnded,
  sameActor,
} from './request.js';
import { type ChallengeNews, type FieldIssue, MAX_RELAY_CHARS, type Notice } from './notices.js';
import {
  DEVICE_FIELDS,
  FORM_FIELDS,
  type FieldName,
  challengeAgeCounted,
  challengeTooOld,
  parseBoschTicket,
  parseChallenge,
  parseField,
  parsePuk,
  pleaseEnter,
} from './fields.js';
import { parseIntake } from './intake.js';
import { looksLikePuk, readAfterSubmit } from './reading.js';
import { challengeWindow, durationLabel } from './deadlines.js';
import type { Locale } from './i18n/locale.js';
import { localeOf } from './languages.js';
import { timerPlan } from './schedule.js';
import { type Refusal, refuse } from './refusals.js';
import {
  type Context,
  type Transition,
  agedChallenge,
  end,
  ok,
  record,
  refused,
  requireAgent,
  withoutCode,
  withoutSecrets,
} from './transition.js';
import { siteTransition } from './site/lifecycle.js';
import type { LifecycleEvent, SiteEvent } from './events.js';

export type { LifecycleEvent, SiteEvent } from './events.js';

export type { Context, Transition } from './transition.js';

/** Every event type, for tests that must cover each (state × event) pair. */
export const EVENT_TYPES = [
  'message',
  'new_challenge',
  'set_fields',
  'submit',
  'edit',
  'cancel',
  'claim',
  'release',
  'take_over',
  'send_puk',
  'ask',
  'request_document',
  'record_ticket',
  'reject',
  'agent_reply',
  'done',
  'failed',
  'file_copied',
  'timer',
] as const satisfies ReadonlyArray<LifecycleEvent['type']>;
// ...and no event type missing from the list:
const _everyEventListed: Exclude<LifecycleEvent['type'], (typeof EVENT_TYPES)[number]> extends never ? true : never = true;
// eslint-disable-next-line @typescript-eslint/no-meaningless-void-operator -- reads the check, which exists only for the compiler
void _everyEventListed;

/** States in which support is working on (or waiting for) the request. */
export const WITH_SUPPORT: readonly State[] = ['awaiting_support', 'claimed', 'needs_info'];

export function missingFields(request: ResetRequest): FieldName[] {
  const missing: FieldName[] = [];
  if (!request.challenge?.code) missing.push('challenge');
  for (const f of DEVICE_FIELDS) if (!request.device[f]) missing.push(f);
  return missing;
}

export function newRequest(args: { id: string; requester: Actor; conversation: ResetRequest['conversation']; now: number }): ResetRequest {
  return {
    id: args.id,
    state: 'collecting',
    requester: args.requester,
    conversation: args.conversation,
    device: { photos: [], documents: [] },
    previousChallenges: [],
    firedTimers: [],
    audit: [{ at: args.now, actor: actorKey(args.requester), action: 'started' }],
    createdAt: args.now,
    updatedAt: args.now,
  };
}

/** Starts a new challenge window; warnings whose moment has already passed are skipped. */
function setChallenge(request: ResetRequest, code: string, ageMs: number | undefined, ctx: Context): ResetRequest {
  const window = challengeWindow(ctx.now, ctx.settings.validityMs, ageMs);
  const previous = request.challenge;
  const seq = (previous?.seq ?? 0) + 1;
  const challenge: Challenge = { seq, code, receivedAt: window.receivedAt, expiresAt: window.expiresAt };
  if (ageMs !== undefined) challenge.aged = true;
  const next: ResetRequest = {
    ...request,
    challenge,
    previousChallenges: previous ? [...request.previousChallenges, withoutCode(previous)] : request.previousChallenges,
  };
  return skipPassedWarnings(next, ctx);
}

/**
 * After any change of the deadline: a warning whose moment is already behind us is not sent
 * late (the clock said 15 minutes left long ago); it counts as done, so it never comes at all.
 */
function skipPassedWarnings(request: ResetRequest, ctx: Context): ResetRequest {
  const skipped = timerPlan({ ...request, state: 'collecting' }, ctx.settings)
    .filter((t) => t.kind === 'warn' && t.at <= ctx.now)
    .map((t) => t.key);
  return skipped.length ? { ...request, firedTimers: [...request.firedTimers, ...skipped] } : request;
}

/**
 * "Generated 10 minutes ago" said after the code: the age counts back from the moment it is
 * said, and moves a code's clock once — later mentions of an age change nothing. The window
 * can only move earlier (the code existed when it was pasted).
 */
function ageChallenge(request: ResetRequest, ageMs: number, ctx: Context): ResetRequest | undefined {
  const c = request.challenge;
  if (!c?.code || c.aged) return undefined;
  return skipPassedWarnings({ ...request, challenge: agedChallenge(c, ageMs, ctx) }, ctx);
}

function requireRequester(request: ResetRequest, by: Actor, what: string): Refusal | undefined {
  if (!sameActor(request.requester, by)) return refuse('not_requester', { request, what, locale: localeOf(by) });
  return undefined;
}

/** Release and take-over: only a claimed request that support is still working on. */
function requireClaimable(request: ResetRequest, by: Actor, isAgent: boolean, what: 'release' | 'take_over'): Refusal | undefined {
  const locale = localeOf(by);
  if (!isAgent) return refuse('not_agent', { request, what, locale });
  if (isEnded(request.state)) return refuse('ended', { request, what, locale, platform: by.platform });
  if (request.state === 'collecting') return refuse('not_submitted', { request, what, locale });
  if (request.state === 'expired') return refuse('expired', { request, what, locale });
  if (request.state === 'puk_delivered') return pukAlreadySent(request, what, locale);
  return undefined;
}

/** The PUK already went out: say who sent it, and when, if the request still knows. */
function pukAlreadySent(request: ResetRequest, what: string, locale: Locale): Refusal {
  return refuse('puk_already_sent', {
    request,
    what,
    locale,
    ...(request.puk ? { other: request.puk.sentBy, at: request.puk.sentAt } : {}),
  });
}

/** The details change only by their technician, and only before they go to support. */
function requireEditable(request: ResetRequest, by: Actor): Refusal | undefined {
  const r = requireRequester(request, by, 'edit');
  if (r) return r;
  if (request.state === 'collecting') return undefined;
  return refuse(isEnded(request.state) ? 'ended' : 'already_submitted', {
    request,
    what: 'edit',
    locale: localeOf(by),
    platform: by.platform,
  });
}

/** Done and failed: only once a PUK went out (the challenge may have expired since). */
function requirePukSent(request: ResetRequest, what: 'done' | 'failed', by: Actor): Refusal | undefined {
  if (request.puk && (request.state === 'puk_delivered' || request.state === 'expired')) return undefined;
  return refuse(isEnded(request.state) ? 'ended' : 'no_puk_yet', { request, what, locale: localeOf(by), platform: by.platform });
}

function claimIfUnclaimed(request: ResetRequest, by: Actor, now: number): ResetRequest {
  if (request.claimedBy) return request;
  return record({ ...request, claimedBy: by }, by, 'claimed', now);
}

/**
 * One step of the lifecycle. A site (several cameras, site/lifecycle.ts) takes the steps that
 * differ for it; every other step, and every step of one camera's request, is the same.
 */
export function transition(request: ResetRequest, event: LifecycleEvent | SiteEvent, ctx: Context): Transition {
  const next = siteTransition(request, event, ctx, singleTransition) ?? singleTransition(request, event as LifecycleEvent, ctx);
  return request.offeredCode && !KEEPS_OFFER.has(event.type) ? forgetOffer(request, next) : next;
}

/**
 * Steps after which a typed yes or no still answers "Is this a new challenge code?": the clock
 * and the platform's reports, and support's own moves that ask the technician nothing. Any other
 * step (a message, a question or a PUK for them, an answer by button) leaves the question behind.
 */
const KEEPS_OFFER: ReadonlySet<string> = new Set(['timer', 'file_copied', 'claim', 'release', 'take_over', 'record_ticket']);

/** The step, with the code offered before it forgotten (kept, when the step offered a code of its own). */
function forgetOffer(before: ResetRequest, t: Transition): Transition {
  if (!t.ok || t.request.offeredCode !== before.offeredCode) return t;
  const request = { ...t.request };
  delete request.offeredCode;
  return { ...t, request, changed: true };
}

function singleTransition(request: ResetRequest, event: LifecycleEvent, ctx: Context): Transition {
  switch (event.type) {
    case 'message':
      return onMessage(request, event, ctx);
    case 'new_challenge':
      return onNewChallenge(request, event, ctx);
    case 'set_fields':
      return onSetFields(request, event, ctx);
    case 'submit':
      return onSubmit(request, event.by, ctx);
    case 'edit': {
      const r = requireEditable(request, event.by);
      if (r) return refused(r);
      return ok(request, [{ audience: 'requester', kind: 'edit_help' }], false);
    }
    case 'cancel': {
      const r = requireRequester(request, event.by, 'cancel');
      if (r) return refused(r);
      if (isEnded(request.state))
        return refused(refuse('ended', { request, what: 'cancel', locale: localeOf(event.by), platform: event.by.platform }));
      const next = record(end(request, 'cancelled'), event.by, 'cancelled', ctx.now);
      const notices: Notice[] = [{ audience: 'requester', kind: 'cancelled' }];
      if (request.supportCard) notices.push({ audience: 'card', kind: 'card' });
      return ok(next, notices);
    }
    case 'claim': {
      // Past the point where a claim means anything, say that first (not "take it over").
      if (event.isAgent && request.state === 'expired')
        return refused(refuse('expired', { request, what: 'claim', locale: localeOf(event.by) }));
      if (event.isAgent && request.state === 'puk_delivered') return refused(pukAlreadySent(request, 'claim', localeOf(event.by)));
      const r = requireAgent(request, event.by, event.isAgent, 'claim');
      if (r) return refused(r);
      if (sameActor(request.claimedBy, event.by))
        return refused(refuse('already_yours', { request, what: 'claim', locale: localeOf(event.by) }));
      // A question still open (its asker let go) stays open: the new holder waits for the answer.
      const next = record(
        { ...request, state: request.state === 'needs_info' ? 'needs_info' : 'claimed', claimedBy: event.by },
        event.by,
        'claimed',
        ctx.now,
      );
      return ok(next, [
        { audience: 'requester', kind: 'claimed', agent: event.by },
        { audience: 'card', kind: 'card' },
      ]);
    }
    case 'release': {
      const r = requireClaimable(request, event.by, event.isAgent, 'release');
      if (r) return refused(r);
      const holder = request.claimedBy;
      if (!holder) return refused(refuse('not_claimed', { request, what: 'release', locale: localeOf(event.by) }));
      if (!sameActor(holder, event.by))
        return refused(refuse('not_holder', { request, what: 'release', other: holder, locale: localeOf(event.by) }));
      let next: ResetRequest = { ...request, state: request.state === 'claimed' ? 'awaiting_support' : request.state };
      delete next.claimedBy;
      next = record(next, event.by, 'released', ctx.now);
      return ok(next, [
        { audience: 'support', kind: 'claim_released', from: holder },
        { audience: 'card', kind: 'card' },
      ]);
    }
    case 'take_over': {
      const r = requireClaimable(request, event.by, event.isAgent, 'take_over');
      if (r) return refused(r);
      const holder = request.claimedBy;
      // Nobody holds it: taking it over is claiming it.
      if (!holder) return transition(request, { type: 'claim', by: event.by, isAgent: event.isAgent }, ctx);
      if (sameActor(holder, event.by)) return refused(refuse('already_yours', { request, what: 'take_over', locale: localeOf(event.by) }));
      const next = record({ ...request, claimedBy: event.by }, event.by, 'taken_over', ctx.now, actorKey(holder));
      return ok(next, [
        { audience: 'support', kind: 'claim_taken', from: holder, by: event.by },
        { audience: 'requester', kind: 'claimed', agent: event.by },
        { audience: 'card', kind: 'card' },
      ]);
    }
    case 'send_puk':
      return onSendPuk(request, event.by, event.isAgent, event.puk, ctx);
    case 'ask': {
      const r = requireAgent(request, event.by, event.isAgent, 'ask');
      if (r) return refused(r);
      if (!WITH_SUPPORT.includes(request.state))
        return refused(refuse('not_with_support', { request, what: 'ask', locale: localeOf(event.by) }));
      const text = event.question.trim().slice(0, MAX_RELAY_CHARS);
      if (!text) return refused(refuse('empty', { request, what: 'ask', locale: localeOf(event.by) }));
      let next = claimIfUnclaimed(request, event.by, ctx.now);
      next = record({ ...next, state: 'needs_info', question: { text, askedBy: event.by, at: ctx.now } }, event.by, 'asked', ctx.now);
      return ok(next, [
        { audience: 'requester', kind: 'question', from: event.by, text },
        { audience: 'card', kind: 'card' },
      ]);
    }
    case 'request_document': {
      const r = requireAgent(request, event.by, event.isAgent, 'request_document');
      if (r) return refused(r);
      if (!WITH_SUPPORT.includes(request.state))
        return refused(refuse('not_with_support', { request, what: 'request_document', locale: localeOf(event.by) }));
      let next = claimIfUnclaimed(request, event.by, ctx.now);
      const text = `document: ${event.document}`;
      next = record(
        { ...next, state: 'needs_info', question: { text, askedBy: event.by, at: ctx.now } },
        event.by,
        'document_requested',
        ctx.now,
        event.document,
      );
      const notice: Notice = { audience: 'requester', kind: 'document_requested', from: event.by, document: event.document };
      if (event.note?.trim()) notice.note = event.note.trim().slice(0, MAX_RELAY_CHARS);
      return ok(next, [notice, { audience: 'card', kind: 'card' }]);
    }
    case 'record_ticket': {
      if (!event.isAgent) return refused(refuse('not_agent', { request, what: 'record_ticket', locale: localeOf(event.by) }));
      if (isEnded(request.state))
        return refused(refuse('ended', { request, what: 'record_ticket', locale: localeOf(event.by), platform: event.by.platform }));
      const parsed = parseBoschTicket(event.ticket, localeOf(event.by));
      if (!parsed.ok)
        return refused(refuse('invalid_field', { request, what: 'record_ticket', message: parsed.error, locale: localeOf(event.by) }));
      const next = record({ ...request, boschTicket: parsed.value }, event.by, 'ticket_recorded', ctx.now, parsed.value);
      return ok(next, [
        { audience: 'support', kind: 'ticket_recorded', by: event.by, ticket: parsed.value },
        { audience: 'card', kind: 'card' },
      ]);
    }
    case 'reject': {
      const r = requireAgent(request, event.by, event.isAgent, 'reject');
      if (r) return refused(r);
      const reason = event.reason.trim().slice(0, MAX_RELAY_CHARS);
      if (!reason) return refused(refuse('reason_required', { request, what: 'reject', locale: localeOf(event.by) }));
      let next = end({ ...request, rejection: { reason, by: event.by, at: ctx.now } }, 'rejected');
      next = record(next, event.by, 'rejected', ctx.now);
      return ok(next, [
        { audience: 'requester', kind: 'rejected', by: event.by, reason },
        { audience: 'card', kind: 'card' },
      ]);
    }
    case 'agent_reply':
      return onAgentReply(request, event, ctx);
    case 'done': {
      const r = requireRequester(request, event.by, 'done');
      if (r) return refused(r);
      const unsent = requirePukSent(request, 'done', event.by);
      if (unsent) return refused(unsent);
      const next = record(end(request, 'completed'), event.by, 'completed', ctx.now);
      return ok(next, [
        { audience: 'requester', kind: 'completed' },
        { audience: 'card', kind: 'card' },
      ]);
    }
    case 'failed':
      return onFailed(request, event.by, event.note, ctx);
    case 'file_copied':
      return onFileCopied(request, event, ctx);
    case 'timer':
      return onTimer(request, event.timerId, ctx);
  }
}

function onMessage(request: ResetRequest, event: Extract<LifecycleEvent, { type: 'message' }>, ctx: Context): Transition {
  const r = requireRequester(request, event.by, 'message');
  if (r) return refused(r);
  if (isEnded(request.state))
    return refused(refuse('ended', { request, what: 'message', locale: localeOf(event.by), platform: event.by.platform }));
  const files = event.files ?? [];

  if (request.state === 'collecting') return collect(request, event.by, event.text, files, ctx);

  // What the words mean is reading.ts's rule: the same code again is no news, a message that is
  // only a new code is confirmed first, a code inside a sentence is text for support.
  const meaning = readAfterSubmit(request, event.text);
  if (meaning.kind === 'same_code' && !files.length) return ok(request, [{ audience: 'requester', kind: 'same_code' }], false);
  if (meaning.kind === 'new_code') {
    if (!meaning.confirm) return newChallengeAfterSubmit(request, event.by, meaning.code, meaning.ageMs, ctx);
    const ask: Notice =
      meaning.ageMs === undefined
        ? { audience: 'requester', kind: 'confirm_code', code: meaning.code }
        : { audience: 'requester', kind: 'confirm_code', code: meaning.code, ageMs: meaning.ageMs };
    // Kept, so that a typed yes or no can answer the question as its buttons do (Desk.hear).
    const offeredCode =
      meaning.ageMs === undefined ? { code: meaning.code, at: ctx.now } : { code: meaning.code, ageMs: meaning.ageMs, at: ctx.now };
    return ok({ ...request, offeredCode }, [ask]);
  }
  if (request.state === 'expired' && !files.length) {
    const intake = parseIntake(event.text.slice(0, 20_000), undefined, localeOf(event.by));
    const errors = intake.errors.filter((e) => e.field === 'challenge');
    if (errors.length) return ok(request, [intakeReply(request, [], errors, [], false, true)], false);
    return refused(refuse('expired', { request, what: 'message', locale: localeOf(event.by) }));
  }

  // After submission, whatever the technician writes goes to the agents.
  const text = event.text.trim().slice(0, MAX_RELAY_CHARS);
  if (!text && !files.length) return ok(request, [], false);
  let next = request;
  if (files.length) next = { ...next, device: { ...next.device, documents: [...next.device.documents, ...files] } };
  if (request.state === 'needs_info') {
    // Back to whoever holds it; a question whose asker let go goes back to the whole queue.
    next = { ...next, state: next.claimedBy ? 'claimed' : 'awaiting_support' };
    delete next.question;
    next = record(next, event.by, 'answered', ctx.now);
  } else {
    next = record(next, event.by, files.length ? 'uploaded' : 'relayed', ctx.now);
  }
  const notices: Notice[] = [
    { audience: 'support', kind: 'relay', from: event.by, text, files },
    { audience: 'requester', kind: 'relayed' },
  ];
  if (next.state !== request.state || files.length) notices.push({ audience: 'card', kind: 'card' });
  return ok(next, notices);
}

function intakeReply(
  request: ResetRequest,
  accepted: Array<{ field: FieldName; value: string }>,
  errors: FieldIssue[],
  warnings: FieldIssue[],
  photoAdded: boolean,
  understood: boolean,
  challengeNews?: ChallengeNews,
): Extract<Notice, { kind: 'intake_reply' }> {
  const notice: Extract<Notice, { kind: 'intake_reply' }> = {
    audience: 'requester',
    kind: 'intake_reply',
    accepted,
    errors,
    warnings,
    missing: missingFields(request),
    photoAdded,
    understood,
  };
  if (challengeNews) notice.challengeNews = challengeNews;
  return notice;
}

function collect(request: ResetRequest, by: Actor, text: string, files: RequestFile[], ctx: Context): Transition {
  const expecting = missingFields(request)[0];
  // The whole text: the intake reads what it can and says when the end was too long to read.
  const intake = parseIntake(text, expecting, localeOf(by));
  let next = request;
  const accepted: Array<{ field: FieldName; value: string }> = [];
  const errors: FieldIssue[] = [...intake.errors];
  const notes: FieldIssue[] = [];
  const ageMs = intake.challenge?.ageMs ?? intake.ageMs;

  // The same code again (a re-pasted block with one correction) keeps its clock; a different
  // one replaces it, and the clock runs from the new one.
  let challengeNews: ChallengeNews | undefined;
  if (intake.challenge && intake.challenge.code === request.challenge?.code) {
    challengeNews = 'same';
  } else if (intake.challenge) {
    if (ageMs !== undefined && ageMs >= ctx.settings.validityMs) {
      errors.push({ field: 'challenge', message: tooOld(ageMs, ctx, localeOf(by)) });
    } else {
      if (request.challenge?.code) challengeNews = 'replaced';
      next = setChallenge(next, intake.challenge.code, ageMs, ctx);
      accepted.push({ field: 'challenge', value: intake.challenge.code });
    }
  } else if (ageMs !== undefined && next.challenge?.code) {
    // "It was generated 10 minutes ago" after the code: move the clock back, once per code.
    const aged = ageChallenge(next, ageMs, ctx);
    if (aged) {
      next = aged;
      accepted.push({ field: 'challenge', value: next.challenge?.code ?? '' });
    } else {
      notes.push({ field: 'challenge', message: challengeAgeCounted(localeOf(by)) });
    }
  }
  const device = { ...next.device };
  for (const f of DEVICE_FIELDS) {
    const value = intake.fields[f];
    if (value !== undefined) {
      device[f] = value;
      accepted.push({ field: f, value });
    }
  }
  const photoAdded = files.length > 0;
  if (photoAdded) device.photos = [...device.photos, ...files];
  next = { ...next, device };
  const changed = accepted.length > 0 || photoAdded;
  if (changed) next = record(next, by, 'details_added', ctx.now, accepted.map((a) => a.field).join(',') || 'photo');
  const understood = changed || errors.length > 0 || challengeNews === 'same' || notes.length > 0 || intake.aside !== undefined;
  const warnings = [...intake.warnings, ...notes];
  const reply: Extract<Notice, { kind: 'summary' | 'intake_reply' }> =
    missingFields(next).length === 0 && errors.length === 0 && changed
      ? challengeNews
        ? { audience: 'requester', kind: 'summary', warnings, challengeNews }
        : { audience: 'requester', kind: 'summary', warnings }
      : intakeReply(next, accepted, errors, warnings, photoAdded, understood, challengeNews);
  // "Wait", "unreadable": said instead of the value asked for, answered as such (nothing was stored).
  if (reply.kind === 'intake_reply' && intake.aside) reply.aside = intake.aside;
  return ok(next, [intake.unread ? { ...reply, unread: true } : reply], changed);
}

/**
 * The outcome of copying one shared file into the support card's thread. Only a copy still
 * pending changes (a repeated report is no news); a failure tells the technician what to do and
 * support what is missing, and changes nothing else.
 */
function onFileCopied(request: ResetRequest, event: Extract<LifecycleEvent, { type: 'file_copied' }>, ctx: Context): Transition {
  const copy = event.ok ? 'delivered' : 'failed';
  // A file without a name is named when worded, in its reader's language.
  let found: { name?: string; role: FileRole } | undefined;
  const mark = (list: RequestFile[], role: FileRole): RequestFile[] =>
    list.map((p) => {
      if (found || p.url !== event.url || p.copy !== 'pending') return p;
      found = p.name === undefined ? { role } : { name: p.name, role };
      return { ...p, copy };
    });
  const photos = mark(request.device.photos, 'label_photo');
  const documents = mark(request.device.documents, 'document');
  if (!found) return ok(request, [], false);
  const next = record(
    { ...request, device: { ...request.device, photos, documents } },
    'system',
    event.ok ? 'file_copied' : 'file_failed',
    ctx.now,
    found.role,
  );
  // An ended request needs nothing sent again: only the card says what became of the file.
  const notices: Notice[] =
    event.ok || isEnded(request.state)
      ? []
      : [
          { audience: 'requester', kind: 'file_failed', ...found },
          { audience: 'support', kind: 'file_failed', ...found },
        ];
  if (next.supportCard) notices.push({ audience: 'card', kind: 'card' });
  return ok(next, notices);
}

function tooOld(ageMs: number, ctx: Context, locale: Locale): string {
  return challengeTooOld(ageMs, ctx.settings.validityMs, locale);
}

function onSetFields(request: ResetRequest, event: Extract<LifecycleEvent, { type: 'set_fields' }>, ctx: Context): Transition {
  const r = requireEditable(request, event.by);
  if (r) return refused(r);
  const fieldErrors: Partial<Record<FieldName, string>> = {};
  const values: Partial<Record<FieldName, string>> = {};
  const warnings: FieldIssue[] = [];
  for (const f of FORM_FIELDS) {
    const raw = event.values[f];
    if (raw === undefined || raw.trim() === '') {
      const have = f === 'challenge' ? request.challenge?.code : request.device[f];
      if (!have) fieldErrors[f] = pleaseEnter(f, localeOf(event.by));
      continue;
    }
    const parsed = parseField(f, raw, localeOf(event.by));
    if (!parsed.ok) fieldErrors[f] = parsed.error;
    else {
      values[f] = parsed.value;
      if (parsed.warning) warnings.push({ field: f, message: parsed.warning });
    }
  }
  if (Object.keys(fieldErrors).length)
    return refused(refuse('invalid_fields', { request, what: 'edit', fieldErrors, locale: localeOf(event.by) }));
  let next = request;
  if (values.challenge && values.challenge !== request.challenge?.code) next = setChallenge(next, values.challenge, undefined, ctx);
  const device = { ...next.device };
  for (const f of DEVICE_FIELDS) if (values[f]) device[f] = values[f];
  if (event.files?.length) device.photos = [...device.photos, ...event.files];
  next = record({ ...next, device }, event.by, 'details_added', ctx.now, event.files?.length ? 'form,photo' : 'form');
  return ok(next, [{ audience: 'requester', kind: 'summary', warnings }]);
}

function onSubmit(request: ResetRequest, by: Actor, ctx: Context): Transition {
  const r = requireRequester(request, by, 'submit');
  if (r) return refused(r);
  if (request.state !== 'collecting')
    return refused(
      refuse(isEnded(request.state) ? 'ended' : 'already_submitted', {
        request,
        what: 'submit',
        locale: localeOf(by),
        platform: by.platform,
      }),
    );
  const missing = missingFields(request);
  if (missing.length) return refused(refuse('incomplete', { request, what: 'submit', missing, locale: localeOf(by) }));
  if (request.challenge && request.challenge.expiresAt <= ctx.now)
    return refused(refuse('expired', { request, what: 'submit', locale: localeOf(by) }));
  const next = record({ ...request, state: 'awaiting_support' }, by, 'submitted', ctx.now);
  return ok(next, [
    { audience: 'card', kind: 'card' },
    { audience: 'requester', kind: 'submitted' },
  ]);
}

function onAgentReply(request: ResetRequest, event: Extract<LifecycleEvent, { type: 'agent_reply' }>, ctx: Context): Transition {
  const puk = looksLikePuk(event.text);
  if (puk) {
    const sent = onSendPuk(request, event.by, event.isAgent, puk, ctx);
    if (sent.ok) sent.notices.push({ audience: 'support', kind: 'puk_taken', agent: event.by });
    return sent;
  }
  return transition(request, { type: 'ask', by: event.by, isAgent: event.isAgent, question: event.text }, ctx);
}

function onSendPuk(request: ResetRequest, by: Actor, isAgent: boolean, raw: string, ctx: Context): Transition {
  const r = requireAgent(request, by, isAgent, 'send_puk');
  if (r) return refused(r);
  if (request.state === 'puk_delivered' && request.puk) return refused(pukAlreadySent(request, 'send_puk', localeOf(by)));
  if (request.state === 'expired') return refused(refuse('expired', { request, what: 'send_puk', locale: localeOf(by) }));
  const parsed = parsePuk(raw, localeOf(by));
  if (!parsed.ok) return refused(refuse('invalid_field', { request, what: 'send_puk', message: parsed.error, locale: localeOf(by) }));
  let next = claimIfUnclaimed(request, by, ctx.now);
  next = { ...next, state: 'puk_delivered', puk: { value: parsed.value, sentBy: by, sentAt: ctx.now } };
  delete next.question;
  next = record(next, by, 'puk_sent', ctx.now);
  return ok(next, [
    { audience: 'requester_private', kind: 'puk' },
    { audience: 'requester', kind: 'puk_sent_note', agent: by },
    { audience: 'card', kind: 'card' },
  ]);
}

function onFailed(request: ResetRequest, by: Actor, note: string | undefined, ctx: Context): Transition {
  const r = requireRequester(request, by, 'failed');
  if (r) return refused(r);
  const unsent = requirePukSent(request, 'failed', by);
  if (unsent) return refused(unsent);
  const text = note?.trim().slice(0, MAX_RELAY_CHARS);
  const stillValid = !!request.challenge && request.challenge.expiresAt > ctx.now && request.state !== 'expired';
  let next: ResetRequest = { ...request, state: stillValid ? 'awaiting_support' : 'expired' };
  delete next.puk;
  delete next.claimedBy;
  // The audit says that a note came, never its words (it may quote a PUK); support gets the note.
  next = record(next, by, 'reset_failed', ctx.now, text ? 'note' : undefined);
  const supportNote: Notice = { audience: 'support', kind: 'reopened', reason: 'reset_failed' };
  if (text) supportNote.note = text;
  return ok(next, [
    supportNote,
    { audience: 'card', kind: 'card' },
    stillValid ? { audience: 'requester', kind: 'reopened', reason: 'reset_failed' } : { audience: 'requester', kind: 'expired' },
  ]);
}

function onNewChallenge(request: ResetRequest, event: Extract<LifecycleEvent, { type: 'new_challenge' }>, ctx: Context): Transition {
  const r = requireRequester(request, event.by, 'message');
  if (r) return refused(r);
  if (isEnded(request.state))
    return refused(refuse('ended', { request, what: 'message', locale: localeOf(event.by), platform: event.by.platform }));
  const parsed = parseChallenge(event.code, localeOf(event.by));
  if (!parsed.ok) return refused(refuse('invalid_field', { request, what: 'message', message: parsed.error, locale: localeOf(event.by) }));
  if (parsed.value === request.challenge?.code) return ok(request, [{ audience: 'requester', kind: 'same_code' }], false);
  if (request.state === 'collecting') return collect(request, event.by, parsed.value, [], ctx);
  return newChallengeAfterSubmit(request, event.by, parsed.value, event.ageMs, ctx);
}

function newChallengeAfterSubmit(request: ResetRequest, by: Actor, code: string, ageMs: number | undefined, ctx: Context): Transition {
  if (ageMs !== undefined && ageMs >= ctx.settings.validityMs)
    return ok(
      request,
      [intakeReply(request, [], [{ field: 'challenge', message: tooOld(ageMs, ctx, localeOf(by)) }], [], false, true)],
      false,
    );
  let next = setChallenge(request, code, ageMs, ctx);
  next = { ...next, state: 'awaiting_support' };
  delete next.puk;
  delete next.question;
  delete next.claimedBy;
  next = record(next, by, 'new_challenge', ctx.now);
  return ok(next, [
    { audience: 'requester', kind: 'reopened' },
    { audience: 'support', kind: 'reopened', reason: 'new_challenge' },
    { audience: 'card', kind: 'card' },
  ]);
}

function onTimer(request: ResetRequest, timerId: string, ctx: Context): Transition {
  // At-least-once delivery meets exactly-once effect: only a timer the request still plans,
  // for the deadline it has now, and has not fired, does anything.
  const planned = timerPlan(request, ctx.settings).find((t) => t.id === timerId);
  if (!planned) return ok(request, [], false);
  let next: ResetRequest = { ...request, firedTimers: [...request.firedTimers, planned.key] };
  const notices: Notice[] = [];
  if (planned.kind === 'idle') return closeIdle(next, ctx);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- timerPlan plans the expiry timers only for a request with a challenge, and idle closed above
  const challenge = request.challenge!;
  const remainingMs = Math.max(0, challenge.expiresAt - ctx.now);
  // A warning or reminder honoured only once the code has run out (the process was down, the
  // clock jumped) would say "expires in 0 seconds": the expiry, due now too, says what is true.
  if ((planned.kind === 'warn' || planned.kind === 'remind') && remainingMs === 0) return ok(next, []);
  if (planned.kind === 'warn') {
    const label = durationLabel(planned.beforeMs ?? 0);
    const first = !challenge.warned;
    next = record({ ...next, challenge: { ...challenge, warned: (challenge.warned ?? 0) + 1 } }, 'system', 'warned', ctx.now, label);
    notices.push({ audience: 'requester', kind: 'warning', label, remainingMs, expiresAt: challenge.expiresAt });
    if (request.state !== 'collecting') {
      const toSupport: Notice = { audience: 'support', kind: 'warning', label, remainingMs, expiresAt: challenge.expiresAt };
      if (first && !request.claimedBy) toSupport.unclaimed = true;
      notices.push(toSupport, { audience: 'card', kind: 'card' });
    }
  } else if (planned.kind === 'remind') {
    next = record(next, 'system', 'reminded', ctx.now);
    notices.push({ audience: 'requester', kind: 'puk_reminder', remainingMs, expiresAt: challenge.expiresAt });
  } else if (request.state === 'collecting') {
    // Not submitted yet: drop the dead code and ask for a fresh one; the details stay.
    next = record(withoutSecrets(next), 'system', 'challenge_expired', ctx.now);
    notices.push({ audience: 'requester', kind: 'expired' });
  } else if (request.state === 'puk_delivered') {
    // The PUK went out and nobody said how it went: the reset may well have worked. Ask.
    next = record(withoutSecrets({ ...next, state: 'expired' }), 'system', 'expired', ctx.now, 'after_puk');
    notices.push(
      { audience: 'requester', kind: 'reset_check' },
      { audience: 'support', kind: 'reset_check' },
      { audience: 'card', kind: 'card' },
    );
  } else {
    next = record(withoutSecrets({ ...next, state: 'expired' }), 'system', 'expired', ctx.now);
    notices.push({ audience: 'requester', kind: 'expired' }, { audience: 'support', kind: 'expired' }, { audience: 'card', kind: 'card' });
  }
  return ok(next, notices);
}

/**
 * REQUEST_IDLE_CLOSE of quiet ends what nobody came back to: a PUK nobody confirmed is
 * `unconfirmed`; an intake or an expired challenge without a new code is `abandoned`.
 */
function closeIdle(request: ResetRequest, ctx: Context): Transition {
  const outcome = request.state === 'expired' && request.puk ? 'unconfirmed' : 'abandoned';
  const next = record(end(request, outcome), 'system', outcome, ctx.now);
  const notices: Notice[] = [{ audience: 'requester', kind: 'closed', outcome }];
  if (request.supportCard) notices.push({ audience: 'card', kind: 'card' });
  return ok(next, notices);
}
