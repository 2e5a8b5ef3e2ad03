// A site's cameras as data: which is which, what each still lacks, which still need a PUK, in
// which order their codes run out, and what the site's own state is once its cameras moved.

import type { Camera, ResetRequest, State } from '../request.js';
import { DEVICE_FIELDS, type FieldName } from '../fields.js';

/** From this many cameras Bosch may charge for the resets and may ask for the Authorization Letter. */
export const BOSCH_CHARGES_FROM = 4;

export const newCamera = (n: number): Camera => ({ n, previousChallenges: [], state: 'open' });

export const cameraOf = (request: ResetRequest, n: number): Camera | undefined => request.cameras?.find((c) => c.n === n);

/** What camera `c` still lacks before the site can go to support. */
export function cameraMissing(c: Camera): FieldName[] {
  const missing: FieldName[] = [];
  if (!c.challenge?.code) missing.push('challenge');
  for (const f of DEVICE_FIELDS) if (!c[f]) missing.push(f);
  return missing;
}

/** Every camera that lacks something, with what. */
export function siteMissing(request: ResetRequest): Array<{ n: number; fields: FieldName[] }> {
  return (request.cameras ?? []).map((c) => ({ n: c.n, fields: cameraMissing(c) })).filter((m) => m.fields.length > 0);
}

/** Cameras whose code is live and that still wait for a PUK. */
export const awaitingPuk = (request: ResetRequest): Camera[] =>
  (request.cameras ?? []).filter((c) => c.state === 'open' && !!c.challenge?.code);

/** Cameras by when their code runs out, soonest first; those without a live code last, in number order. */
export function byExpiry(cameras: readonly Camera[]): Camera[] {
  const at = (c: Camera) => (c.challenge?.code ? c.challenge.expiresAt : Number.POSITIVE_INFINITY);
  return [...cameras].sort((a, b) => at(a) - at(b) || a.n - b.n);
}

/** The camera the one-at-a-time intake is asking about: the last one, while it lacks something. */
export function currentCamera(request: ResetRequest): Camera | undefined {
  const last = request.cameras?.at(-1);
  return last && cameraMissing(last).length ? last : undefined;
}

/** The camera of the site with this MAC, serial or live code, if any. */
export function cameraMatching(request: ResetRequest, key: { mac?: string; serial?: string; code?: string }): Camera | undefined {
  return (request.cameras ?? []).find(
    (c) => (!!key.code && c.challenge?.code === key.code) || (!!key.mac && c.mac === key.mac) || (!!key.serial && c.serial === key.serial),
  );
}

/**
 * The site's state once its cameras moved, while support has it: with support while any camera
 * still waits for its PUK; else PUKs out while any is being typed in; else expired while any
 * code ran out; else every reset worked.
 */
export function siteStateAfter(request: ResetRequest): State {
  const cameras = request.cameras ?? [];
  const s = request.state;
  if (s === 'collecting') return s;
  if (cameras.some((c) => c.state === 'open')) {
    if (s === 'awaiting_support' || s === 'claimed' || s === 'needs_info') return s;
    return request.claimedBy ? 'claimed' : 'awaiting_support';
  }
  if (cameras.some((c) => c.state === 'puk_delivered')) return 'puk_delivered';
  if (cameras.some((c) => c.state === 'expired')) return 'expired';
  return 'completed';
}
