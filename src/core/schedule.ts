// Which timers a request needs in its current state. The desk compares this plan before and
// after each change to schedule what is new and cancel what is no longer needed; ids are
// deterministic so a repeated schedule is a no-op and a fired timer is recognised later.

import type { TimerJob } from './ports.js';
import type { ResetRequest } from './request.js';
import type { CoreSettings } from './settings.js';
import { durationLabel } from './deadlines.js';

export type TimerKind = 'warn' | 'remind' | 'expire';

export interface PlannedTimer extends TimerJob {
  kind: TimerKind;
  /** For warnings and reminders: how long before expiry. */
  beforeMs?: number;
}

const WARNED_STATES = new Set(['collecting', 'awaiting_support', 'claimed', 'needs_info']);

export function timerPlan(request: ResetRequest, settings: CoreSettings): PlannedTimer[] {
  const challenge = request.challenge;
  if (!challenge?.code) return [];
  const base = `${request.id}.c${challenge.seq}`;
  const plan: PlannedTimer[] = [];
  if (WARNED_STATES.has(request.state)) {
    for (const beforeMs of settings.warnBeforeMs) {
      plan.push({ id: `${base}.warn-${durationLabel(beforeMs)}`, requestId: request.id, at: challenge.expiresAt - beforeMs, kind: 'warn', beforeMs });
    }
  }
  if (request.state === 'puk_delivered') {
    // One reminder to type the PUK in, at the last warning offset.
    const beforeMs = Math.min(...settings.warnBeforeMs);
    if (Number.isFinite(beforeMs)) {
      plan.push({ id: `${base}.remind`, requestId: request.id, at: challenge.expiresAt - beforeMs, kind: 'remind', beforeMs });
    }
  }
  if (WARNED_STATES.has(request.state) || request.state === 'puk_delivered') {
    plan.push({ id: `${base}.expire`, requestId: request.id, at: challenge.expiresAt, kind: 'expire' });
  }
  // A timer that already fired (or was skipped because its moment had passed when the code
  // arrived) is not planned again.
  return plan.filter((t) => !request.firedTimers.includes(t.id));
}
