// What the bot must tell whom after a change, as plain data. The desk produces notices;
// `copy.ts` words them; platforms deliver them to the right place.

import type { Actor, FileRole, RequestFile, Platform, Reader } from './terms.js';
import type { FieldName } from './fields.js';
import type { Aside } from './intake/asides.js';

/**
 * requester: the request's own thread (Slack) or chat (Teams), visible to whoever is there.
 * requester_private: only the technician (Slack DM with the bot, Teams 1:1 chat).
 * support: the support card's thread.
 * card: the support card itself, posted once and then updated in place.
 */
export type Audience = 'requester' | 'requester_private' | 'support' | 'card';

/** The documents support can ask the technician for; the forms of every platform offer these. */
export const DOCUMENT_KINDS = ['invoice', 'proof_of_ownership', 'authorization_letter', 'label_photo'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** Whether a value (a form's choice, a stored question) names one of those documents. */
export const isDocumentKind = (kind: string | undefined): kind is DocumentKind =>
  (DOCUMENT_KINDS as readonly (string | undefined)[]).includes(kind);

/** Free text relayed between technician and support (a question, a reason, a note) is cut here; the forms stop there too. */
export const MAX_RELAY_CHARS = 3000;

export type ChallengeNews = 'same' | 'replaced';

export interface FieldIssue {
  field: FieldName;
  input?: string;
  message: string;
}

export type Notice =
  | { audience: 'requester'; kind: 'welcome'; missing: FieldName[] }
  | {
      audience: 'requester';
      kind: 'intake_reply';
      accepted: Array<{ field: FieldName; value: string }>;
      errors: FieldIssue[];
      warnings: FieldIssue[];
      missing: FieldName[];
      photoAdded: boolean;
      understood: boolean;
      /** The code in the message was the one already held ('same'), or replaced it ('replaced'). */
      challengeNews?: ChallengeNews;
      /** The end of the message was too long to read: the writer is told, so they send it again. */
      unread?: true;
      /** Instead of the value asked for (the first missing field), "wait" or "I can't read it": answered, never stored. */
      aside?: Aside;
    }
  | { audience: 'requester'; kind: 'summary'; warnings: FieldIssue[]; challengeNews?: ChallengeNews; unread?: true }
  /** The technician sent the code the request already has: nothing changed. */
  | { audience: 'requester'; kind: 'same_code' }
  /**
   * A message that was only a new code, after submission: is it one? (Yes replaces the code.)
   * Never stored: a reply that changes nothing is delivered at once, not kept as pending.
   */
  | { audience: 'requester'; kind: 'confirm_code'; code: string; ageMs?: number }
  | { audience: 'requester'; kind: 'edit_help' }
  | { audience: 'requester'; kind: 'submitted' }
  /** Submitted, but support cannot be reached yet: the request waits for it (then `submitted` follows). */
  | { audience: 'requester'; kind: 'support_waiting' }
  | { audience: 'requester'; kind: 'claimed'; agent: Actor }
  | { audience: 'requester'; kind: 'question'; from: Actor; text: string }
  | { audience: 'requester'; kind: 'document_requested'; from: Actor; document: DocumentKind; note?: string }
  | { audience: 'requester'; kind: 'puk_sent_note'; agent: Actor }
  /** The PUK itself is read from the request when worded, so no secret sits in a pending notice. */
  | { audience: 'requester_private'; kind: 'puk'; camera?: number }
  /**
   * `label` names the configured offset ('15m'); `remainingMs` is the truth at sending time.
   * `unclaimed`: nobody has claimed it at its first warning, so support's copy calls the whole
   * support group (Slack user group, Teams channel), not just whoever watches the thread.
   */
  | { audience: 'requester' | 'support'; kind: 'warning'; label: string; remainingMs: number; expiresAt: number; unclaimed?: boolean }
  | { audience: 'requester'; kind: 'puk_reminder'; remainingMs: number; expiresAt: number }
  | { audience: 'requester' | 'support'; kind: 'expired' }
  /** The window ran out after the PUK went out without "Reset worked": ask, do not start over. */
  | { audience: 'requester' | 'support'; kind: 'reset_check' }
  /** Closed after REQUEST_IDLE_CLOSE of quiet: a PUK nobody confirmed, or a request nobody came back to. */
  | { audience: 'requester' | 'support'; kind: 'closed'; outcome: 'unconfirmed' | 'abandoned' }
  /** The agent who held the claim let go (`from` released) or another agent took it over (`by`). */
  | { audience: 'support'; kind: 'claim_released'; from: Actor }
  | { audience: 'support'; kind: 'claim_taken'; from: Actor; by: Actor }
  /** A reader's notices keep failing to arrive: `reader` on `platform` could not be reached since `since`. */
  | { audience: 'support'; kind: 'undelivered'; reader: Reader; platform: Platform; since: number }
  /** Back with support: a new code came (`new_challenge`, also when unset: notices stored before the reason was kept), or the PUK did not work. */
  | { audience: 'requester'; kind: 'reopened'; reason?: 'new_challenge' | 'reset_failed' }
  | { audience: 'support'; kind: 'reopened'; reason: 'new_challenge' | 'reset_failed'; note?: string }
  | { audience: 'requester'; kind: 'rejected'; by: Actor; reason: string }
  | { audience: 'requester'; kind: 'cancelled' }
  | { audience: 'requester'; kind: 'completed' }
  | { audience: 'requester'; kind: 'relayed' }
  | { audience: 'support'; kind: 'relay'; from: Actor; text: string; files: RequestFile[] }
  | { audience: 'support'; kind: 'ticket_recorded'; by: Actor; ticket: string }
  /** A shared file could not be copied into the support card's thread; nothing else changed. */
  /** `name`: the file's own, when it has one. */
  | { audience: 'requester' | 'support'; kind: 'file_failed'; name?: string; role: FileRole }
  /** An agent's thread reply was taken as the PUK: say so, so nobody sends it twice. */
  | { audience: 'support'; kind: 'puk_taken'; agent: Actor }
  | { audience: 'card'; kind: 'card' }
  // A site (a request with cameras, issue 15). Cameras are named by their number `n`.
  /** What a site paste did: cameras added or updated, rows refused (each with its problems), fields shared. */
  | {
      audience: 'requester';
      kind: 'site_intake';
      added: number[];
      updated: number[];
      /** `text`: the row as pasted, its code masked (first4…last4), cut. */
      bad: Array<{ row: number; errors: FieldIssue[]; text?: string }>;
      /** Fields given once and applied to `to` cameras that lacked them. */
      shared: Array<{ field: FieldName; value: string; to: number[] }>;
      warnings: Array<{ n: number; message: string }>;
      /** The paste had more cameras than BATCH_MAX allows: nothing was taken. */
      tooMany?: { got: number; max: number };
      understood: boolean;
      unread?: true;
    }
  /** Camera `n` was added by "Another camera": what to send for it. */
  | { audience: 'requester'; kind: 'site_next_camera'; n: number }
  /** Codes of `cameras` expire soon (`label` the offset); `regenerate`: they cannot all be answered in time, renew them in this order. */
  | {
      audience: 'requester' | 'support';
      kind: 'site_warning';
      cameras: number[];
      label: string;
      remainingMs: number;
      expiresAt: number;
      unclaimed?: boolean;
      regenerate?: boolean;
    }
  /** The PUKs of `cameras` went out and their codes run out soon: type them in now. */
  | { audience: 'requester'; kind: 'site_puk_reminder'; cameras: number[]; remainingMs: number; expiresAt: number }
  /** The codes of `cameras` ran out without a PUK (`afterPuk`: after theirs went out, outcome unknown). */
  | { audience: 'requester' | 'support'; kind: 'site_expired'; cameras: number[]; afterPuk: number[] }
  /** The PUKs of `cameras` went out (`by`); `open` still wait for one. */
  | { audience: 'support'; kind: 'site_puks_sent'; by: Actor; cameras: number[]; open: number[] }
  | { audience: 'requester'; kind: 'site_puks_sent'; by: Actor; cameras: number[] }
  /** New codes came for `cameras`; `unplaced`: codes the bot could not tie to a camera of the site. */
  | { audience: 'requester'; kind: 'site_codes'; cameras: number[]; unplaced: number }
  | { audience: 'support'; kind: 'site_codes'; cameras: number[] }
  /** The technician said camera `n` worked (`ok`) or did not. */
  | { audience: 'requester' | 'support'; kind: 'site_outcome'; n: number; ok: boolean; note?: string };

export type NoticeKind = Notice['kind'];
