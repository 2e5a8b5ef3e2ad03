// A whole site in one request (issue 15): the steps that differ from one camera's. Each camera
// has its own details, its own challenge with its own clock, its own PUK and its own outcome;
// the site is claimed, asked, rejected and cancelled as one, and those steps are one camera's
// (they never touch a camera). A request becomes a site when a paste holds several cameras or
// the technician adds another; it never goes back to one camera.

import type { Actor, Camera, Challenge, RequestFile, ResetRequest } from '../request.js';
import { isEnded, sameActor } from '../request.js';
import type { FieldIssue, Notice } from '../notices.js';
import { DEVICE_FIELDS, type DeviceField, type FieldName, challengeAgeCounted, challengeTooOld, parsePuk } from '../fields.js';
import { parseIntake } from '../intake.js';
import { parseSite, type SiteIntake, type SiteRow } from '../intake/site.js';
import { challengeWindow, durationLabel } from '../deadlines.js';
import { localeOf } from '../languages.js';
import { type Refusal, refuse } from '../refusals.js';
import { REFUSALS } from '../i18n/catalog.js';
import { batchMax } from '../settings.js';
import { timerPlan, type PlannedTimer } from '../schedule.js';
import type { LifecycleEvent, SiteEvent } from '../events.js';
import { type Context, type Transition, agedChallenge, end, ok, record, refused, requireAgent, withoutCode } from '../transition.js';
import { awaitingPuk, byExpiry, cameraMatching, cameraMissing, currentCamera, newCamera, siteMissing, siteStateAfter } from './cameras.js';

/** One camera's step, for everything a site does as one camera would. */
export type Single = (request: ResetRequest, event: LifecycleEvent, ctx: Context) => Transition;

/** Warnings due this close after the one firing go out with it, as one message. */
export const COALESCE_MS = 2 * 60_000;

/**
 * How long an agent plausibly needs from taking a request to having Bosch's PUK (an e-mail to
 * Central Support and its answer): a code that runs out sooner, with nobody on it, is renewed.
 */
export const ANSWER_LEAD_MS = 30 * 60_000;

/** Free text relayed from the site intake is cut like a camera's (MAX_RELAY_CHARS lives in notices.ts). */
const MAX_PASTE_CHARS = 100_000;

/**
 * The site's step for `event`, or undefined when this is one camera's request and the event does
 * not make it a site (then lifecycle.ts takes it as always).
 */
export function siteTransition(
  request: ResetRequest,
  event: LifecycleEvent | SiteEvent,
  ctx: Context,
  single: Single,
): Transition | undefined {
  if (!request.cameras) {
    if (event.type === 'another_camera') return anotherCamera(request, event.by, ctx);
    if (event.type === 'send_puks') return refused(refuse('not_with_support', { request, what: 'send_puk', locale: localeOf(event.by) }));
    if (event.type === 'message' && request.state === 'collecting') {
      const read = parseSite(event.text.slice(0, MAX_PASTE_CHARS), localeOf(event.by));
      if (isSeveral(read) || isNextCamera(request, read))
        return collect(request, event.by, read, event.files ?? [], ctx, event.text.length > MAX_PASTE_CHARS);
    }
    return undefined;
  }
  switch (event.type) {
    case 'another_camera':
      return anotherCamera(request, event.by, ctx);
    case 'send_puks':
      return sendPuks(request, event.by, event.isAgent, event.puks, ctx);
    case 'message':
      return onMessage(request, event, ctx, single);
    case 'new_challenge':
      // The site never asks "is this a new code?" (it asks which camera): a Yes from an older message reads as that code sent again.
      return onMessage(request, { type: 'message', by: event.by, text: event.code }, ctx, single);
    case 'set_fields':
      return refused(refuse('site_form', { request, what: 'edit', locale: localeOf(event.by) }));
    case 'submit':
      return submit(request, event.by, ctx);
    case 'send_puk':
      return refused(refuse('site_needs_camera', { request, what: 'send_puk', locale: localeOf(event.by) }));
    case 'agent_reply':
      // Never one PUK for "the" camera: the desk offered what Bosch's reply matched; anything else is a question.
      return single(request, { type: 'ask', by: event.by, isAgent: event.isAgent, question: event.text }, ctx);
    case 'done':
      return outcome(request, event.by, true, event.camera, undefined, ctx);
    case 'failed':
      return outcome(request, event.by, false, event.camera, event.note, ctx);
    case 'timer':
      return onTimer(request, event.timerId, ctx);
    default:
      return single(request, event, ctx);
  }
}

/**
 * A one-camera request already complete, and a whole other camera pasted after it: its own
 * code, another MAC and another serial. That is the next camera of a site, not a correction
 * (a correction keeps the MAC or the serial).
 */
function isNextCamera(request: ResetRequest, read: SiteIntake): boolean {
  const row = read.rows.length === 1 ? read.rows[0] : undefined;
  const d = request.device;
  if (!row?.code || !row.fields.mac || !row.fields.serial || row.errors.length) return false;
  if (!request.challenge?.code || !d.model || !d.mac || !d.firmware || !d.serial) return false;
  return row.code !== request.challenge.code && row.fields.mac !== d.mac && row.fields.serial !== d.serial;
}

/** Several cameras in one paste: a table, or two rows or blocks that each carry a code. */
function isSeveral(read: SiteIntake): boolean {
  return read.multi && read.rows.length >= 2;
}

const maxN = (cameras: readonly Camera[]) => cameras.reduce((m, c) => Math.max(m, c.n), 0);

/**
 * One camera's request as the first camera of a site: its details and its code, with its clock.
 * `partial`: what to do with details given before any code when a paste of several cameras
 * arrives: 'shared' (they apply to every camera lacking them) or 'camera' (they are camera 1's,
 * as when the technician presses Another camera while filling it in).
 */
function asSite(request: ResetRequest, partial: 'shared' | 'camera' = 'camera'): ResetRequest & { cameras: Camera[] } {
  if (request.cameras) return request as ResetRequest & { cameras: Camera[] };
  const { model, mac, firmware, serial, photos, documents } = request.device;
  const first: Camera = newCamera(1);
  if (model) first.model = model;
  if (mac) first.mac = mac;
  if (firmware) first.firmware = firmware;
  if (serial) first.serial = serial;
  if (request.challenge) first.challenge = request.challenge;
  first.previousChallenges = request.previousChallenges;
  const next: ResetRequest = { ...request, device: { photos, documents }, previousChallenges: [] };
  delete next.challenge;
  const hasAnything = !!request.challenge?.code || DEVICE_FIELDS.some((f) => !!request.device[f]);
  if (partial === 'shared' && !request.challenge?.code) return { ...next, cameras: [] };
  return { ...next, cameras: hasAnything ? [first] : [] };
}

function anotherCamera(request: ResetRequest, by: Actor, ctx: Context): Transition {
  const locale = localeOf(by);
  const r = requireRequester(request, by, 'edit');
  if (r) return refused(r);
  if (request.state !== 'collecting')
    return refused(
      refuse(isEnded(request.state) ? 'ended' : 'already_submitted', { request, what: 'edit', locale, platform: by.platform }),
    );
  const site = asSite(request);
  const last = site.cameras.at(-1);
  // A camera nothing was said of yet is the one to fill: no second empty one.
  const untouched = last && JSON.stringify(last) === JSON.stringify(withFields(newCamera(last.n), site.siteDefaults ?? {}));
  if (last && untouched) return ok(site, [{ audience: 'requester', kind: 'site_next_camera', n: last.n }], !request.cameras);
  const max = batchMax(ctx.settings);
  if (site.cameras.length >= max) return refused(refuse('batch_full', { request, what: 'edit', locale, max, platform: by.platform }));
  const n = maxN(site.cameras) + 1;
  const next = record(
    { ...site, cameras: [...site.cameras, withFields(newCamera(n), site.siteDefaults ?? {})] },
    by,
    'camera_added',
    ctx.now,
    String(n),
  );
  return ok(next, [{ audience: 'requester', kind: 'site_next_camera', n }]);
}

function requireRequester(request: ResetRequest, by: Actor | undefined, what: string): Refusal | undefined {
  if (!by || !sameActor(request.requester, by))
    return refuse('not_requester', { request, what, locale: localeOf(by ?? request.requester) });
  return undefined;
}

/** A camera's new code, with its own clock; its warnings whose moment passed already count as sent. */
function setCode(request: ResetRequest, camera: Camera, code: string, ageMs: number | undefined, ctx: Context): Camera {
  const window = challengeWindow(ctx.now, ctx.settings.validityMs, ageMs);
  const previous = camera.challenge;
  const challenge: Challenge = { seq: (previous?.seq ?? 0) + 1, code, receivedAt: window.receivedAt, expiresAt: window.expiresAt };
  if (ageMs !== undefined) challenge.aged = true;
  const next: Camera = { ...camera, challenge };
  if (previous) next.previousChallenges = [...camera.previousChallenges, withoutCode(previous)];
  return next;
}

/** Warnings of the site whose moment is behind us are not sent late: they count as done. */
function skipPassed(request: ResetRequest, ctx: Context): ResetRequest {
  const skipped = timerPlan({ ...request, state: 'collecting' }, ctx.settings)
    .filter((t) => t.kind === 'warn' && t.at <= ctx.now && !request.firedTimers.includes(t.key))
    .map((t) => t.key);
  return skipped.length ? { ...request, firedTimers: [...request.firedTimers, ...skipped] } : request;
}

function withFields(camera: Camera, fields: Partial<Record<DeviceField, string>>): Camera {
  const next = { ...camera };
  for (const f of DEVICE_FIELDS) {
    const v = fields[f];
    if (v !== undefined) next[f] = v;
  }
  return next;
}

/**
 * The intake of a site: rows become cameras (a row naming a camera already there, by its code,
 * MAC or serial, corrects it), a bad row is refused whole and named, fields given once apply to
 * every camera lacking them, and more cameras than BATCH_MAX take nothing at all.
 */
function collect(request: ResetRequest, by: Actor, read: SiteIntake, files: RequestFile[], ctx: Context, cut: boolean): Transition {
  const locale = localeOf(by);
  const r = requireRequester(request, by, 'message');
  if (r) return refused(r);
  let site: ResetRequest = asSite(request, 'shared');
  let cameras = [...(site.cameras ?? [])];
  // Details given before the paste, with no code to tie them to a camera, are the site's.
  const given: Partial<Record<DeviceField, string>> = request.cameras || request.challenge?.code ? {} : { ...request.device };
  const sharedFields: Partial<Record<DeviceField, string>> = { ...request.siteDefaults, ...pickFields(given), ...read.shared };
  const added: number[] = [];
  const updated: number[] = [];
  const bad: Array<{ row: number; errors: FieldIssue[]; text?: string }> = [];
  const warnings: Array<{ n: number; message: string }> = [];
  const good: SiteRow[] = [];
  for (const row of read.rows) {
    const errors: FieldIssue[] = row.errors.map((e) => ({
      field: e.field === 'row' ? 'challenge' : e.field,
      message: e.message,
      ...(e.input !== undefined ? { input: e.input } : {}),
    }));
    if (row.code && row.ageMs !== undefined && row.ageMs >= ctx.settings.validityMs)
      errors.push({ field: 'challenge', message: challengeTooOld(row.ageMs, ctx.settings.validityMs, locale) });
    if (errors.length) bad.push(row.text ? { row: row.row, errors, text: row.text } : { row: row.row, errors });
    else good.push(row);
  }
  const fresh = good.filter((row) => !cameraMatching({ ...site, cameras }, keyOf(row)));
  const max = batchMax(ctx.settings);
  if (cameras.length + fresh.length > max) {
    const notice: Notice = {
      audience: 'requester',
      kind: 'site_intake',
      added: [],
      updated: [],
      bad: [],
      shared: [],
      warnings: [],
      tooMany: { got: cameras.length + fresh.length, max },
      understood: true,
    };
    return ok(request, [notice], false);
  }
  for (const row of good) {
    const match = cameraMatching({ ...site, cameras }, keyOf(row));
    let camera = match ?? newCamera(maxN(cameras) + 1);
    camera = withFields(camera, row.fields);
    if (row.code && row.code !== camera.challenge?.code) camera = setCode(site, camera, row.code, row.ageMs, ctx);
    else if (row.code && row.ageMs !== undefined && camera.challenge && !camera.challenge.aged)
      camera = { ...camera, challenge: agedChallenge(camera.challenge, row.ageMs, ctx) };
    for (const w of row.warnings) warnings.push({ n: camera.n, message: w.message });
    if (match) {
      cameras = cameras.map((c) => (c.n === camera.n ? camera : c));
      if (!updated.includes(camera.n)) updated.push(camera.n);
    } else {
      cameras.push(camera);
      added.push(camera.n);
    }
  }
  const shared: Array<{ field: FieldName; value: string; to: number[] }> = [];
  for (const f of DEVICE_FIELDS) {
    const value = sharedFields[f];
    if (value === undefined) continue;
    const to = cameras.filter((c) => !c[f]).map((c) => c.n);
    cameras = cameras.map((c) => (c[f] ? c : { ...c, [f]: value }));
    if (to.length) shared.push({ field: f, value, to });
  }
  for (const e of read.sharedErrors)
    bad.push({ row: 0, errors: [{ field: e.field === 'row' ? 'challenge' : e.field, message: e.message }] });
  const changed = added.length > 0 || updated.length > 0 || shared.length > 0 || files.length > 0 || !request.cameras;
  site = { ...site, cameras };
  // Only what the writer gave as the site's is kept as its defaults (never a serial or MAC: those are one camera's).
  const defaults = { ...request.siteDefaults, ...pickFields({ model: sharedFields.model, firmware: sharedFields.firmware }) };
  if (Object.keys(defaults).length) site = { ...site, siteDefaults: defaults };
  if (files.length) site = { ...site, device: { ...site.device, photos: [...site.device.photos, ...files] } };
  if (changed) site = record(skipPassed(site, ctx), by, 'details_added', ctx.now, 'site');
  const notice: Extract<Notice, { kind: 'site_intake' }> = {
    audience: 'requester',
    kind: 'site_intake',
    added,
    updated,
    bad,
    shared,
    warnings,
    understood: changed || bad.length > 0,
  };
  if (cut || read.unread) notice.unread = true;
  return ok(site, [notice], changed);
}

function pickFields(from: Partial<Record<DeviceField, unknown>>): Partial<Record<DeviceField, string>> {
  const out: Partial<Record<DeviceField, string>> = {};
  for (const f of DEVICE_FIELDS) {
    const v = from[f];
    if (typeof v === 'string' && v) out[f] = v;
  }
  return out;
}

const keyOf = (row: SiteRow): { mac?: string; serial?: string; code?: string } => {
  const key: { mac?: string; serial?: string; code?: string } = {};
  if (row.fields.mac) key.mac = row.fields.mac;
  if (row.fields.serial) key.serial = row.fields.serial;
  if (row.code) key.code = row.code;
  return key;
};

/**
 * Words in a site's thread. Before submission: a paste of rows, or the answer for the camera
 * being asked about. After it: new codes, each tied to its camera by the MAC or serial beside
 * it; anything else goes to support as one camera's words would.
 */
type MessageEvent = Extract<LifecycleEvent, { type: 'message' }>;

function onMessage(request: ResetRequest, event: MessageEvent, ctx: Context, single: Single): Transition {
  const r = requireRequester(request, event.by, 'message');
  if (r) return refused(r);
  const locale = localeOf(event.by);
  if (isEnded(request.state)) return refused(refuse('ended', { request, what: 'message', locale, platform: event.by.platform }));
  const text = event.text.slice(0, MAX_PASTE_CHARS);
  const read = parseSite(text, locale);
  if (request.state === 'collecting') {
    const current = currentCamera(request);
    if (!isSeveral(read) && current) return answerFor(request, current, event, ctx);
    return collect(request, event.by, read, event.files ?? [], ctx, event.text.length > MAX_PASTE_CHARS);
  }
  let coded = read.rows.filter((row) => row.code && row.errors.length === 0);
  if (!coded.length) {
    // One camera's words ("MAC 00:07:5F:… <code>", or a code alone) read as one camera's message is.
    const one = parseIntake(text.slice(0, 20_000), undefined, locale);
    if (one.challenge) {
      const row: SiteRow = { row: 1, fields: one.fields, code: one.challenge.code, errors: [], warnings: [], text: '' };
      const age = one.challenge.ageMs ?? one.ageMs;
      if (age !== undefined) row.ageMs = age;
      coded = [row];
    }
  }
  if (!coded.length) return single(request, event, ctx);
  return newCodes(request, event.by, coded, ctx);
}

/** One answer for the camera the intake asked about (the code, then each field), read as one camera's message is. */
function answerFor(request: ResetRequest, camera: Camera, event: MessageEvent, ctx: Context): Transition {
  const locale = localeOf(event.by);
  const expecting = cameraMissing(camera)[0];
  const intake = parseIntake(event.text.slice(0, 20_000), expecting, locale);
  let next = camera;
  const errors: FieldIssue[] = [...intake.errors];
  const warnings: Array<{ n: number; message: string }> = intake.warnings.map((w) => ({ n: camera.n, message: w.message }));
  const ageMs = intake.challenge?.ageMs ?? intake.ageMs;
  if (intake.challenge) {
    const other = request.cameras?.find((c) => c.n !== camera.n && c.challenge?.code === intake.challenge?.code);
    if (other) errors.push({ field: 'challenge', message: sameCodeAs(other.n, locale) });
    else if (ageMs !== undefined && ageMs >= ctx.settings.validityMs)
      errors.push({ field: 'challenge', message: challengeTooOld(ageMs, ctx.settings.validityMs, locale) });
    else if (intake.challenge.code !== camera.challenge?.code) next = setCode(request, next, intake.challenge.code, ageMs, ctx);
  } else if (ageMs !== undefined && next.challenge?.code) {
    if (next.challenge.aged) warnings.push({ n: camera.n, message: challengeAgeCounted(locale) });
    else next = { ...next, challenge: agedChallenge(next.challenge, ageMs, ctx) };
  }
  next = withFields(next, intake.fields);
  const files = event.files ?? [];
  const changed = JSON.stringify(next) !== JSON.stringify(camera) || files.length > 0;
  let site: ResetRequest = { ...request, cameras: (request.cameras ?? []).map((c) => (c.n === camera.n ? next : c)) };
  if (files.length) site = { ...site, device: { ...site.device, photos: [...site.device.photos, ...files] } };
  if (changed) site = record(skipPassed(site, ctx), event.by, 'details_added', ctx.now, `camera ${camera.n}`);
  const notice: Extract<Notice, { kind: 'site_intake' }> = {
    audience: 'requester',
    kind: 'site_intake',
    added: [],
    updated: changed ? [camera.n] : [],
    bad: errors.length ? [{ row: -camera.n, errors }] : [],
    shared: [],
    warnings,
    understood: changed || errors.length > 0 || warnings.length > 0,
  };
  if (intake.unread) notice.unread = true;
  return ok(site, [notice], changed);
}

function sameCodeAs(n: number, locale: ReturnType<typeof localeOf>): string {
  return REFUSALS.word(locale, 'refusal.site_same_code', { camera: n });
}

function submit(request: ResetRequest, by: Actor, ctx: Context): Transition {
  const locale = localeOf(by);
  const r = requireRequester(request, by, 'submit');
  if (r) return refused(r);
  if (request.state !== 'collecting')
    return refused(
      refuse(isEnded(request.state) ? 'ended' : 'already_submitted', { request, what: 'submit', locale, platform: by.platform }),
    );
  const missing = siteMissing(request);
  if (missing.length || !request.cameras?.length)
    return refused(refuse('site_incomplete', { request, what: 'submit', locale, cameras: missing }));
  const next = record({ ...request, state: 'awaiting_support' }, by, 'submitted', ctx.now, `${request.cameras.length} cameras`);
  return ok(next, [
    { audience: 'card', kind: 'card' },
    { audience: 'requester', kind: 'submitted' },
  ]);
}

/**
 * PUKs for several cameras in one step: every one is checked first, and one that cannot go
 * (no such camera, its PUK already out, its code expired, not a PUK) refuses the whole step
 * with a line per camera, so nothing half-sent needs undoing.
 */
function sendPuks(
  request: ResetRequest,
  by: Actor,
  isAgent: boolean,
  puks: Array<{ camera: number; puk: string }>,
  ctx: Context,
): Transition {
  const locale = localeOf(by);
  const r = requireAgent(request, by, isAgent, 'send_puk');
  if (r) return refused(r);
  // No camera waits for a PUK any more: the step itself is refused, whatever was typed (and so
  // the Send PUKs form does not open), as one camera's is.
  if (!awaitingPuk(request).length && (request.state === 'puk_delivered' || request.state === 'expired'))
    return refused(refuse(request.state === 'expired' ? 'expired' : 'puk_already_sent', { request, what: 'send_puk', locale }));
  const given = puks.filter((p) => typeof p.puk === 'string' && p.puk.trim() !== '');
  if (!given.length) return refused(refuse('empty', { request, what: 'send_puk', locale }));
  const cameraErrors: Record<number, string> = {};
  const values = new Map<number, string>();
  for (const p of given) {
    const camera = request.cameras?.find((c) => c.n === p.camera);
    const why = !camera
      ? 'no_camera'
      : camera.state === 'puk_delivered' || camera.state === 'completed'
        ? 'has_puk'
        : camera.state === 'expired' || !camera.challenge?.code
          ? 'expired'
          : values.has(p.camera)
            ? 'twice'
            : undefined;
    if (why) {
      cameraErrors[p.camera] = REFUSALS.word(locale, 'refusal.site_puk_camera', { camera: p.camera, reason: why });
      continue;
    }
    const parsed = parsePuk(p.puk, locale);
    if (!parsed.ok)
      cameraErrors[p.camera] = REFUSALS.word(locale, 'refusal.site_camera_problem', { camera: p.camera, message: parsed.error });
    else values.set(p.camera, parsed.value);
  }
  if (Object.keys(cameraErrors).length) return refused(refuse('invalid_puks', { request, what: 'send_puk', locale, cameraErrors }));
  let next: ResetRequest = request.claimedBy
    ? request
    : record(
        { ...request, claimedBy: by, state: request.state === 'awaiting_support' ? 'claimed' : request.state },
        by,
        'claimed',
        ctx.now,
      );
  const sent = [...values.keys()].sort((a, b) => a - b);
  next = {
    ...next,
    cameras: (next.cameras ?? []).map((c) => {
      const puk = values.get(c.n);
      return puk === undefined ? c : { ...c, state: 'puk_delivered', puk: { value: puk, sentBy: by, sentAt: ctx.now } };
    }),
  };
  next = { ...next, state: siteStateAfter(next) };
  if (next.state !== 'needs_info') delete next.question;
  next = record(next, by, 'puk_sent', ctx.now, sent.map((n) => `camera ${n}`).join(','));
  const open = awaitingPuk(next).map((c) => c.n);
  return ok(next, [
    ...sent.map((n): Notice => ({ audience: 'requester_private', kind: 'puk', camera: n })),
    { audience: 'requester', kind: 'site_puks_sent', by, cameras: sent },
    { audience: 'support', kind: 'site_puks_sent', by, cameras: sent, open },
    { audience: 'card', kind: 'card' },
  ]);
}

/** "It worked" or "It did not work" for one camera; the site ends when every camera worked. */
function outcome(
  request: ResetRequest,
  by: Actor,
  worked: boolean,
  n: number | undefined,
  note: string | undefined,
  ctx: Context,
): Transition {
  const locale = localeOf(by);
  const what = worked ? 'done' : 'failed';
  const r = requireRequester(request, by, what);
  if (r) return refused(r);
  if (isEnded(request.state)) return refused(refuse('ended', { request, what, locale, platform: by.platform }));
  const camera = n === undefined ? undefined : request.cameras?.find((c) => c.n === n);
  if (!camera) return refused(refuse('site_needs_camera', { request, what, locale }));
  if (!camera.puk || !(camera.state === 'puk_delivered' || camera.state === 'expired'))
    return refused(refuse(camera.state === 'completed' ? 'site_camera_done' : 'no_puk_yet', { request, what, locale, camera: camera.n }));
  const text = note?.trim().slice(0, 3000);
  let changed: Camera;
  if (worked) {
    changed = { ...camera, state: 'completed' };
    if (changed.challenge) changed.challenge = withoutCode(changed.challenge);
    if (changed.puk) changed.puk = { sentBy: changed.puk.sentBy, sentAt: changed.puk.sentAt };
  } else {
    const live = !!camera.challenge?.code && camera.challenge.expiresAt > ctx.now && camera.state !== 'expired';
    changed = { ...camera, state: live ? 'open' : 'expired' };
    delete changed.puk;
  }
  let next: ResetRequest = { ...request, cameras: (request.cameras ?? []).map((c) => (c.n === camera.n ? changed : c)) };
  next = { ...next, state: siteStateAfter(next) };
  next = record(next, by, worked ? 'completed' : 'reset_failed', ctx.now, `camera ${camera.n}${text ? ',note' : ''}`);
  const toSupport: Notice = { audience: 'support', kind: 'site_outcome', n: camera.n, ok: worked };
  if (text) toSupport.note = text;
  const notices: Notice[] = [{ audience: 'requester', kind: 'site_outcome', n: camera.n, ok: worked }, toSupport];
  if (next.state === 'completed') {
    next = end(next, 'completed');
    notices.push({ audience: 'requester', kind: 'completed' });
  }
  notices.push({ audience: 'card', kind: 'card' });
  return ok(next, notices);
}

/** New codes after submission, each tied to its camera by the MAC or serial beside it (or the only camera that needs one). */
function newCodes(request: ResetRequest, by: Actor, rows: SiteRow[], ctx: Context): Transition {
  const cameras = [...(request.cameras ?? [])];
  const needing = cameras.filter((c) => c.state === 'expired' || c.state === 'open');
  const placed: number[] = [];
  let unplaced = 0;
  let next: ResetRequest = request;
  for (const row of rows) {
    if (!row.code) continue;
    if (cameras.some((c) => c.challenge?.code === row.code)) continue;
    const match =
      (row.fields.mac && cameras.find((c) => c.mac === row.fields.mac)) ||
      (row.fields.serial && cameras.find((c) => c.serial === row.fields.serial)) ||
      (needing.length === 1 && !row.fields.mac && !row.fields.serial ? needing[0] : undefined);
    if (!match || match.state === 'completed' || placed.includes(match.n)) {
      unplaced++;
      continue;
    }
    if (row.ageMs !== undefined && row.ageMs >= ctx.settings.validityMs) {
      unplaced++;
      continue;
    }
    let camera = setCode(next, match, row.code, row.ageMs, ctx);
    camera = { ...camera, state: 'open' };
    delete camera.puk;
    const i = cameras.findIndex((c) => c.n === match.n);
    cameras[i] = camera;
    placed.push(camera.n);
  }
  if (!placed.length) return ok(request, [{ audience: 'requester', kind: 'site_codes', cameras: [], unplaced }], false);
  next = { ...next, cameras };
  next = { ...next, state: siteStateAfter(next) };
  next = record(skipPassed(next, ctx), by, 'new_challenge', ctx.now, placed.map((n) => `camera ${n}`).join(','));
  return ok(next, [
    { audience: 'requester', kind: 'site_codes', cameras: placed, unplaced },
    { audience: 'support', kind: 'site_codes', cameras: placed },
    { audience: 'card', kind: 'card' },
  ]);
}

const CAMERA_OF_TIMER = /\.m(\d+)\.c\d+\./;
const cameraOfTimer = (t: PlannedTimer): number | undefined => {
  const m = CAMERA_OF_TIMER.exec(t.key);
  return m ? Number(m[1]) : undefined;
};

/**
 * A site's timer honours every timer of the site due by now in one change, so codes that came
 * together warn and expire together, as one message each. The first warning of a site nobody
 * has claimed looks ahead: when two or more codes will run out before an agent can plausibly
 * answer (within the first warning's offset), the technician is told which to renew and in
 * which order, once, instead of a warning per camera.
 */
function onTimer(request: ResetRequest, timerId: string, ctx: Context): Transition {
  const plan = timerPlan(request, ctx.settings);
  const planned = plan.find((t) => t.id === timerId);
  if (!planned) return ok(request, [], false);
  if (planned.kind === 'idle') return closeIdle({ ...request, firedTimers: [...request.firedTimers, planned.key] }, ctx);
  const firstOffset = Math.max(...ctx.settings.warnBeforeMs);
  const due = plan.filter(
    (t) =>
      t.id === timerId ||
      (t.kind !== 'idle' && t.at <= ctx.now) ||
      (t.kind === 'warn' && planned.kind === 'warn' && t.beforeMs === planned.beforeMs && t.at <= ctx.now + COALESCE_MS),
  );
  const fired = [...request.firedTimers, ...due.map((t) => t.key)];
  const collecting = request.state === 'collecting';
  const cameraMap = new Map((request.cameras ?? []).map((c) => [c.n, c]));
  const expired: number[] = [];
  const expiredAfterPuk: number[] = [];
  const warned: number[] = [];
  const reminded: number[] = [];
  let warnLabel = '';
  /** The cameras warned now, by the warning's offset: each offset is its own message ("in 15 minutes", "in 5 minutes"). */
  const warnedAt = new Map<number, number[]>();
  for (const t of due) {
    const n = cameraOfTimer(t);
    const camera = n === undefined ? undefined : cameraMap.get(n);
    if (!camera?.challenge?.code) continue;
    const c = camera.challenge;
    const left = c.expiresAt - ctx.now;
    if (t.kind === 'expire') {
      if (left > 0) continue;
      if (camera.puk) expiredAfterPuk.push(camera.n);
      else expired.push(camera.n);
      const gone: Camera = { ...camera, challenge: withoutCode(c), state: collecting ? 'open' : 'expired' };
      if (gone.puk) gone.puk = { sentBy: gone.puk.sentBy, sentAt: gone.puk.sentAt };
      cameraMap.set(camera.n, gone);
    } else if (left <= 0) continue;
    else if (t.kind === 'warn') {
      if (!warned.includes(camera.n)) warned.push(camera.n);
      const offset = t.beforeMs ?? 0;
      const group = warnedAt.get(offset) ?? [];
      if (!group.includes(camera.n)) warnedAt.set(offset, [...group, camera.n]);
      warnLabel = durationLabel(offset);
    } else if (t.kind === 'remind' && !reminded.includes(camera.n)) reminded.push(camera.n);
  }
  const notices: Notice[] = [];
  const unclaimed = request.state === 'awaiting_support' && !request.claimedBy;
  const firstOfSite = !(request.cameras ?? []).some((c) => (c.challenge?.warned ?? 0) > 0);
  if (warned.length) {
    let cameras = warned;
    let regenerate = false;
    if (unclaimed && !collecting) {
      // Nobody has taken it by a warning: every code not warned of yet that runs out before an
      // agent could plausibly get Bosch's answer is renewed, once, in the order they run out.
      const lead = Math.max(firstOffset, ANSWER_LEAD_MS);
      const endangered = byExpiry(awaitingPuk(request)).filter(
        (c) => !c.challenge?.warned && (c.challenge?.expiresAt ?? 0) <= ctx.now + lead,
      );
      if (endangered.length >= 2) {
        regenerate = true;
        // With the cameras warned now, whose warning would otherwise be counted as sent unsaid.
        cameras = [...new Set([...warned, ...endangered.map((c) => c.n)])];
        // Told once which to renew: their later warnings would only repeat it.
        for (const t of plan)
          if (t.kind === 'warn' && cameras.includes(cameraOfTimer(t) ?? -1) && !fired.includes(t.key)) fired.push(t.key);
      }
    }
    // One renew list for all; else one message per offset, largest first, each with its own soonest time.
    const groups = regenerate
      ? [{ offset: Math.max(...warnedAt.keys()), cameras }]
      : [...warnedAt].sort((a, b) => b[0] - a[0]).map(([offset, ns]) => ({ offset, cameras: ns }));
    for (const [i, group] of groups.entries()) {
      const ordered = byExpiry(group.cameras.flatMap((n) => cameraMap.get(n) ?? [])).map((c) => c.n);
      const soonest = cameraMap.get(ordered[0] ?? -1)?.challenge;
      const expiresAt = soonest?.expiresAt ?? ctx.now;
      const base = {
        kind: 'site_warning' as const,
        cameras: ordered,
        label: durationLabel(group.offset),
        remainingMs: Math.max(0, expiresAt - ctx.now),
        expiresAt,
      };
      notices.push({ audience: 'requester', ...base, ...(regenerate ? { regenerate } : {}) });
      if (!collecting)
        notices.push({
          audience: 'support',
          ...base,
          ...(regenerate ? { regenerate } : {}),
          ...(unclaimed && firstOfSite && i === 0 ? { unclaimed: true } : {}),
        });
    }
    for (const n of cameras) {
      const c = cameraMap.get(n);
      if (c?.challenge) cameraMap.set(n, { ...c, challenge: { ...c.challenge, warned: (c.challenge.warned ?? 0) + 1 } });
    }
  }
  if (reminded.length) {
    const ordered = byExpiry(reminded.flatMap((n) => cameraMap.get(n) ?? [])).map((c) => c.n);
    const soonest = cameraMap.get(ordered[0] ?? -1)?.challenge;
    const expiresAt = soonest?.expiresAt ?? ctx.now;
    notices.push({
      audience: 'requester',
      kind: 'site_puk_reminder',
      cameras: ordered,
      remainingMs: Math.max(0, expiresAt - ctx.now),
      expiresAt,
    });
  }
  if (expired.length || expiredAfterPuk.length) {
    notices.push({ audience: 'requester', kind: 'site_expired', cameras: expired, afterPuk: expiredAfterPuk });
    if (!collecting) notices.push({ audience: 'support', kind: 'site_expired', cameras: expired, afterPuk: expiredAfterPuk });
  }
  let next: ResetRequest = { ...request, firedTimers: fired, cameras: (request.cameras ?? []).map((c) => cameraMap.get(c.n) ?? c) };
  next = { ...next, state: siteStateAfter(next) };
  if (warned.length) next = record(next, 'system', 'warned', ctx.now, warnLabel);
  if (reminded.length) next = record(next, 'system', 'reminded', ctx.now);
  if (expired.length || expiredAfterPuk.length) next = record(next, 'system', collecting ? 'challenge_expired' : 'expired', ctx.now);
  if (notices.length && !collecting) notices.push({ audience: 'card', kind: 'card' });
  return ok(next, notices);
}

/** REQUEST_IDLE_CLOSE of quiet: PUKs nobody confirmed are `unconfirmed`, anything else `abandoned`. */
function closeIdle(request: ResetRequest, ctx: Context): Transition {
  const outcomeState =
    request.state === 'expired' && (request.cameras ?? []).some((c) => !!c.puk && c.state === 'expired') ? 'unconfirmed' : 'abandoned';
  const next = record(end(request, outcomeState), 'system', outcomeState, ctx.now);
  const notices: Notice[] = [{ audience: 'requester', kind: 'closed', outcome: outcomeState }];
  if (request.supportCard) notices.push({ audience: 'card', kind: 'card' });
  return ok(next, notices);
}
