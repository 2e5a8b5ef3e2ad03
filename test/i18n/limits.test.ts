// Limits in every language (issue 14, acceptance 4): every notice kind, the support card in every
// state, help, status and the other answers, refusals and every form, rendered for each of the
// six languages through the real Slack and Teams renderers with the longest realistic values
// (test/support/i18n/longest.ts), stay within Slack's Block Kit limits (blocks per message and
// view, section, header, button, option and modal-title lengths, without a label cut to fit)
// and Teams' card size and Adaptive Card schema (test/support/teams/validate.ts); and nothing
// rendered shows NaN, undefined or [object Object] (a translation inflecting a value that is not a number).
//
// The language reaches the words the way it does in the product: the requester's and agents'
// `locale`, SUPPORT_LANGUAGE for support, and a trailing `locale` argument on wording and
// rendering functions (inLocale passes it whether or not a function takes it yet). New catalog
// keys need nothing here; a new notice kind needs an example in longest.ts (it will not compile without).

import { describe, expect, it } from 'vitest';
import { cardModel } from '../../src/core/card.js';
import {
  addressedTo,
  cancelChoice,
  cancelConfirmation,
  codeKept,
  continueOrNew,
  continued,
  fileCaption,
  fileRefused,
  forms,
  helpMessage,
  movedToDirectMessage,
  noticeMessage,
  pukConfirmation,
  pukDeclined,
  queueMessage,
  statusMessage,
  threadOpening,
  cardActions,
  intakeActions,
  pukActions,
  summaryActions,
  documentLabels,
  stateLabels,
  type FileProblem,
} from '../../src/core/copy.js';
import { LOCALES, type Locale } from '../../src/core/i18n/locale.js';
import { refuse, takeOver, type RefusalCode } from '../../src/core/refusals.js';
import type { Action, RichMessage } from '../../src/core/rich.js';
import { buildView, VIEWS, type ViewKind } from '../../src/platforms/slack/modals.js';
import { LIMITS, renderCard, renderMessage, renderRefusal, type SlackMessage } from '../../src/platforms/slack/render.js';
import { noticeCard, noticeCards, settledCard, supportCard } from '../../src/platforms/teams/cards.js';
import { CARD_KINDS, dialogCard, type DialogKind } from '../../src/platforms/teams/dialogs.js';
import { cardProblems } from '../support/teams/validate.js';
import { SLACK, inLocale, slackBlockProblems, slackModalProblems, titleWords } from '../support/i18n/limits.js';
import {
  ALL_STATES,
  ID,
  NOTE,
  NOW,
  PUK,
  SITE_SIZE,
  notices,
  people,
  prose,
  requestIn,
  settingsFor,
  siteIn,
} from '../support/i18n/longest.js';

const REFUSAL_CODES = Object.keys({
  not_requester: 1,
  not_agent: 1,
  ended: 1,
  not_submitted: 1,
  already_submitted: 1,
  claimed_by_other: 1,
  already_yours: 1,
  not_claimed: 1,
  not_holder: 1,
  puk_already_sent: 1,
  expired: 1,
  not_with_support: 1,
  no_puk_yet: 1,
  incomplete: 1,
  invalid_field: 1,
  invalid_fields: 1,
  reason_required: 1,
  empty: 1,
  not_found: 1,
  unavailable: 1,
  site_form: 1,
  site_needs_camera: 1,
  batch_full: 1,
  site_incomplete: 1,
  site_same_code: 1,
  site_puk_camera: 1,
  invalid_puks: 1,
  site_camera_done: 1,
} satisfies Record<RefusalCode, 1>) as RefusalCode[];
const VERBS = [
  'edit',
  'cancel',
  'submit',
  'message',
  'claim',
  'release',
  'take_over',
  'send_puk',
  'ask',
  'request_document',
  'record_ticket',
  'reject',
  'done',
  'failed',
];
const FILE_PROBLEMS = Object.keys({
  too_large: 1,
  not_supported: 1,
  not_from_platform: 1,
  unreachable: 1,
  not_shown_there: 1,
  attached_in_channel: 1,
} satisfies Record<FileProblem, 1>) as FileProblem[];
const DIALOGS = Object.keys({ details: 1, failed: 1, send_puk: 1, ask: 1, reject: 1, paperwork: 1, bosch_email: 1 } satisfies Record<
  DialogKind,
  1
>) as DialogKind[];
const FIELDS = ['challenge', 'model', 'mac', 'firmware', 'serial'] as const;

/** What a message formatted with a wrong value shows: a plural over a string, a missing value, an object. */
const BROKEN = /\bNaN\b|\bundefined\b|\[object Object\]/;
const brokenProblems = (where: string, rendered: unknown): string[] => {
  const m = BROKEN.exec(JSON.stringify(rendered));
  return m ? [`${where}: shows "${m[0]}" (a value of the wrong type, or a missing one)`] : [];
};

function slackMessageProblems(where: string, m: SlackMessage): string[] {
  const problems = [...slackBlockProblems(where, m.blocks, SLACK.messageBlocks), ...brokenProblems(where, m)];
  // capBlocks fills the message to exactly the limit when it had to drop blocks.
  if (m.blocks.length >= LIMITS.messageBlocks)
    problems.push(`${where}: ${m.blocks.length} blocks: the message was shortened to fit ${LIMITS.messageBlocks}`);
  if (m.text.length > LIMITS.fallbackText || m.text.length > SLACK.messageText)
    problems.push(`${where}: notification text is ${m.text.length} characters, over ${LIMITS.fallbackText}`);
  if (!m.text.trim()) problems.push(`${where}: empty notification text`);
  return problems;
}

const actionProblems = (where: string, actions: readonly Action[] | undefined): string[] =>
  (actions ?? [])
    .filter((a) => a.label.length > SLACK.buttonText)
    .map((a) => `${where}: button ${a.id} "${a.label}" is ${a.label.length} characters, over ${SLACK.buttonText}`);

function teamsProblems(where: string, card: Record<string, unknown>): string[] {
  return [...cardProblems(card).map((p) => `${where}: ${p}`), ...brokenProblems(where, card)];
}

/** Every answer a person gets that is not a notice, each with what it is. */
function answers(locale: Locale): Array<{ what: string; message: RichMessage }> {
  const settings = settingsFor(locale);
  const { slackTech, teamsTech } = people(locale);
  const open = ALL_STATES.map((s) => requestIn(s, locale));
  const out: Array<{ what: string; message: RichMessage }> = [];
  for (const command of ['/camreset', 'camreset']) {
    out.push({ what: `help (${command})`, message: helpMessage(settings, command, locale) });
    out.push({ what: `status of ${open.length} requests (${command})`, message: statusMessage(open, NOW, command, locale) });
    out.push({ what: `status of none (${command})`, message: statusMessage([], NOW, command, locale) });
    out.push({ what: `cancel choice (${command})`, message: cancelChoice(open, command, locale) });
  }
  out.push({ what: 'queue', message: queueMessage(open, NOW, locale) });
  out.push({ what: 'empty queue', message: queueMessage([], NOW, locale) });
  for (const r of open) {
    out.push({ what: `continue or new (${r.state})`, message: continueOrNew(r, NOTE, locale) });
    out.push({ what: `continued (${r.state})`, message: continued(r, NOW, locale) });
    out.push({ what: `code kept (${r.state})`, message: codeKept(r, NOW, locale) });
  }
  const claimed = requestIn('claimed', locale);
  out.push({ what: 'PUK confirmation', message: pukConfirmation(claimed, PUK, NOTE, locale) });
  out.push({ what: 'PUK declined', message: pukDeclined(ID, locale) });
  for (const requester of [slackTech, teamsTech])
    for (const moved of [false, true])
      out.push({ what: `thread opening (${requester.platform}, moved ${moved})`, message: threadOpening(ID, requester, moved, locale) });
  out.push({ what: 'moved to direct message', message: movedToDirectMessage(ID, locale) });
  out.push({ what: 'cancel confirmation', message: cancelConfirmation(ID, locale) });
  const name = `${'Typenschild_Kamera_Nordtor_'.repeat(9)}.heic`;
  out.push({ what: 'file caption', message: fileCaption(name, { from: [8064, 6048], to: [1024, 768] }, locale) });
  for (const problem of FILE_PROBLEMS) out.push({ what: `file refused (${problem})`, message: fileRefused(name, problem, 10, locale) });
  return out;
}

describe.each(LOCALES)('in %s', (locale) => {
  const settings = settingsFor(locale);
  const byKind = notices(locale);

  it.skipIf(locale === 'en')('is really rendered in that language (the checks below would otherwise only see English)', () => {
    const words = (l: Locale) => answers(l).map(({ message }) => renderMessage(message, ID).blocks);
    expect(JSON.stringify(words(locale))).not.toEqual(JSON.stringify(words('en')));
  });

  it('every notice kind fits Slack and Teams, in every state of the request and on either platform', () => {
    const problems: string[] = [];
    let rendered = 0;
    for (const [kind, examples] of Object.entries(byKind))
      for (const [i, notice] of examples.entries())
        for (const platform of ['slack', 'teams'] as const)
          for (const state of ALL_STATES) {
            const request = requestIn(state, locale, platform);
            const message = inLocale(locale, noticeMessage, notice, request, NOW, settings);
            if (!message) continue;
            rendered++;
            const where = `${locale} notice ${kind}#${i} (${notice.audience}, ${state}, technician on ${platform})`;
            problems.push(...actionProblems(where, message.actions));
            problems.push(...slackMessageProblems(`${where} on Slack`, inLocale(locale, renderMessage, message, request.id)));
            const addressed = { ...message, lines: [addressedTo(people(locale).agent2, locale), ...message.lines] };
            problems.push(...slackMessageProblems(`${where} on Slack, addressed`, inLocale(locale, renderMessage, addressed, request.id)));
            const data = { requestId: request.id, card: 'notice' as const };
            problems.push(
              ...teamsProblems(`${where} on Teams`, inLocale(locale, noticeCard, message, data, { timeZone: 'Europe/Berlin' }, undefined)),
            );
            if (message.actions?.length) {
              const owner = request.requester.id;
              problems.push(
                ...teamsProblems(`${where} on Teams (owner)`, inLocale(locale, noticeCard, message, data, {}, { viewer: 'owner', owner })),
              );
              problems.push(
                ...teamsProblems(
                  `${where} on Teams (shared)`,
                  inLocale(locale, noticeCard, message, data, {}, { viewer: 'shared', owner }),
                ),
              );
              problems.push(...teamsProblems(`${where} on Teams (settled)`, inLocale(locale, settledCard, message, [prose(300)], {})));
            }
          }
    expect(rendered).toBeGreaterThan(Object.keys(byKind).length);
    expect(problems).toEqual([]);
  });

  it(`a site of ${SITE_SIZE} cameras (BATCH_MAX): every notice and the support card fit Slack and Teams, in every state`, () => {
    const problems: string[] = [];
    let rendered = 0;
    for (const platform of ['slack', 'teams'] as const)
      for (const state of ALL_STATES) {
        const request = siteIn(state, locale, platform);
        for (const [kind, examples] of Object.entries(byKind))
          for (const [i, notice] of examples.entries()) {
            const message = inLocale(locale, noticeMessage, notice, request, NOW, settings);
            if (!message) continue;
            rendered++;
            const where = `${locale} site notice ${kind}#${i} (${notice.audience}, ${state}, technician on ${platform})`;
            problems.push(...actionProblems(where, message.actions));
            problems.push(...slackMessageProblems(`${where} on Slack`, inLocale(locale, renderMessage, message, request.id)));
            const data = { requestId: request.id, card: 'notice' as const };
            // A long notice goes to Teams as several cards (noticeCards): each one must fit.
            const cards = inLocale(locale, noticeCards, message, data, { timeZone: 'Europe/Berlin' }, undefined);
            for (const [k, card] of cards.entries()) problems.push(...teamsProblems(`${where} on Teams, card ${k + 1}`, card));
          }
        const model = cardModel(request, NOW, locale);
        const where = `${locale} site card (${state}, technician on ${platform})`;
        expect(model.site?.rows).toHaveLength(SITE_SIZE);
        problems.push(...actionProblems(where, model.actions));
        problems.push(...slackMessageProblems(`${where} on Slack`, inLocale(locale, renderCard, model, request.id)));
        const agents = Array.from({ length: 80 }, (_, i) => `29:1${String(i).padStart(120, 'z')}`);
        problems.push(
          ...teamsProblems(`${where} on Teams (agent)`, supportCard(model, request.id, { viewer: 'agent', refreshFor: agents, locale })),
        );
        problems.push(
          ...teamsProblems(`${where} on Teams (shared)`, supportCard(model, request.id, { viewer: 'shared', refreshFor: agents, locale })),
        );
      }
    expect(rendered).toBeGreaterThan(Object.keys(byKind).length);
    expect(problems).toEqual([]);
  });

  it('the support card fits Slack and Teams in every state, for an agent and for everyone', () => {
    const problems: string[] = [];
    for (const platform of ['slack', 'teams'] as const)
      for (const state of ALL_STATES) {
        const request = requestIn(state, locale, platform);
        const model = cardModel(request, NOW, locale);
        const where = `${locale} support card (${state}, technician on ${platform})`;
        if (model.title.length > SLACK.headerText)
          problems.push(`${where}: title is ${model.title.length} characters, over ${SLACK.headerText}`);
        problems.push(...actionProblems(where, model.actions));
        problems.push(...slackMessageProblems(`${where} on Slack`, inLocale(locale, renderCard, model, request.id)));
        const agents = Array.from({ length: 80 }, (_, i) => `29:1${String(i).padStart(120, 'z')}`);
        problems.push(
          ...teamsProblems(`${where} on Teams (agent)`, supportCard(model, request.id, { viewer: 'agent', refreshFor: agents, locale })),
        );
        problems.push(
          ...teamsProblems(`${where} on Teams (shared)`, supportCard(model, request.id, { viewer: 'shared', refreshFor: agents, locale })),
        );
      }
    expect(problems).toEqual([]);
  });

  it('help, status, the queue and the other answers fit Slack and Teams', () => {
    const problems: string[] = [];
    for (const { what, message } of answers(locale)) {
      const where = `${locale} ${what}`;
      problems.push(...actionProblems(where, message.actions));
      problems.push(...slackMessageProblems(`${where} on Slack`, inLocale(locale, renderMessage, message, ID)));
      problems.push(
        ...teamsProblems(
          `${where} on Teams`,
          inLocale(locale, noticeCard, message, { requestId: ID, card: 'notice' }, { timeZone: 'UTC' }, undefined),
        ),
      );
    }
    expect(problems).toEqual([]);
  });

  it('every refusal fits Slack and Teams', () => {
    const problems: string[] = [];
    const { agent2 } = people(locale);
    for (const code of REFUSAL_CODES)
      for (const what of VERBS)
        for (const state of ALL_STATES) {
          const request = requestIn(state, locale);
          const refusal = refuse(code, {
            request,
            what,
            other: agent2,
            at: NOW + 3_000_000,
            message: prose(500),
            missing: [...FIELDS],
            fieldErrors: Object.fromEntries(FIELDS.map((f) => [f, prose(300)])),
            locale,
            // Slack's command is the longer of the two.
            platform: 'slack',
            // A site's, at BATCH_MAX: every camera lacking everything, every PUK refused.
            max: 50,
            camera: 50,
            reason: 'has_puk',
            cameras: Array.from({ length: 50 }, (_, i) => ({ n: i + 1, fields: [...FIELDS] })),
            cameraErrors: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [i + 1, prose(150)])),
          });
          const where = `${locale} refusal ${code} (${what}, ${state})`;
          problems.push(...actionProblems(where, refusal.actions));
          problems.push(...slackMessageProblems(`${where} on Slack`, inLocale(locale, renderRefusal, refusal)));
          problems.push(
            ...teamsProblems(
              `${where} on Teams`,
              inLocale(locale, noticeCard, { lines: refusal.lines }, { requestId: ID, card: 'notice' }, {}, undefined),
            ),
          );
        }
    expect(new Set(problems)).toEqual(new Set());
  });

  it("every button label fits Slack's 75 characters, and every option", () => {
    const problems: string[] = [];
    const sets: Array<[string, readonly Action[]]> = [
      ['summary actions', summaryActions(locale)],
      ['intake actions', intakeActions(locale)],
      ['PUK actions', pukActions(locale)],
      ['card actions', cardActions(locale)],
      ['take over', [takeOver(locale)]],
    ];
    for (const [what, actions] of sets) problems.push(...actionProblems(`${locale} ${what}`, actions));
    for (const [kind, label] of Object.entries(documentLabels(locale)))
      if (label.length > SLACK.optionText)
        problems.push(`${locale} document label ${kind} "${label}" is ${label.length} characters, over ${SLACK.optionText}`);
    for (const [state, label] of Object.entries(stateLabels(locale)))
      if (label.length > SLACK.optionText)
        problems.push(`${locale} state label ${state} "${label}" is ${label.length} characters, over ${SLACK.optionText}`);
    expect(problems).toEqual([]);
  });

  it("every form's title, submit and cancel fit Slack's 24 characters, and its Slack modal and Teams dialog fit", () => {
    const problems: string[] = [];
    for (const { path, text } of titleWords(forms(locale)))
      if (text.length > SLACK.modalTitle)
        problems.push(`${locale} ${path} "${text}" is ${text.length} characters, over ${SLACK.modalTitle}`);
    for (const kind of Object.keys(VIEWS) as ViewKind[])
      for (const state of ALL_STATES) {
        const view = inLocale(locale, buildView, kind, requestIn(state, locale), { channel: 'CFIELDLONG1', thread: '1700000000.000001' });
        problems.push(
          ...slackModalProblems(`${locale} Slack modal ${kind} (${state})`, view),
          ...brokenProblems(`${locale} Slack modal ${kind} (${state})`, view),
        );
      }
    for (const dialog of DIALOGS)
      for (const from of CARD_KINDS)
        for (const state of ALL_STATES) {
          const request = requestIn(state, locale, 'teams');
          const where = `${locale} Teams dialog ${dialog} (from ${from}, ${state})`;
          problems.push(...teamsProblems(where, inLocale(locale, dialogCard, dialog, request, from, {})));
          const shown = {
            values: {
              challenge: prose(200),
              model: prose(200),
              mac: prose(200),
              firmware: prose(200),
              serial: prose(200),
              note: NOTE,
              puk: prose(200),
              question: NOTE,
              reason: NOTE,
              ticket: prose(40),
            },
            error: prose(600),
            fieldErrors: Object.fromEntries(FIELDS.map((f) => [f, prose(300)])),
          };
          problems.push(...teamsProblems(`${where}, refused and refilled`, inLocale(locale, dialogCard, dialog, request, from, shown)));
          problems.push(...teamsProblems(`${where}, refused`, inLocale(locale, dialogCard, dialog, request, from, { error: prose(600) })));
        }
    expect(problems).toEqual([]);
  });
});
