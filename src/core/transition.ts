// What one step of the lifecycle is (a new request and its notices, or a refusal) and the small
// moves every step makes the same way: stamp the audit, end a request, drop its secrets. Apart
// from lifecycle.ts so that a site's steps (site/lifecycle.ts) take them without a cycle.

import type { Actor, Challenge, ResetRequest, State } from './request.js';
import { actorKey, isEnded, sameActor } from './request.js';
import { refuse } from './refusals.js';
import { localeOf } from './languages.js';
import type { Notice } from './notices.js';
import type { Refusal } from './refusals.js';
import type { CoreSettings } from './settings.js';
import { challengeWindow } from './deadlines.js';

export interface Context {
  now: number;
  settings: CoreSettings;
}

export type Transition = { ok: true; request: ResetRequest; notices: Notice[]; changed: boolean } | { ok: false; refusal: Refusal };

export const ok = (request: ResetRequest, notices: Notice[], changed = true): Transition => ({ ok: true, request, notices, changed });
export const refused = (refusal: Refusal): Transition => ({ ok: false, refusal });

/** Appends an audit entry and stamps the time; returns a new object. */
export function record(request: ResetRequest, by: Actor | 'system', action: string, now: number, detail?: string): ResetRequest {
  const actor = by === 'system' ? 'system' : actorKey(by);
  const entry = detail === undefined ? { at: now, actor, action } : { at: now, actor, action, detail };
  return { ...request, audit: [...request.audit, entry], updatedAt: now };
}

/** Ends a request: secrets are wiped here, not left for a driver to remember. */
export function end(request: ResetRequest, state: State): ResetRequest {
  const next: ResetRequest = withoutSecrets({ ...request, state });
  delete next.question;
  return next;
}

/** The code and the PUK dropped (at expiry and at every end); who sent the PUK, and when, stay. */
export function withoutSecrets(request: ResetRequest): ResetRequest {
  const next: ResetRequest = { ...request };
  delete next.offeredCode;
  if (next.challenge) next.challenge = withoutCode(next.challenge);
  if (next.puk) next.puk = { sentBy: next.puk.sentBy, sentAt: next.puk.sentAt };
  if (next.cameras)
    next.cameras = next.cameras.map((c) => {
      const camera = { ...c };
      if (camera.challenge) camera.challenge = withoutCode(camera.challenge);
      if (camera.puk) camera.puk = { sentBy: camera.puk.sentBy, sentAt: camera.puk.sentAt };
      return camera;
    });
  return next;
}

export function withoutCode(c: Challenge): Challenge {
  const { code: _code, ...rest } = c;
  return rest;
}

/** The agent checks shared by every support action (one camera's or a site's); claiming is implicit when unclaimed. */
export function requireAgent(request: ResetRequest, by: Actor, isAgent: boolean, what: string): Refusal | undefined {
  const locale = localeOf(by);
  if (!isAgent) return refuse('not_agent', { request, what, locale });
  if (isEnded(request.state)) return refuse('ended', { request, what, locale, platform: by.platform });
  if (request.state === 'collecting') return refuse('not_submitted', { request, what, locale });
  if (request.claimedBy && !sameActor(request.claimedBy, by) && request.state !== 'expired')
    return refuse('claimed_by_other', { request, what, other: request.claimedBy, locale });
  return undefined;
}

/**
 * A code's clock moved by an age said after it ("generated 10 minutes ago"), counted back from
 * now; the window only moves earlier (the code existed when it was pasted). Once per code: the
 * caller checks `aged`.
 */
export function agedChallenge(c: Challenge, ageMs: number, ctx: Context): Challenge {
  const said = challengeWindow(ctx.now, ctx.settings.validityMs, ageMs);
  const receivedAt = Math.min(c.receivedAt, said.receivedAt);
  return { ...c, aged: true, receivedAt, expiresAt: receivedAt + ctx.settings.validityMs };
}
