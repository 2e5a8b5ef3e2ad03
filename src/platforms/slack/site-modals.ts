// A site's Send PUKs form: one optional PUK field per camera still waiting for one, and one
// field for Bosch's reply pasted whole. What was typed is checked by the lifecycle's own rules
// before Slack gets its ack, so a wrong PUK shows on its camera's field and nothing is sent; a
// pasted reply is read (nothing sent) and the form turns into a confirmation of what matched,
// whose submit sends exactly that. The work itself happens after the ack, as every form's does.

import type { App, types } from '@slack/bolt';
import { z } from 'zod';
import { forms } from '../../core/copy.js';
import { MAX_FIELD_INPUT } from '../../core/fields.js';
import { type BoschReplyReading, withTypedPuks } from '../../core/bosch-reply.js';
import type { Locale } from '../../core/i18n/locale.js';
import type { Actor, ResetRequest } from '../../core/request.js';
import type { Refusal } from '../../core/refusals.js';
import { awaitingPuk, byExpiry, cameraOf } from '../../core/site/cameras.js';
import { cameraName, parsePukMatchArg, pukMatchArg, sitePukConfirmation } from '../../core/site/copy.js';
import { SITE } from '../../core/i18n/catalog.js';
import { type SlackContext, type Where, afterAck, explain, explainOutcome, slackActor, whoActs } from './context.js';
import { input, plainTextObject, safeJson } from './modals.js';
import { LIMITS, mrkdwnLine, sections, truncatePlain } from './render.js';
import { plainText } from '../../core/rich.js';
import { SLACK } from './words.js';

export const SITE_VIEWS = { puks: 'camreset.puks', confirm: 'camreset.puks_confirm' } as const;

/** Slack's largest plain-text input: a longer reply goes in the card's thread (the hint says so). */
const REPLY_MAX = 3000;
/** Slack's limit on a view's private_metadata, where the confirmation keeps what it sends. */
const METADATA_MAX = 3000;
/** The about line, the reply field and the line saying some cameras are not in the form. */
const MAX_FORM_CAMERAS = LIMITS.viewBlocks - 3;

const Meta = z.object({ id: z.string(), channel: z.string().optional(), thread: z.string().optional() });
const ConfirmMeta = Meta.extend({ puks: z.string() });
type Meta = z.infer<typeof Meta>;

const pukBlock = (n: number) => `puk_${n}`;

const context = (text: string): types.KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

function modal(
  callbackId: string,
  title: string,
  submit: string,
  locale: Locale,
  meta: object,
  blocks: types.KnownBlock[],
): types.ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plainTextObject(title, LIMITS.modalTitle),
    submit: plainTextObject(submit, LIMITS.modalTitle),
    close: plainTextObject(forms(locale).cancel, LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

/** The Send PUKs form of site `request`, worded for the agent opening it (`locale`). */
export function buildPuksView(request: ResetRequest, where: Where, locale: Locale): types.ModalView {
  const waiting = byExpiry(awaitingPuk(request));
  const shown = waiting.slice(0, MAX_FORM_CAMERAS);
  const blocks: types.KnownBlock[] = [
    context(mrkdwnLine(SLACK.say(locale, 'form.puks.about', { id: request.id, count: waiting.length }))),
    ...shown.map((c) => input(pukBlock(c.n), cameraName(c, c.n, locale, true), { optional: true, max: MAX_FIELD_INPUT })),
  ];
  if (waiting.length > shown.length)
    blocks.push(context(mrkdwnLine(SLACK.say(locale, 'form.puks.more', { count: waiting.length - shown.length }))));
  blocks.push(
    input('reply', SLACK.word(locale, 'form.puks.reply_label'), {
      optional: true,
      multiline: true,
      hint: SLACK.word(locale, 'form.puks.reply_hint'),
      max: REPLY_MAX,
    }),
  );
  const meta: Meta = { id: request.id, ...where };
  return modal(SITE_VIEWS.puks, SITE.word(locale, 'site.action.send_puks'), SLACK.word(locale, 'form.puks.submit'), locale, meta, blocks);
}

/**
 * What the agent confirms: the core's confirmation of Bosch's reply (less the cameras they typed
 * a PUK for, which they decided themselves), then the typed ones. The submit sends `send`.
 */
function confirmView(
  request: ResetRequest,
  reading: BoschReplyReading,
  typed: Array<{ camera: number; puk: string }>,
  meta: Meta,
  locale: Locale,
): types.ModalView | undefined {
  const { reading: fromReply, send } = withTypedPuks(reading, typed);
  const puks = pukMatchArg(send.map((s) => ({ n: s.camera, puk: s.puk })));
  const kept = { ...meta, puks };
  if (JSON.stringify(kept).length > METADATA_MAX) return undefined;
  const confirmation = sitePukConfirmation(request, fromReply, locale);
  const lines = [
    ...confirmation.lines,
    ...typed.map((t) =>
      SLACK.say(locale, 'form.puks.typed_line', {
        camera: cameraName(cameraOf(request, t.camera), t.camera, locale, true),
        puk: { code: t.puk },
      }),
    ),
  ];
  const blocks = sections(lines).slice(0, LIMITS.viewBlocks);
  return modal(
    SITE_VIEWS.confirm,
    SLACK.word(locale, 'form.puks.confirm_title'),
    SITE.word(locale, 'site.confirm.send', { count: send.length }),
    locale,
    kept,
    blocks,
  );
}

const Submitted = z.object({
  user: z.object({ id: z.string() }),
  view: z.object({ private_metadata: z.string().optional(), state: z.object({ values: z.unknown() }).optional() }),
});

const own = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
const text = (values: unknown, block: string): string => {
  const v = own(own(own(values, block), 'value'), 'value');
  return typeof v === 'string' ? v.trim() : '';
};

/** The typed PUKs (block `puk_<n>`, in the order the form showed them) and the pasted reply. */
function readPuksForm(values: unknown): { typed: Array<{ camera: number; puk: string }>; reply: string } {
  const typed: Array<{ camera: number; puk: string }> = [];
  const blocks = typeof values === 'object' && values !== null ? Object.keys(values) : [];
  for (const block of blocks) {
    const m = /^puk_(\d{1,3})$/.exec(block);
    const puk = m ? text(values, block) : '';
    if (m && puk) typed.push({ camera: Number(m[1]), puk });
  }
  return { typed, reply: text(values, 'reply') };
}

/** The agent as the desk knows them, with only what is recorded (no Slack call before an ack). */
async function quickActor(ctx: SlackContext, user: string): Promise<Actor> {
  const actor = slackActor(user);
  return { ...actor, locale: await ctx.languages.recorded(actor) };
}

type Ack = (response?: Record<string, unknown>) => Promise<void>;

/** What a submitted form gets: Slack's answer (field errors, the confirmation view, or none), then the work after the ack. */
interface Decision {
  response?: Record<string, unknown>;
  later?: () => Promise<void>;
}

export function registerSiteModals(app: App, ctx: SlackContext): void {
  app.view(SITE_VIEWS.puks, async ({ ack, body }) => {
    const parsed = Submitted.safeParse(body);
    const meta = parsed.success ? Meta.safeParse(safeJson(parsed.data.view.private_metadata)) : undefined;
    if (!parsed.success || !meta?.success) {
      await ack();
      return;
    }
    const user = parsed.data.user.id;
    const where = { channel: meta.data.channel, thread: meta.data.thread };
    const { typed, reply } = readPuksForm(parsed.data.view.state?.values);
    let decision: Decision;
    try {
      decision = await decide(ctx, user, meta.data, typed, reply);
    } catch (err) {
      // Slack waits for the ack whatever happened; afterAck tells the agent camreset is unavailable.
      decision = { later: () => Promise.reject(err instanceof Error ? err : new Error(String(err))) };
    }
    await (ack as Ack)(decision.response);
    if (decision.later) await afterAck(ctx, user, where, SITE_VIEWS.puks, decision.later);
  });

  app.view(SITE_VIEWS.confirm, async ({ ack, body }) => {
    await ack();
    const parsed = Submitted.safeParse(body);
    const meta = parsed.success ? ConfirmMeta.safeParse(safeJson(parsed.data.view.private_metadata)) : undefined;
    if (!parsed.success || !meta?.success) return;
    const user = parsed.data.user.id;
    const { id, channel, thread, puks } = meta.data;
    const where = { channel, thread };
    await afterAck(ctx, user, where, SITE_VIEWS.confirm, async () => {
      const by = await whoActs(ctx, user, undefined, where);
      await explainOutcome(ctx, user, where, await ctx.desk.sendPuks(id, by, parsePukMatchArg(puks)), by.locale);
    });
  });
}

/**
 * Before the ack: what was typed is tried on the request as stored (the lifecycle is a pure
 * function: nothing is kept or sent), and a pasted reply is read. After it: the PUKs go.
 */
async function decide(
  ctx: SlackContext,
  user: string,
  meta: Meta,
  typed: Array<{ camera: number; puk: string }>,
  reply: string,
): Promise<Decision> {
  const where = { channel: meta.channel, thread: meta.thread };
  const by = await quickActor(ctx, user);
  const locale = by.locale ?? 'en';
  const errors = (e: Record<string, string>): Decision => ({ response: { response_action: 'errors', errors: e } });
  const refused = (refusal: Refusal): Decision => ({ later: () => explain(ctx, user, where, refusal, locale) });
  if (!typed.length && !reply) return errors({ reply: SLACK.word(locale, 'form.error.puks') });
  const request = await ctx.desk.get(meta.id);
  if (request && typed.length) {
    const refusal = await ctx.desk.checkPuks(meta.id, by, typed);
    if (refusal?.code === 'invalid_puks' && refusal.cameraErrors) {
      const shown: Record<string, string> = {};
      for (const [n, message] of Object.entries(refusal.cameraErrors)) shown[pukBlock(Number(n))] = message;
      return errors(shown);
    }
    if (refusal) return refused(refusal);
  }
  if (!reply || !request)
    return {
      later: async () => {
        const agent = await whoActs(ctx, user, undefined, where);
        await explainOutcome(ctx, user, where, await ctx.desk.sendPuks(meta.id, agent, typed), agent.locale);
      },
    };
  const read = await ctx.desk.readBoschReply(meta.id, by, reply);
  if (!read.ok) return refused(read.refusal);
  const reading = read.puks ?? { matched: [], missing: [], conflicting: [], unplaced: 0 };
  if (!withTypedPuks(reading, typed).send.length) {
    const none = plainText({ lines: sitePukConfirmation(read.request, reading, locale).lines }).replace(/\n/g, ' ');
    return errors({ reply: truncatePlain(none, 2000) });
  }
  const view = confirmView(read.request, reading, typed, meta, locale);
  if (!view) return errors({ reply: SLACK.word(locale, 'form.error.puks_too_many') });
  return { response: { response_action: 'update', view } };
}
