// The Adaptive Cards the bot sends, one pure function per card, built from core data. Cards
// carry buttons only, never an input (inputs on cards break on the Teams phone clients): a
// direct action is a Universal Action (Action.Execute with a verb and { requestId, card }), a
// form is a button that opens a dialog (dialogs.ts).
// The support card (read by agents in many time zones) shows times with {{TIME()}} and agents
// as real @mentions; a notice for one person takes that person's zone in RenderOptions.

import { CardFactory, type Attachment } from 'botbuilder';
import type { CardModel } from '../../core/card.js';
import { forms } from '../../core/copy.js';
import type { Locale } from '../../core/i18n/locale.js';
import { type Actor, sameActor } from '../../core/request.js';
import type { Action, ActionId, Paragraph, RichMessage } from '../../core/rich.js';
import { type CardKind, type DialogKind, dialogButton } from './dialogs.js';
import { type CardElement, CardText, codeElement, heading, type MentionEntity, type RenderOptions } from './render.js';
import { CARD_BUDGET_BYTES, siteElements, siteListBody } from './site-card.js';
import { TEAMS_WORDS } from './words.js';

export type { CardKind } from './dialogs.js';

export interface ActionData {
  requestId: string;
  card: CardKind;
  /** What a question's button hands back (Action.arg). */
  arg?: string;
}

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; body: CardElement[] };

/** Action.Execute needs 1.4; Teams renders 1.5. */
const CARD_SCHEMA_VERSION = '1.5';

function card(body: CardElement[], actions: CardElement[] = [], full = false, mentions: MentionEntity[] = []): AdaptiveCard {
  const c: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_SCHEMA_VERSION,
    body,
  };
  if (actions.length) c.actions = actions;
  const msteams: Record<string, unknown> = {};
  if (full) msteams.width = 'Full';
  // Teams turns `<at>Name</at>` in a TextBlock into a mention only with its entity listed here.
  if (mentions.length) msteams.entities = mentions;
  if (Object.keys(msteams).length) c.msteams = msteams;
  return c;
}

export function attachment(c: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(c);
}

function execute(verb: ActionId | 'set_fields', title: string, data: ActionData, style?: Action['style']): CardElement {
  const a: CardElement = { type: 'Action.Execute', title, verb, data: { ...data } };
  if (style) a.style = style === 'primary' ? 'positive' : 'destructive';
  return a;
}

/** Buttons of a notice (summary, intake, PUK) for the technician. */
function noticeActions(actions: Action[], data: ActionData): CardElement[] {
  const open = (dialog: DialogKind, extra: { verb?: 'edit'; camera?: string } = {}) => ({
    dialog,
    requestId: data.requestId,
    card: data.card,
    ...extra,
  });
  return actions.map((a) => {
    switch (a.id) {
      case 'failed':
        // A site camera's PUK message: the dialog keeps which camera did not work.
        return dialogButton(a.label, open('failed', a.arg === undefined ? {} : { camera: a.arg }), a.style);
      case 'use_form':
        return dialogButton(a.label, open('details'), a.style);
      case 'edit':
        return dialogButton(a.label, open('details', { verb: 'edit' }), a.style);
      default:
        return execute(a.id, a.label, a.arg === undefined ? data : { ...data, arg: a.arg }, a.style);
    }
  });
}

/**
 * Who sees which version of a technician's card where others read along (a channel reply
 * chain). Without one (a 1:1 chat, where only the technician sees it) the card carries its
 * buttons as posted.
 */
export interface NoticeView {
  /** 'owner': the card's buttons, for the technician; 'shared': read-only, what everyone else sees. */
  viewer: 'owner' | 'shared';
  /** The technician's Teams user id (29:…), whose client refreshes the card to the owner's view. */
  owner?: string;
}

/**
 * Any notice as a card; its buttons (if any) act on the request. With a view, the card also
 * asks Teams to refresh it for the technician and carries its own words in that refresh, so the
 * answer redraws exactly what was posted (nothing is kept for it); never give a view to a card
 * with a secret on it (the PUK), which goes only to the 1:1 chat.
 */
export function noticeCard(message: RichMessage, data: ActionData, options: RenderOptions = {}, view?: NoticeView): AdaptiveCard {
  const words = new CardText(options);
  const body = words.body(message);
  const actions = message.actions ?? [];
  if (!view || !actions.length) return card(body, noticeActions(actions, data), false, words.mentions);
  const showActions = TEAMS_WORDS.word(options.locale, 'card.show_my_actions');
  const shown = view.viewer === 'owner' ? noticeActions(actions, data) : [execute(REFRESH_VERB as ActionId, showActions, data)];
  const c = card(body, shown, false, words.mentions);
  const refreshData: NoticeRefreshData = { ...data, message };
  c.refresh = {
    action: { type: 'Action.Execute', title: showActions, verb: REFRESH_VERB, data: refreshData },
    userIds: view.owner ? [view.owner] : [],
  };
  return c;
}

/**
 * A notice as the cards it takes: one, unless its words would go over Teams' limit (a site's
 * summary of many cameras, in a reply chain where the refresh carries the words again). Then
 * its lines go in read-only cards as many as they need, and the last line (what to do next),
 * the code, the footer and the buttons on a last card of their own.
 */
export function noticeCards(message: RichMessage, data: ActionData, options: RenderOptions = {}, view?: NoticeView): AdaptiveCard[] {
  const whole = noticeCard(message, data, options, view);
  if (fits(whole) || message.lines.length < 2) return [whole];
  const { lines, ...rest } = message;
  const cards: AdaptiveCard[] = [];
  let chunk: Paragraph[] = [];
  for (const line of lines.slice(0, -1)) {
    if (chunk.length && !fits(noticeCard({ lines: [...chunk, line] }, data, options))) {
      cards.push(noticeCard({ lines: chunk }, data, options));
      chunk = [];
    }
    chunk.push(line);
  }
  if (chunk.length) cards.push(noticeCard({ lines: chunk }, data, options));
  cards.push(noticeCard({ ...rest, lines: lines.slice(-1) }, data, options, view));
  return cards;
}

const fits = (c: AdaptiveCard) => Buffer.byteLength(JSON.stringify(c)) <= CARD_BUDGET_BYTES;

/** What a technician's card hands back when Teams refreshes it: the words it was posted with. */
export type NoticeRefreshData = ActionData & { message: RichMessage };

/** A card whose buttons were used: the same words, no buttons, and what happened. */
export function settledCard(message: RichMessage, outcome: Paragraph, options: RenderOptions = {}): AdaptiveCard {
  const words = new CardText(options);
  const body = words.body(message);
  const done = words.line(outcome, { separator: true });
  if (done) body.push(done);
  return card(body, [], false, words.mentions);
}

/**
 * Who the support card @mentions for real: the agents named on it while it still has work on it
 * (the one handling it, who sent the PUK). Not the technician, who is often not in the support
 * team; and nobody on a finished card, where there is no one left to reach (and where an
 * agent's name sits next to free text, the reason of a rejection, which stays in a TextRun).
 */
function cardMentions(model: CardModel): RenderOptions['notify'] {
  const requester = model.requester.find((p): p is { mention: Actor } => typeof p === 'object' && 'mention' in p)?.mention;
  const inProgress = model.actions.length > 0;
  return (person) => inProgress && !sameActor(person, requester);
}

/** Who sees which version of the support card (Universal Actions user-specific views). */
export interface SupportView {
  /** 'agent': the buttons that fit the request's state; 'shared': read-only, what everyone else sees. */
  viewer: 'agent' | 'shared';
  /** Teams user ids (29:…) whose clients refresh the card to their agent view; at most 60 are used. */
  refreshFor?: string[];
  /** SUPPORT_LANGUAGE: the card is one message that every agent reads, so it is in the channel's language. */
  locale: Locale;
}

/** Teams refreshes a card automatically for at most 60 users. */
export const MAX_REFRESH_USERS = 60;

/** The refresh button's verb: Teams' automatic refresh, and the "Show my actions" button. */
export const REFRESH_VERB = 'refresh';

/**
 * The support card in the support channel: what an agent needs, and, in the agent's view, what
 * they can do now. The message everyone sees is the shared, read-only view; agents named in
 * `refreshFor` get theirs by Teams' automatic refresh, and any agent (refresh is not reliable on
 * every client, nor for more than 60 people) by "Show my actions". It is only a view: the core
 * checks every action whoever sends it.
 */
export function supportCard(model: CardModel, requestId: string, view: SupportView): AdaptiveCard {
  return drawSupportCard(model, requestId, view).card;
}

/** The support card, and how many of a site's cameras it had no room for (listed in the thread then). */
export function drawSupportCard(model: CardModel, requestId: string, view: SupportView): { card: AdaptiveCard; leftOut: number } {
  const data: ActionData = { requestId, card: 'support' };
  // No time zone: the card is read by every agent, each on their own clock ({{TIME()}}).
  const locale = view.locale;
  const words = new CardText({ notify: cardMentions(model), locale });
  const showActions = TEAMS_WORDS.word(locale, 'card.show_my_actions');
  const body: CardElement[] = [heading(model.title), ...words.lines([model.requester]), ...words.lines(model.status)];
  const device = words.lines(model.device);
  if (device[0]) device[0].separator = true;
  body.push(...device);
  if (model.code) body.push(codeElement(model.code));
  if (model.deadline) body.push(...words.lines([model.deadline]));
  body.push(...words.lines(model.extra));
  const agentActions = supportActions(model, data, locale);
  const actions =
    view.viewer === 'agent' ? agentActions : model.actions.length ? [execute(REFRESH_VERB as ActionId, showActions, data)] : [];
  const c = card(body, actions, true, words.mentions);
  if (model.actions.length) {
    c.refresh = {
      action: { type: 'Action.Execute', title: showActions, verb: REFRESH_VERB, data: { ...data } },
      userIds: (view.refreshFor ?? []).slice(0, MAX_REFRESH_USERS),
    };
  }
  let leftOut = 0;
  if (model.site) {
    // Weighed with the agent's buttons, the heavier view, so every view shows the same rows.
    const room = CARD_BUDGET_BYTES - Buffer.byteLength(JSON.stringify({ ...c, actions: agentActions }));
    const site = siteElements(model.site, words, locale, room);
    body.push(...site.elements);
    leftOut = model.site.rows.length - site.shown;
  }
  return { card: c, leftOut };
}

/** The full list of a site's cameras, for the card's thread when the card cannot show them all. */
export function siteListCard(model: CardModel, requestId: string, locale: Locale): AdaptiveCard | undefined {
  if (!model.site) return undefined;
  const words = new CardText({ notify: cardMentions(model), locale });
  return card(siteListBody(model.site, requestId, words, locale), [], true, words.mentions);
}

/** An agent's buttons: direct actions as Action.Execute, every form as a dialog. */
function supportActions(model: CardModel, data: ActionData, locale: Locale): CardElement[] {
  // Clients draw at most five buttons: the two paperwork actions share one "Paperwork" dialog,
  // and with the e-mail to Bosch one "Paperwork" menu (document, ticket, e-mail); Release and
  // Take over share one "Claimed" button.
  const actions: CardElement[] = [];
  let paperwork = false;
  let email: Action | undefined;
  const claim: CardElement[] = [];
  const open = (dialog: DialogKind) => ({ dialog, requestId: data.requestId, card: data.card });
  for (const a of model.actions) {
    switch (a.id) {
      case 'release':
      case 'take_over':
        claim.push(execute(a.id, a.label, data, a.style));
        break;
      case 'send_puk':
      case 'ask':
      case 'reject':
        actions.push(dialogButton(a.label, open(a.id), a.style));
        break;
      case 'request_document':
      case 'record_ticket':
        paperwork = true;
        break;
      case 'bosch_email':
        email = a;
        break;
      default:
        actions.push(execute(a.id, a.label, data, a.style));
    }
  }
  const paperworkTitle = TEAMS_WORDS.word(locale, 'card.paperwork');
  const emailButton = email && dialogButton(email.label, open('bosch_email'));
  const papers =
    paperwork && emailButton
      ? {
          type: 'Action.ShowCard',
          title: paperworkTitle,
          card: card(new CardText().lines([[TEAMS_WORDS.word(locale, 'card.paperwork_hint')]]), [
            dialogButton(TEAMS_WORDS.word(locale, 'card.paperwork_forms'), open('paperwork')),
            emailButton,
          ]),
        }
      : paperwork
        ? dialogButton(paperworkTitle, open('paperwork'))
        : emailButton;
  if (papers) actions.splice(Math.min(actions.length, 3), 0, papers);
  const claimed = forms(locale).claimed;
  if (claim.length)
    actions.push({ type: 'Action.ShowCard', title: claimed.title, card: card(new CardText().lines([[claimed.hint]]), claim) });
  return actions;
}
