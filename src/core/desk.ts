// The application service: platforms hand it what people did, it applies the lifecycle
// atomically in the store, keeps the timers in step with the new state, and hands the
// resulting notices to the outbox. Platforms never change a request themselves.

import type { AgentDirectory, Clock, Outbox, RequestStore, Reservations, TimerJob, Timers } from './ports.js';
import { StoreUnavailableError } from './ports.js';
import {
  type Actor,
  type Conversation,
  type RequestFile,
  type Platform,
  type Reader,
  type ResetRequest,
  isEnded,
  sameActor,
} from './request.js';
import {
  cancelChoice,
  cancelConfirmation,
  codeKept,
  continued,
  continueOrNew,
  helpMessage,
  pukConfirmation,
  pukDeclined,
  statusMessage,
} from './copy.js';
import { type Command, type Place, looksLikePuk, parseCodeArg, pukCandidate, read, yesNo } from './reading.js';
import { ANSWERS, type RichMessage } from './rich.js';
import { type LifecycleEvent, type SiteEvent, type Transition, missingFields, newRequest, transition, WITH_SUPPORT } from './lifecycle.js';
import { type BoschReplyReading, readBoschReply } from './bosch-reply.js';
import { awaitingPuk } from './site/cameras.js';
import { parsePukMatchArg, sitePukConfirmation } from './site/copy.js';
import { FORM_VALUE_REFUSALS, type Refusal, emptyButton, refuse } from './refusals.js';
import type { CoreSettings } from './settings.js';
import type { DocumentKind, Notice } from './notices.js';
import type { FieldName } from './fields.js';
import { newRequestId } from './ids.js';
import { timerPlan } from './schedule.js';
import { Delivery, changeKey, timerKey } from './delivery.js';
import { errorText } from './error-text.js';
import { boschEmail, boschEmailAnswer } from './bosch-email.js';
import {
  type LanguageBook,
  languageChosen,
  languageList,
  languageUnknown,
  localeOf,
  noticeWithoutLocales,
  spokenIn,
  storedLocales,
} from './languages.js';
import { type Locale, SOURCE_LOCALE } from './i18n/locale.js';

export type Outcome =
  | {
      ok: true;
      request: ResetRequest;
      notices: Notice[];
      reply?: RichMessage;
      /** What Bosch's reply, pasted by an agent, matched to a site's cameras (nothing sent yet: `reply` asks to confirm). */
      puks?: BoschReplyReading;
    }
  | { ok: false; refusal: Refusal };

/** Where someone wrote, as the platform saw it; the Desk finds out which request that is. */
export interface Written {
  platform: Platform;
  channel: string;
  thread?: string;
  /** A 1:1 chat (DM) with the bot. */
  direct?: boolean;
  /** The bot was called by name (an @mention). */
  addressed?: boolean;
  /** The command itself was used (`/camreset <text>`): the text is its argument. */
  explicit?: boolean;
}

/** A person's words, translated from a platform's payload. */
export interface Words {
  where: Written;
  by: Actor;
  text: string;
  files?: RequestFile[];
  /** How the platform's people start a request (`/camreset`, `camreset`), for the words of help. */
  command: string;
  /** Opens the conversation for a request started from these words (e.g. posts the thread's parent). */
  open: (id: string) => Promise<Conversation>;
}

/**
 * What the platform shows the person who spoke, and only them: a refusal, a command's answer, a
 * question with buttons (requestId: the request the buttons act on). Everything else the words
 * caused has gone out as notices already.
 */
export interface Heard {
  refusal?: Refusal;
  reply?: RichMessage;
  requestId?: string;
}

export { ANSWERS };
export type Answer = (typeof ANSWERS)[number];

/** Whether a button's action is the answer to one of those questions (then `Desk.answer` reads it). */
export function isAnswer(action: string): action is Answer {
  return (ANSWERS as readonly string[]).includes(action);
}

export interface DeskLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The steps a support form submits, with nothing filled in yet: what the lifecycle answers them
 * now is what the form would meet on submit, bar what the agent types (FORM_VALUE_REFUSALS).
 * Teams' Paperwork dialog records a ticket or asks for a document: it opens while either can.
 */
function formProbes(what: string, request: ResetRequest, by: Actor): Array<LifecycleEvent | SiteEvent> {
  const agent = { by, isAgent: true } as const;
  const document = { type: 'request_document', ...agent, document: 'invoice' } as const;
  const ticket = { type: 'record_ticket', ...agent, ticket: '' } as const;
  switch (what) {
    case 'send_puk':
      return [request.cameras ? { type: 'send_puks', ...agent, puks: [] } : { type: 'send_puk', ...agent, puk: '' }];
    case 'ask':
      return [{ type: 'ask', ...agent, question: '' }];
    case 'reject':
      return [{ type: 'reject', ...agent, reason: '' }];
    case 'request_document':
      return [document];
    case 'record_ticket':
      return [ticket];
    case 'paperwork':
      return [document, ticket];
    default:
      return [];
  }
}

export interface DeskDeps {
  store: RequestStore;
  /** Request ids being given out, and tries to redeliver a pending notice: each taken by one caller. */
  reservations: Reservations;
  timers: Timers;
  clock: Clock;
  outbox: Outbox;
  agents: AgentDirectory;
  settings: CoreSettings;
  logger?: DeskLogger;
  newId?: () => string;
  /** Told of every committed change (metrics); must not throw. */
  observer?: DeskObserver;
  /**
   * This process's name among the replicas, kept alive in the store (RequestStore.markAlive)
   * by whoever runs the desk: messages it commits carry it, and another replica's sweep takes
   * them over as soon as it is gone instead of after REDELIVER_AFTER_MS.
   */
  replica?: string;
  /** Each person's chosen language (`language` command, the details form); without it choices are not kept. */
  languages?: LanguageBook;
}

export interface DeskObserver {
  changed(before: ResetRequest | undefined, after: ResetRequest, now: number): void;
  /** A timer was honoured `latenessMs` after its planned moment. */
  timerFired?(kind: string, latenessMs: number): void;
  /** A try to deliver a reader's notices failed (`unreachable`: it keeps failing, support is told). */
  deliveryFailed?(reader: Reader, platform: Platform, unreachable: boolean): void;
}

/** Index key of the conversation a request lives in. */
export function conversationKey(c: Pick<Conversation, 'platform' | 'channel' | 'thread'>): string {
  return `conv:${c.platform}:${c.channel}:${c.thread ?? ''}`;
}

/** Index key of the support card's thread. */
export function cardKey(c: Pick<Conversation, 'platform' | 'channel' | 'thread'>): string {
  return `card:${c.platform}:${c.channel}:${c.thread ?? ''}`;
}

type AgentEvent = Extract<LifecycleEvent, { isAgent: boolean }>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class Desk {
  private readonly log: DeskLogger;
  private readonly delivery: Delivery;
  constructor(private readonly deps: DeskDeps) {
    this.log = deps.logger ?? { info() {}, warn() {}, error() {} };
    this.delivery = new Delivery({
      store: deps.store,
      reservations: deps.reservations,
      outbox: deps.outbox,
      clock: deps.clock,
      log: this.log,
      onFailure: (reader, platform, unreachable) => deps.observer?.deliveryFailed?.(reader, platform, unreachable),
      ...(deps.replica !== undefined ? { replica: deps.replica } : {}),
    });
  }

  get settings(): CoreSettings {
    return this.deps.settings;
  }

  now(): number {
    return this.deps.clock.now();
  }

  /**
   * `by` chose the language they read from now on (the details form's choice; the `language`
   * command): it is remembered for them, and each of their open requests takes it, so what a
   * timer tells them later reads in it too. Resolves to how many open requests they have.
   */
  async chooseLanguage(by: Actor, locale: Locale): Promise<number> {
    await this.deps.languages?.choose(by, locale);
    return this.followLanguage({ ...by, locale }, true);
  }

  /**
   * `by` now reads `by.locale` (their Teams client was switched to another language; `chosen`:
   * they chose it, as the log says): each of their open requests takes it, so a warning or the
   * expiry a timer sends later reads in the language of their last message, not of the first.
   * Resolves to how many open requests they have.
   */
  async followLanguage(by: Actor, chosen = false): Promise<number> {
    if (!by.locale) return 0;
    try {
      const mine = await this.requestsOf(by);
      for (const request of mine) await this.deps.store.update(request.id, (current) => spokenIn(current, by));
      this.log.info({ actor: by.id, locale: by.locale, chosen, requests: mine.length }, 'language followed by open requests');
      return mine.length;
    } catch (err) {
      // What they read is kept; their requests take it the next time they act on them (see apply).
      if (!(err instanceof StoreUnavailableError)) throw err;
      this.log.warn(
        { err: errorText(err), actor: by.id, locale: by.locale, chosen },
        'language kept; open requests not updated (store unavailable)',
      );
      return 0;
    }
  }

  /**
   * Starts a request. `open` creates the conversation for it on the platform (e.g. posts the
   * thread's parent message) once the id is known.
   */
  async start(args: { requester: Actor; open: (id: string) => Promise<Conversation>; text?: string }): Promise<Outcome> {
    return this.guard(localeOf(args.requester), async () => {
      const now = this.now();
      let request: ResetRequest | undefined;
      for (let attempt = 0; attempt < 20 && !request; attempt++) {
        const id = (this.deps.newId ?? newRequestId)();
        // Reserved before the (slow) thread post, so two starts in flight never share an id.
        if (!(await this.deps.reservations.reserve(`request-id:${id}`, 24 * 60 * 60_000)) || (await this.deps.store.get(id))) continue;
        const conversation = await args.open(id);
        // Its requester's language is what the technician's notices are worded in from the first one.
        request = storedLocales(newRequest({ id, requester: args.requester, conversation, now }));
        await this.deps.store.create(request);
        await this.deps.store.link(conversationKey(conversation), id);
      }
      if (!request) throw new Error('could not allocate a request id');
      // Even an intake nobody ever answers has a timer: it closes after REQUEST_IDLE_CLOSE.
      const first = nextTimer(request, this.deps.settings);
      if (first) await this.deps.timers.schedule({ id: first.id, requestId: first.requestId, at: first.at });
      this.log.info({ requestId: request.id, action: 'started', actor: args.requester.id }, 'request started');
      this.deps.observer?.changed(undefined, request, now);
      const text = args.text?.trim();
      // With text (`/camreset <code>`) the welcome leaves the next question to the intake reply.
      const notices: Notice[] = [{ audience: 'requester', kind: 'welcome', missing: text ? [] : missingFields(request) }];
      await this.delivery.sendNow(request, notices);
      if (text) return this.message(request.id, args.requester, text);
      return { ok: true, request, notices };
    });
  }

  get(id: string): Promise<ResetRequest | undefined> {
    return this.deps.store.get(id);
  }

  /** The request living in this conversation (request thread or support-card thread). */
  async find(key: string): Promise<ResetRequest | undefined> {
    const id = await this.deps.store.resolve(key);
    return id ? this.deps.store.get(id) : undefined;
  }

  async openRequests(): Promise<ResetRequest[]> {
    return this.deps.store.listOpen();
  }

  async requestsOf(actor: Actor): Promise<ResetRequest[]> {
    return (await this.openRequests()).filter((r) => r.requester.platform === actor.platform && r.requester.id === actor.id);
  }

  isAgent(actor: Actor): Promise<boolean> {
    return this.deps.agents.isAgent(actor);
  }

  message(id: string, by: Actor, text: string, files?: RequestFile[]): Promise<Outcome> {
    return this.apply(id, files?.length ? { type: 'message', by, text, files } : { type: 'message', by, text });
  }
  setFields(id: string, by: Actor, values: Partial<Record<FieldName, string>>, files?: RequestFile[]): Promise<Outcome> {
    return this.apply(id, files?.length ? { type: 'set_fields', by, values, files } : { type: 'set_fields', by, values });
  }
  /** The platform has copied (ok) or failed to copy the shared file at `url` into the support card's thread. */
  fileCopied(id: string, url: string, ok: boolean): Promise<Outcome> {
    return this.apply(id, { type: 'file_copied', url, ok });
  }
  submit(id: string, by: Actor): Promise<Outcome> {
    return this.apply(id, { type: 'submit', by });
  }
  edit(id: string, by: Actor): Promise<Outcome> {
    return this.apply(id, { type: 'edit', by });
  }
  cancel(id: string, by: Actor): Promise<Outcome> {
    return this.apply(id, { type: 'cancel', by });
  }
  /** "Reset worked"; `camera`: which camera of a site (the number its PUK message's buttons carry). */
  done(id: string, by: Actor, camera?: number): Promise<Outcome> {
    return this.apply(id, camera === undefined ? { type: 'done', by } : { type: 'done', by, camera });
  }
  failed(id: string, by: Actor, note?: string, camera?: number): Promise<Outcome> {
    const event: Extract<LifecycleEvent, { type: 'failed' }> = { type: 'failed', by };
    if (note !== undefined) event.note = note;
    if (camera !== undefined) event.camera = camera;
    return this.apply(id, event);
  }
  /** "Another camera": the request becomes a site (or grows by one); the intake asks for the next camera. */
  anotherCamera(id: string, by: Actor): Promise<Outcome> {
    return this.apply(id, { type: 'another_camera', by });
  }
  /** A site's PUKs, one per camera (the Send PUKs form): every one is checked, and one that cannot go sends none. */
  sendPuks(id: string, by: Actor, puks: Array<{ camera: number; puk: string }>): Promise<Outcome> {
    return this.guard(localeOf(by), async () => {
      const isAgent = await this.deps.agents.isAgent(by);
      return this.apply(id, { type: 'send_puks', by, isAgent, puks });
    });
  }
  /**
   * What sending these PUKs would refuse now (`invalid_puks` with each camera's problem), sending
   * nothing: a form shows it beside each camera before it closes. Undefined: they would go.
   */
  async checkPuks(id: string, by: Actor, puks: Array<{ camera: number; puk: string }>): Promise<Refusal | undefined> {
    const outcome = await this.guard(localeOf(by), async (): Promise<Outcome> => {
      const request = await this.deps.store.get(id);
      if (!request)
        return { ok: false, refusal: refuse('not_found', { what: 'send_puk', id, locale: localeOf(by), platform: by.platform }) };
      const isAgent = await this.deps.agents.isAgent(by);
      const trial = transition(request, { type: 'send_puks', by, isAgent, puks }, { now: this.now(), settings: this.deps.settings });
      return trial.ok ? { ok: true, request, notices: [] } : { ok: false, refusal: trial.refusal };
    });
    return outcome.ok ? undefined : outcome.refusal;
  }
  /**
   * Bosch's reply, pasted whole by an agent (in the Send PUKs form or the card's thread): which
   * PUK it gives each camera of site `id` still waiting for one, found by the MAC, serial or code
   * beside it. Sends nothing: `reply` shows the agent what matched, and what did not, with one
   * button that sends exactly those (`puks_confirm`); `puks` is the same as data, for a form.
   */
  readBoschReply(id: string, by: Actor, text: string): Promise<Outcome> {
    return this.guard(localeOf(by), async () => {
      const locale = localeOf(by);
      const request = await this.deps.store.get(id);
      if (!request) return { ok: false, refusal: refuse('not_found', { what: 'send_puk', id, locale, platform: by.platform }) };
      const isAgent = await this.deps.agents.isAgent(by);
      // Refused now what sending would refuse, so the confirmation only offers what can go.
      const trial = transition(request, { type: 'send_puks', by, isAgent, puks: [] }, { now: this.now(), settings: this.deps.settings });
      if (!trial.ok && trial.refusal.code !== 'empty') return { ok: false, refusal: trial.refusal };
      const keys = awaitingPuk(request).map((c) => {
        const key: { n: number; mac?: string; serial?: string; code?: string } = { n: c.n };
        if (c.mac) key.mac = c.mac;
        if (c.serial) key.serial = c.serial;
        if (c.challenge?.code) key.code = c.challenge.code;
        return key;
      });
      const puks = readBoschReply(text.slice(0, 100_000), keys);
      return { ok: true, request, notices: [], puks, reply: sitePukConfirmation(request, puks, locale) };
    });
  }
  claim(id: string, by: Actor): Promise<Outcome> {
    return this.asAgent(id, { type: 'claim', by });
  }
  release(id: string, by: Actor): Promise<Outcome> {
    return this.asAgent(id, { type: 'release', by });
  }
  takeOver(id: string, by: Actor): Promise<Outcome> {
    return this.asAgent(id, { type: 'take_over', by });
  }
  sendPuk(id: string, by: Actor, puk: string): Promise<Outcome> {
    return this.asAgent(id, { type: 'send_puk', by, puk });
  }
  ask(id: string, by: Actor, question: string): Promise<Outcome> {
    return this.asAgent(id, { type: 'ask', by, question });
  }
  requestDocument(id: string, by: Actor, document: DocumentKind, note?: string): Promise<Outcome> {
    return this.asAgent(
      id,
      note === undefined ? { type: 'request_document', by, document } : { type: 'request_document', by, document, note },
    );
  }
  recordTicket(id: string, by: Actor, ticket: string): Promise<Outcome> {
    return this.asAgent(id, { type: 'record_ticket', by, ticket });
  }
  reject(id: string, by: Actor, reason: string): Promise<Outcome> {
    return this.asAgent(id, { type: 'reject', by, reason });
  }
  /**
   * A reply in the support card's thread. One PUK-shaped token is a PUK candidate: nothing is
   * sent, the agent is asked privately (`reply`) to confirm; anything else goes to the
   * technician as a message.
   */
  agentReply(id: string, by: Actor, text: string): Promise<Outcome> {
    return this.guard(localeOf(by), async () => {
      const request = await this.deps.store.get(id);
      if (!request)
        return { ok: false, refusal: refuse('not_found', { what: 'send_puk', id, locale: localeOf(by), platform: by.platform }) };
      if (request.cameras) {
        // A site's thread: Bosch's reply pasted whole is offered for confirmation; other words go to the technician.
        // Words holding a PUK are never relayed to the technician's thread: the agent alone hears what was (not) matched.
        const read = await this.readBoschReply(id, by, text);
        const pukLike =
          read.ok && !!read.puks && (read.puks.matched.length > 0 || read.puks.unplaced > 0 || read.puks.conflicting.length > 0);
        if (!read.ok || pukLike || looksLikePuk(text)) return read;
        return this.ask(id, by, text);
      }
      const puk = pukCandidate(text, request);
      if (!puk) return this.ask(id, by, text);
      // Refused now what sending it would refuse, so a Send button is only offered when it can work.
      const isAgent = await this.deps.agents.isAgent(by);
      const trial = transition(request, { type: 'send_puk', by, isAgent, puk }, { now: this.now(), settings: this.deps.settings });
      if (!trial.ok) return { ok: false, refusal: trial.refusal };
      return { ok: true, request, notices: [], reply: pukConfirmation(request, puk, text, localeOf(by)) };
    });
  }

  /**
   * Everything a person writes to the bot, wherever they write it: the Desk finds the request of
   * that conversation (or of the support card's thread), reading.ts says what the words are,
   * and the Desk acts on it. Platforms only translate their payload into `Words` and show
   * `Heard` to the one who spoke.
   */
  async hear(words: Words): Promise<Heard> {
    return heardOf(
      await this.guard(localeOf(words.by), async () => {
        const { where } = words;
        const here = where.explicit ? undefined : await this.find(conversationKey(where));
        const card = here || where.direct || where.explicit ? undefined : await this.find(cardKey(where));
        const place: Place = here ? 'request' : card ? 'card' : where.direct ? 'direct' : 'elsewhere';
        const reading = read({
          place,
          text: words.text,
          files: words.files?.length ?? 0,
          explicit: !!where.explicit,
          addressed: !!where.addressed,
        });
        switch (reading.kind) {
          case 'command':
            return this.command(reading.command, words, here);
          case 'request': {
            // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the reading is 'request' only in place 'request', which needs `here`
            const request = here!;
            // A typed yes or no to "Is this a new challenge code?" does what its buttons do.
            const answer =
              request.offeredCode && sameActor(request.requester, words.by) && !words.files?.length ? yesNo(words.text) : undefined;
            if (answer === 'yes') return this.confirmCode(request.id, words.by, request.offeredCode);
            if (answer === 'no') return this.keepCode(request.id, words.by);
            return this.message(request.id, words.by, words.text, words.files);
          }
          case 'card_reply':
            // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the reading is 'card_reply' only in place 'card', which needs `card`
            return this.agentReply(card!.id, words.by, words.text);
          case 'help':
            return said(helpMessage(this.deps.settings, words.command, localeOf(words.by)));
          case 'ignore':
            return said();
        }
      }),
    );
  }

  /** A button of a question the bot asked one person; `open` as in `Words`, for Start a new one. */
  async answer(id: string, by: Actor, answer: Answer, arg: string | undefined, open?: Words['open']): Promise<Heard> {
    return heardOf(
      await this.guard(localeOf(by), async (): Promise<Outcome | ReplyOnly> => {
        switch (answer) {
          case 'puk_confirm': {
            const puk = looksLikePuk(arg ?? '');
            if (!puk)
              return {
                ok: false,
                refusal: refuse('invalid_field', { id, what: 'send_puk', message: emptyButton('puk', localeOf(by)), locale: localeOf(by) }),
              };
            return this.asAgent(id, { type: 'agent_reply', by, text: puk });
          }
          case 'puk_decline': {
            const outcome = await this.ask(id, by, arg ?? '');
            return outcome.ok ? { ...outcome, reply: pukDeclined(id, localeOf(by)) } : outcome;
          }
          case 'code_confirm':
            return this.confirmCode(id, by, parseCodeArg(arg));
          case 'code_keep':
            return this.keepCode(id, by);
          case 'continue_request': {
            const found = await this.requesterOwn(id, by);
            if (!found.ok) return found;
            return said(continued(found.request, this.now(), localeOf(by)), id);
          }
          case 'start_new': {
            if (!open) return said();
            return this.start({ requester: by, open, text: arg ?? '' });
          }
          case 'puks_confirm': {
            const puks = parsePukMatchArg(arg);
            if (!puks.length)
              return {
                ok: false,
                refusal: refuse('invalid_field', { id, what: 'send_puk', message: emptyButton('puk', localeOf(by)), locale: localeOf(by) }),
              };
            return this.sendPuks(id, by, puks);
          }
        }
      }),
    );
  }

  /** Yes, a new code (the button, or typed): the code offered becomes the request's challenge. */
  private async confirmCode(id: string, by: Actor, code: { code: string; ageMs?: number } | undefined): Promise<Outcome> {
    if (!code)
      return {
        ok: false,
        refusal: refuse('invalid_field', { id, what: 'message', message: emptyButton('code', localeOf(by)), locale: localeOf(by) }),
      };
    // The code's hour ran from when it arrived, not from the yes: the time the question waited counts.
    const offered = (await this.deps.store.get(id))?.offeredCode;
    const ageMs = offered?.code === code.code ? (offered.ageMs ?? 0) + Math.max(0, this.now() - offered.at) : code.ageMs;
    return this.apply(
      id,
      ageMs === undefined ? { type: 'new_challenge', by, code: code.code } : { type: 'new_challenge', by, code: code.code, ageMs },
    );
  }

  /** No, keep my code (the button, or typed): the code offered is forgotten, the request goes on as it was. */
  private async keepCode(id: string, by: Actor): Promise<Outcome | ReplyOnly> {
    const found = await this.requesterOwn(id, by);
    if (!found.ok) return found;
    return said(codeKept(found.request, this.now(), localeOf(by)), id);
  }

  /**
   * Request `id` when `by` is its requester, for an answer to the bot's question. Nothing else
   * changes, but as on every other path (apply) the requester acting in another language moves
   * their request to it, and, as every step does, a code offered for confirmation is forgotten.
   */
  private async requesterOwn(id: string, by: Actor): Promise<{ ok: true; request: ResetRequest } | { ok: false; refusal: Refusal }> {
    const found = await this.deps.store.get(id);
    if (!found) return { ok: false, refusal: refuse('not_found', { id, what: 'message', locale: localeOf(by), platform: by.platform }) };
    if (!sameActor(found.requester, by))
      return { ok: false, refusal: refuse('not_requester', { request: found, what: 'message', locale: localeOf(by) }) };
    const moved = (current: ResetRequest): ResetRequest | undefined => {
      const spoken = spokenIn(current, by);
      if (!current.offeredCode) return spoken;
      const { offeredCode: _forgotten, ...next } = spoken ?? current;
      return next;
    };
    const request = moved(found) ? ((await this.deps.store.update(id, moved)) ?? found) : found;
    return { ok: true, request };
  }

  /**
   * The e-mail to Bosch's Central Support for request `id`, for agent `by` alone: the ready text
   * (worded in SUPPORT_LANGUAGE, the desk's working language with Bosch) and its mailto: link, in
   * an answer worded in `by`'s own language. Changes nothing; only while the code can still be
   * answered (with support, not yet answered).
   */
  async boschEmail(id: string, by: Actor): Promise<Outcome> {
    return this.guard(localeOf(by), async () => {
      const locale = localeOf(by);
      const what = 'bosch_email';
      const request = await this.deps.store.get(id);
      if (!request) return { ok: false, refusal: refuse('not_found', { id, what, locale, platform: by.platform }) };
      if (!(await this.deps.agents.isAgent(by))) return { ok: false, refusal: refuse('not_agent', { request, what, locale }) };
      const live = request.cameras ? awaitingPuk(request).length > 0 : !!request.challenge?.code;
      if (!WITH_SUPPORT.includes(request.state) || !live)
        return { ok: false, refusal: refuse('not_with_support', { request, what, locale }) };
      const email = boschEmail(request, this.deps.settings.boschSupportEmail, this.deps.settings.supportLanguage);
      this.log.info({ requestId: id, addressed: !!email.to }, 'e-mail to Bosch prepared for an agent');
      return { ok: true, request, notices: [], reply: boschEmailAnswer(request, email, locale) };
    });
  }

  /**
   * May `by` open a form on request `id`? The details form is the requester's, before submission;
   * the support forms are agents'. Changes nothing; `request` is what the form starts from.
   */
  async mayOpenForm(id: string, by: Actor, form: 'details' | 'support', what: string): Promise<Outcome> {
    return this.guard(localeOf(by), async () => {
      const request = await this.deps.store.get(id);
      const locale = localeOf(by);
      if (!request) return { ok: false, refusal: refuse('not_found', { id, what, locale, platform: by.platform }) };
      if (form === 'support') {
        const named = what === 'paperwork' ? 'request_document' : what;
        if (!(await this.deps.agents.isAgent(by))) return { ok: false, refusal: refuse('not_agent', { request, what: named, locale }) };
        // A form whose step the request no longer takes (a stale card: the PUK went out, the
        // request ended) is refused as it opens, not after the agent has filled it in.
        const probes = formProbes(what, request, by);
        if (probes.length) {
          const ctx = { now: this.now(), settings: this.deps.settings };
          const refusals = probes.flatMap((event) => {
            const step = transition(request, event, ctx);
            return step.ok || FORM_VALUE_REFUSALS.has(step.refusal.code) ? [] : [step.refusal];
          });
          const last = refusals.at(-1);
          if (last && refusals.length === probes.length) {
            // Paperwork is two steps: once the request has ended it says so for both ("nothing left to do").
            const refusal =
              what === 'paperwork' && last.code === 'ended' ? refuse('ended', { request, what, locale, platform: by.platform }) : last;
            return { ok: false, refusal };
          }
        }
      } else {
        if (!sameActor(request.requester, by)) return { ok: false, refusal: refuse('not_requester', { request, what, locale }) };
        if (request.state !== 'collecting') return { ok: false, refusal: refuse('already_submitted', { request, what, locale }) };
        // The details form holds one camera; a site's corrections go in its thread.
        if (request.cameras) return { ok: false, refusal: refuse('site_form', { request, what, locale }) };
      }
      return { ok: true, request, notices: [] };
    });
  }

  /**
   * Commands, parsed once in reading.ts. Which request `cancel` means: the one named; else the
   * open request of the conversation it was said in; else the speaker's only open request; else
   * the speaker is asked which.
   */
  private async command(command: Command, words: Words, here: ResetRequest | undefined): Promise<Outcome | ReplyOnly> {
    const open = here && !isEnded(here.state) ? here : undefined;
    switch (command.word) {
      case 'help':
        return said(helpMessage(this.deps.settings, words.command, localeOf(words.by)));
      case 'status':
        return said(statusMessage(await this.requestsOf(words.by), this.now(), words.command, localeOf(words.by)));
      case 'cancel': {
        const mine = await this.requestsOf(words.by);
        const id = command.unclear ? undefined : (command.id ?? open?.id ?? (mine.length === 1 ? mine[0]?.id : undefined));
        if (!id) return said(cancelChoice(mine, words.command, localeOf(words.by)));
        const outcome = await this.cancel(id, words.by);
        if (!outcome.ok) return outcome;
        // The request's own conversation heard it already; say so here only when this is elsewhere.
        return here?.id === id ? said() : said(cancelConfirmation(id, localeOf(words.by)));
      }
      case 'another': {
        // The request of this conversation, else the speaker's only one being filled in.
        const mine = (await this.requestsOf(words.by)).filter((r) => r.state === 'collecting');
        const id = open?.id ?? (mine.length === 1 ? mine[0]?.id : undefined);
        if (!id) return said(helpMessage(this.deps.settings, words.command, localeOf(words.by)));
        return this.anotherCamera(id, words.by);
      }
      case 'language': {
        // The platform resolved it; a caller that did not still finds the person's own choice.
        const current = words.by.locale ?? (await this.deps.languages?.read(words.by))?.chosen ?? SOURCE_LOCALE;
        // Answered in the language chosen, so the answer itself shows the choice worked.
        if (command.locale) return said(languageChosen(command.locale, await this.chooseLanguage(words.by, command.locale)));
        if (command.unknown !== undefined) return said(languageUnknown(command.unknown, current, words.command));
        return said(languageList(current, words.command));
      }
      case 'start': {
        // Another start where a request is still open would re-point this conversation: ask.
        if (open && sameActor(open.requester, words.by)) return said(continueOrNew(open, command.text, localeOf(words.by)), open.id);
        if (open) return said(statusMessage([open], this.now(), words.command, localeOf(words.by)));
        return this.start({ requester: words.by, open: words.open, ...(command.text ? { text: command.text } : {}) });
      }
    }
  }

  /** Records where the support card was posted, so replies in its thread find the request. */
  async attachSupportCard(id: string, card: Conversation & { message?: string }): Promise<void> {
    await this.deps.store.update(id, (r) => ({ ...r, supportCard: card }));
    await this.deps.store.link(cardKey(card), id);
  }

  /** Stores extra platform data for the requester's conversation (e.g. a Teams reference). */
  async updateConversation(id: string, conversation: Conversation): Promise<void> {
    await this.deps.store.update(id, (r) => ({ ...r, conversation }));
    await this.deps.store.link(conversationKey(conversation), id);
  }

  /**
   * Timer delivery is at least once; the lifecycle ignores a timer it has already honoured.
   * A timer's notices are committed with its effect and go out like every other change's:
   * what cannot be delivered now stays pending for the sweep (any replica), however long the
   * outage lasts, instead of riding on the timer's few retries.
   */
  async onTimer(job: TimerJob): Promise<void> {
    const ctx = { now: this.now(), settings: this.deps.settings };
    let result: Transition | undefined;
    let before: ResetRequest | undefined;
    const key = timerKey(job.id);
    const stored = await this.deps.store.update(job.requestId, (current) => {
      before = current;
      result = transition(current, { type: 'timer', timerId: job.id }, ctx);
      if (!result.ok || !result.changed) return undefined;
      return this.delivery.pending(result.request, key, result.notices);
    });
    if (!stored || !before) return;
    if (!result?.ok || !result.changed) {
      // Delivered again: what its first delivery left pending goes out now.
      await this.delivery.resend(stored, key);
      return;
    }
    this.deps.observer?.changed(before, stored, ctx.now);
    this.deps.observer?.timerFired?.(timerPlan(before, this.deps.settings).find((t) => t.id === job.id)?.kind ?? 'timer', ctx.now - job.at);
    const last = stored.audit.at(-1);
    if (last) this.log.info({ requestId: stored.id, action: last.action, actor: last.actor, state: stored.state }, 'request changed');
    await this.reconcileTimers(before, stored);
    await this.delivery.send(stored, key);
  }

  private async asAgent(id: string, event: DistributiveOmit<AgentEvent, 'isAgent'>): Promise<Outcome> {
    return this.guard(localeOf(event.by), async () => {
      const isAgent = await this.deps.agents.isAgent(event.by);
      return this.apply(id, { ...event, isAgent });
    });
  }

  private async apply(id: string, event: LifecycleEvent | SiteEvent): Promise<Outcome> {
    // The one who acted reads any refusal; a platform's own report (a file copied) has no person
    // to read one, so it goes to the log, in English.
    const locale = 'by' in event ? localeOf(event.by) : SOURCE_LOCALE;
    return this.guard(locale, async () => {
      let result: Transition | undefined;
      let before: ResetRequest | undefined;
      const ctx = { now: this.now(), settings: this.deps.settings };
      const key = changeKey(event.type);
      const stored = await this.deps.store.update(id, (current) => {
        before = current;
        // The requester acting in another language (they chose one, their platform's changed)
        // moves the request to it first, so this change's own notices already read in it.
        const heard = ('by' in event ? spokenIn(current, event.by) : undefined) ?? current;
        // The lifecycle words what it tells the one who acted (a refusal, the intake's problems)
        // in their language; what is kept (the request, its notices) keeps only the requester's.
        const next = transition(heard, event, ctx);
        result = next.ok ? { ...next, request: storedLocales(next.request), notices: next.notices.map(noticeWithoutLocales) } : next;
        if (result.ok && result.changed) return this.delivery.pending(result.request, key, result.notices);
        return result.ok && heard !== current ? heard : undefined;
      });
      if (!stored || !result || !before)
        return {
          ok: false,
          refusal: refuse('not_found', { what: event.type, id, locale, platform: 'by' in event ? event.by.platform : 'slack' }),
        };
      if (!result.ok) return { ok: false, refusal: result.refusal };
      if (result.changed) {
        this.deps.observer?.changed(before, stored, ctx.now);
        await this.reconcileTimers(before, stored);
        const last = stored.audit.at(-1);
        if (last && last !== before.audit.at(-1))
          this.log.info({ requestId: id, action: last.action, actor: last.actor, state: stored.state }, 'request changed');
        try {
          await this.delivery.send(stored, key);
        } catch (err) {
          // Committed and kept as pending: the next sweep (any replica) delivers what is left.
          this.log.error({ requestId: id, err: errorText(err) }, 'notice delivery failed; will retry');
        }
      } else {
        // Replies that change nothing (an intake question, edit help) are not worth keeping.
        await this.delivery.sendNow(stored, result.notices);
      }
      return { ok: true, request: stored, notices: result.notices };
    });
  }

  /**
   * The platform can reach support now (e.g. the bot was just added to the support channel):
   * every change whose card waited for it goes out at once (core/delivery.ts). Resolves to how
   * many were sent.
   */
  supportConnected(): Promise<number> {
    return this.delivery.supportConnected();
  }

  /**
   * Delivers notices a crashed or cut-off process left pending, or that could not be delivered
   * (older than `olderThanMs`, so a delivery still in progress elsewhere is left alone): see
   * delivery.ts. Runs at start and then periodically.
   */
  redeliver(options: { olderThanMs?: number } = {}): Promise<number> {
    return this.delivery.redeliver(options);
  }

  /**
   * Keeps only the request's next timer scheduled: when it fires, the change it makes
   * schedules the one after. One pending timer per request keeps the store small; `recover`
   * re-schedules after a crash between a commit and its scheduling.
   */
  private async reconcileTimers(before: ResetRequest, after: ResetRequest): Promise<void> {
    const next = nextTimer(after, this.deps.settings);
    // Only the previous next timer was ever scheduled (here, or by `recover`): that one alone is
    // cancelled, not the whole plan (a site of ten cameras plans some thirty). A job left from an
    // older plan matches nothing when it fires.
    const previous = nextTimer(before, this.deps.settings);
    if (previous && previous.id !== next?.id) await this.deps.timers.cancel(previous.id);
    if (next) await this.deps.timers.schedule({ id: next.id, requestId: next.requestId, at: next.at });
  }

  /** Schedules the next timer of every open request (idempotent; run at start). */
  async recover(): Promise<number> {
    let scheduled = 0;
    for (const request of await this.deps.store.listOpen()) {
      const next = nextTimer(request, this.deps.settings);
      if (!next) continue;
      await this.deps.timers.schedule({ id: next.id, requestId: next.requestId, at: next.at });
      scheduled++;
    }
    return scheduled;
  }

  /** Runs `work`; a store that cannot be reached is refused to the one who acted, in `locale` (theirs). */
  private async guard<T extends Outcome | ReplyOnly = Outcome>(locale: Locale, work: () => Promise<T>): Promise<T | Outcome> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        this.log.warn({ err: errorText(err) }, 'store unavailable');
        return { ok: false, refusal: refuse('unavailable', { what: 'act', locale }) };
      }
      throw err;
    }
  }
}

function nextTimer(request: ResetRequest, settings: CoreSettings) {
  return timerPlan(request, settings).reduce<ReturnType<typeof timerPlan>[number] | undefined>(
    (earliest, t) => (!earliest || t.at < earliest.at ? t : earliest),
    undefined,
  );
}

/** An answer for the one who spoke that changes nothing. */
interface ReplyOnly {
  said: true;
  reply?: RichMessage;
  requestId?: string;
}

function said(reply?: RichMessage, requestId?: string): ReplyOnly {
  const s: ReplyOnly = { said: true };
  if (reply) s.reply = reply;
  if (requestId) s.requestId = requestId;
  return s;
}

function heardOf(result: Outcome | ReplyOnly): Heard {
  if ('said' in result) {
    const { said: _said, ...heard } = result;
    return heard;
  }
  if (!result.ok) return { refusal: result.refusal };
  return result.reply ? { reply: result.reply, requestId: result.request.id } : { requestId: result.request.id };
}
