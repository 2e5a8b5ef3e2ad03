// Why an action was refused, in words the person who tried it can act on. A refusal changes
// nothing; platforms show it privately to the one who tried.

import type { Actor, ResetRequest } from './request.js';
import type { FieldName } from './fields.js';
import { FIELD_LABELS } from './fields.js';
import type { Action, Paragraph } from './rich.js';

export type RefusalCode =
  | 'not_requester'
  | 'not_agent'
  | 'ended'
  | 'not_submitted'
  | 'already_submitted'
  | 'claimed_by_other'
  | 'already_yours'
  | 'not_claimed'
  | 'not_holder'
  | 'puk_already_sent'
  | 'expired'
  | 'not_with_support'
  | 'no_puk_yet'
  | 'incomplete'
  | 'invalid_field'
  | 'invalid_fields'
  | 'reason_required'
  | 'empty'
  | 'not_found'
  | 'unavailable';

export interface Refusal {
  code: RefusalCode;
  lines: Paragraph[];
  /** Per-field messages for forms. */
  fieldErrors?: Partial<Record<FieldName, string>>;
  /** What the person can do instead (a take-over offered to an agent refused a claim), on `requestId`. */
  actions?: Action[];
  requestId?: string;
}

/** Offered with every refusal because another agent holds the claim. */
export const TAKE_OVER: Action = { id: 'take_over', label: 'Take over' };

const WHAT: Record<string, string> = {
  edit: 'change the details of',
  cancel: 'cancel',
  submit: 'submit',
  message: 'add to',
  claim: 'claim',
  release: 'release',
  take_over: 'take over',
  send_puk: 'send the PUK for',
  ask: 'ask a question on',
  request_document: 'ask for a document on',
  record_ticket: 'record a Bosch ticket on',
  reject: 'reject',
  done: 'mark as done',
  failed: 'report a failed reset on',
};

interface Params {
  request?: ResetRequest;
  id?: string;
  what: string;
  other?: Actor;
  at?: number;
  message?: string;
  missing?: FieldName[];
  fieldErrors?: Partial<Record<FieldName, string>>;
}

export function refuse(code: RefusalCode, p: Params): Refusal {
  const id = p.request?.id ?? p.id ?? 'this request';
  const verb = WHAT[p.what] ?? p.what;
  const state = p.request?.state;
  const lines = ((): Paragraph[] => {
    switch (code) {
      case 'not_requester':
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- only a check on a request in hand refuses a non-requester
        return [[`Only `, { mention: p.request!.requester }, ` who started ${id} can ${verb} it.`]];
      case 'not_agent':
        return [[`Only support agents can ${verb} ${id}. If you should be one, ask your admin to add you to the support group.`]];
      case 'ended':
        return [
          [
            `${id} is already ${state === 'unconfirmed' || state === 'abandoned' ? 'closed' : state}, so there is nothing left to ${verb.split(' ')[0]}. Start a new request with `,
            { code: '/camreset' },
            ' if you need another reset.',
          ],
        ];
      case 'not_submitted':
        return [[`${id} has not been submitted yet; the technician is still entering the details.`]];
      case 'already_submitted':
        return [
          [
            `${id} has already been sent to support, so its details can no longer be changed here. Write any correction in this thread and it will be passed on.`,
          ],
        ];
      case 'claimed_by_other':
        return [
          [
            `${id} is being handled by `,
            // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a claim by another always names them
            { mention: p.other! },
            '. Ask them, or press ',
            { bold: 'Take over' },
            ' to take it over: they will be told.',
          ],
        ];
      case 'already_yours':
        return [[`You have already claimed ${id}.`]];
      case 'not_claimed':
        return [[`Nobody has claimed ${id}, so there is no claim to ${verb}.`]];
      case 'not_holder':
        return [
          [
            `${id} is claimed by `,
            // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a claim by another always names them
            { mention: p.other! },
            '; only they can release it. Press ',
            { bold: 'Take over' },
            ' to take it over: they will be told.',
          ],
        ];
      case 'puk_already_sent':
        return p.other
          ? [
              [
                `The PUK for ${id} was already sent by `,
                { mention: p.other },
                ...(p.at ? [' at ', { time: p.at }] : []),
                '. If it did not work, the technician can report that and the request comes back.',
              ],
            ]
          : [[`The PUK for ${id} has already been sent.`]];
      case 'expired':
        return [
          [
            `The challenge code of ${id} has expired. The technician has to generate a new one on the camera and paste it in the request thread; then it comes back to support.`,
          ],
        ];
      case 'not_with_support':
        return [[`${id} is ${state?.replace('_', ' ')}, so you cannot ${verb} it now.`]];
      case 'no_puk_yet':
        return [[`No PUK has been sent for ${id} yet, so there is nothing to ${verb} yet.`]];
      case 'incomplete':
        return [[`${id} still needs the ${(p.missing ?? []).map((f) => FIELD_LABELS[f]).join(', ')} before it can go to support.`]];
      case 'invalid_field':
        return [[p.message ?? 'That value is not valid.']];
      case 'invalid_fields':
        return Object.values(p.fieldErrors ?? {}).flatMap((m) => (m ? [[m]] : []));
      case 'reason_required':
        return [['Please give a reason, so the technician knows what to do next.']];
      case 'empty':
        return [['That message was empty, so nothing was sent.']];
      case 'not_found':
        return [[`I could not find ${p.id ?? 'that request'}. `, { code: '/camreset status' }, ' lists your open requests.']];
      case 'unavailable':
        return [['camreset is temporarily unavailable — your request is safe, try again in a moment.']];
    }
  })();
  const refusal: Refusal = { code, lines };
  if (p.fieldErrors) refusal.fieldErrors = p.fieldErrors;
  if ((code === 'claimed_by_other' || code === 'not_holder') && p.request) {
    refusal.actions = [TAKE_OVER];
    refusal.requestId = p.request.id;
  }
  return refusal;
}
