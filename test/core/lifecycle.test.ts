// The lifecycle itself as a table: every state × every event (timers by kind) -> the next state
// and who is told what, or the refusal. No HTTP, no drivers: `transition` on one request per
// state (lifecycle-table.ts builds them through the lifecycle). The pairs are generated from
// STATES and EVENT_TYPES, so a new state or event without its row fails here.
//
// Cells: `→ state | audience:kind …` (a change; `(state)` when the state stays), `= | …` (no
// change, only a reply), `✗ code` (refused, nothing changes).

import { describe as group, expect, it } from 'vitest';
import { isEnded, type State } from '../../src/core/request.js';
import { timerPlan } from '../../src/core/schedule.js';
import { EVENT_NAMES, type EventName, SETTINGS, STATES, apply, describe, fixtures } from './lifecycle-table.js';
import { agent, tech } from '../support/desk.js';
import { transition } from '../../src/core/lifecycle.js';

/** An ended request refuses every action as ended and lets its timers pass; a file's copy still lands. */
function endedRow(fileCopied: string): Record<EventName, string> {
  return Object.fromEntries(
    EVENT_NAMES.map((e) => [e, e === 'file_copied' ? fileCopied : e.startsWith('timer:') ? '=' : '✗ ended']),
  ) as Record<EventName, string>;
}

const TABLE: Record<State, Record<EventName, string>> = {
  collecting: {
    message: '= | requester:intake_reply',
    new_challenge: '→ (collecting) | requester:summary',
    set_fields: '→ (collecting) | requester:summary',
    submit: '→ awaiting_support | card:card requester:submitted',
    edit: '= | requester:edit_help',
    cancel: '→ cancelled | requester:cancelled',
    claim: '✗ not_submitted',
    release: '✗ not_submitted',
    take_over: '✗ not_submitted',
    send_puk: '✗ not_submitted',
    ask: '✗ not_submitted',
    request_document: '✗ not_submitted',
    record_ticket: '→ (collecting) | support:ticket_recorded card:card',
    reject: '✗ not_submitted',
    agent_reply: '✗ not_submitted',
    done: '✗ no_puk_yet',
    file_copied: '→ (collecting) | requester:file_failed support:file_failed',
    failed: '✗ no_puk_yet',
    'timer:warn': '→ (collecting) | requester:warning',
    'timer:remind': '=',
    'timer:expire': '→ (collecting) | requester:expired',
    'timer:idle': '=',
  },
  awaiting_support: {
    message: '→ (awaiting_support) | support:relay requester:relayed',
    new_challenge: '→ (awaiting_support) | requester:reopened support:reopened card:card',
    set_fields: '✗ already_submitted',
    submit: '✗ already_submitted',
    edit: '✗ already_submitted',
    cancel: '→ cancelled | requester:cancelled card:card',
    claim: '→ claimed | requester:claimed card:card',
    release: '✗ not_claimed',
    take_over: '→ claimed | requester:claimed card:card',
    send_puk: '→ puk_delivered | requester_private:puk requester:puk_sent_note card:card',
    ask: '→ needs_info | requester:question card:card',
    request_document: '→ needs_info | requester:document_requested card:card',
    record_ticket: '→ (awaiting_support) | support:ticket_recorded card:card',
    reject: '→ rejected | requester:rejected card:card',
    agent_reply: '→ needs_info | requester:question card:card',
    done: '✗ no_puk_yet',
    file_copied: '→ (awaiting_support) | requester:file_failed support:file_failed card:card',
    failed: '✗ no_puk_yet',
    'timer:warn': '→ (awaiting_support) | requester:warning support:warning card:card',
    'timer:remind': '=',
    'timer:expire': '→ expired | requester:expired support:expired card:card',
    'timer:idle': '=',
  },
  claimed: {
    message: '→ (claimed) | support:relay requester:relayed',
    new_challenge: '→ awaiting_support | requester:reopened support:reopened card:card',
    set_fields: '✗ already_submitted',
    submit: '✗ already_submitted',
    edit: '✗ already_submitted',
    cancel: '→ cancelled | requester:cancelled card:card',
    claim: '✗ claimed_by_other',
    release: '→ awaiting_support | support:claim_released card:card',
    take_over: '→ (claimed) | support:claim_taken requester:claimed card:card',
    send_puk: '→ puk_delivered | requester_private:puk requester:puk_sent_note card:card',
    ask: '→ needs_info | requester:question card:card',
    request_document: '→ needs_info | requester:document_requested card:card',
    record_ticket: '→ (claimed) | support:ticket_recorded card:card',
    reject: '→ rejected | requester:rejected card:card',
    agent_reply: '→ needs_info | requester:question card:card',
    done: '✗ no_puk_yet',
    file_copied: '→ (claimed) | requester:file_failed support:file_failed card:card',
    failed: '✗ no_puk_yet',
    'timer:warn': '→ (claimed) | requester:warning support:warning card:card',
    'timer:remind': '=',
    'timer:expire': '→ expired | requester:expired support:expired card:card',
    'timer:idle': '=',
  },
  needs_info: {
    message: '→ claimed | support:relay requester:relayed card:card',
    new_challenge: '→ awaiting_support | requester:reopened support:reopened card:card',
    set_fields: '✗ already_submitted',
    submit: '✗ already_submitted',
    edit: '✗ already_submitted',
    cancel: '→ cancelled | requester:cancelled card:card',
    claim: '✗ claimed_by_other',
    release: '→ (needs_info) | support:claim_released card:card',
    take_over: '→ (needs_info) | support:claim_taken requester:claimed card:card',
    send_puk: '→ puk_delivered | requester_private:puk requester:puk_sent_note card:card',
    ask: '→ (needs_info) | requester:question card:card',
    request_document: '→ (needs_info) | requester:document_requested card:card',
    record_ticket: '→ (needs_info) | support:ticket_recorded card:card',
    reject: '→ rejected | requester:rejected card:card',
    agent_reply: '→ (needs_info) | requester:question card:card',
    done: '✗ no_puk_yet',
    file_copied: '→ (needs_info) | requester:file_failed support:file_failed card:card',
    failed: '✗ no_puk_yet',
    'timer:warn': '→ (needs_info) | requester:warning support:warning card:card',
    'timer:remind': '=',
    'timer:expire': '→ expired | requester:expired support:expired card:card',
    'timer:idle': '=',
  },
  puk_delivered: {
    message: '→ (puk_delivered) | support:relay requester:relayed',
    new_challenge: '→ awaiting_support | requester:reopened support:reopened card:card',
    set_fields: '✗ already_submitted',
    submit: '✗ already_submitted',
    edit: '✗ already_submitted',
    cancel: '→ cancelled | requester:cancelled card:card',
    claim: '✗ puk_already_sent',
    release: '✗ puk_already_sent',
    take_over: '✗ puk_already_sent',
    send_puk: '✗ puk_already_sent',
    ask: '✗ not_with_support',
    request_document: '✗ not_with_support',
    record_ticket: '→ (puk_delivered) | support:ticket_recorded card:card',
    reject: '→ rejected | requester:rejected card:card',
    agent_reply: '✗ not_with_support',
    done: '→ completed | requester:completed card:card',
    file_copied: '→ (puk_delivered) | requester:file_failed support:file_failed card:card',
    failed: '→ awaiting_support | support:reopened card:card requester:reopened',
    'timer:warn': '=',
    'timer:remind': '→ (puk_delivered) | requester:puk_reminder',
    'timer:expire': '→ expired | requester:reset_check support:reset_check card:card',
    'timer:idle': '=',
  },
  completed: endedRow('→ (completed) | card:card'),
  cancelled: endedRow('→ (cancelled)'),
  rejected: endedRow('→ (rejected) | card:card'),
  expired: {
    message: '✗ expired',
    new_challenge: '→ awaiting_support | requester:reopened support:reopened card:card',
    set_fields: '✗ already_submitted',
    submit: '✗ already_submitted',
    edit: '✗ already_submitted',
    cancel: '→ cancelled | requester:cancelled card:card',
    claim: '✗ expired',
    release: '✗ expired',
    take_over: '✗ expired',
    send_puk: '✗ expired',
    ask: '✗ not_with_support',
    request_document: '✗ not_with_support',
    record_ticket: '→ (expired) | support:ticket_recorded card:card',
    reject: '→ rejected | requester:rejected card:card',
    agent_reply: '✗ not_with_support',
    done: '✗ no_puk_yet',
    file_copied: '→ (expired) | requester:file_failed support:file_failed card:card',
    failed: '✗ no_puk_yet',
    'timer:warn': '=',
    'timer:remind': '=',
    'timer:expire': '=',
    'timer:idle': '→ abandoned | requester:closed card:card',
  },
  unconfirmed: endedRow('→ (unconfirmed) | card:card'),
  abandoned: endedRow('→ (abandoned)'),
};

const fixture = fixtures();

group('the lifecycle table', () => {
  it('has a row for every state × event pair, and no other', () => {
    const pairs = STATES.flatMap((s) => EVENT_NAMES.map((e) => `${s} × ${e}`));
    const rows = Object.entries(TABLE).flatMap(([s, events]) => Object.keys(events).map((e) => `${s} × ${e}`));
    expect(rows.sort()).toEqual(pairs.sort());
  });

  it('builds a fixture in every state', () => {
    for (const s of STATES) expect(fixture[s].state).toBe(s);
  });

  for (const state of STATES) {
    for (const event of EVENT_NAMES) {
      it(`${state} × ${event}`, () => {
        const before = fixture[state];
        const result = apply(before, event);
        expect(describe(before, result)).toBe(TABLE[state][event]);
        if (!result.ok) return;
        const after = result.request;
        // Wiped at expiry and at every end, and no timer left on an ended request.
        if (isEnded(after.state) || after.state === 'expired') {
          expect(after.challenge?.code, 'challenge code').toBeUndefined();
          expect(after.puk?.value, 'PUK').toBeUndefined();
        }
        if (isEnded(after.state)) expect(timerPlan(after, SETTINGS)).toEqual([]);
        if (result.changed) expect(after.audit.length).toBeGreaterThan(before.audit.length);
      });
    }
  }
});

group('an expired request whose PUK went out', () => {
  // Same state as any expired request, but the PUK was delivered before the window ran out.
  const base = fixtures();
  const afterPuk = (() => {
    const puk = base.puk_delivered;
    let r = puk;
    for (const kind of ['remind', 'expire'] as const) {
      const t = timerPlan(r, SETTINGS).find((p) => p.kind === kind)!;
      const step = transition(r, { type: 'timer', timerId: t.id }, { now: t.at, settings: SETTINGS });
      if (!step.ok) throw new Error('fixture');
      r = step.request;
    }
    return r;
  })();
  const ctx = { now: afterPuk.updatedAt + 60_000, settings: SETTINGS };

  it('keeps who sent the PUK but not the PUK, and plans only its idle close', () => {
    expect(afterPuk.state).toBe('expired');
    expect(afterPuk.puk).toMatchObject({ sentBy: agent });
    expect(afterPuk.puk?.value).toBeUndefined();
    expect(timerPlan(afterPuk, SETTINGS).map((t) => t.kind)).toEqual(['idle']);
  });

  it.each([
    ['done', { type: 'done', by: tech } as const, '→ completed | requester:completed card:card'],
    ['failed', { type: 'failed', by: tech } as const, '→ (expired) | support:reopened card:card requester:expired'],
    ['claim', { type: 'claim', by: agent, isAgent: true } as const, '✗ expired'],
  ])('%s', (_name, event, expected) => {
    expect(describe(afterPuk, transition(afterPuk, event, ctx))).toBe(expected);
  });

  it('closes as unconfirmed after REQUEST_IDLE_CLOSE', () => {
    const t = timerPlan(afterPuk, SETTINGS)[0]!;
    expect(t.at - afterPuk.updatedAt).toBe(SETTINGS.idleCloseMs);
    expect(describe(afterPuk, transition(afterPuk, { type: 'timer', timerId: t.id }, { now: t.at, settings: SETTINGS }))).toBe(
      '→ unconfirmed | requester:closed card:card',
    );
  });
});

group('a question whose asker released the claim', () => {
  const released = apply(fixture.needs_info, 'release');
  if (!released.ok) throw new Error('fixture');
  const r = released.request;
  const ctx = { now: r.updatedAt + 60_000, settings: SETTINGS };

  it('stays a question, open to any agent', () => {
    expect(r.state).toBe('needs_info');
    expect(r.claimedBy).toBeUndefined();
    expect(r.question?.text).toBe('Is the camera online?');
  });

  it('keeps waiting for the answer when another agent claims it', () => {
    expect(describe(r, transition(r, { type: 'claim', by: agent, isAgent: true }, ctx))).toBe(
      '→ (needs_info) | requester:claimed card:card',
    );
  });

  it('goes back to the queue when the technician answers before anyone claims it', () => {
    expect(describe(r, transition(r, { type: 'message', by: tech, text: 'Yes, it is online.' }, ctx))).toBe(
      '→ awaiting_support | support:relay requester:relayed card:card',
    );
  });
});
