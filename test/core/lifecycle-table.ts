// The fixtures and the event catalogue of the lifecycle table test (lifecycle.test.ts): one
// request in each state, reached through the lifecycle itself, and one typical event of each
// type (timers by kind), so the table can name every state × event pair.

import { EVENT_TYPES, type LifecycleEvent, type Transition, newRequest, transition } from '../../src/core/lifecycle.js';
import { type Actor, type ResetRequest, type State, STATES } from '../../src/core/request.js';
import { TIMER_KINDS, type TimerKind, timerPlan } from '../../src/core/schedule.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { CODE, CODE2, DETAILS, agent, agent2, minutes, tech } from '../support/desk.js';

export const SETTINGS = DEFAULT_SETTINGS;
export const T0 = Date.parse('2026-11-26T14:00:00Z');

export type EventName = Exclude<(typeof EVENT_TYPES)[number], 'timer'> | `timer:${TimerKind}`;

/** Every event the table must cover: the event types, with `timer` split by the timer's kind. */
export const EVENT_NAMES: EventName[] = EVENT_TYPES.flatMap((t): EventName[] =>
  t === 'timer' ? TIMER_KINDS.map((k) => `timer:${k}` as const) : [t],
);

function step(request: ResetRequest, event: LifecycleEvent, now: number): ResetRequest {
  const result = transition(request, event, { now, settings: SETTINGS });
  if (!result.ok) throw new Error(`fixture step ${event.type} refused in ${request.state}: ${result.refusal.code}`);
  return result.request;
}

/** Fires the request's planned timer of `kind` at its moment. */
function fire(request: ResetRequest, kind: TimerKind): ResetRequest {
  const t = timerPlan(request, SETTINGS).find((p) => p.kind === kind);
  if (!t) throw new Error(`no ${kind} timer planned in ${request.state}`);
  return step(request, { type: 'timer', timerId: t.id }, t.at);
}

/** One request in each state, built by the lifecycle from a fresh intake. */
export function fixtures(): Record<State, ResetRequest> {
  const fresh = newRequest({
    id: 'CR-TEST',
    requester: tech,
    conversation: { platform: 'slack', channel: 'CFIELD', thread: '1.1' },
    now: T0,
  });
  const collecting = step(fresh, { type: 'message', by: tech, text: `${CODE}\n${DETAILS}` }, T0 + 1000);
  const awaiting = {
    ...step(collecting, { type: 'submit', by: tech }, T0 + minutes(1)),
    supportCard: { platform: 'slack' as const, channel: 'CSUPPORT', thread: '2.2', message: '2.2' },
  };
  const claimed = step(awaiting, { type: 'claim', by: agent, isAgent: true }, T0 + minutes(2));
  const needsInfo = step(claimed, { type: 'ask', by: agent, isAgent: true, question: 'Is the camera online?' }, T0 + minutes(3));
  const puk = step(claimed, { type: 'send_puk', by: agent, isAgent: true, puk: 'ABCD1234EFGH' }, T0 + minutes(4));
  const expired = fire(fire(fire(awaiting, 'warn'), 'warn'), 'expire');
  const afterPuk = fire(fire(puk, 'remind'), 'expire');
  const collectingExpired = fire(fire(fire(collecting, 'warn'), 'warn'), 'expire');
  return {
    collecting,
    awaiting_support: awaiting,
    claimed,
    needs_info: needsInfo,
    puk_delivered: puk,
    completed: step(puk, { type: 'done', by: tech }, T0 + minutes(5)),
    cancelled: step(collecting, { type: 'cancel', by: tech }, T0 + minutes(1)),
    rejected: step(awaiting, { type: 'reject', by: agent, isAgent: true, reason: 'Not our camera' }, T0 + minutes(2)),
    expired,
    unconfirmed: fire(afterPuk, 'idle'),
    abandoned: fire(collectingExpired, 'idle'),
  };
}

/** A document shared in the thread, still to be copied into the support card's thread. */
const PENDING_FILE = { url: 'https://files.slack.com/files-pri/T1-F9/download/invoice.pdf', name: 'invoice.pdf', copy: 'pending' as const };

/** The moment an ordinary event happens: a minute after the fixture's last change. */
const later = (r: ResetRequest) => r.updatedAt + minutes(1);

/**
 * A typical event of each name, by the person who would send it: the technician for theirs,
 * the agent holding the claim for support's, a second agent for claiming and taking over.
 * A timer kind the state does not plan fires with a made-up id at the same moment.
 */
export function apply(request: ResetRequest, name: EventName): Transition {
  const ctx = (now: number) => ({ now, settings: SETTINGS });
  if (name.startsWith('timer:')) {
    const kind = name.slice('timer:'.length) as TimerKind;
    const t = timerPlan(request, SETTINGS).find((p) => p.kind === kind);
    return transition(request, { type: 'timer', timerId: t?.id ?? `${request.id}.${kind}.unplanned` }, ctx(t?.at ?? later(request)));
  }
  const a: Actor = agent;
  const events: Record<Exclude<EventName, `timer:${string}`>, LifecycleEvent> = {
    message: { type: 'message', by: tech, text: 'The camera hangs on a mast, 6 m up.' },
    new_challenge: { type: 'new_challenge', by: tech, code: CODE2 },
    set_fields: { type: 'set_fields', by: tech, values: { model: 'NBN-80052-BA' } },
    submit: { type: 'submit', by: tech },
    edit: { type: 'edit', by: tech },
    cancel: { type: 'cancel', by: tech },
    claim: { type: 'claim', by: agent2, isAgent: true },
    release: { type: 'release', by: a, isAgent: true },
    take_over: { type: 'take_over', by: agent2, isAgent: true },
    send_puk: { type: 'send_puk', by: a, isAgent: true, puk: 'WXYZ5678KLMN' },
    ask: { type: 'ask', by: a, isAgent: true, question: 'Which building?' },
    request_document: { type: 'request_document', by: a, isAgent: true, document: 'invoice' },
    record_ticket: { type: 'record_ticket', by: a, isAgent: true, ticket: '#8712345678' },
    reject: { type: 'reject', by: a, isAgent: true, reason: 'Not our camera' },
    agent_reply: { type: 'agent_reply', by: a, isAgent: true, text: 'Is it the one by the gate?' },
    done: { type: 'done', by: tech },
    failed: { type: 'failed', by: tech },
    file_copied: { type: 'file_copied', url: PENDING_FILE.url, ok: false },
  };
  // A copy is reported for a file the request holds as pending (shared after submission).
  const holding =
    name === 'file_copied'
      ? { ...request, device: { ...request.device, documents: [...request.device.documents, PENDING_FILE] } }
      : request;
  return transition(holding, events[name as keyof typeof events], ctx(later(request)));
}

/** A result as one table cell: `→ state | audience:kind …`, `= | …` (no change), or `✗ refusal`. */
export function describe(before: ResetRequest, result: Transition): string {
  if (!result.ok) return `✗ ${result.refusal.code}`;
  const notices = result.notices.map((n) => `${n.audience}:${n.kind}`).join(' ');
  const head = !result.changed ? '=' : result.request.state === before.state ? `→ (${before.state})` : `→ ${result.request.state}`;
  return notices ? `${head} | ${notices}` : head;
}

export { STATES };
