// The support card as data: what an agent needs to ask Bosch for the PUK, the request's
// status and deadline, and the actions that make sense now. Slack and Teams draw it.

import { type ResetRequest, isEnded } from './request.js';
import { cardActions, deviceLines, documentLabels, fileLine } from './copy.js';
import { isDocumentKind } from './notices.js';
import { CARD, SITE } from './i18n/catalog.js';
import type { Locale } from './i18n/locale.js';
import type { Values } from './i18n/say.js';
import { humanDuration } from './deadlines.js';
import type { Action, Paragraph } from './rich.js';
import { type CameraRow, siteCardRows } from './site/copy.js';
import { byExpiry } from './site/cameras.js';

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
  /**
   * A site's cameras, a row each, soonest to expire first, with a summary line for a card that
   * cannot show them all (the platform then lists every row elsewhere), and Bosch's charge note
   * from four cameras. `device` then holds only the site's photos, and `code` is unset: each
   * row carries its own code.
   */
  site?: { rows: CameraRow[]; summary: Paragraph; charges?: Paragraph };
}

/** The card as support reads it, in the support channel's language (`locale`, SUPPORT_LANGUAGE). */
export function cardModel(request: ResetRequest, now: number, locale: Locale): CardModel {
  const say = (key: Parameters<typeof CARD.say>[1], values?: Values): Paragraph => CARD.say(locale, key, values);
  const status: Paragraph[] = [];
  const s = request.state;
  if (s === 'awaiting_support') status.push(say('card.unclaimed'));
  if (request.claimedBy && s !== 'awaiting_support') status.push(say('card.handled_by', { agent: { mention: request.claimedBy } }));
  if (s === 'needs_info' && request.question) {
    // A document request is kept as the question 'document: <kind>' (lifecycle.ts); support reads the document's name.
    const kind = /^document: (\w+)$/.exec(request.question.text)?.[1];
    status.push(
      isDocumentKind(kind)
        ? say('card.asked_document', { document: documentLabels(locale)[kind] })
        : say('card.asked', { question: request.question.text }),
    );
  }
  if (request.puk) status.push(say('card.puk_sent', { agent: { mention: request.puk.sentBy }, at: { time: request.puk.sentAt } }));
  if (s === 'completed') status.push(say('card.completed'));
  if (s === 'cancelled') status.push(say('card.cancelled'));
  if (s === 'rejected' && request.rejection)
    status.push(say('card.rejected', { agent: { mention: request.rejection.by }, reason: request.rejection.reason }));
  if (s === 'expired' && request.puk) status.push(say('card.expired_after_puk'));
  else if (s === 'expired') status.push(say('card.expired'));
  if (s === 'unconfirmed') status.push(say('card.unconfirmed'));
  if (s === 'abandoned') status.push(say('card.abandoned'));

  // A site's deadline is its soonest open code's.
  const c = request.cameras ? byExpiry(request.cameras.filter((x) => x.state === 'open'))[0]?.challenge : request.challenge;
  let deadline: Paragraph | undefined;
  if (c && !isEnded(s)) {
    const left = c.expiresAt - now;
    deadline =
      left > 0
        ? say('card.expires_at', { at: { time: c.expiresAt }, left: humanDuration(left, locale), now: { time: now } })
        : say('card.expired_at', { at: { time: c.expiresAt } });
  }
  const extra: Paragraph[] = [];
  if (request.boschTicket) extra.push(say('card.bosch_ticket', { ticket: request.boschTicket }));
  for (const d of request.device.documents) extra.push(fileLine(CARD.word(locale, 'card.document_label'), d, request, undefined, locale));
  if (request.previousChallenges.length)
    extra.push(say('card.earlier_challenges', { seq: String(c?.seq ?? request.previousChallenges.length + 1) }));
  const open = ['awaiting_support', 'claimed', 'needs_info'].includes(s);
  // Claim while nobody holds it; Release (the holder) and Take over (anyone else) once someone does.
  const claimActions = request.claimedBy ? ['release', 'take_over'] : ['claim'];
  const claimIds = ['claim', 'release', 'take_over'];
  const actions = cardActions(locale);
  const shown = open
    ? actions.filter((a) => !claimIds.includes(a.id) || claimActions.includes(a.id))
    : s === 'puk_delivered' || s === 'expired'
      ? actions.filter((a) => a.id === 'record_ticket')
      : [];
  const site = request.cameras ? siteCardRows(request, now, locale) : undefined;
  const model: CardModel = {
    title: CARD.word(locale, 'card.title', { id: request.id, state: s }),
    requester: say('card.requested_by', { requester: { mention: request.requester } }),
    status,
    device: site ? deviceLines(request, locale).slice(4) : deviceLines(request, locale),
    extra,
    actions: site ? shown.map((a) => (a.id === 'send_puk' ? { ...a, label: SITE.word(locale, 'site.action.send_puks') } : a)) : shown,
  };
  if (site) model.site = site;
  else if (open && c?.code) model.code = c.code;
  if (deadline) model.deadline = deadline;
  return model;
}
