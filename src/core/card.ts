// The support card as data: what an agent needs to ask Bosch for the PUK, the request's
// status and deadline, and the actions that make sense now. Slack and Teams draw it.

import { type ResetRequest, type State, isEnded } from './request.js';
import { CARD_ACTIONS, deviceLines, fileLine } from './copy.js';
import { humanDuration } from './deadlines.js';
import type { Action, Paragraph } from './rich.js';

export interface CardModel {
  title: string;
  requester: Paragraph;
  status: Paragraph[];
  device: Paragraph[];
  /** Copyable challenge code while the request is open. */
  code?: string;
  deadline?: Paragraph;
  extra: Paragraph[];
  actions: Action[];
}

const TITLES: Record<State, string> = {
  collecting: 'being filled in',
  awaiting_support: 'waiting for an agent',
  claimed: 'claimed',
  needs_info: 'waiting for the technician',
  puk_delivered: 'PUK sent',
  completed: 'done',
  cancelled: 'cancelled',
  rejected: 'rejected',
  expired: 'challenge expired',
  unconfirmed: 'closed, unconfirmed',
  abandoned: 'closed, abandoned',
};

export function cardModel(request: ResetRequest, now: number): CardModel {
  const status: Paragraph[] = [];
  const s = request.state;
  if (s === 'awaiting_support') status.push(['Nobody has claimed it yet.']);
  if (request.claimedBy && s !== 'awaiting_support') status.push(['Handled by ', { mention: request.claimedBy }]);
  if (s === 'needs_info' && request.question) status.push([{ bold: 'Asked: ' }, request.question.text]);
  if (request.puk)
    status.push([
      'PUK sent by ',
      { mention: request.puk.sentBy },
      ' at ',
      { time: request.puk.sentAt },
      ' (shown only to the technician).',
    ]);
  if (s === 'completed') status.push(['The technician confirmed the reset worked.']);
  if (s === 'cancelled') status.push(['Cancelled by the technician.']);
  if (s === 'rejected' && request.rejection)
    status.push(['Rejected by ', { mention: request.rejection.by }, ': ', request.rejection.reason]);
  if (s === 'expired' && request.puk)
    status.push(['The challenge window ran out after the PUK; the technician was asked whether the reset worked.']);
  else if (s === 'expired') status.push(['The challenge code expired; waiting for the technician to paste a new one.']);
  if (s === 'unconfirmed') status.push(['Closed: the technician never said whether the reset worked.']);
  if (s === 'abandoned') status.push(['Closed: nobody came back to it.']);

  const c = request.challenge;
  let deadline: Paragraph | undefined;
  if (c && !isEnded(s)) {
    const left = c.expiresAt - now;
    deadline =
      left > 0
        ? ['Challenge expires at ', { time: c.expiresAt }, ` (${humanDuration(left)} left at `, { time: now }, ')']
        : ['Challenge expired at ', { time: c.expiresAt }];
  }
  const extra: Paragraph[] = [];
  if (request.boschTicket) extra.push([{ bold: 'Bosch ticket: ' }, request.boschTicket]);
  for (const d of request.device.documents) extra.push(fileLine('Document: ', d, request));
  if (request.previousChallenges.length)
    extra.push([`Challenge #${c?.seq ?? request.previousChallenges.length + 1} (earlier codes expired or failed).`]);
  const open = ['awaiting_support', 'claimed', 'needs_info'].includes(s);
  // Claim while nobody holds it; Release (the holder) and Take over (anyone else) once someone does.
  const claimActions = request.claimedBy ? ['release', 'take_over'] : ['claim'];
  const claimIds = ['claim', 'release', 'take_over'];
  const actions = open
    ? CARD_ACTIONS.filter((a) => !claimIds.includes(a.id) || claimActions.includes(a.id))
    : s === 'puk_delivered' || s === 'expired'
      ? CARD_ACTIONS.filter((a) => a.id === 'record_ticket')
      : [];
  const model: CardModel = {
    title: `${request.id} · camera password reset · ${TITLES[s]}`,
    requester: ['Requested by ', { mention: request.requester }],
    status,
    device: deviceLines(request),
    extra,
    actions,
  };
  if (open && c?.code) model.code = c.code;
  if (deadline) model.deadline = deadline;
  return model;
}
