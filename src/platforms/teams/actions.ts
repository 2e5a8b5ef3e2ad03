// Universal Actions: an `adaptiveCard/action` invoke becomes one desk call, and the answer is
// the card redrawn for its new state (Teams replaces the pressed card with it) or, when the
// desk refused, a message Teams shows only to the person who pressed the button.

import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import { cardModel } from '../../core/card.js';
import { START_COMMANDS, noticeMessage } from '../../core/copy.js';
import type { Locale } from '../../core/i18n/locale.js';
import { ANSWERS as ANSWER_LIST, type Answer, type Outcome } from '../../core/desk.js';
import { type Actor, type Conversation, type ResetRequest, sameActor } from '../../core/request.js';
import { ACTION_IDS, type Paragraph } from '../../core/rich.js';
import { localeOf } from '../../core/languages.js';
import { cameraOf } from '../../core/site/cameras.js';
import { cameraName } from '../../core/site/copy.js';
import { type AdaptiveCard, type NoticeView, noticeCard, REFRESH_VERB, settledCard, supportCard } from './cards.js';
import { CARD_KINDS } from './dialogs.js';
import { asReference } from './ids.js';
import { plainLines } from './render.js';
import type { HandlerDesk } from '../contract.js';
import { TEAMS_WORDS, type TeamsWord } from './words.js';

const text = z.string().max(20_000).optional();

const ActionData = z.object({
  requestId: z.string().min(1).max(40),
  card: z.enum(CARD_KINDS),
  /** What a question's button hands back (a PUK to confirm, a new code): see core/reading.ts. */
  arg: text,
});
type ActionData = z.infer<typeof ActionData>;

/** What the pressed card says once its buttons have done their work, in the presser's language. */
const SETTLED: Partial<Record<string, TeamsWord>> = {
  submit: 'settled.submitted',
  cancel: 'settled.cancelled',
  done: 'settled.done',
  puk_confirm: 'settled.puk_confirmed',
  puks_confirm: 'settled.puks_confirmed',
  another_camera: 'settled.another_camera',
  code_confirm: 'settled.code_confirmed',
  start_new: 'settled.started_new',
};

function settled(verb: string, now: number, locale: Locale | undefined): Paragraph {
  return TEAMS_WORDS.say(locale, SETTLED[verb] ?? 'settled.other', { at: { time: now } });
}

/** Buttons of a question the bot asked one person: the desk reads the answer. */
const ANSWERS = new Set<string>(ANSWER_LIST);

export async function handleCardAction(
  desk: HandlerDesk,
  by: Actor,
  /** The presser's zone: a refusal's time ("PUK sent at …") is read on their clock. */
  timeZone: string,
  verb: string,
  rawData: unknown,
  open?: () => Promise<Conversation>,
  viewers?: RefreshFor,
): Promise<AdaptiveCardInvokeResponse> {
  const say = (key: TeamsWord, values?: Record<string, string>) => message(TEAMS_WORDS.word(by.locale, key, values));
  const parsed = ActionData.safeParse(rawData);
  if (!parsed.success) return say('action.outdated_button', { command: START_COMMANDS.teams });
  const data = parsed.data;
  const id = data.requestId;

  if (ANSWERS.has(verb)) {
    const heard = await desk.answer(id, by, verb as Answer, data.arg, open);
    if (heard.refusal) return message(plainLines(heard.refusal.lines, timeZone));
    if (heard.reply) return card(settledCard(heard.reply, []));
    const started = verb === 'start_new' && heard.requestId ? heard.requestId : undefined;
    return card(settledCard({ lines: [[{ bold: started ?? id }]] }, settled(verb, desk.now(), by.locale), renderIn(by.locale)));
  }

  if (verb === REFRESH_VERB) return data.card === 'support' ? refresh(desk, by, id, viewers) : refreshNotice(desk, by, rawData);
  if (FORM_VERBS.has(verb)) return say('action.moved_to_dialog');

  const outcome = await perform(desk, by, verb, id, data.arg);
  if (!outcome) return say('action.unknown', { verb });
  if (!outcome.ok) return message(plainLines(outcome.refusal.lines, timeZone));
  // A site camera's "Reset worked" names the camera it settled.
  const camera = verb === 'done' && outcome.request.cameras ? cameraArg(data.arg) : undefined;
  if (camera !== undefined) {
    const name = cameraName(cameraOf(outcome.request, camera), camera, localeOf(by), true);
    return card(
      settledCard({ lines: [[{ bold: outcome.request.id }], [name]] }, settled(verb, desk.now(), by.locale), renderIn(by.locale)),
    );
  }
  return card(await redraw(desk, by, outcome.request, data.card, verb, viewers));
}

/** Verbs whose inputs now come from a dialog (dialogs.ts); a card from before that still has them. */
const FORM_VERBS = new Set([
  'use_form',
  'edit',
  'set_fields',
  'failed',
  'send_puk',
  'ask',
  'reject',
  'request_document',
  'record_ticket',
  'bosch_email',
]);

/** Who gets the agents' view of a support card by Teams' automatic refresh (user ids, 29:…). */
export type RefreshFor = (request: ResetRequest) => Promise<string[]>;

/**
 * A refresh of the support card (automatic, or "Show my actions"): an agent gets the buttons
 * that fit now, anyone else the read-only view. Only a view: every action is checked by the core.
 */
async function refresh(desk: HandlerDesk, by: Actor, id: string, viewers?: RefreshFor): Promise<AdaptiveCardInvokeResponse> {
  const request = await desk.get(id);
  if (!request) return message(TEAMS_WORDS.word(by.locale, 'action.request_gone'));
  const agent = (await desk.mayOpenForm(id, by, 'support', 'claim')).ok;
  // The support card stays in the channel's language for whoever asks: it is the one shared card.
  return card(
    supportCard(cardModel(request, desk.now(), desk.settings.supportLanguage), request.id, {
      viewer: agent ? 'agent' : 'shared',
      refreshFor: viewers ? await viewers(request) : [],
      locale: desk.settings.supportLanguage,
    }),
  );
}

/**
 * How the technician's card is posted where they started: in a channel reply chain (others read
 * along) read-only, refreshed to their buttons for them alone; in a 1:1 chat (undefined) with
 * the buttons on it, since nobody else sees it and refresh is not reliable on every client.
 */
export function technicianView(request: ResetRequest): NoticeView | undefined {
  const reference = asReference(request.conversation.reference);
  const conversation = reference?.conversation;
  // As ids.ts's isPersonal reads a chat: a 1:1 is 'personal', or neither a group nor typed.
  if (!conversation || conversation.conversationType === 'personal' || (!conversation.isGroup && !conversation.conversationType))
    return undefined;
  const owner = reference.user?.id;
  return owner ? { viewer: 'shared', owner } : { viewer: 'shared' };
}

const short = z.string().max(3000);
const Inline = z.union([
  short,
  z.object({ bold: short }).strict(),
  z.object({ code: short }).strict(),
  z
    .object({
      mention: z.object({ platform: z.enum(['slack', 'teams']), id: z.string().max(200), name: z.string().max(200).optional() }).strict(),
    })
    .strict(),
  z.object({ time: z.number().finite() }).strict(),
  z.object({ link: z.string().max(2000), label: short }).strict(),
]);
// A site's intake summary has a line per camera (BATCH_MAX is at most 100).
const Lines = z.array(z.array(Inline).max(60)).max(160);
/** The words a technician's card was posted with, as its refresh hands them back (cards.ts). */
const NoticeRefresh = ActionData.extend({
  message: z
    .object({
      lines: Lines,
      code: z.string().max(200).optional(),
      footer: Lines.optional(),
      actions: z
        .array(
          z
            .object({ id: z.enum(ACTION_IDS), label: z.string().max(100), style: z.enum(['primary', 'danger']).optional(), arg: text })
            .strict(),
        )
        .max(6)
        .optional(),
    })
    .strict(),
});

/**
 * A refresh of a technician's card in a reply chain: the technician gets its buttons, anyone
 * else the read-only card. The words are the card's own (they were on it for everyone to read);
 * only who is asking decides the buttons, and the core checks every press whoever sends it.
 */
async function refreshNotice(desk: HandlerDesk, by: Actor, rawData: unknown): Promise<AdaptiveCardInvokeResponse> {
  const parsed = NoticeRefresh.safeParse(rawData);
  if (!parsed.success) return message(TEAMS_WORDS.word(by.locale, 'action.outdated_card'));
  const { message: words, ...data } = parsed.data;
  const request = await desk.get(data.requestId);
  if (!request) return message(TEAMS_WORDS.word(by.locale, 'action.request_gone'));
  const view = technicianView(request) ?? {};
  const owner = sameActor(request.requester, by);
  // The words are the card's own; what the refresh adds (its button) is in the asker's language.
  return card(noticeCard(words, data, renderIn(by.locale), { ...view, viewer: owner ? 'owner' : 'shared' }));
}

function perform(desk: HandlerDesk, by: Actor, verb: string, id: string, arg?: string): Promise<Outcome> | undefined {
  switch (verb) {
    case 'another_camera':
      return desk.anotherCamera(id, by);
    case 'submit':
      return desk.submit(id, by);
    case 'cancel':
      return desk.cancel(id, by);
    case 'done':
      // A site camera's PUK message names its camera; one camera's carries none.
      return desk.done(id, by, cameraArg(arg));
    case 'claim':
      return desk.claim(id, by);
    case 'release':
      return desk.release(id, by);
    case 'take_over':
      return desk.takeOver(id, by);
    default:
      return undefined;
  }
}

/** The pressed card in the request's new state. */
async function redraw(
  desk: HandlerDesk,
  by: Actor,
  request: ResetRequest,
  kind: ActionData['card'],
  verb: string,
  viewers?: RefreshFor,
): Promise<AdaptiveCard> {
  const now = desk.now();
  // The one who pressed is an agent (the core let them act): their view.
  // The support card is in the channel's language, for the agent who pressed as for everyone.
  if (kind === 'support')
    return supportCard(cardModel(request, now, desk.settings.supportLanguage), request.id, {
      viewer: 'agent',
      refreshFor: viewers ? await viewers(request) : [],
      locale: desk.settings.supportLanguage,
    });
  const outcome = settled(verb, now, by.locale);
  if (kind === 'summary') {
    const summary = noticeMessage({ audience: 'requester', kind: 'summary', warnings: [] }, request, now, desk.settings);
    // A settled card draws no buttons, whatever actions the summary names.
    return settledCard(summary ?? { lines: [] }, outcome, renderIn(by.locale));
  }
  return settledCard({ lines: [[{ bold: request.id }]] }, outcome, renderIn(by.locale));
}

/** The camera number a site camera's button carries (Action.arg = String(n)); undefined for none or nonsense. */
export function cameraArg(arg: string | undefined): number | undefined {
  return arg !== undefined && /^\d{1,3}$/.test(arg) ? Number(arg) : undefined;
}

function card(value: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value };
}

function message(text: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: text as unknown as AdaptiveCardInvokeResponse['value'],
  };
}

const renderIn = (locale: Locale | undefined) => (locale ? { locale } : {});
