// Button clicks: Submit / Edit / Cancel / Use a form instead / Another camera in the technician's
// thread, Reset worked / It did not work on the PUK message (on a site's, for the camera it names),
// and the support card's Claim, Release, Take over, Send PUK(s), Ask, Reject, Request document,
// Bosch ticket and E-mail to Bosch. Acks first; a refused click is explained privately
// to the one who clicked and changes nothing. Buttons that need a form open it at once, since
// Slack's trigger_id is only good for 3 seconds.

import type { App } from '@slack/bolt';
import { z } from 'zod';
import { type Outcome, isAnswer } from '../../core/desk.js';
import type { ActionId } from '../../core/rich.js';
import type { Actor } from '../../core/request.js';
import { type SlackContext, type Where, afterAck, explain, explainOutcome, tellHeard, whoActs } from './context.js';
import { buildView, type ViewKind } from './modals.js';
import { ACTION_PREFIX } from './render.js';
import { buildPuksView } from './site-modals.js';

const ClickedAction = z.object({ action_id: z.string(), value: z.string().optional() });
const Click = z.object({
  user: z.object({ id: z.string(), username: z.string().optional(), name: z.string().optional() }),
  trigger_id: z.string().optional(),
  channel: z.object({ id: z.string() }).optional(),
  container: z.object({ channel_id: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  message: z.object({ thread_ts: z.string().optional() }).optional(),
  // A tuple with a rest: at least one action, and its type says so.
  actions: z.tuple([ClickedAction], ClickedAction),
});

/** Buttons that open a form, and the form; only agents get the agent forms. */
const FORM_FOR: Partial<Record<ActionId, { view: ViewKind; agentsOnly: boolean; what: string }>> = {
  use_form: { view: 'details', agentsOnly: false, what: 'edit' },
  send_puk: { view: 'puk', agentsOnly: true, what: 'send_puk' },
  ask: { view: 'ask', agentsOnly: true, what: 'ask' },
  reject: { view: 'reject', agentsOnly: true, what: 'reject' },
  request_document: { view: 'document', agentsOnly: true, what: 'request_document' },
  record_ticket: { view: 'ticket', agentsOnly: true, what: 'record_ticket' },
};

/** Buttons that call the desk directly. */
const DIRECT = new Set<string>([
  'submit',
  'edit',
  'cancel',
  'done',
  'failed',
  'claim',
  'release',
  'take_over',
  'bosch_email',
  'another_camera',
]);

// Own keys only: an action_id such as `camreset.constructor` must not find Object.prototype's members.
const isOurs = (kind: string): kind is ActionId => DIRECT.has(kind) || isAnswer(kind) || Object.hasOwn(FORM_FOR, kind);

/** A click on one of camreset's buttons, as the handler needs it. */
export interface ButtonClick {
  kind: ActionId;
  /** The request id the button carries ('' when it carries none). */
  id: string;
  /** What else it carries (after `|`), for the buttons of a question. */
  arg?: string;
  user: string;
  name?: string;
  where: Where;
  triggerId?: string;
}

/** Reads a block_actions payload; undefined when it is not a click on one of camreset's buttons. */
export function parseClick(body: unknown): ButtonClick | undefined {
  const parsed = Click.safeParse(body);
  if (!parsed.success) return undefined;
  const click = parsed.data;
  const action = click.actions[0];
  if (!action.action_id.startsWith(ACTION_PREFIX)) return undefined;
  const kind = action.action_id.slice(ACTION_PREFIX.length);
  if (!isOurs(kind)) return undefined;
  const value = action.value ?? '';
  const bar = value.indexOf('|');
  return {
    kind,
    id: bar < 0 ? value : value.slice(0, bar),
    ...(bar < 0 ? {} : { arg: value.slice(bar + 1) }),
    user: click.user.id,
    name: click.user.username ?? click.user.name,
    where: { channel: click.channel?.id ?? click.container?.channel_id, thread: click.container?.thread_ts ?? click.message?.thread_ts },
    triggerId: click.trigger_id,
  };
}

export function registerActions(app: App, ctx: SlackContext): void {
  app.action(new RegExp(`^${ACTION_PREFIX.replace('.', '\\.')}`), async ({ ack, body }) => {
    await ack();
    const click = parseClick(body);
    if (!click) return;
    const { kind, id, user, where } = click;
    await afterAck(ctx, user, where, kind, async () => {
      const by = await whoActs(ctx, user, click.name, where);
      const form = FORM_FOR[kind];
      if (form) {
        await openForm(ctx, form, id, by, where, click.triggerId);
        return;
      }
      if (isAnswer(kind)) {
        const channel = where.channel;
        const open = channel ? async (newId: string) => (await ctx.surface.openThread(newId, by, channel)).conversation : undefined;
        await tellHeard(ctx, user, where, await ctx.desk.answer(id, by, kind, click.arg, open), by.locale);
        return;
      }
      const outcome = await act(ctx, kind, id, by, click.arg);
      if (outcome) await explainOutcome(ctx, user, where, outcome, by.locale);
    });
  });
}

/** The camera a site's PUK message button names (its `arg`); undefined on one camera's buttons. */
function cameraArg(arg: string | undefined): number | undefined {
  return arg !== undefined && /^\d{1,3}$/.test(arg) ? Number(arg) : undefined;
}

function act(ctx: SlackContext, kind: ActionId, id: string, by: Actor, arg?: string): Promise<Outcome> | undefined {
  const { desk } = ctx;
  const camera = cameraArg(arg);
  switch (kind) {
    case 'submit':
      return desk.submit(id, by);
    case 'edit':
      return desk.edit(id, by);
    case 'cancel':
      return desk.cancel(id, by);
    case 'done':
      return camera === undefined ? desk.done(id, by) : desk.done(id, by, camera);
    case 'failed':
      return camera === undefined ? desk.failed(id, by) : desk.failed(id, by, undefined, camera);
    case 'another_camera':
      return desk.anotherCamera(id, by);
    case 'claim':
      return desk.claim(id, by);
    case 'release':
      return desk.release(id, by);
    case 'take_over':
      return desk.takeOver(id, by);
    case 'bosch_email':
      // The answer (the code, the e-mail) is the agent's alone: explainOutcome shows it ephemeral.
      return desk.boschEmail(id, by);
    default:
      return undefined;
  }
}

async function openForm(
  ctx: SlackContext,
  form: NonNullable<(typeof FORM_FOR)[ActionId]>,
  id: string,
  by: Actor,
  where: Where,
  triggerId: string | undefined,
): Promise<void> {
  const may = await ctx.desk.mayOpenForm(id, by, form.agentsOnly ? 'support' : 'details', form.what);
  if (!may.ok) return explain(ctx, by.id, where, may.refusal, by.locale);
  if (!triggerId) return;
  // A site's PUKs are one form with a field per camera (site-modals.ts).
  const view =
    form.view === 'puk' && may.request.cameras
      ? buildPuksView(may.request, where, by.locale ?? 'en')
      : buildView(form.view, may.request, where, by.locale);
  await ctx.client.views.open({ trigger_id: triggerId, view });
}
