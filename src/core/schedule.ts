// Which timers a request needs in its current state. The desk compares this plan before and
// after each change to schedule what is new and cancel what is no longer needed. Ids are
// deterministic and carry the deadline they were made for, so a repeated schedule is a no-op,
// a moved deadline gets new ids (the old job, if it still fires, matches nothing), and a fired
// timer is recognised by its key (id without the deadline): no warning at an old time, none twice.

import type { TimerJob } from './ports.js';
import { type Camera, type ResetRequest, type State, isEnded } from './request.js';
import type { CoreSettings } from './settings.js';
import { durationLabel } from './deadlines.js';

export const TIMER_KINDS = ['warn', 'remind', 'expire', 'idle'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

export interface PlannedTimer extends TimerJob {
  kind: TimerKind;
  /**
   * What the timer is for, without its moment (`CR-7K3M.c1.warn-15m`): what `firedTimers`
   * records, so a warning honoured once is never planned again for that code, whatever
   * happens to the deadline afterwards.
   */
  key: string;
  /** For warnings and reminders: how long before expiry. */
  beforeMs?: number;
}

const WARNED_STATES: ReadonlySet<State> = new Set(['collecting', 'awaiting_support', 'claimed', 'needs_info']);
/** States nobody may come back to: they close after REQUEST_IDLE_CLOSE of quiet. */
const IDLE_STATES: ReadonlySet<State> = new Set(['collecting', 'expired']);

/** `.d<deadline in base 36>`: part of the id, never of the key. */
const moment = (at: number) => `d${Math.max(0, Math.round(at)).toString(36)}`;

export function timerPlan(request: ResetRequest, settings: CoreSettings): PlannedTimer[] {
  if (isEnded(request.state)) return [];
  const plan: PlannedTimer[] = [];
  const add = (kind: TimerKind, key: string, at: number, beforeMs?: number) => {
    const t: PlannedTimer = { id: `${key}.${moment(at)}`, key, requestId: request.id, at, kind };
    if (beforeMs !== undefined) t.beforeMs = beforeMs;
    plan.push(t);
  };
  if (request.cameras) {
    sitePlan(request, request.cameras, settings, add);
    return plan.filter((t) => !request.firedTimers.includes(t.key));
  }
  const challenge = request.challenge;
  if (challenge?.code) {
    const base = `${request.id}.c${challenge.seq}`;
    if (WARNED_STATES.has(request.state)) {
      for (const beforeMs of settings.warnBeforeMs)
        add('warn', `${base}.warn-${durationLabel(beforeMs)}`, challenge.expiresAt - beforeMs, beforeMs);
    }
    if (request.state === 'puk_delivered') {
      // One reminder to type the PUK in, at the last warning offset.
      const beforeMs = Math.min(...settings.warnBeforeMs);
      if (Number.isFinite(beforeMs)) add('remind', `${base}.remind`, challenge.expiresAt - beforeMs, beforeMs);
    }
    if (WARNED_STATES.has(request.state) || request.state === 'puk_delivered') add('expire', `${base}.expire`, challenge.expiresAt);
  }
  if (IDLE_STATES.has(request.state) && !(request.state === 'collecting' && challenge?.code)) {
    // Quiet since the last change; every change moves the moment, and so the id.
    const at = request.updatedAt + settings.idleCloseMs;
    add('idle', `${request.id}.idle.${moment(at)}`, at);
  }
  // A timer that already fired (or was skipped because its moment had passed when the code
  // arrived) is not planned again: matched by key, and by id for requests stored before ids
  // carried their deadline.
  return plan.filter((t) => !request.firedTimers.includes(t.key) && !request.firedTimers.includes(t.id));
}

/**
 * A site's timers: each camera's own warnings, reminder and expiry, keyed by camera and code
 * (`CR-7K3M.m3.c1.warn-15m`), so one camera's new code never moves another's clock; the site's
 * idle close as for one camera. The lifecycle honours every timer of the site due at once in
 * one change, so cameras whose codes came together are warned and expire together.
 */
function sitePlan(
  request: ResetRequest,
  cameras: readonly Camera[],
  settings: CoreSettings,
  add: (kind: TimerKind, key: string, at: number, beforeMs?: number) => void,
): void {
  const push = add;
  const warned = WARNED_STATES.has(request.state);
  for (const camera of cameras) {
    const c = camera.challenge;
    if (!c?.code) continue;
    const base = `${request.id}.m${camera.n}.c${c.seq}`;
    if (camera.state === 'open' && warned) {
      for (const beforeMs of settings.warnBeforeMs)
        push('warn', `${base}.warn-${durationLabel(beforeMs)}`, c.expiresAt - beforeMs, beforeMs);
      push('expire', `${base}.expire`, c.expiresAt);
    }
    if (camera.state === 'puk_delivered') {
      const beforeMs = Math.min(...settings.warnBeforeMs);
      if (Number.isFinite(beforeMs)) push('remind', `${base}.remind`, c.expiresAt - beforeMs, beforeMs);
      push('expire', `${base}.expire`, c.expiresAt);
    }
  }
  const anyCode = cameras.some((c) => !!c.challenge?.code);
  if (IDLE_STATES.has(request.state) && !(request.state === 'collecting' && anyCode)) {
    const at = request.updatedAt + settings.idleCloseMs;
    push('idle', `${request.id}.idle.${moment(at)}`, at);
  }
}
